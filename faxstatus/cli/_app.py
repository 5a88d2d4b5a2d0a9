"""The ``faxstatus`` command: query, decode, encode and validate messages, run the simulator.

Imports are deferred to the command that needs them, so ``faxstatus decode`` starts without
httpx (start-up time matters for a tool run once per captured file). Each subcommand lives
in its own module and adds itself to the parser through ``register``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from .._redact import visible
from . import (
    _check,
    _codec_cmds,
    _conformance,
    _diff,
    _fmt,
    _proxy,
    _replay,
    _serve,
    _status,
    _watch,
)
from ._common import Fail, Parser, Usage

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``faxstatus`` command."""
    from faxstatus import __version__

    p = Parser(
        prog="faxstatus",
        description="Concord FaxWS v5 status toolkit: query, watch, decode, encode, validate, "
        "simulate.",
    )
    p.add_argument("--version", action="version", version=f"faxstatus {__version__}")
    p.add_argument(
        "-v",
        "--verbose",
        dest="log_verbose",
        action="count",
        default=0,
        help="log what the library does to stderr",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    for module in (
        _status,
        _watch,
        _check,
        _codec_cmds,
        _fmt,
        _diff,
        _proxy,
        _replay,
        _serve,
        _conformance,
    ):
        module.register(sub)
    for sp in sub.choices.values():
        sp.set_defaults(subparser=sp)  # usage errors raised later print this command's usage
        if "-v" not in sp._option_string_actions:  # -v after the subcommand too
            sp.add_argument(
                "-v",
                "--verbose",
                dest="log_verbose",
                action="count",
                default=argparse.SUPPRESS,
                help="log what the library does to stderr",
            )
    return p


class _VisibleFormatter(logging.Formatter):
    """Log lines with control characters shown, not obeyed (they may quote a server)."""

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record, through :func:`visible`."""
        return visible(super().format(record))


def _quiet_stdout() -> None:
    # stdout's reader went away (`| head`): point stdout at /dev/null so that the final flush
    # at exit cannot raise again (Python's own advice for SIGPIPE).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


#: Exit status after stdout's reader closed the pipe: 128 + SIGPIPE, as a shell reports a
#: tool that SIGPIPE ended.
EXIT_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.log_verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_VisibleFormatter("%(name)s: %(message)s"))
        logger = logging.getLogger("faxstatus")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except Usage as exc:
        command_parser: argparse.ArgumentParser = getattr(args, "subparser", parser)
        command_parser.error(visible(str(exc)))
    except Fail as exc:
        print(f"faxstatus: {visible(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        return 130
