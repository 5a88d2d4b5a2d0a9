"""NotificationStore: every notification kept, a final status never moved back, nothing lost."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faxstatus import FaxJobStatus, JobStatus
from faxstatus.push import (
    SCHEMA_VERSION,
    Notification,
    NotificationStore,
    StoreError,
    notification_from_fields,
)

from ..support.paths import ROOT
from ..support.push import IMAGE, fields


def push(job_id: str = "br1000000001", code: str = "1", **changes: str) -> Notification:
    """A form notification for *job_id* with FaxJobStatusId *code*."""
    return notification_from_fields("form", fields(FaxJobId=job_id, FaxJobStatusId=code, **changes))


def polled(job_id: str, code: int, description: str = "polled") -> JobStatus:
    """A status as a poll gives it."""
    return JobStatus(job_id=job_id, status=FaxJobStatus(code), description=description, error=None)


def test_record_reports_what_it_did_and_keeps_duplicates() -> None:
    with NotificationStore() as store:
        first = store.record(push(code="3"))
        assert (first.changed, first.final, first.known, first.seq) == (True, False, False, 1)
        again = store.record(push(code="3"))
        assert (again.changed, again.final) == (False, False)
        done = store.record(push(code="1"))
        assert (done.changed, done.final) == (True, True)
        dup = store.record(push(code="1"))
        assert (dup.changed, dup.final) == (False, True)
        assert store.count() == 4
        assert [n.received_seq for n in store.notifications()] == [1, 2, 3, 4]


def test_a_final_job_is_never_moved_back_by_push_or_poll() -> None:
    with NotificationStore() as store:
        store.record(push(code="2", StatusDescription="Failed: no answer"))
        late = store.record(push(code="3"))
        assert (late.changed, late.final) == (False, True)
        other_final = store.record(push(code="1"))
        assert not other_final.changed  # the first final status stands
        poll = store.set_polled("br1000000001", polled("br1000000001", 3))
        assert (poll.changed, poll.final) == (False, True)
        last = store.last_status("br1000000001")
        assert last is not None
        assert last.status is FaxJobStatus.FAILED and last.description == "Failed: no answer"
        # and a poll's final status is not moved back by a late push either
        store.set_polled("br2", polled("br2", 1))
        assert not store.record(push("br2", "3")).changed
        assert store.is_final("br2")


def test_unknown_jobs_are_kept_and_reported_tracked_ones_are_known() -> None:
    with NotificationStore() as store:
        store.track(["br1", "br2"])
        assert store.record(push("br1", "1")).known is True
        assert store.record(push("br9", "1")).known is False
        assert list(store.unknown_jobs()) == ["br9"]
        assert list(store.tracked_jobs()) == ["br1", "br2"]
        assert store.pending_jobs() == ["br2"]
        assert set(store.final_jobs()) == {"br1", "br9"}
        store.track(["br9"])  # a watch asks about it later: it is known from then on
        assert store.unknown_jobs() == {}


def test_a_notification_without_a_status_code_is_kept_but_moves_nothing() -> None:
    with NotificationStore() as store:
        store.record(push("br1", "3"))
        odd = store.record(push("br1", "Delivered"))
        assert (odd.changed, odd.final) == (False, False)
        last = store.last_status("br1")
        assert last is not None and last.status is FaxJobStatus.IN_PROGRESS
        (_, kept) = store.notifications()
        assert kept.problems == ("FaxJobStatusId: not an integer, kept as text",)
        assert kept.field("FaxJobStatusId") == "Delivered"


#: One event: (job index, source, status code).
_EVENTS = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["push", "poll"]), st.sampled_from([1, 2, 3, 77])),
    max_size=30,
)


@given(_EVENTS)
def test_duplicates_and_reordering_never_move_a_final_job_back(
    events: list[tuple[int, str, int]],
) -> None:
    """Whatever the order and repetition, a job's status is its first final one, once it has one."""
    first_final: dict[str, int] = {}
    last: dict[str, int] = {}
    pushes = 0
    with NotificationStore() as store:
        for index, source, code in events:
            job = f"br{index}"
            if source == "push":
                pushes += 1
                got = store.record(push(job, str(code), StatusDescription=f"d{code}"))
            else:
                got = store.set_polled(
                    job,
                    polled(job, code, f"d{code}")
                    if code != 77
                    else JobStatus(job_id=job, status=77, description="d77", error=None),
                )
            if job not in first_final:
                if code in (1, 2):
                    first_final[job] = code
                last[job] = code
            assert got.final == (job in first_final)
            status = store.last_status(job)
            assert status is not None
            assert int(status.status) == first_final.get(job, last[job])
        assert store.count() == pushes
        assert {j: int(s.status) for j, s in store.final_jobs().items()} == first_final


