"""Shared pieces of the command line: content types, operation names, user errors, input."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from ..codec import ContentType
from ..codec._operations import STATUS_OPERATIONS

__all__ = [
    "CONTENT_TYPES",
    "EXIT_FAILED",
    "EXIT_LOOKUP",
    "EXIT_OK",
    "EXIT_USAGE",
    "STATUS_OPS",
    "Fail",
    "Parser",
    "Usage",
    "exit_code",
    "read_input",
]

#: The ``--content-type`` choices: the codec's ContentType values (one table, in the codec).
CONTENT_TYPES = tuple(ct.value for ct in ContentType)
#: The multi-job status operations of the schema (the operation table), the default first.
STATUS_OPS = STATUS_OPERATIONS


#: Exit statuses of ``status``, ``watch`` and ``check`` (the README's "Exit status" table).
EXIT_OK = 0  #: every id answered without a lookup error
EXIT_FAILED = 1  #: transport, authentication or decode failure (or bad input)
EXIT_USAGE = 2  #: a usage error
EXIT_LOOKUP = 3  #: at least one id has a per-item error or is missing from the response


def exit_code(outcomes: Iterable[Any]) -> int:
    """The exit status for a set of JobOutcomes: 0, 3 (per-id errors) or 1 (a batch failed)."""
    from faxstatus.client._results import PER_ID_KINDS

    code = EXIT_OK
    for o in outcomes:
        if o.ok:
            continue
        if o.kind not in PER_ID_KINDS:
            return EXIT_FAILED
        code = EXIT_LOOKUP
    return code


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
