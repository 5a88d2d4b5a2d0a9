"""faxstatus.client._client: headers, auth, retries, redirects, batching, accounting, async."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

import faxstatus
import faxstatus.client
import faxstatus.codec
from faxstatus import (
    AsyncFaxStatusClient,
    ContentType,
    Fault,
    FaxJobStatus,
    FaxStatusClient,
    HTTPStatusError,
    InvalidJobIdError,
    MissingFromResponse,
    RetryPolicy,
    ServiceError,
    SoapFault,
    Timeouts,
    TransportError,
)
from faxstatus import models as m
from faxstatus.simulator import Injection, SimulatorTransport

from ..support.helpers import make_simulator, wserror
from ..support.mock_service import OPERATION, URL, Server, client, ex2_response, item

# ----------------------------------------------------------------------------- requests


@pytest.mark.parametrize(
    ("ct", "ctype", "soapaction"),
    [
        ("soap12", "application/soap+xml; charset=utf-8", None),
        ("soap11", "text/xml; charset=utf-8", '""'),
        ("xml", "application/xml; charset=utf-8", None),
        ("json", "application/json", None),
    ],
)
def test_request_headers_per_content_type(ct, ctype, soapaction):
    srv = Server()
    report = client(srv, content_type=ct).query(OPERATION, ["br1"])
    req = srv.requests[0]
    assert req.method == "POST" and str(req.url) == URL
    assert req.headers["content-type"] == ctype
    assert req.headers.get("soapaction") == soapaction
    assert req.headers["authorization"] == "Bearer tok-123"
    uuid.UUID(req.headers["x-ch-request-id"])
    meta = report.responses[0]
    assert meta.request_id == req.headers["x-ch-request-id"]
    assert (meta.activity_id, meta.execution_time_ms, meta.http_status) == ("act-1", 12.0, 200)
    assert meta.content_type is ContentType(ct)


def test_bearer_sends_empty_pin_and_pin_auth_sends_no_authorization():
    srv = Server()
    client(srv).query(OPERATION, ["br1"])
    assert srv.decoded[0].str_pin == "" and srv.decoded[0].user_id == "user1"
    srv2 = Server()
    client(srv2, token=None, pin="pin-9").query(OPERATION, ["br1"])
    assert "authorization" not in srv2.requests[0].headers
    assert srv2.decoded[0].str_pin == "pin-9"


def test_token_callable_is_called_per_request():
    tokens = iter(["t1", "t2", "t3"])
    srv = Server()
    c = client(srv, token=lambda: next(tokens), batch_size=1)
    c.query(OPERATION, ["br1", "br2"])
    assert [r.headers["authorization"] for r in srv.requests] == ["Bearer t1", "Bearer t2"]


def test_request_ids_fresh_unless_given():
    srv = Server()
    c = client(srv)
    c.query(OPERATION, ["br1"])
    c.query(OPERATION, ["br1"])
    c.query(OPERATION, ["br1"], request_id="mine")
    ids = [r.headers["x-ch-request-id"] for r in srv.requests]
    assert ids[0] != ids[1] and ids[2] == "mine"


def test_credentials_are_required():
    with pytest.raises(ValueError, match="give token= or auth="):
        FaxStatusClient("u")
    with pytest.raises(ValueError, match="user_id is required"):
        FaxStatusClient("", token="t")
    with pytest.raises(ValueError, match="http"):
        FaxStatusClient("u", token="t", endpoint="ftp://x")


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ("", "empty"),
        (" br1", "whitespace"),
        ("br\t1", "whitespace"),
        ("br\x001", "control character"),
        ("br\u200b1", "control character"),
        ("b" * 300, "300 characters"),
        ("JRI-", "no ReferenceId"),
    ],
)
def test_bad_job_ids_are_rejected_before_sending(bad, match):
    srv = Server()
    with pytest.raises(InvalidJobIdError, match=match):
        client(srv).query(OPERATION, ["br1", bad])
    assert srv.requests == []


def test_jri_helper():
    assert faxstatus.jri("REF1234") == "JRI-REF1234"
    with pytest.raises(InvalidJobIdError):
        faxstatus.jri("")


def test_prepare_encodes_without_sending_and_hides_secrets():
    srv = Server()
    c = client(srv, token=None, pin="pin-secret")  # one credential
    prep = c.prepare("GetRealTimeFaxStatusEx", ["br1"], content_type="soap11")
    assert srv.requests == []
    assert b"<strPIN>pin-secret</strPIN>" in prep.body  # sendable as is
    assert "pin-secret" not in repr(prep) and "tok-123" not in repr(prep)
    assert "pin-secret" not in prep.redacted_body()
    assert "tok-123" not in repr(c)


# ----------------------------------------------------------------------------- results


def test_typed_results():
    def answer(request, msg):
        items = [item("br1", 1), item("br2", 3), item("br3", 42), item("br4", 1)]
        items[3].error = wserror(-5019, "Invalid Job ID")
        enc = faxstatus.encode(ex2_response(items), msg.content_type)
        return httpx.Response(200, headers=enc.headers, content=enc.body)

    ids = ["br1", "br2", "br3", "br4"]
    report = client(Server([answer])).query(OPERATION, ids)
    s1, s2, s3 = (report[j].status for j in ("br1", "br2", "br3"))
    assert s1.status is FaxJobStatus.SUCCEEDED and s1.done
    assert s1.delivered_at_raw == "2026-11-26T09:15:02Z"
    assert s1.delivered_at is not None and s1.delivered_at.year == 2026 and s1.delivered_at.tzinfo
    assert (s1.pages_sent, s1.pages_total, s1.duration_seconds, s1.remote_csid) == (
        1,
        2,
        60,
        "CSID",
    )
    assert s2.status is FaxJobStatus.IN_PROGRESS and not s2.done
    assert s3.status == 42 and s3.status_code == 42  # unknown code kept as int
    assert report["br3"].ok and report["br3"].as_dict()["status"] == {"name": "unknown", "code": 42}
    assert report["br1"].as_dict()["status"] == {"name": "succeeded", "code": 1}
    # A per-item error is never a success, whatever FaxJobStatusId says.
    o4 = report["br4"]
    assert not o4.ok and o4.status is None and o4.final and o4.kind == "not_found"
    assert isinstance(o4.error, faxstatus.JobNotFoundError) and o4.error.code == -5019
    assert o4.error.item.error == faxstatus.ItemError(-5019, "Invalid Job ID")
    assert not report.ok and set(report.failures) == {"br4"}
    assert set(report.statuses) == set(ids[:3])


@pytest.mark.parametrize(
    ("code", "error", "kind"),
    [(-5019, 0, "not_found"), (-7, 0, "item_error"), (1, -12, "item_error"), (2, 0, None)],
)
def test_item_errors_are_typed_error_outcomes(code, error, kind):
    def answer(request, msg):
        it = item("br1", code)
        it.error = wserror(error, "boom" if error else "")
        enc = faxstatus.encode(ex2_response([it]), msg.content_type)
        return httpx.Response(200, headers=enc.headers, content=enc.body)

    outcome = client(Server([answer])).query(OPERATION, ["br1"])["br1"]
    if kind is None:  # a failed fax is a successful lookup
        assert outcome.ok and outcome.kind == "failed" and outcome.final
        return
    assert not outcome.ok and outcome.kind == kind and outcome.final
    assert isinstance(outcome.error, faxstatus.JobLookupError)
    assert outcome.error.code == (error or code)
    doc = outcome.as_dict()
    assert doc["ok"] is False and doc["status"] is None and doc["error"]["kind"] == kind
    assert doc["job"]["job_id"] == "br1"  # what the service sent is kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-26T09:15:02", (2026, 11, 26, 9, 15, 2)),
        ("2026-11-26T09:15:02Z", (2026, 11, 26, 9, 15, 2)),
        ("11/26/2026 9:15:02 PM", (2026, 11, 26, 21, 15, 2)),
        ("11/26/2026 21:15:02", (2026, 11, 26, 21, 15, 2)),
        ("", None),
        ("yesterday", None),
    ],
)
def test_fax_datetime_formats(text, expected):
    got = faxstatus.client.parse_fax_datetime(text)
    assert (None if got is None else got.timetuple()[:6]) == expected


# ----------------------------------------------------------------------------- accounting


def test_batches_keep_order_and_account_for_every_id():
    srv = Server()
    ids = [f"br{i:04d}" for i in range(250)]
    report = client(srv, batch_size=100).query(OPERATION, ids)
    assert [len(d.fax_job_ids.item) for d in srv.decoded] == [100, 100, 50]
    assert [o.requested_id for o in report] == ids
    assert all(o.ok for o in report) and len(report.responses) == 3


def test_duplicates_are_sent_once_and_reported():
    srv = Server()
    report = client(srv).query(OPERATION, ["br1", "br2", "br1", "br1"])
    assert [i.job_id for i in srv.decoded[0].fax_job_ids.item] == ["br1", "br2"]
    assert [o.requested_id for o in report] == ["br1", "br2"]
    assert report.duplicates == ("br1", "br1")


def test_missing_nil_and_unexpected_items_are_reported():
    def answer(request, msg):
        # br2 left out, br3 nil, an extra item nobody asked for.
        enc = faxstatus.encode(ex2_response([item("br1"), None, item("zz9")]), msg.content_type)
        return httpx.Response(200, headers=enc.headers, content=enc.body)

    report = client(Server([answer])).query(OPERATION, ["br1", "br2", "br3"])
    assert report["br1"].ok
    assert isinstance(report["br2"].error, MissingFromResponse)
    assert isinstance(report["br3"].error, MissingFromResponse)
    assert [s.job_id for s in report.unexpected] == ["zz9"]


def test_jri_lookups_pair_by_position_and_reference():
    def answer(request, msg):
        # Same length: by position. The JRI- id is answered with the real job id.
        enc = faxstatus.encode(ex2_response([item("br7", ref="R1"), item("br1")]), msg.content_type)
        return httpx.Response(200, headers=enc.headers, content=enc.body)

    def shuffled(request, msg):
        enc = faxstatus.encode(ex2_response([item("br1"), item("br7", ref="R1")]), msg.content_type)
        return httpx.Response(200, headers=enc.headers, content=enc.body)

    for script in ([answer], [shuffled]):
        report = client(Server(script)).query(OPERATION, ["JRI-R1", "br1"])
        assert report["JRI-R1"].status.job_id == "br7"
        assert report["br1"].status.job_id == "br1"
        assert report.unexpected == ()


def test_a_failed_batch_fails_only_its_ids():
    srv = Server([None, httpx.Response(400, text="bad")])
    report = client(srv, batch_size=2).query(OPERATION, ["a1", "a2", "b1", "b2", "c1"])
    assert [o.ok for o in report] == [True, True, False, False, True]
    assert isinstance(report["b1"].error, HTTPStatusError) and report["b1"].error.status == 400
    assert set(report.failures) == {"b1", "b2"}


def test_return_false_is_a_service_error_per_id():
    def answer(request, msg):
        enc = faxstatus.encode(ex2_response([], ok=False), msg.content_type)
        return httpx.Response(200, headers=enc.headers, content=enc.body)

    report = client(Server([answer])).query(OPERATION, ["br1", "br2"])
    errs = [o.error for o in report]
    assert all(isinstance(e, ServiceError) and e.code == 77 for e in errs)


# ----------------------------------------------------------------------------- retries


def _fault_response(request, msg):
    enc = faxstatus.codec.encode_fault(Fault.receiver("boom"))
    return httpx.Response(500, headers=enc.headers, content=enc.body)


@pytest.mark.parametrize("status", [502, 503, 504, 429])
def test_retryable_statuses_are_retried(status):
    srv = Server([httpx.Response(status), httpx.Response(status)])
    c = client(srv)
    report = c.query(OPERATION, ["br1"])
    assert report["br1"].ok and len(srv.requests) == 3
    assert len(c.sleeps) == 2 and all(0 <= s <= 0.5 for s in c.sleeps)
    assert report.responses[0].attempts == 3


def test_retry_after_is_honoured():
    srv = Server([httpx.Response(429, headers={"Retry-After": "3"})])
    c = client(srv)
    assert c.query(OPERATION, ["br1"])["br1"].ok
    assert c.sleeps == [3.0]


def test_retry_after_beyond_the_deadline_gives_up():
    srv = Server([httpx.Response(503, headers={"Retry-After": "120"})])
    c = client(srv, timeouts=Timeouts(total=5))
    report = c.query(OPERATION, ["br1"])
    assert isinstance(report["br1"].error, HTTPStatusError) and report["br1"].error.status == 503
    assert c.sleeps == [] and len(srv.requests) == 1


def test_attempts_are_bounded_and_backoff_grows():
    srv = Server([httpx.Response(503)] * 10)
    c = client(srv, retry=RetryPolicy(attempts=4, jitter=False, backoff=0.5))
    report = c.query(OPERATION, ["br1"])
    assert len(srv.requests) == 4 and c.sleeps == [0.5, 1.0, 2.0]
    assert isinstance(report["br1"].error, HTTPStatusError)


def test_connection_errors_are_retried():
    srv = Server([httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
    c = client(srv)
    assert c.query(OPERATION, ["br1"])["br1"].ok
    assert len(srv.requests) == 3


def test_connection_errors_end_as_transport_error():
    srv = Server([httpx.ConnectError("refused")] * 4)
    report = client(srv).query(OPERATION, ["br1"])
    assert isinstance(report["br1"].error, TransportError)
    assert "ConnectError" in str(report["br1"].error)


@pytest.mark.parametrize(
    "step",
    [
        httpx.Response(400, text="bad request"),
        httpx.Response(401),
        httpx.Response(403, text="<html>forbidden</html>", headers={"content-type": "text/html"}),
        httpx.Response(404),
        _fault_response,
        lambda request, msg: httpx.Response(
            200,
            headers=faxstatus.encode(ex2_response([], ok=False), msg.content_type).headers,
            content=faxstatus.encode(ex2_response([], ok=False), msg.content_type).body,
        ),
        httpx.Response(200, text="<not xml", headers={"content-type": "text/xml"}),
    ],
    ids=["400", "401", "403-html", "404", "fault", "service-error", "garbage"],
)
def test_never_retried(step):
    srv = Server([step, None])
    c = client(srv)
    report = c.query(OPERATION, ["br1"])
    assert not report["br1"].ok and len(srv.requests) == 1 and c.sleeps == []


def test_fault_outcome_keeps_the_fault():
    report = client(Server([_fault_response])).query(OPERATION, ["br1"])
    err = report["br1"].error
    assert isinstance(err, SoapFault) and err.http_status == 500 and err.fault.reason == "boom"


def test_http_error_has_a_short_excerpt():
    srv = Server([httpx.Response(401, text="Unauthorized: " + "x" * 1000)])
    err = client(srv).query(OPERATION, ["br1"])["br1"].error
    assert isinstance(err, HTTPStatusError) and err.status == 401
    assert err.excerpt.startswith("Unauthorized") and len(err.excerpt) <= 200


def test_simple_and_check_service_raise():
    def simple(request, msg):
        enc = faxstatus.encode(m.SimpleFaxStatusResponse(return_value=-5019), msg.content_type)
        return httpx.Response(200, headers=enc.headers, content=enc.body)

    c = client(Server([simple, _fault_response]))
    s = c.simple_get_fax_status("br1")
    assert s.code == -5019 and s.status == -5019
    with pytest.raises(SoapFault):
        c.check_service()


@pytest.mark.parametrize("name", ["CancelFax", "SendFax", "GetRealTimeFaxStatusEx"])
def test_a_single_status_query_never_sends_another_operation(name):
    sent: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.content)
        return httpx.Response(500)

    c = FaxStatusClient("u", token="tok", transport=httpx.MockTransport(handler))
    with c, pytest.raises(ValueError, match=f"'{name}' is no single-id status operation"):
        c.simple_get_fax_status("br1000000002", operation=name)
    assert sent == []

    async def go() -> None:
        transport = httpx.MockTransport(handler)
        async with AsyncFaxStatusClient("u", token="tok", transport=transport) as ac:
            await ac.simple_get_fax_status("br1000000002", operation=name)

    with pytest.raises(ValueError, match="no single-id status operation"):
        asyncio.run(go())
    assert sent == []


# ----------------------------------------------------------------------------- redirects


def test_redirect_to_another_host_is_refused_and_auth_never_sent_there():
    seen_hosts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen_hosts.append(request.url.host)
        return httpx.Response(307, headers={"Location": "https://evil.test/steal"})

    c = FaxStatusClient("u", token="tok", endpoint=URL, transport=httpx.MockTransport(handler))
    err = c.query(OPERATION, ["br1"])["br1"].error
    assert isinstance(err, HTTPStatusError) and "another host" in str(err)
    assert seen_hosts == ["faxws.test"]


def test_same_origin_307_is_followed_with_auth():
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if request.url.path == "/fax/v5":
            return httpx.Response(307, headers={"Location": "/fax/v5b"})
        return Server()(request)

    c = FaxStatusClient("u", token="tok", endpoint=URL, transport=httpx.MockTransport(handler))
    assert c.query(OPERATION, ["br1"])["br1"].ok
    assert [r.url.path for r in calls] == ["/fax/v5", "/fax/v5b"]
    assert calls[1].headers["authorization"] == "Bearer tok"


def test_302_would_drop_the_post_and_is_an_error():
    handler = lambda request: httpx.Response(302, headers={"Location": "/elsewhere"})  # noqa: E731
    c = FaxStatusClient("u", token="tok", endpoint=URL, transport=httpx.MockTransport(handler))
    err = c.query(OPERATION, ["br1"])["br1"].error
    assert isinstance(err, HTTPStatusError) and "drop the POST" in str(err)


# ----------------------------------------------------------------------------- async


def test_async_batches_concurrently_in_order():
    active = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.01)
        active -= 1
        return Server()(request)

    async def run() -> Any:
        async with AsyncFaxStatusClient(
            "u",
            token="t",
            endpoint=URL,
            transport=httpx.MockTransport(handler),
            batch_size=10,
            max_concurrency=3,
        ) as c:
            return await c.query(OPERATION, [f"id{i}" for i in range(95)])

    report = asyncio.run(run())
    assert [o.requested_id for o in report] == [f"id{i}" for i in range(95)]
    assert all(o.ok for o in report) and len(report.responses) == 10
    assert 1 < peak <= 3


def test_async_retries_and_accounts():
    srv = Server([httpx.Response(503), httpx.ConnectError("x"), None, httpx.Response(404)])

    async def handler(request: httpx.Request) -> httpx.Response:
        reply: httpx.Response = srv(request)
        return reply

    async def run() -> Any:
        async with AsyncFaxStatusClient(
            "u",
            token="t",
            endpoint=URL,
            transport=httpx.MockTransport(handler),
            batch_size=1,
            max_concurrency=1,
            retry=RetryPolicy(backoff=0.001),
        ) as c:
            return await c.query(OPERATION, ["a", "b"])

    report = asyncio.run(run())
    assert report["a"].ok and isinstance(report["b"].error, HTTPStatusError)


def test_prepare_checks_ids_for_every_operation():
    c = client(Server())
    with pytest.raises(ValueError, match="exactly one job id"):
        c.prepare("SimpleGetFaxStatus", ["a", "b"])
    with pytest.raises(ValueError, match="needs a sequence of job ids"):
        c.prepare("GetFaxStatus", [])
    with pytest.raises(InvalidJobIdError):
        c.prepare("SimpleGetFaxStatus", ["b r"])
    assert b"<CheckService" in c.prepare("CheckService").body
    a = AsyncFaxStatusClient("u", token="t", endpoint=URL)
    assert a.prepare("GetFaxStatus", ["br1"], content_type="json").body.startswith(
        b'{"GetFaxStatus"'
    )


def test_accounting_stays_exact_for_a_large_shuffled_batch():
    from faxstatus.client._results import match_items

    asked = [f"id{i}" for i in range(5000)] + ["JRI-R7"]
    # The answer is reversed, one id is missing, one is extra, and the JRI- lookup comes back
    # under its real id with its ReferenceId.
    items = [item(f"id{i}") for i in range(4999, 0, -1)] + [item("zz"), item("br7", ref="R7")]
    outcomes, unexpected = match_items(asked, items)
    assert [o.requested_id for o in outcomes] == asked
    assert all(o.status.job_id == o.requested_id for o in outcomes[1:5000])
    assert isinstance(outcomes[0].error, MissingFromResponse)
    assert outcomes[-1].status.job_id == "br7"
    assert [u.job_id for u in unexpected] == ["zz"]


def test_a_token_http_cannot_carry_is_refused_without_quoting_it():
    srv = Server()
    for bad in ("tök-secret", "two words", "tab\tsecret"):
        with pytest.raises(ValueError, match="printable ASCII") as info:
            client(srv, token=bad).query(OPERATION, ["br1"])
        assert bad not in str(info.value)
    assert srv.requests == []


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_each_job_id_is_checked_once_per_call(monkeypatch, mode):
    # plan_batches checks every id; prepare() must not check the batch a second time.
    from faxstatus.client import _client

    calls: list[object] = []
    real = _client.check_job_id

    def counting(job_id: object) -> Any:
        calls.append(job_id)
        return real(job_id)

    monkeypatch.setattr(_client, "check_job_id", counting)
    ids = [f"br{i}" for i in range(7)] + ["br0"]
    if mode == "sync":
        report = client(Server(), batch_size=3).query(OPERATION, ids)
    else:

        async def go() -> Any:
            async with AsyncFaxStatusClient(
                "user1",
                token="t",
                endpoint=URL,
                transport=httpx.MockTransport(Server()),
                batch_size=3,
            ) as c:
                return await c.query(OPERATION, ids)

        report = asyncio.run(go())
    assert len(report) == 7
    assert calls == ids
    # Ids prepared on their own are still checked.
    with pytest.raises(InvalidJobIdError):
        client(Server()).prepare(OPERATION, ["br 1"])


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_credential_failure_is_not_repeated_per_batch(mode):
    from faxstatus.simulator import SimulatorTransport

    sim = make_simulator()
    ids = [f"br{i:010d}" for i in range(5000)]
    kw = {
        "token": "wrong",
        "endpoint": "http://sim.test/fax/v5",
        "transport": SimulatorTransport(sim),
    }
    if mode == "sync":
        with faxstatus.FaxStatusClient("demo-user", **kw) as c:
            report = c.get_real_time_fax_status_ex(ids)
    else:

        async def run():
            async with faxstatus.AsyncFaxStatusClient("demo-user", max_concurrency=1, **kw) as c:
                return await c.get_real_time_fax_status_ex(ids)

        report = asyncio.run(run())
    assert sim.requests == 1
    first = report[ids[0]].error
    assert isinstance(first, faxstatus.ServiceError) and report[ids[99]].error is first
    rest = [report[j].error for j in ids[100:]]
    assert all(isinstance(e, faxstatus.NotSentError) and e.reason is first for e in rest)
    assert report[ids[-1]].kind == "not_sent" and "Authentication failed" in str(rest[0])


def test_the_client_refuses_a_pin_beside_a_bearer_source():
    import faxstatus

    with pytest.raises(ValueError, match=r"give one credential, not pin= and token=") as info:
        faxstatus.FaxStatusClient("u", pin="pn-secret", token="tkQsecret")
    assert "pn-secret" not in str(info.value) and "tkQsecret" not in str(info.value)
    auth = faxstatus.OAuth2("http://127.0.0.1:9/oauth/token", client_id="c", client_secret="s")
    with pytest.raises(ValueError, match=r"not pin= and auth="):
        faxstatus.AsyncFaxStatusClient("u", pin="pn-secret", auth=auth)
    # an empty strPIN is what goes out with a bearer token: not a second credential
    faxstatus.FaxStatusClient("u", pin="", token="tkQsecret").close()


# ----------------------------------------------------------------------------- guards
# Each of these must hold on its own: each was once hidden by another guard in a test.
# No new attempt starts once the call's deadline has passed, even when the backoff that led
# there was short enough to be allowed; a non-200 response is an HTTP error even when its
# body is a valid FaxWS message.


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
    report = c.query(OPERATION, ["br1"])
    error = report["br1"].error
    assert isinstance(error, HTTPStatusError) and error.status == 500
    assert not report["br1"].ok


# ----------------------------------------------------------------------------- masking


def _as_data(report: Any) -> dict[str, Any]:
    """The report's JSON without what differs per call (request ids, receipt times)."""
    data: dict[str, Any] = report.as_dict()
    data.pop("responses")
    return data


