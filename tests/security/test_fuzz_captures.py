"""The capture parser's and HAR reader's fuzz regression corpora replayed, and atheris smokes.

fuzz/corpus/capture-regressions/ and fuzz/corpus/har-regressions/ hold every hostile or
malformed input found for these targets (``make fuzz`` writes crashes there); each is run
through its target's check here (tests/support/capture_check.py): a result, or one line on
stderr and exit 1. The smokes run fuzz/fuzz_capture.py and fuzz/fuzz_har.py coverage-guided
for a bounded number of inputs; they are skipped, with the reason, only where atheris is absent.
"""

from __future__ import annotations

import pytest

from ..support.capture_check import check_capture_input, check_har_input
from ..support.fuzzing import atheris_smoke, needs_atheris
from ..support.paths import ROOT

pytestmark = pytest.mark.slow

CORPUS = ROOT / "fuzz" / "corpus"
CHECKS = {"capture": check_capture_input, "har": check_har_input}
CASES = [(t, p) for t in CHECKS for p in sorted((CORPUS / f"{t}-regressions").iterdir())]
SMOKE_RUNS = 1500


@pytest.mark.parametrize("target", list(CHECKS))
def test_the_regression_corpus_is_kept(target):
    assert len(list((CORPUS / f"{target}-regressions").iterdir())) >= 10


@pytest.mark.parametrize(("target", "path"), CASES, ids=[f"{t}/{p.name}" for t, p in CASES])
def test_regression_case(target, path):
    data = path.read_bytes()
    CHECKS[target](data)
    for first in range(4):  # under each --entry (capture) and as file and mutation (HAR)
        CHECKS[target](bytes([first]) + data[1:])


@needs_atheris
@pytest.mark.parametrize("target", list(CHECKS))
def test_atheris_smoke(target, tmp_path):
    """A bounded coverage-guided run holds the property."""
    atheris_smoke(target, tmp_path, SMOKE_RUNS, input_timeout=60)
