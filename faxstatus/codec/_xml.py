"""XML half of the codec: the hardened parser, and payload decode/encode driven by binding plans.

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
from functools import cache
from typing import Any

from lxml import etree

from .._errors import DecodeError, EncodeError, ProtocolError
from .._scan import DEFAULT_MAX_BYTES, MARKUP_DENSITY, MIN_TAGS, PRESCAN_EQUALS, dense
from .._xsd import format_text, parse_text
from ._plan import ClassPlan, FieldPlan, Kind

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MARKUP_DENSITY",
    "MAX_ATTRIBUTES",
    "MAX_SKIPPED",
    "MIN_TAGS",
    "XSI_NIL",
    "XSI_NS",
    "check_attributes",
    "check_size",
    "check_text",
    "decode_payload",
    "element_path",
    "encode_payload",
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

# XML 1.0 §2.3 white space; XSD's "collapse" facet strips exactly these (XSD Part 2 §4.3.6).
_XML_WS = " \t\n\r"
_NIL_TRUE = ("true", "1")
# XML 1.0 §2.2 Char: everything else (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF)
# cannot appear in a document, escaped or not.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
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


def parse_document(body: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """Parse untrusted *body* with the hardened parser and return its root element.

    Raises :class:`ProtocolError` for an empty body and :class:`DecodeError` for anything
    over *max_bytes*, malformed, or carrying a DOCTYPE (SOAP 1.1 §3, SOAP 1.2 Part 1 §5:
    a SOAP message must not contain a document type declaration).
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
# Above PRESCAN_EQUALS "=" in a body (faxstatus/_scan.py), start tags are checked before
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
_WIDE_ENCODINGS = (
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
    for start, codec in _WIDE_ENCODINGS:
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
    if len(el) > _WIDE and not _TEXT_CHILD(el):  # in C for a wide element
        return
    if el.text is not None and el.text.strip(_XML_WS):
        raise error_at(f"unexpected text {el.text.strip()[:40]!r} in element content", el)
    for child in el:
        if child.tail is not None and child.tail.strip(_XML_WS):
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
            nil = str(value).strip(_XML_WS) in _NIL_TRUE
        elif name != XSI_TYPE:
            if skipped is None:
                raise error_at(f"unexpected attribute {local_name(str(name))!r}", el)
            note_skipped(skipped, f"{path or element_path(el)}/@{local_name(str(name))}")
    return nil


def _scalar(el: etree._Element, f: FieldPlan) -> Any:
    """The value of simple-typed element *el* (its attributes already checked)."""
    if len(el):
        raise error_at(f"{f.name} must hold text, not the element {local_name(el[0].tag)}", el[0])
    text = el.text or ""
    if f.kind is Kind.STRING:
        return text
    try:
        return parse_text(f.kind.xsd, text)
    except ValueError as exc:
        raise error_at(f"{f.name}: {exc}", el) from None


#: Most entries :func:`note_skipped` lists; one marker then says that more were skipped.
MAX_SKIPPED = 1000


def note_skipped(skipped: list[str], entry: str) -> None:
    """Note a skipped element or key in lenient mode, listing at most MAX_SKIPPED of them."""
    n = len(skipped)
    if n < MAX_SKIPPED:
        skipped.append(entry)
    elif n == MAX_SKIPPED:
        skipped.append(f"… more than {MAX_SKIPPED} skipped; the rest are not listed")


#: Above this many children, lenient mode skips unknown ones in C (:func:`_skip_wide`).
_WIDE = 1024
_TEXT_CHILD = etree.XPath("boolean(text()[normalize-space()])")


class _ChildPaths:
    """Element paths of an element's children, in document order, in linear time."""

    __slots__ = ("_base", "_seen", "_totals")

    def __init__(self, el: etree._Element, path: str | None) -> None:
        self._base = element_path(el) if path is None else path
        self._seen: dict[Any, int] = {}
        self._totals: dict[Any, int] = {}
        if len(el) <= _WIDE:
            self.count(el)

    def count(self, children: Any) -> None:
        """Count the tags of *children* (the siblings whose paths will be asked for)."""
        totals = self._totals
        for child in children:
            totals[child.tag] = totals.get(child.tag, 0) + 1

    def base(self) -> str:
        """The parent's path."""
        return self._base

    def next(self, tag: Any) -> str:
        """The path of the next child, whose tag is *tag*."""
        n = self._seen[tag] = self._seen.get(tag, 0) + 1
        name = local_name(str(tag))
        return (
            f"{self._base}/{name}[{n}]" if self._totals.get(tag, 2) > 1 else f"{self._base}/{name}"
        )


def _skip_wide(
    el: etree._Element, by_tag: Any, skipped: list[str], paths: _ChildPaths
) -> list[etree._Element]:
    """Note *el*'s unknown children (the first MAX_SKIPPED by path) and return the known ones.

    Used for an element with more than ``_WIDE`` children in lenient mode: lxml filters the
    children by tag in C, so an unknown child costs no Python work past the listed ones.
    A skipped child's path here always carries its index among same-tag siblings.
    """
    known = list(el.iterchildren(*by_tag)) if by_tag else []
    unknown = len(el) - len(known)
    if unknown:
        listed = 0
        seen: dict[Any, int] = {}
        base = paths.base()
        for child in el:
            if listed >= MAX_SKIPPED or len(skipped) > MAX_SKIPPED:
                break
            tag = child.tag
            if tag in by_tag:
                continue
            n = seen[tag] = seen.get(tag, 0) + 1
            note_skipped(skipped, f"{base}/{local_name(str(tag))}[{n}]")
            listed += 1
        if unknown > listed:
            note_skipped(skipped, f"… {unknown - listed} more unknown children of {base}")
    paths.count(known)
    return known


def _nil(child: etree._Element, f: FieldPlan) -> None:
    # A nil element has no children and no characters at all (cvc-elt.3.2.1).
    if len(child) or child.text:
        raise error_at(f"{f.name} is xsi:nil but has content", child)


def decode_payload(
    el: etree._Element, plan: ClassPlan, skipped: list[str] | None, path: str | None = None
) -> Any:
    """Build an instance of ``plan.cls`` from *el*, checking order, occurrence and types.

    *skipped* is None in strict mode (an unknown element is an error); otherwise the paths
    of unknown elements are noted in it (:func:`note_skipped`) and the elements are ignored.
    *path* is *el*'s element path when the caller knows it (lenient mode passes it down, so
    that naming a skipped element costs nothing per sibling).
    """
    check_text(el)
    fields = plan.fields
    if not fields and el.text:
        # Empty content admits no characters at all, not even white space (cvc-complex-type.2.1).
        raise error_at(f"{plan.name} must be empty, found text {el.text[:20]!r}", el)
    by_tag = plan.by_tag
    values: dict[str, Any] = {}
    pos = 0
    paths = None if skipped is None else _ChildPaths(el, path)
    cpath = None
    children: Any = el
    if paths is not None and skipped is not None and len(el) > _WIDE:
        # Lenient and wide: unknown children are skipped in C, only the listed ones named.
        children = _skip_wide(el, by_tag, skipped, paths)
    for child in children:
        tag = child.tag
        if paths is not None:
            cpath = paths.next(tag)
        f = by_tag.get(tag)
        if f is None:
            if skipped is None:
                raise error_at(f"unexpected element {local_name(str(tag))} in {plan.name}", child)
            note_skipped(skipped, cpath or element_path(child))
            continue
        if f.index < pos:
            raise error_at(f"element {f.name} is repeated or out of order in {plan.name}", child)
        # XSD sequence: fields appear in schema order; advance past the ones not present.
        while fields[pos] is not f:
            _absent(fields[pos], values, plan.name, child, f, el)
            pos += 1
        if check_attributes(child, f.nillable, skipped, cpath):
            _nil(child, f)
            item = None
        elif f.plan is not None:
            item = decode_payload(child, f.plan, skipped, cpath)
        else:
            item = _scalar(child, f)
        if f.is_list:
            values.setdefault(f.attr, []).append(item)
            if f.max_occurs > 0 and len(values[f.attr]) > f.max_occurs:
                raise error_at(f"more than {f.max_occurs} {f.name} elements", child)
            continue
        values[f.attr] = item
        pos += 1
    for f in fields[pos:]:
        _absent(f, values, plan.name, None, None, el)
    return plan.cls(**values)


def _absent(
    f: FieldPlan,
    values: dict[str, Any],
    owner: str,
    child: etree._Element | None,
    after: FieldPlan | None,
    el: etree._Element,
) -> None:
    """Settle field *f* once the walk has passed it: a list is complete, an optional is None."""
    if f.is_list:
        got = len(values.setdefault(f.attr, []))
        if got < f.min_occurs:
            where = f"before {after.name}" if after is not None else f"in {owner}"
            raise error_at(
                f"{f.name} occurs {got} times {where}, at least {f.min_occurs} required",
                child if child is not None else el,
            )
    elif f.attr not in values:
        if f.optional:
            values[f.attr] = None
        elif after is not None and child is not None:
            raise error_at(f"missing element {f.name} before {after.name}", child)
        else:
            raise error_at(f"missing element {f.name} in {owner}", el)


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


@cache
def _tags(plan: ClassPlan, prefix: str) -> tuple[tuple[str, str, str], ...]:
    """(open, close, nil) tag strings per field of *plan* for a payload *prefix*."""
    p = f"{prefix}:" if prefix else ""
    return tuple(
        (
            f"<{p}{f.name}>",
            f"</{p}{f.name}>",
            f'<{p}{f.name} xmlns:xsi="{XSI_NS}" xsi:nil="true"/>',
        )
        for f in plan.fields
    )


def _scalar_text(value: Any, f: FieldPlan, path: str) -> str:
    if f.kind is Kind.STRING:
        if not isinstance(value, str):
            raise EncodeError(f"expected str, got {type(value).__name__}", path=path)
        return escape_text(value, path)
    try:
        return format_text(f.kind.xsd, value)
    except (TypeError, ValueError) as exc:
        raise EncodeError(str(exc), path=path) from None


def encode_payload(obj: Any, plan: ClassPlan, prefix: str, out: list[str], path: str) -> None:
    """Append the child elements of *obj* (an instance of ``plan.cls``) to *out*."""
    if type(obj) is not plan.cls:
        raise EncodeError(f"expected {plan.name}, got {type(obj).__name__}", path=path)
    for f, (open_, close, nil) in zip(plan.fields, _tags(plan, prefix), strict=True):
        value = getattr(obj, f.attr)
        fpath = f"{path}/{f.name}"
        if f.is_list:
            if not isinstance(value, list):
                raise EncodeError(f"expected a list, got {type(value).__name__}", path=fpath)
            if len(value) < f.min_occurs or 0 < f.max_occurs < len(value):
                most = "unbounded" if f.max_occurs < 0 else f.max_occurs
                raise EncodeError(
                    f"{len(value)} items, the schema allows {f.min_occurs}..{most}", path=fpath
                )
            for i, item in enumerate(value, 1):
                ipath = f"{fpath}[{i}]"
                if item is None:
                    if not f.nillable:
                        raise EncodeError("None in a list whose items are not nillable", path=ipath)
                    out.append(nil)
                elif f.plan is not None:
                    out.append(open_)
                    encode_payload(item, f.plan, prefix, out, ipath)
                    out.append(close)
                else:
                    out.append(open_ + _scalar_text(item, f, ipath) + close)
        elif value is None:
            if f.nillable and not f.optional:
                out.append(nil)
            elif not f.optional:  # an optional element that is None is left out
                raise EncodeError(f"required element {f.name} is None", path=fpath)
        elif f.plan is not None:
            out.append(open_)
            encode_payload(value, f.plan, prefix, out, fpath)
            out.append(close)
        else:
            out.append(open_ + _scalar_text(value, f, fpath) + close)
