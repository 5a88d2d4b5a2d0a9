"""Decode of FaxWS XML in the layouts servers write by regular expressions: no parser, no tree.

FaxWS messages come in a handful of layouts: gSOAP's, which the vendor's server is (CONTRACT.md
§1, §7: ``SOAP-ENV:``/``FaxWS:`` prefixes declared on the Envelope, no white space between
elements unless in its indent mode, CRLF after it) with its output modes (canonical: only the
prefixes in use, ``FaxWS`` declared on the payload; default namespaces without any prefix;
``SOAP_XML_NIL``: ``xsi:nil`` list items; ``soapcpp2 -t``: ``xsi:type`` on the elements), and the
default-namespace one our encoder and most other stacks write (the payload with
``xmlns="<target namespace>"``, children unprefixed). For a message in any of them, one regular
expression per type recognises the whole payload and captures every value; objects (or, for
``faxstatus decode``, the JSON text) are built from the captures without libxml2 building a
tree, which is most of a decode's cost.

The recognised language is a subset of XML, chosen so that everything it accepts is
well-formed (XML 1.0), namespace-well-formed and valid against the packaged XSD, and decodes
to what the parser-based decoder returns:

* an optional declaration ``<?xml version="1.0" encoding="UTF-8"?>`` (any case of utf-8,
  either quote), then white space;
* a SOAP 1.1 or 1.2 Envelope, prefixed or in a default namespace, whose start tag holds only
  namespace declarations (at most 16; no ``xml…`` prefix, no duplicate, each name an absolute
  URI of a plain subset of RFC 3986 other than the two reserved ones), then its Body (the
  Envelope's prefix), no Header, no attributes; or, for plain XML, the payload as the root;
  prefixes of at most 64 characters;
* the payload element, its start tag holding only namespace declarations (the same rules),
  its name in the schema's target namespace (``layout.NAMESPACE``) by a default declaration or
  by one of a few common prefixes (:data:`PAYLOAD_PREFIXES`; others are declined: a scanner is
  compiled per prefix, and a prefix a peer chose freely would grow the cache without bound),
  bound on the payload or the Envelope; every child under the payload's prefix; its elements
  in schema order, without comments, CDATA or processing instructions; white space (space,
  tab, CR, LF) inside start tags (runs of at most 10,000 characters), around the root and
  between elements (at most 1,000,000), but not inside a scalar or a type of empty content
  (gSOAP's indent mode and pretty-printed captures are read);
* attributes on children only as ``xsi:type`` naming the element's declared type exactly
  (``xsd:int`` for an xsd:int, the target namespace's prefix and type name for a complex
  type) and ``xsi:nil="true"`` (or ``"1"``) with no content on a nillable element or list item,
  ``xsi`` and ``xsd`` bound on the Envelope or payload (or, for a nil element, declared on it as
  our encoder writes it); XSD Part 1 §3.3.4 (cvc-elt.3, cvc-elt.4);
* text of at most 2,500,000 characters without ``]]>``, carriage returns, character
  references but ``&#13;`` or characters outside XML 1.0 §2.2 Char (the five predefined
  entities and ``&#13;`` are allowed and decoded); integers as ``[+-]?[0-9]{1,25}`` within
  the type's range (XSD Part 2 §3.3.13-§3.3.22); booleans as ``true``, ``false``, ``1`` or
  ``0`` (XSD Part 2 §3.2.2); the other built-ins through ``faxstatus._xsd.parse_text``, as
  the checked decoder reads them; empty strings as ``<N></N>`` or ``<N/>``;
* types whose elements are required, optional (minOccurs 0) or nillable, of those kinds,
  lists of scalars anywhere (bounds checked), and at most one list of a complex type (zero
  or more of one element inside a wrapper that is a direct field of the payload).

Anything outside it is *declined* (``None``), never refused: the caller then parses and
checks the message as before, so errors keep their exact wording and position.
tests/codec/test_scan.py checks that both decoders agree on generated messages (as written,
in each layout of ``faxstatus._layouts``, indented) on gSOAP's own output and on mutations of
them; tests/codec/test_fastpath.py holds them to an independent reading (xsdata and the XSD).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring
from typing import Any

from ..._contract import DEFAULT_MAX_BYTES, INT_RANGES, SOAP11_NS, SOAP12_NS
from ..._xsd import SUPPORTED, parse_text, to_json
from ...models import layout
from .._compile import Source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INT_RANGES",
    "MARKUP_DENSITY",
    "MIN_TAGS",
    "PAYLOAD_PREFIXES",
    "PRESCAN_EQUALS",
    "Scanned",
    "dense",
    "scan",
    "scan_json",
]

#: Most markup per byte: the tags ("<") and attributes ("=") of a body may be at most one
#: per MARKUP_DENSITY bytes (above a floor of MIN_TAGS). FaxWS markup is far sparser than
#: that, while libxml2 spends tens of bytes of tree on each element or attribute, so a body
#: of nothing but tags would build a tree many times the cap. (Defined here, below the codec,
#: so the scanner declines exactly what the codec's parser would refuse.)
MARKUP_DENSITY = 12
MIN_TAGS = 100_000
#: Above this many "=" in a body, the codec checks start tags before parsing, which bounds
#: what libxml2 may build from attributes below it.
PRESCAN_EQUALS = 20_000
#: The payload prefixes a scanner is compiled for: gSOAP's (CONTRACT.md §7) and the ones
#: JAX-WS, zeep, suds and .NET peers number theirs with. Any other prefix is declined.
PAYLOAD_PREFIXES = frozenset({"FaxWS", "tns", "ns", "ns0", "ns1", "ns2", "ns3", "ns4"})
#: The prefixes ``xsi:type`` and ``xsi:nil`` are read under (XSD Part 1 §2.6), and those of a
#: built-in type's name in an ``xsi:type`` value; others are declined (the same reason).
_XSI_PREFIXES = ("xsi",)
_XSD_PREFIXES = ("xsd", "xs")
# The prefix of a schema type's name in ``xsi:type`` when the payload has none (gSOAP's).
_TNS_PREFIXES = ("FaxWS",)
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_XSD_NS = "http://www.w3.org/2001/XMLSchema"
# A run of white space: between elements it is a text node, and libxml2 refuses one over
# 10,000,000 bytes without huge_tree; a tenth of that is declined long before.
_SP = "[ \t\r\n]{0,1000000}"
# White space inside a start tag (before an attribute, "/>" or ">"): libxml2 refuses a start
# tag spanning over 10,000,000 bytes without huge_tree ("Buffer size limit exceeded"), so
# runs are short there: an Envelope tag (17 runs, 16 declarations) stays under 200,000.
_IN_TAG = "[ \t\r\n]{0,10000}"
_BEFORE_ATTR = "[ \t\r\n]{1,10000}"
# A name or prefix of at most 64 characters: libxml2 refuses one over 50,000 without
# huge_tree, and the regular expressions stay bounded.
_NAME = "[A-Za-z_][A-Za-z0-9._-]{0,63}"
# XML 1.0 §2.2 Char less "<" (markup), CR (end-of-line handling would turn CRLF into LF; a
# CR is only taken as white space: inside tags, between elements, around the root) and the
# C0 controls; "&"
# is checked on the whole text (_text). libxml2 refuses a text node over 10,000,000 bytes
# without huge_tree: 2,500,000 characters stay under that in any encoding.
_CHARS = "[^<\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]{0,2500000}"
_TEXT = f"({_CHARS})"
_INT = "([+-]?[0-9]{1,25})"
_BOOL = "(true|false|1|0)"
_UTF8 = "[Uu][Tt][Ff]-8"
_DECL = (
    f"(?:<\\?xml version=(?:\"1\\.0\"|'1\\.0')(?: encoding=(?:\"{_UTF8}\"|'{_UTF8}'))?\\?>)?{_SP}"
)
# Namespace declarations only (at most 16 on one start tag), in double quotes.
_XMLNS = f'((?:{_BEFORE_ATTR}xmlns(?::{_NAME})?="[^"]{{0,1024}}"){{0,16}})'
# A namespace name is an absolute URI (RFC 3986 §4.3) of these characters only: libxml2
# reports any namespace name it cannot parse as a URI (older releases a relative one too)
# as a namespace error, which the codec refuses. No "%" (escapes), no "[" (IP literals), no
# user information or empty port in the authority; at most 1,024 characters (_XMLNS).
_PCHAR = "A-Za-z0-9._~!$'()*+,;=:@/-"
_URI = re.compile(
    "[A-Za-z][A-Za-z0-9+.-]*:"
    f"(?://[A-Za-z0-9._~-]*(?::[0-9]{{1,5}})?(?:/[{_PCHAR}]*)?|(?!//)[{_PCHAR}]*)"
    f"(?:\\?[?{_PCHAR}]*)?(?:#[?{_PCHAR}]*)?"
)
# Namespaces in XML 1.0 §3: these two names may not be bound to any other prefix.
_RESERVED_NS = frozenset({"http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/"})
# The payload element: prefix (or None), local name, declarations, "/" when self-closed.
_PAYLOAD = f"<(?:({_NAME}):)?({_NAME}){_XMLNS}{_IN_TAG}(/?)>"
_SOAP_HEAD = re.compile(
    f"{_DECL}<(?:({_NAME}):)?Envelope{_XMLNS}{_IN_TAG}>{_SP}<(?:({_NAME}):)?Body>{_SP}{_PAYLOAD}"
)
_PLAIN_HEAD = re.compile(f"{_DECL}{_PAYLOAD}")
_DECLS = re.compile(f'xmlns(?::({_NAME}))?="([^"]*)"')
_SOAP_END = re.compile(f"{_SP}</(?:({_NAME}):)?Body>{_SP}</(?:({_NAME}):)?Envelope>{_SP}\\Z")
_PLAIN_END = re.compile(f"{_SP}\\Z")
# An "&" that does not start one of the five predefined entity references (XML 1.0 §4.6) or
# "&#13;", the carriage return our encoder and others write (a literal one would become a
# line feed, XML 1.0 §2.11): another character reference or an undeclared entity, both left
# to the parser.
_BAD_AMP = re.compile("&(?!(?:amp|lt|gt|quot|apos|#13);)")

#: What :func:`scan` returns: the envelope namespace (None for plain XML), the payload
#: element's local name and the decoded value.
Scanned = tuple[str | None, str, Any]


def dense(body: bytes) -> bool:
    """True when *body* has more markup than any FaxWS message (the codec refuses it)."""
    if len(body) <= 4 * MIN_TAGS:  # "<x/>" is 4 bytes: fewer tags than the floor, uncounted
        return False
    tags = body.count(b"<")
    if tags <= MIN_TAGS:
        return False
    return tags + body.count(b"=") > len(body) // MARKUP_DENSITY


class _Decline(Exception):
    """Raised inside a generated scanner: the message is not in a layout it reads."""


class _Unsupported(Exception):
    """A type the scanner does not handle; its messages are always declined."""


def _unescape(value: str | None) -> str:
    if value is None:
        return ""
    return (
        value.replace("&#13;", "\r")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _parse(xsd: str, text: str) -> Any:
    """A built-in's value as the checked decoder reads it (``_xsd.parse_text``), or decline."""
    try:
        return parse_text(xsd, text)
    except ValueError:
        raise _Decline from None


