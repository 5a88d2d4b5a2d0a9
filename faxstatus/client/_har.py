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
    request_body: bytes,
    status: int | None,
    response_headers: Iterable[tuple[str, str]] = (),
    response_body: bytes = b"",
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

    *sizes* gives the real (request, response) body sizes when the bodies passed in were cut.
    *extra*, when given, becomes the entry's ``_faxstatus`` member: HAR 1.2 lets a writer add
    fields of its own whose names start with an underscore, beside the standard ones.
    """
    secrets = tuple(secrets)
    req_h, resp_h = list(request_headers), list(response_headers)
    req_ct, resp_ct = _ctype(req_h), _ctype(resp_h)
    req_size, resp_size = sizes or (len(request_body), len(response_body))
    content: dict[str, Any] = {"size": resp_size, "mimeType": resp_ct}
    if response_body:
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
        entry["request"]["postData"] = {
            "mimeType": req_ct,
            "text": request_body.decode("utf-8", "replace")
            if masked
            else mask_body(request_body, req_ct, secrets),
        }
    if comment:
        entry["comment"] = comment
    if extra is not None:
        entry["_faxstatus"] = extra
    return entry


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - rare path

    try:
        return version("faxstatus")
    except PackageNotFoundError:
        return "unknown"


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
        data = json.dumps(entry, ensure_ascii=False).encode()
        with self._lock:
            self._file.seek(-len(self._TRAILER), 2)
            self._file.write((b",\n" if self._count else b"\n") + data + self._TRAILER)
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
