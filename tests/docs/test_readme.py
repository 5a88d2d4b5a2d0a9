"""Every ``python`` and ``sh`` block of the README runs exactly as written, in order, and exits 0.

The README's examples talk to ``faxstatus serve`` at its default address, so this module
starts exactly that command (port 8080) and skips, saying why, when the port is taken. The
blocks run in order in ONE shell session from the repository root, started with no
FAXSTATUS_* variables: what a reader who follows the page in one terminal gets, with
whatever an earlier block exported still set (a ``python`` block runs as a script from that
shell). Each block's output is checked on its own share of the session's output.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
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


@attrs.frozen
class Ran:
    """What one block of the session did: its exit status (None: it never finished)."""

    status: int | None
    out: str
    err: str


_MARK = "@@faxstatus-readme-block"


def _split(text: str) -> dict[int, str]:
    """Each block's share of *text*, keyed by block number (from its start marker)."""
    parts: dict[int, str] = {}
    for chunk in text.split(f"{_MARK} ")[1:]:
        number, _, rest = chunk.partition("@@\n")
        parts[int(number)] = rest
    return parts


@pytest.fixture(scope="module")
def session(serve: subprocess.Popen[str], tmp_path_factory: pytest.TempPathFactory) -> list[Ran]:
    """Run every block in order in one ``bash -eu`` session; what each block did."""
    where = tmp_path_factory.mktemp("readme")
    script = ["set -eu"]
    for i, (kind, code, line) in enumerate(BLOCKS):
        mark = f"echo '{_MARK} {i}@@'; echo '{_MARK} {i}@@' >&2"
        if kind == "python":
            path = where / f"readme_line{line}.py"
            path.write_text(code, encoding="utf-8")
            code = f"{shlex.quote(sys.executable)} {shlex.quote(str(path))}\n"
        script += [mark, code.rstrip("\n"), f"echo '{_MARK}-done {i}@@' >&2"]
    result = subprocess.run(
        ["bash", "-c", "\n".join(script) + "\n"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    outs, errs = _split(result.stdout), _split(result.stderr)
    ran = []
    for i in range(len(BLOCKS)):
        err = errs.get(i, "")
        done = f"{_MARK}-done {i}@@\n"
        finished = done in err
        status = 0 if finished else (result.returncode if i in errs else None)
        ran.append(Ran(status, outs.get(i, ""), err.replace(done, "")))
    return ran


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=[f"line{b[2]}" for b in BLOCKS])
def test_block_runs_in_order_in_one_shell(session: list[Ran], index: int) -> None:
    kind, code, line = BLOCKS[index]
    ran = session[index]
    where = f"README.md line {line} ({kind})"
    if ran.status is None:
        failed = next(BLOCKS[i][2] for i, r in enumerate(session) if r.status not in (0, None))
        pytest.fail(f"{where} never ran: the block at line {failed} ended the session")
    assert ran.status == 0, f"{where} exited {ran.status}:\n{ran.err}"
    assert "Traceback" not in ran.err, f"{where}:\n{ran.err}"
    for secret in ("demo-secret", "sim-"):
        assert secret not in ran.out + ran.err.replace("demo-secret\n", ""), where
    _check_output(code, ran.out, ran.err)


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
    if "export FAXSTATUS_CLIENT_ID" in code:
        assert "client_credentials grant gave a token" in err and "succeeded" in out
    if "--check-scenario" in code:
        assert "matches rule 1 'busy': throttle HTTP 429, Retry-After 5" in out
    if "faxstatus validate" in code:
        assert "valid (RealTimeFaxStatusExResponse)" in out
