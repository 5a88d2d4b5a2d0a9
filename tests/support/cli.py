"""The faxstatus command run in-process, for tests of its output and exit status."""

from __future__ import annotations

import pytest


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``faxstatus *argv`` in-process: (exit status, stdout, stderr); usage exits included."""
    from faxstatus.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def free_port() -> int:
    """A loopback port nothing listens on (once the probing socket closes)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def interruptible() -> None:
    """``preexec_fn`` for a child that a test stops with SIGINT (Ctrl-C): SIGINT as default.

    A process started in the background by a non-interactive shell inherits SIGINT ignored
    (POSIX, asynchronous lists), and Python installs its KeyboardInterrupt handler only where
    SIGINT is not ignored: the child would never see the test's Ctrl-C.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
