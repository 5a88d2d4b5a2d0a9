"""zeep as an outside oracle: it builds requests we decode, and parses responses we encode."""

from __future__ import annotations

import base64
import datetime
from decimal import Decimal
from typing import Any

import pytest
import zeep
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from zeep.helpers import serialize_object

import faxstatus
from faxstatus import ContentType, Message
from faxstatus import strategies as fs
from faxstatus.codec import OPERATIONS
from faxstatus.codec._json import encode_payload
from faxstatus.codec._plan import plan_for

from ..support import samples
from ..support.paths import ROOT

pytestmark = pytest.mark.slow

PORTS = {"FaxWS": ContentType.SOAP11, "FaxWS12": ContentType.SOAP12}


@pytest.fixture(scope="module")
def client() -> zeep.Client:
    return zeep.Client(str(ROOT / "schema" / "faxws.wsdl"))


class _Reply:
    """The slice of requests.Response that zeep's process_reply reads."""

    def __init__(self, body: bytes, content_type: str) -> None:
        self.status_code = 200
        self.headers = {"Content-Type": content_type}
        self.content = body
        self.encoding = "utf-8"


def _plain(value: Any) -> Any:
    """zeep's objects as plain data, lists unwrapped from their "item" level, "" as None.

    zeep reads an xsi:nil complex item as an object whose fields are all None, and an empty
    list element as None: both normalise to None (on our side, [] does too). An absent
    optional element is a None member for zeep and no member in our JSON form: members that
    are None are left out on both sides.
    """
    value = serialize_object(value, dict)
    if isinstance(value, dict):
        if list(value) == ["item"]:
            return [_plain(v) for v in value["item"] or []] or None
        if value and all(v is None for v in value.values()):
            return None
        plain = {k: _plain(v) for k, v in value.items()}
        # An item whose fields are all empty reads as nil in zeep: None either way.
        return {k: v for k, v in plain.items() if v is not None} or None
    if isinstance(value, list):
        return [_plain(v) for v in value] or None
    # Types a schema change may bring: zeep's Python values, our JSON form's text.
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime.date):
        return value.isoformat().replace("+00:00", "Z")
    return None if value == "" else value


def _ours(msg: Any) -> Any:
    """Our JSON form of *msg*, with "" as None (zeep reads an empty element as None)."""
    return _plain(encode_payload(msg, plan_for(type(msg)), "$"))


def _zeep_value(plan: Any, obj: Any) -> Any:
    """*obj* as zeep's keyword values, by the plan: every list type as ``{"item": [...]}``."""
    if obj is None:
        return None
    if plan.item is not None:
        sub = plan.item.plan
        items = getattr(obj, plan.item.attr)
        return {"item": [_zeep_value(sub, v) if sub is not None else v for v in items]}
    out = {}
    for f in plan.fields:
        value = getattr(obj, f.attr)
        if f.plan is not None and not f.is_list:
            value = _zeep_value(f.plan, value)
        elif f.plan is not None:
            value = [_zeep_value(f.plan, v) for v in value]
        out[f.name] = value
    return out


def _zeep_kwargs(msg: Any) -> dict[str, Any]:
    value: dict[str, Any] = _zeep_value(plan_for(type(msg)), msg)
    return value


@pytest.mark.parametrize("port", list(PORTS))
@pytest.mark.parametrize("op", list(OPERATIONS))
def test_zeep_requests_decode_to_the_expected_message(client, op, port):
    msg = samples.request(op)
    if hasattr(msg, "fax_job_ids"):
        # zeep drops None list entries instead of writing xsi:nil, so send none.
        msg.fax_job_ids.item = [i for i in msg.fax_job_ids.item if i is not None]
    envelope = client.create_message(client.bind("FaxWS", port), op, **_zeep_kwargs(msg))
    out = faxstatus.decode(etree.tostring(envelope))
    assert isinstance(out, Message)
    assert out.content_type is PORTS[port]
    assert out.payload == msg


def _unwrapped(msg: Any, ours: Any) -> Any:
    """*ours* as zeep gives it: a wrapper of one element is unwrapped to that element."""
    fields = plan_for(type(msg)).fields
    if len(fields) == 1:
        return (ours or {}).get(fields[0].name)
    return ours


def _zeep_parse(client: zeep.Client, port: str, op: str, msg: Any) -> Any:
    binding = client.wsdl.services["FaxWS"].ports[port].binding
    enc = faxstatus.encode(msg, PORTS[port])
    return binding.process_reply(
        client, binding.get(op), _Reply(enc.body, enc.headers["Content-Type"])
    )


@pytest.mark.parametrize("port", list(PORTS))
@pytest.mark.parametrize("op", list(OPERATIONS))
def test_zeep_parses_our_responses_to_the_same_values(client, op, port):
    msg = samples.response(op)
    result = _zeep_parse(client, port, op, msg)
    ours = _ours(msg)
    # zeep unwraps a response whose wrapper holds a single element.
    expected = _unwrapped(msg, ours)
    assert _plain(result) == expected


@settings(max_examples=30)
@given(st.sampled_from(sorted(OPERATIONS)), st.sampled_from(sorted(PORTS)), st.data())
def test_zeep_agrees_on_generated_responses(client, op, port, data):
    msg = data.draw(fs.responses(op, max_items=3))
    ours = _ours(msg)
    expected = _unwrapped(msg, ours)
    assert _plain(_zeep_parse(client, port, op, msg)) == expected
