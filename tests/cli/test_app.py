"""The faxstatus command itself: usage errors, help, --version, python -m, closed pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import faxstatus
from faxstatus.cli import main

from ..support.cli import run_cli as run
from ..support.paths import ROOT, VECTORS

EX_SOAP12 = VECTORS / "GetRealTimeFaxStatusEx" / "soap12"

pytestmark = pytest.mark.usefixtures("clean_env")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["nope"],
        ["status"],
        ["status", "br1", "--user", "u"],
        ["status", "br1", "--pin", "p", "--user", "u", "--content-type", "yaml"],
        ["status", "br1", "--token", "t", "--pin", "p", "--user", "u"],
        ["encode", "x"],
    ],
)
def test_usage_errors_exit_2_with_usage(capsys, monkeypatch, argv):
    monkeypatch.delenv("FAXSTATUS_USER", raising=False)
    monkeypatch.delenv("FAXSTATUS_PIN", raising=False)
    monkeypatch.delenv("FAXSTATUS_TOKEN", raising=False)
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err
    assert info.value.code == 2 and err.startswith("usage: faxstatus")


@pytest.mark.parametrize(
    ("argv", "usage", "mistake"),
    [
        (["status", "", "--user", "u", "--pin", "p"], "status [options] [JOBID ...]", "empty"),
        (["status", "br1", "--batch-size", "0"], "status [options] [JOBID ...]", "--batch-size"),
        (
            ["status", "br1", "--endpoint", "not-a-url", "--user", "u", "--pin", "p"],
            "status [options] [JOBID ...]",
            "endpoint must be an http(s) URL",
        ),
        (["serve", "--path", "nope"], "serve [options]", "must start with '/', not 'nope'"),
        (["proxy", "--upstream", "notaurl"], "proxy [options]", "--upstream must be an http(s)"),
        (["demo", "--user", ""], "demo [options]", "--user must not be empty"),
        (["decode", "--entry", "x"], "decode [options] [FILE]", "expected an entry number"),
        ([], "[options] COMMAND ...", "required: COMMAND"),
        (
            ["proxy", "--upstream", "http://127.0.0.1:9/", "--keep", "-5"],
            "proxy [options]",
            "--keep: must be at least 1",
        ),
        (["replay", "x.har", "--timeout", "-1"], "replay [options] FILE.har", "--timeout"),
    ],
)
def test_usage_errors_are_two_lines_and_exit_2(capsys, argv, usage, mistake):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    first, second = err.splitlines()  # one usage line, one line naming the mistake
    assert first == f"usage: faxstatus {usage}"
    assert second.startswith("faxstatus") and ": error: " in second and mistake in second


@pytest.mark.parametrize("cmd", ["status", "decode", "encode", "validate", "serve", "demo"])
def test_help_for_every_command(capsys, cmd):
    with pytest.raises(SystemExit) as info:
        main([cmd, "--help"])
    assert info.value.code == 0 and f"usage: faxstatus {cmd}" in capsys.readouterr().out


def test_version_from_one_source(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"faxstatus {faxstatus.__version__}"
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject


def test_python_dash_m_entry_point():
    out = subprocess.run(
        [sys.executable, "-m", "faxstatus", "decode", str(EX_SOAP12 / "request.xml")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["GetRealTimeFaxStatusEx"]["UserID"] == "mbx1234567890"


def _head(argv: list[str], lines: int = 2, **kw) -> tuple[int, str, list[bytes]]:
    """Run the command as `faxstatus … | head -N` would: read N lines, then close the pipe."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "faxstatus", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kw,
    )
    assert proc.stdout is not None and proc.stderr is not None
    head = [proc.stdout.readline() for _ in range(lines)]
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    return proc.wait(timeout=60), err, head


@pytest.mark.slow
def test_closed_stdout_pipe_exits_quietly(tmp_path, server):
    from faxstatus.codec import encode

    from ..support.samples import response

    big = response("GetRealTimeFaxStatusEx")
    big.fax_status_list.item = big.fax_status_list.item * 2000
    f = tmp_path / "big.xml"
    f.write_bytes(encode(big, "soap12").body)
    # decode writes its output at once; CPython may drop the tail of a single write cut by
    # EPIPE without raising, so the status is 141 or 0, but never a traceback.
    code, err, head = _head(["decode", str(f)])
    assert code in (0, 141) and err == "" and head[0].startswith(b"{")
    ids = tmp_path / "ids.txt"
    ids.write_text("".join(f"br{i:010d}\n" for i in range(3000)))
    argv = ["status", "--ids-file", str(ids), "--json", "--endpoint", server.url]
    env = {**os.environ, "FAXSTATUS_USER": "demo-user", "FAXSTATUS_PIN": "demo-pin"}
    code, err, head = _head(argv, env=env)
    # status --json is one write too: 141, or its own status (3: these ids are unknown).
    assert code in (3, 141) and err == "" and head[1].startswith(b'  "operation"')