def _parse_json(xsd: str, text: str) -> str:
    """The JSON string the codec writes for a built-in read as text (``_xsd.to_json``).

    For the built-ins whose JSON value is a string (dateTime, date, decimal, base64Binary);
    decline where the checked decoder refuses the text.
    """
    try:
        return str(to_json(xsd, parse_text(xsd, text)))
    except ValueError:
        raise _Decline from None


class _IntMemo(dict[str, Any]):
    """Memo of a checked integer conversion for one call: codes and counts repeat across items.

    Values out of the type's range decline the message; the JSON scanners keep the text
    ``json.dumps`` writes for the value (``+07`` becomes ``7``).
    """

    def __init__(self, low: int, high: int, as_text: bool) -> None:
        super().__init__()
        self.low, self.high, self.as_text = low, high, as_text

    def __missing__(self, key: str) -> Any:
        value = int(key)
        if not self.low <= value <= self.high:
            raise _Decline
        out = self[key] = repr(value) if self.as_text else value
        return out


# ----------------------------------------------------------------------------- shapes


class _Leaf:
    """A scalar element: its XSD type (without prefix), occurrence and nillability."""

    def __init__(self, xsd: str, optional: bool, nillable: bool) -> None:
        self.xsd, self.optional, self.nillable = xsd, optional, nillable


