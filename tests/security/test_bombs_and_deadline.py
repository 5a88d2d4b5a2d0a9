"""Compressed-response bombs and the whole-call deadline, against loopback servers.

The size cap counts decoded bytes inside the decompressor; only one layer of gzip or
deflate is accepted; ``Timeouts.total`` bounds connect, headers, every body byte and the
decode, in the sync and the async client alike.
"""

from __future__ import annotations

import asyncio
import gzip
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import faxstatus
from faxstatus import (
    AsyncFaxStatusClient,
    DecodeError,
    FaxStatusClient,
    RetryPolicy,
    Timeouts,
    TransportError,
)
from faxstatus.client import _client as client_module
from faxstatus.client._transport import ACCEPT_ENCODING
from faxstatus.conformance._load import peak_rss_kib

from ..support.rawserver import RawServer, response, trickle

GOOD = (
    b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body>'
    + f'<RealTimeFaxStatusExResponse xmlns="{faxstatus.codec.FAXWS_NS}">'.encode()
    + b"<return>true</return><FaxStatusList>"
    b"<item><FaxJobId>br1</FaxJobId><FaxJobStatusId>1</FaxJobStatusId>"
    b"<StatusDescription>ok</StatusDescription><RecipientState>0</RecipientState>"
    b"<RecipientCurrentPageCount>1</RecipientCurrentPageCount>"
    b"<RecipientTotalPageCount>1</RecipientTotalPageCount><FaxDeliveryDateTime/>"
    b"<FaxDeliveryDuration>0</FaxDeliveryDuration><RemoteFaxCSID/>"
    b"<Error><ErrorCode>0</ErrorCode><ErrorString/></Error></item></FaxStatusList>"
    b"<WSError><ErrorCode>0</ErrorCode><ErrorString/></WSError>"
    b"</RealTimeFaxStatusExResponse></e:Body></e:Envelope>"
)
MiB = 1 << 20


def zeros_gzip(size: int) -> bytes:
    """gzip of *size* zero bytes, built a block at a time."""
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (16 * MiB)
    parts = [c.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, c.flush()])


def query(url: str, total: float = 30.0, **kw: Any) -> tuple[faxstatus.JobOutcome, float]:
    started = time.monotonic()
    with FaxStatusClient(
        "u",
        token="t",
        endpoint=url,
        retry=RetryPolicy.never(),
        timeouts=Timeouts(total=total),
        **kw,
    ) as client:
        report = client.get_real_time_fax_status_ex(["br1"])
    return report["br1"], time.monotonic() - started


def aquery(url: str, total: float = 30.0) -> tuple[faxstatus.JobOutcome, float]:
    async def go() -> faxstatus.StatusReport:
        async with AsyncFaxStatusClient(
            "u", token="t", endpoint=url, retry=RetryPolicy.never(), timeouts=Timeouts(total=total)
        ) as client:
            return await client.get_real_time_fax_status_ex(["br1"])

    started = time.monotonic()
    report = asyncio.run(go())
    return report["br1"], time.monotonic() - started


@pytest.fixture(scope="module")
def gzip_256mib() -> bytes:
    return zeros_gzip(256 * MiB)


# -- bombs -------------------------------------------------------------------------------


def test_double_gzip_is_refused_without_decoding(gzip_256mib):
    body = gzip.compress(gzip_256mib)  # a few hundred wire bytes for 256 MiB
    before = peak_rss_kib()
    with RawServer(lambda: [response(body, headers=["Content-Encoding: gzip, gzip"])]) as srv:
        outcome, _ = query(srv.url)
    assert (peak_rss_kib() - before) / 1024 < 64
    assert isinstance(outcome.error, DecodeError)
    assert "stacked codings are refused" in str(outcome.error)


def test_one_gzip_layer_over_the_cap_stops_inside_the_decompressor(gzip_256mib):
    before = peak_rss_kib()
    with RawServer(lambda: [response(gzip_256mib, headers=["Content-Encoding: gzip"])]) as srv:
        outcome, _ = query(srv.url)
    assert (peak_rss_kib() - before) / 1024 < 64
    assert isinstance(outcome.error, DecodeError)
    assert "over the 10485760-byte cap" in str(outcome.error)


