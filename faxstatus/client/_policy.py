"""Retry and timeout policy, decided without I/O: which failures to retry, and how long to wait."""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

import attrs

from .._boundary import Deadline, bounded_int
from .._contract import DEFAULT_GIVE_UP_AFTER, DEFAULT_MAX_PER_MINUTE
from .._errors import DecodeError, LimitError
from .._http import MAX_DELTA_SECONDS

__all__ = [
    "DEFAULT_GIVE_UP_AFTER",
    "DEFAULT_MAX_PER_MINUTE",
    "RetryPolicy",
    "Timeouts",
    "call_deadline",
    "parse_retry_after",
    "run_limit",
]

_JITTER = random.Random()  # noqa: S311 - backoff jitter, not cryptography


@attrs.frozen
class Timeouts:
    """Connect and read timeouts for one attempt, and a deadline for the whole call (seconds)."""

    connect: float = 5.0
    read: float = 30.0
    #: Wall-clock budget for one batch including every retry and backoff sleep.
    total: float = 60.0

    def __attrs_post_init__(self) -> None:
        for name in ("connect", "read", "total"):
            if getattr(self, name) <= 0:
                raise ValueError(f"Timeouts.{name} must be positive")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date, RFC 9110 §10.2.3).

    None when absent or unreadable (then the backoff applies). The result is range-checked:
    always in ``[0, MAX_DELTA_SECONDS]``, a longer wait counting as that (RFC 9111 §1.2.2),
    so that it stays a number a sleep or a comparison can take; a delta-seconds past the
    range is refused by :func:`~faxstatus._boundary.bounded_int` before it is converted.
    Any wait over :attr:`RetryPolicy.max_retry_after` ends the retries, and the batch keeps
    the HTTP status error it was answered with.
    """
    if value is None:
        return None
    value = value.strip()
    # ASCII digits only: str.isdigit() also accepts "²" and other digits float() cannot read.
    if value[:1].isascii() and value[:1].isdigit():
        try:
            return float(bounded_int(value, "Retry-After", high=MAX_DELTA_SECONDS))
        except LimitError:
            return float(MAX_DELTA_SECONDS)
        except DecodeError:
            return None
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        stamp = when.timestamp()
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    current = datetime.now(UTC).timestamp() if now is None else now
    return min(float(MAX_DELTA_SECONDS), max(0.0, stamp - current))


@attrs.frozen
class RetryPolicy:
    """When to try a status query again.

    Status queries are idempotent, so connection errors, timeouts and HTTP 429, 502, 503 and
    504 are retried, with exponential backoff and full jitter, honouring Retry-After, up to
    ``attempts`` tries in all and never past the call's deadline. Other 4xx responses, SOAP
    faults, service errors and undecodable bodies are never retried.
    """

    attempts: int = 4
    backoff: float = 0.25  #: first backoff ceiling in seconds; doubles per attempt
    max_backoff: float = 8.0
    #: Longest Retry-After honoured; a longer one ends the retries instead.
    max_retry_after: float = 60.0
    retry_statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    jitter: bool = True

    def __attrs_post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("RetryPolicy.attempts must be at least 1")

    @classmethod
    def never(cls) -> RetryPolicy:
        """A policy that makes exactly one attempt."""
        return cls(attempts=1)

    def should_retry_status(self, status: int) -> bool:
        """True for the HTTP statuses worth another attempt."""
        return status in self.retry_statuses

    def delay(
        self,
        attempt: int,
        retry_after: str | None = None,
        *,
        rng: random.Random | None = None,
    ) -> float | None:
        """Seconds to sleep before attempt ``attempt + 1``, or None when no attempt is left.

        *attempt* counts from 1 (the attempt that just failed).
        """
        if attempt >= self.attempts:
            return None
        told = parse_retry_after(retry_after)
        if told is not None:
            return told if told <= self.max_retry_after else None
        ceiling = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        if not self.jitter:
            return ceiling
        return (rng or _JITTER).uniform(0, ceiling)


#: The run the current calls belong to, if it has a time limit: a watch's ``timeout`` bounds
#: the whole run, so no call inside it may outlast it.
_RUN: ContextVar[Deadline | None] = ContextVar("faxstatus_run", default=None)


def call_deadline(seconds: float, clock: Callable[[], float] | None = None) -> Deadline:
    """The deadline of one call: *seconds* from now, or the end of the enclosing run if sooner.

    The run is the innermost :func:`run_limit`; the deadline is the shared
    :class:`~faxstatus._boundary.Deadline`, so a call and its run count time one way.
    *clock* defaults to ``time.monotonic`` as it is when the call starts.
    """
    if clock is None:
        clock = time.monotonic
    deadline = Deadline(seconds, clock)
    run = _RUN.get()
    if run is None or run.at is None or deadline.at is None or deadline.at <= run.at:
        return deadline
    return Deadline.at_time(run.at, clock)


@contextmanager
def run_limit(seconds: float | None) -> Iterator[None]:
    """Within this block, every call's deadline is at most *seconds* from now (None: no limit).

    The deadline of each call made inside is min(its own ``Timeouts.total``, the time left
    in the run); a nested limit can only shorten the outer one. Asyncio tasks created inside
    inherit it (they copy the context).
    """
    if seconds is None:
        yield
        return
    token = _RUN.set(call_deadline(max(0.0, seconds)))
    try:
        yield
    finally:
        _RUN.reset(token)