class _Many:
    """A repeated scalar element (minOccurs..maxOccurs, -1 unbounded), not nillable."""

    def __init__(self, xsd: str, low: int, high: int) -> None:
        self.xsd, self.low, self.high = xsd, low, high


class _Type:
    """A complex type: its generated class's name, fields as (element, attribute, shape).

    *xsd* is the type's name in the schema (an ``xsi:type`` value names it).
    """

    def __init__(
        self,
        cls: str,
        fields: list[tuple[str, str, Any]],
        xsd: str = "",
        optional: bool = False,
        nillable: bool = False,
    ) -> None:
        self.cls, self.fields, self.xsd = cls, fields, xsd
        self.optional, self.nillable = optional, nillable


class _List:
    """A wrapper type holding one repeated element of a fixed item type."""

    def __init__(
        self, cls: str, attr: str, item_name: str, item: _Type, xsd: str, low: int, high: int
    ) -> None:
        self.cls, self.attr, self.item_name, self.item = cls, attr, item_name, item
        self.xsd, self.low, self.high = xsd, low, high


def _shape(tname: str, top: bool, optional: bool = False, nillable: bool = False) -> _Type:
    _, cls, fields = layout.TYPES[tname]
    out: list[tuple[str, str, Any]] = []
    for name, attr, ftype, low, high, nil in fields:
        if ftype.startswith("xsd:"):
            xsd = ftype[4:]
            if xsd not in SUPPORTED:
                raise _Unsupported(f"{tname}.{name}: xsd:{xsd}")
            if high != 1:
                if nil:
                    raise _Unsupported(f"{tname}.{name}: a list of nillable scalars")
                out.append((name, attr, _Many(xsd, low, high)))
            else:
                out.append((name, attr, _Leaf(xsd, low == 0, nil)))
            continue
        if high != 1:
            raise _Unsupported(f"{tname}.{name}: a repeated complex element outside a wrapper")
        _, fcls, ffields = layout.TYPES[ftype]
        if len(ffields) == 1 and ffields[0][4] != 1:
            if not top or low != 1 or nil:
                raise _Unsupported(f"{tname}.{name}: a list below the payload's fields")
            iname, iattr, itype, ilow, ihigh, inil = ffields[0]
            if itype.startswith("xsd:"):
                raise _Unsupported(f"{tname}.{name}: a wrapped list of scalars")
            item = _shape(itype, False, nillable=inil)
            if not item.fields:
                raise _Unsupported(f"{tname}.{name}: items of empty content")
            out.append((name, attr, _List(fcls, iattr, iname, item, ftype, ilow, ihigh)))
            continue
        out.append((name, attr, _shape(ftype, False, low == 0, nil)))
    if sum(isinstance(s, _List) for _, _, s in out) > 1:
        raise _Unsupported(f"{tname}: more than one list")
    return _Type(cls, out, tname, optional, nillable)


