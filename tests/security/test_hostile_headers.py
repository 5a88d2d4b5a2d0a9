"""A hostile header value costs its own batch at most, as a typed error: nothing escapes query()."""

from __future__ import annotations

import httpx
import pytest

import faxstatus
from faxstatus import FaxStatusError, RetryPolicy
from faxstatus.client._policy import parse_retry_after

from ..support.mock_service import OPERATION, Server, client

ODD = ["²", "٣", "1e999", "-1", "9" * 5000, "\x00", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 99"]
ODD += ["nan", "inf", " ", "http://[", "//[::1", "\u2028", "x" * 10000]
HEADERS = [
    "retry-after",
    "x-ch-execution-time",
    "x-ch-activity-id",
    "location",
    "content-type",
    "content-length",
    "content-encoding",
]


@pytest.mark.parametrize("value", ["²", "١٢", "½", "Mon, 99 Foo 99999 99:99:99 GMT", "9" * 5000])
def test_retry_after_that_is_no_number_is_ignored_not_raised(value):
    assert parse_retry_after(value) is None or parse_retry_after(value) >= 0


@pytest.mark.parametrize("status", [200, 307, 503])
@pytest.mark.parametrize("header", HEADERS)
def test_an_odd_header_fails_its_batch_only(header, status):
    for value in ODD:
        odd = httpx.Response(status, headers={header: value.encode()})
        srv = Server([odd])
        with client(srv, batch_size=1, retry=RetryPolicy(attempts=2, backoff=0)) as c:
            report = c.query(OPERATION, ["br1", "br2"])  # must not raise
        first = report["br1"]
        assert first.ok or isinstance(first.error, FaxStatusError), (header, value)
        assert report["br2"].ok, (header, value, report["br2"].error)


def test_a_503_with_an_unreadable_retry_after_is_the_typed_error_of_its_batch():
    srv = Server([httpx.Response(503, headers={"Retry-After": "²".encode()})] * 2)
    with client(srv, batch_size=1, retry=RetryPolicy(attempts=2, backoff=0)) as c:
        report = c.query(OPERATION, ["br1", "br2"])
    assert isinstance(report["br1"].error, faxstatus.HTTPStatusError)
    assert report["br2"].ok
