"""The recording proxy's engine: forward HTTP to a FaxWS endpoint, summarise and record it.

Any client (zeep, PHP's SoapClient, our own) is pointed at the proxy; every request goes to
the upstream origin with the same path, bodies byte for byte and headers unchanged except
the hop-by-hop ones and ``Host`` (the upstream's). Bodies stream through in both directions;
the proxy keeps at most ``keep`` bytes of each for its summary line and the HAR file.
Each exchange writes one line to ``out`` as it completes: time, method, path, operation,
status, media type, milliseconds and a decode summary, then any problem the codec found in
the request or the response. ``har=FILE`` writes HAR 1.2 with secrets masked.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any
from urllib.parse import urlsplit

from .._contract import DEFAULT_MAX_BYTES
from .._http import HOP_BY_HOP
from .._visible import visible

__all__ = ["Proxy"]

# The hop-by-hop fields, plus those the framing layer (h11, httpx) sets itself.
_HOP = HOP_BY_HOP | {"expect", "host"}


class _Tee:
    """Streams a body through while keeping its first *cap* bytes."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.kept = bytearray()
        self.size = 0

    def add(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        room = self.cap - len(self.kept)
        if room > 0:
            self.kept += chunk[:room]
        return chunk

    @property
    def cut(self) -> bool:
        return self.size > len(self.kept)


class Proxy:
    """The recording proxy: ``start()`` in the background or ``serve_forever()``."""

    def __init__(
        self,
        upstream: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        har: str | None = None,
        keep: int = DEFAULT_MAX_BYTES,
        out: IO[str] | None = None,
        timeout: float = 60.0,
        max_connections: int = 64,
    ) -> None:
        import httpx

        from faxstatus.client._har import HarWriter

        parts = urlsplit(upstream)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--upstream must be an http(s) URL, not {upstream!r}")
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.upstream_path = parts.path or "/"
        self.keep = keep
        self.out = out or sys.stdout
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)
        self._http.headers.clear()  # add nothing of our own (no User-Agent, no Accept)
        self._har = HarWriter(har, creator="faxstatus proxy") if har else None
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._sock = socket.create_server((host, port), family=family, backlog=256)
        self.host, self.port = self._sock.getsockname()[:2]
        self._slots = threading.BoundedSemaphore(max_connections)
        self._lock = threading.Lock()
        self._count = 0
        self._busy = 0  # exchanges being answered or reported
        self._idle = threading.Condition(self._lock)
        self._stopping = False
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The proxy's URL for the upstream's path, e.g. ``http://127.0.0.1:9000/fax/v5``."""
        host = f"[{self.host}]" if ":" in str(self.host) else self.host
        return f"http://{host}:{self.port}{self.upstream_path}"

    def start(self) -> Proxy:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="faxws-proxy", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Accept connections until :meth:`close`."""
        while not self._stopping:
            self._slots.acquire()
            try:
                conn, _ = self._sock.accept()
            except OSError:
                self._slots.release()
                return
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def close(self) -> None:
        """Stop accepting, close the HAR file."""
        self._stopping = True
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        if self._thread is not None:
            self._thread.join(5)
        with self._idle:  # let exchanges under way finish their report (bounded)
            self._idle.wait_for(lambda: self._busy == 0, timeout=5)
        self._http.close()
        if self._har is not None:
            self._har.close()

    def __enter__(self) -> Proxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one connection ------------------------------------------------------------------

    def _connection(self, sock: socket.socket) -> None:
        import h11

        conn = h11.Connection(h11.SERVER)
        sock.settimeout(60)
        try:
            while self._exchange(conn, sock):
                conn.start_next_cycle()
        except (OSError, h11.ProtocolError):
            pass  # the client went away or spoke nonsense: nothing to answer
        except Exception:  # a bug must cost one connection, not the proxy
            import logging

            logging.getLogger("faxstatus.proxy").warning("proxy: error", exc_info=True)
        finally:
            with contextlib.suppress(OSError):
                sock.close()
            self._slots.release()

    @staticmethod
    def _next(conn: Any, sock: socket.socket) -> Any:
        import h11

        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(sock.recv(65536))
                continue
            return event

    def _exchange(self, conn: Any, sock: socket.socket) -> bool:
        import h11

        event = self._next(conn, sock)
        if not isinstance(event, h11.Request):
            return False
        with self._lock:
            self._busy += 1
        try:
            return self._forward(conn, sock, event)
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def _forward(self, conn: Any, sock: socket.socket, event: Any) -> bool:
        import h11
        import httpx

        started, t0 = datetime.now(UTC), time.perf_counter()
        method = event.method.decode("ascii")
        target = event.target.decode("ascii", "replace")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in event.headers.raw_items()]
        forward = [(k, v) for k, v in headers if k.lower() not in _HOP]
        if conn.they_are_waiting_for_100_continue:
            sock.sendall(conn.send(h11.InformationalResponse(status_code=100, headers=[])))
        req_tee = _Tee(self.keep)

        def body() -> Iterator[bytes]:
            while True:
                ev = self._next(conn, sock)
                if isinstance(ev, h11.Data):
                    yield req_tee.add(bytes(ev.data))
                elif isinstance(ev, h11.EndOfMessage):
                    return
                else:
                    raise OSError("client closed the connection mid-request")

        has_body = any(k.lower() in ("content-length", "transfer-encoding") for k, _ in headers)
        url = self.origin + target
        resp_tee = _Tee(self.keep)
        try:
            request = self._http.build_request(
                method, url, headers=forward, content=body() if has_body else None
            )
            resp = self._http.send(request, stream=True)
        except httpx.HTTPError as exc:
            if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
                # The upstream dropped or reset the connection: the client sees the same.
                _abort(sock, reset=isinstance(exc, httpx.ReadError))
            else:
                text = f"faxstatus proxy: upstream {self.origin} failed: {exc}\n"
                self._reply_error(conn, sock, 502, text)
            failure = f"{type(exc).__name__}: {exc}"
            self._report(started, t0, method, target, headers, req_tee, None, [], resp_tee, failure)
            return False
        error: str | None = None
        try:
            out_headers = [
                (k, v) for k, v in resp.headers.raw if k.decode("latin-1").lower() not in _HOP
            ]
            sock.sendall(
                conn.send(
                    h11.Response(
                        status_code=resp.status_code,
                        headers=out_headers,
                        reason=resp.reason_phrase.encode("latin-1"),
                    )
                )
            )
            for chunk in resp.iter_raw():
                sock.sendall(conn.send(h11.Data(data=resp_tee.add(chunk))))
            sock.sendall(conn.send(h11.EndOfMessage()))
        except httpx.HTTPError as exc:
            # Cut short upstream (closed or reset mid-body): cut the client short the same way.
            error = f"{type(exc).__name__} after {resp_tee.size} body bytes: {exc}"
            _abort(sock, reset=isinstance(exc, httpx.ReadError))
        finally:
            resp.close()
        resp_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.headers.raw]
        self._report(
            started, t0, method, target, headers, req_tee, resp, resp_headers, resp_tee, error
        )
        return error is None and conn.our_state is h11.DONE and conn.their_state is h11.DONE

    def _reply_error(self, conn: Any, sock: socket.socket, status: int, text: str) -> None:
        import h11

        data = text.encode()
        with contextlib.suppress(OSError, h11.ProtocolError):
            headers = [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(data))),
                ("Connection", "close"),
            ]
            sock.sendall(conn.send(h11.Response(status_code=status, headers=headers)))
            sock.sendall(conn.send(h11.Data(data=data)))
            sock.sendall(conn.send(h11.EndOfMessage()))

    # -- reporting -----------------------------------------------------------------------

    def _report(
        self,
        started: datetime,
        t0: float,
        method: str,
        target: str,
        req_headers: list[tuple[str, str]],
        req: _Tee,
        resp: Any,
        resp_headers: list[tuple[str, str]],
        body: _Tee,
        error: str | None,
    ) -> None:
        from faxstatus.client._har import har_entry, secrets_in

        ms = (time.perf_counter() - t0) * 1000
        req_ct = _header(req_headers, "content-type")
        resp_ct = _header(resp_headers, "content-type")
        # A gzip/deflate-coded body is forwarded as it came; what we read and record is the
        # inflated message (bounded by --keep).
        req_body, req_cut, req_note = _inflated(req, _header(req_headers, "content-encoding"))
        resp_body, resp_cut, resp_note = _inflated(body, _header(resp_headers, "content-encoding"))
        secrets = secrets_in(req_headers, req_body, req_ct)
        if target.lower().endswith(("?wsdl", "?xsd")):
            op, req_summary, req_problem = "", "service description", ""
            resp_summary, resp_problem = f"{body.size} bytes", ""
        else:
            op, req_summary, req_problem = _summary(req_body, req_ct, req_cut, "request")
            _, resp_summary, resp_problem = _summary(resp_body, resp_ct, resp_cut, "response")
        with self._lock:
            self._count += 1
            n = self._count
        stamp = started.astimezone().strftime("%H:%M:%S.%f")[:-3]
        path = target.split("?", 1)[0] + ("?…" if "?" in target else "")
        if target.lower().endswith(("?wsdl", "?xsd")):
            path = target
        status = "no response" if resp is None else str(resp.status_code)
        media = (resp_ct or "-").split(";", 1)[0]
        line = (
            f"#{n} {stamp} {method} {path} {op or '-'} -> {status} {media} {ms:.1f} ms"
            f" | {req_summary} | {resp_summary}"
        )
        lines = [line]
        for what, problem in (("request", req_problem), ("response", resp_problem)):
            if problem:
                lines.append(f"   ! {what}: {problem}")
        if error:
            lines.append(f"   ! upstream: {error}")
        from faxstatus.client._har import mask_body

        text = mask_body("\n".join(lines), None, secrets)
        with self._lock:
            if self._har is not None:
                cut = [w for w, c in (("request", req_cut), ("response", resp_cut)) if c]
                notes = [f"{' and '.join(cut)} body cut at {self.keep} bytes"] if cut else []
                notes += [n for n in (req_note, resp_note) if n]
                comment = "; ".join(notes)
                self._har.add(
                    har_entry(
                        started=started,
                        method=method,
                        url=self.origin + target,
                        request_headers=req_headers,
                        request_body=req_body,
                        status=None if resp is None else resp.status_code,
                        status_text="" if resp is None else resp.reason_phrase,
                        response_headers=resp_headers,
                        response_body=resp_body,
                        elapsed_ms=ms,
                        secrets=secrets,
                        comment=comment or (error or ""),
                        sizes=(req.size, body.size),
                    )
                )
            # The line comes last: once it shows, the HAR file holds the exchange too.
            print(visible(text), file=self.out, flush=True)


def _inflated(tee: _Tee, coding: str | None) -> tuple[bytes, bool, str]:
    """(the body as a message, whether it is incomplete, a note for the HAR) of a kept copy.

    Bodies with ``Content-Encoding: gzip`` or ``deflate`` (RFC 9110 §8.4.1) are inflated, at
    most ``tee.cap`` bytes of output; a coding the proxy cannot read (or a stacked one) is
    left as it is. The proxy forwards bytes as they came and only shows them, so a body with
    bytes after its stream (padding some servers add) is shown as far as it inflated.
    """
    from .._http import (
        InflateError,
        InflateLimitError,
        Inflater,
        InflateTruncatedError,
        UnsupportedCodingError,
        content_coding,
    )

    kept = bytes(tee.kept)
    try:
        name = content_coding(coding)
    except UnsupportedCodingError:
        name = None
    if name is None or not kept:
        return kept, tee.cut, ""
    inflater = Inflater(name, tee.cap)
    note = f"{coding}-coded body ({tee.size} bytes) shown inflated"
    try:
        inflater.feed(kept)
        return inflater.finish(), tee.cut, note
    except (InflateLimitError, InflateTruncatedError):
        return inflater.output, True, note  # past the cap, or cut short: what there is
    except InflateError as exc:
        if inflater.output:  # a whole stream, then bytes that are not one
            return inflater.output, tee.cut, f"{note}, up to bytes after it that do not ({exc})"
        return kept, tee.cut, f"{coding}-coded body that does not inflate"


def _abort(sock: socket.socket, *, reset: bool) -> None:
    """End the client's connection now: RST when *reset* (as the upstream did), else FIN."""
    with contextlib.suppress(OSError):
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        else:
            sock.shutdown(socket.SHUT_RDWR)


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _summary(body: bytes, ctype: str | None, cut: bool, what: str) -> tuple[str, str, str]:
    """(operation, one-line summary, problem) for a request or response body."""
    from faxstatus._errors import CodecError
    from faxstatus._soap import Fault
    from faxstatus.codec import DecodeOptions, decode

    if cut:
        return "", f"{what}: over the kept size, not decoded", ""
    if not body.strip():
        return "", f"{what}: empty", ""
    media = (ctype or "").split(";", 1)[0].strip().lower()
    if media in ("text/html", "text/plain", "application/x-www-form-urlencoded"):
        return "", f"{what}: {media}, {len(body)} bytes", ""
    problem = ""
    tolerated = 0
    try:
        result = decode(body, ctype)
    except CodecError as exc:
        problem = str(exc)
        # Read it as the gSOAP service would (unknown elements skipped, any order, ...).
        from faxstatus.simulator._tolerance import normalise_request

        fixed, found = normalise_request(body) if what == "request" else (body, [])
        tolerated = len(found)
        try:
            result = decode(fixed, ctype, options=DecodeOptions(strict=False))
        except CodecError:
            return "", f"{what}: not a FaxWS message", problem
    if isinstance(result, Fault):
        return "", f"Fault {result.code_name}: {result.reason[:80]}", problem
    payload = result.payload
    parts = [result.operation.json_key(result.direction)]
    ids = getattr(getattr(payload, "fax_job_ids", None), "item", None)
    if ids is not None:
        parts.append(f"{len(ids)} id{'' if len(ids) == 1 else 's'}")
    if hasattr(payload, "job_id"):
        parts.append("1 id")
    items = getattr(getattr(payload, "fax_status_list", None), "item", None)
    if items is not None:
        parts.append(f"{len(items)} item{'' if len(items) == 1 else 's'}")
    if hasattr(payload, "return_value"):
        value = payload.return_value
        parts.append(f"return {str(value).lower() if isinstance(value, bool) else value}")
    err = getattr(payload, "wserror", None)
    if err is not None and err.error_code:
        parts.append(f"WSError {err.error_code}")
    if tolerated:
        parts.append(f"(read as gSOAP would: {tolerated} deviation{'s' if tolerated > 1 else ''})")
    return result.operation.name, " ".join(parts), problem