class _Dialect:
    """What one document's payload looks like, as regular-expression pieces.

    *p* is the element prefix as a regular expression ("" or an escaped "P:"); *xsd* and
    *tns* the prefixes an ``xsi:type`` value names built-in and schema types with (None: no
    ``xsi:type``); *nil* the ``xsi:nil`` attribute's pattern (None: nil elements declined).
    """

    def __init__(self, p: str, xsi: str | None, xsd: str | None, tns: str | None, nil: bool):
        self.p = p
        self.xsi, self.xsd, self.tns = xsi, xsd, tns
        forms = []
        if nil and xsi is not None:
            forms.append(f'{re.escape(xsi)}:nil="(?:true|1)"')
        if nil:
            # Our encoder's nil element declares xsi on itself (faxstatus/codec/encoders).
            forms.append(f'xmlns:xsi="{re.escape(_XSI_NS)}" xsi:nil="true"')
        self._nil_forms = "|".join(forms)
        self.nil = self.nil_typed("") if forms else None

    def nil_typed(self, typed: str) -> str:
        """The nil element's attributes, then *typed*, then its end.

        *typed* is :meth:`typed`'s pattern: an ``xsi:type`` after ``xsi:nil``, as an
        rpc-minded stack writes both.
        """
        return f"{_BEFORE_ATTR}(?:{self._nil_forms}){typed}{_IN_TAG}/>"

    def typed(self, xsd: str, builtin: bool) -> str:
        """The optional ``xsi:type`` attribute naming *xsd* (a built-in or a schema type)."""
        prefix = self.xsd if builtin else self.tns
        if self.xsi is None or prefix is None or not xsd:
            return ""
        value = f"{prefix}:{xsd}"
        return f'(?:{_BEFORE_ATTR}{re.escape(self.xsi)}:type="{re.escape(value)}"{_IN_TAG})?'


def _leaf_body(xsd: str, n: str, capture: bool = True) -> str:
    """What follows a scalar's name and attributes: its content (one group) and end tag."""
    if xsd == "boolean":
        value = _BOOL
    elif xsd in INT_RANGES:
        value = _INT
    else:
        value = _TEXT
    if not capture:
        value = "(?:" + value[1:]
    if xsd == "boolean" or xsd in INT_RANGES:
        return f">{value}</{n}>"
    return f"(?:>{value}</{n}>|{_IN_TAG}/>)"


def _occurs(core: str, optional: bool, marked: bool = True) -> str:
    """*core* after white space; optional: with an empty group saying it is present.

    Not *marked*: no such group (an int or boolean's own group is None exactly when absent).
    """
    if not optional:
        return f"{_SP}{core}"
    return f"(?:(){_SP}{core})?" if marked else f"(?:{_SP}{core})?"


def _marked(s: _Leaf) -> bool:
    """True when an optional *s* needs a presence group: its value group may be None."""
    return s.nillable or not (s.xsd == "boolean" or s.xsd in INT_RANGES)


def _nillable(n: str, rest: str, nillable: bool, d: _Dialect, typed: str = "") -> str:
    """``<n`` then *rest*, or (nillable, where the document has nil) a nil element: a group.

    *typed* is the element's optional ``xsi:type`` pattern, which may follow ``xsi:nil``.
    """
    if nillable and d.nil is not None:
        return f"<{n}(?:{rest}|(){d.nil_typed(typed)})"
    return f"<{n}{rest}"


