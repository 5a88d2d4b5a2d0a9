"""Push notifications read sans-IO: the vendor's three flavours into the status operations' model.

:func:`parse_notification` takes a request as bytes and text (method, target, headers,
body) and returns a :class:`Notification`, or raises :class:`~faxstatus.NotificationError`
naming the field, header or part at fault. It does no I/O, so the WSGI and ASGI apps and
``faxstatus listen`` share it. What the flavours look like is restated in CONTRACT.md §8:

* ``form``: a POST of ``application/x-www-form-urlencoded`` fields;
* ``multipart``: the same fields as ``multipart/form-data`` parts, with the fax image as a
  part of its own, kept as bytes and never decoded as text;
* ``get``: the same fields in the query string;
* ``soap``: a SOAP 1.1 ``FaxDeliveryNotification`` in namespace ``C3FDNS``.

The status is a :class:`~faxstatus.JobStatus`, the model the status operations give: the
fields a push has are set, the rest are None, and a value that does not parse (a status id
that is no number, a duration in another unit) is kept as its raw text in ``status.extra``
and named in :attr:`Notification.problems`: the notification is never dropped for it.
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .._boundary import BodyReader, bounded_int
from .._contract import (
    DEFAULT_MAX_BYTES,
    FORM_MEDIA,
    INT_RANGES,
    MAX_MULTIPART_BOUNDARY,
    MAX_PUSH_FIELDS,
    MULTIPART_MEDIA,
    PUSH_FIELDS,
    PUSH_IMAGE_FIELD,
    PUSH_NS,
    PUSH_SOAP_ACTION,
    PUSH_SOAP_ELEMENT,
    SOAP11_MEDIA,
    SOAP11_NS,
    SOAP12_MEDIA,
    SOAP12_NS,
    XML_MEDIA,
)
from .._errors import DecodeError, InvalidJobIdError, LimitError, NotificationError
from ..client._results import JobStatus, check_job_id, job_status, parse_fax_datetime

__all__ = [
    "FLAVOURS",
    "Notification",
    "notification_from_fields",
    "parse_notification",
]

#: The flavours, as :attr:`Notification.flavour` names them.
FLAVOURS = ("form", "multipart", "get", "soap")

#: The push fields that become a named JobStatus attribute (CONTRACT.md §8); the others
#: (AccountId, ErrorCode, ErrorString, and any the vendor adds) go to ``status.extra``.
_TEXT_ATTRIBUTES = {
    "ReferenceId": "reference_id",
    "StatusDescription": "description",
    "FaxDeliveryDateTime": "delivered_at_raw",
    "RemoteFaxCSID": "remote_csid",
}
#: Push fields read as integers: to a JobStatus attribute, or (None) into ``extra`` as an int.
_INT_ATTRIBUTES = {
    "PageCount": "pages_total",
    "FaxDeliveryDuration": "duration_seconds",
    "ErrorCode": None,
}
_INT_LOW, _INT_HIGH = INT_RANGES["int"]
_SOAP_MEDIA = (SOAP11_MEDIA, SOAP12_MEDIA, XML_MEDIA)


@attrs.frozen(repr=False)
class Notification:
    """One push notification as received: its raw fields and the job status they give.

    ``fields`` holds every field in the order received, under the vendor's names, with the
    text values as received (percent-decoding and XML parsing aside); ``image`` is the fax
    image of a multipart or SOAP push (bytes, never decoded as text), else None. ``final``
    says the status is succeeded or failed. ``problems`` names each value that did not parse
    (its raw text is in ``fields`` and ``status.extra``). ``received_seq`` is the store's
    sequence number once stored (None before). The repr shows the data as it is (nothing in
    a notification is a credential of ours) and the image's size only.
    """

    flavour: str
    fields: tuple[tuple[str, str], ...]
    job_id: str
    status: JobStatus
    image: bytes | None = attrs.field(default=None, eq=True)
    final: bool = False
    problems: tuple[str, ...] = ()
    received_seq: int | None = attrs.field(default=None, eq=False)

    def __repr__(self) -> str:
        image = "None" if self.image is None else f"<{len(self.image)} bytes>"
        fields = [
            (k, f"<{len(v)} characters>" if k == PUSH_IMAGE_FIELD else v) for k, v in self.fields
        ]
        return (
            f"Notification(flavour={self.flavour!r}, job_id={self.job_id!r}, "
            f"status={int(self.status.status)}, final={self.final}, fields={fields!r}, "
            f"image={image}, problems={list(self.problems)!r}, received_seq={self.received_seq})"
        )

    def field(self, name: str) -> str | None:
        """The first value received under *name*, or None."""
        for key, value in self.fields:
            if key == name:
                return value
        return None

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output: the fields in order, the status, the image's size.

        The image itself is left out (it may be megabytes); ``image_bytes`` is its size.
        """
        return {
            "flavour": self.flavour,
            "job_id": self.job_id,
            "final": self.final,
            "received_seq": self.received_seq,
            "fields": [[k, v] for k, v in self.fields],
            "status": self.status.as_dict(),
            "image_bytes": None if self.image is None else len(self.image),
            "problems": list(self.problems),
        }


