"""The golden vectors' folders: which ones the schema's operations need, and pruning the rest."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

#: Hand-written documents and the expected JSON twins (codegen/vectors_index.py), not
#: written by --update-vectors.
KEPT = frozenset({"handwritten", "expected"})


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


def in_schema_namespace(data: bytes) -> bytes:
    """*data* with the namespace the stored documents were written in moved to the schema's.

    Replaced where a declaration holds it (in quotes); bytes in an encoding that does not
    spell ASCII as ASCII (UTF-16) are left as they are.
    """
    from faxstatus.codec import FAXWS_NS

    if FAXWS_NS == WRITTEN_IN:
        return data
    for quote in (b'"', b"'"):
        data = data.replace(quote + WRITTEN_IN.encode() + quote, quote + FAXWS_NS.encode() + quote)
    return data


def stored(path: Path) -> bytes:
    """A stored document's bytes, its FaxWS namespace moved to the schema's, renamed
    elements (schema/renames.toml) under their new names.

    The hand-written documents and the hostile corpus test layouts, values, limits and
    detection, not the namespace name; so that they keep doing so after the schema's target
    namespace changes or the vendor renames an element, the namespace they were written in is
    replaced by the current one and the element's tags by its new name (the conformance kit
    reads its own documents so: faxstatus.conformance._catalogue.in_schema_terms). A test
    about the old namespace itself reads the file as it is.
    """
    from faxstatus.conformance._catalogue import with_new_names

    return with_new_names(in_schema_namespace(path.read_bytes()))


def fitting(path: Path) -> bytes:
    """A stored message (:func:`stored`) as a message of the schema as it is now.

    A capture or a hand-written document the vendor's schema has outgrown since (an element
    added or retyped: ``schema_misfit``) is rebuilt from what still fits, in gSOAP's layout
    (``faxstatus.conformance._catalogue.refit``); for a test that needs a valid message in
    a peer's layout rather than those exact bytes.
    """
    from faxstatus.conformance._catalogue import refit

    return refit(stored(path), path.name)
