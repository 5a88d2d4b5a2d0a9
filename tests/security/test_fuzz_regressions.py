"""The fuzz regression corpus (fuzz/corpus/regressions/) replayed, and a bounded atheris smoke.

Every input a fuzzer ever crashed on is committed there (``make fuzz`` writes crashes into
that folder) and decoded here under every content type and in every mode: only a
CodecError may come out. The smoke runs fuzz/fuzz_decode.py coverage-guided for a few
thousand inputs per decoder; it is skipped, with the reason, only where atheris is absent.
"""

from __future__ import annotations

import pytest

from ..support.codec_check import FUZZ_CTYPES, check_fuzz_input
from ..support.fuzzing import atheris_smoke, needs_atheris
from ..support.paths import ROOT

pytestmark = pytest.mark.slow

REGRESSIONS = ROOT / "fuzz" / "corpus" / "regressions"
CASES = sorted(REGRESSIONS.iterdir())
SMOKE_RUNS = 3000


def test_the_regression_corpus_is_kept():
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_regression_case_decodes_or_raises_a_codec_error(path):
    data = path.read_bytes()
    check_fuzz_input(data)  # as the harness reads it
    for ctype in FUZZ_CTYPES:  # and under every decoder, as --decoder would
        for mode in (0x00, 0x10, 0x20):
            check_fuzz_input(bytes([mode]) + data[1:], ctype, fixed=True)


@needs_atheris
@pytest.mark.parametrize("decoder", ["detect", "soap12", "soap11", "xml", "json"])
def test_atheris_smoke(decoder, tmp_path):
    """A few thousand coverage-guided inputs per decoder hold the property."""
    atheris_smoke("decode", tmp_path, SMOKE_RUNS, "--decoder", decoder)
