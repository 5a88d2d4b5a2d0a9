"""The command line after a newcomer's first hour: failures on stderr, usage errors, refusals."""

from __future__ import annotations

import json
import socket

import pytest

from ..support.cli import run_cli as run
from ..support.paths import VECTORS

pytestmark = pytest.mark.usefixtures("clean_env")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens here once the socket closes


# -- a failed batch: the row on stdout, one line on stderr ----------------------------------


@pytest.mark.parametrize("command", ["status", "watch"])
def test_a_transport_failure_is_one_line_on_stderr(capsys, command):
    endpoint = f"http://127.0.0.1:{_closed_port()}/fax/v5"
    argv = [command, "br1000000001", "br1000000002", "--user", "u", "--pin", "p"]
    argv += ["--endpoint", endpoint, "--attempts", "1"]
    if command == "watch":  # a transport failure may pass: watch polls on until its timeout
        argv += ["--timeout", "0.5", "--interval", "0.1"]
    code, out, err = run(capsys, *argv)
    assert code == 1 and "transport" in out  # the row stays in the table
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("faxstatus: transport (br1000000001 and 1 more): ConnectError")
    code, out, err = run(capsys, *argv, "--json")
    assert code == 1 and json.loads(out)["results"][0]["error"]["kind"] == "transport"
    assert len(err.splitlines()) == 1 and "ConnectError" in err


@pytest.mark.parametrize("command", ["status", "watch"])
def test_a_wrong_pin_is_one_line_on_stderr_without_the_pin(capsys, server, command):
    argv = [command, "br1000000001", "br1000000002", "--batch-size", "1"]
    argv += ["--endpoint", server.url, "--user", "demo-user", "--pin", "wrong-pin-4711"]
    code, out, err = run(capsys, *argv)
    assert code == 1 and "Authentication failed" in out
    lines = err.splitlines()
    assert lines[0] == "faxstatus: auth (br1000000001): FaxWS error -1000: Authentication failed"
    # the batches not sent after it share one line, whatever their number
    assert len(lines) == 2 and lines[1].startswith("faxstatus: not sent (br1000000002)")
    assert "wrong-pin-4711" not in out + err


# -- one credential in the library too -------------------------------------------------------


def test_the_client_refuses_a_pin_beside_a_bearer_source():
    import faxstatus

    with pytest.raises(ValueError, match=r"give one credential, not pin= and token=") as info:
        faxstatus.FaxStatusClient("u", pin="pn-secret", token="tkQsecret")
    assert "pn-secret" not in str(info.value) and "tkQsecret" not in str(info.value)
    auth = faxstatus.OAuth2("http://127.0.0.1:9/oauth/token", client_id="c", client_secret="s")
    with pytest.raises(ValueError, match=r"not pin= and auth="):
        faxstatus.AsyncFaxStatusClient("u", pin="pn-secret", auth=auth)
    # an empty strPIN is what goes out with a bearer token: not a second credential
    faxstatus.FaxStatusClient("u", pin="", token="tkQsecret").close()


def test_the_password_grant_names_what_it_lacks(capsys):
    argv = ["status", "br1", "--user", "u", "--username", "U", "--password", "P"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert (
        "password grant needs --client-id (and --token-url) with --username and --password" in err
    )
    assert "P\n" not in err


# -- fmt refuses what decode refuses ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"# faxstatus\n\nA README, not a message.\n", "malformed XML"),
        (b"<Envelope><Body>", "malformed XML"),
        (b'{"GetRealTimeFaxStatusExResponse": {', "malformed JSON"),
        (bytes(range(256)), "not a FaxWS message"),
        (b"<a/>", "is not a FaxWS message"),
        (b"", "empty input"),
    ],
)
def test_fmt_refuses_non_messages_in_one_line(capsys, tmp_path, data, what):
    path = tmp_path / "input"
    path.write_bytes(data)
    code, out, err = run(capsys, "fmt", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert err.startswith(f"faxstatus: {path}: ") and what in err


def test_fmt_still_formats_a_message(capsys):

    vector = VECTORS / "GetRealTimeFaxStatusEx" / "json" / "response.json"
    code, out, _ = run(capsys, "fmt", str(vector))
    assert code == 0 and out.startswith('{\n  "GetRealTimeFaxStatusExResponse"')


# -- --entry ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["decode", "fmt", "validate"])
def test_entry_counts_from_1_and_needs_a_har_file(capsys, command):

    vector = VECTORS / "GetRealTimeFaxStatusEx" / "soap12" / "request.xml"
    code, _, err = run(capsys, command, str(vector), "--entry", "0")
    assert code == 2 and "entries count from 1, got 0" in err
    code, out, err = run(capsys, command, str(vector), "--entry", "2")
    assert code == 1 and out == ""
    assert err == "faxstatus: --entry 2: only a HAR file has entries; this is not one\n"


# -- usage errors: exit 2, one usage line, one line naming the mistake -----------------------


@pytest.mark.parametrize(
    ("argv", "usage", "mistake"),
    [
        (["status", "", "--user", "u", "--pin", "p"], "status [options] [JOBID ...]", "empty"),
        (["status", "br1", "--batch-size", "0"], "status [options] [JOBID ...]", "--batch-size"),
        (
            ["status", "br1", "--endpoint", "not-a-url", "--user", "u", "--pin", "p"],
            "status [options] [JOBID ...]",
            "endpoint must be an http(s) URL",
        ),
        (["serve", "--path", "nope"], "serve [options]", "must start with '/', not 'nope'"),
        (["proxy", "--upstream", "notaurl"], "proxy [options]", "--upstream must be an http(s)"),
        (["demo", "--user", ""], "demo [options]", "--user must not be empty"),
        (["decode", "--entry", "x"], "decode [options] [FILE]", "expected an entry number"),
        ([], "[options] COMMAND ...", "required: COMMAND"),
        (
            ["proxy", "--upstream", "http://127.0.0.1:9/", "--keep", "-5"],
            "proxy [options]",
            "--keep: must be at least 1",
        ),
        (["replay", "x.har", "--timeout", "-1"], "replay [options] FILE.har", "--timeout"),
    ],
)
def test_usage_errors_are_two_lines_and_exit_2(capsys, argv, usage, mistake):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    first, second = err.splitlines()  # one usage line, one line naming the mistake
    assert first == f"usage: faxstatus {usage}"
    assert second.startswith("faxstatus") and ": error: " in second and mistake in second


def test_serve_help_shows_the_demo_credentials(capsys):
    import re

    code, out, _ = run(capsys, "serve", "--help")
    assert code == 0
    out = re.sub(r"-\n\s*", "-", out)  # argparse wraps at hyphens
    for value in ("demo-user", "demo-pin", "demo-token", "demo-client", "demo-secret"):
        assert value in out, value
    assert "demo-password" in out


# -- OAuth 2.0 in traces, HAR files and replay -----------------------------------------------


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
    assert "entry 2: recorded with a bearer token" in out and "set FAXSTATUS_TOKEN" in out
    # with the OAuth 2.0 variables, replay fetches its own token and the answer matches
    monkeypatch.setenv("FAXSTATUS_CLIENT_ID", "demo-client")
    monkeypatch.setenv("FAXSTATUS_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("FAXSTATUS_TOKEN_URL", server.token_url)
    code, out, _ = run(capsys, "replay", str(har), "--endpoint", server.url)
    assert code == 0, out
    assert "entry 2: GetRealTimeFaxStatusEx -> HTTP 200, same message" in out


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
