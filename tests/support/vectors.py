"""The golden vectors' folders: which ones the schema's operations need, and pruning the rest."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

#: Hand-written documents, not written by --update-vectors.
KEPT = frozenset({"handwritten"})


def stray(vectors: Path, expected: Iterable[Path]) -> list[Path]:
    """The ``<Operation>/<content-type>/`` folders under *vectors* that *expected* lacks."""
    want = set(expected)
    found = {p for p in vectors.glob("*/*") if p.is_dir() and p.parent.name not in KEPT}
    return sorted(found - want)


def prune(vectors: Path, expected: Iterable[Path]) -> list[Path]:
    """Remove the stray folders (and an operation folder left empty); the ones removed."""
    gone = stray(vectors, expected)
    for folder in gone:
        shutil.rmtree(folder)
        if not any(folder.parent.iterdir()):
            folder.parent.rmdir()
    return gone
