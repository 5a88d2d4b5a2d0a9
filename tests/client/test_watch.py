"""client.watch: poll until every job is final, one request per batch per round, back off."""

from __future__ import annotations

import asyncio

import pytest

import faxstatus
from faxstatus import AsyncFaxStatusClient, FaxJobStatus, FaxStatusClient, RetryPolicy
from faxstatus.simulator import Injection, SimJob, Simulator, SimulatorTransport

from ..support.helpers import make_simulator


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


def sync_client(sim: Simulator, clock: Clock, **kw) -> FaxStatusClient:
    kw.setdefault("pin", "demo-pin")
    return FaxStatusClient(
        "demo-user",
        endpoint="http://sim.test/fax/v5",
        transport=SimulatorTransport(sim),
        sleep=clock.sleep,
        **kw,
    )


def test_watch_yields_changes_until_every_job_is_final():
    clock = Clock()
    sim = make_simulator(jobs(), clock=clock)
    with sync_client(sim, clock, batch_size=2) as c:
        watch = c.watch(["brA", "brB", "brC", "nope", "brA"], interval=1.0)
        seen = [(o.requested_id, o.kind, o.status and o.status.pages_sent) for o in watch]
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


def test_watch_backs_off_while_nothing_changes_and_resets_on_change():
    clock = Clock()
    sim = make_simulator([SimJob("brQ", 1, 0, queue_seconds=40, seconds_per_page=1)], clock=clock)
    with sync_client(sim, clock) as c:
        watch = c.watch(["brQ"], interval=2.0, max_interval=9.0)
        list(watch)
    assert clock.sleeps[:6] == [2.0, 3.0, 4.5, 6.75, 9.0, 9.0]  # grows by half, capped
    assert watch.report["brQ"].status.status is FaxJobStatus.SUCCEEDED


def test_watch_timeout():
    # A job that never moves (frozen simulator clock), real sleeps of 10 ms.
    sim = make_simulator([SimJob("brZ", 1, 0, queue_seconds=1e9)], clock=lambda: 0.0)
    with FaxStatusClient(
        "demo-user",
        pin="demo-pin",
        endpoint="http://sim.test/fax/v5",
        transport=SimulatorTransport(sim),
    ) as c:
        watch = c.watch(["brZ"], interval=0.01, max_interval=0.01, timeout=0.2)
        report = watch.run()
    assert watch.timed_out and watch.done and not report.final
    assert report["brZ"].kind == "in_progress" and sim.requests >= 2


def test_watch_stops_after_a_credential_failure():
    clock = Clock()
    sim = make_simulator(jobs(), clock=clock)
    with sync_client(sim, clock, pin="wrong", batch_size=1) as c:
        watch = c.watch(["brA", "brB", "brC"], interval=1.0)
        changes = list(watch)
    assert len(changes) == 3 and watch.state.rounds == 1 and sim.requests == 1
    assert isinstance(watch.state.stopped_by, faxstatus.ServiceError)
    assert isinstance(watch.report["brB"].error, faxstatus.NotSentError)


def test_watch_keeps_the_last_state_through_a_transient_failure():
    clock = Clock()
    sim = make_simulator(jobs(), clock=clock)
    with sync_client(sim, clock, retry=RetryPolicy.never()) as c:
        watch = c.watch(["brA"], interval=1.0)
        it = iter(watch)
        first = next(it)
        sim.inject(Injection("status", status=503))  # the next round's only request fails
        rest = list(it)
    assert first.kind == "in_progress"
    assert all(o.ok for o in rest) and watch.report["brA"].kind == "succeeded"


def test_watch_rejects_bad_arguments():
    clock = Clock()
    with sync_client(make_simulator(clock=clock), clock) as c:
        with pytest.raises(ValueError, match="interval"):
            c.watch(["br1"], interval=0)
        with pytest.raises(ValueError, match="timeout"):
            c.watch(["br1"], timeout=-1)
        with pytest.raises(ValueError, match="not a multi-job"):
            c.watch(["br1"], operation="SimpleGetFaxStatus")
        with pytest.raises(faxstatus.InvalidJobIdError):
            c.watch(["br 1"])


def test_async_watch():
    clock = Clock()
    sim = make_simulator(jobs(), clock=clock)
    real_sleep = asyncio.sleep

    async def fake_sleep(seconds: float) -> None:
        clock.now += seconds
        await real_sleep(0)

    async def run():
        async with AsyncFaxStatusClient(
            "demo-user",
            pin="demo-pin",
            endpoint="http://sim.test/fax/v5",
            transport=SimulatorTransport(sim),
        ) as c:
            watch = c.watch(["brA", "brB"], interval=1.0)
            changes = [o.kind async for o in watch]
            return watch, changes

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(asyncio, "sleep", fake_sleep)
        watch, changes = asyncio.run(run())
    assert watch.done and watch.report.final and changes[-1] in ("succeeded", "failed")
    assert watch.report["brA"].kind == "succeeded" and watch.report["brB"].kind == "failed"
