"""The case catalogue of the decoder and encoder targets, keyed to the contract and the specs.

Every expected outcome comes from our own codec (the reference), and
``tests/conformance/test_conformance.py`` pins the catalogue against the golden vectors' JSON
twins and each document's declared outcome, so a change in the codec cannot silently move the
goalposts. Cases per operation are derived from :data:`faxstatus.OPERATIONS` and the codec's
field plans, not from a list of names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from .._contract import JSON_MEDIA, SOAP11_MEDIA, SOAP11_NS, SOAP12_MEDIA, SOAP12_NS
from .._errors import CodecError
from .._layouts import gsoap_layout
from .._soap import SoapVersion
from .._xsd import parse_text
from ..codec import _api as codec
from ..codec._api import ContentType, Message
from ..codec._compile import XML_WS
from ..codec._faults import Fault, fault_to_json
from ..codec._operations import FAXWS_NS, OPERATIONS, Direction, lookup_class, lookup_element
from ..codec._plan import ClassPlan, plan_for
from ..codec._values import fill, plausible
from ..codec._xml import _NIL_TRUE, _parser
from ..codec.decoders.validated import _schema
from ..models.layout import RENAMED
from ._model import Case

__all__ = [
    "SECTIONS",
    "decoder_cases",
    "encoder_cases",
    "expected_json",
    "find_vectors",
    "in_schema_terms",
    "media_type",
    "missing_operation",
    "refit",
    "schema_misfit",
    "skipped_documents",
    "with_new_names",
]

#: Where each family of cases is grounded (contract facts: schema/CONTRACT.md, as §n).
SECTIONS = {
    "certain": "CONTRACT.md §2.3, §3 (names, order, types, occurrence)",
    "inferences": "schema/README.md: Inferences and choices the contract leaves open",
    "peers": "CONTRACT.md §7 (what a gSOAP peer writes); JAX-WS: CONTRACT.md §1",
    "json": "CONTRACT.md §4.6 (JSON form); schema/README.md: Inferences",
    "soap12-media": "SOAP 1.2 Part 2 §7.1.4; CONTRACT.md §1, §7 (media types)",
    "soap11-media": "SOAP 1.1 §6.1.1; CONTRACT.md §4.4 (SOAPAction)",
    "version": "CONTRACT.md §1; schema/README.md: Inferences (the envelope decides)",
    "soap12-env": "SOAP 1.2 Part 1 §5.1-5.3 (Envelope, Header, Body)",
    "soap11-env": "SOAP 1.1 §4.1-4.3 (Envelope, Header, Body)",
    "one-child": "WS-I Basic Profile 1.1 R2201 (document/literal: one Body child)",
    "versionmismatch": "SOAP 1.2 Part 1 §5.4.7; SOAP 1.1 §4.4.1 (VersionMismatch)",
    "fault12": "SOAP 1.2 Part 1 §5.4 (Fault)",
    "fault11": "SOAP 1.1 §4.4 (Fault)",
    "no-dtd": "SOAP 1.2 Part 1 §5 and SOAP 1.1 §3 (no document type declaration)",
    "well-formed": "XML 1.0 §2.1 (well-formed documents)",
    "encoding": "XML 1.0 §4.3.3 (character encodings: UTF-16 and declared encodings)",
    "nil": "XSD Part 1 §2.6.2, cvc-elt.3 (xsi:nil only on nillable elements)",
    "int": "XSD Part 2 §3.3.17 xsd:int, §3.3.16 xsd:long (value ranges)",
    "boolean": "XSD Part 2 §3.2.2 (xsd:boolean lexical space)",
    "sequence": "XSD Part 1 §3.8 (xs:sequence: order and occurrence)",
    "qualified": "XSD Part 1 §3.3.2 (elementFormDefault); CONTRACT.md §1",
    "xml-char": "XML 1.0 §2.2 (characters a document can hold)",
    "json-rfc": "RFC 8259 §4, §6 (JSON objects and numbers)",
}

_FORMS = (ContentType.SOAP12, ContentType.SOAP11, ContentType.XML, ContentType.JSON)
_SOAP12 = f"{SOAP12_MEDIA}; charset=utf-8"
_SOAP11 = f"{SOAP11_MEDIA}; charset=utf-8"


def media_type(ct: ContentType) -> str:
    """The Content-Type our encoder sends for *ct* (without the SOAPAction header)."""
    return ct.media_type if ct is ContentType.JSON else f"{ct.media_type}; charset=utf-8"


def find_vectors(explicit: Path | None = None) -> Path | None:
    """The golden vectors folder: *explicit*, the copy shipped in a wheel, or the source tree's."""
    if explicit is not None:
        return explicit
    shipped = Path(__file__).resolve().parent / "vectors"
    if shipped.is_dir():
        return shipped
    tree = Path(__file__).resolve().parents[2] / "tests" / "vectors"
    return tree if tree.is_dir() else None


def expected_json(result: Message | Fault) -> dict[str, Any]:
    """The JSON form of a decoded message or fault: what ``faxstatus decode`` prints."""
    if isinstance(result, Fault):
        return fault_to_json(result)
    key = result.operation.json_key(result.direction)
    return {key: codec.json_form(result.payload, key)}


def _accept(cid: str, title: str, section: str, group: str, body: bytes, ctype: str) -> Case:
    """An accept case whose expected JSON form is what our codec decodes."""
    try:
        result = codec.decode(body, ctype)
    except CodecError as exc:  # a broken catalogue entry, not a verdict
        raise RuntimeError(f"conformance case {cid} does not decode with faxstatus: {exc}") from exc
    direction = result.direction.value if isinstance(result, Message) else "fault"
    return Case(
        f"decoder/{cid}",
        title,
        section,
        "decoder",
        group,
        "accept",
        ctype,
        body,
        expected_json(result),
        direction=direction,
    )


