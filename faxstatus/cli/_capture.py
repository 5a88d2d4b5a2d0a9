"""Captured messages in any form: a bare body, an HTTP message, curl -i/-v output, HAR files.

Every form reduces to :class:`Capture` objects: the body bytes, the Content-Type the capture
carried (None when it carried none), and the text that preceded the body (start line and
headers) so that ``faxstatus fmt`` can print it back unchanged.

A capture file comes from anywhere, so reading one costs a bounded amount whatever it holds:
one message's head is at most :data:`MAX_HEAD` bytes and its body, de-chunked and inflated
(through the guarded boundary's :class:`~faxstatus._boundary.BodyReader`), at most
:data:`MAX_BODY`; chunk sizes are range-checked numbers; every pass over the file is linear.
A malformed capture is a :class:`Fail` naming the file and what is wrong, never a traceback.
"""

from __future__ import annotations

import re
from itertools import chain, islice
from typing import NamedTuple

from .._boundary import BodyReader, bounded_int
from .._contract import DEFAULT_MAX_BYTES
from .._errors import DecodeError, LimitError
from ._common import SIDES, Fail
from ._har_read import HarEntry, is_token_exchange, read_har

__all__ = [
    "MAX_BODY",
    "MAX_CHUNKS",
    "MAX_HEAD",
    "SIDES",
    "Capture",
    "Captures",
    "is_token_exchange",
    "parse_captures",
    "pick",
    "read_captures",
]

#: Most bytes of one captured body once de-chunked and inflated: the codec's own cap, past
#: which every command refuses the body anyway.
MAX_BODY = DEFAULT_MAX_BYTES
#: Most chunks of one chunked body: the body's cap in chunks of 16 bytes on average. Each
#: chunk costs a step however small, and real servers send chunks of kilobytes.
MAX_CHUNKS = MAX_BODY // 16
#: Most bytes of one message's start line and headers (servers refuse far less: 8-64 KiB).
MAX_HEAD = 64 * 1024

_START = re.compile(rb"(HTTP/\d(?:\.\d)? \d{3}[^\r\n]*|[A-Z]+ \S+ HTTP/\d(?:\.\d)?)\r?\n")
_INTERIM = re.compile(r"HTTP/\S+ 1\d\d")
_HEADER = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\r\n]*\r?\n")
_BLANK = re.compile(rb"\r?\n")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]+)[^\r\n]*\r?\n")
_AFTER_CHUNK = re.compile(rb"\r?\n([0-9A-Fa-f]+)[^\r\n]*\r?\n")
# Hex digits a chunk size may have and still be read at once: 16**6 is past MAX_BODY, so a
# chunk that long fails the body's cap; longer sizes go through bounded_int.
_SHORT_SIZE = 6
# curl -v: a line (bytes.splitlines' breaks: LF, CR, CRLF) that is one of curl's own, "* "
# notes, "> "/"< " headers, "{ "/"} " data notes or a bare ">"/"<"; anything else is body.
# _CURL_LINE finds the break before one (a CR of CRLF is followed by LF, so never matches).
_CURL_MARK = rb"(?:[*>{}<] |[<>][ \t\x0b\x0c]*(?:[\r\n]|\Z))"
_CURL_FIRST = re.compile(_CURL_MARK)
_CURL_LINE = re.compile(rb"[\r\n](?=" + _CURL_MARK + rb")")
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_EOL = re.compile(rb"\r\n|\r|\n")
# The first bytes of a body shown decoded although its Content-Encoding names a coding
# (curl --compressed): markup or JSON; a gzip or zlib stream never starts so.
_DECODED = (b"<", b"{", b"[")


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
    side: str = ""  #: "request" or "response" when the capture says which; "" for a bare body

    def header(self, name: str) -> str | None:
        """The first value of header *name* (case-insensitive), or None."""
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


def _head_over(size: int) -> LimitError:
    return LimitError(
        f"the start line and headers of more than {size} bytes are over the {MAX_HEAD}-byte cap",
        field="header block",
    )


def _head(data: bytes, pos: int, began: int) -> tuple[list[tuple[str, str]], int] | None:
    """Parse a header block at *pos*: (headers, the position after the blank line) or None.

    The message began at *began*: LimitError once its head passes MAX_HEAD.
    """
    headers: list[tuple[str, str]] = []
    while True:
        if pos - began > MAX_HEAD:
            raise _head_over(pos - began)
        blank = _BLANK.match(data, pos)
        if blank:
            return headers, blank.end()
        m = _HEADER.match(data, pos)
        if m is None:
            return None
        name, _, value = m.group().decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
        pos = m.end()


