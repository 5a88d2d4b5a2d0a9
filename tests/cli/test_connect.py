"""The connection options every network command shares: one credential, OAuth 2.0, tokens."""

from __future__ import annotations

import pytest

from ..support.cli import run_cli as run
from ..support.paths import VECTORS

EX_SOAP12 = VECTORS / "GetRealTimeFaxStatusEx" / "soap12"

pytestmark = pytest.mark.usefixtures("clean_env")


def test_credentials_are_exclusive_even_from_the_environment(capsys, env, monkeypatch):
    monkeypatch.delenv("FAXSTATUS_PIN")
    monkeypatch.setenv("FAXSTATUS_TOKEN", "demo-token")
    code, _, err = run(capsys, "status", "br1", "--pin", "demo-pin")
    assert code == 2 and "give one credential, not FAXSTATUS_TOKEN (environment) and --pin" in err
    assert "demo-token" not in err and "demo-pin" not in err
    code, _, err = run(capsys, "status", "br1", "--client-id", "demo-client")
    assert code == 2 and "FAXSTATUS_TOKEN (environment) and --client-id" in err


def test_missing_credentials_and_ids_are_usage_errors(capsys, env, monkeypatch):
    code, _, err = run(capsys, "status")
    assert code == 2 and "give at least one JOBID" in err
    monkeypatch.delenv("FAXSTATUS_PIN")
    code, _, err = run(capsys, "status", "br1")
    assert code == 2 and "give a credential" in err
    code, _, err = run(capsys, "status", "br1", "--client-id", "demo-client")
    assert code == 2 and "--client-id needs --token-url" in err


@pytest.mark.parametrize("command", ["status", "watch", "check"])
def test_a_token_http_cannot_carry_is_a_usage_error(capsys, env, monkeypatch, command):
    monkeypatch.delenv("FAXSTATUS_PIN")
    monkeypatch.setenv("FAXSTATUS_TOKEN", "t\u00f6k secret")
    code, out, err = run(capsys, command, *(["br1"] if command != "check" else []))
    assert code == 2 and "printable ASCII without spaces" in err and "Traceback" not in err
    assert "t\u00f6k" not in err and out == ""


def test_the_password_grant_names_what_it_lacks(capsys):
    argv = ["status", "br1", "--user", "u", "--username", "U", "--password", "P"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert (
        "password grant needs --client-id (and --token-url) with --username and --password" in err
    )
    assert "P\n" not in err


def test_status_with_oauth_client_credentials(capsys, server, monkeypatch):
    monkeypatch.setenv("FAXSTATUS_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("FAXSTATUS_TOKEN_URL", server.token_url)
    argv = ["status", "br1000000001", "--endpoint", server.url, "--user", "demo-user"]
    code, out, err = run(capsys, *argv, "--client-id", "demo-client", "-v", "--trace")
    assert code == 0 and "succeeded" in out
    assert "client_credentials grant gave a token" in err  # -v: the library's log
    assert "demo-secret" not in out + err and "sim-" not in out + err
    code, out, err = run(capsys, *argv, "--client-id", "demo-client", "--client-secret", "no")
    assert code == 1 and "auth" in out and "invalid_client" in out


def test_a_plain_http_token_url_outside_loopback_needs_the_flag(capsys, monkeypatch):
    # 0.0.0.0 is no loopback address, yet connecting to it stays on this machine (port 9:
    # nothing listens), so the run with the flag reaches the network layer and no further.
    monkeypatch.setenv("FAXSTATUS_CLIENT_SECRET", "s3cr3t-value")
    argv = ["status", "br1", "--user", "u", "--endpoint", "http://127.0.0.1:9/fax/v5"]
    argv += ["--client-id", "c", "--token-url", "http://0.0.0.0:9/oauth/token", "--attempts", "1"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "token_url http://0.0.0.0:9 is plain http to a host that is not loopback" in err
    assert "--allow-insecure-http" in err and "s3cr3t-value" not in err
    code, out, err = run(capsys, *argv, "--allow-insecure-http")
    assert code == 1 and "0.0.0.0:9" in out + err and "s3cr3t-value" not in out + err
