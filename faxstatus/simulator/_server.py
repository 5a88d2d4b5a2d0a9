"""The simulator over real HTTP on loopback, served from a background thread."""

from __future__ import annotations

import logging
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ._oauth import TOKEN_PATH
from ._service import SERVICE_PATH, Simulator
from ._transport import _Filler

__all__ = ["SimulatorServer"]

log = logging.getLogger("faxstatus.simulator")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle plus delayed ACKs
    # add about 40 ms to every exchange.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default per-request stderr line (it would be noise in demos and tests)."""

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > self.server.max_body:
            self.send_error(413, "request body too large")
            return
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        path = self.path.split("?", 1)[0]
        reply = self.server.simulator.handle(self.command, headers, body, path)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(reply.status)
        for k, v in reply.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(reply.filler or len(reply.body)))
        self.end_headers()
        if reply.filler:
            try:
                for chunk in _Filler(reply.filler):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its cap, as it should
            self.close_connection = True
            return
        if reply.truncate or reply.reset:
            self.wfile.write(reply.body[: len(reply.body) // 2])
            self.wfile.flush()
            self.close_connection = True
            if reply.reset:
                # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(reply.body)

    do_POST = _serve
    do_GET = _serve
    do_PUT = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr: tuple[str, int], simulator: Simulator, max_body: int) -> None:
        super().__init__(addr, _Handler)
        self.simulator = simulator
        self.max_body = max_body

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A peer that hangs up (reset, closed mid-stream, shutdown) is normal here."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        log.warning("FaxWS simulator: error while answering %s", client_address, exc_info=True)


class SimulatorServer:
    """The simulator over real HTTP on loopback, in a background thread; a context manager."""

    def __init__(
        self,
        simulator: Simulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        max_body: int = 10 * 1024 * 1024,
    ) -> None:
        self.simulator = simulator or Simulator()
        self._server = _Server((host, port), self.simulator, max_body)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="faxws-sim", daemon=True
        )

    @property
    def url(self) -> str:
        """The endpoint URL, e.g. ``http://127.0.0.1:54321/fax/v5``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{SERVICE_PATH}"

    @property
    def token_url(self) -> str:
        """The OAuth 2.0 token endpoint, e.g. ``http://127.0.0.1:54321/oauth/token``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{TOKEN_PATH}"

    def start(self) -> SimulatorServer:
        """Start serving in the background."""
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        self._server.serve_forever()

    def close(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
