"""The token-response fuzz corpus (fuzz/corpus/token/) replayed, and a bounded atheris smoke.

Every input the token target ever crashed on is committed in ``regressions/`` (``make fuzz``
writes crashes there), next to the seeds; each is read and parsed here as the client does,
under every status, coding and split the first byte can pick: only an OAuthError or a
DecodeError may come out. The smoke runs fuzz/fuzz_token.py coverage-guided for a few
thousand inputs; it is skipped, with the reason, only where atheris is absent.
"""

from __future__ import annotations

import pytest

from ..support.fuzzing import atheris_smoke, needs_atheris
from ..support.paths import ROOT
from ..support.token_check import check_token_input

pytestmark = pytest.mark.slow

CORPUS = ROOT / "fuzz" / "corpus" / "token"
CASES = sorted(CORPUS.glob("*/*"))
SMOKE_RUNS = 3000


def test_the_regression_corpus_is_kept():
    names = {p.name for p in (CORPUS / "regressions").iterdir()}
    assert {"expires-in-10e400-overflowerror", "nested-arrays-recursionerror"} <= names


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_corpus_case_parses_or_raises_a_typed_error(path):
    data = path.read_bytes()
    check_token_input(data)  # as the target reads it
    for mode in (*range(16), *(m | 0x80 for m in range(16))):  # every status and coding,
        check_token_input(bytes([mode]) + data[1:])  # read whole and split in two


def test_the_seeds_hold_good_answers_too():
    taken = [p.name for p in CASES if check_token_input(p.read_bytes()) is not None]
    assert "good-00" in taken and "good-14" in taken  # identity and gzip


@needs_atheris
def test_atheris_smoke(tmp_path):
    """A few thousand coverage-guided inputs hold the property."""
    atheris_smoke("token", tmp_path, SMOKE_RUNS)
