"""The watch's pace against a simulator that throttles: requests per minute vs the ceiling (bench).

Two runs of each case. *Simulated*: the watch, the client's retries and the simulator all on
one injected clock, so half an hour of watching takes a moment and is the same on any machine;
the figures are what the watch's pacing decides, request by request. *Loopback*: a short run
over real HTTP on the real clock, with a ceiling high enough to matter within seconds, to show
the same holds with real sleeps and sockets. Each request's time is taken where the simulator
answers it; "max in 60 s" is the most requests in any 60-second window of the run.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from typing import Any

import httpx

from faxstatus import FaxStatusClient
from faxstatus.simulator import SimJob, Simulator, SimulatorServer, SimulatorTransport

__all__ = ["CASES", "LOOPBACK", "loopback", "report", "simulated", "verdicts"]

#: (label, the watch's ceiling per minute or None, the simulator's throttle per minute or None,
#: the throttle's status)
CASES: tuple[tuple[str, int | None, int | None, int], ...] = (
    ("ceiling 60, no throttle", 60, None, 429),
    ("ceiling 60, throttle 30 (429)", 60, 30, 429),
    ("ceiling 60, throttle 30 (503)", 60, 30, 503),
    ("no ceiling, throttle 30 (429)", None, 30, 429),
    ("ceiling 20, throttle 30 (429)", 20, 30, 429),
    ("ceiling 60, 503 + Retry-After 120", 60, None, 503),
)
#: The case whose first 10 minutes are a maintenance window (503, Retry-After 120).
_MAINTENANCE = "ceiling 60, 503 + Retry-After 120"
_EPOCH = "2026-11-26T09:00:00+00:00"
_JOBS, _BATCH, _MINUTES = 50, 10, 30  # 5 requests a round, every job final after 30 minutes


class _Counted(httpx.BaseTransport):
    """The simulator in process, noting the clock's time of every request it answers.

    With *down_until*, every request before that time gets 503 with Retry-After 120 (a
    service in maintenance saying when to come back).
    """

    def __init__(self, sim: Simulator, clock: Callable[[], float], down_until: float = 0.0) -> None:
        self._inner = SimulatorTransport(sim)
        self._clock = clock
        self._down_until = down_until
        self.times: list[float] = []
        self.down = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        now = self._clock()
        self.times.append(now)
        if now < self._down_until:
            self.down += 1
            return httpx.Response(503, headers={"Retry-After": "120"}, content=b"maintenance")
        return self._inner.handle_request(request)


def _max_window(times: list[float], seconds: float = 60.0) -> int:
    """The most of *times* (sorted) in any window of *seconds*."""
    return max((bisect.bisect_left(times, t + seconds) - i for i, t in enumerate(times)), default=0)


def _jobs(final_after: float) -> list[SimJob]:
    return [
        SimJob(f"br{4000000000 + i}", 1, 0, queue_seconds=final_after - 1, seconds_per_page=1)
        for i in range(_JOBS)
    ]


def _summary(times: list[float], minutes: float, sim: Simulator, watch: Any) -> dict[str, Any]:
    return {
        "requests": len(times),
        "minutes": minutes,
        "per_minute": len(times) / minutes if minutes else 0.0,
        "max_in_60s": _max_window(sorted(times)),
        "refused": sim.throttled,
        "throttled_rounds": watch.state.throttles,
        "final": sum(o.final for o in watch.report),
        "jobs": _JOBS,
    }


class _Clock:
    """The injected clock: it moves only when something sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _simulated_case(
    ceiling: int | None, throttle: int | None, status: int, down_until: float = 0.0
) -> dict[str, Any]:
    from datetime import datetime

    clock = _Clock()
    sim = Simulator(_jobs(_MINUTES * 60), clock=clock, epoch=datetime.fromisoformat(_EPOCH))
    if throttle is not None:
        sim.throttle(throttle, status=status)
    counted = _Counted(sim, clock, down_until)
    with FaxStatusClient(
        "demo-user", pin="demo-pin", transport=counted, batch_size=_BATCH, sleep=clock.sleep
    ) as client:
        watch = client.watch(
            [j.job_id for j in _jobs(0)],
            interval=1.0,
            max_interval=1.0,
            max_per_minute=ceiling,
            give_up_after=None,
            clock=clock,
        )
        watch.run()
    result = _summary(counted.times, clock.now / 60, sim, watch)
    result["refused"] += counted.down
    return result | {"ceiling": ceiling, "throttle": throttle}


