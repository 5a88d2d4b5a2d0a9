"""``faxstatus replay``: credentials pinned to the origin, no masked placeholder sent, the
guarded boundary for responses, malformed HAR files as one line, ``--timeout`` for the run.

The HAR files are recorded from a loopback simulator and then edited the way a hostile or
careless file would be: an entry naming 127.0.0.2 (another host, still loopback) stands for
a host the user never configured.
"""

from __future__ import annotations

import copy
import gzip
import json
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from faxstatus.conformance._load import peak_rss_kib
from faxstatus.simulator import SimulatorServer

from ..support.cli import run_cli as run
from ..support.helpers import Recording, make_simulator
from ..support.rawserver import RawServer, response

pytestmark = pytest.mark.usefixtures("clean_env")
MiB = 1 << 20


@pytest.fixture
def legit() -> Iterator[SimulatorServer]:
    """The configured origin: a simulator that keeps every request it received."""
    with SimulatorServer(Recording()) as srv:
        yield srv


@pytest.fixture
def elsewhere() -> Iterator[SimulatorServer]:
    """Another host (127.0.0.2), named only by the HAR file."""
    with SimulatorServer(Recording(), host="127.0.0.2") as srv:
        yield srv


def seen(srv: SimulatorServer) -> list[tuple[dict[str, str], bytes, Any]]:
    sim = srv.simulator
    assert isinstance(sim, Recording)
    return sim.seen


@pytest.fixture
def recorded(tmp_path: Path, capsys) -> dict[str, Any]:
    """A HAR document of one PIN-authenticated status call (the PIN masked in it)."""
    path = tmp_path / "run.har"
    with SimulatorServer(make_simulator()) as srv:
        argv = ["status", "br1000000001", "--endpoint", srv.url, "--user", "demo-user"]
        code, _, _ = run(capsys, *argv, "--pin", "demo-pin", "--trace-file", str(path))
    assert code == 0
    doc: dict[str, Any] = json.loads(path.read_text())
    assert "demo-pin" not in path.read_text()
    return doc


def write(tmp_path: Path, doc: Any, name: str = "edited.har") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return str(path)


def naming(doc: dict[str, Any], url: str, *headers: dict[str, str]) -> dict[str, Any]:
    """*doc* with its request sent to *url*, with *headers* added to it."""
    out = copy.deepcopy(doc)
    request = out["log"]["entries"][0]["request"]
    request["url"] = url
    request["headers"] += list(headers)
    return out


# -- credentials pinned to the origin -------------------------------------------------------


def test_the_pin_goes_to_the_configured_endpoint_not_the_hars_host(
    capsys, monkeypatch, tmp_path, recorded, legit, elsewhere
):
    har = write(tmp_path, naming(recorded, elsewhere.url))
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    monkeypatch.setenv("FAXSTATUS_ENDPOINT", legit.url)
    code, out, _ = run(capsys, "replay", har)
    assert code == 0 and "entry 1: GetRealTimeFaxStatusEx -> HTTP 200, same message" in out
    assert seen(elsewhere) == []
    assert [b"demo-pin" in body for _, body, _ in seen(legit)] == [True]


def test_replay_names_faxstatus_as_user_agent_whoever_recorded(
    capsys, monkeypatch, tmp_path, recorded, legit
):
    import faxstatus

    other = {"name": "User-Agent", "value": "zeep/4.3.3"}
    har = write(tmp_path, naming(recorded, legit.url, other))
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    monkeypatch.setenv("FAXSTATUS_ENDPOINT", legit.url)
    code, _, _ = run(capsys, "replay", har)
    agents = [h.get("user-agent") for h, _, _ in seen(legit)]
    assert code == 0 and agents == [f"faxstatus/{faxstatus.__version__}"]


