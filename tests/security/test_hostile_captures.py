"""Hostile capture and HAR files cost a bounded amount of memory to read, whatever they hold.

Each case is a small copy of an attack on ``decode``/``validate``/``fmt``/``diff``: a body in
one-byte chunks, a header flood, ``curl -v`` output of short lines, a HAR file of empty objects,
a gzip bomb. The parser's peak allocation (tracemalloc, while it runs; the file itself is
allocated before) must stay within a small multiple of the file or of the body cap: a parser
that keeps one object per chunk, line, header or JSON value costs tens of times the file.
"""

from __future__ import annotations

import gzip
import tracemalloc

import pytest

from faxstatus.cli._capture import MAX_BODY, MAX_HEAD, parse_captures
from faxstatus.cli._common import Fail
from faxstatus.cli._har_read import MAX_VALUES

pytestmark = pytest.mark.slow

#: What a reader may allocate beyond a few copies of its input (match objects, one header).
SLACK = 256 * 1024


def _peak(data: bytes) -> tuple[int, str]:
    """The peak allocation of parse_captures on *data*, and its Fail message ('' if none)."""
    tracemalloc.start()
    try:
        parse_captures(data, None, "hostile")
        message = ""
    except Fail as exc:
        message = str(exc)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, message


CHUNKED = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"


def test_one_byte_chunks_cost_the_body_not_an_object_each():
    n = 200_000
    data = CHUNKED + b"1\r\nx\r\n" * n + b"0\r\n\r\n"
    peak, message = _peak(data)
    assert message == ""
    assert peak <= 4 * n + SLACK, peak


def test_a_header_flood_is_refused_at_the_head_cap():
    data = b"HTTP/1.1 200 OK\r\n" + b"a: b\r\n" * 200_000 + b"\r\n<x/>"
    peak, message = _peak(data)
    assert "start line and headers" in message
    assert peak <= 16 * MAX_HEAD, peak  # the headers up to the cap, parsed


def test_curl_v_of_short_lines_costs_the_body_not_an_object_per_line():
    n = 300_000
    data = b"> POST /fax/v5 HTTP/1.1\r\n> \r\n< HTTP/1.1 200 OK\r\n< \r\n" + b"x\n" * n
    peak, message = _peak(data)
    assert message == ""
    assert peak <= 8 * len(data) + SLACK, peak


def test_a_har_file_of_empty_objects_is_refused_before_parsing():
    data = b'{"log": {"entries": [], "x": [' + b",".join([b"{}"] * MAX_VALUES) + b"]}}"
    peak, message = _peak(data)
    assert "JSON values is over the" in message
    assert peak <= SLACK, peak


def test_a_gzip_bomb_costs_the_cap_at_most():
    bomb = gzip.compress(b"\0" * (8 * MAX_BODY))
    data = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + bomb
    peak, message = _peak(data)
    assert f"over the {MAX_BODY}-byte cap" in message
    assert peak <= 3 * MAX_BODY, peak
