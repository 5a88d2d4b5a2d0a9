"""Watching jobs until they are final: the decisions without I/O, then a sync and an async loop.

:class:`WatchState` decides everything (which ids to poll, what changed, how long to wait,
when to stop); :class:`Watch` and :class:`AsyncWatch` only poll and sleep, as the two
clients do for a single request.
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from .._boundary import Deadline
from .._errors import FaxStatusError, ThrottledError
from ._policy import DEFAULT_GIVE_UP_AFTER, DEFAULT_MAX_PER_MINUTE, run_limit
from ._results import PER_ID_KINDS, JobOutcome, StatusReport, error_kind, transient

__all__ = ["AsyncWatch", "Watch", "WatchState"]

_MINUTE = 60.0  # the ceiling's window, in seconds


def _fingerprint(o: JobOutcome) -> tuple[Any, ...]:
    st = o.status
    if st is None:
        return (o.kind, str(o.error))
    return (o.kind, st.pages_sent, st.pages_total, st.description, st.recipient_state)


class WatchState:
    """Where a watch stands: the last outcome per id, the next wait, and whether it is over.

    It also keeps the pace the service can take: at most *max_per_minute* requests in any
    60 seconds, spread at that rate (None: no ceiling); a slower pace after a throttle
    (kind ``throttled``: Retry-After honoured, the ceiling halved, then raised by one per
    round that got through); and an end after *give_up_after* seconds in which no round
    got an answer.
    """

    def __init__(
        self,
        plan: tuple[list[str], list[str], list[list[str]]],
        *,
        operation: str,
        interval: float,
        max_interval: float,
        timeout: float | None,
        clock: Callable[[], float] = time.monotonic,
        batch_size: int | None = None,
        max_per_minute: int | None = DEFAULT_MAX_PER_MINUTE,
        give_up_after: float | None = DEFAULT_GIVE_UP_AFTER,
    ) -> None:
        if interval <= 0:
            raise ValueError("interval must be positive (seconds between polls)")
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be positive (seconds), or None to wait for ever")
        if max_per_minute is not None and max_per_minute < 1:
            raise ValueError("max_per_minute must be at least 1 (requests), or None for no ceiling")
        if give_up_after is not None and not give_up_after > 0:
            raise ValueError("give_up_after must be positive (seconds), or None to never give up")
        self.operation = operation
        self.order, self.duplicates, batches = plan
        self._ids = frozenset(self.order)
        self.batch_size = batch_size or max((len(b) for b in batches), default=1)
        self.interval = interval
        self.max_interval = max(max_interval, interval)
        self._clock = clock
        self._deadline = Deadline(timeout, clock)
        self.delay = interval  #: the wait before the next poll
        self.current: dict[str, JobOutcome] = {}  #: the last known outcome per id
        self.pending: list[str] = list(self.order)  #: ids not final yet
        self.rounds = 0
        self.timed_out = False
        #: the credential or protocol failure that ended the watch early, if any
        self.stopped_by: FaxStatusError | None = None
        #: the last round's failure that asking again may not repeat (a server down, a
        #: timeout, a 503), and how many ids it hit; None when the round got through
        self.trouble: FaxStatusError | None = None
        self.trouble_ids = 0
        #: the ceiling asked for, and the one in force (lower for a while after a throttle)
        self.max_per_minute = max_per_minute
        self.per_minute = max_per_minute
        #: the last round's throttle, if the service asked for a slower pace
        self.throttled: ThrottledError | None = None
        self.throttles = 0  #: rounds that were throttled, in all
        self.give_up_after = give_up_after
        #: True once no round got an answer for ``give_up_after`` seconds
        self.gave_up = False
        self._failing: Deadline | None = None  # since the first round of a failing streak
        self._not_before: float | None = None  # Retry-After, on the clock
        self._sent: collections.deque[float] = collections.deque()  # request times, last 60 s
        self.requests = 0  #: requests sent by the watch, every attempt counted
        self._last_round = (0.0, 0)  # (when, requests) of the last round
        self._cursor = 0
        self._last: StatusReport | None = None

    def time_left(self) -> float | None:
        """Seconds left before the timeout (0 once it passed), or None without a timeout."""
        return self._deadline.left()

    def round_limit(self) -> float | None:
        """Seconds the next round may take: the timeout's or the give-up's, whichever is sooner."""
        lefts = [x for x in (self.time_left(), self._give_up_left()) if x is not None]
        return min(lefts) if lefts else None

    def _give_up_left(self) -> float | None:
        return None if self._failing is None else self._failing.left()

    def round_ids(self) -> list[str]:
        """The ids to poll next round: every pending one, or as many as the ceiling allows.

        A round never needs more requests than the ceiling: past it, the round takes the
        next ``per_minute`` batches' worth of ids, in turn, so that every id is polled.
        """
        cap = None if self.per_minute is None else self.per_minute * self.batch_size
        if cap is None or len(self.pending) <= cap:
            return list(self.pending)
        start = self._cursor % len(self.pending)
        self._cursor = start + cap
        return (self.pending[start:] + self.pending[:start])[:cap]

    def sent(self, requests: int) -> None:
        """Count *requests* sent just now (the pace of the next rounds follows them)."""
        self.requests += requests
        now = self._clock()
        self._sent.extend([now] * requests)
        self._last_round = (now, requests)

    def pace_wait(self) -> float:
        """Seconds until the next round fits under the ceiling (0: it fits now).

        Two rules: the last round's requests are spread at the ceiling's rate (n requests
        wait n * 60 / ceiling seconds), so the minute's budget never goes in one burst; and
        no 60 seconds hold more than the ceiling's requests, retries counted.
        """
        if self.per_minute is None:
            return 0.0
        now = self._clock()
        at, n = self._last_round
        spread = at + n * _MINUTE / self.per_minute - now
        while self._sent and self._sent[0] <= now - _MINUTE:
            self._sent.popleft()
        ids = min(len(self.pending), self.per_minute * self.batch_size)
        need = -(-ids // self.batch_size)
        over = len(self._sent) + need - self.per_minute
        if over <= 0:
            return max(0.0, spread)
        # The oldest *over* requests must leave the window first.
        window = self._sent[min(over, len(self._sent)) - 1] + _MINUTE - now
        return max(0.0, spread, window)

    def absorb(self, report: StatusReport, requests: int | None = None) -> list[JobOutcome]:
        """Take one round's report; return the outcomes that changed, in the order asked.

        *requests* is how many HTTP requests the round sent (retries included); without it,
        one per batch of the ids the report holds.
        """
        self.rounds += 1
        self._last = report
        if requests is None:
            requests = -(-len(report.outcomes) // self.batch_size)
        self.sent(requests)
        # A round the timeout cut short: its calls failed because the run ended, which says
        # nothing about the jobs, so those failures are not taken as their state.
        cut = self.time_left() == 0.0
        changes = []
        self.trouble, self.trouble_ids, self.throttled = None, 0, None
        answered = False
        for o in report:
            prev = self.current.get(o.requested_id)
            if o.error is not None and transient(o.error):
                if isinstance(o.error, ThrottledError):
                    self.throttled = self.throttled or o.error
                if cut:
                    continue
                self.trouble = self.trouble or o.error
                self.trouble_ids += 1
                if prev is not None:
                    # Keep the last known state through a failure the next round may not
                    # repeat (``trouble`` says it happened).
                    continue
            else:
                answered = True
            if prev is not None and prev.final and not o.final:
                continue  # known final from elsewhere (a push): a poll never moves it back
            if prev is None or _fingerprint(prev) != _fingerprint(o):
                changes.append(o)
            self.current[o.requested_id] = o
            if (
                o.error is not None
                and self.stopped_by is None
                and not transient(o.error)
                and error_kind(o.error) not in PER_ID_KINDS
            ):
                self.stopped_by = o.error
        self._pace_after(answered or not report.outcomes)
        if self.stopped_by is not None:
            self.pending = []
        else:
            self.pending = [
                j for j in self.order if j not in self.current or not self.current[j].final
            ]
        moved = any(c.status is not None or c.final for c in changes)
        self.delay = self.interval if moved else min(self.delay * 1.5, self.max_interval)
        if self.throttled is not None and self.throttled.retry_after is None:
            self.delay = min(max(self.delay * 2, self.interval), self.max_interval)
        return changes

    def _pace_after(self, answered: bool) -> None:
        """The pace after a round: slower after a throttle, the give-up clock after no answer."""
        if self.throttled is not None:
            self.throttles += 1
            if self.per_minute is not None:
                self.per_minute = max(1, self.per_minute // 2)
            told = self.throttled.retry_after
            if told is not None:
                self._not_before = self._clock() + told
        elif self.per_minute is not None and self.max_per_minute is not None:
            self.per_minute = min(self.max_per_minute, self.per_minute + 1)
        if answered:
            self._failing = None
        elif self._failing is None and self.give_up_after is not None:
            self._failing = Deadline(self.give_up_after, self._clock)

    def learn(self, outcome: JobOutcome) -> bool:
        """Take an outcome known from elsewhere (a push notification); True when it is news.

        Only for an id the watch asks about; a final status is never replaced (a duplicate
        or late notification changes nothing), and a final one stops polling for the id. A
        lookup error a poll got (not found) is final for polling, but a status is news.
        """
        j = outcome.requested_id
        prev = self.current.get(j)
        if j not in self._ids or (prev is not None and prev.final and prev.status is not None):
            return False
        if prev is not None and _fingerprint(prev) == _fingerprint(outcome):
            return False
        self.current[j] = outcome
        if outcome.final:
            self.pending = [p for p in self.pending if p != j]
        return True

    def next_wait(self) -> float | None:
        """Seconds to wait before the next poll, or None when the watch is over."""
        if not self.pending:
            return None
        wait = max(self.delay, self.pace_wait())
        if self._not_before is not None:
            wait = max(wait, self._not_before - self._clock())
        give_up = self._give_up_left()
        if give_up is not None:
            if give_up <= 0:
                self.gave_up = True
                return None
            wait = min(wait, give_up)
        left = self._deadline.left()
        if left is None:
            return wait
        if left <= 0:
            self.timed_out = True
            return None
        return min(wait, left)

    @property
    def done(self) -> bool:
        """True once every id is final, the watch failed, gave up, or timed out."""
        return not self.pending or self.timed_out or self.gave_up

    def report(self) -> StatusReport:
        """The last known outcome of every id (ids not polled yet have none and are left out)."""
        last = self._last
        return StatusReport(
            operation=self.operation,
            outcomes=tuple(self.current[j] for j in self.order if j in self.current),
            unexpected=() if last is None else last.unexpected,
            duplicates=tuple(self.duplicates),
            responses=() if last is None else last.responses,
        )


class Watch:
    """A running watch (sync): iterate it for each change; ``report`` is the latest state.

    Iterating polls, yields every :class:`JobOutcome` that changed, sleeps, and polls again
    until :attr:`done`. Interrupting it (Ctrl-C) leaves ``report`` at the last known state.
    """

    def __init__(
        self,
        state: WatchState,
        poll: Callable[[list[str]], StatusReport],
        sleep: Callable[[float], None],
        requests: Callable[[], int] | None = None,
    ) -> None:
        self.state = state
        self._poll = poll
        self._requests = requests
        #: Waits between rounds; replace it to do something while waiting (a live display).
        self.sleep = sleep
        #: Called with the state after each round's changes were yielded (a display redraws
        #: once per round here rather than once per change).
        self.on_round: Callable[[WatchState], None] | None = None

    def poll_round(self) -> list[JobOutcome]:
        """Poll once (the ids :meth:`WatchState.round_ids` gives); the outcomes that changed.

        The round is bounded by the time left (timeout or give-up). Iterating the watch
        calls this between its waits, then ``on_round`` once the changes were yielded.
        """
        before = None if self._requests is None else self._requests()
        with run_limit(self.state.round_limit()):
            report = self._poll(self.state.round_ids())
        sent = None if self._requests is None or before is None else self._requests() - before
        return self.state.absorb(report, sent)

    def __iter__(self) -> Iterator[JobOutcome]:
        while True:
            yield from self.poll_round()
            if self.on_round is not None:
                self.on_round(self.state)
            wait = self.state.next_wait()
            if wait is None:
                return
            self.sleep(wait)
            if self.state.next_wait() is None:  # the timeout ran out while waiting
                return

    def run(self) -> StatusReport:
        """Watch to the end without looking at the changes; return the final report."""
        for _ in self:
            pass
        return self.report

    @property
    def report(self) -> StatusReport:
        """The last known outcome of every id (final once :attr:`done`)."""
        return self.state.report()

    @property
    def done(self) -> bool:
        """True once the watch is over (see :attr:`WatchState.done`)."""
        return self.state.done

    @property
    def timed_out(self) -> bool:
        """True when the timeout ended the watch before every id was final."""
        return self.state.timed_out

    @property
    def gave_up(self) -> bool:
        """True when no round got an answer for ``give_up_after`` seconds (the watch ended)."""
        return self.state.gave_up


class AsyncWatch:
    """A running watch (async): ``async for outcome in watch``; ``report`` as in :class:`Watch`."""

    def __init__(
        self,
        state: WatchState,
        poll: Callable[[list[str]], Awaitable[StatusReport]],
        requests: Callable[[], int] | None = None,
    ) -> None:
        self.state = state
        self._poll = poll
        self._requests = requests
        #: Called with the state after each round (as :attr:`Watch.on_round`).
        self.on_round: Callable[[WatchState], None] | None = None

    async def __aiter__(self) -> AsyncIterator[JobOutcome]:
        while True:
            before = None if self._requests is None else self._requests()
            with run_limit(self.state.round_limit()):
                report = await self._poll(self.state.round_ids())
            sent = None if self._requests is None or before is None else self._requests() - before
            for change in self.state.absorb(report, sent):
                yield change
            if self.on_round is not None:
                self.on_round(self.state)
            wait = self.state.next_wait()
            if wait is None:
                return
            await asyncio.sleep(wait)
            if self.state.next_wait() is None:  # the timeout ran out while waiting
                return

    async def run(self) -> StatusReport:
        """Watch to the end without looking at the changes; return the final report."""
        async for _ in self:
            pass
        return self.report

    @property
    def report(self) -> StatusReport:
        """The last known outcome of every id (final once :attr:`done`)."""
        return self.state.report()

    @property
    def done(self) -> bool:
        """True once the watch is over."""
        return self.state.done

    @property
    def timed_out(self) -> bool:
        """True when the timeout ended the watch before every id was final."""
        return self.state.timed_out

    @property
    def gave_up(self) -> bool:
        """True when no round got an answer for ``give_up_after`` seconds (the watch ended)."""
        return self.state.gave_up
