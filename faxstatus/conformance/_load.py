"""Load run: many ids through the async client against a faulty loopback simulator.

Shared by ``make bench`` and the load test, which may not import each other.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import attrs

from .._errors import JobLookupError
from ..client import AsyncFaxStatusClient, RetryPolicy, StatusReport
from ..simulator import Injection, SimJob, Simulator, SimulatorServer

__all__ = ["LoadResult", "peak_rss_kib", "run_load"]


@attrs.frozen
class LoadResult:
    """What one load run did."""

    ids: int
    ok: int  #: ids answered: a status, or the service's per-item error for that id
    failed: int
    requests: int  #: HTTP requests the simulator answered, retries included
    seconds: float
    peak_rss_growth_kib: int
    report: StatusReport = attrs.field(repr=False)

    @property
    def requests_per_second(self) -> float:
        """Requests the simulator answered per second of wall time."""
        return self.requests / self.seconds

    @property
    def ids_per_second(self) -> float:
        """Job ids resolved per second of wall time."""
        return self.ids / self.seconds


def peak_rss_kib() -> int:
    """Peak RSS of the current process in KiB (0 where unknown).

    VmHWM from /proc: unlike ``ru_maxrss`` it starts afresh at exec, so a child started by a
    big parent does not report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_load(
    n_ids: int = 10_000,
    *,
    batch_size: int = 100,
    concurrency: int = 4,
    rate_503: float = 0.05,
    rate_truncated: float = 0.01,
    seed: int = 1,
    content_type: str = "soap12",
) -> LoadResult:
    """Poll *n_ids* ids (90% known jobs, 10% unknown) over loopback HTTP with injected faults."""
    jobs = [SimJob(f"br{2000000000 + i}", pages=3, submitted=-i % 400) for i in range(n_ids)]
    sim = Simulator(jobs, seed=seed)
    sim.set_rates(
        [(rate_503, Injection("status", status=503)), (rate_truncated, Injection("truncate"))],
        seed=seed,
    )
    ids = [j.job_id if i % 10 else f"unknown{i}" for i, j in enumerate(jobs)]
    before = peak_rss_kib()

    async def poll(url: str) -> StatusReport:
        async with AsyncFaxStatusClient(
            "demo-user",
            token="demo-token",  # noqa: S106 - the simulator's public demo token
            endpoint=url,
            content_type=content_type,
            batch_size=batch_size,
            max_concurrency=concurrency,
            retry=RetryPolicy(attempts=6, backoff=0.01, max_backoff=0.2),
        ) as client:
            return await client.get_real_time_fax_status_ex(ids)

    with SimulatorServer(sim) as server:
        start = time.perf_counter()
        report = asyncio.run(poll(server.url))
        seconds = time.perf_counter() - start
    # Answered: a status, or the service's own per-item answer (-5019 for the unknown ids).
    ok = sum(1 for o in report if o.ok or isinstance(o.error, JobLookupError))
    return LoadResult(
        ids=len(report),
        ok=ok,
        failed=len(report) - ok,
        requests=sim.requests,
        seconds=seconds,
        peak_rss_growth_kib=peak_rss_kib() - before,
        report=report,
    )
