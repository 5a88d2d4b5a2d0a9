"""client.watch: poll until every job is final, one request per batch per round, back off.

Every test runs under the sync and the async client (the ``client_kind`` fixture).
"""

from __future__ import annotations

from typing import Any

import pytest

import faxstatus
from faxstatus import FaxJobStatus, RetryPolicy
from faxstatus.client._watch import WatchState
from faxstatus.simulator import Injection, SimJob, Simulator, SimulatorTransport

from ..support.helpers import make_simulator
from ..support.rawserver import RawServer


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def jobs() -> list[SimJob]:
    return [
        SimJob("brA", 3, 0, queue_seconds=2, seconds_per_page=3),  # delivered at t=11
        SimJob("brB", 4, 0, queue_seconds=1, seconds_per_page=2, fail_after_pages=2),  # t=5
        SimJob("brC", 1, -100),  # long delivered
    ]


def open_args(sim: Simulator, **kw: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of a client of *sim* through the in-process transport."""
    kw.setdefault("pin", "demo-pin")
    return ("demo-user",), {
        "endpoint": "http://sim.test/fax/v5",
        "transport": SimulatorTransport(sim),
        **kw,
    }


def test_watch_yields_changes_until_every_job_is_final(client_kind):
    clock = Clock()
    sim = make_simulator(jobs(), clock=clock)
    args, kw = open_args(sim, batch_size=2)
    watch, changes = client_kind.watch(
        ["brA", "brB", "brC", "nope", "brA"],
        *args,
        watch={"interval": 1.0},
        sleep=clock.sleep,
        **kw,
    )
    seen = [(o.requested_id, o.kind, o.status and o.status.pages_sent) for o in changes]
    report = watch.report
    assert watch.done and not watch.timed_out and report.final
    assert [o.requested_id for o in report] == ["brA", "brB", "brC", "nope"]
    assert report.duplicates == ("brA",)
    assert report["brA"].status.status is FaxJobStatus.SUCCEEDED
    assert report["brB"].status.status is FaxJobStatus.FAILED and report["brC"].ok
    assert report["nope"].kind == "not_found"
    # Each job's changes, in order: brA goes queued -> pages 1, 2, 3 -> succeeded.
    brA = [s for s in seen if s[0] == "brA"]
    assert brA[0] == ("brA", "in_progress", 0) and brA[-1] == ("brA", "succeeded", 3)
    assert [p for _, _, p in brA] == sorted(p for _, _, p in brA)
    # Final ids are not polled again: brC and nope appear once, in the first round.
    assert sum(1 for s in seen if s[0] in ("brC", "nope")) == 2
    # One request per batch per round: round 1 has two batches, then only brA/brB remain.
    assert sim.requests == 2 + (watch.state.rounds - 1)
    assert clock.now >= 11


def test_watch_backs_off_while_nothing_changes_and_resets_on_change(client_kind):
    clock = Clock()
    sim = make_simulator([SimJob("brQ", 1, 0, queue_seconds=40, seconds_per_page=1)], clock=clock)
    args, kw = open_args(sim)
    watch, _ = client_kind.watch(
        ["brQ"], *args, watch={"interval": 2.0, "max_interval": 9.0}, sleep=clock.sleep, **kw
    )
    assert clock.sleeps[:6] == [2.0, 3.0, 4.5, 6.75, 9.0, 9.0]  # grows by half, capped
    assert watch.report["brQ"].status.status is FaxJobStatus.SUCCEEDED


def test_watch_timeout(client_kind):
    # A job that never moves (frozen simulator clock), real sleeps of 10 ms.
    sim = make_simulator([SimJob("brZ", 1, 0, queue_seconds=1e9)], clock=lambda: 0.0)
    args, kw = open_args(sim)
    watch, _ = client_kind.watch(
        ["brZ"],
        *args,
        watch={"interval": 0.01, "max_interval": 0.01, "timeout": 0.2, "max_per_minute": None},
        **kw,
    )
    report = watch.report
    assert watch.timed_out and watch.done and not report.final
    assert report["brZ"].kind == "in_progress" and sim.requests >= 2


def _silent() -> list[bytes | float]:
    return [0.2] * 100  # reads the request, then never answers (until the server gives up)


def test_watch_timeout_bounds_every_call_of_the_run(client_kind):
    # Each call's own deadline (60 s, read 30 s) is longer than the run: the run's wins, and
    # the round it cut short leaves no transport error behind as a job's state.
    with RawServer(_silent, give_up=15) as srv:
        watch, changes = client_kind.watch(
            ["brA", "brB"],
            "demo-user",
            pin="demo-pin",
            endpoint=srv.url,
            timeouts=faxstatus.Timeouts(connect=30, read=30, total=60),
            watch={"interval": 0.05, "timeout": 0.5},
        )
    assert srv.connections >= 1
    assert watch.timed_out and changes == [] and list(watch.report) == []
    assert watch.state.trouble is None


def test_watch_state_says_what_a_failed_round_hit():
    clock = Clock()
    state = WatchState(
        (["brA", "brB"], [], []),
        operation="GetRealTimeFaxStatusEx",
        interval=1.0,
        max_interval=1.0,
        timeout=10.0,
        clock=clock,
    )
    down = faxstatus.TransportError("connection refused")
    report = faxstatus.StatusReport(
        operation="GetRealTimeFaxStatusEx",
        outcomes=(faxstatus.JobOutcome("brA", error=down), faxstatus.JobOutcome("brB", error=down)),
    )
    assert len(state.absorb(report)) == 2  # first round: the failure is each job's state
    assert state.trouble is down and state.trouble_ids == 2 and state.time_left() == 10.0
    assert state.absorb(report) == []  # again: nothing changed, but the round still failed
    assert state.trouble is down and state.pending == ["brA", "brB"]
    clock.now = 10.0
    assert state.time_left() == 0.0 and state.next_wait() is None and state.timed_out


def test_watch_stops_after_a_credential_failure(client_kind):
    clock = Clock()
    sim = make_simulator(jobs(), clock=clock)
    args, kw = open_args(sim, pin="wrong", batch_size=1)
    if client_kind.name == "async":
        kw["max_concurrency"] = 1  # the first batch's failure must stop the others from going
    watch, changes = client_kind.watch(
        ["brA", "brB", "brC"], *args, watch={"interval": 1.0}, sleep=clock.sleep, **kw
    )
    assert len(changes) == 3 and watch.state.rounds == 1 and sim.requests == 1
    assert isinstance(watch.state.stopped_by, faxstatus.ServiceError)
    assert isinstance(watch.report["brB"].error, faxstatus.NotSentError)


def test_watch_keeps_the_last_state_through_a_transient_failure(client_kind):
    clock = Clock()
    sim = make_simulator(jobs(), clock=clock)
    args, kw = open_args(sim, retry=RetryPolicy.never())
    injected: list[bool] = []

    def after_each(outcome: Any) -> None:
        if not injected:  # the next round's only request fails
            sim.inject(Injection("status", status=503))
            injected.append(True)

    watch, changes = client_kind.watch(
        ["brA"], *args, watch={"interval": 1.0}, after_each=after_each, sleep=clock.sleep, **kw
    )
    first, rest = changes[0], changes[1:]
    assert first.kind == "in_progress" and rest
    assert all(o.ok for o in rest) and watch.report["brA"].kind == "succeeded"


@pytest.mark.parametrize(
    ("watch", "error", "match"),
    [
        ({"interval": 0}, ValueError, "interval"),
        ({"timeout": -1}, ValueError, "timeout"),
        ({"operation": "SimpleGetFaxStatus"}, ValueError, "not a multi-job"),
    ],
)
def test_watch_rejects_bad_arguments(client_kind, watch, error, match):
    clock = Clock()
    args, kw = open_args(make_simulator(clock=clock))
    with pytest.raises(error, match=match):
        client_kind.watch(["br1"], *args, watch=watch, sleep=clock.sleep, **kw)


def test_watch_rejects_a_bad_job_id(client_kind):
    clock = Clock()
    args, kw = open_args(make_simulator(clock=clock))
    with pytest.raises(faxstatus.InvalidJobIdError):
        client_kind.watch(["br 1"], *args, sleep=clock.sleep, **kw)


def _throttled_run(client_kind: Any, *, per_minute: int | None) -> tuple[Any, Simulator, Clock]:
    """A watch of one job delivered at t=300 against a simulator letting 5 requests a minute in.

    Everything runs on one injected clock (the simulator's jobs and throttle, the watch's pace
    and every sleep), so the counts are the same on any machine.
    """
    clock = Clock()
    sim = make_simulator([SimJob("brT", 1, 0, queue_seconds=296, seconds_per_page=4)], clock=clock)
    sim.throttle(5)
    args, kw = open_args(sim, retry=RetryPolicy.never())
    options: dict[str, Any] = {"interval": 1.0, "max_interval": 1.0, "clock": clock}
    options.update(max_per_minute=per_minute, give_up_after=600.0)
    watch, _ = client_kind.watch(["brT"], *args, watch=options, sleep=clock.sleep, **kw)
    return watch, sim, clock


def test_a_throttle_slows_the_watch_instead_of_failing_it(client_kind):
    watch, sim, clock = _throttled_run(client_kind, per_minute=60)
    assert watch.done and not watch.gave_up and watch.report["brT"].ok
    assert watch.report["brT"].status.status is FaxJobStatus.SUCCEEDED
    minutes = clock.now / 60
    # Polling every second would be 60 requests a minute; told to wait (429 + Retry-After),
    # the watch keeps to about the simulator's 5 a minute, with about one refusal a minute.
    assert 300 <= clock.now < 420 and sim.throttled >= 1
    assert sim.requests <= 8 * minutes and watch.state.throttles == sim.throttled
    assert watch.state.requests == sim.requests


def test_the_ceiling_bounds_requests_in_any_minute(client_kind):
    clock = Clock()
    sim = make_simulator([SimJob("brC", 1, 0, queue_seconds=176, seconds_per_page=4)], clock=clock)
    args, kw = open_args(sim)
    watch, _ = client_kind.watch(
        ["brC"],
        *args,
        watch={"interval": 0.5, "max_interval": 0.5, "clock": clock, "max_per_minute": 12},
        sleep=clock.sleep,
        **kw,
    )
    assert watch.report["brC"].status.status is FaxJobStatus.SUCCEEDED and sim.throttled == 0
    # A poll every 0.5 s would send 360 requests in 180 s; the ceiling of 12 a minute holds.
    assert 180 <= clock.now < 260 and sim.requests <= 12 * (clock.now // 60 + 1)
    assert sim.requests >= 12 * 2  # and the watch used the room it had


def test_a_round_larger_than_the_ceiling_is_spread_over_several(client_kind):
    clock = Clock()
    ids = [f"brL{i}" for i in range(10)]
    sim = make_simulator([SimJob(j, 1, -100) for j in ids], clock=clock)
    args, kw = open_args(sim, batch_size=2)
    watch, _ = client_kind.watch(
        ids,
        *args,
        watch={"interval": 1.0, "clock": clock, "max_per_minute": 2},
        sleep=clock.sleep,
        **kw,
    )
    # Five batches, two requests a minute at most: three rounds over two minutes or more.
    assert watch.report.final and len(watch.report) == 10 and sim.requests == 5
    assert watch.state.rounds == 3 and clock.now >= 120


def test_a_dead_endpoint_ends_the_watch_after_give_up_after(client_kind):
    clock = Clock()
    sim = make_simulator([SimJob("brD", 1, 0, queue_seconds=1e9)], clock=clock)
    sim.inject(Injection("status", status=502), times=10**6)
    args, kw = open_args(sim, retry=RetryPolicy.never())
    watch, changes = client_kind.watch(
        ["brD"],
        *args,
        watch={"interval": 1.0, "max_interval": 4.0, "clock": clock, "give_up_after": 30.0},
        sleep=clock.sleep,
        **kw,
    )
    assert watch.done and watch.gave_up and not watch.timed_out
    assert 30 <= clock.now <= 31 and [c.kind for c in changes] == ["http_error"]
    assert isinstance(watch.state.trouble, faxstatus.HTTPStatusError)


def test_one_answer_resets_the_give_up_clock():
    clock = Clock()
    state = WatchState(
        (["brA"], [], [["brA"]]),
        operation="GetRealTimeFaxStatusEx",
        interval=1.0,
        max_interval=1.0,
        timeout=None,
        clock=clock,
        give_up_after=10.0,
    )
    down = faxstatus.StatusReport(
        operation="GetRealTimeFaxStatusEx",
        outcomes=(faxstatus.JobOutcome("brA", error=faxstatus.TransportError("refused")),),
    )
    queued = faxstatus.JobStatus("brA", FaxJobStatus.IN_PROGRESS, "Queued", None)
    up = faxstatus.StatusReport(
        operation="GetRealTimeFaxStatusEx", outcomes=(faxstatus.JobOutcome("brA", queued),)
    )
    state.absorb(down)
    clock.now = 9.0
    assert state.next_wait() == 1.0
    state.absorb(up)  # an answer: the streak is over
    clock.now = 15.0
    state.absorb(down)
    clock.now = 24.0
    assert state.next_wait() == 1.0 and not state.gave_up
    clock.now = 25.0
    assert state.next_wait() is None and state.gave_up and state.done


def test_a_retry_after_longer_than_the_client_waits_is_honoured_by_the_watch(client_kind):
    # 503 + Retry-After 120 (maintenance): past RetryPolicy.max_retry_after, so the client
    # does not wait it out; the watch must, instead of polling again a second later.
    clock = Clock()
    sim = make_simulator([SimJob("brM", 1, 0, queue_seconds=9, seconds_per_page=1)], clock=clock)
    sim.inject(Injection("status", status=503, retry_after="120"), times=3)
    args, kw = open_args(sim)
    watch, changes = client_kind.watch(
        ["brM"],
        *args,
        watch={"interval": 1.0, "max_interval": 1.0, "clock": clock, "give_up_after": None},
        sleep=clock.sleep,
        **kw,
    )
    assert watch.report["brM"].status.status is FaxJobStatus.SUCCEEDED
    assert sim.requests == 4 and clock.now >= 360  # three refusals, each waited out
    assert [c.kind for c in changes] == ["throttled", "succeeded"]
