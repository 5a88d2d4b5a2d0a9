r"""Progress of a long command on stderr: count, rate and time left, throttled, on a terminal only.

One line, redrawn in place (``\r`` and erase-line), at most once per ``interval`` seconds
whatever the rate of updates, plus the last update, so that a fast loop costs one clock
read per item and a handful of writes per second. Nothing is written when the stream is not
a terminal (a pipe, a file, a test's capture): scripts and ``--json`` output never see it,
because it goes to stderr and only there.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

from .._visible import visible

#: Seconds between two redraws: a few a second reads as live and costs nothing.
INTERVAL = 0.25

#: Columns assumed when the terminal does not say.
COLUMNS = 80

#: The width of the bar drawn when the total is known.
BAR = 20

#: The clock a :class:`Progress` reads when none is given (a test replaces it).
CLOCK: Callable[[], float] = time.monotonic


def _is_terminal(stream: TextIO) -> bool:
    """Whether *stream* is a terminal (a stream without ``isatty`` is not)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):  # a closed or detached stream
        return False


def _columns(stream: TextIO) -> int:
    """The terminal's width, or :data:`COLUMNS` when it cannot be asked."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or COLUMNS
    except (AttributeError, OSError, ValueError):
        return COLUMNS


def clock_text(seconds: float) -> str:
    """*seconds* as ``m:ss`` or ``h:mm:ss``."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def rate_text(rate: float, unit: str) -> str:
    """Items per second, or per minute when fewer than one a second."""
    if rate >= 1 or rate == 0:
        return f"{rate:.1f} {unit}/s"
    return f"{rate * 60:.1f} {unit}/min"


class Progress:
    """A throttled one-line progress report: ``label [bar] done/total unit, rate, time left``.

    *total* may be unknown (``None``): the line then gives the count and the rate only.
    *clock* is a monotonic clock in seconds (injected by tests); the rate is measured from
    the first call of :meth:`update` or :meth:`advance`, or from construction.
    """

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        unit: str = "items",
        stream: TextIO | None = None,
        clock: Callable[[], float] | None = None,
        interval: float = INTERVAL,
    ) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.label = label
        self.total = total
        self.unit = unit
        self.enabled = _is_terminal(self.stream)
        self.done = 0
        self._clock = CLOCK if clock is None else clock
        self._interval = interval
        self._start = self._clock() if self.enabled else 0.0
        self._last: float | None = None
        self._drawn = False

    def line(self, now: float, note: str = "") -> str:
        """The text of the line at *now* (no escapes, not cut to the terminal's width)."""
        elapsed = max(now - self._start, 0.0)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        parts = [self.label]
        if self.total:
            filled = BAR * min(self.done, self.total) // self.total
            bar = "#" * filled + "-" * (BAR - filled)
            parts.append(f"[{bar}] {self.done}/{self.total} {self.unit}")
        else:
            parts.append(f"{self.done} {self.unit}")
        text = " ".join(parts)
        if rate > 0:
            text += f", {rate_text(rate, self.unit)}"
            if self.total and self.done < self.total:
                text += f", {clock_text((self.total - self.done) / rate)} left"
        if note:
            text += f"  {visible(note)}"
        return text

    def update(self, done: int, total: int | None = None, note: str = "") -> None:
        """Record *done* (of *total*, when given) and redraw if the interval has passed."""
        if total is not None:
            self.total = total
        self.done = done
        if not self.enabled:
            return
        now = self._clock()
        finished = self.total is not None and done >= self.total
        if self._last is not None and now - self._last < self._interval and not finished:
            return
        self._last = now
        width = _columns(self.stream) - 1
        self.stream.write("\r\x1b[2K" + self.line(now, note)[:width])
        self.stream.flush()
        self._drawn = True

    def advance(self, step: int = 1, note: str = "") -> None:
        """Count *step* more items done."""
        self.update(self.done + step, note=note)

    def __call__(self, done: int, total: int) -> None:
        """The client's ``progress=`` callback: *done* of *total* batches (one is no long run)."""
        if total > 1:
            self.update(done, total)

    def close(self) -> None:
        """Erase the line, so that what follows starts on a clean one."""
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
