"""The one bounded inflater (``faxstatus._http``): codings, caps, raw deflate, truncation."""

from __future__ import annotations

import gzip
import re
import zlib

import pytest

from faxstatus._http import (
    ACCEPT_ENCODING,
    CODINGS,
    HOP_BY_HOP,
    InflateError,
    InflateLimitError,
    Inflater,
    InflateTruncatedError,
    UnsupportedCodingError,
    content_coding,
    inflate,
)

DATA = b"<FaxWS:item>" * 500


def _raw_deflate(data: bytes) -> bytes:
    z = zlib.compressobj(wbits=-15)
    return z.compress(data) + z.flush()


CODED = [
    ("gzip", gzip.compress(DATA)),
    ("x-gzip", gzip.compress(DATA)),
    ("GZIP", gzip.compress(DATA)),
    ("deflate", zlib.compress(DATA)),
    ("deflate", _raw_deflate(DATA)),
]


@pytest.mark.parametrize(("coding", "body"), CODED)
def test_each_coding_inflates_at_once_and_byte_by_byte(coding: str, body: bytes) -> None:
    assert inflate(body, coding, len(DATA)) == DATA
    inflater = Inflater(coding, len(DATA))
    for i in range(len(body)):
        inflater.feed(body[i : i + 1])
    assert inflater.finish() == DATA


def test_gzip_members_are_read_one_after_another() -> None:
    body = gzip.compress(DATA[:100]) + gzip.compress(DATA[100:])
    assert inflate(body, "gzip", len(DATA)) == DATA


@pytest.mark.parametrize(("coding", "body"), CODED)
def test_output_past_the_limit_stops_inside_the_decompressor(coding: str, body: bytes) -> None:
    inflater = Inflater(coding, len(DATA) - 1)
    with pytest.raises(InflateLimitError) as err:
        inflater.feed(body)
    assert err.value.limit == len(DATA) - 1
    assert str(err.value) == f"inflates past {len(DATA) - 1} bytes ({coding})"
    assert inflater.output == DATA[: len(DATA) - 1]


def test_a_bomb_costs_the_limit_not_its_size() -> None:
    bomb = gzip.compress(b"\0" * (16 * 1024 * 1024), compresslevel=9)
    inflater = Inflater("gzip", 1024)
    with pytest.raises(InflateLimitError):
        inflater.feed(bomb)
    # zlib's max_length: never more than one byte past the limit was produced.
    assert len(inflater._out) <= 1025


@pytest.mark.parametrize(("coding", "body"), CODED)
def test_a_stream_cut_short_is_truncated(coding: str, body: bytes) -> None:
    with pytest.raises(InflateTruncatedError, match=f"ends before its {coding} stream does"):
        inflate(body[:-5], coding, len(DATA))
    inflater = Inflater(coding, len(DATA))
    inflater.feed(body[: len(body) // 2])
    assert DATA.startswith(inflater.output)  # what there is, for a report of a cut copy


@pytest.mark.parametrize(("coding", "body"), [("gzip", b""), ("deflate", b""), ("deflate", b"x")])
def test_nothing_or_less_than_a_header_is_truncated(coding: str, body: bytes) -> None:
    # One byte of deflate cannot tell a zlib header from raw DEFLATE: it waits for the next.
    with pytest.raises(InflateTruncatedError):
        inflate(body, coding, 100)


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", b"not gzip at all"),
        ("gzip", gzip.compress(DATA)[:10] + b"\xff" * 20 + gzip.compress(DATA)[30:]),
        ("gzip", gzip.compress(DATA) + b"trailing junk"),
        ("deflate", b"\xff\xff\xff\xff"),
    ],
)
def test_invalid_data_is_an_error_naming_the_coding(coding: str, body: bytes) -> None:
    with pytest.raises(InflateError, match=f"is not valid {coding} data") as err:
        inflate(body, coding, len(DATA))
    assert err.value.coding == coding
    assert not isinstance(err.value, InflateLimitError | InflateTruncatedError)


@pytest.mark.parametrize("body", [zlib.compress(DATA), _raw_deflate(DATA)])
def test_bytes_after_a_deflate_stream_are_an_error(body: bytes) -> None:
    with pytest.raises(InflateError, match="has bytes after its deflate stream"):
        inflate(body + b"x", "deflate", len(DATA))


