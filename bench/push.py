"""make bench: notifications per second that ``faxstatus listen`` accepts with its store on.

Three servers, each in a process of its own, on the same h11 serving code
(``faxstatus.simulator._serving.Http11Server``), on loopback:

* ``listen --state FILE``: the whole receiver, every push committed to SQLite (WAL,
  synchronous=FULL) before its 200, one JSON line per notification on stdout;
* ``listen`` in memory: the same without the file, to show what durability costs;
* an empty 200: the serving code answering every request at once, nothing parsed, the floor.

Each round sends *n* form notifications (distinct job ids) from *clients* keep-alive
connections (raw sockets, one request at a time each) to each server in turn, the order
rotating round by round; a server's rate is notifications acknowledged per wall second, and
the ratios are taken within a round.
Loopback only; bounded in count (``n`` x servers x rounds requests) and time (a timeout on
every request). Run alone: ``python -m bench.push [--n N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from faxstatus.push import encode_notification

ROOT = Path(__file__).resolve().parent.parent
SECRET = "X-Push-Secret=bench-shared-secret-0123456789"

_EMPTY = """
import sys
import h11
from faxstatus.simulator._serving import Http11Server

class Empty(Http11Server):
    def answer(self, conn, request):
        conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
        conn.send(h11.EndOfMessage())
        return True

server = Empty(port=0, workers=8)
print(f"listening for push notifications on http://127.0.0.1:{server.port}/", file=sys.stderr,
      flush=True)
server.serve_forever()
"""


def _url(log: Path, proc: subprocess.Popen[bytes]) -> str:
    """The URL the server announces on its first stderr line (written to *log*)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if "http://" in text:
            return text.split("http://", 1)[1].split("/", 1)[0]
        if proc.poll() is not None:
            raise RuntimeError(f"the server ended: {text}")
        time.sleep(0.05)
    raise RuntimeError("the server announced no URL in 30 s")


@contextlib.contextmanager
def _server(argv: list[str], folder: Path, name: str) -> Iterator[str]:
    log = folder / f"{name}.err"
    with (
        log.open("wb") as err,
        subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err) as proc,
    ):
        try:
            yield "http://" + _url(log, proc) + "/"
        finally:
            proc.terminate()
            proc.wait(30)


def _requests(n: int, url: str, salt: str) -> list[tuple[str, str, list[tuple[str, str]], bytes]]:
    header = [("X-Push-Secret", SECRET.split("=", 1)[1])]
    out = []
    for i in range(n):
        fields = [
            ("AccountId", "bench"),
            ("ReferenceId", f"R-{i}"),
            ("FaxJobId", f"br{salt}{i:07d}"),
            ("FaxJobStatusId", "1"),
            ("StatusDescription", "Sent"),
            ("PageCount", "2"),
            ("FaxDeliveryDateTime", "11/26/2026 9:05:00 AM"),
            ("FaxDeliveryDuration", "41"),
            ("RemoteFaxCSID", "+1 555 0100"),
            ("ErrorCode", "0"),
            ("ErrorString", ""),
        ]
        out.append(encode_notification(fields, "form", url=url + "notify", headers=header))
    return out


def _wire(request: tuple[str, str, list[tuple[str, str]], bytes]) -> bytes:
    method, target, headers, body = request
    head = "".join(f"{k}: {v}\r\n" for k, v in headers)
    return f"{method} {target} HTTP/1.1\r\n{head}\r\n".encode() + body


def _answer(sock: socket.socket, buf: bytearray) -> int:
    """Read one response (Content-Length framed) from *sock*; its status code."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        buf += chunk
    end = buf.index(b"\r\n\r\n") + 4
    head = bytes(buf[:end]).lower()
    length = int(head.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
    while len(buf) < end + length:
        buf += sock.recv(65536)
    status = int(head[9:12])
    del buf[: end + length]
    return status


def _send(url: str, batch: list[Any], clients: int) -> tuple[float, int]:
    """Send *batch* over *clients* keep-alive raw connections, one at a time each: (wall s, 200s).

    Raw sockets with the bytes built beforehand, so that the client's own cost stays small
    beside the server's (an httpx client in Python costs about as much as the empty server).
    """
    host, port = url.split("//", 1)[1].rstrip("/").rsplit(":", 1)
    shares = [[_wire(r) for r in batch[i::clients]] for i in range(clients)]
    ok = [0] * clients

    def work(k: int) -> None:
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            buf = bytearray()
            for data in shares[k]:
                sock.sendall(data)
                ok[k] += _answer(sock, buf) == 200

    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, sum(ok)


def measure(n: int = 2000, rounds: int = 5, clients: int = 4) -> dict[str, Any]:
    """Per server, one notifications-per-second figure per round (interleaved); see the docs."""
    py = sys.executable
    rates: dict[str, list[float]] = {"listen --state": [], "listen (memory)": [], "empty 200": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        state = folder / "push.sqlite"
        listen = [py, "-m", "faxstatus", "listen", "--port", "0", "--json"]
        listen += ["--require-header", SECRET]
        with (
            _server([*listen, "--state", str(state)], folder, "state") as durable,
            _server(listen, folder, "memory") as memory,
            _server([py, "-c", _EMPTY], folder, "empty") as empty,
        ):
            urls = {"listen --state": durable, "listen (memory)": memory, "empty 200": empty}
            names = list(urls)
            for r in range(rounds):
                order = names[r % len(names) :] + names[: r % len(names)]
                for name in order:
                    batch = _requests(n, urls[name], f"{r}{names.index(name)}")
                    seconds, ok = _send(urls[name], batch, clients)
                    if ok != n:
                        raise RuntimeError(f"{name}: {ok} of {n} acknowledged")
                    rates[name].append(n / seconds)
        from faxstatus.push import NotificationStore

        with NotificationStore(state) as store:
            stored = store.count()
    if stored != n * rounds:
        raise RuntimeError(f"the store holds {stored} notifications, {n * rounds} were sent")
    return {"n": n, "rounds": rounds, "clients": clients, "stored": stored, "rates": rates}


def report(result: dict[str, Any]) -> list[str]:
    """The report's lines for :func:`measure`'s result."""
    rates = result["rates"]
    lines = [
        f"Push receiver: {result['n']} form notifications per round from {result['clients']}"
        f" keep-alive raw connections, {result['rounds']} interleaved rounds"
        " (notifications/s, wall):",
    ]
    for name, values in rates.items():
        lines.append(
            f"  {name:18} median {statistics.median(values):8.0f}"
            f"  (min {min(values):.0f}, max {max(values):.0f})"
        )
    for a, b in (("listen --state", "empty 200"), ("listen --state", "listen (memory)")):
        ratios = sorted(x / y for x, y in zip(rates[a], rates[b], strict=True))
        lines.append(
            f"  {a} / {b}: {statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})"
        )
    lines.append(
        f"  every acknowledged notification was in the store afterwards: {result['stored']}"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the push case alone and print its lines."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args(argv)
    result = measure(args.n, args.rounds, args.clients)
    print("\n".join(report(result)))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
