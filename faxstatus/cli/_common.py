"""Shared pieces of the command line: content types, operation names, user errors, input."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

__all__ = ["CONTENT_TYPES", "STATUS_OPS", "Fail", "Parser", "Usage", "read_input"]

CONTENT_TYPES = ("soap12", "soap11", "xml", "json")
STATUS_OPS = (
    "GetRealTimeFaxStatusEx",
    "GetFaxStatus",
    "GetRealTimeFaxStatus",
    "GetRealTimeFaxStatusEx2",
    "GetRealTimeFaxStatusEx3",
)


class Fail(Exception):
    """A user-facing failure: one line on stderr, exit status 1."""


def read_input(path: str) -> bytes:
    """The bytes of *path*, or of stdin for ``-``; a read failure is a :class:`Fail`."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise Fail(f"cannot read {path}: {exc.strerror}") from None


class Usage(Exception):
    """A usage error: the usage line, then exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors print the usage line, then exit 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")
