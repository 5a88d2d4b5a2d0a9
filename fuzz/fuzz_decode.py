"""Coverage-guided fuzzing of every decoder with atheris (``make fuzz``; not part of CI).

The property: for any bytes and any of the Content-Type values below, ``faxstatus.decode``
either returns a well-typed Message or Fault, or raises a ``CodecError``. Anything else is a
finding; atheris stops and writes the input to ``crash-*``. Seeds come from the conformance
vectors and the hostile corpus.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

# The shared check lives with the tests; the repository root must be importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports():
    from faxstatus import DecodeOptions

from tests.codec_check import check_decode

CTYPES = (None, "application/soap+xml", "text/xml", "application/xml", "application/json")
LENIENT = DecodeOptions(strict=False)
GENERIC = DecodeOptions(fast_path=False)


def one_input(data: bytes) -> None:
    """Fuzz one input (atheris entry point): the first byte picks the content type and options."""
    if not data:
        return
    ctype = CTYPES[data[0] % len(CTYPES)]
    options = (DecodeOptions(), LENIENT, GENERIC)[(data[0] >> 4) % 3]
    check_decode(data[1:], ctype, options)


def seeds(folder: Path) -> None:
    """Write the seed corpus into *folder* (vectors and hostile files, each with a prefix byte)."""
    root = Path(__file__).resolve().parent.parent / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(root.glob("vectors/*/*/*.*")) + sorted(root.glob("hostile/files/*"))
    for i, path in enumerate(files):
        data = path.read_bytes()
        if len(data) <= 64 * 1024:
            (folder / f"seed-{i:04d}").write_bytes(bytes([i % 256]) + data)


if __name__ == "__main__":
    corpus = Path(__file__).resolve().parent / "corpus"
    if not corpus.exists():
        seeds(corpus)
    atheris.Setup([sys.argv[0], str(corpus), *sys.argv[1:]], one_input)
    atheris.Fuzz()
