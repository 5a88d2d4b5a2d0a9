"""Watching jobs until they are final: the decisions without I/O, then a sync and an async loop.

:class:`WatchState` decides everything (which ids to poll, what changed, how long to wait,
when to stop); :class:`Watch` and :class:`AsyncWatch` only poll and sleep, as the two
clients do for a single request.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from .._boundary import Deadline
from .._errors import FaxStatusError
from ._policy import run_limit
from ._results import PER_ID_KINDS, JobOutcome, StatusReport, error_kind, transient

__all__ = ["AsyncWatch", "Watch", "WatchState"]


def _fingerprint(o: JobOutcome) -> tuple[Any, ...]:
    st = o.status
    if st is None:
        return (o.kind, str(o.error))
    return (o.kind, st.pages_sent, st.pages_total, st.description, st.recipient_state)


class WatchState:
    """Where a watch stands: the last outcome per id, the next wait, and whether it is over."""

    def __init__(
        self,
        plan: tuple[list[str], list[str], list[list[str]]],
        *,
        operation: str,
        interval: float,
        max_interval: float,
        timeout: float | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if interval <= 0:
            raise ValueError("interval must be positive (seconds between polls)")
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be positive (seconds), or None to wait for ever")
        self.operation = operation
        self.order, self.duplicates, _ = plan
        self.interval = interval
        self.max_interval = max(max_interval, interval)
        self._deadline = Deadline(timeout, clock)
        self.delay = interval  #: the wait before the next poll
        self.current: dict[str, JobOutcome] = {}  #: the last known outcome per id
        self.pending: list[str] = list(self.order)  #: ids to poll next round
        self.rounds = 0
        self.timed_out = False
        #: the credential or protocol failure that ended the watch early, if any
        self.stopped_by: FaxStatusError | None = None
        #: the last round's failure that asking again may not repeat (a server down, a
        #: timeout, a 503), and how many ids it hit; None when the round got through
        self.trouble: FaxStatusError | None = None
        self.trouble_ids = 0
        self._last: StatusReport | None = None

    def time_left(self) -> float | None:
        """Seconds left before the timeout (0 once it passed), or None without a timeout."""
        return self._deadline.left()

    def absorb(self, report: StatusReport) -> list[JobOutcome]:
        """Take one round's report; return the outcomes that changed, in the order asked."""
        self.rounds += 1
        self._last = report
        # A round the timeout cut short: its calls failed because the run ended, which says
        # nothing about the jobs, so those failures are not taken as their state.
        cut = self.time_left() == 0.0
        changes = []
        self.trouble, self.trouble_ids = None, 0
        for o in report:
            prev = self.current.get(o.requested_id)
            if o.error is not None and transient(o.error):
                if cut:
                    continue
                self.trouble = self.trouble or o.error
                self.trouble_ids += 1
                if prev is not None:
                    # Keep the last known state through a failure the next round may not
                    # repeat (``trouble`` says it happened).
                    continue
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
        if self.stopped_by is not None:
            self.pending = []
        else:
            self.pending = [
                j for j in self.order if j not in self.current or not self.current[j].final
            ]
        moved = any(c.status is not None or c.final for c in changes)
        self.delay = self.interval if moved else min(self.delay * 1.5, self.max_interval)
        return changes

    def next_wait(self) -> float | None:
        """Seconds to wait before the next poll, or None when the watch is over."""
        if not self.pending:
            return None
        left = self._deadline.left()
        if left is None:
            return self.delay
        if left <= 0:
            self.timed_out = True
            return None
        return min(self.delay, left)

    @property
    def done(self) -> bool:
        """True once every id is final, the watch failed, or it timed out."""
        return not self.pending or self.timed_out

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
    ) -> None:
        self.state = state
        self._poll = poll
        #: Waits between rounds; replace it to do something while waiting (a live display).
        self.sleep = sleep
        #: Called with the state after each round's changes were yielded (a display redraws
        #: once per round here rather than once per change).
        self.on_round: Callable[[WatchState], None] | None = None

    def __iter__(self) -> Iterator[JobOutcome]:
        while True:
            with run_limit(self.state.time_left()):
                report = self._poll(self.state.pending)
            yield from self.state.absorb(report)
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


class AsyncWatch:
    """A running watch (async): ``async for outcome in watch``; ``report`` as in :class:`Watch`."""

    def __init__(
        self, state: WatchState, poll: Callable[[list[str]], Awaitable[StatusReport]]
    ) -> None:
        self.state = state
        self._poll = poll
        #: Called with the state after each round (as :attr:`Watch.on_round`).
        self.on_round: Callable[[WatchState], None] | None = None

    async def __aiter__(self) -> AsyncIterator[JobOutcome]:
        while True:
            with run_limit(self.state.time_left()):
                report = await self._poll(self.state.pending)
            for change in self.state.absorb(report):
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