DEMO_IDS = ["br1000000001", "br1000000002", "br1000000003", "JRI-INV-1003"]


@pytest.mark.parametrize("pin", ["1000", "0", "ACME", "2026", "Success", "br1000000001"])
@pytest.mark.parametrize("ct", ["soap12", "json"])
def test_a_pin_that_occurs_in_the_data_changes_no_outcome(pin, ct):
    from faxstatus.cli._status import format_table
    from faxstatus.simulator import SimulatorTransport

    def ask(secret: str) -> Any:
        sim = make_simulator(pin=secret)
        with FaxStatusClient(
            "demo-user", pin=secret, transport=SimulatorTransport(sim), content_type=ct
        ) as c:
            return c.get_real_time_fax_status_ex3(DEMO_IDS)

    report, plain = ask(pin), ask("demo-pin-unrelated")
    assert report.ok and not report.unexpected, report
    assert _as_data(report) == _as_data(plain)
    assert format_table(report) == format_table(plain)
    assert report.outcomes == plain.outcomes
    first = report["br1000000001"].status
    assert first is not None and first.job_id == "br1000000001"
    assert first.description == "Success"
    ex3 = faxstatus.codec._plan.plan_for(faxstatus.models.RealTimeFaxStatusEx3).fields
    if any(f.was == "RemoteFaxCSID" for f in ex3):  # not after a rename left unrecorded
        assert first.remote_csid == "ACME CORP"
    assert first.delivered_at is not None and first.delivered_at.year == 2026


