"""Stored documents after a rename the maintainer confirmed: read under the element's new name."""

from __future__ import annotations

import pytest

from faxstatus.codec._plan import plan_for
from faxstatus.conformance import _catalogue
from faxstatus.conformance._catalogue import in_schema_terms, with_new_names
from faxstatus.models import RealTimeFaxStatusEx3

from ..support.paths import VECTORS

EX3 = (VECTORS / "handwritten" / "GetRealTimeFaxStatusEx3.response.xml").read_bytes()
EX = (VECTORS / "handwritten" / "GetRealTimeFaxStatusEx.response.xml").read_bytes()


@pytest.fixture
def renamed(monkeypatch):
    """As if the vendor had renamed Ex3's OldCSID to RemoteFaxCSID (schema/renames.toml)."""
    field = plan_for(RealTimeFaxStatusEx3).by_name["RemoteFaxCSID"]
    monkeypatch.setattr(field, "was", "OldCSID")
    monkeypatch.setattr(
        _catalogue, "RENAMED", {"RealTimeFaxStatusEx3": {"RemoteFaxCSID": "OldCSID"}}
    )


def _old(doc: bytes) -> bytes:
    """*doc* as it was stored before the rename: the element under its old name."""
    return doc.replace(b"RemoteFaxCSID>", b"OldCSID>")


def test_without_renames_nothing_changes():
    assert with_new_names(_old(EX3)) == _old(EX3)
    assert in_schema_terms(EX3) == EX3


def test_the_old_name_is_renamed_where_the_schema_renamed_it(renamed):
    assert with_new_names(_old(EX3)) == EX3
    # Prefixed or not, self-closed or with attributes, and only the tags.
    was = b"<FaxWS:RemoteFaxCSID>+1 206 555 0100</FaxWS:RemoteFaxCSID>"
    doc = EX3.replace(was, b'<RemoteFaxCSID xmlns="urn:FaxWS" a="OldCSID"/>')
    old = _old(EX3).replace(
        was.replace(b"RemoteFaxCSID", b"OldCSID"), b'<OldCSID xmlns="urn:FaxWS" a="OldCSID"/>'
    )
    assert old != _old(EX3) and with_new_names(old) == doc


def test_a_type_the_schema_did_not_rename_keeps_the_old_name(renamed):
    # Ex's items never had the element renamed: an Ex document keeps its OldCSID, and so does
    # an Ex3 document whose old name also stands where the schema has no such rename.
    assert with_new_names(_old(EX)) == _old(EX)
    mixed = _old(EX3).replace(b"<FaxWS:ErrorString/>", b"<FaxWS:ErrorString/><FaxWS:OldCSID/>", 1)
    assert mixed != _old(EX3) and with_new_names(mixed) == mixed


def test_what_is_no_document_is_left_alone(renamed):
    for body in (b"OldCSID", b"<a>OldCSID</a>", b"<not-xml OldCSID"):
        assert with_new_names(body) == body
