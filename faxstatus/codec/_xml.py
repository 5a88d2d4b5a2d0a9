"""XML half of the codec: the hardened parser and the element checks every XML strategy shares.

The strategies that decode and encode payloads live in ``decoders/`` and ``encoders/``
(``decoders/generic.py`` is the checked plan walker, ``encoders/generic.py`` the checked encoder);
what is here runs whatever strategy is chosen: the size and density caps, the DOCTYPE and
encoding checks, the parse itself, element paths, attribute and text checks, escaping.

Rules of this module (h11 style):
  * no I/O: bytes in, objects out, and the reverse;
  * untrusted bytes go only through :func:`parse_document`: no DTD, no entities, no network,
    a size cap checked before parsing, libxml2's depth and text-size limits left on;
  * every failure is a :class:`DecodeError` or :class:`EncodeError` naming the element path
    and line; nothing else escapes (no TypeError, KeyError or xsdata ParserError).
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from lxml import etree

from .._contract import XML_ILLEGAL_CHARS
from .._errors import DecodeError, EncodeError, ProtocolError
from ._compile import XML_WS
from .decoders.scan import DEFAULT_MAX_BYTES, MARKUP_DENSITY, MIN_TAGS, PRESCAN_EQUALS, dense

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MARKUP_DENSITY",
    "MAX_ATTRIBUTES",
    "MAX_SKIPPED",
    "MIN_TAGS",
    "WIDE",
    "XSI_NIL",
    "XSI_NS",
    "check_attributes",
    "check_size",
    "check_text",
    "element_path",
    "error_at",
    "escape_text",
    "local_name",
    "note_skipped",
    "parse_document",
]

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSI_NIL = f"{{{XSI_NS}}}nil"
XSI_TYPE = f"{{{XSI_NS}}}type"
#: Default cap on a body's size, checked before any parsing.

_NIL_TRUE = ("true", "1")
# XML 1.0 §2.2 Char: everything else (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF)
# cannot appear in a document, escaped or not.
_ILLEGAL = re.compile(f"[{XML_ILLEGAL_CHARS}]")
_SPECIAL = re.compile("[&<>\r]")
# '>' is escaped so that ']]>' never appears; '\r' as a character reference, or the parser's
# end-of-line handling (XML 1.0 §2.11) would turn '\r\n' into '\n' on the way back.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        strip_cdata=True,
    )


def check_size(body: bytes, max_bytes: int) -> None:
    """DecodeError when *body* is over the cap (checked before any parsing)."""
    if len(body) > max_bytes:
        raise DecodeError(f"body is {len(body)} bytes, over the {max_bytes}-byte cap")


def parse_document(
    body: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, relative_namespaces: bool = False
) -> etree._Element:
    """Parse untrusted *body* with the hardened parser and return its root element.

    Raises :class:`ProtocolError` for an empty body and :class:`DecodeError` for anything
    over *max_bytes*, malformed, or carrying a DOCTYPE (SOAP 1.1 §3, SOAP 1.2 Part 1 §5:
    a SOAP message must not contain a document type declaration). *relative_namespaces*
    accepts a namespace name that is a relative URI reference (deprecated by Namespaces in
    XML 1.0 §2.2, not an error): the push notification's ``C3FDNS`` is one (CONTRACT.md §8).
    """
    check_size(body, max_bytes)
    if not body or body.isspace():  # isspace() stops at the first other byte; strip() copies
        raise ProtocolError("empty body")
    _check_density(body)
    _prescan_attributes(body)
    if _has_doctype(body):
        # Rejected before libxml2 sees it: no entity is ever declared, let alone expanded.
        raise DecodeError("document type declarations are not allowed in SOAP or FaxWS messages")
    parser = _parser()
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        err = exc.error_log.last_error if exc.error_log else None  # type: ignore[attr-defined]
        msg = (err.message if err is not None else str(exc)).strip()
        line = err.line if err is not None else exc.lineno
        column = err.column if err is not None else None
        raise DecodeError(f"malformed XML: {msg}", line=line, column=column) from None
    except (ValueError, LookupError) as exc:
        # lxml 6 reports an unknown encoding as XMLSyntaxError (above); this keeps any other
        # refusal of lxml's a DecodeError, since only CodecError may leave decode.
        raise DecodeError(f"unreadable XML: {exc}") from None
    # libxml2 reports an undeclared prefix (Namespaces in XML 1.0 §5) as a warning and keeps
    # "p:tag" as a plain name; a FaxWS message must be namespace-well-formed.
    for entry in parser.error_log:
        if relative_namespaces and entry.type == etree.ErrorTypes.WAR_NS_URI_RELATIVE:
            continue
        if entry.domain == etree.ErrorDomains.NAMESPACE:
            raise DecodeError(
                f"malformed XML: {entry.message.strip()}", line=entry.line, column=entry.column
            )
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise DecodeError("document type declarations are not allowed in SOAP or FaxWS messages")
    return root


#: Most attributes one element may carry. FaxWS elements carry at most xsi:nil and
#: xsi:type; envelopes declare a few namespaces. lxml reads an element's attributes in
#: quadratic time, and libxml2 spends about 200 bytes on each attribute or declaration.
MAX_ATTRIBUTES = 64
# Above PRESCAN_EQUALS "=" in a body (decoders/scan.py), start tags are checked before
# parsing.
_PRESCAN_EQUALS = PRESCAN_EQUALS
# A start tag with more than MAX_ATTRIBUTES name="value" pairs (a value may hold '>').
_CROWDED_TAG = re.compile(
    rb"<[^\s<>!?/][^\s<>/]*(?:\s+[^\s=<>\"']+\s*=\s*(?:\"[^\"]*\"|'[^']*')){%d}"
    % (MAX_ATTRIBUTES + 1)
)


def _check_density(body: bytes) -> None:
    """DecodeError for a body with more tags than FaxWS markup could have (counted in C)."""
    if dense(body):
        markup = body.count(b"<") + body.count(b"=")
        raise DecodeError(
            f"{markup} tags and attributes in {len(body)} bytes: more than one per "
            f"{MARKUP_DENSITY} bytes, denser than any FaxWS message"
        )


_SCAN_CHUNK = 1 << 20
# Every byte but "<" and "=" (deleted by bytes.translate), and the run of "=" that a start
# tag with more than MAX_ATTRIBUTES attributes leaves behind.
_NOT_MARKUP = bytes(b for b in range(256) if b not in b"<=")
_CROWDED_RUN = b"=" * (MAX_ATTRIBUTES + 1)


def _crowded_tag(body: bytes) -> re.Match[bytes] | None:
    """The first start tag with more than MAX_ATTRIBUTES attributes, if any.

    The "=" between each "<" and the next are counted in C, a megabyte at a time (a regular
    expression tried at every "<" costs about a microsecond each): with every byte but "<"
    and "=" deleted, more than MAX_ATTRIBUTES "=" between two "<" are a run of that many
    "=". Only a chunk holding such a run is searched with :data:`_CROWDED_TAG`.
    """
    start = 0
    while start < len(body):
        end = body.find(b"<", start + _SCAN_CHUNK)
        end = len(body) if end < 0 else end
        if _CROWDED_RUN in body[start:end].translate(None, _NOT_MARKUP):
            m = _CROWDED_TAG.search(body, start)
            if m is not None:
                return m
        start = end
    return None


def _prescan_attributes(body: bytes) -> None:
    """Refuse, before parsing, a start tag with more than MAX_ATTRIBUTES attributes.

    Only for a body with more than ``_PRESCAN_EQUALS`` "=" (counted in C): below that, what
    libxml2 may build is small, and :func:`check_attributes` enforces the limit on every
    element the decoder reads. The regular expression is linear.
    """
    # ' a=""' is 5 bytes: a smaller body cannot hold that many attributes (nothing counted).
    if len(body) > 5 * _PRESCAN_EQUALS and body.count(b"=") > _PRESCAN_EQUALS:
        m = _crowded_tag(body)
        if m is not None:
            name = m.group()[1:].split(None, 1)[0].decode("utf-8", "replace")[:40]
            line = body.count(b"\n", 0, m.start()) + 1
            raise DecodeError(
                f"element {name!r} has more than {MAX_ATTRIBUTES} attributes "
                "(namespace declarations included)",
                line=line,
            )


_DOCTYPE = b"<!DOCTYPE"
_PROLOG_WS = b" \t\r\n"
#: How far into the body the prolog (XML 1.0 §2.8) is searched for a DOCTYPE.
_PROLOG_LIMIT = 65536


def _has_doctype(body: bytes) -> bool:
    """True when the prolog holds a document type declaration.

    The markup is searched in place (``startswith``/``find`` with bounds): no slice of the
    body is copied, so a parse costs no extra 64 KiB allocation (which also spared glibc a
    heap trim and the page faults of the next decode). Every ASCII-compatible encoding spells
    the markup with the same bytes; UTF-16 bodies, rare, are decoded (bounded) first.
    """
    wide = _wide_encoding(body)
    if wide is not None:
        width = 4 if "32" in wide else 2
        text = body[: width * _PROLOG_LIMIT].decode(wide, "replace")
        return _scan_prolog(text.lstrip("\ufeff").encode("utf-8", "replace"), 0)
    start = 3 if body.startswith(b"\xef\xbb\xbf") else 0
    declared = _DECLARED_ENCODING.match(body, start)
    if declared is not None:
        _check_declared_encoding(declared.group(1))
    return _scan_prolog(body, start)


# XML 1.0 Appendix F: how the first four bytes give away the encoding family. UTF-32 is
# tested before UTF-16, whose byte-order marks and "<" patterns are its prefixes.
WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
# Byte orders Python cannot read (UCS-4 2143 and 3412) and EBCDIC's "<?xm": refused.
_UNREADABLE_STARTS = (b"\x00\x00<\x00", b"\x00<\x00\x00", b"\x4c\x6f\xa7\x94")
_DECLARED_ENCODING = re.compile(rb"<\?xml\s[^>]{0,200}?encoding\s*=\s*[\"']([^\"']{0,64})[\"']")


def _wide_encoding(body: bytes) -> str | None:
    """The UTF-16/UTF-32 codec *body* starts in, None for an ASCII-compatible start."""
    if body.startswith(_UNREADABLE_STARTS):
        raise DecodeError("unsupported document encoding (UCS-4 2143/3412 or EBCDIC)")
    for start, codec in WIDE_ENCODINGS:
        if body.startswith(start):
            return codec
    return None


def _check_declared_encoding(raw: bytes) -> None:
    """Refuse a declared encoding that could spell markup with other bytes (UTF-7, …).

    The DOCTYPE scan reads ASCII bytes; that is exact for UTF-8, US-ASCII, ISO-8859-n and
    windows-125n (and a UTF-16/32 label on 8-bit bytes, which libxml2 overrides), and for
    nothing else: UTF-7 writes "<" as "+ADw-". SOAP itself uses UTF-8 or UTF-16.
    """
    name = raw.decode("ascii", "replace")
    try:
        canonical = codecs.lookup(name).name
    except (LookupError, ValueError):  # ValueError: a NUL in the name (found by make fuzz)
        canonical = ""
    if not (canonical in _ASCII_TRANSPARENT or canonical.startswith(("iso8859-", "cp125"))):
        raise DecodeError(f"declared encoding {name[:40]!r} is not accepted (use UTF-8 or UTF-16)")


_ASCII_TRANSPARENT = frozenset(
    {
        "utf-8",
        "ascii",
        "latin-1",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
    }
)


def _scan_prolog(body: bytes, pos: int) -> bool:
    limit = min(len(body), _PROLOG_LIMIT)
    while True:
        while pos < limit and body[pos] in _PROLOG_WS:
            pos += 1
        if body.startswith(b"<?", pos, limit):
            end, skip = body.find(b"?>", pos, limit), 2
        elif body.startswith(b"<!--", pos, limit):
            end, skip = body.find(b"-->", pos, limit), 3
        else:
            return body.startswith(_DOCTYPE, pos, limit)
        if end < 0:
            return False
        pos = end + skip


def local_name(tag: str) -> str:
    """Local part of a Clark-notation tag."""
    return tag.rpartition("}")[2]


def element_path(el: etree._Element) -> str:
    """XPath-like path of *el* from the document root, with 1-based indexes where repeated."""
    parts = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        name = local_name(str(node.tag))
        if parent is not None:
            # Walked in C by tag (a list of all siblings would cost a proxy each, per call).
            before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
            if before or next(node.itersiblings(node.tag), None) is not None:
                name += f"[{before + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))


def error_at(reason: str, el: etree._Element, cls: type[DecodeError] = DecodeError) -> DecodeError:
    """A DecodeError (or subclass *cls*) naming *el*'s path and source line."""
    line = el.sourceline
    return cls(reason, path=element_path(el), line=line if isinstance(line, int) else None)


