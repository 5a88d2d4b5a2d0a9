"""The recording proxy's engine: forward HTTP to a FaxWS endpoint, summarise and record it.

Any client (zeep, PHP's SoapClient, our own) is pointed at the proxy; every request goes to
the upstream's origin (``--upstream``'s scheme, host and port, whatever the request says)
with the same path, bodies byte for byte and headers unchanged except the hop-by-hop ones
and ``Host`` (the upstream's). Only an origin-form target (a path and query, RFC 9112
§3.2.1) is forwarded: an absolute-form, authority-form, asterisk-form or ``@``-form target
is a 400, so that no request can send the client's credentials to another host.

Requests are read by :class:`~faxstatus.simulator._serving.Http11Server` (one selector,
whole requests to the workers, deadlines and a cap: slow clients hold no worker); the
upstream's answer is read through a :class:`~faxstatus._boundary.BodyReader` with the same
cap and a :class:`~faxstatus._boundary.Deadline` for the exchange, then sent on. The proxy
keeps at most ``keep`` bytes of each body for its summary line and the HAR file.
Each exchange writes one line to ``out`` as it completes: time, method, path, operation,
status, media type, milliseconds and a decode summary, then any problem the codec found in
the request or the response. ``har=FILE`` writes HAR 1.2 with secrets masked.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
import time
from datetime import UTC, datetime
from typing import IO

from .._boundary import BodyReader, Deadline
from .._contract import DEFAULT_MAX_BYTES, FORM_MEDIA
from .._errors import DeadlineError, LimitError
from .._http import HOP_BY_HOP
from .._visible import visible
from ..simulator._serving import Connection, Http11Server, Request, plain_events

__all__ = ["Proxy"]

# The hop-by-hop fields, plus those the framing layer (h11, httpx) sets itself.
_HOP = HOP_BY_HOP | {"expect", "host"}

# RFC 9112 §3.2.1 origin-form: absolute-path [ "?" query ], of RFC 3986 pchar, "/" and "?"
# (unreserved, sub-delims, ":", "@", and %-escapes of two hex digits).
_ORIGIN_FORM = re.compile(r"/(?!/)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")


def origin_form(target: str) -> str:
    """*target* when it is an origin-form request target; ValueError saying why not."""
    if not target.startswith("/"):
        raise ValueError("the request target must be a path (origin-form, RFC 9112 §3.2.1)")
    if _ORIGIN_FORM.fullmatch(target) is None:
        raise ValueError(
            "the request target is not a path and query of URI characters (RFC 9112 §3.2.1)"
        )
    return target


class _Tee:
    """A body's size and its first *cap* bytes, kept for the summary and the HAR."""

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