def test_without_an_endpoint_a_credential_is_not_sent_and_the_host_is_named(
    capsys, monkeypatch, tmp_path, recorded, elsewhere
):
    har = write(tmp_path, naming(recorded, elsewhere.url))
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    code, out, _ = run(capsys, "replay", har)
    port = elsewhere.url.split(":")[2].split("/")[0]
    assert code == 1 and f"entry 1: not sent: recorded for http://127.0.0.2:{port};" in out
    assert "--endpoint (or FAXSTATUS_ENDPOINT)" in out and "demo-pin" not in out
    assert seen(elsewhere) == []


def test_a_bearer_token_goes_to_the_endpoint_only(
    capsys, monkeypatch, tmp_path, recorded, legit, elsewhere
):
    bearer = {"name": "Authorization", "value": "Bearer ***"}
    har = write(tmp_path, naming(recorded, elsewhere.url, bearer))
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    monkeypatch.setenv("FAXSTATUS_TOKEN", "tok-secret-1")
    code, out, _ = run(capsys, "replay", har, "--endpoint", legit.url)
    assert seen(elsewhere) == [] and "tok-secret-1" not in out
    assert [h.get("authorization") for h, _, _ in seen(legit)] == ["Bearer tok-secret-1"]
    monkeypatch.delenv("FAXSTATUS_PIN")
    code, out, _ = run(capsys, "replay", har)  # no endpoint: nothing goes anywhere
    assert code == 1 and "not sent" in out and seen(elsewhere) == [] and len(seen(legit)) == 1