def _reject(
    cid: str,
    title: str,
    section: str,
    group: str,
    body: bytes,
    ctype: str,
    lenient: str | None = None,
    direction: str = "",
) -> Case:
    try:
        codec.decode(body, ctype)
    except CodecError:
        pass
    else:
        raise RuntimeError(f"conformance case {cid} should be rejected, but faxstatus accepts it")
    return Case(
        f"decoder/{cid}",
        title,
        section,
        "decoder",
        group,
        "reject",
        ctype,
        body,
        None,
        lenient,
        direction=direction,
    )


# ----------------------------------------------------------------------------- golden


def _golden(vectors: Path) -> Iterator[Case]:
    seen_faults: set[bytes] = set()
    for op in OPERATIONS.values():
        for ct in _FORMS:
            folder = vectors / op.name / ct.value
            if not folder.is_dir():
                continue
            headers = json.loads((folder / "headers.json").read_text("utf-8"))
            ext = "json" if ct is ContentType.JSON else "xml"
            kinds = [d.value for d in Direction] + ["fault"]
            for kind in kinds:
                path = folder / f"{kind}.{ext}"
                if not path.is_file():
                    continue
                body = path.read_bytes()
                if kind == "fault":
                    if body in seen_faults:  # the fault vectors are the same for every operation
                        continue
                    seen_faults.add(body)
                    cid = f"golden/fault/{ct.value}"
                    title = f"the golden {ct.value} fault, every optional part filled in"
                    section = SECTIONS["json" if ct is ContentType.JSON else _fault_sec(ct)]
                else:
                    cid = f"golden/{op.name}/{ct.value}/{kind}"
                    title = f"golden {op.name} {kind} as {ct.value}"
                    section = SECTIONS["json" if ct is ContentType.JSON else "certain"]
                yield _accept(cid, title, section, "golden", body, headers[kind]["Content-Type"])


def _fault_sec(ct: ContentType) -> str:
    return "fault11" if ct is ContentType.SOAP11 else "fault12"


# ----------------------------------------------------------------------------- peer styles

_PEER_DOCS: tuple[tuple[str, str, str, str], ...] = (
    # (file, Content-Type, title, section key)
    (
        "gsoap11-ex-response.xml",
        _SOAP11,
        "gSOAP SOAP 1.1 response: SOAP-ENV/SOAP-ENC/xsi/xsd/tns/FaxWS prefixes, tab indentation",
        "peers",
    ),
    (
        "gsoap12-ex3-response.xml",
        _SOAP12,
        "gSOAP SOAP 1.2 Ex3 response: 2003/05 SOAP-ENC, every prefix on the Envelope",
        "peers",
    ),
    (
        "gsoap-defaultns-ex2-response.xml",
        _SOAP11,
        "gSOAP SOAP_XML_DEFAULTNS: no prefixes at all, default namespaces only",
        "peers",
    ),
    (
        "gsoap-canonical-getfaxstatus-response.xml",
        _SOAP12,
        "gSOAP canonical output: no XML declaration, namespaces where used, <x></x>",
        "peers",
    ),
    (
        "gsoap-auth-error-empty-list.xml",
        _SOAP12,
        "return false with a WSError and an empty FaxStatusList (<x></x>)",
        "peers",
    ),
    (
        "gsoap-xml-nil-items.xml",
        _SOAP11,
        "gSOAP SOAP_XML_NIL: nil list items around a real one",
        "nil",
    ),
    (
        "gsoap-xml-nil-fault11.xml",
        _SOAP11,
        "gSOAP SOAP_XML_NIL SOAP 1.1 fault: nil SOAP 1.2 members, encodingStyle on Fault",
        "peers",
    ),
    (
        "gsoap-xml-nil-fault12.xml",
        _SOAP12,
        "gSOAP SOAP_XML_NIL SOAP 1.2 fault: nil SOAP 1.1 members and a nil Subcode",
        "peers",
    ),
    (
        "gsoap-fault11-method.xml",
        _SOAP11,
        "gSOAP 2.7 Client fault for an unknown method, encodingStyle on Fault",
        "fault11",
    ),
    (
        "gsoap-fault12-sender.xml",
        _SOAP12,
        "gSOAP Sender fault with a prefixed QName Value and xml:lang",
        "fault12",
    ),
    (
        "gsoap-latin1-mojibake.xml",
        _SOAP12,
        "gSOAP without SOAP_C_UTFSTRING: Latin-1 mojibake decoded as sent, not repaired",
        "peers",
    ),
    (
        "jaxws-soap12-ex3-request.xml",
        _SOAP12,
        "JAX-WS RI request: S: envelope, ns2: payload, single-quoted declaration",
        "peers",
    ),
    (
        "soap11-envelope-as-soap12.xml",
        _SOAP12,
        f"a SOAP 1.1 envelope sent as {SOAP12_MEDIA} (read as SOAP 1.1)",
        "version",
    ),
    (
        "header-and-xsi-type.xml",
        _SOAP12,
        "a Header block to ignore and xsi:type on a value (rpc/encoded habits)",
        "soap12-env",
    ),
)


def _documents() -> Path:
    return Path(__file__).resolve().parent / "documents"


