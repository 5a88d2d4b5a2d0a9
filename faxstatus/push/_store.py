"""The notification store: every push and every job's last known status in one SQLite file.

Why SQLite (the standard library's): one file, transactions that are on disk when
:meth:`NotificationStore.record` returns, so a receiver answers 200 only for what a crash
cannot lose (CONTRACT.md §8: the vendor retries what was not acknowledged, I), and a watch
killed with SIGKILL reopens the file with every job and every acknowledged notification.

Schema, version 1 (``PRAGMA user_version``; the journal is WAL, ``synchronous=FULL``)::

    jobs(job_id TEXT PRIMARY KEY,
         tracked INTEGER NOT NULL,      -- 1 once a watch asked about the job (track)
         final INTEGER NOT NULL,        -- 1 once its status is succeeded or failed
         status TEXT,                   -- its last known JobStatus as JSON, NULL for none
         source TEXT,                   -- 'push' or 'poll': where that status came from
         seq INTEGER)                   -- the notification that gave it (NULL for a poll)
    notifications(seq INTEGER PRIMARY KEY AUTOINCREMENT,
         job_id TEXT NOT NULL,
         flavour TEXT NOT NULL,         -- form, multipart, get, soap
         fields TEXT NOT NULL,          -- [[name, value], ...] as received, in order
         image BLOB,                    -- the fax image, or NULL
         final INTEGER NOT NULL,        -- the notification's own status was final
         changed INTEGER NOT NULL,      -- it changed the job's status
         problems TEXT NOT NULL)        -- JSON list: the values that did not parse

Every notification is kept, duplicates included. A job's status moves only while the job
is not final: a duplicate, late or contradicting notification or poll after a final
status is stored but changes nothing. A newer schema version is refused (StoreError),
never rewritten, and so is another program's SQLite file (version 0 with tables in it).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from .._errors import DecodeError, StoreError
from ..client._results import ItemError, JobStatus, job_status
from ._notification import Notification, notification_from_fields

__all__ = ["SCHEMA_VERSION", "NotificationStore", "Recorded", "status_from_json", "status_to_json"]

#: The schema version this module writes (``PRAGMA user_version``).
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY,
    tracked INTEGER NOT NULL DEFAULT 0,
    final INTEGER NOT NULL DEFAULT 0,
    status TEXT,
    source TEXT,
    seq INTEGER
);
CREATE TABLE IF NOT EXISTS notifications (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL,
    flavour TEXT NOT NULL,
    fields TEXT NOT NULL,
    image BLOB,
    final INTEGER NOT NULL,
    changed INTEGER NOT NULL,
    problems TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notifications_job ON notifications (job_id);
"""


@attrs.frozen
class Recorded:
    """What storing one notification or poll did.

    ``changed``: the job's status changed; ``final``: the job is final now (from this or an
    earlier status); ``known``: a watch had asked about the job (:meth:`NotificationStore.track`);
    ``seq``: the notification's sequence number (None for a poll).
    """

    changed: bool
    final: bool
    known: bool
    seq: int | None = None


_STATUS_ATTRIBUTES = frozenset(a.name for a in attrs.fields(JobStatus))


def status_to_json(status: JobStatus) -> str:
    """*status* as the JSON the store keeps (every attribute; datetimes ISO 8601)."""
    out = attrs.asdict(status, recurse=True)
    out["status"] = int(status.status)
    for name in ("delivered_at",):
        value = getattr(status, name)
        out[name] = None if value is None else value.isoformat()
    out["extra"] = {k: _plain(v) for k, v in status.extra.items()}
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def status_from_json(text: str) -> JobStatus:
    """The JobStatus :func:`status_to_json` wrote."""
    data = json.loads(text)
    # Only the attributes this JobStatus has: a file written by another version may differ.
    data = {k: v for k, v in data.items() if k in _STATUS_ATTRIBUTES}
    err = data.pop("error", None)
    at = data.pop("delivered_at", None)
    return JobStatus(
        status=job_status(int(data.pop("status", 0))),
        error=None if err is None else ItemError(err["code"], err["text"]),
        delivered_at=None if at is None else datetime.fromisoformat(at),
        **data,
    )


#: Notifications read per query by :meth:`NotificationStore.notifications`.
_PAGE_SIZE = 256
_PAGE = (
    "SELECT seq, flavour, fields, image, problems FROM notifications"
    " WHERE seq > ? {where} ORDER BY seq LIMIT ?"
)


class _Pending:
    """One write waiting for its commit (see :meth:`NotificationStore._write`)."""

    __slots__ = ("done", "error", "result", "work")

    def __init__(self, work: Callable[[sqlite3.Connection], Any]) -> None:
        self.work = work
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None


