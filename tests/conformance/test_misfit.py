"""Stored documents the schema has outgrown: said why, left out of kit and index, refused."""

from __future__ import annotations

import json
import re
import shutil

import pytest

import faxstatus
from faxstatus.codec._plan import Kind, plan_for
from faxstatus.conformance import _vectors
from faxstatus.conformance._catalogue import refit, schema_misfit, skipped_documents
from faxstatus.models import RealTimeFaxStatusEx3

from ..support.helpers import status_items
from ..support.paths import VECTORS
from ..support.vectors import fitting, stored

HANDWRITTEN = VECTORS / "handwritten"
#: The hand-written Ex3 response, as a message of the schema now (rebuilt if it has outgrown it).
EX3 = fitting(HANDWRITTEN / "GetRealTimeFaxStatusEx3.response.xml")
ITEM = plan_for(RealTimeFaxStatusEx3)
#: Ex3's status text ("Success"): an xsd:string, here retyped as xsd:dateTime by the test.
WHEN = next(f for f in ITEM.fields if f.was == "StatusDescription")
#: A required element of Ex3's items that the documents hold (as if the vendor added it).
ATTEMPTS = next(f for f in ITEM.fields if f.was == "FaxDeliveryAttempts")


def _retype(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the vendor had retyped Ex3's status text as xsd:dateTime: in the plans and the XSD."""
    import pkgutil

    from lxml import etree

    from faxstatus.conformance import _catalogue

    monkeypatch.setattr(WHEN, "kind", Kind.DATETIME)
    xsd = (pkgutil.get_data("faxstatus.models", "faxws.xsd") or b"").decode()
    start = xsd.index('<complexType name="RealTimeFaxStatusEx3">')
    end = xsd.index("</complexType>", start)
    old = f'<element name="{WHEN.name}" type="xsd:string"'
    block = xsd[start:end].replace(old, f'<element name="{WHEN.name}" type="xsd:dateTime"')
    assert block != xsd[start:end]
    schema = etree.XMLSchema(etree.fromstring((xsd[:start] + block + xsd[end:]).encode()))
    monkeypatch.setattr(_catalogue, "_schema", lambda: schema)


def _without(doc: bytes, name: str) -> bytes:
    """*doc* with every element *name* taken out (as written before the vendor added it)."""
    return re.sub(rb"<(\w+:)?%s>[^<]*</(\w+:)?%s>" % ((name.encode(),) * 2), b"", doc)


def test_a_document_of_the_schema_fits_it_and_is_not_rebuilt():
    assert schema_misfit(EX3) is None
    for path in sorted(HANDWRITTEN.glob("*.xml")):
        body = stored(path)
        if path.stem.split(".")[0] not in faxstatus.codec.OPERATIONS:
            continue  # an operation the vendor removed
        assert schema_misfit(refit(body)) is None, path.name
        if schema_misfit(body) is None:
            assert refit(body) is body, path.name


def test_a_required_element_the_document_lacks_is_named_with_its_type_and_line():
    doc = _without(EX3, ATTEMPTS.name)
    why = schema_misfit(doc)
    assert why is not None
    assert (
        f"RealTimeFaxStatusEx3 requires the element {ATTEMPTS.name}, absent from <item> (line "
        in why
    )
    with pytest.raises(faxstatus.DecodeError, match=ATTEMPTS.name):
        faxstatus.decode(doc)


def test_a_value_the_element_s_new_type_cannot_carry_is_named(monkeypatch):
    assert WHEN.kind is Kind.STRING
    _retype(monkeypatch)
    why = schema_misfit(EX3)
    assert why is not None and why.startswith(f"{WHEN.name}: ")
    assert "is not an xsd:dateTime, as RealTimeFaxStatusEx3 now types it (line" in why


def test_an_element_the_schema_no_longer_declares_is_named():
    doc = EX3.replace(b"</FaxWS:FaxJobId>", b"</FaxWS:FaxJobId><FaxWS:Gone>x</FaxWS:Gone>", 1)
    assert doc != EX3
    assert (schema_misfit(doc) or "").startswith("RealTimeFaxStatusEx3 declares no element Gone")
    with pytest.raises(faxstatus.DecodeError):
        faxstatus.decode(doc)


def test_an_element_repeated_past_its_max_occurs_is_named():
    m = re.search(rb"<FaxWS:FaxJobId>[^<]*</FaxWS:FaxJobId>", EX3)
    assert m is not None
    doc = EX3[: m.end()] + m.group() + EX3[m.end() :]
    assert "FaxJobId occurs more than the 1 time(s)" in (schema_misfit(doc) or "")
    with pytest.raises(faxstatus.DecodeError):
        faxstatus.decode(doc)


def test_a_nil_item_and_other_documents_are_no_misfit():
    nil = b'<FaxWS:item xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    doc = re.sub(rb"<FaxWS:item>.*?</FaxWS:item>", nil, EX3, count=1, flags=re.S)
    assert doc != EX3 and schema_misfit(doc) is None
    assert schema_misfit(b"not xml") is None and schema_misfit(b"<Other/>") is None


def test_the_kit_and_the_index_leave_an_outgrown_document_out_and_say_why(tmp_path, monkeypatch):
    folder = tmp_path / "vectors"
    shutil.copytree(VECTORS, folder)
    _retype(monkeypatch)
    why = skipped_documents(folder)
    key = "decoder/peer/handwritten/GetRealTimeFaxStatusEx3/response"
    assert why[key] == schema_misfit(stored(HANDWRITTEN / "GetRealTimeFaxStatusEx3.response.xml"))
    assert why[key] is not None
    index = json.loads(_vectors.index(folder))
    rows = {row["file"]: row["reason"] for row in index["skipped"]}
    assert rows["handwritten/GetRealTimeFaxStatusEx3.response.xml"] == why[key]
    files = {v["file"] for v in index["vectors"]}
    assert "handwritten/GetRealTimeFaxStatusEx3.response.xml" not in files
    ex = "handwritten/GetRealTimeFaxStatusEx.response.xml"
    assert (ex in files) is (schema_misfit(stored(VECTORS / ex)) is None)


def test_a_family_s_base_document_is_rebuilt_from_what_still_fits(monkeypatch):
    # The kit's SOAP 1.1 Ex response, as written before the vendor added a required element:
    # the media, encoding and value cases built on it get a message of the schema as it is.
    from faxstatus.conformance import _catalogue

    name = "gsoap11-ex-response.xml"
    kept = refit(_catalogue._document(name))
    assert _catalogue._base(name) == kept
    old = _without(kept, "RecipientState")
    monkeypatch.setattr(_catalogue, "_document", lambda _name: old)
    assert "requires the element RecipientState" in (schema_misfit(old) or "")
    base = _catalogue._base(name)
    assert schema_misfit(base) is None and b"SOAP-ENV:" in base and b"FaxWS:" in base
    rebuilt, original = faxstatus.decode(base), faxstatus.decode(kept)
    assert isinstance(rebuilt, faxstatus.Message) and isinstance(original, faxstatus.Message)
    assert rebuilt.content_type is original.content_type
    got, want = status_items(rebuilt.payload), status_items(original.payload)
    for a, b in zip(got, want, strict=True):
        assert a.remote_fax_csid == b.remote_fax_csid and a.fax_job_id == b.fax_job_id
        assert isinstance(a.recipient_state, int)
    assert b"<FaxWS:RecipientTotalPageCount>3<" in base and b"<FaxWS:return>true<" in base


def test_a_reason_the_xsd_does_not_confirm_is_no_misfit(monkeypatch):
    # The plans alone retyped (a bug of the decoder's own plans, say): the XSD still accepts
    # the document, so it is not taken for a schema change and is not left out.
    monkeypatch.setattr(WHEN, "kind", Kind.DATETIME)
    assert schema_misfit(EX3) is None


def test_a_padded_nil_and_another_vocabulary_s_element_are_no_reason():
    nil = b'<FaxWS:item xsi:nil=" true " xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    doc = re.sub(rb"<FaxWS:item>.*?</FaxWS:item>", nil, EX3, count=1, flags=re.S)
    assert doc != EX3 and schema_misfit(doc) is None
    foreign = EX3.replace(
        b"</FaxWS:FaxJobId>", b'</FaxWS:FaxJobId><x:Trace xmlns:x="urn:other"/>', 1
    )
    assert foreign != EX3 and schema_misfit(foreign) is None  # the decoder's to refuse
    with pytest.raises(faxstatus.DecodeError):
        faxstatus.decode(foreign)


def test_a_rebuilt_document_keeps_an_empty_list_empty():
    # An optional list absent from an outgrown document is rebuilt empty, not with an item.
    from faxstatus.conformance import _catalogue
    from faxstatus.models import RealTimeFaxStatusEx3Response

    fields = plan_for(RealTimeFaxStatusEx3Response).fields
    lst = next(f.name for f in fields if f.plan is not None and f.plan.item).encode()
    doc = re.sub(rb"<FaxWS:%s>.*</FaxWS:%s>" % (lst, lst), b"<FaxWS:%s/>" % lst, EX3, flags=re.S)
    doc = _without(doc, "ErrorCode")
    assert schema_misfit(doc) is not None
    rebuilt = faxstatus.decode(_catalogue.refit(doc))
    assert isinstance(rebuilt, faxstatus.Message) and status_items(rebuilt.payload) == []
