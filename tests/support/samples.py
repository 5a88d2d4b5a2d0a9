"""Canonical sample messages: one request and one response per operation, plus faults."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from faxstatus import ContentType, Direction, Fault, SoapVersion, encode
from faxstatus import models as m
from faxstatus._xsd import format_text
from faxstatus.codec import OPERATIONS, FaultReason
from faxstatus.codec._operations import IdCarrier
from faxstatus.codec._plan import Kind, plan_for

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


def _typed(f: Any, n: int) -> Any:
    """A value of *f*'s schema type for a field the hand-picked samples do not name."""
    if f.plan is not None:
        one: Any = filled(f.plan.cls, n, {})
    else:
        one = {
            Kind.STRING: f"{f.name} {n}",
            Kind.BOOLEAN: True,
            Kind.DOUBLE: 2.5,
            Kind.DECIMAL: Decimal("12.50"),
            Kind.DATETIME: "2026-11-26T09:10:00Z",
            Kind.DATE: "2026-11-26",
            Kind.BASE64: b"fax\x00",
        }.get(f.kind, n)
    return [one] * max(f.min_occurs, 1) if f.is_list else one


_UNFIT = object()


def _fitted(f: Any, value: Any) -> Any:
    """A hand-picked *value* shaped for *f* as the schema has it now, or ``_UNFIT``.

    The schema may have changed since the value was picked: a single element that became a
    list (maxOccurs) gets the value as its items, a list that became single is unfit, and so
    is a value its (possibly changed) type cannot carry.
    """
    if f.plan is not None:
        return value
    if f.is_list != isinstance(value, list):
        if isinstance(value, list):
            return _UNFIT
        value = [value] * max(f.min_occurs, 1)
    for one in value if f.is_list else [value]:
        try:
            format_text(f.kind.xsd, one)
        except (TypeError, ValueError):
            return _UNFIT
    return value


def filled(cls: type[Any], n: int, values: dict[str, Any]) -> Any:
    """An instance of *cls* with *values* (by attribute) where they still fit the schema, and
    every other field filled by its schema type (*n* varies the filler)."""
    plan = plan_for(cls)
    fitted = {f.attr: _fitted(f, values[f.attr]) for f in plan.fields if f.attr in values}
    return cls(
        **{
            f.attr: fitted[f.attr] if fitted.get(f.attr, _UNFIT) is not _UNFIT else _typed(f, n)
            for f in plan.fields
        }
    )


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
    return filled(cls, n, values)


def request(op_name: str) -> Any:
    op = OPERATIONS[op_name]
    values: dict[str, Any] = {}
    if op.user_attr:
        values[op.user_attr] = "mbx1234567890"
    if op.pin_attr:
        values[op.pin_attr] = ""
    if op.ids is IdCarrier.SINGLE and op.ids_attr:
        values[op.ids_attr] = "JRI-REF1234"
    elif op.ids is IdCarrier.LIST and op.ids_attr:
        values[op.ids_attr] = _ids()
    return filled(op.request, 0, values)


def response(op_name: str) -> Any:
    op = OPERATIONS[op_name]
    values: dict[str, Any] = {}
    if op.has_status_list:
        assert op.item_class is not None and op.list_class is not None
        items = [_item(op.item_class, 1), None, _item(op.item_class, 2)]
        values[op.list_attr or ""] = op.list_class(**{op.list_items_attr or "": items})
        values[op.result_attr or ""] = True
        values["wserror"] = wserror(0, "")
    elif op.ids is IdCarrier.SINGLE and op.result_attr:
        values[op.result_attr] = -(2**63)
    elif op.result_attr:
        values[op.result_attr] = "OK"
    return filled(op.response, 0, values)


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


_TYPED_KINDS = (
    Kind.INT,
    Kind.LONG,
    Kind.SHORT,
    Kind.UNSIGNED_INT,
    Kind.UNSIGNED_LONG,
    Kind.BOOLEAN,
    Kind.DOUBLE,
    Kind.DECIMAL,
)


def _typed_field(plan: Any) -> str | None:
    """The element name of the first field (depth first) whose text has a lexical form."""
    for f in plan.fields:
        if f.plan is not None:
            inner = _typed_field(f.plan)
            if inner is not None:
                return inner
        elif f.kind in _TYPED_KINDS:
            return str(f.name)
    return None


def trial_documents(op_name: str) -> dict[str, bytes]:
    """SOAP 1.2 responses of *op_name* for comparing validate with decode, by name.

    ``valid``: the sample response; ``wrong type``: the first field with a lexical form
    (int, boolean, ...) holds a word; ``unknown element``: an element the schema does not
    name opens the payload; ``no such operation``: the payload element renamed to one no
    operation has. Derived from the schema, so they follow it.
    """
    op = OPERATIONS[op_name]
    element = op.element(Direction.RESPONSE)
    valid = encode(response(op_name), ContentType.SOAP12).body
    start = re.search(rb"<" + element.encode() + rb"\b[^>]*>", valid)
    assert start is not None, element
    docs = {
        "valid": valid,
        "unknown element": valid[: start.end()] + b"<NoSuchElement/>" + valid[start.end() :],
        "no such operation": valid.replace(element.encode(), element.encode() + b"Gone"),
    }
    typed = _typed_field(plan_for(op.response))
    if typed is not None:
        name = re.escape(typed.encode())
        docs["wrong type"] = re.sub(
            rb"<" + name + rb">[^<]*</" + name + rb">",
            f"<{typed}>not-a-value</{typed}>".encode(),
            valid,
            count=1,
        )
    return docs
