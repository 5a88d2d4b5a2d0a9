"""The push receiver's fuzz regression corpus (fuzz/corpus/push-regressions/) replayed, and a smoke.

Each hostile or malformed push is run through tests/support/push_check.py: the receiver
answers 200 (one notification stored), 400 or 413 (nothing stored), never a traceback, under
every way the first byte can deliver it. The smoke runs fuzz/fuzz_push.py coverage-guided for a
bounded number of inputs; it is skipped, with the reason, only where atheris is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support.fuzzing import atheris_smoke, needs_atheris
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


@needs_atheris
def test_atheris_smoke(tmp_path: Path) -> None:
    """A bounded coverage-guided run holds the property."""
    atheris_smoke("push", tmp_path, SMOKE_RUNS, input_timeout=60)
