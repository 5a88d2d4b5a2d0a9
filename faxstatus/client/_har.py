"""Trace masking and HAR 1.2 files: secrets masked only where they are, entries as they come.

Masking is the one engine of ``faxstatus._redact`` (:class:`~faxstatus._redact.Masker`):
credentials where they stand (the value of ``Authorization``, ``Proxy-Authorization`` and
cookies, ``strPIN``, bearer credentials, the OAuth form fields and JSON members, all named by
the one table of secret names), a long secret echoed back in any form, and a short one only
as a whole echo (a whole value, or after a word such as "PIN"): a PIN ``2026`` leaves
``2026-11-26T09:15:02Z`` and ``Date:`` headers alone, a token ``x`` leaves
``ws.concordfax.com`` alone.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from .._contract import ACTIVITY_ID_HEADER, EXECUTION_TIME_HEADER, FORM_MEDIA, REQUEST_ID_HEADER
from .._redact import (
    MASK,
    SECRET_FORM_FIELDS,
    SECRET_HEADERS,
    SECRET_MEMBER_KEY,
    SECRET_START_TAG,
    WINDOW,
    Masker,
    masker,
    names_pattern,
)

__all__ = [
    "HarWriter",
    "entry_json",
    "har_entry",
    "mask_body",
    "mask_headers",
    "mask_url",
    "secrets_in",
]

_FORM_FIELDS = re.compile(rf"((?:^|&){names_pattern(SECRET_FORM_FIELDS)}=)([^&]*)")
# Headers whose values are the protocol's own (dates, sizes, media types, ids we generate):
# never masked by value, so a short secret cannot garble them.
_STANDARD_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "age",
        "cache-control",
        "connection",
        "content-encoding",
        "content-length",
        "content-type",
        "date",
        "expires",
        "host",
        "keep-alive",
        "last-modified",
        "pragma",
        "retry-after",
        "server",
        "soapaction",
        "transfer-encoding",
        "user-agent",
        "vary",
        ACTIVITY_ID_HEADER,
        EXECUTION_TIME_HEADER,
        REQUEST_ID_HEADER,
    }
)


def mask_headers(
    headers: Iterable[tuple[str, str]], secrets: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Headers with credential values masked (the scheme of ``Authorization`` kept).

    The headers the HTTP standards define (``Date``, ``Content-Length``, …) hold the
    protocol's own values: only a long secret is masked there, never a short one that a
    date or a size may equal. Any other header (``X-Debug`` and the like) is masked as text.
    """
    held = tuple(secrets)
    every, long = masker(held), masker(tuple(s for s in held if len(s) >= WINDOW))
    out = []
    for name, value in headers:
        low = name.lower()
        if low in SECRET_HEADERS:
            scheme, sep, _ = value.partition(" ")
            keep = sep and low.endswith("authorization")
            out.append((name, f"{scheme} {MASK}" if keep else MASK))
        else:
            out.append((name, _header_text(long if low in _STANDARD_HEADERS else every, value)))
    return out


#: Header values longer than this are masked afresh each time instead of kept.
_KEPT_VALUE = 256


def _header_text(mask: Masker, value: str) -> str:
    """*value* masked as header text, a short one kept: the same values come with every exchange."""
    if len(value) > _KEPT_VALUE:
        return mask.text(value, cut=True)
    return _kept_header_text(mask, value)


@functools.lru_cache(maxsize=1024)
def _kept_header_text(mask: Masker, value: str) -> str:
    return mask.text(value, cut=True)


def mask_url(url: str, secrets: Iterable[str] = ()) -> str:
    """*url* with OAuth query parameters and echoed secrets in the query masked."""
    base, sep, query = url.partition("?")
    if not sep:
        return url
    query = _FORM_FIELDS.sub(lambda m: m.group(1) + MASK, query)
    return base + sep + masker(tuple(secrets)).text(query)


def mask_body(body: bytes | str, content_type: str | None, secrets: Iterable[str] = ()) -> str:
    """The body as text with strPIN, bearer credentials, OAuth form fields and echoes masked."""
    mask = masker(tuple(secrets))
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == FORM_MEDIA:
        text = body if isinstance(body, str) else body.decode("utf-8", "replace")
        return mask.text(_FORM_FIELDS.sub(lambda m: m.group(1) + MASK, text), cut=True)
    if isinstance(body, str):
        return mask.text(body, cut=True)
    return mask.body(body, cut=True)


def _masked(
    headers: list[tuple[str, str]], done: bool, secrets: tuple[str, ...]
) -> list[tuple[str, str]]:
    return headers if done else mask_headers(headers, secrets)


