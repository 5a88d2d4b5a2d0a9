"""Reading HAR 1.2 files: every member used is type-checked, and a file's cost is bounded.

The capture commands (``decode``, ``validate``, ``fmt``, ``diff``) read request and response
bodies from HAR files (W3C "HTTP Archive (HAR) format", 1.2). A HAR file comes from anywhere,
so each member the commands use is checked for its HAR 1.2 type before it is used, and a wrong
one is a :class:`~faxstatus.DecodeError` naming its path (``log.entries[3].request.headers[0]
.name is not a string``); members the commands do not use are left alone, whatever they hold.

Cost: the file is at most the commands' input cap; before it is parsed, its JSON values are
counted (every value but the first follows a ``,``, ``:`` or ``[``), and a file with more than
:data:`MAX_VALUES` is refused, since each parsed value costs tens of bytes however short its
text. A body is refused past *max_body* bytes before it is encoded or base64-decoded.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any, NamedTuple

from .._errors import DecodeError, LimitError

__all__ = ["MAX_VALUES", "HarEntry", "HarMessage", "is_token_exchange", "read_har"]

#: Most JSON values a HAR file may hold: a recorded FaxWS exchange has a few dozen, so this
#: is thousands of entries, and it bounds the parsed tree to tens of MiB.
MAX_VALUES = 1_000_000

# From a position outside any string: past the structure and the strings of up to _LONG
# characters (RFC 8259 §7), without giving back (possessive), to the next longer string.
_LONG = 64
_NEXT_LONG_STRING = re.compile(
    rb'(?:[^"]++|"[^"\\]{0,%d}+"|"(?:[^"\\]|\\.){0,%d}")*+("(?:[^"\\]|\\.)*+")' % (_LONG, _LONG),
    re.DOTALL,
)


class HarMessage(NamedTuple):
    """One request or response body of an entry, with what a capture shows of its head."""

    body: bytes
    mime_type: str | None
    headers: tuple[tuple[str, str], ...]
    start_line: str


class HarEntry(NamedTuple):
    """One entry (numbered from 1): its request and response bodies, where it has them."""

    number: int
    request: HarMessage | None
    response: HarMessage | None
    token_exchange: bool  #: an OAuth 2.0 token request (a form with a grant), not FaxWS
    method: str = "POST"  #: the request's method (HAR 1.2 ``request.method``; POST if absent)
    url: str = ""  #: the request's URL, as recorded

    @property
    def faxws(self) -> bool:
        """True when the entry can be a FaxWS exchange: a POST that is no token request.

        FaxWS is SOAP over HTTP POST (SOAP 1.1 §6; SOAP 1.2 Part 2 §7.4) or its JSON form,
        also POSTed (CONTRACT.md §4); a ``GET ?wsdl`` (zeep's first request) is not one.
        """
        return self.method.upper() == "POST" and not self.token_exchange


def _count_values(data: bytes) -> int:
    """An upper bound of the JSON values in *data*, from the marks outside long strings."""
    marks = (b",", b":", b"[", b"{")
    count = sum(data.count(m) for m in marks)
    # The marks inside a string (a JSON body's own) stand for no value: those of the long
    # strings, where bodies are, are taken off until the count is under the cap. Each match
    # starts where the last ended, outside a string, so the passes add up to one.
    pos = 0
    while count > MAX_VALUES:
        found = _NEXT_LONG_STRING.match(data, pos)
        if found is None:
            break
        start, pos = found.span(1)
        count -= sum(data.count(m, start, pos) for m in marks)
    return count


def _text(value: object, path: str, *, optional: bool = True) -> str | None:
    """*value* as a string that UTF-8 can carry, None when absent; DecodeError otherwise."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise DecodeError(f"{path} is not a string")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise DecodeError(
                f"{path} holds U+{ord(value[exc.start]):04X}, a lone surrogate, not text"
            ) from None
    return value


