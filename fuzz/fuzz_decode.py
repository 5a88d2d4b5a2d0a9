"""Coverage-guided fuzzing of every decoder with atheris (``make fuzz``; a bounded smoke in CI).

The property: for any bytes and any of the Content-Type values below, ``faxstatus.decode``
either returns a well-typed Message or Fault, or raises a ``CodecError``. Anything else is a
finding: atheris stops and writes the input to ``fuzz/corpus/regressions/crash-*``, where it
stays, committed, as a regression case that ``make test`` replays
(tests/security/test_fuzz_regressions.py). Seeds come from the conformance vectors, the hostile
corpus and the regression cases.

``--decoder NAME`` fixes the content type (``detect``, ``soap12``, ``soap11``, ``xml``,
``json``); without it the first byte of each input picks one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _run import CORPUS, ROOT, instrument, run, take_option

instrument("tests.support.codec_check")

from tests.support.codec_check import FUZZ_CTYPES, check_fuzz_input  # noqa: E402 - instrumented first

DECODERS = dict(zip(("detect", "soap12", "soap11", "xml", "json"), FUZZ_CTYPES, strict=True))
_FIXED: list[str | None] = []


def one_input(data: bytes) -> None:
    """Fuzz one input (atheris entry point): the first byte picks the content type and options."""
    if _FIXED:
        check_fuzz_input(data, _FIXED[0], fixed=True)
    else:
        check_fuzz_input(data)


def seeds() -> Iterator[bytes]:
    """The vectors and hostile files (up to 64 KiB), each behind a first byte that varies."""
    root = ROOT / "tests"
    files = sorted(root.glob("vectors/*/*/*.*")) + sorted(root.glob("hostile/files/*"))
    for i, path in enumerate(files):
        data = path.read_bytes()
        if len(data) <= 64 * 1024:
            yield bytes([i % 256]) + data


def main(argv: list[str]) -> None:
    """Run atheris: ``fuzz_decode.py [--decoder NAME] [--corpus DIR] [libFuzzer flags]``."""
    args = list(argv)
    decoder = take_option(args, "--decoder")
    if decoder is not None:
        _FIXED.append(DECODERS[decoder])
    run(args, one_input, seeds, CORPUS / "regressions", "decode")


if __name__ == "__main__":
    main(sys.argv)
