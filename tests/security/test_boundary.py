"""The guarded boundary's mechanisms: caps while reading, range-checked numbers, deadlines."""

from __future__ import annotations

import gzip
import io

import pytest

from faxstatus import DeadlineError, DecodeError, LimitError
from faxstatus._boundary import BodyReader, Deadline, bounded_int, declared_length, read_bounded


class FixedClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bounded_int_accepts_digits_in_range() -> None:
    assert bounded_int(" 0042 ", "expires_in", high=100) == 42
    assert bounded_int(b"ff", "chunk size", high=255, base=16) == 255


@pytest.mark.parametrize("text", ["", "-5", "+5", "1_000", "NaN", "1e3", "٣", "0x10", "5 5"])
def test_bounded_int_refuses_what_is_not_plain_digits(text: str) -> None:
    with pytest.raises(DecodeError, match=r"expires_in .* is not a base-10 number") as err:
        bounded_int(text, "expires_in", high=10**6)
    assert not isinstance(err.value, LimitError)


def test_bounded_int_refuses_a_huge_number_without_converting_it() -> None:
    with pytest.raises(LimitError, match="chunk size of a 1000000-character value") as err:
        bounded_int("f" * 1_000_000, "chunk size", high=2**31, base=16)
    assert err.value.field == "chunk size"
    with pytest.raises(LimitError, match="is over 100"):
        bounded_int("101", "n", high=100)
    with pytest.raises(LimitError, match="is under 1"):
        bounded_int("0", "n", low=1, high=100)


def test_declared_length() -> None:
    assert declared_length(None, 10) is None
    assert declared_length("7", 10) == 7
    assert declared_length("7, 7", 10) == 7
    with pytest.raises(DecodeError, match="lists different lengths"):
        declared_length("7, 8", 10)
    with pytest.raises(LimitError, match="over the 10-byte cap"):
        declared_length("11", 10)
    with pytest.raises(LimitError, match="a 5000-character value"):
        declared_length("9" * 5000, 10)


def test_body_reader_caps_wire_and_inflated_bytes() -> None:
    plain = BodyReader(None, 10)
    plain.feed(b"12345")
    with pytest.raises(LimitError, match="response body of more than 10 bytes"):
        plain.feed(b"678901")
    bomb = gzip.compress(gzip.compress(b"\0" * 1_000_000))
    reader = BodyReader("gzip", 1000, "token response")
    with pytest.raises(LimitError, match="token response of more than 1000 bytes"):
        reader.feed(gzip.compress(b"\0" * 1_000_000))
    stacked = BodyReader("gzip", 10**9)
    stacked.feed(bomb)
    assert len(stacked.result()) < 1_000_000  # one layer inflated, never the second
    with pytest.raises(DecodeError, match="stacked codings"):
        BodyReader("gzip, gzip", 10)


def test_body_reader_truncated_stream() -> None:
    reader = BodyReader("gzip", 100)
    reader.feed(gzip.compress(b"hello")[:-4])
    with pytest.raises(DecodeError, match="response body ends before its gzip stream"):
        reader.result()


def test_read_bounded_stops_at_the_cap() -> None:
    class Endless(io.RawIOBase):
        read_bytes = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            buffer[:] = b"x" * len(buffer)
            self.read_bytes += len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(LimitError, match="capture of more than 4096 bytes"):
        read_bounded(stream, 4096, "capture", chunk=1000)  # type: ignore[arg-type]
    assert stream.read_bytes <= 4097 + 1000
    assert read_bounded(io.BytesIO(b"abc"), 3) == b"abc"


def test_deadline_with_a_fixed_clock() -> None:
    clock = FixedClock()
    deadline = Deadline(5, clock)
    assert deadline.left() == 5 and deadline.bound(10) == 5 and deadline.bound(2) == 2
    clock.now += 5
    assert deadline.expired and deadline.left() == 0
    with pytest.raises(DeadlineError, match="deadline passed while reading"):
        deadline.check("reading")
    with pytest.raises(DeadlineError):
        deadline.bound(1)
    forever = Deadline(None, clock)
    assert forever.left() is None and forever.bound(3) == 3 and not forever.expired
    with pytest.raises(ValueError, match="not a duration"):
        Deadline(float("nan"), clock)
