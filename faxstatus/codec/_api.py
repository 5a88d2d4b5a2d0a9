"""Envelopes, content types and the codec's entry points: encode, decode, encode_fault.

Rules of this module:
  * no I/O, no httpx: headers and bytes in, typed messages out, and back;
  * the envelope namespace, not the Content-Type header, decides the SOAP version
    (a public client posts SOAP 1.1 envelopes as application/soap+xml: CONTRACT.md §1);
  * every failure is a CodecError subclass; faults are data here (decode returns a Fault)
    and become exceptions only in :func:`decode_response`.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from typing import Any, ClassVar, Literal, TypeVar, overload

import attrs
from lxml import etree

from .. import models as _models
from .._contract import JSON_MEDIA, SOAP11_MEDIA, SOAP12_MEDIA, XML_MEDIA
from .._errors import (
    DecodeError,
    EncodeError,
    ProtocolError,
    ServiceError,
    SoapFault,
    VersionMismatchError,
)
from . import _json, _xml
from ._faults import (
    SOAP11_NS,
    SOAP12_NS,
    Fault,
    SoapVersion,
    decode_fault,
    encode_fault_body,
    fault_from_json,
    fault_to_json,
)
from ._operations import (
    FAXWS_NS,
    OPERATIONS,
    Direction,
    Operation,
    lookup_class,
    lookup_element,
    operation,
)
from ._plan import plan_for
from .decoders import DECODERS, Decoder, decoder_chain
from .decoders import generic as _generic_decode
from .decoders import scan as _scan
from .decoders import validated as _validated
from .encoders import ENCODERS, Encoder, encoder_chain
from .encoders import jsontext as _jsontext

__all__ = [
    "ContentType",
    "DecodeOptions",
    "EncodeOptions",
    "Encoded",
    "Message",
    "XmlStyle",
    "check_response",
    "decode",
    "decode_request",
    "decode_response",
    "encode",
    "encode_fault",
    "http_headers",
    "json_form",
    "json_text",
    "parse_content_type",
    "service_error",
]

RespT = TypeVar("RespT")
ReqT = TypeVar("ReqT")


class ContentType(enum.Enum):
    """The four wire forms of a FaxWS message."""

    SOAP12 = "soap12"  #: application/soap+xml, SOAP 1.2 envelope (the vendor's default)
    SOAP11 = "soap11"  #: text/xml + SOAPAction, SOAP 1.1 envelope (the WSDL's binding)
    XML = "xml"  #: application/xml, the wrapper element alone
    JSON = "json"  #: application/json, ``{"<Operation>": {...}}`` (CONTRACT.md §4.6)

    @property
    def media_type(self) -> str:
        """The bare media type."""
        return _MEDIA[self]

    @property
    def soap_version(self) -> SoapVersion | None:
        """The SOAP version of the envelope, or None for plain XML and JSON."""
        return {ContentType.SOAP12: SoapVersion.SOAP12, ContentType.SOAP11: SoapVersion.SOAP11}.get(
            self
        )

    @classmethod
    def from_name(cls, name: str | ContentType) -> ContentType:
        """Accept ``soap12``/``soap11``/``xml``/``json`` (or a member) and return the member."""
        if isinstance(name, ContentType):
            return name
        try:
            return cls(name.lower())
        except ValueError:
            choices = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown content type {name!r}; choose one of {choices}") from None


_MEDIA = {
    ContentType.SOAP12: SOAP12_MEDIA,
    ContentType.SOAP11: SOAP11_MEDIA,
    ContentType.XML: XML_MEDIA,
    ContentType.JSON: JSON_MEDIA,
}


def parse_content_type(header: str | None) -> tuple[str, dict[str, str]]:
    """Split a Content-Type header into a lower-cased media type and its parameters."""
    if not header:
        return "", {}
    media, *params = header.split(";")
    out = {}
    for p in params:
        key, sep, value = p.partition("=")
        if sep:
            out[key.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), out


@attrs.frozen
class XmlStyle:
    """Prefixes and declaration of the XML we write; readers must not care (CONTRACT.md §2.4).

    The default writes ``env:``/``soap:`` envelopes and the payload in a default namespace,
    as JAX-WS does; :data:`XmlStyle.GSOAP` writes ``SOAP-ENV:`` and ``FaxWS:`` as the real
    gSOAP server does.
    """

    envelope_prefix: str = ""  #: "" picks ``env`` for SOAP 1.2 and ``soap`` for SOAP 1.1
    payload_prefix: str = ""  #: "" puts the payload in a default namespace
    declaration: bool = True

    #: The real server's prefixes (gSOAP 2.7: ``SOAP-ENV:`` and ``FaxWS:``); set below.
    GSOAP: ClassVar[XmlStyle]


XmlStyle.GSOAP = XmlStyle(envelope_prefix="SOAP-ENV", payload_prefix="FaxWS")
_DEFAULT_STYLE = XmlStyle()


@attrs.frozen
class DecodeOptions:
    """How strictly to decode.

    ``strict`` rejects unknown elements and keys naming them; lenient mode skips them and
    lists their paths in :attr:`Message.skipped`. ``max_bytes`` is checked before parsing.
    """

    strict: bool = True
    max_bytes: int = _xml.DEFAULT_MAX_BYTES
    #: The decode strategies to try, in order (:mod:`faxstatus.codec.decoders`): names or
    #: :class:`~faxstatus.codec.decoders.Decoder` members. Results and errors are the same
    #: whichever one decodes; a chain without ``generic`` raises DecodeError where all decline.
    decoders: tuple[Decoder, ...] = attrs.field(default=DECODERS, converter=decoder_chain)


_DEFAULT_OPTIONS = DecodeOptions()


@attrs.frozen
class EncodeOptions:
    """Which encode strategies to try, in order (:mod:`faxstatus.codec.encoders`).

    ``encoders`` holds names or :class:`~faxstatus.codec.encoders.Encoder` members; the bytes
    and errors are the same whichever one writes, and a chain without ``generic`` raises
    EncodeError where all give up.
    """

    encoders: tuple[Encoder, ...] = attrs.field(default=ENCODERS, converter=encoder_chain)


_DEFAULT_ENCODE = EncodeOptions()


def _gave_up(chain: tuple[Encoder, ...], what: str) -> EncodeError:
    names = ", ".join(e.value for e in chain)
    return EncodeError(
        f"every encoder in the chain ({names}) gave up on {what}; only 'generic' always writes",
        path="/",
    )


@attrs.frozen
class Encoded:
    """Encoder output: the HTTP headers to send and the body bytes."""

    content_type: ContentType
    headers: Mapping[str, str]
    body: bytes


@attrs.frozen
class Message:
    """A decoded FaxWS message: the generated wrapper object plus what the wire said about it."""

    operation: Operation[Any, Any]
    direction: Direction
    payload: Any
    content_type: ContentType
    skipped: tuple[str, ...] = ()  #: paths of unknown elements ignored in lenient mode
    header_blocks: tuple[str, ...] = ()  #: Clark names of SOAP Header children


# ----------------------------------------------------------------------------- encode


def _headers(ct: ContentType, op: Operation[Any, Any], direction: Direction) -> dict[str, str]:
    return http_headers(ct, op.soap_action, request=direction is Direction.REQUEST)


def http_headers(ct: ContentType, soap_action: str, *, request: bool) -> dict[str, str]:
    """The HTTP headers a message in *ct* travels with: Content-Type, and the SOAP action."""
    if ct is ContentType.JSON:
        return {"Content-Type": ct.media_type}
    value = f"{ct.media_type}; charset=utf-8"
    if ct is ContentType.SOAP12:
        # SOAP 1.2 Part 2 §7.1.4: the action travels as a media-type parameter, and only when
        # there is one; every FaxWS soapAction is "" (CONTRACT.md §1), so none is sent.
        if soap_action and request:
            value += f'; action="{soap_action}"'
        return {"Content-Type": value}
    headers = {"Content-Type": value}
    if ct is ContentType.SOAP11 and request:
        # SOAP 1.1 §6.1.1: SOAPAction is a quoted URI; "" is the WSDL's value.
        headers["SOAPAction"] = f'"{soap_action}"'
    return headers


def _envelope(version: SoapVersion, inner: str, style: XmlStyle) -> str:
    p = style.envelope_prefix or ("env" if version is SoapVersion.SOAP12 else "soap")
    decl = '<?xml version="1.0" encoding="UTF-8"?>\n' if style.declaration else ""
    return (
        f'{decl}<{p}:Envelope xmlns:{p}="{version.value}"><{p}:Body>{inner}</{p}:Body>'
        f"</{p}:Envelope>"
    )


def _xml_payload(payload: Any, element: str, style: XmlStyle, chain: tuple[Encoder, ...]) -> str:
    # The XML encoders are imported on first use: decoding (a one-shot ``faxstatus decode``)
    # never needs them, and their module-level tables are part of its start-up otherwise.
    from .encoders import generic as _generic_encode  # noqa: PLC0415
    from .encoders import xmlwriter as _xmlwriter  # noqa: PLC0415

    pp = style.payload_prefix
    tag = f"{pp}:{element}" if pp else element
    xmlns = f"xmlns:{pp}" if pp else "xmlns"
    for encoder in chain:
        if encoder is Encoder.XMLWRITER:
            inner = _xmlwriter.payload_text(payload, pp)
            if inner is not None:
                return f'<{tag} {xmlns}="{FAXWS_NS}">{inner}</{tag}>'
        elif encoder is Encoder.GENERIC:
            out = [f'<{tag} {xmlns}="{FAXWS_NS}">']
            _generic_encode.encode_payload(payload, plan_for(type(payload)), pp, out, element)
            out.append(f"</{tag}>")
            return "".join(out)
    raise _gave_up(chain, f"the XML of {type(payload).__name__}")


def encode(
    payload: Any,
    content_type: ContentType | str = ContentType.SOAP12,
    *,
    style: XmlStyle = _DEFAULT_STYLE,
    options: EncodeOptions = _DEFAULT_ENCODE,
) -> Encoded:
    """Encode a request or response wrapper object (a generated class) for the wire.

    The operation and direction follow from the object's class. Raises EncodeError naming
    the field for a value the format cannot carry (an XML-illegal character, an int out of
    range, a None where the schema requires an element). *options* chooses the strategies.
    """
    ct = ContentType.from_name(content_type)
    found = lookup_class(type(payload))
    if found is None:
        raise EncodeError(
            f"{type(payload).__name__} is not a FaxWS request or response wrapper", path="/"
        )
    op, direction = found
    element = op.element(direction)
    if ct is ContentType.JSON:
        key = op.json_key(direction)
        body = _json.dumps({key: json_form(payload, key, options)})
    else:
        text = _xml_payload(payload, element, style, options.encoders)
        version = ct.soap_version
        if version is None:
            decl = '<?xml version="1.0" encoding="UTF-8"?>\n' if style.declaration else ""
            text = decl + text
        else:
            text = _envelope(version, text, style)
        body = text.encode("utf-8")
    return Encoded(ct, _headers(ct, op, direction), body)


def _fastpath() -> Any:
    """The generated JSON decoders and encoders, imported on first use.

    The XML decoder and encoder of the common path (``validated``, ``xmlwriter``) never need
    them; loading their generated lines is a large part of a one-shot ``faxstatus decode``
    otherwise.
    """
    from ..models import fastpath  # noqa: PLC0415

    return fastpath


def json_form(payload: Any, key: str, options: EncodeOptions = _DEFAULT_ENCODE) -> dict[str, Any]:
    """The JSON object for a wrapper object (without its top-level key)."""
    for encoder in options.encoders:
        if encoder is Encoder.GENERATED:
            fastpath = _fastpath()
            try:
                doc: dict[str, Any] = fastpath.JSON_OUT[type(payload)](payload)
            except (fastpath.Fallback, KeyError, ValueError, TypeError):
                continue
            return doc
        if encoder is Encoder.GENERIC:
            # The generic encoder names the offending field.
            return _json.encode_payload(payload, plan_for(type(payload)), f"$.{key}")
    raise _gave_up(options.encoders, f"the JSON form of {type(payload).__name__}")


def json_text(message: Message, options: EncodeOptions = _DEFAULT_ENCODE) -> str:
    """``json.dumps({key: <JSON form>}, indent=2, ensure_ascii=False)`` of a decoded message.

    *key* is the operation's JSON key for the message's direction. The ``jsontext``
    strategy writes the text for payloads the decoder built; otherwise (or when it gives
    up) the JSON form from the chain's JSON-form strategies is indented by ``json.dumps``.
    """
    key = message.operation.json_key(message.direction)
    if Encoder.JSONTEXT in options.encoders:
        text = _jsontext.dumps_indented(key, message.payload)
        if text is not None:
            return text
    doc = {key: json_form(message.payload, key, options)}
    return json.dumps(doc, indent=2, ensure_ascii=False)


def encode_fault(
    fault: Fault, content_type: ContentType | str | None = None, *, style: XmlStyle = _DEFAULT_STYLE
) -> Encoded:
    """Encode *fault* in its own SOAP version, or in JSON when *content_type* is JSON.

    A fault has no plain-XML form; for ContentType.XML the SOAP envelope of the fault's
    version is written (with that version's media type).
    """
    ct = ContentType.from_name(content_type) if content_type is not None else None
    if ct is ContentType.JSON:
        body = _json.dumps(fault_to_json(fault))
        return Encoded(ct, {"Content-Type": ct.media_type}, body)
    version = fault.version
    ct = ContentType.SOAP12 if version is SoapVersion.SOAP12 else ContentType.SOAP11
    p = style.envelope_prefix or ("env" if version is SoapVersion.SOAP12 else "soap")
    body = _envelope(version, encode_fault_body(fault, p), style).encode("utf-8")
    return Encoded(ct, {"Content-Type": f"{ct.media_type}; charset=utf-8"}, body)


# ----------------------------------------------------------------------------- decode

_JSON_KEYS: dict[str, tuple[Operation[Any, Any], Direction]] = {
    op.json_key(d): (op, d) for op in OPERATIONS.values() for d in Direction
}
_XML_MEDIA = {SOAP11_MEDIA, XML_MEDIA, SOAP12_MEDIA, ""}


def is_json(media: str, body: bytes) -> bool:
    """True when a body of bare media type *media* (from :func:`parse_content_type`) is JSON.

    JSON is the JSON media type or any ``+json`` one (RFC 6839 §3.1), or, with no media type
    at all, a body starting with ``{`` or ``[`` after a byte order mark and white space.
    Every reader of FaxWS bodies decides by this one rule.
    """
    if media == JSON_MEDIA or media.endswith("+json"):
        return True
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return not media and head[:1] in (b"{", b"[")


def _excerpt(body: bytes) -> str:
    # Only a body that is not FaxWS at all is quoted: the redactor (logging, urllib) is
    # imported then, not on every decode's start-up.
    from .._redact import redact_text  # noqa: PLC0415

    return redact_text(body[:120].decode("utf-8", "replace")).strip()


def _expect(
    found: tuple[Operation[Any, Any], Direction],
    op: Operation[Any, Any] | None,
    direction: Direction | None,
    name: str,
    path: str,
) -> None:
    fop, fdir = found
    if (op is not None and fop is not op) or (direction is not None and fdir is not direction):
        want = (op or fop).element(direction or fdir)
        raise DecodeError(f"expected {want}, got {name}", path=path)


def decode(
    body: bytes,
    content_type: str | None = None,
    *,
    operation_name: str | Operation[Any, Any] | None = None,
    direction: Direction | None = None,
    options: DecodeOptions = _DEFAULT_OPTIONS,
) -> Message | Fault:
    """Decode a request, response or fault from a Content-Type header value and body bytes.

    With *operation_name* and *direction* given, anything else is a DecodeError; without them
    both are detected from the root element (XML) or top-level key (JSON). Returns a
    :class:`Message`, or a :class:`Fault` when the body is a SOAP (or JSON) fault.
    """
    op = operation(operation_name) if operation_name is not None else None
    media, _ = parse_content_type(content_type)
    if is_json(media, body):
        return _decode_json(body, op, direction, options)
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if media not in _XML_MEDIA:
        raise ProtocolError(f"unexpected content type {media!r}; body starts {_excerpt(body)!r}")
    if head[:14].lower().startswith((b"<!doctype html", b"<html")):
        raise ProtocolError(f"an HTML page arrived, not a FaxWS message: {_excerpt(body)!r}")
    chain = options.decoders
    if chain[0] is Decoder.SCAN:
        scanned = _scanned(body, op, direction, options.max_bytes)
        if scanned is not None:
            return scanned
    if not any(d is Decoder.VALIDATED or d is Decoder.GENERIC for d in chain):
        raise _declined(chain, "/")
    root = _xml.parse_document(body, max_bytes=options.max_bytes)
    qname = etree.QName(root)
    skipped: list[str] | None = None if options.strict else []
    header_blocks: tuple[str, ...] = ()
    if qname.namespace in (SOAP11_NS, SOAP12_NS):
        version = SoapVersion(qname.namespace)
        ct = ContentType.SOAP12 if version is SoapVersion.SOAP12 else ContentType.SOAP11
        if qname.localname != "Envelope":
            raise _xml.error_at(f"root element is {qname.localname}, not Envelope", root)
        el, header_blocks = _unwrap(root, version)
        if el.tag == f"{{{version.value}}}Fault":
            return decode_fault(el, version)
    elif qname.localname == "Envelope":
        # SOAP 1.2 Part 1 §5.4.7 / SOAP 1.1 §4.4.1: an unknown envelope namespace.
        raise _xml.error_at(
            f"Envelope in namespace {qname.namespace!r} is neither SOAP 1.1 nor SOAP 1.2",
            root,
            VersionMismatchError,
        )
    else:
        ct, el = ContentType.XML, root
    eq = etree.QName(el)
    if eq.localname == "Fault" and eq.namespace in (SOAP11_NS, SOAP12_NS):
        raise _xml.error_at(f"a Fault in {eq.namespace} inside a {ct.value} message", el)
    found = lookup_element(eq.localname) if eq.namespace == FAXWS_NS else None
    if found is None:
        where = f"namespace {eq.namespace!r}" if eq.namespace else "no namespace"
        # In the schema's namespace, the element names no operation the schema has (one
        # it no longer has, say); elsewhere, the namespace is the fault.
        why = (
            "is not the request or response of any operation"
            if eq.namespace == FAXWS_NS
            else f"is not a FaxWS message (expected {FAXWS_NS})"
        )
        raise _xml.error_at(
            f"element {eq.localname} in {where} {why}",
            el,
            ProtocolError if ct is ContentType.XML else DecodeError,
        )
    _expect(found, op, direction, eq.localname, _xml.element_path(el))
    fop, fdir = found
    cls = fop.cls(fdir)
    payload = None
    for decoder in chain:
        if decoder is Decoder.VALIDATED:
            payload = _validated.decode_valid(root, el, cls, body)
        elif decoder is Decoder.GENERIC:
            _xml.check_attributes(el, False, skipped)
            payload = _generic_decode.decode_payload(el, plan_for(cls), skipped)
        if payload is not None:
            return Message(fop, fdir, payload, ct, tuple(skipped or ()), header_blocks)
    raise _declined(chain, _xml.element_path(el))


def _declined(chain: tuple[Decoder, ...], path: str) -> DecodeError:
    names = ", ".join(d.value for d in chain)
    return DecodeError(
        f"every decoder in the chain ({names}) declined this body; only 'generic' decides",
        path=path,
    )


def _model_class(name: str) -> type[Any]:
    cls: type[Any] = getattr(_models, name)
    return cls


_SCANNED_CT = {
    None: ContentType.XML,
    SOAP11_NS: ContentType.SOAP11,
    SOAP12_NS: ContentType.SOAP12,
}


def _scanned(
    body: bytes, op: Operation[Any, Any] | None, direction: Direction | None, max_bytes: int
) -> Message | None:
    """The message when *body* is in the canonical layout (codec/decoders/scan.py), else None.

    None too when it is not the expected operation or direction: the parser-based path
    raises that error with the element's path.
    """
    found = _scan.scan(body, max_bytes, _model_class)
    if found is None:
        return None
    ns, element, payload = found
    looked = lookup_element(element)
    if looked is None:
        return None
    fop, fdir = looked
    if (op is not None and fop is not op) or (direction is not None and fdir is not direction):
        return None
    return Message(fop, fdir, payload, _SCANNED_CT[ns], (), ())


_FAST_ERRORS = (ValueError, TypeError, KeyError)


def _unwrap(root: etree._Element, version: SoapVersion) -> tuple[etree._Element, tuple[str, ...]]:
    """Return the single Body child and the Header block names (SOAP 1.2 Part 1 §5.1-5.3)."""
    ns = version.value
    _xml.check_text(root)
    kids = list(root)
    header_blocks: tuple[str, ...] = ()
    if kids and kids[0].tag == f"{{{ns}}}Header":
        header = kids.pop(0)
        _xml.check_text(header)
        header_blocks = tuple(str(c.tag) for c in header)
    if not kids or kids[0].tag != f"{{{ns}}}Body":
        at = kids[0] if kids else root
        what = f"found {_xml.local_name(str(at.tag))}" if kids else "the Envelope has no Body"
        raise _xml.error_at(f"expected Body ({what})", at)
    if len(kids) > 1:
        extra = kids[1]
        raise _xml.error_at(
            f"unexpected element {_xml.local_name(str(extra.tag))} after Body", extra
        )
    body = kids[0]
    _xml.check_text(body)
    if len(body) != 1:
        raise _xml.error_at(f"Body must hold exactly one element, found {len(body)}", body)
    return body[0], header_blocks


def _decode_json(
    body: bytes, op: Operation[Any, Any] | None, direction: Direction | None, options: DecodeOptions
) -> Message | Fault:
    _xml.check_size(body, options.max_bytes)
    doc = _json.loads(body)
    if type(doc) is not dict or len(doc) != 1:
        raise DecodeError("a FaxWS JSON message is an object with exactly one key", path="$")
    (key,) = doc
    if key == "Fault":
        return fault_from_json(doc)
    found = _JSON_KEYS.get(key)
    if found is None:
        raise DecodeError(f"unknown top-level key {key!r}", path=f"$.{key}")
    _expect(found, op, direction, key, f"$.{key}")
    fop, fdir = found
    skipped: list[str] | None = None if options.strict else []
    cls = fop.cls(fdir)
    for decoder in options.decoders:
        if decoder is Decoder.GENERATED:
            fastpath = _fastpath()
            try:
                payload = fastpath.JSON[cls](doc[key])
            except (fastpath.Fallback, *_FAST_ERRORS):
                continue
        elif decoder is Decoder.GENERIC:
            payload = _json.decode_payload(doc[key], plan_for(cls), f"$.{key}", skipped)
        else:
            continue
        return Message(fop, fdir, payload, ContentType.JSON, tuple(skipped or ()))
    raise _declined(options.decoders, f"$.{key}")


def service_error(payload: Any) -> ServiceError | None:
    """The ServiceError a status response stands for (``return`` false), else None."""
    found = lookup_class(type(payload))
    attr = found[0].result_attr if found is not None else None
    if attr is not None and getattr(payload, attr) is False:
        plan = plan_for(type(payload))
        err = next(
            (getattr(payload, f.attr) for f in plan.fields if f.type_name == "WSError"), None
        )
        if err is None:
            return ServiceError(0, "", message=payload)
        return ServiceError(err.error_code, err.error_string, message=payload)
    return None


def check_response(payload: Any) -> None:
    """Raise ServiceError when a status response says ``return`` false (its WSError attached)."""
    error = service_error(payload)
    if error is not None:
        raise error


# generated by codegen/surface.py (decode_response overloads): do not edit by hand
@overload
def decode_response(
    op: Literal["GetFaxAccountSettings"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.GetFaxAccountSettingsResponse: ...


@overload
def decode_response(
    op: Literal["CheckService"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.CheckServiceResponse: ...


@overload
def decode_response(
    op: Literal["SimpleSendFax"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.SimpleFaxSendResponse: ...


@overload
def decode_response(
    op: Literal["SimpleGetFaxStatus"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.SimpleFaxStatusResponse: ...


@overload
def decode_response(
    op: Literal["SendFax"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.FaxSendResponse: ...


@overload
def decode_response(
    op: Literal["SendFaxEx"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.FaxSendExResponse: ...


@overload
def decode_response(
    op: Literal["SendFaxBroadcast"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.FaxBroadcastResponse: ...


@overload
def decode_response(
    op: Literal["SendFaxBroadcastEx"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.FaxBroadcastExResponse: ...


@overload
def decode_response(
    op: Literal["GetFaxStatus"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.FaxStatusResponse: ...


@overload
def decode_response(
    op: Literal["GetRealTimeFaxStatus"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.RealTimeFaxStatusResponse: ...


@overload
def decode_response(
    op: Literal["GetRealTimeFaxStatusEx"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.RealTimeFaxStatusExResponse: ...


@overload
def decode_response(
    op: Literal["GetRealTimeFaxStatusEx2"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.RealTimeFaxStatusEx2Response: ...


@overload
def decode_response(
    op: Literal["GetRealTimeFaxStatusEx3"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.RealTimeFaxStatusEx3Response: ...


@overload
def decode_response(
    op: Literal["GetFaxBroadcastReport"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.GetFaxBroadcastReportResponse: ...


@overload
def decode_response(
    op: Literal["CancelFax"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.CancelFaxResponse: ...


@overload
def decode_response(
    op: Literal["GetFaxCoverList"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.FaxCoverResponse: ...


@overload
def decode_response(
    op: Literal["GetFaxBroadcastStatus"],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> _models.FaxBroadcastStatusResponse: ...


# end of generated code (decode_response overloads)


@overload
def decode_response(
    op: Operation[Any, RespT],
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> RespT: ...


@overload
def decode_response(
    op: str,
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = ...,
    check: bool = ...,
    http_status: int | None = ...,
) -> Any: ...


# By operation name (the common case) the response class is known to the type checker:
# ``decode_response("GetRealTimeFaxStatusEx", …)`` is a RealTimeFaxStatusExResponse.
def decode_response(
    op: Operation[Any, Any] | str,
    body: bytes,
    content_type: str | None = None,
    *,
    options: DecodeOptions = _DEFAULT_OPTIONS,
    check: bool = True,
    http_status: int | None = None,
) -> Any:
    """Decode the response of *op*; raise SoapFault for a fault and, with *check*, ServiceError.

    Typed by operation: with an operation name (or an :class:`Operation`), the type checker
    knows the response class it returns.
    """
    result = decode(
        body, content_type, operation_name=op, direction=Direction.RESPONSE, options=options
    )
    if isinstance(result, Fault):
        raise SoapFault(result, http_status=http_status)
    if check:
        check_response(result.payload)
    return result.payload


def decode_request(
    body: bytes, content_type: str | None = None, *, options: DecodeOptions = _DEFAULT_OPTIONS
) -> Message:
    """Decode any FaxWS request (what a server does); a fault here is a DecodeError."""
    result = decode(body, content_type, direction=Direction.REQUEST, options=options)
    if isinstance(result, Fault):
        raise DecodeError("a Fault is not a request")
    return result