def _int_value(text: str) -> int | None:
    """*text* as an xsd:int, None when it is not one (the caller keeps the raw text)."""
    value = text.strip()
    if value.isascii() and value.isdigit() and len(value) < len(str(_INT_HIGH)):
        return int(value)  # the common case: a few digits, always in range
    negative = value.startswith("-")
    try:
        number = bounded_int(
            value[1:] if negative else value,
            "value",
            high=-_INT_LOW if negative else _INT_HIGH,
        )
    except DecodeError:
        return None
    return -number if negative else number


def notification_from_fields(
    flavour: str,
    fields: Sequence[tuple[str, str]],
    image: bytes | None = None,
    *,
    received_seq: int | None = None,
) -> Notification:
    """The :class:`Notification` of *fields* (name, raw text) received in *flavour*.

    NotificationError when ``FaxJobId`` is missing or not a job id, or when a field of
    CONTRACT.md §8 appears twice with different values (which one would be the job's?).
    """
    if flavour not in FLAVOURS:
        raise ValueError(f"flavour {flavour!r} is not one of {', '.join(FLAVOURS)}")
    fields = tuple(fields)
    if len(fields) > MAX_PUSH_FIELDS:
        raise LimitError(
            f"notification has {len(fields)} fields, over the cap of {MAX_PUSH_FIELDS}",
            field="fields",
        )
    first: dict[str, str] = {}
    for name, value in fields:
        if name in first and first[name] != value and name in PUSH_FIELDS:
            raise NotificationError("appears twice with different values", field=name)
        first.setdefault(name, value)
    raw_id = first.get("FaxJobId")
    if raw_id is None:
        raise NotificationError("missing: a notification names its job", field="FaxJobId")
    try:
        job_id = check_job_id(raw_id.strip())
    except InvalidJobIdError as exc:
        raise NotificationError(f"not a job id ({exc})", field="FaxJobId") from None
    problems: list[str] = []
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    code_text = first.get("FaxJobStatusId")
    code = None if code_text is None else _int_value(code_text)
    if code is None:
        # No code to go by: the job is taken as not final, so a poll will find out.
        problems.append(
            "FaxJobStatusId: missing"
            if code_text is None
            else "FaxJobStatusId: not an integer, kept as text"
        )
        if code_text is not None:
            extra["FaxJobStatusId"] = code_text
    for name, value in first.items():
        if name in ("FaxJobId", "FaxJobStatusId", PUSH_IMAGE_FIELD):
            continue  # the image is Notification.image, never text in the status
        if name in _TEXT_ATTRIBUTES:
            values[_TEXT_ATTRIBUTES[name]] = value
        elif name in _INT_ATTRIBUTES:
            attr = _INT_ATTRIBUTES[name]
            number = _int_value(value) if value.strip() else None
            if number is None and value.strip():
                problems.append(f"{name}: not an integer, kept as text")
                extra[name] = value
            elif attr is None:
                extra[name] = number if number is not None else value
            else:
                values[attr] = number
        else:
            extra[name] = value
    raw_date = values.get("delivered_at_raw")
    delivered_at = parse_fax_datetime(raw_date) if raw_date else None
    if raw_date and raw_date.strip() and delivered_at is None:
        problems.append("FaxDeliveryDateTime: format not recognised, kept as text")
    status = JobStatus(
        job_id=job_id,
        status=job_status(code if code is not None else 0),
        description=values.pop("description", ""),
        error=None,
        delivered_at=delivered_at,
        extra=extra,
        **values,
    )
    return Notification(
        flavour=flavour,
        fields=fields,
        job_id=job_id,
        status=status,
        image=image,
        final=code is not None and status.done,
        problems=tuple(problems),
        received_seq=received_seq,
    )


