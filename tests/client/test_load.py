"""Load: 10,000 ids through the async client against the loopback simulator with faults."""

from __future__ import annotations

import pytest

from faxstatus.conformance._load import run_load

pytestmark = pytest.mark.slow


def test_every_id_is_accounted_for_under_faults():
    result = run_load(10_000)
    report = result.report
    assert result.ids == 10_000 and len({o.requested_id for o in report}) == 10_000
    assert all((o.status is None) != (o.error is None) for o in report)
    assert report.unexpected == ()
    # 100 batches; 6% of requests fail and are retried, so there were retries but few.
    assert 100 < result.requests < 160
    # Unknown ids come back as per-item errors, known ones with their status.
    unknown = [o for o in report if o.requested_id.startswith("unknown")]
    assert len(unknown) == 1000 and all(o.kind == "not_found" for o in unknown)
    assert sum(o.ok for o in report) == 9000
    assert result.ok == 10_000, [str(o.error) for o in report if not o.ok][:3]
    # Bounded memory: 10,000 results take a few MiB; the run may not grow by more than 100.
    assert result.peak_rss_growth_kib < 100 * 1024