def _document(name: str) -> bytes:
    """One of the kit's own peer documents, in the schema's terms (:func:`in_schema_terms`)."""
    return in_schema_terms((_documents() / name).read_bytes())


def _base(name: str) -> bytes:
    """A kit document a family of cases is built on, as a message of the schema as it is now.

    The media-type, encoding and value cases vary one thing of a valid message; see
    :func:`refit`.
    """
    return refit(_document(name), name)


def refit(body: bytes, name: str = "the document") -> bytes:
    """*body* (a stored message, in the schema's terms), as a message of the schema now.

    *body* itself when it is one; when the vendor has changed the schema since it was
    written (:func:`schema_misfit`), the message is rebuilt from it: what still fits is
    kept, an element the schema now requires gets a value of its type, and it is written in
    gSOAP's layout (CONTRACT.md §7). RuntimeError when no operation of the schema has it.
    """
    why = schema_misfit(body)
    if why is None:
        return body
    root = etree.fromstring(body, _parser())
    payload = _payload_of(root)
    plan = _message_plan(payload)
    if payload is None or plan is None:
        raise RuntimeError(f"{name} has no operation in the schema: {why}")
    msg = _read_fitting(payload, plan)
    ct = ContentType.SOAP11 if etree.QName(root).namespace == SOAP11_NS else ContentType.SOAP12
    return gsoap_layout(codec.encode(msg, ct).body)


def _read_fitting(el: Any, plan: ClassPlan) -> Any:
    """An instance of *plan* from *el*: its values that fit the schema, the required rest filled."""
    found: dict[str, list[Any]] = {}
    for child in el:
        f = plan.by_tag.get(child.tag) if isinstance(child.tag, str) else None
        if f is None:
            continue
        if _is_nil(child):
            value: Any = None
        elif f.plan is not None:
            value = _read_fitting(child, f.plan)
        else:
            try:
                value = parse_text(f.kind.xsd, child.text or "")
            except ValueError:
                continue
        found.setdefault(f.name, []).append(value)
    values: dict[str, Any] = {}
    for f in plan.fields:
        got = found.get(f.name)
        if got is not None and (f.is_list or got[0] is not None or f.nillable):
            values[f.attr] = got if f.is_list else got[0]
        elif f.optional:
            values[f.attr] = None
        elif f.is_list and f.min_occurs == 0:
            values[f.attr] = []  # absent: none of them, not one invented
        else:
            values[f.attr] = plausible(f, plan.name, "2026-11-26T09:15:02Z")
    return plan.cls(**values)


def _payload(body: bytes) -> etree._Element | None:
    """A peer document's FaxWS element: its request or response wrapper.

    The Body's child (the root for the plain XML form); for a fault, the first element of its
    detail outside the SOAP namespaces (None for a fault without one). Header blocks are
    another party's (SOAP 1.2 Part 1 §5.2), not FaxWS's.
    """
    return _payload_of(etree.fromstring(body, _parser()))


def _message_plan(payload: etree._Element | None) -> ClassPlan | None:
    """The plan of the request or response whose wrapper *payload* is (None: no operation's)."""
    found = None if payload is None else lookup_element(etree.QName(payload).localname)
    if found is None:
        return None
    op, direction = found
    return plan_for(op.request if direction is Direction.REQUEST else op.response)


def _payload_of(root: etree._Element) -> etree._Element | None:
    """:func:`_payload` of a parsed document."""
    envelope = (SOAP11_NS, SOAP12_NS)
    if etree.QName(root).namespace not in envelope:
        return root
    bodies = [el for el in root if isinstance(el.tag, str) and etree.QName(el).localname == "Body"]
    child = next((el for el in bodies[0] if isinstance(el.tag, str)), None) if bodies else None
    if child is None or etree.QName(child).namespace not in envelope:
        return child
    for el in child.iter():
        if isinstance(el.tag, str) and etree.QName(el).namespace not in (*envelope, None):
            return el
    return None


def _in_schema_ns(body: bytes) -> bytes:
    """*body* with the namespace its FaxWS elements were written in replaced by the schema's.

    The peer documents record a peer's style (prefixes, indentation, nil items, encodings), not
    a namespace: written against the contract's, they follow a schema whose target namespace
    moved (CONTRACT.md §1: elementFormDefault qualified, so only the namespace URI changes).
    """
    el = _payload(body)
    ns = etree.QName(el).namespace if el is not None else None
    if ns is None or ns == FAXWS_NS:
        return body
    for quote in (b'"', b"'"):
        body = body.replace(quote + ns.encode() + quote, quote + FAXWS_NS.encode() + quote)
    return body


def in_schema_terms(body: bytes) -> bytes:
    """*body* in the schema's terms: its namespace the schema's, renamed elements renamed.

    A stored document (a peer's recording, a hand-written vector) records a style, not the
    names: after the vendor renames an element (``schema/renames.toml``, the layout table's
    ``RENAMED``), it is read with the element under its new name. The document's bytes are
    kept but for the tag names; a document where the old name also stands where the schema
    did not rename it (another type's element of that name) is left as it is.
    """
    return with_new_names(_in_schema_ns(body))


