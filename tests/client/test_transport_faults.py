"""Transport fault matrix over loopback HTTP: retry or not, the typed error, and accounting.

Every case runs under the sync and the async client (the ``client_kind`` fixture): they share
the retry loop but not the code that sends, reads and times out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import faxstatus
from faxstatus import (
    DecodeError,
    HTTPStatusError,
    ProtocolError,
    RetryPolicy,
    Timeouts,
    TransportError,
)
from faxstatus.simulator import Injection, SimulatorServer

from ..support.clients import ClientKind
from ..support.helpers import make_simulator

HTML = b"<!DOCTYPE html><html><body><h1>Bad Gateway</h1></body></html>"
IDS = ["br1000000001", "br1000000002", "br1000000003", "nope"]


@pytest.fixture(scope="module")
def other_host() -> Iterator[SimulatorServer]:
    # 127.0.0.2 is loopback too, but another origin for the client.
    with SimulatorServer(make_simulator(), host="127.0.0.2") as srv:
        yield srv


def run(
    kind: ClientKind, server: SimulatorServer, injection: Injection, times: int = 1, **kw: Any
) -> tuple[Any, int]:
    """Batch 1 (2 ids) meets the injection; batch 2 (2 ids) does not. Returns (report, requests)."""
    sim = server.simulator
    sim.inject(injection, times)
    before = sim.requests
    kw.setdefault("retry", RetryPolicy(attempts=3, backoff=0.01))
    if kind.name == "async":
        # One batch at a time, so that batch 1 is the one that meets the injection.
        kw.setdefault("max_concurrency", 1)
    report = kind.run(
        lambda client: client.get_real_time_fax_status_ex(IDS),
        "demo-user",
        token="demo-token",
        endpoint=server.url,
        batch_size=2,
        **kw,
    )
    # Nothing lost, nothing invented: one outcome per id, in order.
    assert [o.requested_id for o in report] == IDS
    assert all((o.status is None) != (o.error is None) for o in report)
    assert report.unexpected == ()
    first = report["br1000000001"].error
    if isinstance(first, HTTPStatusError) and first.status == 401:
        # A credential failure is not repeated per batch: the second one is not sent.
        for job_id in ("br1000000003", "nope"):
            err = report[job_id].error
            assert isinstance(err, faxstatus.NotSentError) and err.reason is first
    else:  # The second batch is untouched.
        assert report["br1000000003"].ok and report["nope"].kind == "not_found"
    return report, sim.requests - before


CASES = [
    ("503 + Retry-After", Injection("status", status=503, retry_after="0"), 1, None, 3),
    ("429 + Retry-After", Injection("status", status=429, retry_after="0"), 1, None, 3),
    (
        "502 HTML page",
        Injection("status", status=502, body=HTML, content_type="text/html"),
        1,
        None,
        3,
    ),
    ("truncated body", Injection("truncate"), 1, None, 3),
    ("connection reset", Injection("reset"), 1, None, 3),
    ("dropped connection", Injection("drop"), 1, None, 3),
    ("503 every time", Injection("status", status=503), 3, HTTPStatusError, 4),
    ("reset every time", Injection("reset"), 3, TransportError, 4),
    (
        "200 HTML page",
        Injection("status", status=200, body=HTML, content_type="text/html"),
        1,
        ProtocolError,
        2,
    ),
    (
        "wrong content type",
        Injection("content_type", content_type="text/plain"),
        1,
        ProtocolError,
        2,
    ),
    (
        "empty 200",
        Injection("status", status=200, content_type="application/soap+xml"),
        1,
        ProtocolError,
        2,
    ),
    ("401 without body", Injection("status", status=401), 1, HTTPStatusError, 1),
    (
        "401 with body",
        Injection("status", status=401, body=b"token expired", content_type="text/plain"),
        1,
        HTTPStatusError,
        1,
    ),
    ("SOAP fault (500)", Injection("fault"), 1, faxstatus.SoapFault, 2),
    ("malformed body", Injection("malformed"), 1, DecodeError, 2),
]


@pytest.mark.parametrize(
    ("injection", "times", "error", "requests"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_fault_matrix(client_kind, server, injection, times, error, requests):
    report, sent = run(client_kind, server, injection, times)
    first = report["br1000000001"]
    if error is None:
        assert first.ok and report.responses[0].attempts == requests - 1
    else:
        assert isinstance(first.error, error), repr(first.error)
        assert report["br1000000002"].error is first.error
    assert sent == requests  # retries (or none) plus the second batch unless 401 stopped it


def test_401_excerpt_and_status(client_kind, server):
    report, _ = run(
        client_kind,
        server,
        Injection("status", status=401, body=b"token expired", content_type="text/plain"),
    )
    err = report["br1000000001"].error
    assert err.status == 401 and err.excerpt == "token expired"


def test_slower_than_the_read_timeout(client_kind, server):
    report, sent = run(
        client_kind,
        server,
        Injection("latency", seconds=1.0),
        2,
        timeouts=Timeouts(read=0.2, total=5),
        retry=RetryPolicy(attempts=2, backoff=0.01),
    )
    err = report["br1000000001"].error
    assert isinstance(err, TransportError) and "timed out" in str(err)
    assert sent == 3


def test_body_over_the_cap_stops_reading(client_kind, server):
    report, sent = run(client_kind, server, Injection("huge", size=100 * 1024 * 1024))
    err = report["br1000000001"].error
    assert isinstance(err, DecodeError) and "over the 10485760-byte cap" in str(err)
    assert sent == 2  # never retried


def test_redirect_to_another_host_sends_nothing_there(client_kind, server, other_host):
    before = other_host.simulator.requests
    target = other_host.url
    report, sent = run(client_kind, server, Injection("status", status=307, location=target))
    err = report["br1000000001"].error
    assert isinstance(err, HTTPStatusError) and "another host" in str(err)
    assert other_host.simulator.requests == before
    assert sent == 2


def test_each_kind_runs_its_own_client(client_kind, server):
    """The fixture is honest: the async kind opens the async client and awaits its answer."""
    seen: list[Any] = []

    def use(client: Any) -> Any:
        seen.append(client)
        return client.check_service()

    answer = client_kind.run(use, "demo-user", token="demo-token", endpoint=server.url)
    assert type(seen[0]) is client_kind.client_class and isinstance(answer, str)
