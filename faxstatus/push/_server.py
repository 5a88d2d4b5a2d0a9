"""``faxstatus listen``'s server: the push receiver on the simulator's HTTP/1.1 serving code.

:class:`~faxstatus.simulator._serving.Http11Server` does the reading (one selector, whole
requests to workers, head and body deadlines, the body cap: 408, 413 and 431 come from
it); this module only answers, through :class:`~faxstatus.push._receiver.Receiver`. The
body cap is the receiver's, so a body the receiver would refuse is refused up front.
"""

from __future__ import annotations

import re

import h11

from ..simulator._serving import Connection, Http11Server, Request
from ._receiver import Receiver

__all__ = ["ListenServer"]

#: Where a reason from the reader (h11's, the chunk reader's) starts quoting what it refused:
#: a request line or header line, which may hold the path or header secret.
_QUOTED = re.compile(r":\s*(?:bytearray\(|b?['\"])")


class ListenServer(Http11Server):
    """Push notifications over HTTP/1.1 into a :class:`Receiver`'s store; a context manager.

    Raises OSError (port in use) or ValueError (bad port, unknown host) from the
    constructor, which binds. ``header_timeout`` and ``request_timeout`` bound each
    request (408), ``max_header`` its head (431).
    """

    def __init__(
        self,
        receiver: Receiver,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        max_header: int = 16 * 1024,
        header_timeout: float = 10.0,
        request_timeout: float = 30.0,
        idle_timeout: float = 30.0,
        workers: int = 8,
        max_pending: int | None = None,
    ) -> None:
        self.receiver = receiver
        super().__init__(
            host,
            port,
            max_body=receiver.max_bytes,
            max_header=max_header,
            header_timeout=header_timeout,
            request_timeout=request_timeout,
            idle_timeout=idle_timeout,
            workers=workers,
            max_pending=max_pending,
            name="faxstatus-listen",
        )

    @property
    def url(self) -> str:
        """The receiver's base URL, e.g. ``http://127.0.0.1:54321/``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def answer(self, conn: Connection, request: Request) -> bool:
        """Answer one whole request; the 200 is sent only once the store has it."""
        reply = self.receiver.handle(request.method, request.target, request.headers, request.body)
        conn.send(
            h11.Response(
                status_code=reply.status, headers=list(reply.headers), reason=reply.reason.encode()
            )
        )
        if reply.body and request.method != "HEAD":
            conn.send(h11.Data(data=reply.body))
        conn.send(h11.EndOfMessage())
        return True

    def refused(self, request: Request | None, status: int, text: str, started: float) -> None:
        """Log a request the reader refused (400, 408, 413, 431): no target, no header, no line."""
        method = "-" if request is None else request.method
        # The reason only: a short secret is masked where it stands as one, not inside a
        # quoted request line, so the quote is never logged.
        self.receiver.log_request(method, None, status, _QUOTED.split(text.strip(), 1)[0])
