"""Canonical sample messages: one request and one response per operation, plus faults."""

from __future__ import annotations

from typing import Any

from faxstatus import Direction, Fault, SoapVersion
from faxstatus import models as m
from faxstatus.codec import OPERATIONS, FaultReason
from faxstatus.codec._plan import plan_for

from .helpers import wserror

INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _ids() -> m.FaxJobIds:
    # A real-looking id, a reference lookup, and a nil entry (nillable="true").
    items: list[Any] = [m.FaxJobId(job_id="br0000000001"), m.FaxJobId(job_id="JRI-R&D <1>"), None]
    return m.FaxJobIds(item=items)


_EXTRA: dict[str, Any] = {
    "reference_id": "REF\u00e9\U0001f4e0",
    "fax_number": "+1 (206) 555-0100",
    "fax_submit_date_time": "2026-11-26T09:10:00Z",
    "fax_start_date_time": "",
    "fax_delivery_attempts": INT_MAX,
}


def _item(cls: type[Any], n: int) -> Any:
    values: dict[str, Any] = {
        "fax_job_id": f"br{n:010d}",
        "fax_job_status_id": (1, 2, 3)[n % 3],
        "status_description": "line one\r\nline two ]]> & done",
        "recipient_state": 0,
        "recipient_current_page_count": n,
        "recipient_total_page_count": INT_MAX,
        "fax_delivery_date_time": "11/26/2026 9:15:02 AM",
        "fax_delivery_duration": INT_MIN,
        "remote_fax_csid": "   ",
        "error": wserror(0, ""),
        **_EXTRA,
    }
    names = {f.attr for f in plan_for(cls).fields}
    return cls(**{k: v for k, v in values.items() if k in names})


def request(op_name: str) -> Any:
    op = OPERATIONS[op_name]
    if op_name == "CheckService":
        return m.CheckService()
    if op_name == "SimpleGetFaxStatus":
        return m.SimpleGetFaxStatus(user_id="mbx1234567890", str_pin="", job_id="JRI-REF1234")
    return op.request(user_id="mbx1234567890", str_pin="", fax_job_ids=_ids())


def response(op_name: str) -> Any:
    op = OPERATIONS[op_name]
    if op_name == "CheckService":
        return m.CheckServiceResponse(return_value="OK")
    if op_name == "SimpleGetFaxStatus":
        return m.SimpleFaxStatusResponse(return_value=-(2**63))
    list_field = plan_for(op.response).fields[1]
    assert list_field.plan is not None and list_field.plan.item is not None
    item_plan = list_field.plan.item.plan
    assert item_plan is not None
    items = [_item(item_plan.cls, 1), None, _item(item_plan.cls, 2)]
    return op.response(
        return_value=True,
        fax_status_list=list_field.plan.cls(item=items),
        wserror=wserror(0, ""),
    )


def sample(op_name: str, direction: Direction) -> Any:
    return request(op_name) if direction is Direction.REQUEST else response(op_name)


def fault(version: SoapVersion) -> Fault:
    """A fault with every optional part filled in."""
    if version is SoapVersion.SOAP11:
        return Fault(
            version,
            f"{{{version.value}}}Client",
            (FaultReason("Validation constraint violation: missing element FaxJobIds"),),
            actor="https://ws.concordfax.com/fax/v5",
            detail='<e:why xmlns:e="urn:example">strPIN &amp; UserID</e:why>',
        )
    return Fault(
        version,
        f"{{{version.value}}}Sender",
        (FaultReason("Invalid request", "en"), FaultReason("Demande invalide", "fr")),
        subcodes=("{urn:FaxWS}BadRequest", "{urn:FaxWS}MissingElement"),
        node="https://ws.concordfax.com/fax/v5",
        role="http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver",
        detail='<FaxWS:element xmlns:FaxWS="urn:FaxWS">FaxJobIds</FaxWS:element>',
    )
