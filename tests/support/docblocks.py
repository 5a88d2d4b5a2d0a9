"""Runnable documentation: a page's ``python`` and ``sh`` blocks run in order in one shell.

The README and every page under ``docs/`` share this runner (``tests/docs/test_readme.py``,
``tests/docs/test_pages.py``). A page's examples talk to ``faxstatus serve`` at its default
address, so :func:`serve` starts exactly that command (port 8080) and skips, saying why,
when the port is taken. The blocks of one page run in order in ONE ``bash -eu`` session from
the repository root, started with no FAXSTATUS_* variables: what a reader who follows the
page in one terminal gets, with whatever an earlier block exported still set (a ``python``
block runs as a script from that shell). Each block's output is checked on its own share of
the session's output. A block fenced with any other info string (``text``, ``shell``,
``toml``, …) is shown, not run; a fence with no info string at all is refused, so that
whether a block runs is always said.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
import pytest

from .helpers import FIXED_EPOCH_ARG
from .paths import ROOT

#: Jobs in the examples' simulator advance this many times faster than real time, so the
#: watch example sees its job finish in about a second instead of half a minute.
SPEED = 30
#: The info strings of the blocks that run.
RUN = ("python", "sh")
_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
BIN = str(Path(sys.executable).parent)  # where the faxstatus command is installed
#: What the docs pages' count test found ("N blocks run, …"), for the run's closing summary.
SUMMARY = pytest.StashKey[str]()


@attrs.frozen
class Block:
    """One fenced block of a page: its info string, its text, and the line it starts on."""

    kind: str
    code: str
    line: int


def blocks(text: str) -> list[Block]:
    """Every fenced block of *text*, in order."""
    return [
        Block(m.group(1).strip(), m.group(2), text.count("\n", 0, m.start()) + 1)
        for m in _FENCE.finditer(text)
    ]


def runnable(text: str) -> list[Block]:
    """The blocks of *text* that run: those fenced as ``python`` or ``sh``."""
    return [b for b in blocks(text) if b.kind in RUN]


def env() -> dict[str, str]:
    """The session's environment: no FAXSTATUS_* variable, the faxstatus command on PATH."""
    out = {k: v for k, v in os.environ.items() if not k.startswith("FAXSTATUS_")}
    out["PATH"] = BIN + os.pathsep + out.get("PATH", "")
    return out


@contextmanager
def serve() -> Iterator[subprocess.Popen[str]]:
    """``faxstatus serve`` as the pages start it, plus a fixed epoch and :data:`SPEED`."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "faxstatus", "serve", FIXED_EPOCH_ARG, f"--speed={SPEED}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    if "http://127.0.0.1:8080/fax/v5" not in first:
        proc.wait(timeout=10)
        err = proc.stderr.read().strip()
        proc.stdout.close()
        proc.stderr.close()
        if "cannot listen on 127.0.0.1:8080" in err:
            pytest.skip(f"the examples need port 8080 for `faxstatus serve`: {err}")
        raise AssertionError(f"faxstatus serve did not start: {first!r} {err!r}")
    try:
        yield proc
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


@attrs.frozen
class Ran:
    """What one block of the session did: its exit status (None: it never finished)."""

    status: int | None
    out: str
    err: str


_MARK = "@@faxstatus-doc-block"


def _split(text: str) -> dict[int, str]:
    """Each block's share of *text*, keyed by block number (from its start marker)."""
    parts: dict[int, str] = {}
    for chunk in text.split(f"{_MARK} ")[1:]:
        number, _, rest = chunk.partition("@@\n")
        parts[int(number)] = rest
    return parts


def run_session(page: list[Block], where: Path) -> list[Ran]:
    """Run every block of *page* in order in one ``bash -eu`` session; what each block did."""
    script = ["set -eu"]
    for i, block in enumerate(page):
        code = block.code
        mark = f"echo '{_MARK} {i}@@'; echo '{_MARK} {i}@@' >&2"
        if block.kind == "python":
            path = where / f"block_line{block.line}.py"
            path.write_text(code, encoding="utf-8")
            code = f"{shlex.quote(sys.executable)} {shlex.quote(str(path))}\n"
        script += [mark, code.rstrip("\n"), f"echo '{_MARK}-done {i}@@' >&2"]
    result = subprocess.run(
        ["bash", "-c", "\n".join(script) + "\n"],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    outs, errs = _split(result.stdout), _split(result.stderr)
    ran = []
    for i in range(len(page)):
        err = errs.get(i, "")
        done = f"{_MARK}-done {i}@@\n"
        finished = done in err
        status = 0 if finished else (result.returncode if i in errs else None)
        ran.append(Ran(status, outs.get(i, ""), err.replace(done, "")))
    return ran


def check_block(name: str, page: list[Block], session: list[Ran], index: int) -> None:
    """Block *index* of *page* (from the file *name*) ran, exited 0 and printed what it says."""
    block, ran = page[index], session[index]
    where = f"{name} line {block.line} ({block.kind})"
    if ran.status is None:
        failed = next(page[i].line for i, r in enumerate(session) if r.status not in (0, None))
        pytest.fail(f"{where} never ran: the block at line {failed} ended the session")
    assert ran.status == 0, f"{where} exited {ran.status}:\n{ran.err}"
    assert "Traceback" not in ran.err, f"{where}:\n{ran.err}"
    for secret in ("demo-secret", "sim-"):
        assert secret not in ran.out + ran.err.replace("demo-secret\n", ""), where
    check_output(block.code, ran.out, ran.err)


def check_output(code: str, out: str, err: str) -> None:
    """What the prose around each block promises, checked on its output."""
    if 'ids = ["br1000000001", "br1000000003"' in code:  # the client quickstart
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
    if "faxstatus conformance decoder --batch" in code:
        assert "cases," in out and "0 fail" in out and "passed:" in out
    if "codegen/generate.py --check" in code:
        assert "is up to date" in out + err
    if "strategies.messages(" in code:
        assert "25 generated responses round-trip in every form" in out
    if '--output "$out"' in code:
        assert "0 fail" in out and "conformance-decoder.html" in out
    if "faxstatus status br1000000001 JRI-INV-1001 --json" in code:
        assert "exit status 3 (an id was not found)" in out