# -- the request --------------------------------------------------------------------------

_TCHARS = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_PARAM = re.compile(rf';\s*({_TCHARS})\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')
# RFC 2046 §5.1.1: bcharsnospace, and the space, never last.
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,./:=? -]*[0-9A-Za-z'()+_,./:=?-]\Z")


def _unquoted(raw: str) -> str:
    """A parameter value without its quotes and quoted-pair escapes (RFC 9110 §5.6.4)."""
    raw = raw.strip()
    if len(raw) >= 2 and raw.startswith('"') and raw.endswith('"'):
        return re.sub(r"\\(.)", r"\1", raw[1:-1])
    return raw


def _media(value: str, field: str = "Content-Type") -> tuple[str, dict[str, str]]:
    """A media type (lower case) and its parameters (names lower case, quotes removed)."""
    media, _, rest = value.partition(";")
    params: dict[str, str] = {}
    rest = ";" + rest if rest else ""
    for m in _PARAM.finditer(rest):
        params[m.group(1).lower()] = _unquoted(m.group(2))
    media = media.strip().lower()
    if media and not re.fullmatch(rf"{_TCHARS}/{_TCHARS}", media):
        raise NotificationError(f"{media[:40]!r} is not a media type", field=field)
    return media, params


def _headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Header fields by lower-case name, repeated ones joined with ", " (RFC 9110 §5.3)."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _text(data: bytes, charset: str | None = None) -> tuple[str, bool]:
    """*data* as text: its charset (UTF-8 when unnamed), else Latin-1; True when it fell back.

    The vendor names no charset for its fields (CONTRACT.md §8): UTF-8 is tried first, and a
    value that is not UTF-8 is still kept, read byte for byte as Latin-1.
    """
    try:
        return data.decode(charset or "utf-8"), False
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), True