def with_new_names(body: bytes) -> bytes:
    """*body* with the elements the vendor renamed under their new names.

    See :func:`in_schema_terms`; anything that is not such a document is left as it is.
    """
    olds = {old for fields in RENAMED.values() for old in fields.values()}
    if not olds or not any(old.encode() in body for old in olds):
        return body
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError:
        return body
    payload = _payload_of(root)
    plan = _message_plan(payload)
    if payload is None or plan is None:
        return body
    marked: dict[Any, str] = {}
    _mark_renamed(payload, plan, marked)
    news: dict[str, set[str]] = {}
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname in olds:
            if el not in marked:
                return body  # the old name stands where it was not renamed too
            news.setdefault(etree.QName(el).localname, set()).add(marked[el])
    if any(len(new) != 1 for new in news.values()):
        return body  # one old name renamed two ways: not a rewrite of tag names
    for old, (new,) in news.items():
        tag = re.compile(rb"(</?(?:[\w.-]+:)?)" + re.escape(old.encode()) + rb"(?=[\s/>])")
        body = tag.sub(rb"\g<1>" + new.encode(), body)
    return body


def _mark_renamed(el: Any, plan: ClassPlan, marked: dict[Any, str]) -> None:
    """Put each child of *el* (an instance of *plan*) standing under an old name into *marked*."""
    renamed = {f.was: f for f in plan.fields if f.was != f.name}
    for child in el:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        f = plan.by_name.get(local)
        if f is None and local in renamed:
            f = renamed[local]
            marked[child] = f.name
        if f is not None and f.plan is not None:
            _mark_renamed(child, f.plan, marked)


def missing_operation(body: bytes) -> str | None:
    """Why a peer document cannot be a case under this schema, else None.

    Its payload is an element no operation of the schema has (an operation the vendor removed).
    """
    el = _payload(body)
    if el is None or etree.QName(el).namespace != FAXWS_NS:
        return None
    name = etree.QName(el).localname
    parent = el.getparent()
    in_body = parent is not None and etree.QName(parent).localname == "Body"
    if in_body and lookup_element(name) is None:
        return f"the schema has no operation with the element {name}"
    return None


_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


def schema_misfit(body: bytes) -> str | None:
    """Why a stored document is no longer a message of this schema, else None.

    A peer's recording or a hand-written document was written against the schema of its
    day; after the vendor changes the schema it may no longer be one of its messages, and
    strict decoding rightly refuses it. This says why, by walking the document with the
    schema's plans: the payload is the element of no operation (an operation removed); an
    element the schema requires is absent, or repeats fewer times than required (one added
    since); an element's text is not of its type (one retyped since); an element repeats
    more often than allowed; or a FaxWS element stands where the schema declares none (one
    removed since). A reason counts only where the schema's XSD refuses the payload too,
    so that a bug of the decoder's own plans is not taken for a schema change. The caller
    gives the document in the schema's terms (:func:`in_schema_terms`).
    """
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError:
        return None
    reason = missing_operation(body)
    if reason is not None:
        return reason
    payload = _payload_of(root)
    if payload is None or etree.QName(payload).namespace != FAXWS_NS:
        return None
    plan = _message_plan(payload)
    reason = None if plan is None else _misfit(payload, plan)
    if reason is None or not _schema().validate(etree.fromstring(etree.tostring(payload))):
        return reason
    return None


def _is_nil(el: Any) -> bool:
    """Whether *el* is xsi:nil (its value's white space collapsed, as the decoders read it)."""
    value = el.get(_XSI_NIL)
    return value is not None and value.strip(XML_WS) in _NIL_TRUE


def _misfit(el: Any, plan: ClassPlan) -> str | None:
    """:func:`schema_misfit` for element *el*, an instance of *plan*."""
    if _is_nil(el):
        return None
    counts: dict[str, int] = {}
    for child in el:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        f = plan.by_tag.get(child.tag)
        if f is None:
            if etree.QName(child).namespace != FAXWS_NS:
                return None  # another vocabulary's element: the decoder's to refuse, not ours
            return f"{plan.name} declares no element {local} (line {child.sourceline})"
        counts[local] = counts.get(local, 0) + 1
        if f.max_occurs != -1 and counts[local] > f.max_occurs:
            return (
                f"{local} occurs more than the {f.max_occurs} time(s) {plan.name} allows "
                f"(line {child.sourceline})"
            )
        if _is_nil(child):
            continue
        if f.plan is not None:
            reason = _misfit(child, f.plan)
            if reason is not None:
                return reason
        elif f.kind.xsd != "string" and not (f.default is not None and not child.text):
            try:
                parse_text(f.kind.xsd, child.text or "")
            except ValueError as exc:
                return f"{local}: {exc}, as {plan.name} now types it (line {child.sourceline})"
    for f in plan.fields:
        if counts.get(f.name, 0) < f.min_occurs:
            where = f"<{etree.QName(el).localname}> (line {el.sourceline})"
            if f.name not in counts:
                return f"{plan.name} requires the element {f.name}, absent from {where}"
            return f"{plan.name} requires {f.name} {f.min_occurs} time(s), fewer in {where}"
    return None


def skipped_documents(vectors: Path | None = None) -> dict[str, str]:
    """The peer documents :func:`decoder_cases` leaves out, by case id, with the reason.

    A document that is no message of this schema (:func:`schema_misfit`: an operation the
    vendor removed, an element added, retyped or removed since it was written) is left out,
    not failed.
    """
    skipped: dict[str, str] = {}
    for _ in _peer(find_vectors(vectors), skipped):
        pass
    return skipped


def _peer_case(
    cid: str, title: str, section: str, body: bytes, ctype: str, skipped: dict[str, str]
) -> Iterator[Case]:
    """The accept case for a peer document, in the schema's terms.

    None, with the reason put in *skipped*, when it is no message of this schema
    (:func:`schema_misfit`).
    """
    body = in_schema_terms(body)
    reason = schema_misfit(body)
    if reason is not None:
        skipped[f"decoder/{cid}"] = reason
        return
    yield _accept(cid, title, section, "peer", body, ctype)


