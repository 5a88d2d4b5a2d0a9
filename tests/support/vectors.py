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


#: The namespace the stored documents (hand-written vectors, captures) were written in.
WRITTEN_IN = "urn:FaxWS"


def stored(path: Path) -> bytes:
    """A stored document's bytes, its FaxWS namespace moved to the schema's.

    The hand-written documents test layouts, values and detection, not the namespace name; so
    that they keep doing so after the schema's target namespace changes, the namespace they
    were written in is replaced (in quotes, as a declaration holds it) by the current one.
    A test about the old namespace itself reads the file as it is.
    """
    from faxstatus.codec import FAXWS_NS

    body = path.read_bytes()
    if FAXWS_NS == WRITTEN_IN:
        return body
    for quote in (b'"', b"'"):
        body = body.replace(quote + WRITTEN_IN.encode() + quote, quote + FAXWS_NS.encode() + quote)
    return body
