"""faxstatus.simulator: job progression, lookups, auth, faults, injection, real HTTP."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

import faxstatus
from faxstatus import (
    AsyncFaxStatusClient,
    ContentType,
    FaxJobStatus,
    FaxStatusClient,
    HTTPStatusError,
    RetryPolicy,
    ServiceError,
    SoapFault,
    Timeouts,
    TransportError,
)
from faxstatus.simulator import Injection, SimJob, Simulator, SimulatorServer, SimulatorTransport

from ..support.helpers import FIXED_EPOCH, make_simulator, status_items


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sim(clock: Clock) -> Simulator:
    return make_simulator(
        [
            SimJob(
                "br1", pages=3, submitted=0, reference_id="R1", queue_seconds=5, seconds_per_page=10
            ),
            SimJob(
                "br2",
                pages=5,
                submitted=0,
                fail_after_pages=2,
                queue_seconds=0,
                seconds_per_page=10,
            ),
            SimJob("br3", pages=1, submitted=-50, reference_id="R1"),
        ],
        clock=clock,
    )


def sync_client(sim: Simulator, **kw) -> FaxStatusClient:
    kw.setdefault("token", "demo-token")
    return FaxStatusClient("demo-user", transport=SimulatorTransport(sim), **kw)


def test_jobs_advance_with_time(sim, clock):
    c = sync_client(sim)
    seen = []
    for t in (0, 6, 16, 26, 40):
        clock.now = t
        s = c.get_real_time_fax_status_ex(["br1"])["br1"].status
        seen.append((s.status, s.pages_sent, s.delivered_at_raw != "", s.remote_csid))
    assert seen == [
        (FaxJobStatus.IN_PROGRESS, 0, False, ""),
        (FaxJobStatus.IN_PROGRESS, 0, False, ""),
        (FaxJobStatus.IN_PROGRESS, 1, False, ""),
        (FaxJobStatus.IN_PROGRESS, 2, False, ""),
        (FaxJobStatus.SUCCEEDED, 3, True, "FAX-REMOTE"),
    ]
    clock.now = 40
    done = c.get_real_time_fax_status_ex(["br1"])["br1"].status
    assert done.duration_seconds == 30 and done.delivered_at is not None


def test_failing_job(sim, clock):
    clock.now = 25
    s = sync_client(sim).get_real_time_fax_status_ex(["br2"])["br2"].status
    assert s.status is FaxJobStatus.FAILED and s.pages_sent == 2


def test_jri_finds_most_recent_and_unknown_ids_get_item_errors(sim, clock):
    clock.now = 100
    report = sync_client(sim).get_real_time_fax_status_ex3(["JRI-R1", "nope"])
    assert report["JRI-R1"].status.job_id == "br1"  # submitted 0 beats br3's -50
    bad = report["nope"].error
    assert isinstance(bad, faxstatus.JobNotFoundError) and not report["nope"].ok
    assert bad.code == -5019 and bad.text == "Invalid Job ID" and bad.item.status == -5019
    assert sync_client(sim).simple_get_fax_status("nope").code == -5019


@pytest.mark.parametrize(
    "kw",
    [
        {"token": "wrong"},
        {"token": None, "pin": "wrong"},
        {"token": None, "pin": "demo-pin", "user": "x"},
    ],
)
def test_wrong_credentials_answer_return_false(sim, kw):
    user = kw.pop("user", "demo-user")
    c = FaxStatusClient(user, transport=SimulatorTransport(sim), **kw)
    err = c.get_real_time_fax_status_ex(["br1"])["br1"].error
    assert isinstance(err, ServiceError) and err.code == -1000
    assert c.simple_get_fax_status("br1").code == -1000


@pytest.mark.parametrize(
    ("ctype", "body", "status", "version"),
    [
        (
            "application/soap+xml",
            b"<env:Envelope xmlns:env='http://www.w3.org/2003/05/soap-envelope'><env:Body/></env:Envelope>",
            400,
            "1.2",
        ),
        (
            "text/xml",
            b"<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><x/></s:Body></s:Envelope>",
            500,
            "1.1",
        ),
        ("text/xml", b"<oops", 500, "1.1"),
        ("application/soap+xml", b"<a:Envelope xmlns:a='urn:other'/>", 500, "1.2"),
    ],
)
def test_malformed_requests_get_a_fault_of_their_version(sim, ctype, body, status, version):
    reply = sim.handle("POST", {"content-type": ctype}, body)
    assert reply.status == status
    fault = faxstatus.decode(reply.body, reply.headers["Content-Type"])
    assert isinstance(fault, faxstatus.Fault) and fault.version.label == version
    assert "x-ch-activity-id" in reply.headers and "x-ch-execution-time" in reply.headers


def test_malformed_json_gets_a_json_fault(sim):
    reply = sim.handle("POST", {"content-type": "application/json"}, b'{"GetFaxStatus": 1}')
    assert reply.status == 400 and reply.headers["Content-Type"] == "application/json"
    assert isinstance(faxstatus.decode(reply.body, "application/json"), faxstatus.Fault)


def test_version_mismatch_fault(sim):
    reply = sim.handle(
        "POST", {"content-type": "application/soap+xml"}, b"<a:Envelope xmlns:a='urn:other'/>"
    )
    fault = faxstatus.decode(reply.body)
    assert fault.code_name == "VersionMismatch"


def test_get_is_not_allowed(sim):
    assert sim.handle("GET", {}, b"").status == 405


def test_injected_fault_and_status(sim):
    sim.inject(Injection("fault"))
    c = sync_client(sim, retry=RetryPolicy(backoff=0.001))
    err = c.get_real_time_fax_status_ex(["br1"])["br1"].error
    assert isinstance(err, SoapFault) and err.fault.reason == "injected fault"
    sim.inject(Injection("status", status=503), times=2)
    report = c.get_real_time_fax_status_ex(["br1"])
    assert report["br1"].ok and report.responses[0].attempts == 3


def test_injection_rates_are_seeded(sim):
    sim.set_rates([(0.5, Injection("status", status=503))], seed=7)
    statuses = [sim.handle("GET", {}, b"").status for _ in range(200)]
    assert 60 < statuses.count(503) < 140
    sim.set_rates([(0.5, Injection("status", status=503))], seed=7)
    assert [sim.handle("GET", {}, b"").status for _ in range(200)] == statuses


def test_latency_beyond_read_timeout_is_a_timeout(sim):
    sim.inject(Injection("latency", seconds=5), times=10)
    c = sync_client(sim, timeouts=Timeouts(read=0.05, total=0.3), retry=RetryPolicy(backoff=0.001))
    err = c.get_real_time_fax_status_ex(["br1"])["br1"].error
    assert isinstance(err, TransportError) and "timed out" in str(err)


# ----------------------------------------------------------------------------- over loopback HTTP


@pytest.mark.parametrize("ct", list(ContentType))
@pytest.mark.parametrize(
    "op", [name for name, op in faxstatus.codec.OPERATIONS.items() if op.has_status_list]
)
def test_every_operation_and_content_type_over_http(server, op, ct):
    with FaxStatusClient("demo-user", pin="demo-pin", endpoint=server.url, content_type=ct) as c:
        report = c.query(op, ["br1000000001", "JRI-INV-1001", "br0"])
        assert c.check_service() == "FaxWS simulator OK"
        assert c.simple_get_fax_status("br1000000001").status is FaxJobStatus.SUCCEEDED
    assert report["br1000000001"].status.status is FaxJobStatus.SUCCEEDED
    assert report["JRI-INV-1001"].status.job_id == "br1000000005"
    assert report["br0"].error.code == -5019 and report["br0"].kind == "not_found"
    meta = report.responses[0]
    assert meta.content_type is ct and meta.activity_id and meta.execution_time_ms is not None


def test_http_truncated_body_and_dropped_connection_are_retried(server):
    server.simulator.inject(Injection("truncate"))
    server.simulator.inject(Injection("drop"))
    with FaxStatusClient(
        "demo-user", pin="demo-pin", endpoint=server.url, retry=RetryPolicy(backoff=0.001)
    ) as c:
        report = c.get_real_time_fax_status_ex(["br1000000001"])
    assert report["br1000000001"].ok and report.responses[0].attempts == 3


def test_http_429_with_retry_after(server):
    server.simulator.inject(Injection("status", status=429, retry_after="0"))
    with FaxStatusClient("demo-user", pin="demo-pin", endpoint=server.url) as c:
        report = c.get_real_time_fax_status_ex(["br1000000001"])
    assert report.responses[0].attempts == 2


def test_http_malformed_body_is_not_retried(server):
    server.simulator.inject(Injection("malformed"))
    with FaxStatusClient("demo-user", pin="demo-pin", endpoint=server.url) as c:
        err = c.get_real_time_fax_status_ex(["br1000000001"])["br1000000001"].error
    assert isinstance(err, faxstatus.DecodeError)


def test_http_concurrent_async_clients(server):
    async def run():
        async with AsyncFaxStatusClient(
            "demo-user", token="demo-token", endpoint=server.url, batch_size=5, max_concurrency=4
        ) as c:
            return await c.get_real_time_fax_status_ex(
                [f"br100000000{i % 7}" for i in range(7)] + [f"x{i}" for i in range(40)]
            )

    report = asyncio.run(run())
    assert len(report) == 47 and len(report.responses) == 10
    # br1000000000 and the x… ids are unknown to the simulator: not found, never ok.
    assert [o.ok for o in report] == [False] + [True] * 6 + [False] * 40
    assert all(o.kind == "not_found" for o in report if not o.ok)


def test_http_4xx_excerpt_for_oversized_body():
    with (
        SimulatorServer(make_simulator(), max_body=100) as srv,
        FaxStatusClient("demo-user", pin="demo-pin", endpoint=srv.url) as c,
    ):
        err = c.get_real_time_fax_status_ex(["br1"])["br1"].error
    assert isinstance(err, HTTPStatusError) and err.status == 413


def test_in_process_transport_works_with_plain_httpx(sim):
    with httpx.Client(transport=SimulatorTransport(sim)) as http:
        enc = faxstatus.encode(faxstatus.models.CheckService(), "json")
        r = http.post("http://sim/fax/v5", content=enc.body, headers=dict(enc.headers))
    assert r.json() == {"CheckServiceResponse": {"return": "FaxWS simulator OK"}}


def test_dates_count_from_the_epoch_whatever_its_time_zone():
    epoch = datetime(2028, 2, 29, 23, 59, 30, tzinfo=timezone(timedelta(hours=14)))
    sim = make_simulator([SimJob("brE", 1, -10, queue_seconds=0, seconds_per_page=5)], epoch=epoch)
    status = sync_client(sim).get_real_time_fax_status_ex(["brE"])["brE"].status
    # 2028-02-29 23:59:30 at +14:00 is 09:59:30 UTC; the job was delivered 5 s after -10 s.
    assert status.delivered_at_raw == "2028-02-29T09:59:25Z"


def test_the_epoch_must_name_its_time_zone():
    with pytest.raises(ValueError, match="aware datetime"):
        Simulator(epoch=datetime(2026, 11, 26))


def test_speed_scales_job_time_and_leaves_token_lifetimes_in_real_seconds(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    sim = Simulator(epoch=FIXED_EPOCH, speed=30, token_lifetime=60)
    now[0] += 2.0  # two real seconds: a minute of job time
    assert sim.clock() == 60.0
    job = SimJob("brS", 12, 0)  # 5 s queued, then 4 s a page: all 12 sent by job time 53
    assert job.state(sim.clock())["status"] == 1
    http = httpx.Client(transport=SimulatorTransport(sim))
    form = {"grant_type": "client_credentials", "client_id": "demo-client"}
    form["client_secret"] = "demo-secret"
    reply = http.post("http://sim.test/oauth/token", data=form).json()
    now[0] += 59.0  # 59 real seconds later the token still works; 2 more and it has expired
    assert sim.oauth.check(reply["access_token"])
    now[0] += 2.0
    assert not sim.oauth.check(reply["access_token"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"speed": 0}, "positive finite"),
        ({"speed": float("inf")}, "positive finite"),
        ({"speed": -1.0}, "positive finite"),
        ({"speed": 2.0, "clock": lambda: 0.0}, "one or the other"),
    ],
)
def test_speed_is_refused_when_it_means_nothing(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Simulator(epoch=FIXED_EPOCH, **kwargs)


@pytest.mark.parametrize(
    "epoch",
    [datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC)],
)
def test_an_epoch_whose_job_dates_leave_the_calendar_is_refused(epoch):
    with pytest.raises(ValueError, match="must stay in the calendar"):
        Simulator(epoch=epoch)


# ------------------------------------------------------------------ the vendor's other operations


def _ask(sim: Simulator, payload: object, ct: ContentType = ContentType.SOAP12) -> Any:
    """*payload* sent to *sim* in *ct*; the decoded answer's payload (a 200 required)."""
    enc = faxstatus.encode(payload, ct)
    reply = sim.handle("POST", {"content-type": enc.headers["Content-Type"]}, enc.body)
    assert reply.status == 200, reply.body[:300]
    msg = faxstatus.decode(reply.body, reply.headers["Content-Type"])
    assert isinstance(msg, faxstatus.Message), msg
    return msg.payload


