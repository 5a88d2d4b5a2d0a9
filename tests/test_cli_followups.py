"""The command line after a newcomer's first hour: failures on stderr, usage errors, refusals."""

from __future__ import annotations

import json
import socket

import pytest

from faxstatus.cli import main

ENV = (
    "FAXSTATUS_ENDPOINT",
    "FAXSTATUS_USER",
    "FAXSTATUS_TOKEN",
    "FAXSTATUS_PIN",
    "FAXSTATUS_CLIENT_ID",
    "FAXSTATUS_CLIENT_SECRET",
    "FAXSTATUS_TOKEN_URL",
    "FAXSTATUS_USERNAME",
    "FAXSTATUS_PASSWORD",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens here once the socket closes


# -- a failed batch: the row on stdout, one line on stderr ----------------------------------


@pytest.mark.parametrize("command", ["status", "watch"])
def test_a_transport_failure_is_one_line_on_stderr(capsys, command):
    endpoint = f"http://127.0.0.1:{_closed_port()}/fax/v5"
    argv = [command, "br1000000001", "br1000000002", "--user", "u", "--pin", "p"]
    argv += ["--endpoint", endpoint, "--attempts", "1"]
    if command == "watch":  # a transport failure may pass: watch polls on until its timeout
        argv += ["--timeout", "0.5", "--interval", "0.1"]
    code, out, err = run(capsys, *argv)
    assert code == 1 and "transport" in out  # the row stays in the table
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("faxstatus: transport (br1000000001 and 1 more): ConnectError")
    code, out, err = run(capsys, *argv, "--json")
    assert code == 1 and json.loads(out)["results"][0]["error"]["kind"] == "transport"
    assert len(err.splitlines()) == 1 and "ConnectError" in err


@pytest.mark.parametrize("command", ["status", "watch"])
def test_a_wrong_pin_is_one_line_on_stderr_without_the_pin(capsys, server, command):
    argv = [command, "br1000000001", "br1000000002", "--batch-size", "1"]
    argv += ["--endpoint", server.url, "--user", "demo-user", "--pin", "wrong-pin-4711"]
    code, out, err = run(capsys, *argv)
    assert code == 1 and "Authentication failed" in out
    lines = err.splitlines()
    assert lines[0] == "faxstatus: auth (br1000000001): FaxWS error -1000: Authentication failed"
    # the batches not sent after it share one line, whatever their number
    assert len(lines) == 2 and lines[1].startswith("faxstatus: not sent (br1000000002)")
    assert "wrong-pin-4711" not in out + err
