"""The recording proxy's engine: forward HTTP to a FaxWS endpoint, summarise and record it.

Any client (zeep, PHP's SoapClient, our own) is pointed at the proxy; every request goes to
the upstream's origin (``--upstream``'s scheme, host and port, whatever the request says)
with the same target, byte for byte (RFC 9110 §7.7: ``/a/../b`` goes on as it came), bodies
byte for byte and headers unchanged except the hop-by-hop ones, in both directions: the
standard set and every field ``Connection`` names (RFC 9110 §7.6.1), and ``Host`` (the
upstream's). Only an origin-form target (a path and query, RFC 9112 §3.2.1) is forwarded:
an absolute-form, authority-form, asterisk-form or ``@``-form target is a 400, so that no
request can send the client's credentials to another host.

A service description (``GET …?wsdl``, ``?xsd``, ``….wsdl``) comes back with its endpoint
addresses at the proxy (:mod:`faxstatus.proxy._describe`), so that clients built from it
post through the proxy; only those attribute values change, and Content-Length with them.

Requests are read by :class:`~faxstatus.simulator._serving.Http11Server` (one selector,
whole requests to the workers, deadlines and a cap: slow clients hold no worker). The
upstream's answer is streamed on as it arrives, its bytes counted by a
:class:`~faxstatus._boundary.BodyReader` against the same cap and bounded by a
:class:`~faxstatus._boundary.Deadline` for the exchange; only a description (rewritten), an
answer slowed or reset by ``--inject`` is read whole first, through the same reader. The
proxy keeps at most ``keep`` bytes of each body for its summary line and the HAR file.
Each exchange writes one line to ``out`` as it completes: time, method, path, operation,
status, media type, milliseconds and a decode summary, then any problem the codec found in
the request or the response. ``har=FILE`` writes HAR 1.2 with secrets masked, each entry
with a ``_faxstatus`` member of FaxWS facts (operation, SOAP version, job and item counts,
a status summary, the ``x-ch-*`` ids, faults injected, addresses rewritten).
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any

from .._boundary import BodyReader, Deadline, declared_length
from .._contract import (
    ACTIVITY_ID_HEADER,
    DEFAULT_MAX_BYTES,
    EXECUTION_TIME_HEADER,
    FORM_MEDIA,
    REQUEST_ID_HEADER,
    STATUS_FAILED,
    STATUS_IN_PROGRESS,
    STATUS_SUCCEEDED,
)
from .._errors import DeadlineError, DecodeError, LimitError
from .._http import HOP_BY_HOP
from .._visible import visible
from ..simulator._serving import Connection, Http11Server, Request, plain_events
from ._describe import is_description, rewrite_description
from ._inject import Fault, Injector

if TYPE_CHECKING:
    import httpx

__all__ = ["Proxy"]

# The hop-by-hop fields, plus those the framing layer (h11, httpx) sets itself.
_HOP = HOP_BY_HOP | {"expect", "host"}

# RFC 9112 §3.2.1 origin-form: absolute-path [ "?" query ], of RFC 3986 pchar, "/" and "?"
# (unreserved, sub-delims, ":", "@", and %-escapes of two hex digits).
_ORIGIN_FORM = re.compile(r"/(?!/)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")
# A Host the proxy may write into a description it relays: a name or an address and a port,
# nothing that could end an XML attribute.
_AUTHORITY = re.compile(r"(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
_STATUS_NAMES = {
    STATUS_SUCCEEDED: "succeeded",
    STATUS_FAILED: "failed",
    STATUS_IN_PROGRESS: "inProgress",
}


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
    """A body's size and its first *cap* bytes, kept for the summary and the HAR.

    A chunk that fits whole is kept by reference, not copied: the request body the server
    read is recorded without a second copy of it.
    """

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._parts: list[bytes] = []
        self._held = 0
        self.size = 0

    def add(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        room = self.cap - self._held
        if room > 0 and chunk:
            part = chunk if len(chunk) <= room else chunk[:room]
            self._parts.append(part)
            self._held += len(part)
        return chunk

    @property
    def kept(self) -> bytes:
        return b"".join(self._parts)  # one part comes back as it is

    @property
    def cut(self) -> bool:
        return self.size > self._held


class _Exchange:
    """What one exchange's report needs, filled in as the exchange goes."""

    __slots__ = (
        "error",
        "faults",
        "method",
        "number",
        "req",
        "req_headers",
        "resp",
        "resp_headers",
        "rewritten",
        "started",
        "status",
        "t0",
        "target",
    )

    def __init__(self, number: int, request: Request, keep: int, faults: list[Fault]) -> None:
        self.number = number
        self.started = datetime.now(UTC)
        self.t0 = request.started
        self.method = request.method
        self.target = request.target
        self.req_headers = request.headers
        self.req = _Tee(keep)
        self.req.add(request.body)
        self.resp = _Tee(keep)
        self.status: tuple[int, str] | None = None
        self.resp_headers: list[tuple[str, str]] = []
        self.error: str | None = None
        self.faults = faults
        self.rewritten: list[tuple[str, str]] = []