def _peer(vectors: Path | None, skipped: dict[str, str]) -> Iterator[Case]:
    """The peer-style cases; the documents left out go into *skipped* with the reason."""
    docs = _documents()
    for name, ctype, title, sec in _PEER_DOCS:
        body = (docs / name).read_bytes()
        yield from _peer_case(
            f"peer/{name.removesuffix('.xml')}", title, SECTIONS[sec], body, ctype, skipped
        )
    if vectors is None:
        return
    for path in sorted((vectors / "gsoap").glob("*.xml")):
        body = in_schema_terms(path.read_bytes())
        reason = schema_misfit(body)
        if reason is not None:
            skipped[f"decoder/peer/gsoap/{path.stem}"] = reason
            continue
        result = codec.decode(body)
        version = result.content_type if isinstance(result, Message) else None
        if isinstance(result, Fault):
            version = ContentType.SOAP11 if result.version is SoapVersion.SOAP11 else None
        ctype = media_type(version or ContentType.SOAP12)
        yield from _peer_case(
            f"peer/gsoap/{path.stem}",
            f"a gSOAP 2.8 service's own output: {path.stem.replace('-', ' ')}",
            SECTIONS["peers"],
            body,
            ctype,
            skipped,
        )
    hand = vectors / "handwritten"
    for path in sorted(hand.glob("*.xml")):
        op, direction = path.stem.split(".")
        body = in_schema_terms(path.read_bytes())
        reason = f"the schema has no operation {op}" if op not in OPERATIONS else None
        reason = reason or schema_misfit(body)
        if reason is not None:
            skipped[f"decoder/peer/handwritten/{op}/{direction}"] = reason
            continue
        result = codec.decode(body)
        ctype = media_type(
            result.content_type if isinstance(result, Message) else ContentType.SOAP12
        )
        yield _accept(
            f"peer/handwritten/{op}/{direction}",
            f"hand-written {op} {direction} in a real peer's style",
            SECTIONS["peers"],
            "peer",
            body,
            ctype,
        )


# ----------------------------------------------------------------------------- media types


def _media(base: bytes) -> Iterator[Case]:
    """One SOAP 1.2 document under the Content-Type spellings peers send."""
    for cid, ctype, title in (
        (
            "action-param",
            f'{_SOAP12}; action=""',
            "SOAP 1.2 with an empty action parameter, as gSOAP clients send it",
        ),
        (
            "upper-case",
            "Application/SOAP+XML; Charset=UTF-8",
            "media type and parameter names in upper case (RFC 9110 §8.3.1)",
        ),
        ("no-charset", SOAP12_MEDIA, "SOAP 1.2 media type without a charset"),
    ):
        yield _accept(f"media/{cid}", title, SECTIONS["soap12-media"], "media", base, ctype)


# ----------------------------------------------------------------------------- encodings


def _encodings() -> Iterator[Case]:
    text = _base("gsoap11-ex-response.xml").decode("utf-8")
    text = text.replace("ACME CORP", "Société Générale à Zürich")
    decl = '<?xml version="1.0" encoding="UTF-8"?>'
    for cid, enc, declared, ctype, title in (
        (
            "utf-16le-bom",
            "utf-16",
            "UTF-16",
            f"{SOAP11_MEDIA}; charset=utf-16",
            "UTF-16 with a byte order mark (little-endian)",
        ),
        (
            "utf-16be-bom",
            "utf-16-be",
            "UTF-16",
            SOAP11_MEDIA,
            "UTF-16 big-endian with a byte order mark, no charset parameter",
        ),
        (
            "iso-8859-1",
            "iso-8859-1",
            "ISO-8859-1",
            f"{SOAP11_MEDIA}; charset=iso-8859-1",
            "ISO-8859-1 declared in the XML declaration and the charset",
        ),
        ("utf-8-bom", "utf-8", "UTF-8", _SOAP11, "UTF-8 with a byte order mark"),
    ):
        doc = text.replace(decl, f'<?xml version="1.0" encoding="{declared}"?>')
        body = doc.encode(enc)
        if enc == "utf-16-be":
            body = "\ufeff".encode("utf-16-be") + body
        if cid == "utf-8-bom":
            body = b"\xef\xbb\xbf" + body
        yield _accept(f"encoding/{cid}", title, SECTIONS["encoding"], "encoding", body, ctype)


# ----------------------------------------------------------------------------- nil and empty


def _status_ops() -> list[Any]:
    return [op for op in OPERATIONS.values() if op.has_status_list]