def _content(t: _Type, d: _Dialect) -> str:
    """The regular expression of *t*'s content (its fields).

    Groups, per field in order: a presence group when optional, the scalars' groups, a nil
    group when nillable (and the document has nil). White space may stand before each child
    and before the end tag of element-only content (XSD Part 1 §3.4.4: it is not character
    data there), never inside a scalar or an empty type (cvc-complex-type.2.1), where it
    would be content or refused.
    """
    parts = []
    for name, _, s in t.fields:
        n = d.p + re.escape(name)  # an NCName may hold "." and "-"
        if isinstance(s, _Leaf):
            ta = d.typed(s.xsd, True)
            rest = ta + _leaf_body(s.xsd, n)
            parts.append(_occurs(_nillable(n, rest, s.nillable, d, ta), s.optional, _marked(s)))
        elif isinstance(s, _Many):
            one = f"{_SP}<{n}{d.typed(s.xsd, True)}{_leaf_body(s.xsd, n, False)}"
            parts.append(f"((?:{one})*)")
        elif isinstance(s, _Type):
            ta = d.typed(s.xsd, False)
            if s.fields:
                rest = f"{ta}>{_content(s, d)}{_SP}</{n}>"
            else:
                rest = f"{ta}(?:></{n}>|{_IN_TAG}/>)"
            parts.append(_occurs(_nillable(n, rest, s.nillable, d, ta), s.optional))
        else:  # pragma: no cover - lists are split off by the caller
            raise _Unsupported("list")
    return "".join(parts)


# ----------------------------------------------------------------------------- code


def _groups(rx: str) -> int:
    return re.compile(rx).groups