@pytest.mark.parametrize("coding", ["br", "zstd", "compress", "identity", "gzip, gzip"])
def test_an_unknown_coding_is_refused_up_front(coding: str) -> None:
    assert coding.lower() not in CODINGS
    with pytest.raises(KeyError):
        Inflater(coding, 100)


def test_the_tables() -> None:
    assert set(CODINGS) == {"gzip", "x-gzip", "deflate"}
    # RFC 9110 §7.6.1; framing fields (Content-Length, Host) are each caller's own addition.
    assert {"connection", "keep-alive", "transfer-encoding", "upgrade", "te"} <= HOP_BY_HOP
    assert not {"content-length", "host", "content-type"} & HOP_BY_HOP


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        (None, None),
        ("", None),
        ("identity", None),
        (" GZIP ", "gzip"),
        ("identity, gzip", "gzip"),
        ("gzip, identity", "gzip"),
        ("x-gzip", "x-gzip"),
        ("Deflate", "deflate"),
    ],
)
def test_content_coding_names_the_one_coding(header: str | None, coding: str | None) -> None:
    assert content_coding(header) == coding


@pytest.mark.parametrize(
    ("header", "stacked", "message"),
    [
        ("gzip, gzip", True, "stacked codings are refused"),
        ("deflate, gzip", True, "stacked codings are refused"),
        ("br", False, "is refused (only gzip or deflate)"),
        ("compress", False, "is refused (only gzip or deflate)"),
    ],
)
def test_content_coding_refuses_stacked_and_unknown_codings(
    header: str, stacked: bool, message: str
) -> None:
    with pytest.raises(UnsupportedCodingError, match=re.escape(message)) as err:
        content_coding(header)
    assert err.value.stacked is stacked and err.value.header == header
    assert repr(header) in str(err.value)


@pytest.mark.parametrize(
    ("header", "status"),
    [("gzip, identity", 200), ("identity", 200), ("gzip, gzip", 415), ("br", 415)],
)
def test_the_simulator_reads_content_encoding_as_the_client_does(header: str, status: int) -> None:
    from faxstatus import ContentType, encode
    from faxstatus.models import FaxJobId, FaxJobIds, GetRealTimeFaxStatusEx

    from ..support.helpers import make_simulator

    request = GetRealTimeFaxStatusEx(
        user_id="demo-user",
        str_pin="demo-pin",
        fax_job_ids=FaxJobIds(item=[FaxJobId(job_id="br1000000001")]),
    )
    enc = encode(request, ContentType.SOAP11)
    body = gzip.compress(enc.body) if "gzip" in header else enc.body
    headers = {**enc.headers, "content-encoding": header}
    reply = make_simulator().handle("POST", headers, body, "/fax/v5")
    assert reply.status == status, reply.body[:300]
    if status == 415:
        assert reply.headers["Accept-Encoding"] == ACCEPT_ENCODING


def test_the_proxy_shows_a_gzip_body_as_far_as_it_inflates() -> None:
    from faxstatus.proxy._engine import _inflated, _Tee

    tee = _Tee(1 << 20)
    tee.add(gzip.compress(DATA) + b"\0\0\0\0")  # padding after the member
    shown, cut, note = _inflated(tee, "gzip")
    assert shown == DATA and not cut
    assert "shown inflated, up to bytes after it that do not" in note
    tee = _Tee(1 << 20)
    tee.add(b"\x1f\x8b not gzip at all")
    shown, _, note = _inflated(tee, "gzip")
    assert shown == b"\x1f\x8b not gzip at all" and "does not inflate" in note
    for header in ("br", "gzip, gzip"):  # not the proxy's to read: shown as it came
        assert _inflated(tee, header) == (b"\x1f\x8b not gzip at all", False, "")


def test_challenge_params_reads_quoted_and_token_values_and_never_reads_past_its_cap():
    from faxstatus._http import challenge_params

    header = 'Bearer realm="x", error=invalid_token, error_description="say \\"expired\\""'
    assert challenge_params(header) == {
        "realm": "x",
        "error": "invalid_token",
        "error_description": 'say "expired"',
    }
    assert challenge_params(None) == {} and challenge_params("Basic") == {}
    # A huge header costs the cap at most: a parameter beyond it is not seen.
    assert challenge_params("Bearer " + " " * 5000 + 'error="late"') == {}
