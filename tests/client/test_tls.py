"""--cacert and the system proxy settings: the client, the CLI and the proxy's upstream side.

A loopback TLS front with a certificate made for the test stands before the simulator; the
system proxy settings are pointed at loopback servers (nothing leaves the machine).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from faxstatus import FaxStatusClient, FaxStatusError, TransportError
from faxstatus.proxy import Proxy
from faxstatus.simulator import SimulatorServer

from ..support.cli import free_port, run_cli
from ..support.helpers import Recording
from ..support.rawserver import RawServer, response
from ..support.slowclients import CHECK
from ..support.tlsserver import TlsFront, self_signed


@pytest.fixture
def tls(tmp_path: Path) -> Iterator[tuple[TlsFront, Path, Recording]]:
    cert, key = self_signed(tmp_path)
    sim = Recording()
    with SimulatorServer(sim) as srv, TlsFront((srv.host, srv.port), cert, key) as front:
        yield front, cert, sim


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_the_client_trusts_the_cacert_bundle_and_nothing_else(tls):
    front, cert, sim = tls
    with FaxStatusClient("u", pin="p", endpoint=front.url("/fax/v5"), cacert=str(cert)) as c:
        assert c.check_service() is not None
    assert len(sim.seen) == 1
    with (
        FaxStatusClient("u", pin="p", endpoint=front.url("/fax/v5")) as c,
        pytest.raises(TransportError, match=r"(?i)certificate"),
    ):
        c.check_service()  # the system's trust store knows no such CA
    assert len(sim.seen) == 1


def test_a_cacert_that_is_no_bundle_is_a_value_error(tmp_path: Path):
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate\n")
    with pytest.raises(ValueError, match=r"--cacert .*bad\.pem"):
        FaxStatusClient("u", pin="p", cacert=str(bad))


def test_the_cli_takes_cacert_for_every_command_that_talks_to_a_server(tls, capsys):
    front, cert, _ = tls
    endpoint = ["--endpoint", front.url("/fax/v5")]
    code, _, err = run_cli(capsys, "check", *endpoint, "--cacert", str(cert))
    assert code == 0, err
    code, _, err = run_cli(capsys, "check", *endpoint)
    assert code != 0 and "certificate" in err.lower()
    code, _, err = run_cli(capsys, "check", *endpoint, "--cacert", str(cert) + ".missing")
    assert code == 2 and "--cacert" in err


def test_the_proxy_reaches_a_tls_upstream_with_cacert(tls):
    front, cert, sim = tls
    with Proxy(front.url("/fax/v5"), out=io.StringIO(), cacert=str(cert)) as proxy:
        got = httpx.post(proxy.url, content=CHECK.body, headers=CHECK.headers, trust_env=False)
    assert got.status_code == 200 and len(sim.seen) == 1
    with Proxy(front.url("/fax/v5"), out=io.StringIO()) as proxy:
        got = httpx.post(proxy.url, content=CHECK.body, headers=CHECK.headers, trust_env=False)
    assert got.status_code == 502 and b"certificate" in got.content.lower()


def test_http_proxy_and_no_proxy_from_the_environment_are_honoured(monkeypatch):
    nowhere = f"http://127.0.0.1:{free_port()}/fax/v5"  # nothing listens there
    answer = response(b"<x/>", status="500 Internal Server Error")
    with RawServer(lambda: [answer]) as system_proxy:
        monkeypatch.setenv("HTTP_PROXY", system_proxy.url.removesuffix("/fax/v5"))
        with FaxStatusClient("u", pin="p", endpoint=nowhere) as c, pytest.raises(FaxStatusError):
            c.check_service()
        # The request went to the system proxy, in absolute form (RFC 9112 §3.2.2).
        assert system_proxy.heads and system_proxy.heads[0].startswith(
            f"POST {nowhere} HTTP/1.1".encode()
        )
        seen = len(system_proxy.heads)
        with (
            FaxStatusClient("u", pin="p", endpoint=nowhere, trust_env=False) as c,
            pytest.raises(TransportError),
        ):
            c.check_service()  # straight to the endpoint, where nothing listens
        assert len(system_proxy.heads) == seen
    sim = Recording()
    with SimulatorServer(sim) as srv:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")  # a dead proxy
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        with FaxStatusClient("u", pin="p", endpoint=srv.url) as c:
            assert c.check_service() is not None
    assert len(sim.seen) == 1


def test_the_async_client_takes_cacert_too(tls):
    import asyncio

    from faxstatus import AsyncFaxStatusClient

    front, cert, sim = tls

    async def probe() -> object:
        endpoint = front.url("/fax/v5")
        async with AsyncFaxStatusClient("u", pin="p", endpoint=endpoint, cacert=str(cert)) as c:
            return await c.check_service()

    assert asyncio.run(probe()) is not None
    assert len(sim.seen) == 1


def test_conformance_server_takes_cacert(tls, capsys, tmp_path: Path):
    front, cert, _ = tls
    argv = ["conformance", "server", front.url("/fax/v5"), "-q", "-o", str(tmp_path / "r")]
    argv += ["--operation", "CheckService"]
    # The simulator's public demo credentials (the kit has no default ones).
    argv += ["--user", "demo-user", "--pin", "demo-pin", "--token", "demo-token"]
    code, out, _ = run_cli(capsys, *argv, "--cacert", str(cert))
    assert code == 0 and " 0 fail" in out
    code, out, _ = run_cli(capsys, *argv)
    assert code == 1 and "CERTIFICATE_VERIFY_FAILED" in out


def test_status_and_replay_take_cacert(tls, capsys, monkeypatch, tmp_path: Path):
    front, cert, _ = tls
    har = tmp_path / "tls.har"
    endpoint = ["--endpoint", front.url("/fax/v5"), "--cacert", str(cert)]
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    code, _, err = run_cli(
        capsys, "status", "br1000000001", "--user", "demo-user", *endpoint, "--trace-file", str(har)
    )
    assert code == 0, err
    code, out, err = run_cli(capsys, "replay", str(har), *endpoint)
    assert code == 0, out + err
    code, out, err = run_cli(capsys, "replay", str(har), *endpoint[:2])
    assert code == 1 and "certificate" in (out + err).lower()


def test_the_proxys_upstream_side_honours_http_proxy(monkeypatch):
    nowhere = f"http://127.0.0.1:{free_port()}/fax/v5"
    answer = response(b"<x/>")
    with RawServer(lambda: [answer]) as system_proxy:
        monkeypatch.setenv("HTTP_PROXY", system_proxy.url.removesuffix("/fax/v5"))
        with Proxy(nowhere, out=io.StringIO()) as proxy:
            got = httpx.post(proxy.url, content=CHECK.body, headers=CHECK.headers, trust_env=False)
        assert got.status_code == 200 and got.content == b"<x/>"
        assert system_proxy.heads[0].startswith(f"POST {nowhere} HTTP/1.1".encode())
        with Proxy(nowhere, out=io.StringIO(), trust_env=False) as proxy:
            got = httpx.post(proxy.url, content=CHECK.body, headers=CHECK.headers, trust_env=False)
        assert got.status_code == 502 and len(system_proxy.heads) == 1