def _logged_in(op_name: str) -> Any:
    """The sample request of *op_name* with the simulator's demo credentials."""
    from ..support import samples

    op = faxstatus.codec.OPERATIONS[op_name]
    req = samples.request(op_name)
    if op.user_attr:
        setattr(req, op.user_attr, "demo-user")
    if op.pin_attr:
        setattr(req, op.pin_attr, "demo-pin")
    return req


@pytest.mark.parametrize("ct", list(ContentType))
def test_every_operation_gets_its_own_answer_in_every_content_type(ct):
    sim = make_simulator()
    for name, op in faxstatus.codec.OPERATIONS.items():
        answer = _ask(sim, _logged_in(name), ct)
        assert type(answer) is op.response, name
        if op.result_attr is not None and isinstance(getattr(answer, op.result_attr), bool):
            # Logged in, every boolean ``return`` is a success (GetFaxCoverList, SendFax…),
            # except CancelFax of an id the simulator does not know.
            assert getattr(answer, op.result_attr) is (op.action != "cancel"), name


def test_a_sent_fax_appears_queued_then_moves_on(clock):
    from faxstatus import models as m

    sim = make_simulator(clock=clock)
    req = _logged_in("SendFaxEx")
    recipients = [
        m.FaxJobRecipient(**{**vars_of(r), "recip_fax_number": n})
        for r, n in zip([req.recipients.item[0]] * 2, ("+12065550111", "+12065550122"), strict=True)
    ]
    req.recipients = m.FaxJobRecipients(item=recipients)
    req.job_details.reference_id = "PO-77"
    sent = _ask(sim, req, ContentType.SOAP11)
    ids = [i.job_id for i in sent.fax_job_ids.item]
    assert len(ids) == 2 and len(set(ids)) == 2 and sent.return_value is True
    assert sent.wserror.error_code == 0
    query = _logged_in("GetRealTimeFaxStatusEx3")
    query.fax_job_ids = m.FaxJobIds(item=[m.FaxJobId(job_id=j) for j in (*ids, "JRI-PO-77")])
    first = status_items(_ask(sim, query))
    assert [(i.fax_job_id, i.status_description) for i in first[:2]] == [
        (ids[0], "Queued"),
        (ids[1], "Queued"),
    ]
    assert first[2].fax_job_id in ids  # the JRI lookup finds one of the two
    # FaxNumber as the schema has it: one value, or a list of them (maxOccurs above 1).
    numbers = [i.fax_number if isinstance(i.fax_number, list) else [i.fax_number] for i in first]
    assert numbers[:2] == [["+12065550111"], ["+12065550122"]]
    assert {i.reference_id for i in first} == {"PO-77"}
    clock.now += 3600
    later = status_items(_ask(sim, query, ContentType.JSON))
    assert [i.fax_job_status_id for i in later] == [1, 1, 1]  # delivered


