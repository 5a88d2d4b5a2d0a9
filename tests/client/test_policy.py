"""faxstatus.client._policy: timeouts, Retry-After, backoff and its cap, a call's deadline."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from faxstatus._boundary import Deadline
from faxstatus.client import RetryPolicy, Timeouts
from faxstatus.client._policy import call_deadline, parse_retry_after, run_limit


@pytest.mark.parametrize("name", ["connect", "read", "total"])
@pytest.mark.parametrize("value", [0, -1.0])
def test_timeouts_must_be_positive(name, value):
    with pytest.raises(ValueError, match=name):
        Timeouts(**{name: value})


def test_retry_after_delta_seconds():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 7 ") == 7.0
    assert parse_retry_after(None) is None


def test_retry_after_http_date_is_seconds_from_now():
    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC).timestamp()
    later = format_datetime(datetime(2026, 11, 26, 12, 0, 30, tzinfo=UTC), usegmt=True)
    assert parse_retry_after(later, now=now) == pytest.approx(30.0)
    earlier = format_datetime(datetime(2026, 11, 26, 11, 0, 0, tzinfo=UTC), usegmt=True)
    assert parse_retry_after(earlier, now=now) == 0.0  # a date in the past: retry at once


@pytest.mark.parametrize("junk", ["soon", "-5", "1.5e3", ""])
def test_retry_after_junk_is_ignored(junk):
    assert parse_retry_after(junk) is None


def test_attempts_must_be_at_least_one():
    with pytest.raises(ValueError, match="attempts"):
        RetryPolicy(attempts=0)
    assert RetryPolicy.never().delay(1) is None


def test_no_delay_once_attempts_are_used_up():
    policy = RetryPolicy(attempts=3, jitter=False)
    assert policy.delay(2) is not None
    assert policy.delay(3) is None


def test_backoff_doubles_up_to_its_ceiling_without_jitter():
    policy = RetryPolicy(attempts=10, backoff=0.25, max_backoff=1.0, jitter=False)
    assert [policy.delay(a) for a in range(1, 6)] == [0.25, 0.5, 1.0, 1.0, 1.0]


def test_jitter_stays_under_the_ceiling():
    policy = RetryPolicy(attempts=10, backoff=0.5, max_backoff=8.0)
    rng = random.Random(7)
    for attempt in range(1, 8):
        ceiling = min(8.0, 0.5 * 2 ** (attempt - 1))
        value = policy.delay(attempt, rng=rng)
        assert value is not None and 0 <= value <= ceiling


def test_retry_after_within_the_cap_is_honoured_exactly():
    policy = RetryPolicy(attempts=4, max_retry_after=60.0)
    assert policy.delay(1, "60") == 60.0
    assert policy.delay(1, "3") == 3.0


def test_retry_after_beyond_the_cap_ends_the_retries():
    # The cap alone, with nothing else (no deadline) that could end the retries.
    policy = RetryPolicy(attempts=4, max_retry_after=60.0)
    assert policy.delay(1, "61") is None
    assert RetryPolicy(attempts=4, max_retry_after=1000.0).delay(1, "61") == 61.0


def test_retry_after_as_an_http_date_goes_through_the_cap():
    far = format_datetime(datetime(2999, 1, 1, tzinfo=UTC), usegmt=True)
    assert RetryPolicy(attempts=4).delay(1, far) is None


def test_retry_statuses():
    policy = RetryPolicy()
    assert [s for s in (400, 429, 500, 502, 503, 504) if policy.should_retry_status(s)] == [
        429,
        502,
        503,
        504,
    ]


def test_a_call_deadline_is_the_shared_deadline_counting_down_to_zero():
    clock = [100.0]
    deadline = call_deadline(5.0, lambda: clock[0])
    assert isinstance(deadline, Deadline)  # one mechanism: faxstatus._boundary's
    assert deadline.left() == 5.0
    clock[0] += 2.0
    assert deadline.left() == 3.0
    assert deadline.bound(30.0) == 3.0  # a socket timeout cut to the time left
    clock[0] += 10.0
    assert deadline.left() == 0.0
    assert deadline.expired


@pytest.mark.parametrize("value", ["9" * 5000, "1" + "0" * 400, str(2**31 + 1)])
def test_a_retry_after_past_the_range_counts_as_its_limit(value):
    # RFC 9111 §1.2.2: a delta-seconds larger than 2**31 counts as 2**31; never infinite.
    assert parse_retry_after(value) == 2.0**31
    assert RetryPolicy(max_retry_after=float("inf")).delay(1, value) == 2.0**31
    assert RetryPolicy().delay(1, value) is None  # over max_retry_after: the retries end


def test_a_far_http_date_counts_as_the_limit():
    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC).timestamp()
    assert parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now=now) == 2.0**31


def test_a_huge_retry_after_fails_its_batch_only_with_its_http_status():
    import httpx

    import faxstatus

    from ..support.mock_service import OPERATION, Server, client

    huge = httpx.Response(503, headers={"Retry-After": "1" + "0" * 400})
    srv = Server([huge])
    policy = RetryPolicy(attempts=3, max_retry_after=float("inf"))
    with client(srv, batch_size=1, retry=policy) as c:
        report = c.query(OPERATION, ["br1", "br2"])
    error = report["br1"].error
    assert isinstance(error, faxstatus.HTTPStatusError) and error.status == 503
    assert report["br2"].ok


def test_a_run_limit_caps_every_deadline_inside_it():
    def left(seconds: float) -> float:
        value = call_deadline(seconds).left()
        assert value is not None
        return value

    assert left(60) > 30  # no run: the call's own
    with run_limit(None):
        assert left(60) > 30
    with run_limit(5):
        assert left(60) <= 5  # the run's end is sooner
        assert left(1) <= 1  # the call's own is sooner
        with run_limit(100):  # a nested limit cannot lengthen the outer one
            assert left(60) <= 5
        with run_limit(0):
            assert left(60) == 0
            assert call_deadline(60).expired
    assert left(60) > 30
