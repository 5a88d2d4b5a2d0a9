"""Hand-written documents (tests/vectors/handwritten/): valid, and parse to the expected values."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

import faxstatus
from faxstatus import ContentType, Direction, Message
from faxstatus import models as m
from faxstatus.codec import OPERATIONS
from faxstatus.codec._plan import plan_for
from faxstatus.conformance._catalogue import schema_misfit

from ..support.helpers import (
    assert_valid,
    build,
    job_ids,
    payload_element,
    wserror,
    xsdata_parse,
)
from ..support.paths import VECTORS
from ..support.vectors import stored

HANDWRITTEN = VECTORS / "handwritten"

_EX_DONE: dict[str, Any] = {
    "FaxJobId": "br0000000001",
    "FaxJobStatusId": 1,
    "StatusDescription": "Success",
    "RecipientState": 4,
    "RecipientCurrentPageCount": 5,
    "RecipientTotalPageCount": 5,
    "FaxDeliveryDateTime": "2026-11-26T09:15:02",
    "FaxDeliveryDuration": 143,
    "RemoteFaxCSID": "+1 206 555 0100",
    "Error": wserror(),
}
_EX_BAD: dict[str, Any] = {
    "FaxJobId": "JRI-NOPE",
    "FaxJobStatusId": 2,
    "StatusDescription": "Invalid Job ID",
    "RecipientState": 0,
    "RecipientCurrentPageCount": 0,
    "RecipientTotalPageCount": 0,
    "FaxDeliveryDateTime": "",
    "FaxDeliveryDuration": 0,
    "RemoteFaxCSID": "",
    "Error": wserror(-5019, "Invalid Job ID"),
}
_EX3_DONE: dict[str, Any] = {
    "ReferenceId": "REF1234",
    "FaxNumber": "12065550100",
    "FaxSubmitDateTime": "2026-11-26T09:10:00",
    "FaxStartDateTime": "2026-11-26T09:12:39",
    "FaxDeliveryAttempts": 1,
}
_EX3_BAD: dict[str, Any] = {
    "ReferenceId": "",
    "FaxNumber": "",
    "FaxSubmitDateTime": "",
    "FaxStartDateTime": "",
    "FaxDeliveryAttempts": 0,
}


def _req(cls: type[Any]) -> Any:
    return cls(
        user_id="mbx1234567890",
        str_pin="not-a-real-pin",
        fax_job_ids=job_ids("br0000000001", "JRI-REF1234"),
    )


def _resp(cls: type[Any], list_cls: type[Any], items: list[Any]) -> Any:
    fitted = [None if i is None else _fit(i) for i in items]
    return cls(return_value=True, fax_status_list=list_cls(item=fitted), wserror=wserror())


def _fit(item: Any) -> Any:
    """*item* with the value of each field the schema lets repeat as a list: the document's
    one element of it is a list of one (the schema, not this file, says which repeat)."""
    repeated = {
        f.attr: [getattr(item, f.attr)]
        for f in plan_for(type(item)).fields
        if f.is_list and not isinstance(getattr(item, f.attr), list)
    }
    return dataclasses.replace(item, **repeated)


def _cls(name: str) -> type[Any]:
    cls: type[Any] = getattr(m, name)
    return cls


#: What each document holds, built on first use: a document of an operation the schema no
#: longer has must not stop the others from being read.
BUILD: dict[tuple[str, str], Callable[[], Any]] = {
    ("CheckService", "request"): lambda: m.CheckService(),
    ("CheckService", "response"): lambda: m.CheckServiceResponse(return_value="OK"),
    ("SimpleGetFaxStatus", "request"): lambda: m.SimpleGetFaxStatus(
        user_id="mbx1234567890", str_pin="", job_id="JRI-REF1234"
    ),
    ("SimpleGetFaxStatus", "response"): lambda: m.SimpleFaxStatusResponse(return_value=-5019),
    ("GetFaxStatus", "response"): lambda: _resp(
        m.FaxStatusResponse,
        m.FaxStatusList,
        [
            m.FaxStatus(
                fax_job_id="br0000000001",
                fax_job_status_id=1,
                status_description="Success",
                error=wserror(),
            ),
            None,
        ],
    ),
    ("GetRealTimeFaxStatus", "response"): lambda: _resp(
        m.RealTimeFaxStatusResponse,
        m.RealTimeFaxStatusList,
        [
            m.RealTimeFaxStatus(
                fax_job_id="br0000000001",
                fax_job_status_id=3,
                status_description="Sending",
                recipient_state=2,
                recipient_current_page_count=2,
                recipient_total_page_count=5,
                error=wserror(),
            )
        ],
    ),
    ("GetRealTimeFaxStatusEx", "response"): lambda: _resp(
        m.RealTimeFaxStatusExResponse,
        m.RealTimeFaxStatusExList,
        [build(m.RealTimeFaxStatusEx, _EX_DONE), build(m.RealTimeFaxStatusEx, _EX_BAD)],
    ),
    ("GetRealTimeFaxStatusEx2", "response"): lambda: _resp(
        _cls("RealTimeFaxStatusEx2Response"),
        _cls("RealTimeFaxStatusEx2List"),
        [
            build(_cls("RealTimeFaxStatusEx2"), {**_EX_DONE, "ReferenceId": "REF1234"}),
            build(_cls("RealTimeFaxStatusEx2"), {**_EX_BAD, "ReferenceId": ""}),
        ],
    ),
    ("GetRealTimeFaxStatusEx3", "response"): lambda: _resp(
        m.RealTimeFaxStatusEx3Response,
        m.RealTimeFaxStatusEx3List,
        [
            build(m.RealTimeFaxStatusEx3, {**_EX_DONE, **_EX3_DONE}),
            build(m.RealTimeFaxStatusEx3, {**_EX_BAD, **_EX3_BAD}),
        ],
    ),
}
for _name in (
    "GetFaxStatus",
    "GetRealTimeFaxStatus",
    "GetRealTimeFaxStatusEx",
    "GetRealTimeFaxStatusEx2",
    "GetRealTimeFaxStatusEx3",
):
    BUILD[(_name, "request")] = lambda _name=_name: _req(OPERATIONS[_name].request)  # type: ignore[misc]

#: The documents of operations the schema has; the others are stored messages of an operation
#: since removed, which must now be refused.
_HAVE = sorted(k for k in BUILD if k[0] in OPERATIONS)
GONE = sorted(k for k in BUILD if k[0] not in OPERATIONS)
#: Of those, the documents that are no message of the schema as it is now (it gained a required
#: element, or retyped one, since they were written: schema_misfit says which), by why; strict
#: decoding and the XSD must refuse them too, and the others are read to their values.
STALE = {
    k: why
    for k in _HAVE
    if (why := schema_misfit(stored(HANDWRITTEN / f"{k[0]}.{k[1]}.xml"))) is not None
}
CASES = [k for k in _HAVE if k not in STALE]


def test_every_operation_and_direction_has_a_document():
    # The contract's operations as CONTRACT.md §3 gives them each have hand-written documents,
    # in both directions, while the schema has them; any other operation (the vendor's, or one
    # a schema change adds) is covered by the golden vectors written from the schema.
    written = {o for o, _ in BUILD}
    assert {(o, d.value) for o in written for d in Direction} <= set(BUILD)
    assert {p.name for p in HANDWRITTEN.glob("*.xml")} == {f"{o}.{d}.xml" for o, d in BUILD}
    for o in OPERATIONS:
        if o not in written:
            assert {p.name for p in (VECTORS / o).iterdir()} >= {ct.value for ct in ContentType}


@pytest.mark.parametrize(("op", "direction"), GONE)
def test_a_document_of_an_operation_the_schema_no_longer_has_is_refused(op, direction):
    with pytest.raises(faxstatus.CodecError):
        faxstatus.decode(stored(HANDWRITTEN / f"{op}.{direction}.xml"))


@pytest.mark.parametrize(("op", "direction"), sorted(STALE))
def test_a_document_the_schema_has_outgrown_is_refused_by_decode_and_the_xsd(op, direction):
    body = stored(HANDWRITTEN / f"{op}.{direction}.xml")
    with pytest.raises(faxstatus.DecodeError):
        faxstatus.decode(body)
    with pytest.raises(etree.DocumentInvalid):
        assert_valid(body)


@pytest.mark.parametrize(("op", "direction"), CASES)
def test_handwritten_document_validates_against_xsd(op, direction):
    assert_valid(stored(HANDWRITTEN / f"{op}.{direction}.xml"))


@pytest.mark.parametrize(("op", "direction"), CASES)
def test_handwritten_document_parses_to_expected_values(op, direction):
    body = stored(HANDWRITTEN / f"{op}.{direction}.xml")
    expected = BUILD[(op, direction)]()
    # xsdata's own binding of the generated models, as the reference reading...
    assert xsdata_parse(payload_element(body), type(expected)) == expected
    # ...and our codec, which must also detect operation and direction.
    msg = faxstatus.decode(body)
    assert isinstance(msg, Message)
    assert (msg.operation.name, msg.direction.value) == (op, direction)
    assert msg.payload == expected