def vars_of(obj: object) -> dict[str, object]:
    import dataclasses

    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}  # type: ignore[arg-type]


def test_a_cancelled_fax_ends_cancelled(clock):
    from faxstatus import models as m
    from faxstatus.simulator._service import JOB_FINISHED

    sim = make_simulator([SimJob("brC", 10, 0)], clock=clock)
    clock.now = 9  # sending its first page
    cancel = _logged_in("CancelFax")
    cancel.job_id = "brC"
    answer = _ask(sim, cancel)
    assert answer.return_value is True and answer.wserror.error_code == 0
    query = _logged_in("GetRealTimeFaxStatusEx")
    query.fax_job_ids = m.FaxJobIds(item=[m.FaxJobId(job_id="brC")])
    for later in (0, 3600):
        clock.now += later
        (item,) = _ask(sim, query, ContentType.XML).fax_status_list.item
        assert (item.fax_job_status_id, item.status_description, item.recipient_state) == (
            2,
            "Cancelled",
            5,
        )
    simple = _logged_in("SimpleGetFaxStatus")
    simple.job_id = "brC"
    assert _ask(sim, simple).return_value == 2
    again = _ask(sim, cancel)  # it has ended: nothing to cancel
    assert again.return_value is False and again.wserror.error_code == JOB_FINISHED
    cancel.job_id = "brNOPE"
    unknown = _ask(sim, cancel)
    assert unknown.return_value is False and unknown.wserror.error_code == -5019