def _query_fields(data: bytes, what: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The (name, value) pairs of a form or query string (WHATWG URL, urlencoded parsing)."""
    if data.count(b"&") >= MAX_PUSH_FIELDS:
        raise LimitError(f"{what} has more than {MAX_PUSH_FIELDS} fields, over the cap", field=what)
    fields: list[tuple[str, str]] = []
    problems: list[str] = []
    for pair in data.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        name_text, bad_name = _text(_unquote(name))
        value_text, bad = _text(_unquote(value))
        if bad or bad_name:
            problems.append(f"{name_text}: not UTF-8, read as Latin-1")
        fields.append((name_text, value_text))
    return fields, problems


def _unquote(data: bytes) -> bytes:
    """WHATWG URL's percent-decode of a form value, "+" as a space."""
    if b"%" not in data and b"+" not in data:
        return data
    return urllib.parse.unquote_to_bytes(data.replace(b"+", b" "))


def _split_target(target: str) -> tuple[str, str]:
    path, _, query = target.partition("?")
    return path, query.partition("#")[0]


def parse_notification(
    method: str,
    target: str,
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    body: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Notification:
    """The notification a request carries (CONTRACT.md §8); sans-IO.

    *target* is the request target (path and query), *headers* the fields (a mapping or
    pairs, any case), *body* the decoded body. The flavour is told by the method and the
    Content-Type: GET is ``get``; a POST of a form is ``form``, of ``multipart/form-data``
    ``multipart``, of XML (or with a SOAPAction) ``soap``. Raises NotificationError naming
    what is at fault, and LimitError (from the guarded boundary) past *max_bytes* or
    :data:`~faxstatus._contract.MAX_PUSH_FIELDS`.
    """
    if len(body) > max_bytes:
        raise BodyReader(None, max_bytes, "notification body").over()
    fields = _headers(headers)
    verb = method.upper()
    if verb == "GET":
        _, query = _split_target(target)
        pairs, problems = _query_fields(query.encode("latin-1", "replace"), "query string")
        return _with(notification_from_fields("get", pairs), problems)
    if verb != "POST":
        raise NotificationError(f"{method[:20]!r} carries no notification", field="method")
    media, params = _media(fields.get("content-type", ""))
    action = fields.get("soapaction")
    if media in _SOAP_MEDIA or (action is not None and media == ""):
        return _soap(body, action, max_bytes)
    if action is not None:
        raise NotificationError(
            f"a SOAP push is {SOAP11_MEDIA}, not {media!r}", field="Content-Type"
        )
    if media == MULTIPART_MEDIA:
        return _multipart(body, params)
    if media in (FORM_MEDIA, ""):
        pairs, problems = _query_fields(body, "form body")
        return _with(notification_from_fields("form", pairs), problems)
    raise NotificationError(
        f"{media!r} is not a push notification's media type", field="Content-Type"
    )


def _with(notification: Notification, problems: list[str]) -> Notification:
    if not problems:
        return notification
    return attrs.evolve(notification, problems=(*problems, *notification.problems))


# -- multipart/form-data (RFC 7578, RFC 2046 §5.1) -----------------------------------------


def _multipart(body: bytes, params: Mapping[str, str]) -> Notification:
    boundary = params.get("boundary")
    if not boundary:
        raise NotificationError(f"{MULTIPART_MEDIA} without a boundary", field="Content-Type")
    if len(boundary) > MAX_MULTIPART_BOUNDARY or not _BOUNDARY.match(boundary):
        raise NotificationError(
            f"boundary is not 1-{MAX_MULTIPART_BOUNDARY} characters of RFC 2046 §5.1.1",
            field="Content-Type",
        )
    delimiter = b"--" + boundary.encode("ascii")
    # Every delimiter but a first one at the very start follows a CRLF (RFC 2046 §5.1.1).
    pieces = (b"\r\n" + body).split(b"\r\n" + delimiter, MAX_PUSH_FIELDS + 1)
    if len(pieces) > MAX_PUSH_FIELDS + 1:
        raise LimitError(
            f"multipart body has more than {MAX_PUSH_FIELDS} parts, over the cap",
            field="multipart body",
        )
    if len(pieces) < 2:
        raise NotificationError("no part starts with the boundary", field="multipart body")
    fields: list[tuple[str, str]] = []
    problems: list[str] = []
    image: bytes | None = None
    closed = False
    for index, piece in enumerate(pieces[1:], 1):
        if piece.startswith(b"--"):
            closed = True  # the close delimiter: what follows is the epilogue
            break
        line_end = piece.find(b"\r\n")
        if line_end < 0 or piece[:line_end].strip(b" \t"):
            raise NotificationError(
                f"part {index}: the boundary line has more after it", field="multipart body"
            )
        head_end = piece.find(b"\r\n\r\n", line_end)
        if head_end < 0 and piece[line_end:] != b"\r\n":
            raise NotificationError(f"part {index}: headers never end", field="multipart body")
        head = piece[line_end + 2 : head_end] if head_end >= 0 else b""
        content = piece[head_end + 4 :] if head_end >= 0 else b""
        part = _headers(_part_headers(head, index))
        disposition, dparams = _media_disposition(part.get("content-disposition"), index)
        name = dparams.get("name")
        if disposition != "form-data" or name is None:
            raise NotificationError(
                f"part {index} is not form-data with a name", field="Content-Disposition"
            )
        ctype, cparams = _media(part.get("content-type", ""), f"part {index} Content-Type")
        if name == PUSH_IMAGE_FIELD or "filename" in dparams or not _textual(ctype):
            if image is not None:
                raise NotificationError(f"part {index}: a second image", field=name)
            image = content
            continue
        text, fell_back = _text(content, cparams.get("charset"))
        if fell_back:
            problems.append(f"{name}: not {cparams.get('charset') or 'UTF-8'}, read as Latin-1")
        fields.append((name, text))
    if not closed:
        raise NotificationError(
            "ends without its closing boundary (truncated?)", field="multipart body"
        )
    return _with(notification_from_fields("multipart", fields, image), problems)


def _textual(media: str) -> bool:
    return media in ("", FORM_MEDIA) or media.startswith("text/")


def _part_headers(head: bytes, index: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if not head:
        return out  # a part without headers: its missing Content-Disposition says why
    for line in head.split(b"\r\n"):
        name, sep, value = line.partition(b":")
        if not sep or not name.strip():
            raise NotificationError(
                f"part {index}: a header line without a name", field="multipart body"
            )
        out.append((name.strip().decode("latin-1"), value.strip().decode("utf-8", "replace")))
    return out


def _media_disposition(value: str | None, index: int) -> tuple[str, dict[str, str]]:
    if value is None:
        raise NotificationError(f"part {index} has none", field="Content-Disposition")
    kind, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for m in _PARAM.finditer(";" + rest if rest else ""):
        params[m.group(1).lower()] = _unquoted(m.group(2))
    return kind.strip().lower(), params


# -- SOAP 1.1 (CONTRACT.md §8, P3) -----------------------------------------------------------


def _soap(body: bytes, action: str | None, max_bytes: int) -> Notification:
    # The codec's hardened parser: no DTD, no entity, size and density caps (SOAP 1.1 §3).
    from ..codec._xml import local_name, parse_document  # noqa: PLC0415 - lxml only for SOAP

    if action is not None and action.strip().strip('"') != PUSH_SOAP_ACTION:
        raise NotificationError(
            f"{action.strip()[:60]!r} is not {PUSH_SOAP_ACTION!r}", field="SOAPAction"
        )
    root = parse_document(body, max_bytes=max_bytes, relative_namespaces=True)
    if (
        not isinstance(root.tag, str)
        or local_name(root.tag) != "Envelope"
        or (root.tag.partition("}")[0].lstrip("{") not in (SOAP11_NS, SOAP12_NS))
    ):
        raise NotificationError("the document is no SOAP envelope", field="Envelope")
    ns = root.tag.partition("}")[0].lstrip("{")
    soap_body = root.find(f"{{{ns}}}Body")
    if soap_body is None:
        raise NotificationError("the envelope has no Body", field="Body")
    payload = next((el for el in soap_body if isinstance(el.tag, str)), None)
    if payload is None or payload.tag not in (
        f"{{{PUSH_NS}}}{PUSH_SOAP_ELEMENT}",
        PUSH_SOAP_ELEMENT,
    ):
        shown = "nothing" if payload is None else repr(str(payload.tag)[:80])
        raise NotificationError(
            f"expected {PUSH_SOAP_ELEMENT} in namespace {PUSH_NS!r}, found {shown}",
            field="Body",
        )
    fields: list[tuple[str, str]] = []
    image: bytes | None = None
    problems: list[str] = []
    for child in payload:
        if not isinstance(child.tag, str):
            continue
        if len(fields) >= MAX_PUSH_FIELDS:
            raise LimitError(
                f"{PUSH_SOAP_ELEMENT} has more than {MAX_PUSH_FIELDS} children, over the cap",
                field=PUSH_SOAP_ELEMENT,
            )
        ns_child, _, name = child.tag.rpartition("}")
        if ns_child.lstrip("{") not in ("", PUSH_NS):
            raise NotificationError(
                f"in namespace {ns_child.lstrip('{')!r}, not {PUSH_NS!r}", field=name
            )
        if any(isinstance(grand.tag, str) for grand in child):
            raise NotificationError("holds elements, not text", field=name)
        text = child.text or ""
        fields.append((name, text))
        if name == PUSH_IMAGE_FIELD and text.strip():
            try:
                image = base64.b64decode("".join(text.split()), validate=True)
            except (binascii.Error, ValueError):
                problems.append(f"{PUSH_IMAGE_FIELD}: not base64, kept as text")
    return _with(notification_from_fields("soap", fields, image), problems)
