"""A scripted FaxWS service on httpx.MockTransport and clients wired to it: no sockets or sleeps."""

from __future__ import annotations

from typing import Any

import httpx

import faxstatus
from faxstatus import FaxStatusClient
from faxstatus import models as m

from .helpers import wserror

URL = "https://faxws.test/fax/v5"


def item(job_id: str, status: int = 1, ref: str = "") -> m.RealTimeFaxStatusEx2:
    return m.RealTimeFaxStatusEx2(
        fax_job_id=job_id,
        fax_job_status_id=status,
        status_description="x",
        recipient_state=0,
        recipient_current_page_count=1,
        recipient_total_page_count=2,
        fax_delivery_date_time="2026-11-26T09:15:02Z",
        fax_delivery_duration=60,
        remote_fax_csid="CSID",
        reference_id=ref,
        error=wserror(),
    )


def ex2_response(items: list[Any], ok: bool = True) -> m.RealTimeFaxStatusEx2Response:
    return m.RealTimeFaxStatusEx2Response(
        return_value=ok,
        fax_status_list=m.RealTimeFaxStatusEx2List(item=items),
        wserror=wserror(0 if ok else 77, "" if ok else "Authentication failed"),
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
