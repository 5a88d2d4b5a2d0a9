"""Shared pieces of the command line: content types, operation names, user errors, input.

Every command imports this module, ``decode`` included: it imports neither the codec nor
the client (start-up time), so the tables below come from the generated layout table and
a test holds them equal to the codec's.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any, BinaryIO, NoReturn

from .._visible import visible
from ..models import layout

__all__ = [
    "CONTENT_TYPES",
    "EXIT_FAILED",
    "EXIT_LOOKUP",
    "EXIT_OK",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "READ_CAP",
    "SIDES",
    "SINGLE_OPS",
    "STATUS_OPS",
    "Fail",
    "Parser",
    "Usage",
    "add_capture_options",
    "add_tls_options",
    "entry_number",
    "exit_code",
    "failure_lines",
    "port_number",
    "positive_factor",
    "positive_float",
    "positive_int",
    "read_input",
    "tls_options",
]

#: The ``--content-type`` choices: the values of the codec's ContentType, in its order
#: (written out because ``codec`` is too heavy to import for a parser; a test compares).
CONTENT_TYPES = ("soap12", "soap11", "xml", "json")
#: The ``--side`` choices: which message of an exchange a capture command reads.
SIDES = ("request", "response")
#: The multi-job status operations of the schema (job ids in a list, one job status per id
#: in the answer), GetRealTimeFaxStatusEx (the default) first: the layout table's list, which
#: the codec's STATUS_OPERATIONS is too.
STATUS_OPS: tuple[str, ...] = layout.STATUS_OPERATIONS
#: The single-id status operations (one JobId in, its status code out: SimpleGetFaxStatus).
SINGLE_OPS: tuple[str, ...] = layout.SINGLE_STATUS_OPERATIONS


#: Exit statuses of ``status``, ``watch`` and ``check`` (docs/cli.md's exit status table).
EXIT_OK = 0  #: every id answered without a lookup error
EXIT_FAILED = 1  #: transport, authentication or decode failure (or bad input)
EXIT_USAGE = 2  #: a usage error
EXIT_LOOKUP = 3  #: at least one id has a per-item error or is missing from the response
#: A --timeout (the whole run's) ran out before the command was done, as timeout(1) exits.
EXIT_TIMEOUT = 124


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


def failure_lines(outcomes: Iterable[Any]) -> list[str]:
    """One ``faxstatus: …`` line per batch failure among *outcomes*, for stderr.

    A failed batch gives each of its ids the same error, so ids are grouped by that error
    (first id and count named); per-id lookup errors are left to the table. Messages are
    the library's own, which never hold a secret; control characters are shown, not obeyed.
    """
    from faxstatus.client._results import PER_ID_KINDS

    groups: dict[object, list[Any]] = {}
    for o in outcomes:
        if not o.ok and o.kind not in PER_ID_KINDS:
            # Every batch not sent after a failure shares one line: its reason is that failure.
            key = "not_sent" if o.kind == "not_sent" else id(o.error)
            groups.setdefault(key, []).append(o)
    lines = []
    for group in groups.values():
        first, n = group[0], len(group)
        which = first.requested_id if n == 1 else f"{first.requested_id} and {n - 1} more"
        kind = first.kind.replace("_", " ")
        lines.append(visible(f"faxstatus: {kind} ({which}): {first.error}"))
    return lines


class Fail(Exception):
    """A user-facing failure: one line on stderr, exit status 1."""


#: The most any command reads from one input (a HAR file may hold many 10 MiB bodies).
READ_CAP = 64 * 1024 * 1024


def _open(path: str) -> BinaryIO:
    """*path* opened for reading, as ``Path(path).open("rb")`` opens it, without pathlib.

    pathlib costs milliseconds of start-up (it imports urllib.parse). It reads a few names
    differently from open() ("" as ".", "file/" as "file"), but only names that open()
    refuses: so where open() fails, pathlib answers, with the error it always gave.
    """
    try:
        return open(path, "rb")
    except OSError:
        from pathlib import Path

        return Path(path).open("rb")


def read_input(path: str, cap: int = READ_CAP) -> bytes:
    """The bytes of *path*, or of stdin for ``-``; a read failure is a :class:`Fail`.

    The cap applies while reading (the guarded boundary's read_bounded): an endless input
    (``/dev/zero``) stops at *cap* bytes, and a file is read in one call, without a copy.
    """
    from .._boundary import read_bounded
    from .._errors import LimitError

    name = "stdin" if path == "-" else path
    try:
        stream = sys.stdin.buffer if path == "-" else _open(path)
    except OSError as exc:
        raise Fail(f"cannot read {path}: {exc.strerror}") from None
    try:
        return read_bounded(stream, cap, name, chunk=cap + 1)
    except LimitError:
        raise Fail(f"{name}: input is over the {cap >> 20} MiB cap; stopped reading") from None
    except OSError as exc:
        raise Fail(f"cannot read {name}: {exc.strerror}") from None
    finally:
        if path != "-":
            stream.close()


def _number(text: str, convert: Any, what: str) -> Any:
    """*text* converted, or the argparse error "expected <what>, got '…'"."""
    try:
        return convert(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1, with the error in the user's terms."""
    value: int = _number(text, int, "a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def entry_number(text: str) -> int:
    """An argparse type: a HAR entry number; entries count from 1, as ``decode`` lists them."""
    value: int = _number(text, int, "an entry number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"entries count from 1, got {value}")
    return value


def add_capture_options(p: argparse.ArgumentParser, *, suffix: str = "", of: str = "") -> None:
    """Add ``--entry N`` and ``--side request|response`` (named with *suffix*, for *of*)."""
    where = f" of {of}" if of else ""
    p.add_argument(
        f"--entry{suffix}",
        type=entry_number,
        metavar="N",
        help=f"only entry N (from 1){where}, a HAR file",
    )
    p.add_argument(
        f"--side{suffix}",
        choices=SIDES,
        help=f"only the requests or only the responses{where} (an HTTP capture or HAR file)",
    )


def positive_float(text: str) -> float:
    """An argparse type: a number of seconds above 0."""
    value: float = _number(text, float, "a number of seconds")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {text}")
    return value


def positive_factor(text: str) -> float:
    """An argparse type: a finite factor above 0 (the simulator's ``--speed``)."""
    value: float = _number(text, float, "a number")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number above 0, got {text}")
    return value


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 (any free port) to 65535."""
    value: int = _number(text, int, "a port number")
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {value}")
    return value


class Usage(Exception):
    """A usage error: the usage line, then exit status 2."""


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` reads it (COLUMNS, then stdout).

    argparse builds a formatter for every ``add_argument`` and, given no width, imports
    shutil (and with it bz2, lzma, fnmatch) to ask: milliseconds of every command's start-up.
    """
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors print one usage line and the mistake, then exit 2."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse's own, with the width it would compute itself (less 2, as it does).
        make: Any = self.formatter_class  # typeshed's protocol names prog alone
        formatter: argparse.HelpFormatter = make(prog=self.prog, width=_columns() - 2)
        return formatter

    def short_usage(self) -> str:
        """``usage: faxstatus status [options] [JOBID ...]``: one line, options summarised.

        The full usage (every option) is ``--help``'s; after a mistake a single line
        naming the positionals and the mistake itself are easier to read.
        """
        formatter = self._get_formatter()
        positionals = [
            formatter._format_args(a, a.dest)  # argparse's own rendering
            for a in self._get_positional_actions()
            if a.help is not argparse.SUPPRESS
        ]
        return " ".join(["usage:", self.prog, "[options]", *positionals])

    def error(self, message: str) -> NoReturn:
        """Print the one-line usage and *message* on stderr; exit 2."""
        sys.stderr.write(self.short_usage() + "\n")
        self.exit(2, f"{self.prog}: error: {message}\n")


def add_tls_options(p: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Add ``--cacert`` and ``--no-proxy-env``: how a command that talks to a server reaches it.

    By default the system's trust store and the proxy settings of the environment apply
    (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``, ``SSL_CERT_FILE``), as in curl.
    """
    p.add_argument(
        "--cacert",
        metavar="FILE",
        help="trust only the CAs of this PEM bundle for https (a private CA, a debugging "
        "proxy's); the system's trust store otherwise",
    )
    p.add_argument(
        "--no-proxy-env",
        dest="trust_env",
        action="store_false",
        help="ignore HTTPS_PROXY/HTTP_PROXY/NO_PROXY and SSL_CERT_FILE (honoured by default)",
    )


def tls_options(args: argparse.Namespace) -> dict[str, Any]:
    """The ``cacert`` and ``trust_env`` keywords that :func:`add_tls_options` parsed."""
    cacert = getattr(args, "cacert", None)
    if cacert is not None:
        try:
            with open(cacert, "rb"):
                pass
        except OSError as exc:
            raise Usage(f"--cacert {cacert}: {exc.strerror or exc}") from None
    return {"cacert": cacert, "trust_env": getattr(args, "trust_env", True)}