def _nil_and_empty() -> Iterator[Case]:
    from ..models import FaxJobId, WSError  # noqa: PLC0415

    for op in _status_ops():
        # The operation table says where the ids and the status list live; the values are
        # named by element (renamed ones by their old names too: codec._values.fill).
        list_cls, ids_cls = op.list_class, op.ids_list_class
        assert list_cls is not None and ids_cls is not None
        req_plan, resp_plan = plan_for(op.request), plan_for(op.response)
        ids_el = next(f.name for f in req_plan.fields if f.attr == op.ids_attr)
        list_el = next(f.name for f in resp_plan.fields if f.attr == op.list_attr)
        login = {"UserID": "mbx1234567890", "strPIN": ""}
        ok = {"return": True, "WSError": WSError(error_code=0, error_string="")}
        empty_req = fill(req_plan, {**login, ids_el: ids_cls(**{op.ids_items_attr or "": []})})
        # nillable="true" items: the generated annotation says list[FaxJobId].
        nil_items: list[Any] = [None, FaxJobId(job_id="br0000000001"), None]
        nil_req = fill(req_plan, {**login, ids_el: ids_cls(**{op.ids_items_attr or "": nil_items})})
        empty_resp = fill(resp_plan, {**ok, list_el: list_cls(**{op.list_items_attr or "": []})})
        all_nil = fill(
            resp_plan, {**ok, list_el: list_cls(**{op.list_items_attr or "": [None, None]})}
        )
        for ct in (ContentType.SOAP12, ContentType.JSON):
            for cid, msg, title in (
                ("empty-ids", empty_req, "a request with no job ids (FaxJobIds minOccurs=0 items)"),
                ("nil-ids", nil_req, "nil job id items around a real one"),
                ("empty-list", empty_resp, "a response with an empty FaxStatusList"),
                ("all-nil", all_nil, "a response whose every item is nil"),
            ):
                enc = codec.encode(msg, ct)
                sec = SECTIONS["json" if ct is ContentType.JSON else "nil"]
                yield _accept(
                    f"nil/{op.name}/{ct.value}/{cid}",
                    f"{op.name}: {title} ({ct.value})",
                    sec,
                    "nil",
                    enc.body,
                    enc.headers["Content-Type"],
                )


# ----------------------------------------------------------------------------- must reject

_REQ = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<env:Body><GetRealTimeFaxStatusEx xmlns="{ns}">{inner}</GetRealTimeFaxStatusEx>'
    "</env:Body></env:Envelope>"
)
_GOOD = (
    "<UserID>mbx1234567890</UserID><strPIN></strPIN>"
    "<FaxJobIds><item><JobId>br0000000001</JobId></item></FaxJobIds>"
)
_RESP = (
    '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><env:Body>'
    '<SimpleFaxStatusResponse xmlns="{ns}"><return>{value}</return>'
    "</SimpleFaxStatusResponse></env:Body></env:Envelope>"
)
_LENIENT_VALUE = "accepting it keeps a value the schema's type cannot hold"


def _own_rejects() -> Iterator[Case]:
    def req(inner: str) -> bytes:
        return _REQ.format(ns=FAXWS_NS, inner=inner).encode()

    rows: list[tuple[str, str, str, bytes, str, str | None]] = [
        (
            "out-of-order",
            "UserID and strPIN swapped (xs:sequence order)",
            "sequence",
            req(
                "<strPIN></strPIN><UserID>mbx1234567890</UserID>"
                "<FaxJobIds><item><JobId>br1</JobId></item></FaxJobIds>"
            ),
            _SOAP12,
            "gSOAP servers tolerate swapped UserID/strPIN; the schema's sequence does not",
        ),
        (
            "missing-element",
            "strPIN left out (minOccurs=1)",
            "sequence",
            req(
                "<UserID>mbx1234567890</UserID><FaxJobIds><item><JobId>br1</JobId></item></FaxJobIds>"
            ),
            _SOAP12,
            "gSOAP servers accept a missing strPIN; the schema requires it",
        ),
        (
            "unknown-element",
            "an element the schema does not know",
            "sequence",
            req(_GOOD + "<Priority>high</Priority>"),
            _SOAP12,
            "a lenient reader may skip unknown elements (faxstatus does with strict=False)",
        ),
        (
            "unqualified-children",
            "payload children in no namespace",
            "qualified",
            _REQ.format(ns=FAXWS_NS, inner=_GOOD.replace("<UserID>", '<UserID xmlns="">')).encode(),
            _SOAP12,
            "gSOAP servers accept unqualified children; elementFormDefault says qualified",
        ),
        (
            "nil-scalar",
            "xsi:nil on UserID (not nillable)",
            "nil",
            req('<UserID xsi:nil="true"/><strPIN></strPIN><FaxJobIds/>'),
            _SOAP12,
            "accepting a nil UserID invents an absent value",
        ),
        (
            "text-in-complex",
            "text inside element-only content (FaxJobIds)",
            "sequence",
            req(
                "<UserID>u</UserID><strPIN></strPIN><FaxJobIds>stray<item><JobId>b</JobId></item>"
                "</FaxJobIds>"
            ),
            _SOAP12,
            "stray text between elements is lost when accepted",
        ),
        (
            "int-overflow",
            "xsd:int value 2147483648",
            "int",
            _base("gsoap11-ex-response.xml").replace(
                b"<FaxWS:RecipientTotalPageCount>3<", b"<FaxWS:RecipientTotalPageCount>2147483648<"
            ),
            _SOAP11,
            _LENIENT_VALUE,
        ),
        (
            "long-overflow",
            "xsd:long value 9223372036854775808",
            "int",
            _RESP.format(ns=FAXWS_NS, value="9223372036854775808").encode(),
            _SOAP12,
            _LENIENT_VALUE,
        ),
        (
            "int-decimal",
            "a decimal where xsd:long is required (3.0)",
            "int",
            _RESP.format(ns=FAXWS_NS, value="3.0").encode(),
            _SOAP12,
            _LENIENT_VALUE,
        ),
        (
            "int-empty",
            "an empty xsd:long",
            "int",
            _RESP.format(ns=FAXWS_NS, value="").encode(),
            _SOAP12,
            "accepting an empty number invents a value",
        ),
        (
            "boolean-yes",
            "xsd:boolean spelled 'yes'",
            "boolean",
            _base("gsoap11-ex-response.xml").replace(b"<FaxWS:return>true<", b"<FaxWS:return>yes<"),
            _SOAP11,
            _LENIENT_VALUE,
        ),
        (
            "wrong-namespace",
            f"the payload in another namespace ({FAXWS_NS}2)",
            "qualified",
            _REQ.format(ns=f"{FAXWS_NS}2", inner=_GOOD).encode(),
            _SOAP12,
            None,
        ),
        (
            "envelope-not-root",
            "a Body with no Envelope around it",
            "soap12-env",
            (
                f'<env:Body xmlns:env="{SOAP12_NS}"><CheckService xmlns="{FAXWS_NS}"/></env:Body>'
            ).encode(),
            _SOAP12,
            None,
        ),
        (
            "header-after-body",
            "a Header after the Body",
            "soap12-env",
            (
                f'<env:Envelope xmlns:env="{SOAP12_NS}"><env:Body>'
                f'<CheckService xmlns="{FAXWS_NS}"/></env:Body><env:Header/></env:Envelope>'
            ).encode(),
            _SOAP12,
            None,
        ),
    ]
    responses = {"int-overflow", "long-overflow", "int-decimal", "int-empty", "boolean-yes"}
    for cid, title, sec, body, ctype, lenient in rows:
        direction = "response" if cid in responses else "request"
        yield _reject(
            f"reject/{cid}", title, SECTIONS[sec], "reject", body, ctype, lenient, direction
        )