def _value(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _dechunk(data: bytes, pos: int) -> bytes | None:
    """The de-chunked body at *pos* (RFC 9112 §7.1), or None when it is not chunked."""
    reader = BodyReader(None, MAX_BODY, "de-chunked body")
    size_line, after = _CHUNK_SIZE.match, _AFTER_CHUNK.match
    m = size_line(data, pos)
    for _ in range(MAX_CHUNKS):
        if m is None:
            return None
        digits = m.group(1)
        if len(digits) <= _SHORT_SIZE:
            size = int(digits, 16)  # hex digits only (the pattern's)
        else:
            size = bounded_int(digits, "chunk size", high=MAX_BODY, base=16)
        start = m.end()
        if size == 0:
            return reader.result()
        reader.feed(data[start : start + size])
        m = after(data, start + size)  # the chunk's CRLF, then the next size line
    raise LimitError(f"chunked body of more than {MAX_CHUNKS} chunks", field="chunks")


def _read_body(data: bytes, pos: int, headers: list[tuple[str, str]]) -> bytes:
    """The body at *pos*, at most MAX_BODY bytes, de-chunked and inflated where need be.

    A raw capture is still chunked (curl -i shows the body de-chunked already); a coded body
    is inflated unless it is shown decoded (curl --compressed).
    """
    body: bytes | None = None
    if "chunked" in (_value(headers, "transfer-encoding") or "").lower():
        body = _dechunk(data, pos)
    if body is None:
        reader = BodyReader(None, MAX_BODY, "body")
        for at in range(pos, len(data), 1 << 20):  # the cap is checked before a large copy
            reader.feed(data[at : at + (1 << 20)])
        body = reader.result()
    coding = _value(headers, "content-encoding")
    if coding and body and body.lstrip()[:1] not in _DECODED:
        inflated = BodyReader(coding, MAX_BODY, "body")
        inflated.feed(body)
        body = inflated.result()
    return body


def _http(data: bytes) -> list[Capture] | None:
    """An HTTP message (or curl -i output, 1xx blocks skipped), or None when it is not one."""
    if _START.match(data) is None:
        return None
    pos = 0
    while True:
        start = _START.match(data, pos)
        if start is None:
            return None
        if start.end() - pos > MAX_HEAD:
            raise _head_over(start.end() - pos)
        parsed = _head(data, start.end(), pos)
        if parsed is None:
            return None
        headers, body_at = parsed
        line = start.group(1).decode("latin-1")
        if not _INTERIM.match(line):
            break
        pos = body_at  # an interim 100 Continue before the real response
    body = _read_body(data, body_at, headers)
    ctype = _value(headers, "content-type")
    label = "response" if line.startswith("HTTP/") else "request"
    return [Capture(body, ctype, label, data[pos:body_at], tuple(headers), line, label)]


def _headers_only(data: bytes) -> list[Capture] | None:
    """``encode --headers`` output: header lines, a blank line, the body."""
    if _HEADER.match(data) is None:
        return None
    parsed = _head(data, 0, 0)
    if parsed is None:
        return None
    headers, body_at = parsed
    body = _read_body(data, body_at, headers)
    ctype = _value(headers, "content-type")
    return [Capture(body, ctype, "", data[:body_at], tuple(headers))]


def _curl_verbose(data: bytes) -> list[Capture] | None:
    """``curl -v`` output: ``* `` notes, ``> `` request and ``< `` response headers, the body.

    Only curl's own lines are looked at one by one; the body lines between them are copied
    as one span, so the cost is linear in the file and the body at most MAX_BODY.
    """
    first = islice(_LINE.finditer(data), 200)
    if not any(line.group().startswith((b"> ", b"< ")) for line in first):
        return None
    head: list[bytes] = []
    head_size = 0
    body = BodyReader(None, MAX_BODY, "body")
    in_body = False
    pos = 0  # where the lines not yet looked at begin
    first_mark = [0] if _CURL_FIRST.match(data) else []
    for at in chain(first_mark, (m.start() + 1 for m in _CURL_LINE.finditer(data))):
        if at < pos:
            continue
        if in_body and at > pos:
            body.feed(data[pos:at])
        eol = _EOL.search(data, at)
        pos = eol.end() if eol else len(data)
        line = data[at:pos]
        bare = line.rstrip()  # curl writes the blank line after the headers as "< \r\n"
        if bare == b"<":
            in_body = True
        elif line.startswith(b"< "):
            if in_body:  # a second response (redirect, 100 Continue): start over
                head, head_size, in_body = [], 0, False
                body = BodyReader(None, MAX_BODY, "body")
            head.append(line[2:])
            head_size += len(line)
            if head_size > MAX_HEAD:
                raise _head_over(head_size)
        # "* ", "> ", "{ ", "} " and a bare ">": curl's notes and the request, skipped
    if in_body and pos < len(data):
        body.feed(data[pos:])
    if not head:
        return None
    return _http(b"".join(head) + b"\r\n" + body.result())


class Captures(NamedTuple):
    """The messages a command reads from one file, and the HAR entries it left out."""

    captures: list[Capture]
    #: One line per HAR entry left out: "entry 1 (GET http://…?wsdl): not a FaxWS exchange".
    skipped: list[str]


def _entry_name(e: HarEntry) -> str:
    return f"entry {e.number} ({e.method} {e.url})".replace(" )", ")")


def _why_not(e: HarEntry, faxws_only: bool) -> str | None:
    """Why entry *e* is left out, or None when it is read."""
    if e.token_exchange:  # a trace of an OAuth 2.0 run holds its token exchanges too
        return "an OAuth 2.0 token exchange, not a FaxWS message"
    if faxws_only and not e.faxws:
        return "not a FaxWS exchange (FaxWS is POSTed)"
    return None


def _har(data: bytes, entry: int | None, faxws_only: bool) -> Captures | None:
    """Every request and response body of a HAR 1.2 file (or of entry *entry*, from 1)."""
    entries = read_har(data, MAX_BODY)
    if entries is None:
        return None
    if entry is not None:
        if not 1 <= entry <= len(entries):
            raise Fail(f"--entry {entry}: the HAR file has {len(entries)} entries")
        why = _why_not(entries[entry - 1], faxws_only)
        if why is not None:
            e = entries[entry - 1]
            raise Fail(f"--entry {entry}: {why} ({e.method} {e.url})".replace(" )", ")"))
        entries = [entries[entry - 1]]
    out, skipped = [], []
    for e in entries:
        why = _why_not(e, faxws_only)
        if why is not None:
            skipped.append(f"{_entry_name(e)}: {why}")
            continue
        for label, message in (("request", e.request), ("response", e.response)):
            if message is not None:
                out.append(
                    Capture(
                        message.body,
                        message.mime_type,
                        f"entry {e.number} {label}",
                        headers=message.headers,
                        start_line=message.start_line,
                        side=label,
                    )
                )
    return Captures(out, skipped)


def _parse(data: bytes, entry: int | None, faxws_only: bool) -> Captures:
    for parse in (_http, _curl_verbose, _headers_only):
        found = parse(data)
        if found:
            if entry is not None:
                raise Fail(f"--entry {entry}: only a HAR file has entries; this is not one")
            return Captures(found, [])
    har = _har(data, entry, faxws_only)
    if har is not None:
        if not har.captures:
            if har.skipped:
                raise DecodeError(
                    f"no FaxWS exchange in the HAR file ({len(har.skipped)} entries skipped: "
                    f"{har.skipped[0]}{', …' if len(har.skipped) > 1 else ''})"
                )
            raise DecodeError("no request or response body in the HAR file")
        return har
    if entry is not None:
        raise Fail(f"--entry {entry}: only a HAR file has entries; this is not one")
    return Captures([Capture(data, None)], [])


def read_captures(
    data: bytes,
    name: str = "input",
    *,
    entry: int | None = None,
    side: str | None = None,
    faxws_only: bool = False,
) -> Captures:
    """The messages in *data* (the file *name*), whatever its form, and the entries left out.

    *entry* picks one HAR entry (from 1); *side* keeps only requests or only responses (a bare
    body, which says neither, is kept); with *faxws_only*, HAR entries that cannot be FaxWS
    exchanges (not POSTed, a ``GET ?wsdl``) are left out and listed, as token exchanges always
    are. A malformed or oversized capture, or nothing left to read, is a :class:`Fail`
    naming *name* and what is wrong.
    """
    try:
        found = _parse(data, entry, faxws_only)
    except DecodeError as exc:
        raise Fail(f"{name}: {exc}") from None
    if side is None:
        return found
    kept = [c for c in found.captures if c.side in ("", side)]
    if not kept:
        raise Fail(f"{name}: no {side} in it (--side {side})")
    return Captures(kept, found.skipped)


def parse_captures(data: bytes, entry: int | None = None, name: str = "input") -> list[Capture]:
    """The messages in *data* (the file *name*), whatever its form; a bare body is one.

    A malformed or oversized capture is a :class:`Fail` naming *name* and what is wrong.
    """
    return read_captures(data, name, entry=entry).captures


def pick(captures: list[Capture], name: str) -> Capture:
    """The one capture a two-message command works on (the first with a body)."""
    for c in captures:
        if c.body.strip():
            return c
    raise Fail(f"{name}: no message body found")
