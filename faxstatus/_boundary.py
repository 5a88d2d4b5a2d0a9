"""The guarded boundary: caps while reading, deadlines and range-checked numbers for every surface.

Every surface that takes bytes from outside goes through these few mechanisms, so that a
guarantee is a property of one place rather than of one code path: the client and its OAuth
token exchange, replay, the proxy (both directions), the simulator's server, the conformance
kit (servers it grades and adapters' output) and the capture and HAR files the commands read.

* :class:`BodyReader` counts wire **and** decoded bytes while they arrive, inflating a
  content coding with the bounded inflater of :mod:`faxstatus._http`, so a bomb or an endless
  body costs the cap at most (RFC 9110 §8.4, §8.6).
* :func:`declared_length` reads a Content-Length (RFC 9110 §8.6) or any decimal size without
  ever converting a value longer than the cap's digits, and refuses one past the cap up front.
* :func:`bounded_int` is the one parser of numbers a peer sends (``expires_in``, Retry-After,
  chunk sizes): digits only, a range, and a typed error naming the field.
* :class:`Deadline` is the time left for a whole exchange or run, on the monotonic clock;
  every wait is bounded by :meth:`Deadline.bound`.
* :func:`read_bounded` reads a stream or file into memory up to a cap, and
  :func:`readline_bounded` one line of it (a line protocol: the conformance kit's batch mode).

Errors: :class:`~faxstatus.LimitError` (a cap passed, a number out of range; a DecodeError,
since the same input would fail again) and :class:`~faxstatus.DeadlineError` (time ran out;
a TransportError). Messages name the field or header at fault and never quote a body.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO, overload

from ._contract import DEFAULT_MAX_BYTES
from ._errors import DeadlineError, DecodeError, LimitError
from ._http import (
    InflateError,
    InflateLimitError,
    Inflater,
    UnsupportedCodingError,
    content_coding,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "BodyReader",
    "Deadline",
    "bounded_int",
    "declared_length",
    "read_bounded",
    "readline_bounded",
]

#: How many characters of an offending number an error message shows.
_SHOWN = 20


def _shown(text: str) -> str:
    text = text.strip()
    return repr(text) if len(text) <= _SHOWN else f"a {len(text)}-character value"


def bounded_int(text: str | bytes, field: str, *, low: int = 0, high: int, base: int = 10) -> int:
    """*text* as an integer in ``[low, high]``, or LimitError/DecodeError naming *field*.

    Only ASCII digits of *base* (10 or 16) are accepted, after surrounding whitespace; no sign,
    no underscores, no ``0x``. A value with more digits than *high* is refused before it is
    converted, so a million-digit chunk size costs no more than its length to refuse.
    """
    raw = text.decode("latin-1") if isinstance(text, bytes) else text
    value = raw.strip()
    digits = "0123456789" if base == 10 else "0123456789abcdefABCDEF"
    if not value or not value.isascii() or any(c not in digits for c in value):
        raise DecodeError(f"{field} {_shown(value)} is not a base-{base} number")
    significant = value.lstrip("0") or "0"
    if len(significant) > len(format(high, "x" if base == 16 else "d")):
        raise LimitError(f"{field} of {_shown(significant)} is over {high}", field=field)
    number = int(significant, base)
    if number > high:
        raise LimitError(f"{field} of {number} is over {high}", field=field)
    if number < low:
        raise LimitError(f"{field} of {number} is under {low}", field=field)
    return number


def declared_length(
    value: str | bytes | None, max_bytes: int, what: str = "body", field: str = "Content-Length"
) -> int | None:
    """A declared size (Content-Length) as an int, None when absent; LimitError past *max_bytes*.

    RFC 9110 §8.6: one or more digits. A list of equal values (a proxy joining duplicated
    fields) is read as that value; unequal ones are a DecodeError (RFC 9112 §6.3).
    """
    if value is None:
        return None
    raw = value.decode("latin-1") if isinstance(value, bytes) else value
    members = {m.strip() for m in raw.split(",")}
    if len(members) != 1:
        raise DecodeError(f"{field} {_shown(raw)} lists different lengths")
    (member,) = members
    try:
        return bounded_int(member, field, high=max_bytes)
    except LimitError:
        raise LimitError(
            f"{what} declares {field} {_shown(member)}, over the {max_bytes}-byte cap",
            field=field,
        ) from None


class BodyReader:
    """Collects one body as it arrives, counting wire and decoded bytes against one cap.

    *content_encoding* is the header's value (None or "" for none); a stacked or unknown
    coding is refused at once. *what* names the body in messages ("response body",
    "token response", "request body"). With *keep* false the wire bytes are counted
    against the cap and dropped, none inflated (a body passed on as it came, as the proxy
    forwards one): :meth:`result` is then empty.
    """

    def __init__(
        self,
        content_encoding: str | None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        what: str = "response body",
        *,
        keep: bool = True,
    ) -> None:
        try:
            coding = content_coding(content_encoding)
        except UnsupportedCodingError as exc:
            raise DecodeError(f"{what}: {exc}") from None
        self.what = what
        self.max_bytes = max_bytes
        self.wire = 0
        self.keep = keep
        self._buf = bytearray()
        self._inflater = None if coding is None or not keep else Inflater(coding, max_bytes)

    def over(self, which: str = "") -> LimitError:
        """The LimitError saying that this body (its *which* bytes) passed the cap."""
        return LimitError(
            f"{which}{self.what} of more than {self.max_bytes} bytes"
            f" is over the {self.max_bytes}-byte cap",
            field=self.what,
        )

    def feed(self, chunk: bytes) -> None:
        """Add one chunk of wire bytes; LimitError as soon as either count passes the cap."""
        self.wire += len(chunk)
        if self.wire > self.max_bytes:
            raise self.over("compressed " if self._inflater is not None else "")
        if self._inflater is None:
            if self.keep:
                self._buf += chunk
            return
        try:
            self._inflater.feed(chunk)
        except InflateLimitError:
            raise self.over("") from None
        except InflateError as exc:
            raise DecodeError(f"{self.what} {exc}") from None

    def result(self) -> bytes:
        """The decoded body; DecodeError when a compressed stream ended early."""
        if self._inflater is None:
            return bytes(self._buf)
        if not self.wire:
            return b""  # no content, so nothing was coded
        try:
            return self._inflater.finish()
        except InflateError as exc:
            raise DecodeError(f"{self.what} {exc}") from None


class Deadline:
    """The time left for a whole exchange or run, on a monotonic clock.

    ``Deadline(None)`` never expires. *clock* is injectable so that tests fix time instead of
    reading it.
    """

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        if seconds is not None and not seconds >= 0:  # also refuses NaN
            raise ValueError(f"a deadline of {seconds!r} seconds is not a duration")
        self._clock = clock
        self.seconds = seconds
        self.at: float | None = None if seconds is None else clock() + seconds

    @classmethod
    def at_time(cls, at: float | None, clock: Callable[[], float] = time.monotonic) -> Deadline:
        """The deadline ending at the monotonic time *at* (None: never)."""
        deadline = cls(None, clock)
        deadline.at = at
        return deadline

    def left(self) -> float | None:
        """Seconds left (never negative); None when there is no deadline."""
        return None if self.at is None else max(0.0, self.at - self._clock())

    @property
    def expired(self) -> bool:
        """True once the time is up."""
        return self.at is not None and self._clock() >= self.at

    @overload
    def bound(self, timeout: float) -> float: ...
    @overload
    def bound(self, timeout: None) -> float | None: ...
    def bound(self, timeout: float | None) -> float | None:
        """*timeout* cut to the time left; DeadlineError when none is left."""
        left = self.left()
        if left is None:
            return timeout
        if left <= 0:
            raise DeadlineError("the deadline passed")
        return left if timeout is None else min(timeout, left)

    def check(self, doing: str) -> None:
        """DeadlineError saying what was being done (e.g. "reading the response from URL")."""
        if self.expired:
            raise DeadlineError(f"the deadline passed while {doing}")


def read_bounded(
    stream: IO[bytes],
    max_bytes: int = DEFAULT_MAX_BYTES,
    what: str = "input",
    chunk: int = 1 << 16,
) -> bytes:
    """All of *stream*, or LimitError as soon as it passes *max_bytes* (never reading more).

    With *chunk* above *max_bytes*, a file is read in one call and returned without a copy.
    """
    parts: list[bytes] = []
    size = 0
    while True:
        data = stream.read(min(chunk, max_bytes - size + 1))
        if not data:
            return b"".join(parts)  # one part is returned as it is
        parts.append(data)
        size += len(data)
        if size > max_bytes:
            raise BodyReader(None, max_bytes, what).over()


def readline_bounded(
    stream: IO[bytes], max_bytes: int = DEFAULT_MAX_BYTES, what: str = "line"
) -> bytes:
    """One line of *stream* (b"" at end of file), or LimitError past *max_bytes* without a newline.

    Never reads more than *max_bytes* + 1 bytes for one line, so an endless line costs the cap.
    """
    line = stream.readline(max_bytes + 1)
    if len(line) > max_bytes:
        raise BodyReader(None, max_bytes, what).over()
    return line