class _Gen:
    """Python source of one payload type's scanner, building objects or the JSON text."""

    def __init__(
        self,
        src: Source,
        d: _Dialect,
        json: bool,
        amp: bool,
        classes: Callable[[str], type[Any]] | None,
    ) -> None:
        self.src, self.d, self.json, self.amp, self.classes = src, d, json, amp, classes
        self.memos: dict[str, str] = {}
        self.n = 0

    def tmp(self, stem: str) -> str:
        self.n += 1
        return f"{stem}{self.n}"

    def cls(self, name: str) -> str:
        assert self.classes is not None
        return self.src.const(self.classes(name))

    def scalar(self, xsd: str, var: str) -> str:
        """The expression of a scalar (object or JSON text) from its capture *var*."""
        if xsd == "string":
            text = f"U({var})" if self.amp else f"({var} or '')"
            return f"enc({text})" if self.json else text
        if xsd == "boolean":
            return f"{'BOOL_TEXT' if self.json else 'BOOL'}[{var}]"
        if xsd in INT_RANGES:
            # One memo per XSD type and call (made in the function's first lines: a memo
            # kept across calls would grow with every value ever seen).
            memo = self.memos.setdefault(xsd, f"M_{xsd}")
            return f"{memo}[{var}]"
        text = f"U({var})" if self.amp else f"({var} or '')"
        if self.json:
            if xsd == "double":  # pragma: no cover - _json_shape refuses it
                raise _Unsupported(xsd)
            # dateTime, date, decimal, base64Binary: JSON strings (schema/README.md)
            return f"enc(PJ({xsd!r}, {text}))"
        return f"P({xsd!r}, {text})"

    def many(self, name: str, s: _Many, var: str, ind: str) -> tuple[str, list[str]]:
        """Lines making the list of the repeated scalar *name* from its captured run *var*."""
        n = self.d.p + re.escape(name)
        one = f"<{n}{self.d.typed(s.xsd, True)}{_leaf_body(s.xsd, n)}"
        rx = self.src.const(re.compile(one))
        out = self.tmp("r")
        lines = [f"{ind}{out} = [{self.scalar(s.xsd, 'x')} for x in {rx}.findall({var})]"]
        conds = [f"len({out}) < {s.low}"] if s.low > 0 else []
        if s.high > 0:
            conds.append(f"len({out}) > {s.high}")
        if conds:
            lines += [f"{ind}if {' or '.join(conds)}:", f"{ind}    raise Decline"]
        return out, lines

    def build(self, t: _Type, vars_: list[str], ind: str, level: int) -> tuple[str, list[str]]:
        """Lines building *t* from the captures *vars_* (consumed in order); its name.

        A list field takes the next variable too: the caller builds the list beforehand.
        """
        if self.json:
            template, args = self.template(t, vars_, level)
            out = self.tmp("j")
            call = "".join(a + ", " for a in args)
            return out, [f"{ind}{out} = {self.src.const(template)} % ({call})"]
        out = self.tmp("o")
        lines = [f"{ind}{out} = new({self.cls(t.cls)})"]
        for name, attr, s in t.fields:
            if isinstance(s, _List):
                lines.append(f"{ind}{out}.{attr} = {vars_.pop(0)}")
                continue
            if isinstance(s, _Many):
                value, more = self.many(name, s, vars_.pop(0), ind)
                lines += [*more, f"{ind}{out}.{attr} = {value}"]
                continue
            marked = s.optional and (not isinstance(s, _Leaf) or _marked(s))
            present = vars_.pop(0) if marked else None
            if isinstance(s, _Leaf):
                var = vars_.pop(0)
                value = self.scalar(s.xsd, var)
                nil = vars_.pop(0) if s.nillable and self.d.nil is not None else None
                if s.optional and not marked:
                    present = var  # an int or boolean: its own group is None when absent
                absent = [f"{present} is None"] if present else []
                absent += [f"{nil} is not None"] if nil else []
                if absent:
                    value = f"None if {' or '.join(absent)} else {value}"
                lines.append(f"{ind}{out}.{attr} = {value}")
                continue
            if not (s.optional or (s.nillable and self.d.nil is not None)):
                value, more = self.build(s, vars_, ind, level + 1)
                lines += [*more, f"{ind}{out}.{attr} = {value}"]
                continue
            value, more = self.build(s, vars_, ind + "    ", level + 1)
            nil = vars_.pop(0) if s.nillable and self.d.nil is not None else None
            absent = [f"{present} is None"] if present else []
            absent += [f"{nil} is not None"] if nil else []
            lines += [
                f"{ind}if {' or '.join(absent)}:",
                f"{ind}    {out}.{attr} = None",
                f"{ind}else:",
                *more,
                f"{ind}    {out}.{attr} = {value}",
            ]
        return out, lines

    def template(self, t: _Type, vars_: list[str], level: int) -> tuple[str, list[str]]:
        """The ``%`` template of *t*'s JSON form whose ``{`` sits at *level*, and its args.

        The layout of ``json.dumps(indent=2, ensure_ascii=False)``, as the codec's JSON text.
        """
        if not t.fields:
            return "{}", []
        pad = "  " * (level + 1)
        parts, args = [], []
        for name, _, s in t.fields:
            key = f"{pad}{encode_basestring(name)}: "  # XML names hold no "%"
            if isinstance(s, _Type):
                sub, more = self.template(s, vars_, level + 1)
                parts.append(key + sub)
                args += more
            else:
                parts.append(key + "%s")
                var = vars_.pop(0)
                args.append(self.scalar(s.xsd, var) if isinstance(s, _Leaf) else var)
        return "{\n" + ",\n".join(parts) + "\n" + "  " * level + "}", args

    def payload(self, t: _Type) -> list[str]:
        """Source lines of ``scan(text, pos) -> (value, end)`` for the payload type *t*.

        Without a list, one expression matches every field. With one, the fields before it
        and the wrapper's start tag, then each item (contiguous), then the wrapper's end tag
        and the fields after it.
        """
        d = self.d
        split = next((i for i, (_, _, s) in enumerate(t.fields) if isinstance(s, _List)), None)
        # White space may end the payload's content (before its end tag) unless it is empty.
        end = f"{_SP}" if t.fields else ""
        if split is None:
            rx = _content(t, d) + end
            out, more = self.build(t, [f"g[{i}]" for i in range(_groups(rx))], "    ", 1)
            return [
                "def scan(text, pos):",
                *self.prologue(),
                f"    m = {self.src.const(re.compile(rx))}.match(text, pos)",
                "    if m is None:",
                "        raise Decline",
                "    g = m.groups()",
                *more,
                f"    return {out}, m.end()",
            ]
        lname, _, lst = t.fields[split]
        assert isinstance(lst, _List)
        p = d.p
        head = _content(_Type("", t.fields[:split]), d)
        tail = _content(_Type("", t.fields[split + 1 :]), d) + end
        item = _content(lst.item, d)
        nhead = _groups(head)
        ln, tg = p + re.escape(lname), p + re.escape(lst.item_name)
        lt, it = d.typed(lst.xsd, False), d.typed(lst.item.xsd, False)
        rx_head = self.src.const(re.compile(f"{head}{_SP}<{ln}{lt}(?:(>)|{_IN_TAG}/>)"))
        nil_item = lst.item.nillable and d.nil is not None
        one = f"{it}>{item}{_SP}</{tg}>"
        if nil_item:
            one = f"(?:{one}|(){d.nil})"
        rx_item = self.src.const(re.compile(f"{_SP}<{tg}{one}"))
        rx_close = self.src.const(re.compile(f"{_SP}</{ln}>"))
        ivars = [f"v{i}" for i in range(_groups(item))]
        iout, ilines = self.build(lst.item, list(ivars), "            ", 3)
        unpack = ", ".join([*ivars, "nil"] if nil_item else ivars)
        null = self.src.const("null" if self.json else None)
        lines = [
            "def scan(text, pos):",
            f"    m = {rx_head}.match(text, pos)",
            "    if m is None:",
            "        raise Decline",
            "    g = list(m.groups())",
            "    pos = m.end()",
            "    items = []",
            "    append = items.append",
            f"    if g[{nhead}]:",
            # Anchored matches only: a search (finditer) would retry at every position of a
            # long white-space run, quadratic in its length.
            f"        match = {rx_item}.match",
            "        while (m := match(text, pos)) is not None:",
            "            pos = m.end()",
            f"            {unpack}, = m.groups()",
            *(
                [
                    "            if nil is not None:",
                    f"                append({null})",
                    "                continue",
                ]
                if nil_item
                else []
            ),
            *ilines,
            f"            append({iout})",
            f"        m = {rx_close}.match(text, pos)",
            "        if m is None:",
            "            raise Decline",
            "        pos = m.end()",
        ]
        conds = [f"len(items) < {lst.low}"] if lst.low > 0 else []
        if lst.high > 0:
            conds.append(f"len(items) > {lst.high}")
        if conds:
            lines += [f"    if {' or '.join(conds)}:", "        raise Decline"]
        lines += [
            f"    m = {self.src.const(re.compile(tail))}.match(text, pos)",
            "    if m is None:",
            "        raise Decline",
            "    g += m.groups()",
        ]
        if self.json:
            # The array as the codec's JSON text writes it: items at level 3, "]" at level 2.
            first, sep = self.src.const("[\n" + "  " * 3), self.src.const(",\n" + "  " * 3)
            last = self.src.const("\n" + "  " * 2 + "]")
            lines.append(f"    arr = {first} + {sep}.join(items) + {last} if items else '[]'")
        else:
            lines += [f"    arr = new({self.cls(lst.cls)})", f"    arr.{lst.attr} = items"]
        tail_vars = [f"g[{nhead + 1 + i}]" for i in range(_groups(tail))]
        head_vars = [f"g[{i}]" for i in range(nhead)]
        out, more = self.build(t, [*head_vars, "arr", *tail_vars], "    ", 1)
        # The memos are known once every scalar has been seen: put them first.
        return [lines[0], *self.prologue(), *lines[1:], *more, f"    return {out}, m.end()"]

    def prologue(self) -> list[str]:
        """The lines making this call's integer memos."""
        return [
            f"    {name} = IntMemo({low}, {high}, {self.json})"
            for xsd, name in self.memos.items()
            for low, high in [INT_RANGES[xsd]]
        ]