def test_sending_and_cancelling_need_the_login():
    sim = make_simulator()
    for name in ("SendFax", "SimpleSendFax", "CancelFax", "GetFaxAccountSettings"):
        req = _logged_in(name)
        req.str_pin = "wrong"
        answer = _ask(sim, req)
        assert answer.return_value in (False, ""), name
    assert len(sim._jobs) == len(faxstatus.simulator.demo_jobs())  # nothing was sent


@pytest.mark.parametrize("status", [429, 503])
def test_the_throttle_lets_n_requests_a_minute_in_by_its_clock(status):
    from ..support.helpers import JobClock

    clock = JobClock()
    sim = make_simulator(clock=clock)
    sim.throttle(2, status=status)
    with faxstatus.FaxStatusClient(
        "demo-user",
        pin="demo-pin",
        transport=SimulatorTransport(sim),
        retry=faxstatus.RetryPolicy.never(),
    ) as client:

        def ask() -> Any:
            return client.get_real_time_fax_status_ex(["br1000000001"])["br1000000001"]

        assert ask().ok
        clock.now = 20.0
        assert ask().ok
        clock.now = 30.0
        refused = ask()
        assert refused.kind == "throttled" and refused.error.status == status
        assert refused.error.retry_after == 30.0  # the first request leaves the window at 60
        clock.now = 60.0
        assert ask().ok  # the first one left the window; the refusal was not counted
        assert ask().kind == "throttled"
    assert sim.requests == 5 and sim.throttled == 2
    sim.throttle(None)
    with pytest.raises(ValueError, match="lets none in"):
        sim.throttle(0)
