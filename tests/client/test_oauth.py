"""OAuth 2.0: the simulator's token endpoint; the client's provider (cache, refresh, 401)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

import faxstatus
from faxstatus import AsyncFaxStatusClient, FaxStatusClient, OAuth2, OAuthError
from faxstatus.simulator import Simulator, SimulatorServer, SimulatorTransport

from ..support.helpers import make_simulator

TOKEN_URL = "https://sim.test/oauth/token"
ENDPOINT = "https://sim.test/fax/v5"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Spy(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The in-process simulator, remembering each token request's form."""

    def __init__(self, sim: Simulator) -> None:
        self.inner = SimulatorTransport(sim)
        self.grants: list[dict[str, str]] = []

    def _note(self, request: httpx.Request) -> None:
        if request.url.path == "/oauth/token":
            form = parse_qs(request.content.decode())
            self.grants.append({k: v[0] for k, v in form.items()})

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self._note(request)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self._note(request)
        return await self.inner.handle_async_request(request)


def setup(lifetime: float = 60.0, **auth_kw):
    clock = Clock()
    sim = make_simulator(clock=clock, token_lifetime=lifetime)
    spy = Spy(sim)
    auth_kw.setdefault("client_secret", "demo-secret")
    auth = OAuth2(TOKEN_URL, client_id="demo-client", clock=clock, **auth_kw)
    client = FaxStatusClient("demo-user", auth=auth, endpoint=ENDPOINT, transport=spy)
    return clock, sim, spy, auth, client


# -- the token endpoint ------------------------------------------------------------------


def token_call(sim: Simulator, form: dict[str, str], **headers: str) -> tuple[int, dict[str, Any]]:
    body = "&".join(f"{k}={v}" for k, v in form.items()).encode()
    hdrs = {"content-type": "application/x-www-form-urlencoded", **headers}
    reply = sim.handle("POST", hdrs, body, "/oauth/token")
    return reply.status, json.loads(reply.body)


def test_token_endpoint_grants_and_errors():
    sim = make_simulator(token_lifetime=30)
    cc = {"grant_type": "client_credentials", "client_id": "demo-client"}
    status, doc = token_call(sim, {**cc, "client_secret": "demo-secret", "scope": "FaxWS"})
    assert status == 200 and doc["token_type"] == "Bearer" and doc["expires_in"] == 30
    assert "refresh_token" not in doc  # no offline_access asked for
    status, doc = token_call(sim, {**cc, "client_secret": "nope"})
    assert status == 401 and doc["error"] == "invalid_client"
    pw = {"grant_type": "password", "client_id": "demo-client", "username": "demo-user"}
    status, doc = token_call(
        sim, {**pw, "password": "demo-password", "scope": "FaxWS offline_access"}
    )
    assert status == 200 and doc["refresh_token"]
    refresh = {"grant_type": "refresh_token", "client_id": "demo-client"}
    status, again = token_call(sim, {**refresh, "refresh_token": doc["refresh_token"]})
    assert status == 200 and again["access_token"] != doc["access_token"]
    assert token_call(sim, {**refresh, "refresh_token": "forged"})[1]["error"] == "invalid_grant"
    assert token_call(sim, {**pw, "password": "wrong"})[1]["error"] == "invalid_grant"
    assert token_call(sim, {"grant_type": "magic", "client_id": "demo-client"})[0] == 400
    # HTTP Basic client authentication (RFC 6749 §2.3.1) works too.
    basic = "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ="  # demo-client:demo-secret
    assert token_call(sim, {"grant_type": "client_credentials"}, authorization=basic)[0] == 200
    assert sim.handle("GET", {}, b"", "/oauth/token").status == 405


@pytest.mark.slow
def test_issued_tokens_expire_with_the_simulator_clock():
    clock = Clock()
    sim = make_simulator(clock=clock, token_lifetime=10)
    _, doc = token_call(
        sim,
        {
            "grant_type": "client_credentials",
            "client_id": "demo-client",
            "client_secret": "demo-secret",
        },
    )
    with FaxStatusClient(
        "demo-user", token=doc["access_token"], endpoint=ENDPOINT, transport=SimulatorTransport(sim)
    ) as c:
        assert c.get_real_time_fax_status_ex(["br1000000001"]).ok
        clock.now = 10
        err = c.get_real_time_fax_status_ex(["br1000000001"])["br1000000001"].error
    assert isinstance(err, faxstatus.HTTPStatusError) and err.status == 401