def _json_shape(t: _Type) -> None:
    """Refuse what the JSON scanners do not write: optional, nillable, repeated, other types.

    (``faxstatus decode`` then decodes to objects and writes their JSON text.)
    """
    for _, _, s in t.fields:
        if isinstance(s, _Many) or getattr(s, "optional", False) or getattr(s, "nillable", False):
            raise _Unsupported("JSON text of an optional, nillable or repeated element")
        if isinstance(s, _Leaf) and s.xsd == "double":
            # a number or a string (INF, NaN): json.dumps's text of a float is not ours
            raise _Unsupported(f"JSON text of xsd:{s.xsd}")
        if isinstance(s, _Type):
            _json_shape(s)
        if isinstance(s, _List):
            _json_shape(s.item)


_Scanner = Callable[[str, int], tuple[Any, int]]
_Key = tuple[str, str, bool, bool, Any, str | None, str | None, str | None, bool]
_CACHE: dict[_Key, _Scanner | None] = {}
#: Most scanners kept: the keys are bounded (payload elements, prefixes from short lists,
#: two forms), and past this many the oldest is dropped, so that no peer's choice of
#: prefixes grows the cache.
_CACHE_SIZE = 256


def _compile(
    element: str,
    prefix: str,
    json: bool,
    amp: bool,
    classes: Callable[[str], type[Any]] | None,
    xsi: str | None = None,
    xsd: str | None = None,
    tns: str | None = None,
    nil: bool = False,
) -> _Scanner | None:
    key = (element, prefix, json, amp, classes, xsi, xsd, tns, nil)
    try:
        return _CACHE[key]
    except KeyError:
        pass
    scanner: _Scanner | None = None
    entry = layout.TYPES.get(element)
    if entry is not None and entry[0] == "element":
        try:
            t = _shape(element, True)
            if json:
                _json_shape(t)
        except _Unsupported:
            t = None
        if t is not None:
            form = "JSON text" if json else "objects"
            where = "prefixed" if prefix else "default namespace"
            src = Source(f"layout scanner of {element} ({where}, {form})")
            d = _Dialect(re.escape(prefix), xsi, xsd, tns, nil)
            src.lines = _Gen(src, d, json, amp, classes).payload(t)
            helpers = {"enc": encode_basestring, "U": _unescape, "Decline": _Decline}
            scanner = src.compile({**helpers, "IntMemo": _IntMemo, "P": _parse, "PJ": _parse_json})[
                "scan"
            ]
    if len(_CACHE) >= _CACHE_SIZE:
        del _CACHE[next(iter(_CACHE))]
    _CACHE[key] = scanner
    return scanner


def _text(body: bytes, max_bytes: int) -> str | None:
    """*body* as text when the scanner may try it (within the cap, UTF-8), else None."""
    if len(body) > max_bytes:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _whole(body: bytes, text: str) -> bool:
    """True when nothing in *body* outside the grammar's view rules the scanner out.

    Run once the head has matched (so that a message in another layout is declined after
    one look at its first tags, not after passes over the whole body). Denser than FaxWS
    markup: the codec refuses it. Holding "]]>" or an "&" that is not a predefined entity:
    the parser decides. (A carriage return is declined by the grammar wherever end-of-line
    handling would change a value.) However many "=" a body holds, the codec's attribute
    pre-scan (PRESCAN_EQUALS) refuses only start tags of more than 64 attributes, and the
    grammar admits at most 16.
    """
    if dense(body) or "]]>" in text:
        return False
    return "&" not in text or _BAD_AMP.search(text) is None


