"""PushPullWatch: pushes as they come, polls only as the backstop, nothing lost or moved back."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from faxstatus import FaxJobStatus, FaxStatusClient
from faxstatus.push import NotificationStore, PushPullWatch, encode_notification
from faxstatus.push import parse_notification as parse
from faxstatus.simulator import SimJob, SimulatorTransport

from ..support.pushpull import PUSH_URL, World


def jobs() -> list[SimJob]:
    return [
        SimJob("brA", 1, 0, queue_seconds=6, seconds_per_page=4),  # final at 10
        SimJob("brB", 2, 0, queue_seconds=10, seconds_per_page=5),  # final at 20
        SimJob("brC", 1, 0, queue_seconds=396, seconds_per_page=4),  # final at 400
    ]


def watch(world: World, ids: list[str], client: Any = None, **kw: Any) -> PushPullWatch:
    kw.setdefault("first_poll_after", 60.0)
    kw.setdefault("poll_every", 60.0)
    return PushPullWatch(
        client or world.client,
        ids,
        world.store,
        clock=world.clock,
        sleep=world.clock.sleep,
        tick=1.0,
        **kw,
    )


def test_a_lost_push_is_found_by_the_poll_and_polling_stops_when_final(store):
    with World(jobs(), lose=frozenset({"brB"}), store=store) as world:
        w = watch(world, ["brA", "brB", "brC"])
        changes = [(o.requested_id, o.kind, w.sources[o.requested_id]) for o in w]
    assert w.done and not w.timed_out and w.report.final
    # brA by push at t=10, brB (its push lost) by the first poll at t=60, brC by push at 400.
    assert ("brA", "succeeded", "push") in changes and ("brC", "succeeded", "push") in changes
    assert w.sources == {"brA": "push", "brB": "poll", "brC": "push"}
    assert world.sender.lost == ["brB"] and world.sender.delivered == ["brA", "brC"]
    # Polls at 60, 120, ..., 360: brA never (final by push first), brB once, brC until 400.
    assert world.sim.requests == 6 and w.polls == 6
    assert 400 <= world.clock.now < 402
    assert store.count() == 2 and sorted(store.final_jobs()) == ["brA", "brB", "brC"]
    assert store.last_status("brB").status is FaxJobStatus.SUCCEEDED  # the poll's, stored


def test_nothing_is_polled_before_the_first_poll_delay(store):
    with World(jobs()[:2], store=store) as world:
        w = watch(world, ["brA", "brB"], first_poll_after=300.0)
        w.run()
    assert w.report.final and world.sim.requests == 0 and world.clock.now < 21


@pytest.mark.parametrize("flavour", ["form", "multipart", "get", "soap"])
def test_duplicates_reordering_and_late_contradictions_are_harmless(flavour, store):
    with World(jobs(), flavour=flavour, duplicate=1.0, reorder=1.0, store=store) as world:
        w = watch(world, ["brA", "brB", "brC"], first_poll_after=1000.0)
        seen = [(o.requested_id, o.kind) for o in w]
        # Late: brA "in progress" and brB "failed", after both were final.
        for job, code in (("brA", "3"), ("brB", "2")):
            late = [("FaxJobId", job), ("FaxJobStatusId", code), ("StatusDescription", "late")]
            world.store.record(parse(*encode_notification(late, flavour, url=PUSH_URL)))
        again = PushPullWatch(world.client, ["brA", "brB", "brC"], world.store, tick=1.0)
        resumed = list(again)
    # Each job changed once, to its final status, whatever the duplicates and order.
    assert sorted(seen) == [("brA", "succeeded"), ("brB", "succeeded"), ("brC", "succeeded")]
    assert world.sim.requests == 0  # every final came by push: nothing was polled
    assert world.store.count() == 2 * 3 + 2 == len(world.sender.delivered) + 2
    assert {o.requested_id: o.kind for o in resumed} == {
        j: "succeeded" for j in ["brA", "brB", "brC"]
    }
    assert set(again.sources.values()) == {"state"} and world.sim.requests == 0


def test_a_notification_for_a_job_nobody_asked_about_is_kept_and_reported(store):
    with World([*jobs()[:1], SimJob("brX", 1, -100)], store=store) as world:
        w = watch(world, ["brA"])
        told: list[tuple[str, Any]] = []
        w.on_unknown = lambda job, status: told.append((job, status.status))
        assert [o.requested_id for o in w] == ["brA"]
    assert told == [("brX", FaxJobStatus.SUCCEEDED)] and list(w.unknown) == ["brX"]
    assert "brX" not in [o.requested_id for o in w.report]
    assert world.store.count("brX") == 1 and "brX" in world.store.unknown_jobs()


def test_a_store_in_a_file_resumes_a_watch_with_every_job(tmp_path):
    path = tmp_path / "state.db"
    with NotificationStore(path) as first, World(jobs(), store=first) as world:
        w = watch(world, ["brA", "brB", "brC"], first_poll_after=1000.0)
        it = iter(w)
        assert [next(it).requested_id for _ in range(2)] == ["brA", "brB"]
        world.store.close()  # the watch is gone (its process killed): only the file is left
    with NotificationStore(path) as store:
        assert store.count() == 2 and sorted(store.final_jobs()) == ["brA", "brB"]
        assert store.pending_jobs() == ["brC"]


class _PushDuringPoll(SimulatorTransport):
    """The simulator, with a push of *fields* stored while the first poll is under way."""

    def __init__(self, world: World, fields: list[tuple[str, str]]) -> None:
        super().__init__(world.sim)
        self.store = world.store
        self.fields: list[tuple[str, str]] | None = fields

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.fields is not None:
            self.store.record(parse(*encode_notification(self.fields, "form", url=PUSH_URL)))
            self.fields = None
        return super().handle_request(request)


def test_a_final_push_stored_during_a_poll_wins_over_that_poll_as_the_store_does(store):
    # brA succeeds at t=10, its push is lost; a "failed" push for it is stored while the
    # poll at t=60 is under way, so the store keeps the push's final status (the first).
    with World(jobs()[:1], lose=frozenset({"brA"}), store=store) as world:
        pushed = [("FaxJobId", "brA"), ("FaxJobStatusId", "2"), ("StatusDescription", "no answer")]
        with FaxStatusClient(
            "demo-user",
            pin="demo-pin",
            endpoint="http://sim.test/fax/v5",
            transport=_PushDuringPoll(world, pushed),
            sleep=world.clock.sleep,
        ) as client:
            w = watch(world, ["brA"], client=client)
            changes = [(o.requested_id, o.kind) for o in w]
            again = PushPullWatch(client, ["brA"], world.store)
            resumed = {o.requested_id: o.kind for o in again}
    assert world.store.last_status("brA").status is FaxJobStatus.FAILED
    # What the watch reports (and exits by) is what the store keeps and a restart resumes.
    assert changes == [("brA", "failed")] and w.sources == {"brA": "push"}
    assert [o.kind for o in w.report] == ["failed"] and resumed == {"brA": "failed"}


def test_a_final_push_replaces_a_lookup_error_the_poll_found_first(store):
    # brZ is unknown to the status service (not_found, final for a poll); its push succeeded.
    with World(jobs()[:1], store=store) as world:
        w = watch(world, ["brA", "brZ"], first_poll_after=0.0)
        kinds = []
        for o in w:
            kinds.append((o.requested_id, o.kind))
            if o.requested_id == "brZ":
                pushed = [("FaxJobId", "brZ"), ("FaxJobStatusId", "1")]
                world.store.record(parse(*encode_notification(pushed, "form", url=PUSH_URL)))
    assert ("brZ", "not_found") in kinds and ("brZ", "succeeded") in kinds
    assert {o.requested_id: o.kind for o in w.report} == {"brA": "succeeded", "brZ": "succeeded"}
    assert w.sources["brZ"] == "push"