# -- the client's provider ---------------------------------------------------------------


def test_token_is_cached_then_refreshed_before_expiry():
    clock, sim, spy, auth, client = setup(lifetime=60)
    with client:
        assert client.get_real_time_fax_status_ex(["br1000000001"]).ok
        assert client.get_real_time_fax_status_ex(["br1000000002"]).ok
        assert [g["grant_type"] for g in spy.grants] == ["client_credentials"]
        assert spy.grants[0]["scope"] == "FaxWS offline_access"
        clock.now = 29.0  # lifetime 60, leeway 30: still fresh
        assert client.get_real_time_fax_status_ex(["br1000000001"]).ok
        assert auth.fetches == 1
        clock.now = 31.0  # inside the leeway: renewed with the refresh token, before the 401
        assert client.get_real_time_fax_status_ex(["br1000000001"]).ok
    assert [g["grant_type"] for g in spy.grants] == ["client_credentials", "refresh_token"]
    assert sim.requests == 4  # no request was answered 401


def test_one_retry_on_401_with_a_new_token():
    _clock, sim, spy, auth, client = setup()
    with client:
        assert client.get_real_time_fax_status_ex(["br1000000001"]).ok
        sim.oauth.expire_all()  # the service now refuses the cached (unexpired-looking) token
        before = sim.requests
        report = client.get_real_time_fax_status_ex(["br1000000001"])
    assert report.ok and sim.requests - before == 2  # the 401, then the retry
    assert auth.fetches == 2 and spy.grants[-1]["grant_type"] == "refresh_token"


def test_a_second_401_is_not_retried_again():
    tokens = iter(f"tok{i}" for i in range(10))
    service_calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            body = {"access_token": next(tokens), "token_type": "bearer", "expires_in": 3600}
            return httpx.Response(200, json=body)
        service_calls.append(request.headers["authorization"])
        return httpx.Response(401, text="go away")

    auth = OAuth2(TOKEN_URL, client_id="c", client_secret="s")
    with FaxStatusClient(
        "u", auth=auth, endpoint=ENDPOINT, transport=httpx.MockTransport(handler)
    ) as c:
        outcome = c.get_real_time_fax_status_ex(["br1"])["br1"]
    assert isinstance(outcome.error, faxstatus.HTTPStatusError) and outcome.error.status == 401
    assert service_calls == ["Bearer tok0", "Bearer tok1"]


def test_refused_refresh_token_falls_back_to_the_grant():
    _clock, _sim, spy, _auth, client = setup(refresh_token="stale")
    with client:
        assert client.get_real_time_fax_status_ex(["br1000000001"]).ok
    assert [g["grant_type"] for g in spy.grants] == ["refresh_token", "client_credentials"]


def test_password_grant():
    _clock, _sim, spy, auth, client = setup(
        client_secret=None, username="demo-user", password="demo-password"
    )
    with client:
        assert client.get_real_time_fax_status_ex(["br1000000001"]).ok
    assert spy.grants[0]["grant_type"] == "password" and auth.grant == "password"


def test_wrong_secret_is_an_oauth_error_and_stops_the_run(caplog):
    clock = Clock()
    sim = make_simulator(clock=clock)
    auth = OAuth2(TOKEN_URL, client_id="demo-client", client_secret="s3cr3t-value", clock=clock)
    ids = [f"br{i}" for i in range(5)]
    with (
        caplog.at_level(logging.DEBUG, logger="faxstatus"),
        FaxStatusClient(
            "demo-user",
            auth=auth,
            endpoint=ENDPOINT,
            transport=SimulatorTransport(sim),
            batch_size=1,
        ) as c,
    ):
        report = c.get_real_time_fax_status_ex(ids)
    first = report[ids[0]].error
    assert isinstance(first, OAuthError) and first.error == "invalid_client" and first.status == 401
    assert report[ids[0]].kind == "auth"
    assert all(isinstance(report[j].error, faxstatus.NotSentError) for j in ids[1:])
    assert sim.oauth.issued == 0 and sim.requests == 0  # one token request, nothing else
    texts = [str(first), repr(auth), caplog.text] + [str(o.error) for o in report]
    assert not any("s3cr3t-value" in t for t in texts)


