"""A user's script, fully typed: ``make typecheck`` checks it strictly, test_typing runs it.

``assert_type`` is checked by mypy and does nothing at run time, so this file fails the type
check the moment a client method loses its typed keywords or ``decode_response`` its
per-operation return types.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import assert_type

import httpx

import faxstatus
from faxstatus import models
from faxstatus.simulator import Simulator, SimulatorTransport

ENDPOINT = "http://sim.test/fax/v5"
EPOCH = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # the simulator's dates count from here


def query(transport: httpx.BaseTransport) -> faxstatus.StatusReport:
    """What a typed caller writes: every keyword named, every result typed."""
    with faxstatus.FaxStatusClient(
        "demo-user", pin="demo-pin", endpoint=ENDPOINT, transport=transport, batch_size=50
    ) as client:
        report = client.get_real_time_fax_status_ex(
            ["br1000000001", "br9999999999"], content_type="json", request_id="typed-1"
        )
        assert_type(report, faxstatus.StatusReport)
        for outcome in report:
            assert_type(outcome, faxstatus.JobOutcome)
            if outcome.status is not None:
                assert_type(outcome.status.status, faxstatus.FaxJobStatus | int)
                assert_type(outcome.status.pages_sent, int | None)
            else:
                assert_type(outcome.error, faxstatus.FaxStatusError | None)
        simple = client.simple_get_fax_status("br1000000001", content_type="soap11")
        assert_type(simple.code, int)
        assert_type(client.check_service(), str)
        watch = client.watch(["br1000000001"], interval=0.01, timeout=5.0)
        assert_type(watch.run(), faxstatus.StatusReport)
    return report


def misspelt(client: faxstatus.FaxStatusClient) -> None:
    """A misspelt keyword is a type error (the ignore below is itself checked: strict mypy
    reports an unused ignore, so this fails the type check if the error ever goes away)."""
    client.get_real_time_fax_status_ex(["br1"], contnet_type="json")  # type: ignore[call-arg]


def decode(body: bytes, content_type: str) -> int:
    """decode_response knows the response class from the operation's name."""
    resp = faxstatus.decode_response("GetRealTimeFaxStatusEx", body, content_type)
    assert_type(resp, models.RealTimeFaxStatusExResponse)
    return sum(1 for item in resp.fax_status_list.item if item is not None)


def main() -> int:
    """Run the script against the in-process simulator; return the number of ok outcomes."""
    report = query(SimulatorTransport(Simulator(epoch=EPOCH)))
    with faxstatus.FaxStatusClient(
        "demo-user",
        pin="demo-pin",
        endpoint=ENDPOINT,
        transport=SimulatorTransport(Simulator(epoch=EPOCH)),
    ) as client:
        prepared = client.prepare("GetRealTimeFaxStatusEx", ["br1000000001"])
    assert prepared.job_ids == ("br1000000001",)
    return sum(1 for o in report if o.ok)