def connection_options(headers: list[tuple[str, str]]) -> frozenset[str]:
    """The field names a message's ``Connection`` lists (RFC 9110 §7.6.1), lower-cased."""
    return frozenset(
        token.strip().lower()
        for name, value in headers
        if name.lower() in ("connection", "proxy-connection")
        for token in value.split(",")
        if token.strip()
    )


def end_to_end(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """*headers* without the hop-by-hop ones: the standard set and those ``Connection`` names.

    RFC 9110 §7.6.1: an intermediary removes every field the Connection header lists, and
    the standard hop-by-hop fields, before forwarding a message in either direction.
    """
    drop = _HOP | connection_options(headers)
    return [(k, v) for k, v in headers if k.lower() not in drop]


def raw_target_url(origin: httpx.URL, target: str) -> httpx.URL:
    """*origin* with *target* (origin-form) as its path and query, byte for byte.

    RFC 9110 §7.7: a proxy MUST NOT transform the absolute-path and query of the target it
    forwards. httpx removes dot segments (RFC 3986 §5.2.4) from any path it is given, which
    would send ``/a/../b`` on as ``/b``; the parsed reference is set instead, and the caller
    refuses the request when the result still differs (a later httpx that re-parses).
    """
    import httpx

    path, sep, query = target.partition("?")
    url = httpx.URL(origin)
    url._uri_reference = url._uri_reference._replace(path=path, query=query if sep else None)
    return url


def _proxy_origin(headers: list[tuple[str, str]], fallback: str) -> str:
    """The proxy's origin as the client named it (``Host``), when that is a plain authority."""
    host = _header(headers, "host") or ""
    if _AUTHORITY.fullmatch(host):
        return f"http://{host}"
    return fallback


class Proxy(Http11Server):
    """The recording proxy: ``start()`` in the background or ``serve_forever()``.

    ``max_body`` caps each body in either direction (a request over it is a 413, an upstream
    answer over it a 502 when it says so up front, and is cut once it passes the cap while
    streamed); ``timeout`` bounds each exchange with the upstream (504 when it runs out before
    the answer's first byte, a cut connection after); the client side's limits are
    :class:`~faxstatus.simulator._serving.Http11Server`'s. ``inject`` lists faults
    (:func:`~faxstatus.proxy._inject.parse_inject`) drawn per exchange from ``inject_seed``;
    ``show_bodies`` prints each kept body after its line, through the given view (the raw
    text by default when set; a formatter is a view, the HAR keeps the bytes). ``cacert``
    names a CA bundle for an https upstream; the system proxy settings (``HTTPS_PROXY``,
    ``NO_PROXY``, ``SSL_CERT_FILE``) apply unless ``trust_env`` is false.
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
        inject: list[Fault] | None = None,
        inject_seed: int = 0,
        show_bodies: Callable[[bytes, str | None], bytes] | None = None,
        rewrite: bool = True,
        cacert: str | None = None,
        trust_env: bool = True,
    ) -> None:
        import httpx

        from faxstatus.client._har import HarWriter
        from faxstatus.client._transport import tls_verify

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
        self.rewrite = rewrite
        self.show_bodies = show_bodies
        self._injector = Injector(inject or [], inject_seed)
        self._http = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            verify=tls_verify(cacert),
            trust_env=trust_env,
        )
        self._http.headers.clear()  # add nothing of our own (no User-Agent, no Accept)
        self._har = HarWriter(har, creator="faxstatus proxy") if har else None
        self._report_lock = threading.Lock()
        self._count = 0
        self._arrived = 0
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
        return f"{self._own_origin}{self.upstream_path}"

    @property
    def _own_origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def received(self) -> int:
        """How many requests the proxy has taken so far (the last exchange's number)."""
        return self._arrived

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
        with self._report_lock:
            self._arrived += 1
            number = self._arrived
        ex = _Exchange(number, request, self.keep, self._injector.draw(number))
        try:
            url = self._target(request.target)
        except ValueError as exc:
            self._reply_error(conn, 400, f"faxstatus proxy: {exc}\n")
            ex.status, ex.error = (400, ""), f"not forwarded: {exc}"
            self._report(ex, har=False)
            return False
        for fault in ex.faults:
            if fault.kind == "delay":
                self._stopping.wait(fault.seconds)
        status = next((f.status for f in ex.faults if f.kind == "status"), 0)
        if status:  # before a reset drawn with it: the request is then never forwarded
            # Only the faults that happened are recorded: no answer came to reset or slow.
            ex.faults = [f for f in ex.faults if f.kind not in ("reset", "slow")]
            reason = _reason(status)
            text = f"faxstatus proxy: injected {status} {reason}\n"
            self._reply_error(conn, status, text)
            ex.status = (status, reason)
            ex.resp_headers = [(k.decode(), v.decode()) for k, v in _plain_head(status, text)]
            ex.resp.add(text.encode())
            self._report(ex)
            return False
        return self._forward(conn, request, url, ex)

    def _target(self, target: str) -> httpx.URL:
        """The upstream URL for *target*, forwarded as received; ValueError saying why not."""
        path = origin_form(target)
        url = raw_target_url(self._upstream, path)
        # The origin is the upstream's whatever the path holds: checked, not assumed.
        assert (url.scheme, url.host, url.port) == (
            self._upstream.scheme,
            self._upstream.host,
            self._upstream.port,
        )
        if url.raw_path != path.encode("ascii"):
            raise ValueError("the request target cannot be forwarded as received")
        return url

    def _forward(self, conn: Connection, request: Request, url: httpx.URL, ex: _Exchange) -> bool:
        import httpx

        content: bytes | list[bytes] | None = None
        if "transfer-encoding" in request.fields:
            content = [request.body]  # an iterable: forwarded chunked, as it came
        elif "content-length" in request.fields:
            content = request.body
        deadline = Deadline(self.timeout)
        try:
            upstream = self._http.build_request(
                request.method,
                url,
                headers=end_to_end(request.headers),
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
            ex.error = f"{type(exc).__name__}: {exc}"
            self._report(ex)
            return False
        ex.resp_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.headers.raw]
        ex.status = (resp.status_code, resp.reason_phrase)
        kinds = {f.kind for f in ex.faults}
        # A HEAD answer has no body to rewrite, and its Content-Length is the GET's: as it came.
        describe = (
            self.rewrite
            and ex.method == "GET"
            and resp.status_code == 200
            and is_description(ex.method, ex.target)
        )
        try:
            if describe or kinds & {"reset", "slow"}:
                self._relay_whole(conn, resp, ex, deadline, describe=describe)
            else:
                self._relay_streamed(conn, resp, ex, deadline)
        except OSError as exc:  # the client went away (or read nothing) while we sent
            ex.error = f"the client's connection failed while the answer was sent: {exc}"
            conn.close(reset=True)
        finally:
            resp.close()
        self._report(ex)
        return ex.error is None and "reset" not in kinds

    def _send_head(self, conn: Connection, resp: httpx.Response, body: bytes | None = None) -> None:
        """Send the upstream's status line and end-to-end headers (with *body*'s length)."""
        import h11

        headers = end_to_end(ex_headers(resp))
        if body is not None:
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        conn.send(
            h11.Response(
                status_code=resp.status_code,
                headers=headers,
                reason=resp.reason_phrase.encode("latin-1"),
            )
        )

    def _relay_streamed(
        self, conn: Connection, resp: httpx.Response, ex: _Exchange, deadline: Deadline
    ) -> None:
        """Pass the answer on as it arrives: only the kept copy stays in memory."""
        import h11
        import httpx

        # Counted, not kept: the one cap of the boundary, on the wire bytes passed on.
        reader = BodyReader(None, self.max_body, "response body", keep=False)
        sent = False
        try:
            declared_length(resp.headers.get("content-length"), self.max_body, "response body")
            for chunk in resp.iter_raw():
                reader.feed(chunk)
                deadline.check(f"reading the response from {self.origin}")
                ex.resp.add(chunk)
                if not sent:
                    self._send_head(conn, resp)
                    sent = True
                conn.send(h11.Data(data=chunk))
        except httpx.HTTPError as exc:
            # Cut short upstream (closed or reset mid-body): cut the client short the same way.
            ex.error = f"{type(exc).__name__} after {reader.wire} body bytes: {exc}"
            if not sent:
                self._send_head(conn, resp)
            conn.end(reset=isinstance(exc, httpx.ReadError))
            return
        except (LimitError, DeadlineError, DecodeError) as exc:
            ex.error = f"refused: {exc}"
            if sent:  # the head is out: all the client can be told is a cut connection
                conn.end(reset=True)
            else:
                status = 504 if isinstance(exc, DeadlineError) else 502
                self._reply_error(conn, status, f"faxstatus proxy: upstream {self.origin}: {exc}\n")
            return
        if not sent:
            self._send_head(conn, resp)
        conn.send(h11.EndOfMessage())

    def _relay_whole(
        self,
        conn: Connection,
        resp: httpx.Response,
        ex: _Exchange,
        deadline: Deadline,
        *,
        describe: bool,
    ) -> None:
        """Read the whole answer (bounded), then send it: rewritten, slowed, or reset."""
        import h11
        import httpx

        reader = BodyReader(None, self.max_body, "response body")
        try:
            declared_length(resp.headers.get("content-length"), self.max_body, "response body")
            for chunk in resp.iter_raw():
                reader.feed(chunk)
                deadline.check(f"reading the response from {self.origin}")
                ex.resp.add(chunk)
            body = reader.result()
        except httpx.HTTPError as exc:
            ex.error = f"{type(exc).__name__} after {reader.wire} body bytes: {exc}"
            conn.end(reset=isinstance(exc, httpx.ReadError))
            return
        except (LimitError, DeadlineError, DecodeError) as exc:
            ex.error = f"refused: {exc}"
            status = 504 if isinstance(exc, DeadlineError) else 502
            self._reply_error(conn, status, f"faxstatus proxy: upstream {self.origin}: {exc}\n")
            return
        if any(f.kind == "reset" for f in ex.faults):
            conn.end(reset=True)  # the upstream answered; the client never hears it
            return
        if describe:
            body = self._rewritten(body, resp.headers.get("content-encoding"), ex)
        rate = next((f.rate for f in ex.faults if f.kind == "slow"), 0)
        self._send_head(conn, resp, body if ex.rewritten else None)
        step = max(1, rate // 10) if rate else len(body) or 1
        for at in range(0, len(body), step):
            piece = body[at : at + step]
            conn.send(h11.Data(data=piece))
            if rate and self._stopping.wait(len(piece) / rate):
                conn.end(reset=True)
                return
        conn.send(h11.EndOfMessage())

    def _rewritten(self, raw: bytes, coding: str | None, ex: _Exchange) -> bytes:
        """A description's wire bytes with its addresses at the proxy (as they came if none)."""
        own = _proxy_origin(ex.req_headers, self._own_origin)
        try:
            decoded = BodyReader(coding, self.max_body, "service description")
            decoded.feed(raw)
            text = decoded.result()
        except (LimitError, DecodeError):
            return raw  # a coding the proxy cannot read: passed on as it came
        rewritten, ex.rewritten = rewrite_description(text, own, self.origin)
        return _recode(rewritten, coding) if ex.rewritten else raw

    def _reply_error(self, conn: Connection, status: int, text: str) -> None:
        import h11

        with contextlib.suppress(OSError, h11.ProtocolError):
            for event in plain_events(status, text):
                conn.send(event)

    # -- reporting -----------------------------------------------------------------------

    def _report(self, ex: _Exchange, *, har: bool = True) -> None:
        """One line to ``out`` (and the bodies, when shown) and, when *har*, one HAR entry."""
        from faxstatus.client._har import har_entry, mask_body, mask_headers, secrets_in

        ms = (time.perf_counter() - ex.t0) * 1000
        req_headers, resp_headers, target = ex.req_headers, ex.resp_headers, ex.target
        req_ct = _header(req_headers, "content-type")
        resp_ct = _header(resp_headers, "content-type")
        # A gzip/deflate-coded body is forwarded as it came; what we read and record is the
        # inflated message (bounded by --keep).
        req_body, req_cut, req_note = _inflated(ex.req, _header(req_headers, "content-encoding"))
        resp_body, resp_cut, resp_note = _inflated(
            ex.resp, _header(resp_headers, "content-encoding")
        )
        secrets = secrets_in(req_headers, req_body, req_ct)
        facts: dict[str, Any] = {}
        description = is_description(ex.method, target)
        if description:
            op, req_summary, req_problem = "", "service description", ""
            resp_summary, resp_problem = f"{ex.resp.size} bytes", ""
            if ex.rewritten:
                resp_summary += f", {len(ex.rewritten)} address(es) pointed at the proxy"
        else:
            op, req_summary, req_problem, req_facts = _summary(req_body, req_ct, req_cut, "request")
            _, resp_summary, resp_problem, resp_facts = _summary(
                resp_body, resp_ct, resp_cut, "response"
            )
            facts = _merge_facts(req_facts, resp_facts)
        with self._report_lock:
            self._count += 1
            n = self._count
        stamp = ex.started.astimezone().strftime("%H:%M:%S.%f")[:-3]
        path = target.split("?", 1)[0] + ("?…" if "?" in target else "")
        if description:
            path = target
        status = "no response" if ex.status is None else str(ex.status[0])
        media = (resp_ct or "-").split(";", 1)[0]
        line = (
            f"#{n} {stamp} {ex.method} {path} {op or '-'} -> {status} {media} {ms:.1f} ms"
            f" | {req_summary} | {resp_summary}"
        )
        if ex.faults:
            line += f" [injected: {', '.join(str(f) for f in ex.faults)}]"
        lines = [line]
        for what, problem in (("request", req_problem), ("response", resp_problem)):
            if problem:
                lines.append(f"   ! {what}: {problem}")
        if ex.error:
            lines.append(f"   ! {'proxy' if not har else 'upstream'}: {ex.error}")
        text = mask_body("\n".join(lines), None, secrets)
        if self.show_bodies is not None:
            text += _shown(self.show_bodies, secrets, (req_body, req_ct), (resp_body, resp_ct))
        with self._report_lock:
            if self._har is not None and har:
                cut = [w for w, c in (("request", req_cut), ("response", resp_cut)) if c]
                notes = [f"{' and '.join(cut)} body cut at {self.keep} bytes"] if cut else []
                notes += [n for n in (req_note, resp_note) if n]
                comment = "; ".join(notes)
                ids = mask_headers(
                    [(k.lower(), v) for k, v in [*req_headers, *resp_headers] if _is_ch(k)],
                    secrets,
                )
                self._har.add(
                    har_entry(
                        started=ex.started,
                        method=ex.method,
                        url=self.origin + target,
                        request_headers=req_headers,
                        request_body=req_body,
                        status=None if ex.status is None else ex.status[0],
                        status_text="" if ex.status is None else ex.status[1],
                        response_headers=resp_headers,
                        response_body=resp_body,
                        elapsed_ms=ms,
                        secrets=secrets,
                        comment=comment or (ex.error or ""),
                        sizes=(ex.req.size, ex.resp.size),
                        extra=_har_fields(ex, facts, dict(ids), description, secrets),
                    )
                )
            # The line comes last: once it shows, the HAR file holds the exchange too.
            print(visible(text), file=self.out, flush=True)


def ex_headers(resp: httpx.Response) -> list[tuple[str, str]]:
    """The upstream's response fields as they came (names in their case, in order)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.headers.raw]


def _recode(body: bytes, coding: str | None) -> bytes:
    """*body* coded again as the upstream coded the description (gzip or deflate)."""
    import gzip
    import zlib

    from .._http import content_coding

    name = content_coding(coding)
    if name is None:
        return body
    if name == "deflate":
        return zlib.compress(body)
    return gzip.compress(body, mtime=0)


def _plain_head(status: int, text: str) -> list[tuple[bytes, bytes]]:
    """The fields of the proxy's own plain-text answer (as :func:`plain_events` sends them)."""
    import h11

    event = next(iter(plain_events(status, text)))
    assert isinstance(event, h11.Response)
    return list(event.headers.raw_items())


def _reason(status: int) -> str:
    import http

    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _is_ch(name: str) -> bool:
    return name.lower() in (REQUEST_ID_HEADER, ACTIVITY_ID_HEADER, EXECUTION_TIME_HEADER)


def _shown(
    view: Callable[[bytes, str | None], bytes],
    secrets: tuple[str, ...],
    *bodies: tuple[bytes, str | None],
) -> str:
    """Each non-empty body through *view*, masked, indented under the exchange's line."""
    from faxstatus.client._har import mask_body

    out = []
    for (body, ctype), what in zip(bodies, ("request", "response"), strict=True):
        if body:
            shown = mask_body(view(body, ctype), ctype, secrets)
            out.append(
                f"\n   > {what} body:\n" + "\n".join(f"     {s}" for s in shown.splitlines())
            )
    return "".join(out)


def _har_fields(
    ex: _Exchange,
    facts: dict[str, Any],
    ids: dict[str, str],
    description: bool,
    secrets: tuple[str, ...],
) -> dict[str, Any]:
    """The entry's ``_faxstatus`` member: the FaxWS facts of this exchange.

    HAR 1.2 allows custom fields whose names start with an underscore.
    """
    from faxstatus.client._har import mask_body

    fields: dict[str, Any] = {"exchange": ex.number, **facts}
    if description:
        fields["serviceDescription"] = True
    if ids:
        fields["ids"] = ids
    if ex.faults:
        fields["injected"] = [str(f) for f in ex.faults]
    if ex.rewritten:
        fields["rewritten"] = [
            {"from": mask_body(old, None, secrets), "to": new} for old, new in ex.rewritten
        ]
    if ex.error:
        fields["error"] = mask_body(ex.error, None, secrets)
    return fields


def _merge_facts(req: dict[str, Any], resp: dict[str, Any]) -> dict[str, Any]:
    out = dict(req)
    for key, value in resp.items():
        out.setdefault(key, value)
    return out


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

    kept = tee.kept
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


def _summary(
    body: bytes, ctype: str | None, cut: bool, what: str
) -> tuple[str, str, str, dict[str, Any]]:
    """(operation, one-line summary, problem, FaxWS facts for the HAR) of a request or response."""
    from faxstatus._errors import CodecError
    from faxstatus._soap import Fault as SoapFault
    from faxstatus.codec import DecodeOptions, decode

    if cut:
        return "", f"{what}: over the kept size, not decoded", "", {}
    if not body.strip():
        return "", f"{what}: empty", "", {}
    media = (ctype or "").split(";", 1)[0].strip().lower()
    if media in ("text/html", "text/plain", FORM_MEDIA):
        return "", f"{what}: {media}, {len(body)} bytes", "", {}
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
            return "", f"{what}: not a FaxWS message", problem, {}
    facts: dict[str, Any] = {}
    if problem:
        facts[f"{what}Problem"] = problem
    if isinstance(result, SoapFault):
        facts["soapVersion"] = result.version.label
        facts["fault"] = {"code": result.code_name, "reason": result.reason}
        return "", f"Fault {result.code_name}: {result.reason[:80]}", problem, facts
    payload = result.payload
    version = result.content_type.soap_version
    facts["soapVersion"] = version.label if version is not None else None
    facts["contentType"] = result.content_type.value
    if what == "request":
        facts["operation"] = result.operation.name
    parts = [result.operation.json_key(result.direction)]
    ids = getattr(getattr(payload, "fax_job_ids", None), "item", None)
    if ids is not None:
        parts.append(f"{len(ids)} id{'' if len(ids) == 1 else 's'}")
        facts["jobCount"] = len(ids)
    if hasattr(payload, "job_id"):
        parts.append("1 id")
        facts["jobCount"] = 1
    op = result.operation  # the operation table: where the status list lives, if any
    holder = getattr(payload, op.list_attr, None) if op.list_attr else None
    items = getattr(holder, op.list_items_attr or "", None) if holder is not None else None
    if items is not None:
        parts.append(f"{len(items)} item{'' if len(items) == 1 else 's'}")
        facts["itemCount"] = len(items)
        facts["statuses"] = _statuses(items)
    if hasattr(payload, "return_value"):
        value = payload.return_value
        parts.append(f"return {str(value).lower() if isinstance(value, bool) else value}")
        facts["return"] = value
    err = getattr(payload, "wserror", None)
    if err is not None and err.error_code:
        parts.append(f"WSError {err.error_code}")
        facts["wsError"] = err.error_code
    if tolerated:
        parts.append(f"(read as gSOAP would: {tolerated} deviation{'s' if tolerated > 1 else ''})")
        facts["gsoapDeviations"] = tolerated
    return result.operation.name, " ".join(parts), problem, facts


def _statuses(items: list[Any]) -> dict[str, int]:
    """How many items of a status list are in each state (by FaxJobStatusId), others apart."""
    counts: dict[str, int] = {}
    for item in items:
        code = getattr(item, "fax_job_status_id", None)
        name = _STATUS_NAMES.get(code, "other") if isinstance(code, int) else "other"
        counts[name] = counts.get(name, 0) + 1
    return counts