def test_many_threads_record_at_once() -> None:
    with NotificationStore() as store:

        def work(k: int) -> None:
            for i in range(50):
                store.record(push(f"br{k}-{i}", "3"))
                store.set_polled(f"br{k}-{i}", polled(f"br{k}-{i}", 1))

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert store.count() == 200
        assert len(store.final_jobs()) == 200


def test_in_a_shared_commit_a_failing_write_fails_alone() -> None:
    from faxstatus.push._store import _Pending

    def broken(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO jobs (job_id) VALUES ('half-written')")
        raise RuntimeError("a bug in one write")

    with NotificationStore() as store:
        first = _Pending(lambda db: store._update(db, "br1", polled("br1", 1), "poll", None))
        bad = _Pending(broken)
        last = _Pending(lambda db: store._update(db, "br2", polled("br2", 3), "poll", None))
        store._run([first, bad, last])
        assert first.done and bad.done and last.done
        assert isinstance(bad.error, RuntimeError) and first.error is None is last.error
        assert set(store.unknown_jobs()) == {"br1", "br2"}  # its half write was undone


def test_the_file_is_wal_versioned_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with NotificationStore(path) as store:
        store.track(["br1"])
        store.record(notification_from_fields("multipart", fields(FaxJobId="br1"), IMAGE))
        store.set_polled("br2", polled("br2", 3))
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    with NotificationStore(path) as store:
        (n,) = store.notifications()
        assert n.image == IMAGE and n.flavour == "multipart" and n.final
        assert store.tracked_jobs()["br1"] is not None
        assert store.pending_jobs() == []
        assert store.unknown_jobs() == {"br2": polled("br2", 3)}


def test_a_newer_schema_another_programs_database_or_another_file_is_refused(
    tmp_path: Path,
) -> None:
    newer = tmp_path / "newer.sqlite"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="schema version"):
        NotificationStore(newer)
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE invoices (id INTEGER)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a notification store"):
        NotificationStore(other)
    db = sqlite3.connect(other)
    assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["invoices"]
    db.close()
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database, just text " * 100)
    with pytest.raises(StoreError):
        NotificationStore(junk)


_WRITER = textwrap.dedent(
    """
    import sys
    from faxstatus.push import NotificationStore, notification_from_fields
    from tests.support.push import fields

    store = NotificationStore(sys.argv[1])
    for i in range(int(sys.argv[2])):
        store.record(notification_from_fields("get", fields(FaxJobId=f"br{i}")))
        print(i, flush=True)  # acknowledged: record() has returned
    sys.stdin.read()  # wait to be killed
    """
)


@pytest.mark.slow
def test_sigkill_after_n_acknowledged_records_loses_none(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    n = 40
    with subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(n)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as proc:
        try:
            assert proc.stdout is not None
            acked = [proc.stdout.readline() for _ in range(n)]
            assert acked[-1] == f"{n - 1}\n".encode()
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with NotificationStore(path) as store:
        assert store.count() == n
        assert len(store.final_jobs()) == n


def test_notifications_are_read_page_by_page_in_order() -> None:
    with NotificationStore() as store:
        for i in range(600):
            store.record(push(f"br{i % 3}", "3", ReferenceId=f"r{i}"))
        seen = [n.received_seq for n in store.notifications()]
        assert seen == list(range(1, 601))
        of_one = [n.field("ReferenceId") for n in store.notifications("br1")]
        assert of_one == [f"r{i}" for i in range(1, 600, 3)]
        assert store.count("br1") == 200


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE jobs SET status = '{not json' WHERE job_id = 'br1'",
        "UPDATE jobs SET status = '{\"status\": \"x\"}' WHERE job_id = 'br1'",
        "UPDATE notifications SET fields = '[[1]]'",
        'UPDATE notifications SET fields = \'[["FaxJobStatusId", "1"]]\'',
    ],
)
def test_a_damaged_row_is_a_store_error_naming_it(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "state.db"
    with NotificationStore(path) as store:
        store.record(push("br1"))
    with sqlite3.connect(path) as db:
        db.execute(damage)
    db.close()
    with NotificationStore(path) as store, pytest.raises(StoreError, match=r"job br1|seq 1 "):
        store.final_jobs()
        store.last_status("br1")
        list(store.notifications())
