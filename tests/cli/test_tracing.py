"""Live traces, HAR files and masking that hits secrets only where they are."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from faxstatus import FaxStatusClient, Recorder
from faxstatus.cli import main
from faxstatus.client._har import HarWriter, mask_body, mask_headers, mask_url
from faxstatus.simulator import SimulatorServer, SimulatorTransport, demo_jobs

from ..support.cli import run_cli as run
from ..support.helpers import FIXED_EPOCH, make_simulator

DATE_BODY = (
    "<FaxDeliveryDateTime>2026-11-26T09:15:02Z</FaxDeliveryDateTime>"
    "<FaxJobId>br2026</FaxJobId><ReferenceId>2026</ReferenceId>"
)


def test_a_short_pin_masks_only_whole_echoes_not_dates_or_ids():
    out = mask_body(DATE_BODY, "text/xml", ("2026",))
    assert "2026-11-26T09:15:02Z" in out and "br2026" in out
    assert "<ReferenceId>***</ReferenceId>" in out  # a whole echoed element


def test_a_one_letter_token_leaves_urls_and_words_alone():
    url = "https://ws.concordfax.com/fax/v5?wsdl"
    assert mask_url(url, ("x",)) == url
    assert mask_body("<faultstring>bad token x given</faultstring>", None, ("x",)) == (
        "<faultstring>bad token *** given</faultstring>"
    )


def test_headers_credentials_masked_standard_headers_never_touched():
    headers = [
        ("Authorization", "Bearer abc"),
        ("date", "Thu, 26 Nov 2026 10:00:00 GMT"),
        ("X-Debug", "you sent Bearer abc and PIN 2026"),
        ("X-Pin", "2026"),
        ("X-Note", "renewed in 2026"),
    ]
    assert mask_headers(headers, ("2026", "abc")) == [
        ("Authorization", "Bearer ***"),
        ("date", "Thu, 26 Nov 2026 10:00:00 GMT"),
        ("X-Debug", "you sent Bearer *** and PIN ***"),
        ("X-Pin", "***"),
        ("X-Note", "renewed in 2026"),  # a short secret as a word of a sentence: data
    ]


def test_strpin_and_oauth_form_fields_are_masked_structurally():
    assert mask_body("<x:strPIN>2026</x:strPIN>", "text/xml") == "<x:strPIN>***</x:strPIN>"
    form = "grant_type=password&username=u&password=pw&client_secret=s3&scope=FaxWS"
    assert mask_body(form, "application/x-www-form-urlencoded") == (
        "grant_type=password&username=u&password=***&client_secret=***&scope=FaxWS"
    )


def test_recorder_streams_each_exchange_as_it_happens():
    seen: list[str] = []
    rec = Recorder(maxlen=1, on_record=lambda ex: seen.append(ex.format()))
    sim = make_simulator(pin="2026")
    with FaxStatusClient(
        "demo-user", pin="2026", transport=SimulatorTransport(sim), recorder=rec
    ) as c:
        c.get_real_time_fax_status_ex(["br1000000001"])
        assert len(seen) == 1  # before the second call
        c.get_real_time_fax_status_ex(["br1000000002"])
    assert len(seen) == 2
    assert "<FaxWS:strPIN>***</FaxWS:strPIN>" in seen[0] or "strPIN>***<" in seen[0]
    assert "2026" not in seen[0].split("strPIN")[1][:20]
    # The reply's dates count from the fixed epoch (and the PIN's digits in them stay).
    job = next(j for j in demo_jobs() if j.job_id == "br1000000001")
    done = job.submitted + job.queue_seconds + job.pages * job.seconds_per_page
    delivered = FIXED_EPOCH + timedelta(seconds=done)
    assert f">{delivered:%Y-%m-%dT%H:%M:%S}Z</FaxWS:FaxDeliveryDateTime>" in seen[0]


def test_har_writer_is_valid_json_after_every_entry(tmp_path: Path):
    path = tmp_path / "t.har"
    rec_entries = []
    with HarWriter(path) as w:
        for i in range(3):
            rec = Recorder(maxlen=1, body_limit=None, on_record=lambda ex: w.add(ex.har()))
            rec.record(
                method="POST",
                url="http://h/fax/v5",
                request_headers={"Content-Type": "text/xml", "Authorization": "Bearer tok"},
                request_body=b"<strPIN>p</strPIN>" + b"x" * 70000,
                secrets=("tok",),
                status=200,
                response_headers={"Content-Type": "text/xml"},
                response_body=b"<r>tok</r>",
                elapsed_ms=1.0,
            )
            doc = json.loads(path.read_text())
            rec_entries = doc["log"]["entries"]
            assert len(rec_entries) == i + 1
    e = rec_entries[0]
    assert doc["log"]["version"] == "1.2"
    assert {"name": "Authorization", "value": "Bearer ***"} in e["request"]["headers"]
    assert len(e["request"]["postData"]["text"]) > 70000  # whole body, no 64 KiB cut
    assert e["request"]["postData"]["text"].startswith("<strPIN>***</strPIN>")
    assert e["response"]["content"]["text"] == "<r>***</r>"


def test_cli_trace_file_writes_har_and_decode_reads_it(tmp_path: Path, capsys):
    path = tmp_path / "run.har"
    with SimulatorServer(make_simulator()) as srv:
        code = main(
            [
                "status",
                "br1000000001",
                "--endpoint",
                srv.url,
                "--user",
                "demo-user",
                "--pin",
                "demo-pin",
                "--trace",
                "--trace-file",
                str(path),
            ]
        )
    err = capsys.readouterr().err
    assert code == 0, err
    assert "> POST " in err and "demo-pin" not in err
    doc = json.loads(path.read_text())
    (entry,) = doc["log"]["entries"]
    assert "demo-pin" not in path.read_text()
    assert entry["response"]["status"] == 200
    assert main(["decode", str(path), "--entry", "1"]) == 0
    out = capsys.readouterr().out
    assert '"entry 1 response"' in out and "br1000000001" in out


def test_replay_resends_and_compares(tmp_path: Path, capsys, monkeypatch):
    path = tmp_path / "run.har"
    with SimulatorServer(make_simulator()) as srv:
        assert (
            main(
                [
                    "status",
                    "br1000000001",
                    "br0",
                    "--endpoint",
                    srv.url,
                    "--user",
                    "demo-user",
                    "--pin",
                    "demo-pin",
                    "--trace-file",
                    str(path),
                ]
            )
            == 3
        )
        capsys.readouterr()
        monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
        code = main(["replay", str(path), "--endpoint", srv.url])
        out = capsys.readouterr().out
        assert code == 0, out
        assert "entry 1: GetRealTimeFaxStatusEx -> HTTP 200, same message" in out
        # Without the PIN the request is not sent with the mask in its place.
        monkeypatch.delenv("FAXSTATUS_PIN")
        sent = srv.simulator.requests
        code = main(["replay", str(path), "--endpoint", srv.url])
        out = capsys.readouterr().out
        assert code == 1 and "entry 1: not sent: strPIN is masked" in out
        assert srv.simulator.requests == sent


def test_plain_httpx_transport_still_works():
    with httpx.Client(transport=SimulatorTransport(make_simulator())) as http:
        assert http.get("http://sim/fax/v5?wsdl").status_code == 200


@pytest.mark.slow
@pytest.mark.usefixtures("clean_env")
def test_oauth_trace_har_and_replay(capsys, server, monkeypatch, tmp_path):
    har = tmp_path / "run.har"
    monkeypatch.setenv("FAXSTATUS_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("FAXSTATUS_TOKEN_URL", server.token_url)
    argv = ["status", "br1000000001", "--endpoint", server.url, "--user", "demo-user"]
    argv += ["--client-id", "demo-client", "--trace", "--trace-file", str(har)]
    code, out, err = run(capsys, *argv)
    assert code == 0 and "succeeded" in out
    # the bearer token the request carried is shown, masked; so is the token exchange
    assert "> Authorization: Bearer ***" in err
    assert f"> POST {server.token_url}" in err and "client_secret=***" in err
    assert '"access_token": "***"' in err and '"refresh_token": "***"' in err
    text = har.read_text()
    assert "demo-secret" not in err + text and "sim-" not in err + text
    entries = json.loads(text)["log"]["entries"]
    token_entry, faxws_entry = entries
    assert token_entry["request"]["url"] == server.token_url
    assert "client_secret=***" in token_entry["request"]["postData"]["text"]
    auth = [h["value"] for h in faxws_entry["request"]["headers"] if h["name"] == "Authorization"]
    assert auth == ["Bearer ***"]

    # decode, validate and fmt read the FaxWS exchange and pass over the token exchange
    for command in ("decode", "validate", "fmt"):
        code, out, err = run(capsys, command, str(har))
        assert code == 0 and "entry 2" in out and "entry 1" not in out, (command, err)
    code, _, err = run(capsys, "decode", str(har), "--entry", "1")
    assert code == 1 and "--entry 1: an OAuth 2.0 token exchange, not a FaxWS message" in err

    # replay without credentials: said clearly, nothing sent with a missing token
    monkeypatch.delenv("FAXSTATUS_CLIENT_SECRET")
    monkeypatch.delenv("FAXSTATUS_TOKEN_URL")
    requests = server.simulator.requests
    code, out, _ = run(capsys, "replay", str(har), "--endpoint", server.url)
    assert code == 1 and server.simulator.requests == requests
    assert "entry 1: an OAuth 2.0 token request; skipped" in out
    assert "entry 2: not sent: recorded with a bearer token" in out and "set FAXSTATUS_TOKEN" in out
    # with the OAuth 2.0 variables, replay fetches its own token and the answer matches
    monkeypatch.setenv("FAXSTATUS_CLIENT_ID", "demo-client")
    monkeypatch.setenv("FAXSTATUS_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("FAXSTATUS_TOKEN_URL", server.token_url)
    code, out, _ = run(capsys, "replay", str(har), "--endpoint", server.url)
    assert code == 0, out
    assert "entry 2: GetRealTimeFaxStatusEx -> HTTP 200, same message" in out


@pytest.mark.slow
@pytest.mark.usefixtures("clean_env")
def test_password_grant_trace_masks_the_password(capsys, server, monkeypatch):
    monkeypatch.setenv("FAXSTATUS_PASSWORD", "demo-password")
    argv = ["status", "br1000000001", "--endpoint", server.url, "--user", "demo-user"]
    argv += ["--client-id", "demo-client", "--token-url", server.token_url]
    code, out, err = run(capsys, *argv, "--username", "demo-user", "--trace")
    assert code == 0 and "succeeded" in out
    # the token request is in the trace; the password's value is masked (the masking also
    # hides any 8-character run of a long secret, so the word "password" itself goes too)
    form = next(line for line in err.splitlines() if "username=demo-user" in line)
    assert form.endswith("=***") and "client_id=demo-client" in form
    assert "> Authorization: Bearer ***" in err
    assert "demo-password" not in out + err and "sim-" not in out + err
