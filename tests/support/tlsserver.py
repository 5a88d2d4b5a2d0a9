"""A loopback TLS front for any loopback server, with a self-signed certificate made for the test.

The certificate comes from the ``openssl`` command (the venv has neither ``cryptography`` nor
``trustme``); a test that needs one skips, saying why, when ``openssl`` is absent. The front
terminates TLS and relays the bytes both ways to the plain server behind it.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
from pathlib import Path

import pytest


def self_signed(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """(certificate, key) PEM files for *host* (as an IP SAN), made in *folder*."""
    exe = shutil.which("openssl")
    if exe is None:
        pytest.skip("no openssl command to make a self-signed certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            exe,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "30",
            "-subj",
            f"/CN={host}",
            "-addext",
            f"subjectAltName=IP:{host}",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


class TlsFront:
    """``https://127.0.0.1:PORT`` in front of the plain server at *backend* (host, port)."""

    def __init__(self, backend: tuple[str, int], cert: Path, key: Path) -> None:
        self._backend = backend
        self._ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._ctx.load_cert_chain(cert, key)
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self.handshakes = 0

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._sock.getsockname()[1])

    def url(self, path: str) -> str:
        """The https URL of *path* on this front."""
        return f"https://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> TlsFront:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, raw: socket.socket) -> None:
        raw.settimeout(10)
        try:
            tls = self._ctx.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError):
            raw.close()  # a client that does not trust the certificate ends here
            return
        self.handshakes += 1
        back = socket.create_connection(self._backend, timeout=10)
        pump = threading.Thread(target=_pump, args=(back, tls), daemon=True)
        pump.start()
        _pump(tls, back)
        pump.join(10)
        for s in (tls, back):
            with contextlib.suppress(OSError):
                s.close()


def _pump(src: socket.socket, dst: socket.socket) -> None:
    with contextlib.suppress(OSError, ssl.SSLError):
        while data := src.recv(65536):
            dst.sendall(data)
    with contextlib.suppress(OSError):
        dst.shutdown(socket.SHUT_WR)