def simulated() -> dict[str, dict[str, Any]]:
    """Each case for half an hour of the injected clock: what the watch sent, minute by minute."""
    return {
        label: _simulated_case(c, t, status, 600.0 if label == _MAINTENANCE else 0.0)
        for label, c, t, status in CASES
    }


#: The loopback run: (label, ceiling, throttle) with a ceiling that binds within seconds.
LOOPBACK = (("ceiling 120, no throttle", 120, None), ("ceiling 120, throttle 60 (429)", 120, 60))


class _Noted:
    """Request times on the real clock, from the start of a run (an httpx request hook)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> None:
        self.times.append(time.monotonic() - self.started)


def _loopback_case(ceiling: int, throttle: int | None, seconds: float) -> dict[str, Any]:
    from datetime import datetime

    sim = Simulator(_jobs(seconds), epoch=datetime.fromisoformat(_EPOCH))
    if throttle is not None:
        sim.throttle(throttle)
    with SimulatorServer(sim) as server:
        noted = _Noted()
        http = httpx.Client(event_hooks={"request": [noted]})
        with FaxStatusClient(
            "demo-user", pin="demo-pin", endpoint=server.url, batch_size=_BATCH, http_client=http
        ) as client:
            watch = client.watch(
                [j.job_id for j in _jobs(0)],
                interval=0.05,
                max_interval=0.05,
                max_per_minute=ceiling,
                give_up_after=None,
                timeout=seconds + 5,
            )
            watch.run()
        http.close()
    minutes = (time.monotonic() - noted.started) / 60
    return _summary(noted.times, minutes, sim, watch) | {"ceiling": ceiling, "throttle": throttle}


def loopback(seconds: float = 65.0) -> dict[str, dict[str, Any]]:
    """Each LOOPBACK case over real HTTP for *seconds* of the real clock."""
    return {label: _loopback_case(c, t, seconds) for label, c, t in LOOPBACK}


def report(result: dict[str, Any]) -> list[str]:
    """The printed lines for :func:`simulated` and :func:`loopback` results."""
    lines = [
        f"Watch pace against a throttling simulator ({_JOBS} jobs in batches of {_BATCH}, polls"
        " wanted far faster than any ceiling;\n  requests counted where the simulator answers,"
        " refusals and retries included):",
        f"  {'case':34} {'req/min':>8} {'max in 60 s':>12} {'ceiling':>8} {'refused':>8}"
        f" {'final':>6}",
    ]
    for kind in ("simulated", "loopback"):
        rows = result.get(kind, {})
        if rows:
            span = f"{next(iter(rows.values()))['minutes']:.1f} min"
            lines.append(
                f"  {kind} ({'injected clock' if kind == 'simulated' else 'real clock'},"
                f" about {span} each):"
            )
        for label, r in rows.items():
            ceiling = "-" if r["ceiling"] is None else str(r["ceiling"])
            lines.append(
                f"    {label:32} {r['per_minute']:8.1f} {r['max_in_60s']:12d} {ceiling:>8}"
                f" {r['refused']:8d} {r['final']:>3}/{r['jobs']}"
            )
    return lines


def verdicts(result: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(target, value, met) per case: no 60 s over the ceiling, or the throttle's rate plus one."""
    out = []
    for kind, rows in result.items():
        for label, r in rows.items():
            limits = [x for x in (r["ceiling"], r["throttle"] and r["throttle"] + 1) if x]
            bound = min(limits)
            out.append(
                (
                    f"watch requests in any 60 s, {kind} {label}: at most {bound}, all final",
                    f"{r['max_in_60s']}, {r['final']}/{r['jobs']} final",
                    r["max_in_60s"] <= bound and r["final"] == r["jobs"],
                )
            )
    return out
