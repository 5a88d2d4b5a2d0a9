"""Push notifications written as the vendor sends them: the sender side (simulator, tests).

:func:`encode_notification` turns fields (or a :class:`Notification`) into the request the
vendor would send in one flavour (CONTRACT.md §8): the fields of the vendor's template in
its order, then any other field in the order given; sans-IO, deterministic (the multipart
boundary is derived from the content, so the same notification is always the same bytes).
"""

from __future__ import annotations

import base64
import hashlib
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence

from .._contract import (
    FORM_MEDIA,
    MULTIPART_MEDIA,
    PUSH_FIELDS,
    PUSH_IMAGE_FIELD,
    PUSH_NS,
    PUSH_SOAP_ACTION,
    PUSH_SOAP_ELEMENT,
    SOAP11_MEDIA,
    SOAP11_NS,
)
from .._errors import EncodeError
from ._notification import FLAVOURS, Notification

__all__ = ["EncodedRequest", "encode_notification", "vendor_order"]

#: (method, target, headers, body): what an HTTP client sends to the receiver.
EncodedRequest = tuple[str, str, list[tuple[str, str]], bytes]

_RANK = {name: i for i, name in enumerate((*PUSH_FIELDS, PUSH_IMAGE_FIELD))}


def vendor_order(fields: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """*fields* with the template's fields in the vendor's order, then the others as given."""
    items = list(fields)
    known = sorted((pair for pair in items if pair[0] in _RANK), key=lambda pair: _RANK[pair[0]])
    return known + [pair for pair in items if pair[0] not in _RANK]


def _escape(value: str, name: str) -> str:
    from ..codec._xml import escape_text  # noqa: PLC0415 - lxml only for SOAP

    return escape_text(value, f"/{PUSH_SOAP_ELEMENT}/{name}")


def encode_notification(
    notification_or_fields: Notification | Mapping[str, str] | Sequence[tuple[str, str]],
    flavour: str,
    *,
    url: str,
    image: bytes | None = None,
    headers: Sequence[tuple[str, str]] = (),
) -> EncodedRequest:
    """The request that carries a notification to *url* in *flavour* (CONTRACT.md §8).

    *notification_or_fields* is a :class:`Notification` (its fields and image), a mapping or
    (name, value) pairs. *image* (bytes) goes as a part of its own (``multipart``) or as
    base64 ``DeliveredImage`` (``soap``); ``form`` and ``get`` cannot carry one (EncodeError).
    *headers* are added as given (the vendor's ``HTTP_name=value`` template line: a shared
    secret, say). Returns (method, target, headers, body); the headers include Host, and
    Content-Type and Content-Length for a POST.
    """
    if flavour not in FLAVOURS:
        raise ValueError(f"flavour {flavour!r} is not one of {', '.join(FLAVOURS)}")
    if isinstance(notification_or_fields, Notification):
        pairs = list(notification_or_fields.fields)
        image = notification_or_fields.image if image is None else image
    elif isinstance(notification_or_fields, Mapping):
        pairs = list(notification_or_fields.items())
    else:
        pairs = list(notification_or_fields)
    pairs = vendor_order(pairs)
    split = urllib.parse.urlsplit(url)
    if split.scheme not in ("http", "https") or not split.netloc:
        raise ValueError(f"{url!r} is not an http or https URL")
    path = split.path or "/"
    out: list[tuple[str, str]] = [("Host", split.netloc.rpartition("@")[2])]
    if flavour in ("form", "get") and image is not None:
        raise EncodeError(f"the {flavour} flavour cannot carry an image", path=PUSH_IMAGE_FIELD)
    if flavour == "get":
        query = urllib.parse.urlencode(pairs)
        joined = f"{split.query}&{query}" if split.query else query
        return "GET", f"{path}?{joined}", [*out, *headers], b""
    target = f"{path}?{split.query}" if split.query else path
    if flavour == "form":
        body = urllib.parse.urlencode(pairs).encode("ascii")
        media = FORM_MEDIA
    elif flavour == "multipart":
        texts = [(k, v) for k, v in pairs if k != PUSH_IMAGE_FIELD]
        body, boundary = _multipart(texts, image)
        media = f'{MULTIPART_MEDIA}; boundary="{boundary}"'
    else:
        body = _soap(pairs, image)
        media = f"{SOAP11_MEDIA}; charset=utf-8"
        out.append(("SOAPAction", PUSH_SOAP_ACTION))
    out += [("Content-Type", media), ("Content-Length", str(len(body)))]
    return "POST", target, [*out, *headers], body


def _multipart(texts: list[tuple[str, str]], image: bytes | None) -> tuple[bytes, str]:
    """A multipart/form-data body (RFC 7578) and its boundary, derived from the content."""
    parts: list[tuple[bytes, bytes]] = []
    for name, value in texts:
        head = f'Content-Disposition: form-data; name="{_quoted(name)}"'.encode()
        parts.append((head, value.encode("utf-8")))
    if image is not None:
        head = (
            f'Content-Disposition: form-data; name="{PUSH_IMAGE_FIELD}"; '
            f'filename="{PUSH_IMAGE_FIELD}.tif"\r\nContent-Type: image/tiff'
        ).encode()
        parts.append((head, image))
    digest = hashlib.sha256()
    for head, content in parts:
        digest.update(head)
        digest.update(content)
    salt = 0
    while True:
        boundary = f"faxstatus-{digest.hexdigest()[:32]}-{salt}"
        marker = b"--" + boundary.encode()
        if not any(marker in content or marker in head for head, content in parts):
            break
        salt += 1  # the content holds this boundary: take the next one
    body = b"".join(b"%s\r\n%s\r\n\r\n%s\r\n" % (marker, head, content) for head, content in parts)
    return body + marker + b"--\r\n", boundary


def _quoted(name: str) -> str:
    if any(c in name for c in '"\\\r\n'):
        raise EncodeError("a field name with a quote, backslash or line break", path=name)
    return name


def _soap(pairs: list[tuple[str, str]], image: bytes | None) -> bytes:
    """The SOAP 1.1 envelope of P3's template, children unprefixed in namespace C3FDNS."""
    if image is not None and not any(k == PUSH_IMAGE_FIELD for k, _ in pairs):
        pairs = [*pairs, (PUSH_IMAGE_FIELD, base64.b64encode(image).decode("ascii"))]
    children = "".join(f"<{_name(k)}>{_escape(v, k)}</{_name(k)}>" for k, v in pairs)
    text = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<soap:Envelope xmlns:soap="{SOAP11_NS}">'
        f'<soap:Body><{PUSH_SOAP_ELEMENT} xmlns="{PUSH_NS}">{children}'
        f"</{PUSH_SOAP_ELEMENT}></soap:Body></soap:Envelope>"
    )
    return text.encode("utf-8")


def _name(name: str) -> str:
    if not name.isidentifier() or not name.isascii():
        raise EncodeError("not an XML element name this encoder writes", path=name)
    return name
