"""Write (or --check) tests/vectors/index.json and the expected JSON twins under expected/.

Run after the vectors change (``pytest tests/codec/test_golden_vectors.py --update-vectors``):
``.venv/bin/python codegen/vectors_index.py``; ``--check`` exits 1 naming every stale file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from faxstatus.conformance._vectors import EXPECTED, INDEX, index, twins  # noqa: E402

VECTORS = ROOT / "tests" / "vectors"


def wanted(folder: Path = VECTORS) -> dict[Path, bytes]:
    """Every generated file under *folder* with the bytes it should hold."""
    out = twins(folder)
    out[folder / INDEX] = index(folder)
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with --check report the stale ones (exit 1)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    files = wanted()
    present = set((VECTORS / EXPECTED).rglob("*.json")) if (VECTORS / EXPECTED).is_dir() else set()
    stale = sorted(p for p, data in files.items() if not p.is_file() or p.read_bytes() != data)
    extra = sorted(present - set(files))
    if args.check:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}")
        for p in extra:
            print(f"not a twin of any vector: {p.relative_to(ROOT)}")
        return 1 if stale or extra else 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(files[p])
    for p in extra:
        p.unlink()
    print(f"{len(files)} files, {len(stale)} written, {len(extra)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
