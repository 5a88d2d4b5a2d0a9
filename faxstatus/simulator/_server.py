"""The simulator over real HTTP/1.1 (h11): the FaxWS service behind the selector-fed worker pool.

Why h11 and this shape: h11 (already installed with httpx) parses and frames HTTP/1.1
correctly — chunked and Content-Length bodies, keep-alive, pipelining, ``Expect:
100-continue``, header-size limits — while leaving every socket operation to us, which the
fault injection needs (half a body then FIN or RST, a dropped connection, a slow answer).

The reading is :class:`~faxstatus.simulator._serving.Http11Server`'s: one selector thread
reads every connection and hands one of ``workers`` threads a request only once it is
complete, so that clients that never finish a request cannot hold the workers. This module
answers: the simulator's reply, acted out with its injected misbehaviour, and the access log.
"""

from __future__ import annotations

import contextlib
import http
import time
from collections.abc import Iterator
from typing import IO

import attrs
import h11

from .._contract import DEFAULT_MAX_BYTES
from .._http import HOP_BY_HOP
from ._oauth import TOKEN_PATH
from ._service import SimReply, Simulator
from ._serving import Connection, Http11Server, Request

__all__ = ["SimulatorServer"]

_CHUNK = b" " * 65536
_REASONS = {s.value: s.phrase.encode() for s in http.HTTPStatus}
# Fields of the reply that h11 frames itself, on top of the hop-by-hop ones.
_HOP_BY_HOP = HOP_BY_HOP | {"content-length"}


def _fill(size: int) -> Iterator[bytes]:
    left = size
    while left > 0:
        yield _CHUNK[: min(left, len(_CHUNK))]
        left -= len(_CHUNK)


class SimulatorServer(Http11Server):
    """The simulator over real HTTP/1.1 on loopback (or any address); a context manager.

    Raises OSError (port in use, address not available) or ValueError (bad port, unknown
    host) from the constructor, which binds the socket.

    Limits (see :class:`~faxstatus.simulator._serving.Http11Server`): ``max_header`` bytes of
    request line plus headers (431 beyond), ``max_body`` bytes of body (413, up front when
    declared), ``header_timeout`` seconds from a request's first byte to the end of its head
    and ``request_timeout`` to its last (408), ``idle_timeout`` seconds of silence on a
    kept-alive connection (then it is closed), ``max_pending`` connections idle or still
    sending (past it the longest waiting is dropped). ``access_log`` receives one line per
    request (no credentials; see :meth:`_log`).
    """

    def __init__(
        self,
        simulator: Simulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        max_body: int = DEFAULT_MAX_BYTES,
        *,
        max_header: int = 16 * 1024,
        header_timeout: float = 10.0,
        request_timeout: float = 30.0,
        idle_timeout: float = 30.0,
        workers: int = 32,
        backlog: int = 1024,
        max_pending: int | None = None,
        access_log: IO[str] | None = None,
    ) -> None:
        self.simulator = simulator or Simulator()
        self.access_log = access_log
        super().__init__(
            host,
            port,
            max_body=max_body,
            max_header=max_header,
            header_timeout=header_timeout,
            request_timeout=request_timeout,
            idle_timeout=idle_timeout,
            workers=workers,
            backlog=backlog,
            max_pending=max_pending,
            name="faxws-sim",
        )

    @property
    def url(self) -> str:
        """The endpoint URL, e.g. ``http://127.0.0.1:54321/fax/v5``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.simulator.path}"

    @property
    def token_url(self) -> str:
        """The OAuth 2.0 token endpoint, e.g. ``http://127.0.0.1:54321/oauth/token``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{TOKEN_PATH}"

    # -- answering (a worker thread) -----------------------------------------------------

    def answer(self, conn: Connection, request: Request) -> bool:
        """Answer one complete request; True to keep the connection open."""
        method, target, headers = request.method, request.target, request.fields
        reply = self.simulator.handle(method, headers, request.body, path=target)
        if method == "HEAD":  # the headers of the GET answer, no body (RFC 9110 §9.3.2)
            reply = attrs.evolve(
                reply,
                filler=0,
                headers={**reply.headers, "Content-Length": str(reply.filler or len(reply.body))},
                body=b"",
            )
        keep = self._answer(conn, reply)
        self._log(method, target, reply, headers, request.started)
        return keep

    def refused(self, request: Request | None, status: int, text: str, started: float) -> None:
        """Log a request the reader refused (400, 408, 413, 431)."""
        reply = SimReply(status, {"Content-Type": "text/plain; charset=utf-8"}, text.encode())
        method = "-" if request is None else request.method
        target = "-" if request is None else request.target
        self._log(method, target, reply, {}, started)

    def _answer(self, conn: Connection, reply: SimReply, close: bool = False) -> bool:
        """Send *reply*, acting out its injected misbehaviour; False when the connection ends."""
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            conn.close()
            return False
        ends = close or reply.truncate or reply.reset or bool(reply.filler)
        size = reply.filler or len(reply.body)
        length = reply.headers.get("Content-Length", str(size))  # HEAD: the GET's length
        headers = [(k, v) for k, v in reply.headers.items() if k.lower() not in _HOP_BY_HOP]
        headers.append(("Content-Length", length))
        if ends:
            headers.append(("Connection", "close"))
        reason = _REASONS.get(reply.status, b"")
        conn.send(h11.Response(status_code=reply.status, headers=headers, reason=reason))
        if reply.filler:
            for chunk in _fill(reply.filler):
                conn.send(h11.Data(data=chunk))
            conn.send(h11.EndOfMessage())
            return False
        if reply.truncate or reply.reset:
            conn.send(h11.Data(data=reply.body[: len(reply.body) // 2]))
            conn.end(reset=reply.reset)
            return False
        if reply.body:
            conn.send(h11.Data(data=reply.body))
        conn.send(h11.EndOfMessage())
        return not ends

    def _log(
        self,
        method: str,
        target: str,
        reply: SimReply,
        headers: dict[str, str],
        started: float,
    ) -> None:
        """One access-log line: method, path, operation, content type, status, ms, rule, deviations.

        Never a header value other than the request's media type, never a body, and the
        query string only when it is ``wsdl`` or ``xsd``: credentials have no way in.
        """
        if self.access_log is None:
            return
        path, _, query = target.partition("?")
        if query:
            path += f"?{query}" if query.lower() in ("wsdl", "xsd") else "?…"
        media = headers.get("content-type", "-").split(";", 1)[0].strip() or "-"
        ms = (time.perf_counter() - started) * 1000
        status = "dropped" if reply.drop else str(reply.status)
        for flag in ("truncate", "reset"):
            if getattr(reply, flag):
                status += f" ({flag})"
        line = f"{method} {path} {reply.operation or '-'} {media} {status} {ms:.1f}ms"
        if reply.rule:  # the scenario rules that decided it (names are header-safe tokens)
            line += f" rule={reply.rule.replace(' ', '')}"
        if reply.deviations:
            line += f" deviations={len(reply.deviations)}: " + "; ".join(reply.deviations)
        with contextlib.suppress(OSError, ValueError):  # a closed or broken log stream
            print(line, file=self.access_log, flush=True)
