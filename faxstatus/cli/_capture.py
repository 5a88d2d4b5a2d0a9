"""Captured messages in any form: a bare body, an HTTP message, curl -i/-v output, HAR files.

Every form reduces to :class:`Capture` objects: the body bytes, the Content-Type the capture
carried (None when it carried none), and the text that preceded the body (start line and
headers) so that ``faxstatus fmt`` can print it back unchanged.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any, NamedTuple

from ._common import Fail

__all__ = ["Capture", "is_token_exchange", "parse_captures", "pick"]

_START = re.compile(rb"(HTTP/\d(?:\.\d)? \d{3}[^\r\n]*|[A-Z]+ \S+ HTTP/\d(?:\.\d)?)\r?\n")
_HEADER = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\r\n]*\r?\n")
_BLANK = re.compile(rb"\r?\n")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]+)[^\r\n]*\r?\n")


class Capture(NamedTuple):
    """One message out of a capture.

    A named tuple, immutable as before, rather than an attrs class: ``decode`` imports this
    module on every run, and attrs alone costs more start-up time than decoding a message.
    """

    body: bytes
    content_type: str | None
    label: str = ""  #: "request"/"response" for HTTP forms, "entry 2 response" for HAR
    prefix: bytes = b""  #: start line and headers as they appeared (for ``fmt``)
    headers: tuple[tuple[str, str], ...] = ()
    start_line: str = ""

    def header(self, name: str) -> str | None:
        """The first value of header *name* (case-insensitive), or None."""
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


def _head(data: bytes, pos: int) -> tuple[list[tuple[str, str]], int] | None:
    """Parse a header block at *pos*; return (headers, position after the blank line)."""
    headers: list[tuple[str, str]] = []
    while True:
        blank = _BLANK.match(data, pos)
        if blank:
            return headers, blank.end()
        m = _HEADER.match(data, pos)
        if m is None:
            return None
        name, _, value = m.group().decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
        pos = m.end()


def _dechunk(body: bytes) -> bytes | None:
    """The de-chunked body (RFC 9112 §7.1), or None when *body* is not chunked."""
    out: list[bytes] = []
    pos = 0
    while True:
        m = _CHUNK_SIZE.match(body, pos)
        if m is None:
            return None
        size = int(m.group(1), 16)
        start = m.end()
        if size == 0:
            return b"".join(out)
        out.append(body[start : start + size])
        pos = start + size
        crlf = _BLANK.match(body, pos)
        if crlf is None:
            return None
        pos = crlf.end()


def _http(data: bytes) -> list[Capture] | None:
    """An HTTP message (or curl -i output, 1xx blocks skipped), or None when it is not one."""
    start = _START.match(data)
    if start is None:
        return None
    pos = 0
    while True:
        start = _START.match(data, pos)
        if start is None:
            return None
        parsed = _head(data, start.end())
        if parsed is None:
            return None
        headers, body_at = parsed
        line = start.group(1).decode("latin-1")
        if not re.match(r"HTTP/\S+ 1\d\d", line):
            break
        pos = body_at  # an interim 100 Continue before the real response
    body = data[body_at:]
    te = next((v for k, v in headers if k.lower() == "transfer-encoding"), "")
    if "chunked" in te.lower():
        # A raw capture is still chunked; curl -i shows the body de-chunked already.
        body = _dechunk(body) or body
    ctype = next((v for k, v in headers if k.lower() == "content-type"), None)
    label = "response" if line.startswith("HTTP/") else "request"
    return [Capture(body, ctype, label, data[pos:body_at], tuple(headers), line)]


def _headers_only(data: bytes) -> list[Capture] | None:
    """``encode --headers`` output: header lines, a blank line, the body."""
    if _HEADER.match(data) is None:
        return None
    parsed = _head(data, 0)
    if parsed is None:
        return None
    headers, body_at = parsed
    ctype = next((v for k, v in headers if k.lower() == "content-type"), None)
    return [Capture(data[body_at:], ctype, "", data[:body_at], tuple(headers))]


def _curl_verbose(data: bytes) -> list[Capture] | None:
    """``curl -v`` output: ``* `` notes, ``> `` request and ``< `` response headers, the body."""
    lines = data.splitlines(keepends=True)
    if not any(line.startswith((b"> ", b"< ")) for line in lines[:200]):
        return None
    response_head: list[bytes] = []
    body: list[bytes] = []
    in_body = False
    for line in lines:
        bare = line.rstrip()  # curl writes the blank line after the headers as "< \r\n"
        if bare == b"<":
            in_body = True
        elif line.startswith(b"< "):
            if in_body:  # a second response (redirect, 100 Continue): start over
                response_head, body, in_body = [], [], False
            response_head.append(line[2:])
        elif line.startswith((b"* ", b"> ", b"{ ", b"} ")) or bare == b">":
            continue
        elif in_body:
            body.append(line)
    if not response_head:
        return None
    found = _http(b"".join(response_head) + b"\r\n" + b"".join(body))
    return found


def _har(data: bytes, entry: int | None) -> list[Capture] | None:
    """Every request and response body of a HAR 1.2 file (or of entry *entry*, from 1)."""
    if data.lstrip()[:1] != b"{":
        return None
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):  # nested past the parser's depth: not a HAR file
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("log"), dict):
        return None
    entries = doc["log"].get("entries")
    if not isinstance(entries, list):
        raise Fail("HAR file without log.entries")
    # A trace of an OAuth 2.0 run holds its token exchanges too: not FaxWS messages.
    chosen = [(n, e) for n, e in enumerate(entries, 1) if not is_token_exchange(e)]
    if entry is not None:
        if not 1 <= entry <= len(entries):
            raise Fail(f"--entry {entry}: the HAR file has {len(entries)} entries")
        if is_token_exchange(entries[entry - 1]):
            raise Fail(f"--entry {entry}: an OAuth 2.0 token exchange, not a FaxWS message")
        chosen = [(entry, entries[entry - 1])]
    out = []
    for n, e in chosen:
        out += _har_entry(n, e)
    return out


def is_token_exchange(e: Any) -> bool:
    """True for a HAR entry whose request is an OAuth 2.0 token request (a form with a grant)."""
    req = e.get("request") if isinstance(e, dict) else None
    post = (req.get("postData") if isinstance(req, dict) else None) or {}
    if not isinstance(post, dict):
        return False
    form = "x-www-form-urlencoded" in str(post.get("mimeType") or "")
    return form and "grant_type=" in str(post.get("text") or "")


def _har_entry(n: int, e: Any) -> list[Capture]:
    out = []
    req, resp = e.get("request", {}), e.get("response", {})
    post = req.get("postData") or {}
    if post.get("text"):
        headers = tuple((h["name"], h["value"]) for h in req.get("headers", []))
        line = f"{req.get('method', 'POST')} {req.get('url', '')} {req.get('httpVersion', '')}"
        out.append(
            Capture(
                post["text"].encode("utf-8"),
                post.get("mimeType"),
                f"entry {n} request",
                headers=headers,
                start_line=line.strip(),
            )
        )
    content = resp.get("content") or {}
    if content.get("text"):
        text = content["text"]
        body = (
            base64.b64decode(text) if content.get("encoding") == "base64" else text.encode("utf-8")
        )
        headers = tuple((h["name"], h["value"]) for h in resp.get("headers", []))
        status = f"HTTP/1.1 {resp.get('status', '')} {resp.get('statusText', '')}".strip()
        out.append(
            Capture(
                body,
                content.get("mimeType"),
                f"entry {n} response",
                headers=headers,
                start_line=status,
            )
        )
    return out


def parse_captures(data: bytes, entry: int | None = None) -> list[Capture]:
    """The messages in *data*, whatever its form; a bare body is one Capture."""
    for parse in (_http, _curl_verbose, _headers_only):
        found = parse(data)
        if found:
            if entry is not None:
                raise Fail(f"--entry {entry}: only a HAR file has entries; this is not one")
            return found
    har = _har(data, entry)
    if har is not None:
        if not har:
            raise Fail("no request or response body in the HAR file")
        return har
    if entry is not None:
        raise Fail(f"--entry {entry}: only a HAR file has entries; this is not one")
    return [Capture(data, None)]


def pick(captures: list[Capture], name: str) -> Capture:
    """The one capture a two-message command works on (the first with a body)."""
    for c in captures:
        if c.body.strip():
            return c
    raise Fail(f"{name}: no message body found")