def test_an_oauth_token_is_neither_fetched_nor_sent_for_a_foreign_host(
    capsys, monkeypatch, tmp_path, recorded, legit, elsewhere
):
    bearer = {"name": "Authorization", "value": "Bearer ***"}
    doc = naming(recorded, elsewhere.url, bearer)
    body = doc["log"]["entries"][0]["request"]["postData"]
    body["text"] = body["text"].replace("<strPIN>***</strPIN>", "<strPIN></strPIN>")
    har = write(tmp_path, doc)
    monkeypatch.setenv("FAXSTATUS_CLIENT_ID", "demo-client")
    monkeypatch.setenv("FAXSTATUS_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("FAXSTATUS_TOKEN_URL", legit.token_url)
    code, out, _ = run(capsys, "replay", har)
    assert code == 1 and "recorded for http://127.0.0.2:" in out
    assert seen(elsewhere) == [] and seen(legit) == []  # not even a token request
    code, out, _ = run(capsys, "replay", har, "--endpoint", legit.url)
    assert seen(elsewhere) == []
    paths = [h.get("authorization", "")[:11] for h, _, _ in seen(legit)]
    assert paths == ["", "Bearer sim-"]  # the token request, then the FaxWS request


def test_a_redirect_does_not_carry_the_pin_elsewhere(
    capsys, monkeypatch, tmp_path, recorded, elsewhere
):
    moved = [response(b"", status="307 Temporary Redirect", headers=[f"Location: {elsewhere.url}"])]
    with RawServer(lambda: moved) as srv:
        monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
        code, out, _ = run(capsys, "replay", write(tmp_path, recorded), "--endpoint", srv.url)
    assert code == 1 and "HTTP 307" in out and seen(elsewhere) == []


# -- never a masked placeholder ---------------------------------------------------------------


def test_a_masked_pin_without_its_secret_is_not_sent(capsys, tmp_path, recorded, legit):
    code, out, _ = run(capsys, "replay", write(tmp_path, recorded), "--endpoint", legit.url)
    assert code == 1 and "entry 1: not sent: strPIN is masked in the HAR file" in out
    assert "FAXSTATUS_PIN" in out and seen(legit) == []


@pytest.mark.parametrize(
    ("header", "said"),
    [
        ({"name": "Cookie", "value": "***"}, "header Cookie is masked"),
        ({"name": "X-Api-Key", "value": "key ***"}, "header X-Api-Key is masked"),
        ({"name": "Authorization", "value": "Basic ***"}, "header Authorization is masked"),
    ],
)
def test_a_masked_header_without_its_secret_is_not_sent(
    capsys, monkeypatch, tmp_path, recorded, legit, header, said
):
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    har = write(tmp_path, naming(recorded, legit.url, header))
    code, out, _ = run(capsys, "replay", har, "--endpoint", legit.url)
    assert code == 1 and said in out and seen(legit) == []


def test_a_mask_left_in_the_body_is_not_sent(capsys, monkeypatch, tmp_path, recorded, legit):
    doc = copy.deepcopy(recorded)
    post = doc["log"]["entries"][0]["request"]["postData"]
    post["text"] = post["text"].replace("br1000000001", "br***000001")  # masked inside an id
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    code, out, _ = run(capsys, "replay", write(tmp_path, doc), "--endpoint", legit.url)
    assert code == 1 and "holds a masked value (***)" in out and seen(legit) == []


# -- the response through the boundary ----------------------------------------------------------


def zeros_gzip(size: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (16 * MiB)
    return b"".join([*(c.compress(block) for _ in range(size // len(block))), c.flush()])


def test_a_double_gzip_response_is_refused_without_decoding(
    capsys, monkeypatch, tmp_path, recorded
):
    bomb = gzip.compress(zeros_gzip(256 * MiB))
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    before = peak_rss_kib()
    with RawServer(lambda: [response(bomb, headers=["Content-Encoding: gzip, gzip"])]) as srv:
        code, out, _ = run(capsys, "replay", write(tmp_path, recorded), "--endpoint", srv.url)
    assert (peak_rss_kib() - before) / 1024 < 64
    assert code == 1 and "DecodeError" in out and "stacked codings are refused" in out


def test_a_response_over_the_cap_is_a_limit_error(capsys, monkeypatch, tmp_path, recorded):
    def endless() -> Iterator[bytes | float]:
        yield b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nConnection: close\r\n\r\n"
        for _ in range(64):
            yield b" " * MiB

    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    with RawServer(endless) as srv:
        code, out, _ = run(capsys, "replay", write(tmp_path, recorded), "--endpoint", srv.url)
    assert code == 1 and "LimitError" in out and "over the 10485760-byte cap" in out


# -- malformed HAR files: one line, exit 1, nothing sent --------------------------------------

MALFORMED = {
    "entry-not-object": ({"log": {"entries": [1]}}, "entry 1 is a number, not an object"),
    "request-not-object": ({"log": {"entries": [{"request": "x"}]}}, "entry 1.request is a"),
    "no-request": ({"log": {"entries": [{}]}}, "entry 1 has no request"),
    "headers-not-objects": (["headers", ["x"]], "request.headers[0] is a string"),
    "headers-not-array": (["headers", {"a": "b"}], "request.headers is an object"),
    "header-without-value": (["headers", [{"name": "X"}]], "needs a name and a value"),
    "header-value-number": (["headers", [{"name": "X", "value": 5}]], "value is a number"),
    "header-newline": (["headers", [{"name": "X", "value": "a\r\nb"}]], "cannot carry"),
    "header-non-ascii": (["headers", [{"name": "X", "value": "\u00e9"}]], "cannot carry"),
    "header-bad-name": (["headers", [{"name": "a b", "value": "1"}]], "not an HTTP field name"),
    "text-number": (["postData", {"text": 5}], "postData.text is a number"),
    "text-lone-surrogate": (["postData", {"text": "\ud800"}], "lone surrogate"),
    "url-number": (["url", 5], "request.url is a number"),
    "method-list": (["method", ["POST"]], "request.method is an array"),
    "response-array": ({"response": []}, "entry 1.response is an array"),
    "status-string": ({"response": {"status": "200"}}, "response.status is a string"),
    "content-bad-base64": (
        {"response": {"content": {"text": "!!", "encoding": "base64"}}},
        "not base64",
    ),
    "log-array": ({"log": []}, "no log.entries"),
    "not-json": (b"{nope", "not a HAR file"),
    "not-utf8": (b'{"log": "\xff"}', "not a HAR file"),
    "deep": (b'{"log": {"entries": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}}", "depth"),
}


def malformed(recorded: dict[str, Any], spec: Any) -> bytes:
    if isinstance(spec, bytes):
        return spec
    if isinstance(spec, list):  # [request member, value]
        doc = copy.deepcopy(recorded)
        doc["log"]["entries"][0]["request"][spec[0]] = spec[1]
        return json.dumps(doc).encode()
    if "log" in spec:
        return json.dumps(spec).encode()
    doc = copy.deepcopy(recorded)
    doc["log"]["entries"][0].update(spec)
    return json.dumps(doc).encode()


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_har_file_is_one_line_and_exit_1(
    capsys, monkeypatch, tmp_path, recorded, legit, name
):
    spec, said = MALFORMED[name]
    path = tmp_path / f"{name}.har"
    path.write_bytes(malformed(recorded, spec))
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    code, out, err = run(capsys, "replay", str(path), "--endpoint", legit.url)
    assert code == 1 and out == "" and seen(legit) == []
    assert err.count("\n") == 1 and err.startswith(f"faxstatus: {path}: ") and said in err, err


def test_an_entry_past_the_end_is_named(capsys, tmp_path, recorded, legit):
    code, _, err = run(capsys, "replay", write(tmp_path, recorded), "--entry", "5")
    assert code == 1 and "--entry 5: the HAR file has 1 entries" in err


# -- --timeout: the whole run ------------------------------------------------------------------


def silent() -> Iterator[bytes | float]:
    yield 30.0


def trickling() -> Iterator[bytes | float]:
    yield b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nContent-Length: 900\r\n\r\n"
    for _ in range(900):
        yield b" "
        yield 0.1


@pytest.mark.slow
@pytest.mark.parametrize("script", [silent, trickling], ids=["silent", "trickling"])
def test_timeout_bounds_the_whole_run_and_exits_124(
    capsys, monkeypatch, tmp_path, recorded, script
):
    doc = copy.deepcopy(recorded)
    doc["log"]["entries"] *= 5  # five requests, each of which alone would outlast the run
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    with RawServer(script, give_up=60) as srv:
        argv = ["replay", write(tmp_path, doc), "--endpoint", srv.url, "--timeout", "1"]
        started = time.monotonic()
        code, out, err = run(capsys, *argv)
        elapsed = time.monotonic() - started
        connections = srv.connections
    assert elapsed < 20  # each of the five requests alone would take 30 s or more
    assert code == 124 and "the --timeout of 1 s ran out" in err
    assert "entry 1: GetRealTimeFaxStatusEx -> no answer before the --timeout ran out" in out
    assert connections == 1 and "entry 2" not in out


def test_a_plain_http_token_url_outside_loopback_is_refused(
    capsys, monkeypatch, tmp_path, recorded, legit
):
    monkeypatch.setenv("FAXSTATUS_CLIENT_ID", "demo-client")
    monkeypatch.setenv("FAXSTATUS_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("FAXSTATUS_TOKEN_URL", "http://tokens.example.com/oauth/token")
    code, _, err = run(capsys, "replay", write(tmp_path, recorded), "--endpoint", legit.url)
    assert code == 1 and "token_url http://tokens.example.com is plain http" in err
    assert "demo-secret" not in err and seen(legit) == []


@pytest.mark.parametrize(
    "given",
    ["<strPIN><![CDATA[1234]]></strPIN>", "<strPIN> 1234</strPIN>", "<strPIN>&#49;</strPIN>"],
)
def test_a_pin_written_in_any_form_is_a_credential_kept_at_the_endpoint(
    capsys, tmp_path, recorded, elsewhere, given
):
    doc = naming(recorded, elsewhere.url)
    body = doc["log"]["entries"][0]["request"]["postData"]
    body["text"] = body["text"].replace("<strPIN>***</strPIN>", given)
    assert given in body["text"]
    code, out, _ = run(capsys, "replay", write(tmp_path, doc))
    assert code == 1 and "not sent: recorded for http://127.0.0.2:" in out
    assert seen(elsewhere) == []
