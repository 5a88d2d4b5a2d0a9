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
from pathlib import Path

import atheris

# The shared check lives with the tests; the repository root must be importable.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    import faxstatus  # noqa: F401 - instrumented for coverage

from tests.support.codec_check import FUZZ_CTYPES, check_fuzz_input  # noqa: E402 - after sys.path

DECODERS = dict(zip(("detect", "soap12", "soap11", "xml", "json"), FUZZ_CTYPES, strict=True))
REGRESSIONS = Path(__file__).resolve().parent / "corpus" / "regressions"
_FIXED: list[str | None] = []


def one_input(data: bytes) -> None:
    """Fuzz one input (atheris entry point): the first byte picks the content type and options."""
    if _FIXED:
        check_fuzz_input(data, _FIXED[0], fixed=True)
    else:
        check_fuzz_input(data)


def seeds(folder: Path) -> None:
    """Write the seed corpus into *folder* (vectors, hostile files and regression cases)."""
    root = ROOT / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(root.glob("vectors/*/*/*.*")) + sorted(root.glob("hostile/files/*"))
    for i, path in enumerate(files):
        data = path.read_bytes()
        if len(data) <= 64 * 1024:
            (folder / f"seed-{i:04d}").write_bytes(bytes([i % 256]) + data)
    for path in sorted(REGRESSIONS.iterdir()):
        (folder / f"regression-{path.name}").write_bytes(path.read_bytes())


def main(argv: list[str]) -> None:
    """Run atheris: ``fuzz_decode.py [--decoder NAME] [--corpus DIR] [libFuzzer flags]``."""
    args = list(argv[1:])
    corpus = Path(__file__).resolve().parent / "corpus" / "work"
    if "--decoder" in args:
        i = args.index("--decoder")
        _FIXED.append(DECODERS[args[i + 1]])
        del args[i : i + 2]
    if "--corpus" in args:
        i = args.index("--corpus")
        corpus = Path(args[i + 1])
        del args[i : i + 2]
    if not corpus.exists():
        seeds(corpus)
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    flags = [f"-artifact_prefix={REGRESSIONS}/crash-", *args]
    atheris.Setup([argv[0], str(corpus), *flags], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
