"""A scripted FaxWS service on httpx.MockTransport and clients wired to it: no sockets or sleeps."""

from __future__ import annotations

from typing import Any

import httpx

import faxstatus
from faxstatus import FaxStatusClient
from faxstatus.codec import OPERATIONS
from faxstatus.codec._plan import plan_for

from .helpers import wserror
from .samples import filled

URL = "https://faxws.test/fax/v5"


def _example_operation() -> str:
    """The status operation the client tests ask: Ex2 while the schema has it, else the first
    one whose items carry a ReferenceId (the JRI- pairing needs one), else the first."""
    listed = [op for op in OPERATIONS.values() if op.has_status_list]
    named = [op for op in listed if op.name == "GetRealTimeFaxStatusEx2"]
    with_ref = [op for op in listed if op.reference_field is not None]
    return (named or with_ref or listed)[0].name


#: The multi-job status operation the client tests ask (it follows the schema).
OPERATION = _example_operation()


def item(job_id: str, status: int = 1, ref: str = "") -> Any:
    """One status item of :data:`OPERATION` for *job_id*; fields the tests do not name are
    filled by their schema type (tests/support/samples.py)."""
    op = OPERATIONS[OPERATION]
    cls = op.item_class
    assert cls is not None
    values: dict[str, Any] = {
        "fax_job_status_id": status,
        "status_description": "x",
        "recipient_state": 0,
        "recipient_current_page_count": 1,
        "recipient_total_page_count": 2,
        "fax_delivery_date_time": "2026-11-26T09:15:02Z",
        "fax_delivery_duration": 60,
        "remote_fax_csid": "CSID",
        "error": wserror(),
    }
    plan = plan_for(cls)
    values[plan.by_name[op.job_id_field or "FaxJobId"].attr] = job_id
    if op.reference_field is not None:
        values[plan.by_name[op.reference_field].attr] = ref
    return filled(cls, 1, values)


def ex2_response(items: list[Any], ok: bool = True) -> Any:
    """A response of :data:`OPERATION` holding *items* (``return`` *ok*)."""
    op = OPERATIONS[OPERATION]
    assert op.list_class is not None and op.list_attr and op.list_items_attr and op.result_attr
    return filled(
        op.response,
        0,
        {
            op.result_attr: ok,
            op.list_attr: op.list_class(**{op.list_items_attr: items}),
            "wserror": wserror(0 if ok else 77, "" if ok else "Authentication failed"),
        },
    )


class Server:
    """A MockTransport handler that echoes requested ids, with scripted misbehaviour."""

    def __init__(self, script: list[Any] | None = None) -> None:
        self.script = list(script or [])
        self.requests: list[httpx.Request] = []
        self.decoded: list[Any] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        msg = faxstatus.decode_request(request.read(), request.headers.get("content-type"))
        self.decoded.append(msg.payload)
        step = self.script.pop(0) if self.script else None
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return step
        if callable(step):
            reply: httpx.Response = step(request, msg)
            return reply
        ids = [i.job_id for i in msg.payload.fax_job_ids.item]
        enc = faxstatus.encode(ex2_response([item(j) for j in ids]), msg.content_type)
        return httpx.Response(
            200,
            headers={**enc.headers, "x-ch-activity-id": "act-1", "x-ch-execution-time": "12"},
            content=enc.body,
        )


def client(server: Server, **kw: Any) -> FaxStatusClient:
    sleeps: list[float] = []
    kw.setdefault("token", "tok-123")
    c = FaxStatusClient(
        "user1", endpoint=URL, transport=httpx.MockTransport(server), sleep=sleeps.append, **kw
    )
    c.sleeps = sleeps  # type: ignore[attr-defined]
    return c