@pytest.mark.slow
def test_endless_gzip_that_decodes_to_nothing_meets_the_wire_cap_or_the_deadline():
    member = gzip.compress(b"")

    def script() -> Iterator[bytes | float]:
        yield (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n"
            b"Content-Encoding: gzip\r\nConnection: close\r\n\r\n"
        )
        while True:
            yield member * 4096

    with RawServer(script, give_up=20) as srv:
        outcome, elapsed = query(srv.url, total=5)
    assert isinstance(outcome.error, DecodeError | TransportError)
    assert elapsed < 15  # the server would go on for 20 s


@pytest.mark.parametrize("coding", ["br", "zstd", "compress", "gzip, br", "deflate, deflate"])
def test_codings_we_did_not_ask_for_are_refused(coding):
    with RawServer(lambda: [response(b"\0" * 64, headers=[f"Content-Encoding: {coding}"])]) as srv:
        outcome, _ = query(srv.url)
    assert isinstance(outcome.error, DecodeError)
    assert "refused" in str(outcome.error)


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send
        ("gzip", lambda b: gzip.compress(b[:100]) + gzip.compress(b[100:])),  # two members
        ("identity", lambda b: b),
    ],
)
def test_one_layer_of_gzip_or_deflate_decodes(coding, encode):
    def script() -> list[bytes | float]:
        return [response(encode(GOOD), headers=[f"Content-Encoding: {coding}"])]

    with RawServer(script) as srv:
        outcome, _ = query(srv.url)
    assert outcome.ok, outcome.error


def test_accept_encoding_names_only_what_we_decode():
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers["accept-encoding"])
        return httpx.Response(200, content=GOOD, headers={"content-type": "application/soap+xml"})

    with FaxStatusClient(
        "u", token="t", endpoint="http://x.test/", transport=httpx.MockTransport(handler)
    ) as client:
        assert client.get_real_time_fax_status_ex(["br1"])["br1"].ok
    assert sent == [ACCEPT_ENCODING] == ["gzip, deflate"]


def test_corrupt_or_truncated_gzip_is_a_decode_error():
    body = gzip.compress(GOOD)
    for bad in (body[:-12], body[:10] + b"\xff" * 20 + body[30:]):
        with RawServer(lambda b=bad: [response(b, headers=["Content-Encoding: gzip"])]) as srv:
            outcome, _ = query(srv.url)
        assert isinstance(outcome.error, DecodeError), outcome.error


# -- the deadline ------------------------------------------------------------------------

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nContent-Length: 1000\r\n\r\n"


def trickle_body() -> Iterator[bytes | float]:
    yield HEAD
    yield from trickle(b" " * 1000, 0.25)


def trickle_headers() -> Iterator[bytes | float]:
    yield from trickle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 1000, 0.25)


@pytest.mark.slow
@pytest.mark.parametrize("script", [trickle_body, trickle_headers], ids=["body", "headers"])
@pytest.mark.parametrize("mode", ["sync", "async", "own-client"])
def test_a_trickling_server_cannot_outlast_the_deadline(script, mode):
    with RawServer(script, give_up=20) as srv:
        if mode == "async":
            outcome, elapsed = aquery(srv.url, total=2)
        elif mode == "sync":
            outcome, elapsed = query(srv.url, total=2)
        else:
            with httpx.Client() as http:
                outcome, elapsed = query(srv.url, total=2, http_client=http)
    assert isinstance(outcome.error, TransportError)
    assert "deadline" in str(outcome.error)
    assert elapsed < 8  # 2 s asked; the server would trickle for 20 s


def test_decoding_is_inside_the_deadline(monkeypatch):
    slow_body = GOOD + b" " * (client_module._INLINE_DECODE + 1)
    real = client_module._codec.decode

    def slow_decode(*args: Any, **kw: Any) -> Any:
        time.sleep(4)
        return real(*args, **kw)

    monkeypatch.setattr(client_module._codec, "decode", slow_decode)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=slow_body, headers={"content-type": "application/soap+xml"}
        )

    started = time.monotonic()
    with FaxStatusClient(
        "u",
        token="t",
        endpoint="http://x.test/",
        transport=httpx.MockTransport(handler),
        timeouts=Timeouts(total=1),
    ) as client:
        outcome = client.get_real_time_fax_status_ex(["br1"])["br1"]
    assert time.monotonic() - started < 3.5
    assert isinstance(outcome.error, TransportError)
    assert "deadline passed while decoding" in str(outcome.error)
