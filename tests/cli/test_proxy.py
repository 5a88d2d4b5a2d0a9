"""faxstatus proxy as a process: its banner, the body cap it is given, one-line refusals."""

from __future__ import annotations

import socket
import subprocess
import sys

from faxstatus.simulator import SimulatorServer

from ..support.cli import run_cli as run
from ..support.helpers import Recording


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(port: int, body: bytes) -> bytes:
    request = (
        f"POST /fax/v5 HTTP/1.1\r\nHost: p\r\nContent-Type: text/xml\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    data = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        while chunk := sock.recv(65536):
            data += chunk
    return data


def test_max_body_caps_what_the_proxy_forwards():
    sim = Recording()
    port = _free_port()
    with SimulatorServer(sim) as srv:
        argv = ["proxy", "--upstream", srv.url, "--port", str(port), "--max-body", "1000"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "faxstatus", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stdout is not None
            assert f"127.0.0.1:{port}" in proc.stdout.readline()  # the banner: listening
            assert _post(port, b"<x>" + b" " * 2000 + b"</x>").startswith(b"HTTP/1.1 413 ")
            assert sim.seen == []  # not forwarded
            assert _post(port, b"<x/>").startswith(b"HTTP/1.1 500 ")  # the simulator's fault
            assert len(sim.seen) == 1
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()


def test_a_bad_max_body_is_one_usage_line(capsys):
    code, _, err = run(capsys, "proxy", "--upstream", "http://127.0.0.1:9/", "--max-body", "0")
    assert code == 2 and "--max-body: must be at least 1" in err and err.count("\n") == 2, err


def test_a_bad_inject_is_one_usage_line(capsys):
    code, _, err = run(capsys, "proxy", "--upstream", "http://127.0.0.1:9/", "--inject", "boom")
    assert code == 2 and "--inject 'boom': the fault is one of" in err


def test_the_banner_names_the_faults_and_the_seed():
    sim = Recording()
    port = _free_port()
    with SimulatorServer(sim) as srv:
        argv = ["proxy", "--upstream", srv.url, "--port", str(port)]
        argv += ["--inject", "status=503@0.5", "--inject-seed", "11", "--show-bodies", "raw"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "faxstatus", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stdout is not None
            banner = proc.stdout.readline()
            assert "injecting status 503, seed 11" in banner
            answers = {_post(port, b"<x/>")[:12] for _ in range(8)}
            assert answers == {b"HTTP/1.1 503", b"HTTP/1.1 500"}  # the simulator faults <x/>
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()


def test_show_bodies_formatted_is_a_view_and_the_har_keeps_the_bytes(tmp_path):
    import io
    import json

    import httpx

    from faxstatus.cli._fmt import pretty_body
    from faxstatus.cli._proxy import _view
    from faxstatus.proxy import Proxy

    from ..support.slowclients import CHECK

    view = _view("formatted")
    assert view is pretty_body and _view("raw") is not None and _view(None) is None
    sim, out, har = Recording(), io.StringIO(), tmp_path / "f.har"
    with SimulatorServer(sim) as srv, Proxy(srv.url, out=out, har=str(har), show_bodies=view) as p:
        httpx.post(p.url, content=CHECK.body, headers=CHECK.headers, trust_env=False)
        p.close()  # the line is printed before close returns
    ((_, body, reply),) = sim.seen
    shown = out.getvalue()
    assert pretty_body(reply.body).decode().splitlines()[1] in shown  # indented
    assert pretty_body(reply.body) != reply.body  # the view is not the bytes
    (entry,) = json.loads(har.read_text())["log"]["entries"]
    assert entry["request"]["postData"]["text"].encode() == body  # the bytes, not the view
    assert entry["response"]["content"]["text"].encode() == reply.body
