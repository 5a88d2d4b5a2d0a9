"""Push and pull reconciled: take notifications as they come, poll only as the vendor's backstop.

Concord's Design Guidelines (CONTRACT.md §4.8) say a push can lag by minutes, so a client
should pull when no final status arrived after the expected time, then every minute until it
does. :class:`PushPullWatch` does that over a :class:`~faxstatus.push.NotificationStore` that
a receiver (``faxstatus listen``, the WSGI or ASGI app) writes: each job final from a push
stops being polled; the others are polled first after ``first_poll_after`` seconds, then every
``poll_every``, through a client watch (its ceiling on requests per minute, its throttle
handling and its give-up included). The store decides what moves: a duplicate, late or
contradicting notification or poll never moves a final job back (CONTRACT.md §8). A
notification for a job nobody asked about is kept in the store and reported
(:attr:`PushPullWatch.unknown`), never dropped. With a store in a file, a watch started again
after SIGKILL resumes with every job it tracked and every notification acknowledged.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .._contract import (
    DEFAULT_GIVE_UP_AFTER,
    DEFAULT_MAX_PER_MINUTE,
    PULL_AFTER_SECONDS,
    PULL_EVERY_SECONDS,
)
from ..client._results import JobOutcome, JobStatus, StatusReport
from ..client._watch import Watch, WatchState
from ._receiver import Receiver
from ._server import ListenServer
from ._store import NotificationStore

__all__ = ["PushPullWatch"]


class PushPullWatch:
    """Watch jobs by push first and by poll as the backstop (sync); iterate it for each change.

    *client* is a :class:`~faxstatus.FaxStatusClient` (its watch does the polling); *store*
    the notification store the receiver writes. Iterating yields each :class:`JobOutcome`
    that changed, from a push or a poll (:attr:`sources` says which), until every job is
    final, the polling failed for good or gave up, or *timeout* passed. *clock* and *sleep*
    are injectable (tests); *tick* is how often the store is looked at between polls
    without a wake-up (pass :meth:`notified` as the receiver's ``on_notification``).
    ``on_unknown(job_id, status)`` is called once per job notified that nobody asked about.
    """

    def __init__(
        self,
        client: Any,
        job_ids: Iterable[str],
        store: NotificationStore,
        *,
        first_poll_after: float = PULL_AFTER_SECONDS,
        poll_every: float = PULL_EVERY_SECONDS,
        timeout: float | None = None,
        operation: str = "GetRealTimeFaxStatusEx",
        max_per_minute: int | None = DEFAULT_MAX_PER_MINUTE,
        give_up_after: float | None = DEFAULT_GIVE_UP_AFTER,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
        tick: float = 1.0,
    ) -> None:
        if not first_poll_after >= 0:
            raise ValueError("first_poll_after must be 0 or more (seconds before the first poll)")
        if not poll_every > 0:
            raise ValueError("poll_every must be positive (seconds between polls)")
        ids = list(dict.fromkeys(job_ids))
        #: The client watch that polls (its state holds every job's last known outcome).
        self.watch: Watch = client.watch(
            ids,
            interval=poll_every,
            max_interval=poll_every,  # "every minute": no back-off past the guideline's pace
            timeout=timeout,
            operation=operation,
            max_per_minute=max_per_minute,
            give_up_after=give_up_after,
            clock=clock,
        )
        self.store = store
        self.first_poll_after = first_poll_after
        self._clock = clock
        self._wake = threading.Event()
        #: Waits between looks at the store: by default until :meth:`notified` or *tick*
        #: seconds, whichever comes first.
        self.sleep = sleep or self._wait
        self._tick = tick
        self._seen = -1  # the store's notification count when last looked at
        #: Where each job's last change came from: "push", "poll", or "state" (the store
        #: already held it when the watch started: a resumed watch).
        self.sources: dict[str, str] = {}
        #: Jobs notified that nobody asked about, with their last status: kept, reported.
        self.unknown: dict[str, JobStatus | None] = {}
        self.on_unknown: Callable[[str, JobStatus | None], None] | None = None
        #: Called with the watch state after each poll round (as :attr:`Watch.on_round`).
        self.on_round: Callable[[WatchState], None] | None = None
        self.polls = 0  #: poll rounds sent

    def serve(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        require_header: str | tuple[str, str] | None = None,
        require_path_secret: str | None = None,
    ) -> ListenServer:
        """A push receiver on *host*:*port* writing this watch's store and waking it.

        Not started: use it as a context manager (``with watch.serve(port=8090) as srv:``)
        around the iteration, then ``srv.receiver.close()``. The secret options are
        :class:`Receiver`'s.
        """
        receiver = Receiver(
            self.store,
            require_header=require_header,
            require_path_secret=require_path_secret,
            on_notification=self.notified,
        )
        try:
            return ListenServer(receiver, host=host, port=port)
        except BaseException:
            receiver.close()
            raise

    def notified(self, *_: Any) -> None:
        """Wake the watch to look at the store now: a receiver's ``on_notification``."""
        self._wake.set()

    def _wait(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    @property
    def state(self) -> WatchState:
        """The polling state: each job's last known outcome, the pace, the give-up."""
        return self.watch.state

    def _from_store(self, source: str) -> list[JobOutcome]:
        """The jobs the store knows final that the watch did not, and any unknown job."""
        count = self.store.count()
        if count == self._seen and source != "state":
            return []
        self._seen = count
        news = []
        for job_id, status in self.store.final_jobs().items():
            outcome = JobOutcome(job_id, status=status)
            if self.state.learn(outcome):
                self.sources[job_id] = source
                news.append(outcome)
        for job_id, last in self.store.unknown_jobs().items():
            if job_id not in self.unknown:
                self.unknown[job_id] = last
                if self.on_unknown is not None:
                    self.on_unknown(job_id, last)
        return news

    def _polled(self, change: JobOutcome) -> JobOutcome:
        """Store what a poll found; the store's final status instead when it kept another.

        A push stored while the poll was under way may have made the job final first; the
        store keeps that status (a final job never moves), so the watch reports it too, as a
        watch resumed from the store would.
        """
        job_id, status = change.requested_id, change.status
        if status is None:
            return change
        recorded = self.store.set_polled(job_id, status)
        self.sources[job_id] = "poll"
        if recorded.changed or not change.final:
            return change  # a poll not final: the store's final, if any, comes by _from_store
        kept = self.store.last_status(job_id)
        if kept is None or kept.status == status.status:
            return change
        outcome = JobOutcome(job_id, status=kept)
        self.state.current[job_id] = outcome
        self.sources[job_id] = "push"
        return outcome

    def __iter__(self) -> Iterator[JobOutcome]:
        state = self.state
        self.store.track(state.order)
        yield from self._from_store("state")
        next_poll = self._clock() + self.first_poll_after
        while state.pending:
            left = state.time_left()
            if left == 0.0:
                state.timed_out = True
                return
            now = self._clock()
            if now < next_poll:
                wait = min(self._tick, next_poll - now)
                self.sleep(wait if left is None else min(wait, left))
                yield from self._from_store("push")
                continue
            changes = [self._polled(change) for change in self.watch.poll_round()]
            self.polls += 1
            yield from changes
            if self.on_round is not None:
                self.on_round(state)
            yield from self._from_store("push")
            wait_for = state.next_wait()
            if wait_for is None:
                return
            next_poll = self._clock() + wait_for

    def run(self) -> StatusReport:
        """Watch to the end without looking at the changes; return the final report."""
        for _ in self:
            pass
        return self.report

    @property
    def report(self) -> StatusReport:
        """The last known outcome of every job (from either side)."""
        return self.state.report()

    @property
    def done(self) -> bool:
        """True once the watch is over."""
        return self.state.done

    @property
    def timed_out(self) -> bool:
        """True when the timeout ended the watch before every job was final."""
        return self.state.timed_out

    @property
    def gave_up(self) -> bool:
        """True when polling got no answer for ``give_up_after`` seconds."""
        return self.state.gave_up