#: How far past the payload's start tag an ``xsi:type`` is looked for: a document that types
#: its elements does so from its first one (a later one alone is declined, never misread).
_TYPED_WITHIN = 4096


def _bind(decls: str, scope: dict[str, str]) -> dict[str, str] | None:
    """*scope* with the declarations *decls* of one start tag ("" the default), or None.

    None when a prefix is declared twice, is reserved (``xml…``, Namespaces in XML 1.0 §3),
    or a name is not an absolute URI of the plain subset (or is one of the reserved names).
    """
    if not decls:
        return scope
    pairs = _DECLS.findall(decls)
    names = [n for n, _ in pairs]
    if len(set(names)) != len(names) or any(
        n.lower().startswith("xml") or _URI.fullmatch(uri) is None or uri in _RESERVED_NS
        for n, uri in pairs
    ):
        return None
    return {**scope, **dict(pairs)}


def _first(scope: dict[str, str], uri: str, allowed: Iterable[str]) -> str | None:
    """The first of the *allowed* prefixes that *scope* binds to *uri*, or None."""
    return next((p for p in allowed if scope.get(p) == uri), None)


def _run(
    body: bytes, text: str, json: bool, classes: Callable[[str], type[Any]] | None
) -> Scanned | None:
    m = _SOAP_HEAD.match(text)
    ns: str | None
    if m is not None:
        env_p, env_decls, body_p, pp, element, decls, closed = m.groups()
        if body_p != env_p:
            return None
        env_scope = _bind(env_decls, {})
        if env_scope is None:
            return None
        ns = env_scope.get(env_p or "")
        if ns not in (SOAP11_NS, SOAP12_NS):
            return None
        scope = _bind(decls, env_scope)
        end_rx: re.Pattern[str] = _SOAP_END
    else:
        m = _PLAIN_HEAD.match(text)
        if m is None:
            return None
        env_p, ns, end_rx = None, None, _PLAIN_END
        pp, element, decls, closed = m.groups()
        scope = _bind(decls, {})
    if scope is None or scope.get(pp or "") != layout.NAMESPACE:
        return None
    if pp is not None and pp not in PAYLOAD_PREFIXES:
        return None
    xsi = _first(scope, _XSI_NS, _XSI_PREFIXES)
    xsd = tns = None
    if xsi is not None and text.find(f"{xsi}:type=", m.end(), m.end() + _TYPED_WITHIN) >= 0:
        xsd = _first(scope, _XSD_NS, _XSD_PREFIXES)
        tns = pp if pp is not None else _first(scope, layout.NAMESPACE, _TNS_PREFIXES)
    p = f"{pp}:" if pp else ""
    # Nil elements are always read (their alternative costs nothing until tried).
    scanner = _compile(element, p, json, "&" in text, classes, xsi, xsd, tns, True)
    if scanner is None or not _whole(body, text):
        return None
    try:
        if closed:
            value, _ = scanner("", 0)  # the empty content of a type with no fields
            pos = m.end()
        else:
            value, pos = scanner(text, m.end())
            close = f"</{p}{element}>"
            if not text.startswith(close, pos):
                return None
            pos += len(close)
    except _Decline:
        return None
    end = end_rx.match(text, pos)
    if end is None or (ns is not None and end.groups() != (env_p, env_p)):
        return None
    return ns, element, value


def scan(body: bytes, max_bytes: int, classes: Callable[[str], type[Any]]) -> Scanned | None:
    """The envelope namespace, payload element and payload of *body*, or None (declined).

    *classes* maps a generated class name to the class. Only for a body in a layout the
    scanner reads (the module docstring); None means "parse it": nothing has been refused.
    """
    text = _text(body, max_bytes)
    return None if text is None else _run(body, text, False, classes)


def scan_json(body: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The JSON form of *body* as ``faxstatus decode`` prints it, or None (declined).

    ``json.dumps({key: payload}, indent=2, ensure_ascii=False)`` of the decoded message,
    where key is the operation's name (a request) or the name plus ``Response``.
    """
    text = _text(body, max_bytes)
    if text is None:
        return None
    found = _run(body, text, True, None)
    if found is None:
        return None
    _, element, value = found
    key = _JSON_KEYS.get(element)
    if key is None:
        return None
    text = "{\n  " + encode_basestring(key) + ": " + str(value) + "\n}"
    return text


#: Payload element -> top-level JSON key (schema/README.md: the JSON form).
_JSON_KEYS = {
    **{op["request"]: op["name"] for op in layout.OPERATIONS},
    **{op["response"]: f"{op['name']}Response" for op in layout.OPERATIONS},
}