class Proxy(Http11Server):
    """The recording proxy: ``start()`` in the background or ``serve_forever()``.

    ``max_body`` caps each body in either direction (a request over it is a 413, an upstream
    answer over it a 502); ``timeout`` bounds each exchange with the upstream (504 when it
    runs out before the answer is read); the client side's limits are
    :class:`~faxstatus.simulator._serving.Http11Server`'s.
    """

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
        max_body: int = DEFAULT_MAX_BYTES,
        header_timeout: float = 10.0,
        request_timeout: float = 30.0,
        workers: int = 32,
        max_pending: int | None = None,
    ) -> None:
        import httpx

        from faxstatus.client._har import HarWriter

        try:
            url = httpx.URL(upstream)
        except httpx.InvalidURL:
            url = httpx.URL()
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"--upstream must be an http(s) URL, not {upstream!r}")
        if url.userinfo:
            raise ValueError("--upstream must not carry credentials (user:password@)")
        self._upstream = httpx.URL(scheme=url.scheme, host=url.host, port=url.port)
        self.origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        self.upstream_path = url.path or "/"
        self.keep = keep
        self.timeout = timeout
        self.out = out or sys.stdout
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)
        self._http.headers.clear()  # add nothing of our own (no User-Agent, no Accept)
        self._har = HarWriter(har, creator="faxstatus proxy") if har else None
        self._report_lock = threading.Lock()
        self._count = 0
        super().__init__(
            host,
            port,
            max_body=max_body,
            header_timeout=header_timeout,
            request_timeout=request_timeout,
            idle_timeout=request_timeout,
            workers=workers,
            max_pending=max_pending,
            drain=5.0,  # let exchanges under way finish their report
            name="faxws-proxy",
        )

    @property
    def url(self) -> str:
        """The proxy's URL for the upstream's path, e.g. ``http://127.0.0.1:9000/fax/v5``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.upstream_path}"

    def close(self) -> None:
        """Stop accepting, let exchanges under way finish (bounded), close the HAR file."""
        if self._stopping.is_set():
            return
        super().close()
        self._http.close()
        if self._har is not None:
            self._har.close()

    # -- one exchange (a worker thread) --------------------------------------------------

    def answer(self, conn: Connection, request: Request) -> bool:
        """Forward one complete request to the upstream's origin and its answer back."""
        import h11
        import httpx

        started, t0 = datetime.now(UTC), request.started
        method, target, headers = request.method, request.target, request.headers
        req_tee = _Tee(self.keep)
        req_tee.add(request.body)
        resp_tee = _Tee(self.keep)
        try:
            path = origin_form(target)
        except ValueError as exc:
            self._reply_error(conn, 400, f"faxstatus proxy: {exc}\n")
            self._report(
                started,
                t0,
                method,
                target,
                headers,
                req_tee,
                (400, ""),
                [],
                resp_tee,
                f"not forwarded: {exc}",
                har=False,
            )
            return False
        url = self._upstream.copy_with(raw_path=path.encode("ascii"))
        # The origin is the upstream's whatever the path holds: checked, not assumed.
        assert (url.scheme, url.host, url.port) == (
            self._upstream.scheme,
            self._upstream.host,
            self._upstream.port,
        )
        forward = [(k, v) for k, v in headers if k.lower() not in _HOP]
        content: bytes | list[bytes] | None = None
        if "transfer-encoding" in request.fields:
            content = [request.body]  # an iterable: forwarded chunked, as it came
        elif "content-length" in request.fields:
            content = request.body
        deadline = Deadline(self.timeout)
        reader = BodyReader(None, self.max_body, "response body")
        try:
            upstream = self._http.build_request(
                method,
                url,
                headers=forward,
                content=iter(content) if isinstance(content, list) else content,
            )
            resp = self._http.send(upstream, stream=True)
        except httpx.HTTPError as exc:
            if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
                # The upstream dropped or reset the connection: the client sees the same.
                conn.end(reset=isinstance(exc, httpx.ReadError))
            else:
                text = f"faxstatus proxy: upstream {self.origin} failed: {exc}\n"
                self._reply_error(conn, 502, text)
            failure = f"{type(exc).__name__}: {exc}"
            self._report(started, t0, method, target, headers, req_tee, None, [], resp_tee, failure)
            return False
        error: str | None = None
        cut: httpx.HTTPError | None = None
        refused: tuple[int, str] | None = None
        try:
            for chunk in resp.iter_raw():
                reader.feed(chunk)
                deadline.check(f"reading the response from {self.origin}")
        except httpx.HTTPError as exc:
            # Cut short upstream (closed or reset mid-body): cut the client short the same way.
            cut = exc
            error = f"{type(exc).__name__} after {reader.wire} body bytes: {exc}"
        except LimitError as exc:
            refused, error = (502, str(exc)), f"refused: {exc}"
        except DeadlineError as exc:
            refused, error = (504, str(exc)), f"refused: {exc}"
        finally:
            resp.close()
        body = reader.result()
        resp_tee.add(body)
        resp_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.headers.raw]
        status = (resp.status_code, resp.reason_phrase)
        if refused is not None:
            self._reply_error(
                conn, refused[0], f"faxstatus proxy: upstream {self.origin}: {refused[1]}\n"
            )
        else:
            out_headers = [
                (k, v) for k, v in resp.headers.raw if k.decode("latin-1").lower() not in _HOP
            ]
            conn.send(
                h11.Response(
                    status_code=resp.status_code,
                    headers=out_headers,
                    reason=resp.reason_phrase.encode("latin-1"),
                )
            )
            if body:
                conn.send(h11.Data(data=body))
            if cut is None:
                conn.send(h11.EndOfMessage())
            else:
                conn.end(reset=isinstance(cut, httpx.ReadError))
        self._report(
            started, t0, method, target, headers, req_tee, status, resp_headers, resp_tee, error
        )
        return error is None

    def _reply_error(self, conn: Connection, status: int, text: str) -> None:
        import h11

        with contextlib.suppress(OSError, h11.ProtocolError):
            for event in plain_events(status, text):
                conn.send(event)

    # -- reporting -----------------------------------------------------------------------

    def _report(
        self,
        started: datetime,
        t0: float,
        method: str,
        target: str,
        req_headers: list[tuple[str, str]],
        req: _Tee,
        resp: tuple[int, str] | None,
        resp_headers: list[tuple[str, str]],
        body: _Tee,
        error: str | None,
        *,
        har: bool = True,
    ) -> None:
        """One line to ``out`` and, when *har*, one HAR entry; *resp* is (status, reason)."""
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
        with self._report_lock:
            self._count += 1
            n = self._count
        stamp = started.astimezone().strftime("%H:%M:%S.%f")[:-3]
        path = target.split("?", 1)[0] + ("?…" if "?" in target else "")
        if target.lower().endswith(("?wsdl", "?xsd")):
            path = target
        status = "no response" if resp is None else str(resp[0])
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
            lines.append(f"   ! {'proxy' if not har else 'upstream'}: {error}")
        from faxstatus.client._har import mask_body

        text = mask_body("\n".join(lines), None, secrets)
        with self._report_lock:
            if self._har is not None and har:
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
                        status=None if resp is None else resp[0],
                        status_text="" if resp is None else resp[1],
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
    if media in ("text/html", "text/plain", FORM_MEDIA):
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
