"""The recorded-integration vector: a SendFaxEx, then status polls, through ``faxstatus proxy``.

Built from the simulator, never typed by hand: an integration (plain httpx, SOAP 1.1, as the
vendor's Java and PHP clients speak) sends a fax, then our client polls GetRealTimeFaxStatusEx
for the new job while the simulator's job clock moves on; the proxy writes the HAR. The
bodies are reproducible (fixed epoch, a job clock that moves only when told), the times,
ports and activity ids are not, so the tests compare bodies.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx

import faxstatus
from faxstatus import FaxStatusClient
from faxstatus.proxy import Proxy
from faxstatus.simulator import SimulatorServer

from . import samples
from .helpers import JobClock, make_simulator
from .paths import VECTORS

#: The vector: tests/vectors/har/<name>.
HAR_VECTOR = VECTORS / "har" / "SendFaxEx-then-status-polls.har"
#: Job time of each poll: queued, sending, delivered (the simulator's SimJob timeline).
POLL_TIMES = (1.0, 9.0, 3600.0)


def _send_request() -> bytes:
    req: Any = samples.request("SendFaxEx")
    req.user_id, req.str_pin = "demo-user", "demo-pin"
    req.job_details.reference_id = "PO-4711"
    return faxstatus.encode(req, "soap11").body


def build(path: Path) -> None:
    """Record the integration into the HAR file *path*."""
    clock = JobClock()
    sim = make_simulator(clock=clock)
    with SimulatorServer(sim) as srv, Proxy(srv.url, har=str(path), out=io.StringIO()) as proxy:
        body = _send_request()
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
        with httpx.Client() as http:
            sent = http.post(proxy.url, content=body, headers=headers)
        sent.raise_for_status()
        msg = faxstatus.decode(sent.content, sent.headers["content-type"])
        assert isinstance(msg, faxstatus.Message)
        ids = [i.job_id for i in msg.payload.fax_job_ids.item]
        with FaxStatusClient(
            "demo-user", pin="demo-pin", endpoint=proxy.url, content_type="soap12"
        ) as client:
            for t in POLL_TIMES:
                clock.now = t
                client.get_real_time_fax_status_ex(ids)
    json.loads(path.read_text())  # written whole


def bodies(har: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    """(method, request text, status, response text) of each entry: what is reproducible."""
    return [
        (
            e["request"]["method"],
            e["request"].get("postData", {}).get("text", ""),
            e["response"]["status"],
            e["response"]["content"].get("text", ""),
        )
        for e in har["log"]["entries"]
    ]


def current(tmp: Path, update: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """The stored vector and one built now in *tmp*; with *update* (``--update-vectors``)
    the stored one is rewritten from it first."""
    fresh = tmp / "fresh.har"
    build(fresh)
    if update:
        HAR_VECTOR.parent.mkdir(exist_ok=True)
        HAR_VECTOR.write_text(fresh.read_text())
    return json.loads(HAR_VECTOR.read_text()), json.loads(fresh.read_text())
