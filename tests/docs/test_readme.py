"""Every ``python`` and ``sh`` block of the README runs exactly as written and exits 0.

The README's examples talk to ``faxstatus serve`` at its default address, so this module
starts exactly that command (port 8080) and skips, saying why, when the port is taken. Each
block runs in a fresh process from the repository root, with no FAXSTATUS_* variables and no
names added: what a reader who copies the block gets.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..support.helpers import FIXED_EPOCH_ARG
from ..support.paths import ROOT

pytestmark = pytest.mark.slow

SPEED = 30

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [
    (m.group(1), m.group(2), README.count("\n", 0, m.start()) + 1)
    for m in re.finditer(r"^```(python|sh)\n(.*?)^```$", README, re.DOTALL | re.MULTILINE)
]
BIN = str(Path(sys.executable).parent)  # where the faxstatus command is installed


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAXSTATUS_")}
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    return env


@pytest.fixture(scope="module")
def serve() -> Iterator[subprocess.Popen[str]]:
    # The examples' server as the README starts it, plus a fixed epoch (no example's output
    # depends on today's date) and jobs that advance 30 times faster than real time, so the
    # watch example sees its job finish in about a second instead of half a minute.
    proc = subprocess.Popen(
        [sys.executable, "-m", "faxstatus", "serve", FIXED_EPOCH_ARG, f"--speed={SPEED}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    if "http://127.0.0.1:8080/fax/v5" not in first:
        proc.wait(timeout=10)
        err = proc.stderr.read().strip()
        proc.stdout.close()
        proc.stderr.close()
        if "cannot listen on 127.0.0.1:8080" in err:
            pytest.skip(f"the README's examples need port 8080 for `faxstatus serve`: {err}")
        raise AssertionError(f"faxstatus serve did not start: {first!r} {err!r}")
    yield proc
    proc.terminate()
    proc.communicate(timeout=10)


def test_the_readme_has_runnable_examples() -> None:
    kinds = [k for k, _, _ in BLOCKS]
    assert kinds.count("python") >= 5 and kinds.count("sh") >= 3
    # Blocks fenced otherwise are maintenance commands, never the user examples.
    for m in re.finditer(r"^```shell\n(.*?)^```$", README, re.DOTALL | re.MULTILINE):
        assert not re.search(r"faxstatus (status|watch|check)\b", m.group(1))


@pytest.mark.parametrize(("kind", "code", "line"), BLOCKS, ids=[f"line{b[2]}" for b in BLOCKS])
def test_block_runs_as_written(serve, tmp_path, kind, code, line) -> None:
    if kind == "python":
        script = tmp_path / f"readme_line{line}.py"
        script.write_text(code, encoding="utf-8")
        argv = [sys.executable, str(script)]
    else:
        argv = ["bash", "-eu", "-c", code]
    result = subprocess.run(
        argv, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=180, check=False
    )
    where = f"README.md line {line} ({kind})"
    assert result.returncode == 0, f"{where} exited {result.returncode}:\n{result.stderr}"
    assert "Traceback" not in result.stderr, f"{where}:\n{result.stderr}"
    for secret in ("demo-secret", "sim-"):
        assert secret not in result.stdout + result.stderr.replace("demo-secret\n", ""), where
    _check_output(code, result.stdout, result.stderr)


def _check_output(code: str, out: str, err: str) -> None:
    """What the prose around each block promises, checked on its output."""
    if 'ids = ["br1000000001", "br1000000003"' in code:  # the quickstart
        assert "br1000000001 succeeded 3/3 pages" in out
        assert "br1000000003 failed" in out
        assert "JRI-INV-1001 succeeded" in out
        assert "br9999999999 not_found -> job 'br9999999999'" in out
        assert "x-ch-activity-id" in out and "1 without a status" in out
    if "AsyncFaxStatusClient" in code:
        assert "6 found, 244 not found, in 3 requests" in out
    if "OAuth2(" in code:
        assert out.count("succeeded") == 3 and "fetched 1 token" in out
    if "client.watch(" in code:
        assert "br1000000002 succeeded 12/12" in out and "all final: ['succeeded'" in out
    if "faxstatus check" in code:
        assert "FaxWS simulator OK" in out and "exit status 3 (3: an id was not found)" in out
        assert "br1000000001 succeeded" in out.replace("  ", " ") or "succeeded" in out
        assert "done: 2/2 final" in out and "> POST " in err and "strPIN>***<" in err
    if "FAXSTATUS_CLIENT_ID" in code:
        assert "client_credentials grant gave a token" in err and "succeeded" in out
    if "faxstatus validate" in code:
        assert "valid (RealTimeFaxStatusExResponse)" in out
