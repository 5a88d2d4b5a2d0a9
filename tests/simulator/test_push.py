"""The simulator's push sender: one push per job as it becomes final, with seeded faults."""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import httpx
import pytest

from faxstatus.simulator import PushFaults, PushSender, SimJob

from ..support.helpers import JobClock, make_simulator

URL = "http://receiver.test/push?tenant=7"


def form(fields: Sequence[tuple[str, str]]) -> tuple[str, str, list[tuple[str, str]], bytes]:
    """The form flavour, as a stand-in encoder (the sender takes any)."""
    body = urllib.parse.urlencode(list(fields)).encode()
    headers = [("Content-Type", "application/x-www-form-urlencoded"), ("X-Secret", "s3")]
    return "POST", "/push?tenant=7", headers, body


class Receiver:
    """A WSGI receiver: keeps what it is sent; answers *fail_first* requests 503 first."""

    def __init__(self, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.seen: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        with self.lock:
            if self.fail_first > 0:
                self.fail_first -= 1
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"down"]
            self.seen.append(
                {
                    "path": environ["PATH_INFO"],
                    "query": environ["QUERY_STRING"],
                    "secret": environ.get("HTTP_X_SECRET"),
                    "fields": urllib.parse.parse_qsl(body.decode(), keep_blank_values=True),
                }
            )
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    def jobs(self) -> list[str]:
        return [dict(s["fields"])["FaxJobId"] for s in self.seen]


def jobs() -> list[SimJob]:
    return [
        SimJob("brA", 1, 0, queue_seconds=10, seconds_per_page=1),  # final at 11
        SimJob("brB", 2, 0, queue_seconds=1, seconds_per_page=1, fail_after_pages=1),  # at 2
        SimJob("brC", 1, 0, queue_seconds=30, seconds_per_page=1, reference_id="R-C"),  # at 31
        SimJob("brD", 1, 0, queue_seconds=1e9),  # never
    ]


def sender(receiver: Receiver, clock: JobClock, **faults: Any) -> PushSender:
    sim = make_simulator(jobs(), clock=clock)
    return PushSender(
        sim,
        form,
        url=URL,
        faults=PushFaults(**faults),
        tick=0.01,
        transport=httpx.WSGITransport(app=receiver),
    )


def test_one_push_per_job_as_it_becomes_final_in_the_vendors_fields():
    receiver, clock = Receiver(), JobClock()
    with sender(receiver, clock) as s:
        assert s.flush(timeout=20) and receiver.seen == []  # nothing final at t=0
        clock.now = 12.0
        assert s.flush(timeout=20) and receiver.jobs() == ["brB", "brA"]  # final at 2, at 11
        clock.now = 100.0
        assert s.flush(timeout=20)
    assert receiver.jobs() == ["brB", "brA", "brC"] and s.delivered == ["brB", "brA", "brC"]
    first = receiver.seen[0]
    assert first["path"] == "/push" and first["query"] == "tenant=7" and first["secret"] == "s3"
    names = [k for k, _ in first["fields"]]
    assert names == [
        "AccountId",
        "ReferenceId",
        "FaxJobId",
        "FaxJobStatusId",
        "StatusDescription",
        "PageCount",
        "FaxDeliveryDateTime",
        "FaxDeliveryDuration",
        "RemoteFaxCSID",
        "ErrorCode",
        "ErrorString",
    ]
    b = dict(first["fields"])
    assert b["FaxJobStatusId"] == "2" and b["StatusDescription"] == "Failed: no answer"
    assert b["ErrorCode"] == "2" and b["PageCount"] == "2" and b["AccountId"] == "demo-user"
    c = dict(receiver.seen[2]["fields"])
    assert c["FaxJobStatusId"] == "1" and c["ReferenceId"] == "R-C" and c["ErrorCode"] == "0"
    assert c["FaxDeliveryDateTime"] == "2026-11-26T09:00:31Z"


def test_lost_pushes_are_never_sent_and_the_same_every_run():
    runs = []
    for _ in range(2):
        receiver, clock = Receiver(), JobClock(now=100.0)
        with sender(receiver, clock, loss=0.5, seed=3) as s:
            assert s.flush(timeout=20)
        runs.append((receiver.jobs(), s.lost))
        assert sorted(receiver.jobs() + s.lost) == ["brA", "brB", "brC"]
    assert runs[0] == runs[1] and runs[0][1]  # seeded: the same pushes lost
    receiver, clock = Receiver(), JobClock(now=100.0)
    with sender(receiver, clock, lose=frozenset({"brA"})) as s:
        assert s.flush(timeout=20)
    assert receiver.jobs() == ["brB", "brC"] and s.lost == ["brA"]


def test_duplicates_and_reordering():
    receiver, clock = Receiver(), JobClock(now=100.0)
    with sender(receiver, clock, duplicate=1.0) as s:
        assert s.flush(timeout=20)
    assert receiver.jobs() == ["brB", "brB", "brA", "brA", "brC", "brC"]
    receiver, clock = Receiver(), JobClock(now=100.0)
    with sender(receiver, clock, reorder=1.0) as s:
        assert s.flush(timeout=20)
    # brB is held back and goes after brA; brC is held, and goes when nothing follows.
    assert receiver.jobs() == ["brA", "brB", "brC"] and len(s.delivered) == 3


def test_a_receiver_that_is_down_gets_the_push_when_it_is_back():
    receiver, clock = Receiver(fail_first=3), JobClock(now=5.0)
    with sender(receiver, clock) as s:
        assert s.flush(timeout=20)
    assert receiver.jobs() == ["brB"] and s.attempts == 4 and s.failed == []


def test_faults_are_checked():
    with pytest.raises(ValueError, match="share"):
        PushFaults(loss=1.5)
    with pytest.raises(ValueError, match="http"):
        PushSender(make_simulator(jobs()), form, url="ftp://x/")


def test_the_sender_shows_its_url_without_the_path_or_user_info_that_may_hold_a_secret():
    sim = make_simulator(jobs(), clock=JobClock())
    url = "http://push:pw-9c1@127.0.0.1:8090/ps-secret-42/notify?k=v"
    with PushSender(
        sim, form, url=url, transport=httpx.MockTransport(lambda r: httpx.Response(200))
    ) as s:
        shown = repr(s)
        assert s.shown_url == "http://127.0.0.1:8090/***"
    assert s.url == url  # what it sends to is unchanged
    assert "ps-secret-42" not in shown and "pw-9c1" not in shown and "127.0.0.1:8090" in shown
