"""The ``faxstatus`` command: query, decode, encode and validate messages, run the simulator.

Imports are deferred to the command that needs them, so ``faxstatus decode`` starts without
httpx (start-up time matters for a tool run once per captured file). Each subcommand lives
in its own module and adds itself to the parser through ``register``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import _codec_cmds, _conformance, _serve, _status
from ._common import Fail, Parser, Usage

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``faxstatus`` command."""
    p = Parser(
        prog="faxstatus",
        description="Concord FaxWS v5 status toolkit: query, decode, encode, validate, simulate.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    for module in (_status, _codec_cmds, _serve, _conformance):
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except Usage as exc:
        parser.error(str(exc))
    except Fail as exc:
        print(f"faxstatus: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