def check_text(el: etree._Element) -> None:
    """Reject character data directly inside a complex element (no mixed content here)."""
    if len(el) > WIDE and not _TEXT_CHILD(el):  # in C for a wide element
        return
    if el.text is not None and el.text.strip(XML_WS):
        raise error_at(f"unexpected text {el.text.strip()[:40]!r} in element content", el)
    for child in el:
        if child.tail is not None and child.tail.strip(XML_WS):
            raise error_at(f"unexpected text {child.tail.strip()[:40]!r} after element", child)


def check_attributes(
    el: etree._Element, nillable: bool, skipped: list[str] | None, path: str | None = None
) -> bool:
    """Check *el*'s attributes; return True when it is xsi:nil.

    FaxWS elements carry no attributes. Allowed: xsi:nil on nillable elements only (XSD Part 1
    §3.3.4, cvc-elt.3.1), and xsi:type, which rpc/encoded-style peers write on every element
    and which we ignore. Anything else is an error in strict mode and skipped (and listed)
    otherwise.
    """
    attrib = el.attrib
    if not attrib:
        return False
    if len(attrib) > MAX_ATTRIBUTES:  # len() is C; items() is quadratic in lxml
        raise error_at(f"more than {MAX_ATTRIBUTES} attributes on one element", el)
    nil = False
    for name, value in attrib.items():
        if name == XSI_NIL:
            if not nillable:
                raise error_at(f"{local_name(str(el.tag))} has xsi:nil but is not nillable", el)
            nil = str(value).strip(XML_WS) in _NIL_TRUE
        elif name != XSI_TYPE:
            if skipped is None:
                raise error_at(f"unexpected attribute {local_name(str(name))!r}", el)
            note_skipped(skipped, f"{path or element_path(el)}/@{local_name(str(name))}")
    return nil


#: Most entries :func:`note_skipped` lists; one marker then says that more were skipped.
MAX_SKIPPED = 1000


def note_skipped(skipped: list[str], entry: str) -> None:
    """Note a skipped element or key in lenient mode, listing at most MAX_SKIPPED of them."""
    n = len(skipped)
    if n < MAX_SKIPPED:
        skipped.append(entry)
    elif n == MAX_SKIPPED:
        skipped.append(f"… more than {MAX_SKIPPED} skipped; the rest are not listed")


#: Above this many children an element's text and unknown children are checked in C
#: (check_text here; lenient mode's skip in decoders/generic.py).
WIDE = 1024
_TEXT_CHILD = etree.XPath("boolean(text()[normalize-space()])")


# ----------------------------------------------------------------------------- encoding


def escape_text(value: str, path: str) -> str:
    """Escape *value* for element content; EncodeError if XML 1.0 cannot carry it."""
    bad = _ILLEGAL.search(value)
    if bad is not None:
        raise EncodeError(
            f"character U+{ord(bad.group()):04X} at offset {bad.start()} cannot appear in XML 1.0",
            path=path,
        )
    if _SPECIAL.search(value) is None:
        return value
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], value)
