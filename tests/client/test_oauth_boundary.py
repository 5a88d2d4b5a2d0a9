"""OAuth 2.0 token responses through the guarded boundary: caps, expires_in, plain-http URLs.

A hostile or broken token endpoint costs the batch it answered, with a typed error: a bomb or
an endless body stops at the token-response cap while it arrives, an ``expires_in`` out of
range is refused (never an OverflowError, never a token used once per call), and the
credentials are never sent to a plain-http token URL outside loopback unless asked to.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from faxstatus import (
    AsyncFaxStatusClient,
    DecodeError,
    FaxStatusClient,
    LimitError,
    OAuth2,
    OAuthError,
    RetryPolicy,
)
from faxstatus._contract import MAX_EXPIRES_IN, MAX_TOKEN_RESPONSE_BYTES, TOKEN_LIFETIME_DEFAULT
from faxstatus.client._oauth import expires_in, parse_token_response
from faxstatus.conformance._load import peak_rss_kib

from ..support.rawserver import RawServer, response
from ..support.vectors import in_schema_namespace

MiB = 1 << 20
ITEM = (
    b"<item><FaxJobId>%s</FaxJobId><FaxJobStatusId>1</FaxJobStatusId>"
    b"<StatusDescription>ok</StatusDescription><RecipientState>0</RecipientState>"
    b"<RecipientCurrentPageCount>1</RecipientCurrentPageCount>"
    b"<RecipientTotalPageCount>1</RecipientTotalPageCount><FaxDeliveryDateTime/>"
    b"<FaxDeliveryDuration>0</FaxDeliveryDuration><RemoteFaxCSID/>"
    b"<Error><ErrorCode>0</ErrorCode><ErrorString/></Error></item>"
)
#: An answer for br1 and br2: whichever batch reaches the service finds its item.
GOOD = (
    b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body>'
    + in_schema_namespace(b'<RealTimeFaxStatusExResponse xmlns="urn:FaxWS">')
    + b"<return>true</return><FaxStatusList>"
    + ITEM % b"br1"
    + ITEM % b"br2"
    + b"</FaxStatusList><WSError><ErrorCode>0</ErrorCode><ErrorString/></WSError>"
    b"</RealTimeFaxStatusExResponse></e:Body></e:Envelope>"
)
TOKEN = b'{"access_token": "tok-1", "token_type": "Bearer", "expires_in": 3600}'


def zeros_gzip(size: int) -> bytes:
    """gzip of *size* zero bytes, built a block at a time."""
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (16 * MiB)
    parts = [c.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, c.flush()])


def json_answer(body: bytes, *headers: str) -> list[bytes | float]:
    return [response(body, headers=["Content-Type: application/json", *headers])]


def first_then_good(first: Callable[[], object]) -> Callable[[], object]:
    """A token endpoint script: *first* for the first connection, a good token after it."""
    served = []

    def script() -> object:
        served.append(1)
        return first() if len(served) == 1 else json_answer(TOKEN)

    return script


def chunked(total: int) -> Iterator[bytes | float]:
    yield (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    chunk = b" " * MiB
    for _ in range(total // MiB):
        yield b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    yield b"0\r\n\r\n"


def run(token_script: Callable[[], object], mode: str = "sync") -> tuple[list[Any], int]:
    """Two batches of one id; the token endpoint and the service are loopback servers."""
    with (
        RawServer(token_script, give_up=30) as tokens,  # type: ignore[arg-type]
        RawServer(lambda: [response(GOOD)]) as service,
    ):
        url = tokens.url.replace("/fax/v5", "/oauth/token")
        auth = OAuth2(url, client_id="c", client_secret="s")
        kw: dict[str, Any] = {"auth": auth, "endpoint": service.url, "batch_size": 1}
        if mode == "sync":
            with FaxStatusClient("u", retry=RetryPolicy.never(), **kw) as c:
                report = c.get_real_time_fax_status_ex(["br1", "br2"])
        else:

            async def go():
                async with AsyncFaxStatusClient("u", retry=RetryPolicy.never(), **kw) as c:
                    return await c.get_real_time_fax_status_ex(["br1", "br2"])

            report = asyncio.run(go())
        return [report["br1"], report["br2"]], service.connections


@pytest.fixture(scope="module")
def double_gzip_bomb() -> bytes:
    return gzip.compress(zeros_gzip(256 * MiB))  # about a kilobyte for 256 MiB


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_double_gzip_token_response_is_refused_without_decoding(double_gzip_bomb, mode):
    bomb = double_gzip_bomb
    before = peak_rss_kib()
    outcomes, _ = run(
        first_then_good(lambda: json_answer(bomb, "Content-Encoding: gzip, gzip")), mode
    )
    assert (peak_rss_kib() - before) / 1024 < 64
    first, second = outcomes
    assert isinstance(first.error, DecodeError) and "stacked codings are refused" in str(
        first.error
    )
    assert "token endpoint http://127.0.0.1:" in str(first.error)
    assert second.ok, second.error  # the next batch fetched a good token


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_one_gzip_layer_over_the_token_cap_stops_inside_the_decompressor(mode):
    body = zeros_gzip(16 * MiB)
    outcomes, _ = run(first_then_good(lambda: json_answer(body, "Content-Encoding: gzip")), mode)
    first, second = outcomes
    assert isinstance(first.error, LimitError) and first.error.field == "token response"
    assert f"over the {MAX_TOKEN_RESPONSE_BYTES}-byte cap" in str(first.error)
    assert second.ok, second.error


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_endless_chunked_token_response_stops_at_the_cap(mode):
    before = peak_rss_kib()
    outcomes, service_calls = run(first_then_good(lambda: chunked(300 * MiB)), mode)
    assert (peak_rss_kib() - before) / 1024 < 64
    first, second = outcomes
    assert isinstance(first.error, LimitError), first.error
    assert second.ok and service_calls == 1  # the refused batch never reached the service


def test_a_declared_length_over_the_token_cap_is_refused_before_reading():
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {10**9}\r\nConnection: close\r\n\r\n"
    outcomes, _ = run(first_then_good(lambda: [head.encode()]))
    assert isinstance(outcomes[0].error, LimitError) and "Content-Length" in str(outcomes[0].error)
    assert outcomes[1].ok


# -- expires_in ---------------------------------------------------------------------------


def answer(expires: str) -> bytes:
    return b'{"access_token": "t", "token_type": "Bearer", "expires_in": ' + expires.encode() + b"}"


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("1" + "0" * 400, LimitError),  # an OverflowError out of float() before
        (str(MAX_EXPIRES_IN + 1), LimitError),
        ('"99999999999999999999999"', LimitError),
        ("-5", LimitError),
        ("0", LimitError),
        ("NaN", DecodeError),
        ("Infinity", DecodeError),
        ("-Infinity", DecodeError),
        ("1e999", DecodeError),
        ("3600.5", DecodeError),
        ("true", DecodeError),
        ('"soon"', DecodeError),
        ('"-5"', DecodeError),
        ('"\u0663"', DecodeError),  # an Arabic-Indic digit: not ASCII
        ("[3600]", DecodeError),
        ("{}", DecodeError),
    ],
)
def test_expires_in_out_of_range_or_not_seconds_is_refused(raw, error):
    with pytest.raises(error, match="expires_in") as caught:
        parse_token_response(200, answer(raw), url="https://t.test/token")
    assert type(caught.value) is error
    assert "https://t.test/token" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("3600", 3600), ('"3599"', 3599), ("3600.0", 3600), ("1", 1), (str(MAX_EXPIRES_IN),) * 2],
)
def test_expires_in_in_range_is_taken(raw, seconds):
    assert parse_token_response(200, answer(raw)).lifetime == int(seconds)


def test_expires_in_absent_or_null_is_the_default():
    body = b'{"access_token": "t", "token_type": "bearer"}'
    assert parse_token_response(200, body).lifetime == TOKEN_LIFETIME_DEFAULT
    assert expires_in(None) == TOKEN_LIFETIME_DEFAULT


def test_a_huge_expires_in_fails_its_batch_only():
    outcomes, service_calls = run(first_then_good(lambda: json_answer(answer("1" + "0" * 400))))
    first, second = outcomes
    assert isinstance(first.error, LimitError) and first.error.field == "expires_in"
    assert second.ok and service_calls == 1


@pytest.mark.parametrize("raw", ["NaN", "-5"])
def test_an_unusable_expires_in_is_never_used(raw):
    """Refused, not cached for no time: the service never sees the token."""
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, content=answer(raw))
        sent.append(request.headers["authorization"])
        return httpx.Response(200, content=GOOD)

    auth = OAuth2("https://t.test/oauth/token", client_id="c", client_secret="s")
    with FaxStatusClient(
        "u", auth=auth, endpoint="https://t.test/fax/v5", transport=httpx.MockTransport(handler)
    ) as c:
        for _ in range(3):
            err = c.get_real_time_fax_status_ex(["br1"])["br1"].error
            assert isinstance(err, DecodeError) and "expires_in" in str(err)
    assert sent == [] and auth.fetches == 0


def test_a_deeply_nested_token_answer_is_an_oauth_error():
    body = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(OAuthError, match=r"no OAuth 2\.0 error in the body"):
        parse_token_response(200, body)


def test_a_long_error_description_is_cut():
    body = json.dumps({"error": "invalid_client", "error_description": "x" * 60_000}).encode()
    with pytest.raises(OAuthError) as caught:
        parse_token_response(401, body)
    assert len(str(caught.value)) < 400 and caught.value.error == "invalid_client"


SECRET = "s3cr3t-client-value"


def test_a_token_type_echoing_the_secret_is_refused_without_showing_it():
    # Found by fuzz/fuzz_token.py (fuzz/corpus/token/regressions/token-type-echoes-the-secret).
    body = json.dumps({"access_token": "t", "token_type": f"Beared {SECRET}"}).encode()
    with pytest.raises(OAuthError, match="token_type") as caught:
        parse_token_response(200, body, secrets=(SECRET,))
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("member", ["error", "error_description", "token_type"])
def test_a_secret_where_the_quote_is_cut_leaves_no_piece_of_it(member):
    # The quoted text is masked before it is cut: a cut through the secret shows none of it.
    doc = {"access_token": "t", "token_type": "bearer", "error": "invalid_client"}
    doc[member] = "x" * 190 + SECRET
    status = 200 if member == "token_type" else 401
    with pytest.raises(OAuthError) as caught:
        parse_token_response(status, json.dumps(doc).encode(), secrets=(SECRET,))
    assert SECRET[:6] not in str(caught.value) and SECRET[:6] not in str(caught.value.error)


# -- plain http ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://tokens.example.com/oauth/token",
        "http://10.0.0.5:8080/oauth/token",
        "http://[2001:db8::1]/oauth/token",
        "http://localhost.example.com/oauth/token",
    ],
)
def test_a_plain_http_token_url_outside_loopback_is_refused(url):
    with pytest.raises(ValueError, match="plain http to a host that is not loopback") as caught:
        OAuth2(url, client_id="c", client_secret="s3cr3t-value")
    host = httpx.URL(url).host
    assert f"http://{host}" in str(caught.value) or f"[{host}]" in str(caught.value)
    assert "s3cr3t-value" not in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/oauth/token",
        "http://127.9.9.9/oauth/token",
        "http://localhost/oauth/token",
        "http://[::1]:9/oauth/token",
        "https://tokens.example.com/oauth/token",
    ],
)
def test_loopback_and_https_token_urls_are_accepted(url):
    assert OAuth2(url, client_id="c", client_secret="s").token_url.startswith(url.split("/o")[0])


def test_plain_http_is_sent_only_when_asked_for():
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.content)
        return httpx.Response(200, content=TOKEN if request.url.path == "/oauth/token" else GOOD)

    auth = OAuth2(
        "http://tokens.example.com/oauth/token",
        client_id="c",
        client_secret="s",
        allow_insecure_http=True,
    )
    with FaxStatusClient(
        "u", auth=auth, endpoint="https://x.test/fax/v5", transport=httpx.MockTransport(handler)
    ) as c:
        assert c.get_real_time_fax_status_ex(["br1"])["br1"].ok
    assert b"client_secret=s" in seen[0]


def test_the_token_request_names_only_the_codings_the_boundary_decodes():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("accept-encoding", ""))
        return httpx.Response(200, content=TOKEN if request.url.path == "/oauth/token" else GOOD)

    auth = OAuth2("https://t.test/oauth/token", client_id="c", client_secret="s")
    with FaxStatusClient(
        "u", auth=auth, endpoint="https://t.test/fax/v5", transport=httpx.MockTransport(handler)
    ) as c:
        assert c.get_real_time_fax_status_ex(["br1"])["br1"].ok
    assert seen == ["gzip, deflate", "gzip, deflate"]