def _object(value: object, path: str) -> dict[str, Any]:
    """*value* as a JSON object; an absent member reads as an empty one."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DecodeError(f"{path} is not an object")
    return value


def _headers(value: object, path: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise DecodeError(f"{path} is not a list")
    out = []
    for i, header in enumerate(value):
        where = f"{path}[{i}]"
        h = _object(header, where)
        name = _text(h.get("name"), f"{where}.name", optional=False)
        val = _text(h.get("value"), f"{where}.value", optional=False)
        assert name is not None and val is not None  # not optional
        out.append((name, val))
    return tuple(out)


def _size_check(size: int, path: str, max_body: int) -> None:
    if size > max_body:
        raise LimitError(
            f"{path} of more than {max_body} bytes is over the {max_body}-byte cap", field=path
        )


def _body(text: str, encoding: str | None, path: str, max_body: int) -> bytes:
    """The body *text* stands for: UTF-8 text, or base64 (HAR 1.2 ``content.encoding``)."""
    if encoding is None or encoding == "":
        _size_check(len(text), path, max_body)  # UTF-8 takes a byte per character at least
        body = text.encode("utf-8")
    elif encoding.lower() == "base64":
        _size_check(len(text) // 4 * 3 - 2, path, max_body)
        try:
            body = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise DecodeError(f"{path} is not valid base64") from None
    else:
        raise DecodeError(f"{path}: the encoding {encoding!r} is not base64")
    _size_check(len(body), path, max_body)
    return body


def _status(value: object, path: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DecodeError(f"{path} is not a number")
    return _text(str(value), path) or ""


def _form(post: dict[str, Any], path: str) -> bool:
    """True when *post* is an OAuth 2.0 token request: a form carrying a grant (RFC 6749 §4)."""
    mime = _text(post.get("mimeType"), f"{path}.mimeType") or ""
    text = _text(post.get("text"), f"{path}.text") or ""
    return "x-www-form-urlencoded" in mime and "grant_type=" in text


def _request(req: dict[str, Any], path: str, max_body: int) -> HarMessage | None:
    post = _object(req.get("postData"), f"{path}.postData")
    text = _text(post.get("text"), f"{path}.postData.text")
    if not text:
        return None
    method = _text(req.get("method"), f"{path}.method")
    url = _text(req.get("url"), f"{path}.url") or ""
    version = _text(req.get("httpVersion"), f"{path}.httpVersion") or ""
    return HarMessage(
        _body(text, None, f"{path}.postData.text", max_body),
        _text(post.get("mimeType"), f"{path}.postData.mimeType"),
        _headers(req.get("headers"), f"{path}.headers"),
        f"{method if method is not None else 'POST'} {url} {version}".strip(),
    )


def _response(resp: dict[str, Any], path: str, max_body: int) -> HarMessage | None:
    content = _object(resp.get("content"), f"{path}.content")
    text = _text(content.get("text"), f"{path}.content.text")
    if not text:
        return None
    encoding = _text(content.get("encoding"), f"{path}.content.encoding")
    status = _status(resp.get("status"), f"{path}.status")
    reason = _text(resp.get("statusText"), f"{path}.statusText") or ""
    return HarMessage(
        _body(text, encoding, f"{path}.content.text", max_body),
        _text(content.get("mimeType"), f"{path}.content.mimeType"),
        _headers(resp.get("headers"), f"{path}.headers"),
        f"HTTP/1.1 {status} {reason}".strip(),
    )


def read_har(data: bytes, max_body: int) -> list[HarEntry] | None:
    """The entries of the HAR file *data*; None when *data* is not one.

    A HAR file is a JSON object with a ``log`` object. DecodeError (LimitError for a cap)
    names the member at fault.
    """
    if data.lstrip()[:1] != b"{":
        return None
    values = _count_values(data)
    if values > MAX_VALUES:
        raise LimitError(
            f"HAR file of {values} JSON values is over the {MAX_VALUES}-value cap",
            field="HAR file",
        )
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("log"), dict):
        return None
    entries = doc["log"].get("entries")
    if not isinstance(entries, list):
        raise DecodeError("HAR file without a log.entries list")
    out = []
    for n, raw in enumerate(entries, 1):
        path = f"log.entries[{n - 1}]"
        e = _object(raw, path)
        req = _object(e.get("request"), f"{path}.request")
        resp = _object(e.get("response"), f"{path}.response")
        post = f"{path}.request.postData"
        token = _form(_object(req.get("postData"), post), post)
        method = _text(req.get("method"), f"{path}.request.method")
        out.append(
            HarEntry(
                n,
                _request(req, f"{path}.request", max_body),
                _response(resp, f"{path}.response", max_body),
                token,
                "POST" if method is None else method,
                _text(req.get("url"), f"{path}.request.url") or "",
            )
        )
    return out


def is_token_exchange(e: Any) -> bool:
    """True for a raw HAR entry whose request is an OAuth 2.0 token request (a grant form).

    *e* is the parsed JSON object; anything malformed is not one.
    """
    req = e.get("request") if isinstance(e, dict) else None
    post = req.get("postData") if isinstance(req, dict) else None
    if not isinstance(post, dict):
        return False
    mime, text = post.get("mimeType"), post.get("text")
    if not isinstance(mime, str) or not isinstance(text, str):
        return False
    return "x-www-form-urlencoded" in mime and "grant_type=" in text