class NotificationStore:
    """Notifications and job statuses in one SQLite file (None: in memory); thread-safe.

    Every method runs under one lock on one connection, and each write is committed before
    the method returns; writes from several threads at once share a commit (group commit).
    Use as a context manager, or :meth:`close`.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        self._lock = threading.Lock()  # the connection, and the right to commit
        self._queue_lock = threading.Lock()  # the writes waiting for the next commit
        self._queue: list[_Pending] = []
        try:
            self._db = sqlite3.connect(
                ":memory:" if self.path is None else str(self.path),
                check_same_thread=False,
                isolation_level=None,  # transactions are explicit (BEGIN IMMEDIATE)
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the notification store {self.path}: {exc}") from None
        try:
            self._open()
        except BaseException as exc:
            self._db.close()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"cannot open the notification store {self.path}: {exc}") from None
            raise

    def _open(self) -> None:
        db = self._db
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version == 0 and db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            # Schema version 0 with something in it: another program's database, not ours
            # to add tables to.
            raise StoreError(f"{self.path} is an SQLite file, but not a notification store")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the notification store {self.path} has schema version {version}; "
                f"this faxstatus reads version {SCHEMA_VERSION} (upgrade faxstatus)"
            )
        if self.path is not None:
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"the notification store {self.path} cannot use WAL ({mode})")
        # FULL: a commit is on disk when it returns, so an acknowledged push survives a power
        # cut too, not only a killed process.
        db.execute("PRAGMA synchronous=FULL")
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close the file (idempotent)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> NotificationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"NotificationStore({str(self.path) if self.path else None!r})"

    # -- writing --------------------------------------------------------------------------

    def _write(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run *work* in a committed transaction; return its result once it is on disk.

        Group commit: writers that arrive while a commit is under way queue their work,
        and the next one to hold the lock runs every queued piece in one transaction (each
        in a savepoint of its own, so that one failing piece fails alone) and commits once.
        Each caller still returns only after the commit that holds its work, so "stored
        before acknowledged" holds, at one disk sync per batch instead of one per push.
        """
        item = _Pending(work)
        with self._queue_lock:
            self._queue.append(item)
        with self._lock:
            if not item.done:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                self._run(batch)
        if item.error is not None:
            raise item.error
        return item.result

    def _run(self, batch: list[_Pending]) -> None:
        """Run *batch* in one transaction (the lock held); every item is done afterwards."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            for item in batch:
                db.execute("SAVEPOINT one")
                try:
                    item.result = item.work(db)
                except BaseException as exc:  # this piece alone is undone
                    db.execute("ROLLBACK TO one")
                    item.error = self._failed(exc) if isinstance(exc, sqlite3.Error) else exc
                db.execute("RELEASE one")
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            for item in batch:  # nothing of the batch is stored: no caller may say it is
                item.result, item.error = None, self._failed(exc)
        finally:
            for item in batch:
                item.done = True

    def _failed(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(f"the notification store {self.path} failed: {exc}")

    @staticmethod
    def _update(
        db: sqlite3.Connection, job_id: str, status: JobStatus, source: str, seq: int | None
    ) -> tuple[bool, bool, bool]:
        """Move *job_id* to *status* unless it is final: (changed, final now, tracked)."""
        row = db.execute("SELECT tracked, final, status FROM jobs WHERE job_id = ?", (job_id,))
        found = row.fetchone()
        text = status_to_json(status)
        final = bool(status.done)
        if found is None:
            db.execute(
                "INSERT INTO jobs (job_id, tracked, final, status, source, seq)"
                " VALUES (?, 0, ?, ?, ?, ?)",
                (job_id, int(final), text, source, seq),
            )
            return True, final, False
        tracked, was_final, old = bool(found[0]), bool(found[1]), found[2]
        if was_final or old == text:
            return False, was_final, tracked
        db.execute(
            "UPDATE jobs SET final = ?, status = ?, source = ?, seq = ? WHERE job_id = ?",
            (int(final), text, source, seq, job_id),
        )
        return True, final, tracked

    def record(self, notification: Notification) -> Recorded:
        """Store *notification* and apply its status; committed (on disk) when this returns.

        A notification whose status did not parse (``problems`` name FaxJobStatusId) is
        stored but moves nothing: it holds no status to go by.
        """
        n = notification

        def work(db: sqlite3.Connection) -> Recorded:
            fields = json.dumps([list(p) for p in n.fields], ensure_ascii=False)
            cur = db.execute(
                "INSERT INTO notifications"
                " (job_id, flavour, fields, image, final, changed, problems)"
                " VALUES (?, ?, ?, ?, ?, 0, ?)",
                (n.job_id, n.flavour, fields, n.image, int(n.final), json.dumps(n.problems)),
            )
            seq = int(cur.lastrowid or 0)
            if _has_status(n):
                changed, final, known = self._update(db, n.job_id, n.status, "push", seq)
            else:
                changed, final, known = self._ensure(db, n.job_id)
            if changed:
                db.execute("UPDATE notifications SET changed = 1 WHERE seq = ?", (seq,))
            return Recorded(changed, final, known, seq)

        result: Recorded = self._write(work)
        return result

    @staticmethod
    def _ensure(db: sqlite3.Connection, job_id: str) -> tuple[bool, bool, bool]:
        found = db.execute("SELECT tracked, final FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
        if found is None:
            db.execute("INSERT INTO jobs (job_id) VALUES (?)", (job_id,))
            return False, False, False
        return False, bool(found[1]), bool(found[0])

    def set_polled(self, job_id: str, status: JobStatus) -> Recorded:
        """Apply a status a poll found for *job_id* (never moving a final job back)."""

        def work(db: sqlite3.Connection) -> Recorded:
            changed, final, known = self._update(db, job_id, status, "poll", None)
            return Recorded(changed, final, known)

        result: Recorded = self._write(work)
        return result

    def track(self, job_ids: Iterable[str]) -> None:
        """Mark *job_ids* as asked about by a watch (a job not seen yet gets a row)."""
        ids = list(dict.fromkeys(job_ids))

        def work(db: sqlite3.Connection) -> None:
            db.executemany(
                "INSERT INTO jobs (job_id, tracked) VALUES (?, 1)"
                " ON CONFLICT (job_id) DO UPDATE SET tracked = 1",
                [(j,) for j in ids],
            )

        self._write(work)

    # -- reading --------------------------------------------------------------------------

    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"the notification store {self.path} failed: {exc}") from None

    def _status(self, job_id: str, text: str | None) -> JobStatus | None:
        """A job's stored status; StoreError naming the job when the row does not read."""
        if text is None:
            return None
        try:
            return status_from_json(text)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(
                f"the notification store {self.path} is damaged: job {job_id}'s status"
                f" does not read ({type(exc).__name__})"
            ) from None

    def last_status(self, job_id: str) -> JobStatus | None:
        """The last known status of *job_id* (from a push or a poll), None when there is none."""
        rows = self._read("SELECT status FROM jobs WHERE job_id = ?", (job_id,))
        return None if not rows else self._status(job_id, rows[0][0])

    def is_final(self, job_id: str) -> bool:
        """True when *job_id*'s status is final."""
        rows = self._read("SELECT final FROM jobs WHERE job_id = ?", (job_id,))
        return bool(rows and rows[0][0])

    def _statuses(self, column: str, value: int) -> dict[str, JobStatus | None]:
        sql = {
            "final": "SELECT job_id, status FROM jobs WHERE final = ? ORDER BY rowid",
            "tracked": "SELECT job_id, status FROM jobs WHERE tracked = ? ORDER BY rowid",
        }[column]
        rows = self._read(sql, (value,))
        return {j: self._status(j, s) for j, s in rows}

    def final_jobs(self) -> dict[str, JobStatus]:
        """Job id → final status, for every job whose status is final (tracked or not)."""
        return {j: s for j, s in self._statuses("final", 1).items() if s is not None}

    def tracked_jobs(self) -> dict[str, JobStatus | None]:
        """Job id → last known status (None: none yet), for every job a watch asked about."""
        return self._statuses("tracked", 1)

    def pending_jobs(self) -> list[str]:
        """The tracked jobs not final yet, in the order first seen: what a poll still asks."""
        return [
            j
            for (j,) in self._read(
                "SELECT job_id FROM jobs WHERE tracked = 1 AND final = 0 ORDER BY rowid"
            )
        ]

    def unknown_jobs(self) -> dict[str, JobStatus | None]:
        """Job id → last status, for jobs notified but never asked about: kept and reported."""
        return self._statuses("tracked", 0)

    def notifications(self, job_id: str | None = None) -> Iterator[Notification]:
        """Every stored notification (of *job_id*, when given), in the order received.

        Read a page at a time (images included), so that a large store is never in memory
        at once; a notification stored while iterating is seen if its turn has not passed.
        """
        after = 0
        while True:
            if job_id is None:
                rows = self._read(_PAGE.format(where=""), (after, _PAGE_SIZE))
            else:
                rows = self._read(_PAGE.format(where="AND job_id = ?"), (after, job_id, _PAGE_SIZE))
            for seq, flavour, fields, image, problems in rows:
                try:
                    pairs = [(str(k), str(v)) for k, v in json.loads(fields)]
                    n = notification_from_fields(flavour, pairs, image, received_seq=int(seq))
                    n = attrs.evolve(n, problems=tuple(json.loads(problems)))
                except (ValueError, TypeError, DecodeError) as exc:
                    raise StoreError(
                        f"the notification store {self.path} is damaged: notification seq"
                        f" {seq} does not read ({type(exc).__name__})"
                    ) from None
                yield n
                after = int(seq)
            if len(rows) < _PAGE_SIZE:
                return

    def count(self, job_id: str | None = None) -> int:
        """How many notifications are stored (of *job_id*, when given)."""
        if job_id is None:
            rows = self._read("SELECT COUNT(*) FROM notifications")
        else:
            rows = self._read("SELECT COUNT(*) FROM notifications WHERE job_id = ?", (job_id,))
        return int(rows[0][0])


def _has_status(n: Notification) -> bool:
    return not any(p.startswith("FaxJobStatusId:") for p in n.problems)
