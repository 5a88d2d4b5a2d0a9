"""Client guards that must each hold on their own (each was once hidden by another in a test).

- No new attempt starts once the call's deadline has passed, even when the backoff that
  led there was short enough to be allowed.
- A non-200 response is an HTTP error even when its body is a valid FaxWS message.
"""

from __future__ import annotations

import httpx

import faxstatus
from faxstatus import HTTPStatusError, TransportError
from faxstatus.client import RetryPolicy, Timeouts

from ..support.mock_service import URL, Server, ex2_response, item


def test_no_attempt_starts_after_the_deadline_passed_during_a_sleep(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("faxstatus.client._policy.time.monotonic", lambda: clock[0])

    def sleep(seconds: float) -> None:
        clock[0] += 30.0  # the process was descheduled: far longer than asked

    server = Server([httpx.ConnectError("refused"), httpx.ConnectError("refused")])
    c = faxstatus.FaxStatusClient(
        "user1",
        token="tok-123",
        endpoint=URL,
        transport=httpx.MockTransport(server),
        sleep=sleep,
        retry=RetryPolicy(attempts=5, backoff=0.01, jitter=False),
        timeouts=Timeouts(total=10.0),
    )
    report = c.get_real_time_fax_status_ex(["br1"])
    error = report["br1"].error
    assert isinstance(error, TransportError)
    assert "deadline" in str(error)
    assert len(server.requests) == 1  # the second attempt never went out


def test_a_valid_payload_with_a_non_200_status_is_an_http_error():
    def answer(request, msg):
        enc = faxstatus.encode(ex2_response([item("br1")]), msg.content_type)
        return httpx.Response(500, headers=enc.headers, content=enc.body)

    c = faxstatus.FaxStatusClient(
        "user1",
        token="tok-123",
        endpoint=URL,
        transport=httpx.MockTransport(Server([answer])),
        retry=RetryPolicy.never(),
    )
    report = c.get_real_time_fax_status_ex2(["br1"])
    error = report["br1"].error
    assert isinstance(error, HTTPStatusError) and error.status == 500
    assert not report["br1"].ok