#: Hostile corpus entries used as must-reject cases: (name, section key, lenient reason).
_HOSTILE: tuple[tuple[str, str, str | None], ...] = (
    ("billion-laughs.xml", "no-dtd", None),
    ("xxe-file.xml", "no-dtd", None),
    ("xxe-http.xml", "no-dtd", None),
    ("xxe-parameter-entity.xml", "no-dtd", None),
    ("internal-dtd.xml", "no-dtd", None),
    ("doctype-in-soap.xml", "no-dtd", None),
    ("doctype-after-comment.xml", "no-dtd", None),
    ("doctype-utf16.xml", "no-dtd", None),
    ("undefined-entity.xml", "well-formed", None),
    ("illegal-char-reference.xml", "xml-char", None),
    ("invalid-utf8.xml", "encoding", None),
    ("nul-byte.xml", "xml-char", None),
    ("truncated-50pct.xml", "well-formed", None),
    ("truncated-0pct.xml", "well-formed", None),
    ("mismatched-tags.xml", "well-formed", None),
    ("undeclared-prefix.xml", "well-formed", None),
    ("wrong-envelope-namespace.xml", "versionmismatch", None),
    ("soap11-envelope-soap12-fault.xml", "fault11", None),
    ("two-bodies.xml", "soap12-env", None),
    ("body-two-children.xml", "one-child", "SOAP itself allows several Body children"),
    ("missing-body.xml", "soap12-env", None),
    ("empty-body.xml", "one-child", None),
    ("int32-overflow.xml", "int", _LENIENT_VALUE),
    ("int64-overflow.xml", "int", _LENIENT_VALUE),
    ("nil-on-scalar.xml", "nil", "accepting a nil scalar invents an absent value"),
    ("many-attributes.xml", "certain", "FaxWS elements carry no attributes"),
    ("html-as-xml.xml", "well-formed", None),
    ("json-duplicate-keys.json", "json-rfc", "RFC 8259 says names SHOULD be unique"),
    ("json-nan.json", "json-rfc", None),
    ("json-bool-as-int.json", "json", _LENIENT_VALUE),
    ("json-lone-surrogate.json", "json-rfc", "a lone surrogate is not a Unicode character"),
)


def _find_hostile(vectors: Path | None) -> Path | None:
    if vectors is None:
        return None
    folder = vectors.parent / "hostile"
    return folder if (folder / "cases.json").is_file() else None


def _hostile(vectors: Path | None) -> Iterator[Case]:
    folder = _find_hostile(vectors)
    if folder is None:
        return
    cases = {c["name"]: c for c in json.loads((folder / "cases.json").read_text("utf-8"))["cases"]}
    for name, sec, lenient in _HOSTILE:
        entry = cases.get(name)
        if entry is None or "file" not in entry:
            continue
        body = (folder / entry["file"]).read_bytes()
        stem = name.rsplit(".", 1)[0]
        title = f"hostile corpus: {stem.replace('-', ' ')} ({entry.get('match') or 'rejected'})"
        yield _reject(
            f"reject/hostile/{stem}",
            title,
            SECTIONS[sec],
            "reject",
            body,
            entry["content_type"],
            lenient,
        )


def decoder_cases(vectors: Path | None = None) -> list[Case]:
    """Every decoder case: golden vectors, peer styles, media types, encodings, nil, rejects.

    *vectors* is the golden vectors folder (``tests/vectors``); the hostile corpus is read
    from its sibling ``hostile``. Without it the golden, hand-written and hostile families are
    left out and the kit's own documents remain.
    """
    vectors = find_vectors(vectors)
    base = _base("gsoap12-ex3-response.xml")
    out: list[Case] = []
    if vectors is not None:
        out.extend(_golden(vectors))
    out.extend(_peer(vectors, {}))
    out.extend(_media(base))
    out.extend(_encodings())
    out.extend(_nil_and_empty())
    out.extend(_own_rejects())
    out.extend(_hostile(vectors))
    return out


# ----------------------------------------------------------------------------- encoder