def _size(body: bytes | str) -> int:
    """A body's size in bytes (a text body is sent as UTF-8)."""
    return len(body) if isinstance(body, bytes) or body.isascii() else len(body.encode())


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _ctype(headers: Iterable[tuple[str, str]]) -> str:
    return next((v for k, v in headers if k.lower() == "content-type"), "")


def har_entry(
    *,
    started: datetime,
    method: str,
    url: str,
    request_headers: Iterable[tuple[str, str]],
    request_body: bytes | str,
    status: int | None,
    response_headers: Iterable[tuple[str, str]] = (),
    response_body: bytes | str = b"",
    elapsed_ms: float,
    secrets: Iterable[str] = (),
    http_version: str = "HTTP/1.1",
    status_text: str = "",
    comment: str = "",
    masked: bool = False,
    sizes: tuple[int, int] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One HAR 1.2 entry, masked (unless *masked* says it was already); no response is status 0.

    A body given as text is one already masked (*masked*), kept as it is.
    *sizes* gives the real (request, response) body sizes when the bodies passed in were cut.
    *extra*, when given, becomes the entry's ``_faxstatus`` member: HAR 1.2 lets a writer add
    fields of its own whose names start with an underscore, beside the standard ones.
    """
    secrets = tuple(secrets)
    req_h, resp_h = list(request_headers), list(response_headers)
    req_ct, resp_ct = _ctype(req_h), _ctype(resp_h)
    req_size, resp_size = sizes or (_size(request_body), _size(response_body))
    content: dict[str, Any] = {"size": resp_size, "mimeType": resp_ct}
    if isinstance(response_body, str):
        if response_body:
            text = response_body if masked else mask_body(response_body, resp_ct, secrets)
            content["text"] = text
    elif response_body:
        try:
            text = response_body.decode("utf-8")
        except UnicodeDecodeError:
            content["text"] = base64.b64encode(response_body).decode("ascii")
            content["encoding"] = "base64"
        else:
            content["text"] = text if masked else mask_body(response_body, resp_ct, secrets)
    entry: dict[str, Any] = {
        "startedDateTime": _iso(started),
        "time": round(elapsed_ms, 3),
        "request": {
            "method": method,
            "url": url if masked else mask_url(url, secrets),
            "httpVersion": http_version,
            "cookies": [],
            "headers": [{"name": k, "value": v} for k, v in _masked(req_h, masked, secrets)],
            "queryString": [],
            "headersSize": -1,
            "bodySize": req_size,
        },
        "response": {
            "status": status or 0,
            "statusText": status_text,
            "httpVersion": http_version,
            "cookies": [],
            "headers": [{"name": k, "value": v} for k, v in _masked(resp_h, masked, secrets)],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": resp_size if status else -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(elapsed_ms, 3), "receive": 0},
    }
    if request_body:
        if not masked:
            text = mask_body(request_body, req_ct, secrets)
        elif isinstance(request_body, str):
            text = request_body
        else:
            text = request_body.decode("utf-8", "replace")
        entry["request"]["postData"] = {"mimeType": req_ct, "text": text}
    if comment:
        entry["comment"] = comment
    if extra is not None:
        entry["_faxstatus"] = extra
    return entry


#: Control characters JSON writes as ``\\u00XX``: a text holding one takes ``json.dumps``.
_RARE_CONTROLS = tuple(chr(c) for c in range(32) if chr(c) not in "\t\n\r")
#: What ``json.dumps`` escapes in a text without those, and how, in UTF-8.
_ESCAPES = (
    (b"\\", b"\\\\"),
    (b'"', b'\\"'),
    (b"\n", b"\\n"),
    (b"\r", b"\\r"),
    (b"\t", b"\\t"),
)
#: Texts shorter than this are left to ``json.dumps``, whose escaper is quicker for them.
_LONG_TEXT = 4096
#: Stands in for a long text while the rest of an entry is written; a text can't hold it:
#: JSON escapes NUL, so the written placeholder occurs only where a text held NUL (and
#: then the entry is written by ``json.dumps`` alone).
_PLACEHOLDER = "\x00faxstatus-text-{}\x00"


def _escaped(text: str) -> bytes | None:
    """A long *text* in UTF-8, escaped as inside a JSON string; None: ``json.dumps`` writes it.

    ``json.dumps`` looks at every character twice; a body is mostly characters it writes
    as they are, so a text without a rare control character (looked for with one C search
    each) is escaped by replacing, in its bytes, the five characters JSON escapes that it
    can hold.
    """
    if len(text) < _LONG_TEXT or any(c in text for c in _RARE_CONTROLS):
        return None
    data = text.encode()
    for char, escape in _ESCAPES:
        if char in data:
            data = data.replace(char, escape)
    return data


def _long_texts(entry: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """The members holding an entry's bodies, when long: the request's and the response's."""
    out = []
    for part, member in (("request", "postData"), ("response", "content")):
        holder = entry.get(part, {}).get(member)
        text = holder.get("text") if isinstance(holder, dict) else None
        if isinstance(text, str) and len(text) >= _LONG_TEXT:
            out.append((holder, "text"))
    return out


def entry_json(entry: dict[str, Any]) -> bytes:
    """``json.dumps(entry, ensure_ascii=False)`` in UTF-8, the long bodies escaped quicker.

    The bodies are taken out and escaped in their bytes, the rest written by
    ``json.dumps``; the text is the same byte for byte.
    """
    return b"".join(_entry_chunks(entry))


def _entry_chunks(entry: dict[str, Any]) -> list[bytes]:
    """:func:`entry_json`'s bytes in chunks, a long body one chunk (not copied once more)."""
    long = _long_texts(entry)
    if not long:
        return [json.dumps(entry, ensure_ascii=False).encode()]
    texts = [holder[key] for holder, key in long]
    try:
        for i, (holder, key) in enumerate(long):
            holder[key] = _PLACEHOLDER.format(i)
        out = json.dumps(entry, ensure_ascii=False)
    finally:
        for (holder, key), text in zip(long, texts, strict=True):
            holder[key] = text
    marks = [json.dumps(_PLACEHOLDER.format(i)) for i in range(len(long))]
    if any(out.count(mark) != 1 for mark in marks):
        return [json.dumps(entry, ensure_ascii=False).encode()]
    chunks: list[bytes] = []
    pos = 0
    for at, i in sorted((out.index(mark), i) for i, mark in enumerate(marks)):
        inner = _escaped(texts[i])
        chunks.append(out[pos:at].encode())
        if inner is None:
            chunks.append(json.dumps(texts[i], ensure_ascii=False).encode())
        else:
            chunks += (b'"', inner, b'"')
        pos = at + len(marks[i])
    chunks.append(out[pos:].encode())
    return chunks


def _version() -> str:
    from .._version import __version__  # noqa: PLC0415 - HAR files only

    return __version__


class HarWriter:
    """Writes a HAR 1.2 file entry by entry; after each entry the file is complete and valid.

    Nothing is kept in memory but the entry being written. Thread-safe.
    """

    _TRAILER = b"\n]}}\n"

    def __init__(self, path: str | Path, creator: str = "faxstatus", version: str = "") -> None:
        self.path = Path(path)
        self._file: IO[bytes] = self.path.open("wb")
        head = {"version": "1.2", "creator": {"name": creator, "version": version or _version()}}
        prefix = json.dumps({"log": head})[:-2]  # drop the closing "}}"
        self._file.write(prefix.encode() + b', "entries": [' + self._TRAILER)
        self._file.flush()
        self._count = 0
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        """Entries written so far."""
        return self._count

    def add(self, entry: dict[str, Any]) -> None:
        """Append *entry* (from :func:`har_entry`) and flush."""
        # Each chunk is written as it is: a long body is not copied into one buffer first.
        chunks = _entry_chunks(entry)
        with self._lock:
            self._file.seek(-len(self._TRAILER), 2)
            self._file.write(b",\n" if self._count else b"\n")
            for chunk in chunks:
                self._file.write(chunk)
            self._file.write(self._TRAILER)
            self._file.flush()
            self._count += 1

    def close(self) -> None:
        """Close the file (it is complete already)."""
        with self._lock:
            self._file.close()

    def __enter__(self) -> HarWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_PIN_TEXT = (
    re.compile(rf"{SECRET_START_TAG}([^<]+)<", re.IGNORECASE),
    re.compile(rf'{SECRET_MEMBER_KEY}((?:[^"\\]|\\.)+)"', re.IGNORECASE),
)


def secrets_in(
    headers: Iterable[tuple[str, str]], body: bytes, content_type: str | None
) -> tuple[str, ...]:
    """The credentials a request carries (bearer token, strPIN, OAuth form secrets).

    A proxy knows no secret in advance; it learns them from each request so that a secret
    echoed in the response can be masked too.
    """
    found = []
    for name, value in headers:
        low = name.lower()
        if low in SECRET_HEADERS and low.endswith("authorization"):
            found.append(value.partition(" ")[2].strip() or value)
    text = body.decode("utf-8", "replace")
    for pattern in _PIN_TEXT:
        found += [m.group(1) for m in pattern.finditer(text)]
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == FORM_MEDIA:
        from urllib.parse import parse_qsl  # noqa: PLC0415 - form bodies only

        found += [v for k, v in parse_qsl(text) if k in SECRET_FORM_FIELDS]
    return tuple(s for s in found if s and s != MASK)
