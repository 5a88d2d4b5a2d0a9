"""The ``faxstatus`` command: query, decode, encode and validate messages, run the simulator.

Start-up time matters for a tool run once per captured file, so only what the command at
hand needs is imported: each subcommand lives in its own module, which adds itself to the
parser through ``register``, and ``main`` imports only the module of the command named on
the command line (all of them for ``--help``, no command or an unknown one, so that the
command list and the "invalid choice" error are complete). Commands import the rest of
the package inside the command.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from .._visible import visible
from ._common import Fail, Parser, Usage

__all__ = ["COMMANDS", "build_parser", "command_named", "main"]

#: Each command, in ``--help`` order: (module under ``faxstatus.cli``, its one-line help).
#: A module may add several commands; a test holds this table to what the modules add.
COMMANDS: dict[str, tuple[str, str]] = {
    "status": ("_status", "query job statuses"),
    "watch": ("_watch", "poll jobs until every one is final"),
    "check": ("_check", "ask the service whether it is up (CheckService)"),
    "decode": ("_codec_cmds", "decode a captured message to its JSON form"),
    "encode": ("_codec_cmds", "encode the JSON form of a message for the wire"),
    "validate": ("_codec_cmds", "validate a message against the XSD"),
    "fmt": ("_fmt", "pretty-print a captured message"),
    "diff": ("_diff", "compare two messages by meaning"),
    "proxy": ("_proxy", "a recording proxy in front of a FaxWS endpoint"),
    "replay": ("_replay", "resend the requests of a HAR file and compare the answers"),
    "listen": ("_listen", "receive push notifications of final fax status"),
    "serve": ("_serve", "run the FaxWS simulator"),
    "demo": ("_serve", "query the embedded simulator over loopback HTTP"),
    "conformance": (
        "_conformance",
        "grade another FaxWS implementation (decoder, encoder, client, server)",
    ),
}


def command_named(argv: Sequence[str]) -> str | None:
    """The command *argv* names when it is certain which one, else None (register them all).

    That is the first argument after the top-level ``-v``/``-vv``…/``--verbose`` (or an
    unambiguous abbreviation of it), when it is a known command. Any other option before it
    (``--help``, ``--version``, a mistake) gives None: argparse then answers exactly as it
    would with every command present.
    """
    for arg in argv:
        if arg.startswith("-") and arg != "-":
            is_verbose = arg[1:] == "v" * (len(arg) - 1) or (
                len(arg) > len("--ver") and "--verbose".startswith(arg)
            )
            if is_verbose:
                continue
            return None
        return arg if arg in COMMANDS else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``faxstatus`` command.

    With *command*, only the module that adds it is imported and registered (the parser
    then knows that module's commands alone); with None, every command is.
    """
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
    wanted = list(COMMANDS) if command is None else [command]
    for module in dict.fromkeys(COMMANDS[name][0] for name in wanted):  # each module once
        importlib.import_module(f".{module}", __package__).register(sub)
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


def _log_to_stderr() -> None:
    """Send the library's log records (DEBUG and up) to stderr, control characters shown.

    Only ``-v`` needs logging: it is imported here, not at start-up.
    """
    import logging

    class VisibleFormatter(logging.Formatter):
        """Log lines with control characters shown, not obeyed (they may quote a server)."""

        def format(self, record: logging.LogRecord) -> str:
            """The formatted record, through :func:`visible`."""
            return visible(super().format(record))

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(VisibleFormatter("%(name)s: %(message)s"))
    logger = logging.getLogger("faxstatus")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


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
    parser = build_parser(command_named(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if args.log_verbose:
        _log_to_stderr()
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
