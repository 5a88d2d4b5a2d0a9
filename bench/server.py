"""Simulator HTTP server under connection bursts and concurrent keep-alive clients (bench only).

A burst: *n* raw sockets released together by a barrier, each sending one CheckService and
reading the answer (Connection: close). Keep-alive: *clients* httpx clients in threads, each
sending *each* requests on its one connection. Loopback only; bounded in count and time.
"""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

import faxstatus
from faxstatus.simulator import Simulator, SimulatorServer

__all__ = ["run_burst", "run_keepalive"]

_ENC = faxstatus.encode(faxstatus.models.CheckService(), "soap12")


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def _one(host: str, port: int) -> tuple[bool, float]:
    head = "".join(f"{k}: {v}\r\n" for k, v in _ENC.headers.items())
    request = (
        f"POST /fax/v5 HTTP/1.1\r\nHost: bench\r\n{head}Content-Length: {len(_ENC.body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + _ENC.body
    started = time.perf_counter()
    data = b""
    try:
        with socket.create_connection((host, port), timeout=15) as s:
            s.sendall(request)
            while chunk := s.recv(65536):
                data += chunk
    except OSError:
        return False, time.perf_counter() - started
    return data.startswith(b"HTTP/1.1 200 "), time.perf_counter() - started


def run_burst(n: int = 300) -> dict[str, float]:
    """*n* connections at once: how many were answered, and the latency spread."""
    with SimulatorServer(Simulator()) as srv:
        barrier = threading.Barrier(n)
        out: list[tuple[bool, float]] = []
        lock = threading.Lock()

        def go() -> None:
            barrier.wait(timeout=30)
            r = _one(srv.host, srv.port)
            with lock:
                out.append(r)

        threads = [threading.Thread(target=go) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    seconds = [d for _, d in out]
    return {
        "connections": n,
        "answered": sum(ok for ok, _ in out),
        "p50_ms": _pct(seconds, 0.5) * 1000,
        "p99_ms": _pct(seconds, 0.99) * 1000,
        "max_ms": max(seconds) * 1000,
    }


def run_keepalive(clients: int = 50, each: int = 20) -> dict[str, float]:
    """*clients* keep-alive clients at once, *each* requests apiece."""
    with SimulatorServer(Simulator()) as srv:

        def client(_: int) -> tuple[int, list[float]]:
            failed, times = 0, []
            with httpx.Client(timeout=15) as http:
                for _ in range(each):
                    t = time.perf_counter()
                    try:
                        r = http.post(srv.url, content=_ENC.body, headers=dict(_ENC.headers))
                        failed += r.status_code != 200
                    except httpx.HTTPError:
                        failed += 1
                    times.append(time.perf_counter() - t)
            return failed, times

        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(client, range(clients)))
    times = [t for _, ts in results for t in ts]
    return {
        "clients": clients,
        "requests": clients * each,
        "failed": sum(f for f, _ in results),
        "p50_ms": _pct(times, 0.5) * 1000,
        "p99_ms": _pct(times, 0.99) * 1000,
        "max_ms": max(times) * 1000,
    }


if __name__ == "__main__":
    print(run_burst())
    print(run_keepalive())