def _enc_case(cid: str, title: str, section: str, group: str, msg: Any, ct: ContentType) -> Case:
    op, direction = _op_dir(msg)
    key_result = Message(op, direction, msg, ct)
    source = json.dumps(expected_json(key_result), ensure_ascii=False).encode()
    canonical = codec.encode(msg, ct).body
    return Case(
        f"encoder/{cid}",
        title,
        section,
        "encoder",
        group,
        "accept",
        ct.value,
        source,
        expected_json(key_result),
        None,
        canonical,
        direction=direction.value,
    )


def _op_dir(msg: Any) -> tuple[Any, Direction]:
    found = lookup_class(type(msg))
    assert found is not None
    return found


def _enc_fault(cid: str, fault: Fault, ct: ContentType) -> Case:
    source = json.dumps(fault_to_json(fault), ensure_ascii=False).encode()
    canonical = codec.encode_fault(fault, ct).body
    version = "fault11" if fault.version is SoapVersion.SOAP11 else "fault12"
    return Case(
        f"encoder/{cid}",
        f"a SOAP {fault.version.label} fault with every part filled in",
        SECTIONS[version],
        "encoder",
        "fault",
        "accept",
        ct.value,
        source,
        fault_to_json(fault),
        None,
        canonical,
        direction="fault",
    )


def encoder_cases(vectors: Path | None = None) -> list[Case]:
    """Every encoder case: golden messages, nil and empty lists, escaping, faults, refusals.

    Refusals are values no wire form can carry (an XML-illegal character, an int out of range).

    The adapter is given the JSON form and a form name; the kit decodes what it writes with
    our codec and compares messages. Byte equality with our encoder is reported as canonical.
    """
    vectors = find_vectors(vectors)
    out: list[Case] = []
    messages: list[tuple[str, Any]] = []
    if vectors is not None:
        for op in OPERATIONS.values():
            for d in Direction:
                path = vectors / op.name / "json" / f"{d.value}.json"
                if path.is_file():
                    decoded = codec.decode(path.read_bytes(), JSON_MEDIA)
                    assert isinstance(decoded, Message)
                    messages.append((f"{op.name}/{d.value}", decoded.payload))
    for name, msg in messages:
        for ct in _FORMS:
            sec = SECTIONS["json" if ct is ContentType.JSON else "certain"]
            out.append(
                _enc_case(
                    f"golden/{name}/{ct.value}",
                    f"golden {name.replace('/', ' ')} as {ct.value}",
                    sec,
                    "golden",
                    msg,
                    ct,
                )
            )
    for case in _nil_and_empty():
        if case.content_type.startswith(JSON_MEDIA):
            continue
        result = codec.decode(case.body, case.content_type)
        assert isinstance(result, Message)
        cid = case.id.removeprefix("decoder/").replace("/soap12/", "/")
        for ct in (ContentType.SOAP12, ContentType.SOAP11):
            out.append(
                _enc_case(
                    f"{cid}/{ct.value}",
                    case.title.replace("(soap12)", f"({ct.value})"),
                    SECTIONS["nil"],
                    "nil",
                    result.payload,
                    ct,
                )
            )
    from ..models import CheckServiceResponse  # noqa: PLC0415

    for cid, text, title in (
        ("escape-markup", "a < b & c > d ]]> \"q\" 'a'", "markup characters escaped in text"),
        ("carriage-return", "line one\r\nline two\r", "a carriage return kept (as &#13;)"),
        ("non-ascii", "Zürich — 東京 📠", "non-ASCII text, astral plane included"),
        ("white-space", "  padded\t", "leading and trailing white space kept"),
    ):
        for ct in (ContentType.SOAP12, ContentType.SOAP11):
            out.append(
                _enc_case(
                    f"text/{cid}/{ct.value}",
                    f"{title} ({ct.value})",
                    SECTIONS["xml-char"],
                    "text",
                    CheckServiceResponse(return_value=text),
                    ct,
                )
            )
    from .._soap import FaultReason  # noqa: PLC0415

    for version, ct in (
        (SoapVersion.SOAP11, ContentType.SOAP11),
        (SoapVersion.SOAP12, ContentType.SOAP12),
    ):
        local = "Client" if version is SoapVersion.SOAP11 else "Sender"
        fault = Fault(
            version,
            f"{{{version.value}}}{local}",
            (FaultReason("Invalid request", "en"),),
            detail='<e:why xmlns:e="urn:example">strPIN &amp; UserID</e:why>',
        )
        out.append(_enc_fault(f"fault/{ct.value}", fault, ct))
    out.extend(_encoder_refusals())
    return out


def _encoder_refusals() -> Iterator[Case]:
    bad_char = {"CheckServiceResponse": {"return": "bell \u0007 here"}}
    int_overflow = {
        "GetFaxStatusResponse": {
            "return": True,
            "FaxStatusList": [
                {
                    "FaxJobId": "br1",
                    "FaxJobStatusId": 2**31,
                    "StatusDescription": "x",
                    "Error": {"ErrorCode": 0, "ErrorString": ""},
                }
            ],
            "WSError": {"ErrorCode": 0, "ErrorString": ""},
        }
    }
    for cid, doc, title, sec in (
        ("xml-illegal-char", bad_char, "a U+0007 no XML document can carry", "xml-char"),
        ("int-overflow", int_overflow, "FaxJobStatusId 2147483648 (outside xsd:int)", "int"),
    ):
        for ct in (ContentType.SOAP12, ContentType.SOAP11):
            yield Case(
                f"encoder/refuse/{cid}/{ct.value}",
                f"refuse {title} ({ct.value})",
                SECTIONS[sec],
                "encoder",
                "refuse",
                "reject",
                ct.value,
                json.dumps(doc).encode(),
                None,
                None,
                None,
                direction="response",
            )
