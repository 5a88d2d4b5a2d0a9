"""Simulator HTTP server and proxy under bursts, keep-alive clients and slow clients (bench only).

A burst: *n* raw sockets released together by a barrier, each sending one CheckService and
reading the answer (Connection: close). Keep-alive: *clients* httpx clients in threads, each
sending *each* requests on its one connection. Slow clients: *n* connections that never
finish a request (a third trickle a request head, a third promise a 1,000-byte body and send
10 bytes, a third declare a 1 GiB chunk and send 10 bytes) held open while a well-behaved
CheckService is timed, for ``faxstatus serve`` and ``faxstatus proxy`` alike; the counts are
interleaved round by round and the median taken. Loopback only; bounded in count and time.
"""

from __future__ import annotations

import contextlib
import io
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

import faxstatus
from faxstatus.simulator import Simulator, SimulatorServer

__all__ = ["run_burst", "run_keepalive", "run_slow"]

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


#: How long the timed request may take before it counts as unanswered.
_GOOD_TIMEOUT = 10.0


def _slow_heads(kind: int) -> bytes:
    """The bytes one slow client sends and then never completes."""
    head = (
        f"POST /fax/v5 HTTP/1.1\r\nHost: bench\r\nContent-Type: {_ENC.headers['Content-Type']}\r\n"
    )
    if kind == 0:  # a request head trickled: it never reaches its blank line
        return (head + "X-Slow: a").encode()
    if kind == 1:  # a body that promises 1,000 bytes and sends 10
        return (head + "Content-Length: 1000\r\n\r\n").encode() + b"<soap:Env"
    # a chunked body whose first chunk declares 1 GiB, then 10 bytes of it
    return (head + "Transfer-Encoding: chunked\r\n\r\n40000000\r\n").encode() + b"<soap:Env"


class _SlowClients:
    """*n* connections that each send an unfinished request, then a byte now and then."""

    def __init__(self, host: str, port: int, n: int) -> None:
        def one(i: int) -> tuple[socket.socket, int] | None:
            try:
                s = socket.create_connection((host, port), timeout=2)
                s.sendall(_slow_heads(i % 3))
            except OSError:
                return None  # refused, reset or not accepted: that is the server's choice
            return s, i % 3

        with ThreadPoolExecutor(64) as pool:
            self.socks = [c for c in pool.map(one, range(n)) if c is not None]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)
        self._thread.start()

    def _trickle(self) -> None:
        while not self._stop.wait(0.5):
            for s, kind in self.socks:
                with contextlib.suppress(OSError):
                    s.send(b"a" if kind == 0 else b"x")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for s, _ in self.socks:
            s.close()


def _good(host: str, port: int) -> float | None:
    """Seconds for one well-behaved CheckService, or None when unanswered in time."""
    head = "".join(f"{k}: {v}\r\n" for k, v in _ENC.headers.items())
    request = (
        f"POST /fax/v5 HTTP/1.1\r\nHost: bench\r\n{head}Content-Length: {len(_ENC.body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + _ENC.body
    started = time.perf_counter()
    data = b""
    try:
        with socket.create_connection((host, port), timeout=_GOOD_TIMEOUT) as s:
            s.sendall(request)
            while chunk := s.recv(65536):
                data += chunk
                if time.perf_counter() - started > _GOOD_TIMEOUT:
                    return None
    except OSError:
        return None
    return time.perf_counter() - started if data.startswith(b"HTTP/1.1 200 ") else None


def _slow_once(target: str, n: int, tries: int) -> list[float | None]:
    from faxstatus.proxy import Proxy

    with contextlib.ExitStack() as stack:
        srv = stack.enter_context(SimulatorServer(Simulator()))
        host, port = srv.host, srv.port
        if target == "proxy":
            proxy = stack.enter_context(Proxy(srv.url, out=io.StringIO()))
            host, port = str(proxy.host), int(proxy.port)
        slow = _SlowClients(host, port, n)
        stack.callback(slow.close)
        time.sleep(0.3)  # let the server take them all in
        return [_good(host, port) for _ in range(tries)]


def run_slow(
    counts: tuple[int, ...] = (0, 64, 512), rounds: int = 3, tries: int = 3
) -> dict[str, dict[str, float]]:
    """Latency of a well-behaved CheckService while *counts* slow connections are open.

    For each target ("serve", "proxy") and count: the median over all rounds and tries of
    the answered requests, and how many of them were answered within the timeout.
    """
    samples: dict[tuple[str, int], list[float | None]] = {}
    cases = [(t, n) for t in ("serve", "proxy") for n in counts]
    for target in ("serve", "proxy"):  # untimed: the process's first requests warm it up
        _slow_once(target, 0, tries)
    for r in range(rounds):
        for target, n in cases[r % len(cases) :] + cases[: r % len(cases)]:
            samples.setdefault((target, n), []).extend(_slow_once(target, n, tries))
    out: dict[str, dict[str, float]] = {}
    for (target, n), values in samples.items():
        done = [v for v in values if v is not None]
        out[f"{target} {n}"] = {
            "slow": n,
            "tries": len(values),
            "answered": len(done),
            "median_ms": statistics.median(done) * 1000 if done else float("nan"),
            "max_ms": max(done) * 1000 if done else float("nan"),
        }
    return out


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["slow"]:
        for key, row in run_slow().items():
            print(key, row)
    else:
        print(run_burst())
        print(run_keepalive())