def test_an_echoed_short_pin_is_masked_in_reprs_but_not_in_the_data():
    import dataclasses

    echo = dataclasses.replace(item("br4321"), status_description="rejected PIN 4321")

    def reply(request: httpx.Request, msg: Any) -> httpx.Response:
        enc = faxstatus.encode(ex2_response([echo]), msg.content_type)
        return httpx.Response(200, headers=dict(enc.headers), content=enc.body)

    with client(Server([reply]), token=None, pin="4321") as c:
        report = c.query(OPERATION, ["br4321"])
    status = report["br4321"].status
    assert status is not None and status.description == "rejected PIN 4321"
    assert report.as_dict()["results"][0]["job"]["description"] == "rejected PIN 4321"
    assert "rejected PIN ***" in repr(report) and "4321'" not in repr(status.description)
    assert "br4321" in repr(report)  # an id holding the PIN's digits is no echo


def test_a_wrong_password_is_not_masked_in_the_token_endpoints_message():
    from faxstatus import OAuth2, OAuthError
    from faxstatus.simulator import SimulatorTransport

    sim = make_simulator()
    auth = OAuth2(
        "http://sim.test/oauth/token",
        client_id="demo-client",
        username="demo-user",
        password="wrong",
        allow_insecure_http=True,  # the in-process simulator, not the network
    )
    recorder = faxstatus.Recorder()
    with FaxStatusClient(
        "demo-user",
        auth=auth,
        endpoint="http://sim.test/fax/v5",
        transport=SimulatorTransport(sim),
        recorder=recorder,
    ) as c:
        error = c.get_real_time_fax_status_ex(["br1000000001"])["br1000000001"].error
    assert isinstance(error, OAuthError)
    assert "invalid_grant: wrong username or password" in str(error)
    shown = "\n".join(ex.format() for ex in recorder)
    assert "wrong username or password" in shown and "password=***" in shown


