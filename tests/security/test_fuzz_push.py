"""The push receiver's fuzz regression corpus (fuzz/corpus/push-regressions/) replayed, and a smoke.

Each hostile or malformed push is run through tests/support/push_check.py: the receiver
answers 200 (one notification stored), 400 or 413 (nothing stored), never a traceback, under
every way the first byte can deliver it. The smoke runs fuzz/fuzz_push.py coverage-guided for a
bounded number of inputs; it is skipped, with the reason, only where atheris is absent.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.paths import ROOT
from ..support.push_check import MODES, check_push_input

pytestmark = pytest.mark.slow

REGRESSIONS = ROOT / "fuzz" / "corpus" / "push-regressions"
CASES = sorted(REGRESSIONS.iterdir())
SMOKE_RUNS = 1500


def test_the_regression_corpus_is_kept() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_regression_case(path: Path) -> None:
    data = path.read_bytes()
    check_push_input(data)
    for first in range(2 * len(MODES)):  # every flavour, plain and gzip-coded
        check_push_input(bytes([first]) + data[1:])


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed (pip install atheris==3.0.0; make fuzz installs it)",
)
def test_atheris_smoke(tmp_path: Path) -> None:
    """A bounded coverage-guided run: libFuzzer exits 0 only when every input held the
    property (a crash is written to tmp_path, not the repository)."""
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_push.py"),
            "--corpus",
            str(tmp_path / "corpus"),
            f"-runs={SMOKE_RUNS}",
            "-max_len=4096",
            "-rss_limit_mb=2048",
            "-timeout=60",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/crash-",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert proc.returncode == 0 and not crashes, proc.stderr[-3000:]
    assert f"Done {SMOKE_RUNS} runs" in proc.stderr
