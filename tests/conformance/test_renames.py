"""Stored documents after a rename the maintainer confirmed: read under the element's new name."""

from __future__ import annotations

import re

import pytest

from faxstatus.codec._plan import plan_for
from faxstatus.conformance import _catalogue
from faxstatus.conformance._catalogue import in_schema_terms, with_new_names
from faxstatus.models import RealTimeFaxStatusEx3

from ..support.paths import VECTORS
from ..support.vectors import fitting

#: The hand-written documents as messages of the schema now (rebuilt if it has outgrown them).
EX3 = fitting(VECTORS / "handwritten" / "GetRealTimeFaxStatusEx3.response.xml")
EX = fitting(VECTORS / "handwritten" / "GetRealTimeFaxStatusEx.response.xml")
#: The element of Ex3 items known as RemoteFaxCSID, under its name in the schema.
_KNOWN = [f for f in plan_for(RealTimeFaxStatusEx3).fields if f.was == "RemoteFaxCSID"]
if not _KNOWN:  # renamed with no record in schema/renames.toml: no element is known so
    pytest.skip(
        "no Ex3 element is known as RemoteFaxCSID (a rename not recorded in schema/renames.toml)",
        allow_module_level=True,
    )
FIELD = _KNOWN[0]
NAME = FIELD.name.encode()


@pytest.fixture
def renamed(monkeypatch):
    """As if the vendor had renamed Ex3's OldCSID to that element (schema/renames.toml)."""
    monkeypatch.setattr(FIELD, "was", "OldCSID")
    monkeypatch.setattr(_catalogue, "RENAMED", {"RealTimeFaxStatusEx3": {FIELD.name: "OldCSID"}})


def _old(doc: bytes) -> bytes:
    """*doc* as it was stored before the rename: the element under its old name."""
    return doc.replace(NAME + b">", b"OldCSID>")


def test_a_document_in_the_schemas_terms_is_left_as_it_is():
    assert in_schema_terms(EX3) == EX3 and in_schema_terms(EX) == EX
    assert with_new_names(_old(EX)) == _old(EX)


def test_the_old_name_is_renamed_where_the_schema_renamed_it(renamed):
    assert with_new_names(_old(EX3)) == EX3
    # Prefixed or not, self-closed or with attributes, and only the tags.
    found = re.search(b"<FaxWS:" + NAME + b">[^<]*</FaxWS:" + NAME + b">", EX3)
    assert found is not None
    was = found.group()
    doc = EX3.replace(was, b"<" + NAME + b' xmlns="urn:FaxWS" a="OldCSID"/>')
    old = _old(EX3).replace(
        was.replace(b"FaxWS:" + NAME, b"FaxWS:OldCSID"), b'<OldCSID xmlns="urn:FaxWS" a="OldCSID"/>'
    )
    assert old != _old(EX3) and with_new_names(old) == doc


def test_a_type_the_schema_did_not_rename_keeps_the_old_name(renamed):
    # Ex's items never had the element renamed: an Ex document keeps its OldCSID, and so does
    # an Ex3 document whose old name also stands where the schema has no such rename.
    assert with_new_names(_old(EX)) == _old(EX)
    # (In a WSError: a type with no rename.)
    mixed = _old(EX3).replace(b"</FaxWS:ErrorCode>", b"</FaxWS:ErrorCode><FaxWS:OldCSID/>", 1)
    assert mixed != _old(EX3) and with_new_names(mixed) == mixed


def test_what_is_no_document_is_left_alone(renamed):
    for body in (b"OldCSID", b"<a>OldCSID</a>", b"<not-xml OldCSID"):
        assert with_new_names(body) == body
