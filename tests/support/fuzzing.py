"""The bounded atheris smoke that make test runs on every fuzz target (fuzz/fuzz_NAME.py)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .paths import ROOT

#: Skips a smoke, with the reason, only where atheris is absent.
needs_atheris = pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed (pip install atheris==3.0.0; make fuzz installs it)",
)


def atheris_smoke(
    target: str, tmp_path: Path, runs: int, *options: str, input_timeout: int = 20
) -> None:
    """Run fuzz/fuzz_TARGET.py coverage-guided for *runs* inputs (seed 1) and assert it held.

    libFuzzer exits 0 only when every input held the target's property; a crash is written
    to *tmp_path*, never the repository. *options* go before the libFuzzer flags (e.g.
    ``--decoder json``); *input_timeout* is libFuzzer's bound on one input, in seconds.
    """
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / f"fuzz_{target}.py"),
            *options,
            "--corpus",
            str(tmp_path / "corpus"),
            f"-runs={runs}",
            "-max_len=4096",
            "-rss_limit_mb=2048",
            f"-timeout={input_timeout}",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert proc.returncode == 0 and not crashes, proc.stderr[-3000:]
    # libFuzzer checks -runs between mutation batches, so a run may end past it.
    done = re.search(r"^Done (\d+) runs", proc.stderr, re.M)
    assert done is not None and int(done.group(1)) >= runs, proc.stderr[-3000:]