def test_a_bearer_challenge_shows_its_realm():
    from faxstatus.client._har import mask_headers

    challenge = 'Bearer realm="faxws-simulator", error="invalid_token"'
    assert mask_headers([("WWW-Authenticate", challenge)], ("wrong",)) == [
        ("WWW-Authenticate", challenge)
    ]
    assert mask_headers([("X-Echo", "Bearer tok.en-1==")]) == [("X-Echo", "Bearer ***")]


@pytest.mark.parametrize("ct", ["soap12", "soap11", "xml"])
def test_a_pin_never_sends_the_request_to_the_generic_encoder(ct, monkeypatch):
    from faxstatus.codec.encoders import generic

    def refuse(*args: Any, **kw: Any) -> None:
        raise AssertionError("the generic encoder wrote the request")

    monkeypatch.setattr(generic, "encode_payload", refuse)
    with FaxStatusClient("u", pin="pn-secret", content_type=ct) as c:
        prep = c.prepare("GetRealTimeFaxStatusEx", ["br1", "JRI-x"])
    assert b"pn-secret" in bytes(prep.body)
    assert "pn-secret" not in repr(prep)


@pytest.mark.parametrize(
    ("status", "retry_after", "kind", "wait"),
    [
        (429, "7", "throttled", 7.0),
        (429, None, "throttled", None),
        (503, "2", "throttled", 2.0),
        (503, "Wed, 21 Oct 2015 07:28:00 GMT", "throttled", 0.0),  # a date long past: now
        (503, None, "http_error", None),  # a server down says nothing of a pace
        (502, "5", "http_error", None),
    ],
)
def test_a_throttle_is_its_own_kind(sim, status, retry_after, kind, wait):
    sim.inject(Injection("status", status=status, retry_after=retry_after))
    with FaxStatusClient(
        "demo-user", pin="demo-pin", transport=SimulatorTransport(sim), retry=RetryPolicy.never()
    ) as client:
        outcome = client.get_real_time_fax_status_ex(["br1000000001"])["br1000000001"]
    assert outcome.kind == kind and isinstance(outcome.error, HTTPStatusError)
    assert outcome.error.status == status and not outcome.final  # polling again may work
    if kind == "throttled":
        assert isinstance(outcome.error, faxstatus.ThrottledError)
        assert outcome.error.retry_after == wait and "throttled" in str(outcome.error)