@pytest.mark.slow
def test_no_secret_in_reprs_logs_or_traces(caplog):
    _clock, sim, spy, auth, _ = setup()
    recorder = faxstatus.Recorder()
    with (
        caplog.at_level(logging.DEBUG, logger="faxstatus"),
        FaxStatusClient(
            "demo-user", auth=auth, endpoint=ENDPOINT, transport=spy, recorder=recorder
        ) as c,
    ):
        c.get_real_time_fax_status_ex(["br1000000001"])
        sim.oauth.expire_all()
        c.get_real_time_fax_status_ex(["br1000000001"])
        texts = [repr(c), repr(auth), caplog.text] + [ex.format() for ex in recorder]
    secrets = set(auth.secrets)
    assert len(secrets) == 3  # the client secret, a refresh token and an access token
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_async_client_fetches_one_token_for_concurrent_batches():
    clock = Clock()
    sim = make_simulator(clock=clock)
    spy = Spy(sim)
    auth = OAuth2(TOKEN_URL, client_id="demo-client", client_secret="demo-secret", clock=clock)

    async def run():
        async with AsyncFaxStatusClient(
            "demo-user",
            auth=auth,
            endpoint=ENDPOINT,
            transport=spy,
            batch_size=1,
            max_concurrency=4,
        ) as c:
            first = await c.get_real_time_fax_status_ex([f"br100000000{i}" for i in range(1, 7)])
            sim.oauth.expire_all()
            second = await c.get_real_time_fax_status_ex(["br1000000001"])
            return first, second

    first, second = asyncio.run(run())
    assert first.ok and second.ok
    assert [g["grant_type"] for g in spy.grants] == ["client_credentials", "refresh_token"]


def test_over_real_http_with_the_server_token_url():
    with SimulatorServer(make_simulator()) as server:
        auth = OAuth2(server.token_url, client_id="demo-client", client_secret="demo-secret")
        with FaxStatusClient("demo-user", auth=auth, endpoint=server.url) as c:
            assert c.get_real_time_fax_status_ex(["br1000000001"]).ok
    assert server.token_url.endswith("/oauth/token") and auth.fetches == 1


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({}, "give client_secret"),
        ({"username": "u"}, "both username and password"),
        ({"client_secret": "s", "username": "u", "password": "p"}, "client_secret .client"),
    ],
)
def test_provider_arguments_are_checked(kw, match):
    with pytest.raises(ValueError, match=match):
        OAuth2(TOKEN_URL, client_id="c", **kw)


def test_bad_token_answers_are_oauth_errors():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"access_token": "x", "token_type": "mac"})

    auth = OAuth2(TOKEN_URL, client_id="c", client_secret="s")
    with FaxStatusClient(
        "u", auth=auth, endpoint=ENDPOINT, transport=httpx.MockTransport(handler)
    ) as c:
        err = c.get_real_time_fax_status_ex(["br1"])["br1"].error
    assert isinstance(err, OAuthError) and "expected Bearer" in str(err)
    with pytest.raises(ValueError, match="give token= or auth=, not both"):
        FaxStatusClient("u", auth=auth, token="t")


class HeaderSpy(Spy):
    """The in-process simulator, remembering each request's User-Agent by path."""

    def __init__(self, sim: Simulator) -> None:
        super().__init__(sim)
        self.agents: list[tuple[str, str | None]] = []

    def _note(self, request: httpx.Request) -> None:
        super()._note(request)
        self.agents.append((request.url.path, request.headers.get("user-agent")))


def test_every_request_names_faxstatus_and_its_version_as_user_agent():
    # The FaxWS call and the token request alike, sync and async; httpx's own default
    # (python-httpx/…) never goes out, and the token request had none at all.
    expected = f"faxstatus/{faxstatus.__version__}"
    for run_async in (False, True):
        sim = make_simulator()
        spy = HeaderSpy(sim)
        auth = OAuth2(TOKEN_URL, client_id="demo-client", client_secret="demo-secret")
        if run_async:

            async def go(auth: OAuth2 = auth, spy: HeaderSpy = spy) -> None:
                async with AsyncFaxStatusClient(
                    "demo-user", auth=auth, endpoint=ENDPOINT, transport=spy
                ) as client:
                    await client.get_real_time_fax_status_ex(["br1000000001"])

            asyncio.run(go())
        else:
            with FaxStatusClient("demo-user", auth=auth, endpoint=ENDPOINT, transport=spy) as c:
                c.get_real_time_fax_status_ex(["br1000000001"])
        assert spy.agents == [("/oauth/token", expected), ("/fax/v5", expected)], run_async
