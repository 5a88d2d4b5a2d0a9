"""The shared progress line: only on a terminal, throttled, with rate and time left."""

from __future__ import annotations

import io

import pytest

from faxstatus.cli._progress import Progress, clock_text, rate_text


class Tty(io.StringIO):
    """A captured stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _frames(text: str) -> list[str]:
    """The lines drawn, in order (each starts with carriage return and erase-line)."""
    return [f for f in text.split("\r\x1b[2K") if f]


def test_nothing_is_written_when_the_stream_is_not_a_terminal():
    clock, pipe = Clock(), io.StringIO()
    with Progress("cases", 10, stream=pipe, clock=clock) as p:
        for _ in range(10):
            clock.now += 1
            p.advance(note="case-1")
    assert pipe.getvalue() == "" and p.done == 10


def test_a_stream_without_isatty_or_a_closed_one_is_no_terminal():
    class Closed(io.StringIO):
        def isatty(self) -> bool:
            raise ValueError("I/O operation on closed file")

    assert not Progress("x", 1, stream=Closed(), clock=Clock()).enabled
    assert not Progress("x", 1, stream=object(), clock=Clock()).enabled


def test_the_line_gives_count_rate_and_time_left_then_is_erased():
    clock, tty = Clock(), Tty()
    p = Progress("replay", 100, unit="entries", stream=tty, clock=clock)
    clock.now += 10
    p.update(25)
    assert _frames(tty.getvalue()) == [
        "replay [#####---------------] 25/100 entries, 2.5 entries/s, 0:30 left"
    ]
    p.close()
    assert tty.getvalue().endswith("\r\x1b[2K")
    p.close()  # a second close writes nothing more
    assert tty.getvalue().count("\r\x1b[2K") == 2


def test_updates_are_throttled_to_the_interval_but_the_last_is_drawn():
    clock, tty = Clock(), Tty()
    p = Progress("status", 1000, unit="batches", stream=tty, clock=clock, interval=0.25)
    for _ in range(1000):
        clock.now += 0.001  # a thousand updates a second for one second
        p.advance()
    frames = _frames(tty.getvalue())
    # the first, one every quarter second after it, and the final one whatever the interval
    assert 4 <= len(frames) <= 6
    assert frames[-1].startswith("status [####################] 1000/1000 batches")
    assert "left" not in frames[-1]


def test_an_unknown_total_gives_the_count_and_rate_only_and_a_note():
    clock, tty = Clock(), Tty()
    p = Progress("conformance server", stream=tty, clock=clock)
    clock.now += 120
    p.advance(note="GetFaxStatus/soap12\x1b[31m")
    (frame,) = _frames(tty.getvalue())
    assert frame.startswith("conformance server 1 items, 0.5 items/min  GetFaxStatus/soap12")
    assert "\x1b[31m" not in frame  # a case id's control characters are shown escaped
    assert "[" not in frame.split()[2] and "left" not in frame


def test_the_client_callback_ignores_a_single_batch():
    tty = Tty()
    Progress("x", stream=tty, clock=Clock())(1, 1)
    assert tty.getvalue() == ""


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (59.6, "1:00"), (61, "1:01"), (3725, "1:02:05"), (-3, "0:00")],
)
def test_clock_text(seconds, text):
    assert clock_text(seconds) == text


def test_rate_text_per_second_or_per_minute():
    assert rate_text(12.34, "cases") == "12.3 cases/s"
    assert rate_text(0.25, "cases") == "15.0 cases/min"
    assert rate_text(0.0, "cases") == "0.0 cases/s"


def test_conformance_shows_cases_done_of_all_on_a_terminal_and_nothing_when_quiet(monkeypatch):
    import argparse
    import sys
    from types import SimpleNamespace

    from faxstatus.cli import _conformance, _progress

    clock = Clock()
    monkeypatch.setattr(_progress, "CLOCK", clock)
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    args = argparse.Namespace(quiet=False, target="decoder")
    progress = _conformance._progress(args, 2)
    show = _conformance._each_result(progress)
    assert progress is not None and show is not None
    for case in ("GetFaxStatus/soap12", "GetFaxStatus/soap11"):
        clock.now += 1
        show(SimpleNamespace(verdict=SimpleNamespace(value="pass"), case=SimpleNamespace(id=case)))
    progress.close()
    frames = _frames(tty.getvalue())
    # 2 of 2, then the note, cut to the width a stream without a terminal size gets (80 - 1)
    assert frames[-1].startswith("conformance decoder [####################] 2/2 cases, 1.0")
    assert frames[-1].endswith("pass GetFaxS") and len(frames[-1]) == 79
    assert _conformance._progress(argparse.Namespace(quiet=True, target="decoder")) is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _conformance._each_result(_conformance._progress(args, 2)) is None  # not a terminal
