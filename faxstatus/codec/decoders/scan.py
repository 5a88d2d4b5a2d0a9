"""Decode of FaxWS XML in the two common layouts by regular expressions: no parser, no tree.

FaxWS messages come in two layouts almost always: gSOAP's, which the vendor's server is
(CONTRACT.md §1, §7: ``SOAP-ENV:``/``FaxWS:`` prefixes declared on the Envelope, no white
space between elements unless in its indent mode, CRLF after it), and the default-namespace
one our encoder, the simulator and most other stacks write (the payload with
``xmlns="urn:FaxWS"``, children unprefixed). For a message in either, one regular
expression per type recognises the whole payload and captures every value; objects (or, for
``faxstatus decode``, the JSON text) are built from the captures without libxml2 building a
tree, which is most of a decode's cost.

The recognised language is a small subset of XML, chosen so that everything it accepts is
well-formed (XML 1.0), namespace-well-formed and valid against the packaged XSD, and decodes
to what the parser-based decoder returns:

* an optional declaration ``<?xml version="1.0" encoding="UTF-8"?>`` (any case of utf-8,
  either quote), then white space;
* a SOAP 1.1 or 1.2 Envelope whose start tag holds only namespace declarations (one binding
  its prefix to the envelope namespace, no ``xml…`` prefix, no duplicate one, each name an
  absolute URI of a plain subset of RFC 3986 other than the two reserved ones), then the
  Body, no Header, no attributes; or, for plain XML, the payload as the root; prefixes of
  at most 64 characters;
* the payload as ``<Name xmlns="urn:FaxWS">`` with unprefixed children, or as
  ``<FaxWS:Name>`` with FaxWS bound to urn:FaxWS on the Envelope and every child under
  FaxWS (another payload prefix is declined); its elements in schema order with no
  attributes, comments, CDATA or processing instructions; white space (space, tab, CR, LF)
  inside start tags (runs of at most 10,000 characters), around the root and between
  elements (at most 1,000,000), but not inside a scalar or a type of empty content (gSOAP's
  indent mode and pretty-printed captures are read);
* text of at most 2,500,000 characters without ``]]>``, carriage returns, character
  references or characters outside XML 1.0 §2.2 Char (the five predefined entities are
  allowed and decoded); integers as ``[+-]?[0-9]{1,25}`` within the type's range (XSD
  Part 2 §3.3.13-§3.3.22); booleans as ``true``, ``false``, ``1`` or ``0`` (XSD Part 2
  §3.2.2); empty strings as ``<N></N>`` or ``<N/>``;
* types with required, non-nillable elements of those kinds, at most one list (zero or more
  of one element inside a wrapper that is a direct field of the payload), nothing else.

Anything outside it is *declined* (``None``), never refused: the caller then parses and
checks the message as before, so errors keep their exact wording and position (a message
with ``xsi:type`` attributes, for one, takes the parser). tests/codec/test_scan.py checks that
both decoders agree on generated messages (as written, re-laid in gSOAP's layout and
indented), on gSOAP's own output and on mutations of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from ..._contract import DEFAULT_MAX_BYTES, INT_RANGES, SOAP11_NS, SOAP12_NS
from ...models import layout
from .._compile import Source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INT_RANGES",
    "MARKUP_DENSITY",
    "MIN_TAGS",
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
_TEXT = "([^<\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]{0,2500000})"
_INT = "([+-]?[0-9]{1,25})"
_BOOL = "(true|false|1|0)"
_UTF8 = "[Uu][Tt][Ff]-8"
_DECL = (
    f"(?:<\\?xml version=(?:\"1\\.0\"|'1\\.0')(?: encoding=(?:\"{_UTF8}\"|'{_UTF8}'))?\\?>)?{_SP}"
)
# The payload in the default namespace (children unprefixed), or under the prefix gSOAP
# writes (CONTRACT.md §7), bound to urn:FaxWS on the Envelope, its children under it too.
# Other prefixes are declined: a scanner is compiled and kept for each payload prefix, so a
# prefix a peer could choose freely would grow the cache without bound.
_PAYLOAD_PREFIX = "FaxWS"
_FAXWS_RE = re.escape(layout.NAMESPACE)
_PAYLOAD = (
    f'(?:<({_NAME}){_BEFORE_ATTR}xmlns="{_FAXWS_RE}"{_IN_TAG}(/?)>'
    f"|<({_PAYLOAD_PREFIX}):({_NAME}){_IN_TAG}(/?)>)"
)
# A namespace name is an absolute URI (RFC 3986 §4.3) of these characters only: libxml2
# reports any namespace name it cannot parse as a URI (older releases a relative one too)
# as a namespace error, which the codec refuses. No "%" (escapes), no "[" (IP literals), no
# user information or empty port in the authority; at most 1,024 characters (_SOAP_HEAD).
_PCHAR = "A-Za-z0-9._~!$'()*+,;=:@/-"
_URI = re.compile(
    "[A-Za-z][A-Za-z0-9+.-]*:"
    f"(?://[A-Za-z0-9._~-]*(?::[0-9]{{1,5}})?(?:/[{_PCHAR}]*)?|(?!//)[{_PCHAR}]*)"
    f"(?:\\?[?{_PCHAR}]*)?(?:#[?{_PCHAR}]*)?"
)
# Namespaces in XML 1.0 §3: these two names may not be bound to any other prefix.
_RESERVED_NS = frozenset({"http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/"})
_SOAP_HEAD = re.compile(
    f'{_DECL}<({_NAME}):Envelope((?:{_BEFORE_ATTR}xmlns:{_NAME}="[^"]{{1,1024}}"){{1,16}})'
    f"{_IN_TAG}>"
    f"{_SP}<\\1:Body>{_SP}{_PAYLOAD}"
)
_PLAIN_HEAD = re.compile(f'{_DECL}<({_NAME}){_BEFORE_ATTR}xmlns="{_FAXWS_RE}"{_IN_TAG}(/?)>')
_DECLS = re.compile(f'xmlns:({_NAME})="([^"]*)"')
_SOAP_END = re.compile(f"{_SP}</({_NAME}):Body>{_SP}</\\1:Envelope>{_SP}\\Z")
_PLAIN_END = re.compile(f"{_SP}\\Z")
# An "&" that does not start one of the five predefined entity references (XML 1.0 §4.6):
# a character reference or an undeclared entity, both left to the parser.
_BAD_AMP = re.compile("&(?!(?:amp|lt|gt|quot|apos);)")

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
    """Raised inside a generated scanner: the message is not in the canonical layout."""


class _Unsupported(Exception):
    """A type the scanner does not handle; its messages are always declined."""


def _unescape(value: str | None) -> str:
    if value is None:
        return ""
    return (
        value.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


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
    """A scalar element: its XSD type (without prefix)."""

    def __init__(self, xsd: str) -> None:
        self.xsd = xsd


class _Type:
    """A complex type: its generated class's name, fields as (element, attribute, shape)."""

    def __init__(self, cls: str, fields: list[tuple[str, str, Any]]) -> None:
        self.cls, self.fields = cls, fields


class _List:
    """A wrapper type holding one unbounded element of a fixed item type."""

    def __init__(self, cls: str, attr: str, item_name: str, item: _Type) -> None:
        self.cls, self.attr, self.item_name, self.item = cls, attr, item_name, item


_SCALARS = frozenset({"string", "boolean", *INT_RANGES})


def _shape(tname: str, top: bool) -> _Type:
    _, cls, fields = layout.TYPES[tname]
    out: list[tuple[str, str, Any]] = []
    for name, attr, ftype, low, high, nillable in fields:
        if low != 1 or nillable:
            raise _Unsupported(f"{tname}.{name}: optional, repeated or nillable")
        if high != 1:
            raise _Unsupported(f"{tname}.{name}: a list outside a wrapper")
        if ftype.startswith("xsd:"):
            xsd = ftype[4:]
            if xsd not in _SCALARS:
                raise _Unsupported(f"{tname}.{name}: xsd:{xsd}")
            out.append((name, attr, _Leaf(xsd)))
            continue
        _, fcls, ffields = layout.TYPES[ftype]
        if len(ffields) == 1 and ffields[0][4] != 1:
            if ffields[0][3:5] != (0, -1):
                # Neither a count nor a bound is checked: zero or more items only.
                raise _Unsupported(f"{tname}.{name}: a list with bounds")
            if not top:
                raise _Unsupported(f"{tname}.{name}: a list below the payload's fields")
            iname, iattr, itype, _, _, _ = ffields[0]
            if itype.startswith("xsd:"):
                raise _Unsupported(f"{tname}.{name}: a list of scalars")
            item = _shape(itype, False)
            if not item.fields:
                raise _Unsupported(f"{tname}.{name}: items of empty content")
            out.append((name, attr, _List(fcls, iattr, iname, item)))
            continue
        out.append((name, attr, _shape(ftype, False)))
    if sum(isinstance(s, _List) for _, _, s in out) > 1:
        raise _Unsupported(f"{tname}: more than one list")
    return _Type(cls, out)


def _content(t: _Type, p: str) -> str:
    """The regular expression of *t*'s content (its fields), one group per scalar.

    *p* is the element prefix as a regular expression ("" or an escaped "P:"). White space
    may stand before each child and before the end tag of element-only content (XSD Part 1
    §3.4.4: it is not character data there), never inside a scalar or an empty type
    (cvc-complex-type.2.1), where it would be content or refused.
    """
    parts = []
    for name, _, s in t.fields:
        n = p + re.escape(name)  # an NCName may hold "." and "-"
        if isinstance(s, _Leaf):
            if s.xsd == "string":
                parts.append(f"{_SP}<{n}(?:>{_TEXT}</{n}>|{_IN_TAG}/>)")
            elif s.xsd == "boolean":
                parts.append(f"{_SP}<{n}>{_BOOL}</{n}>")
            else:
                parts.append(f"{_SP}<{n}>{_INT}</{n}>")
        elif isinstance(s, _Type):
            if s.fields:
                parts.append(f"{_SP}<{n}>{_content(s, p)}{_SP}</{n}>")
            else:
                parts.append(f"{_SP}<{n}(?:></{n}>|{_IN_TAG}/>)")
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
        prefix: str,
        json: bool,
        amp: bool,
        classes: Callable[[str], type[Any]] | None,
    ) -> None:
        self.src, self.json, self.amp, self.classes = src, json, amp, classes
        self.p = re.escape(prefix)  # "" (default namespace) or "FaxWS:"
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
        # One memo per XSD type and call (made in the function's first lines: a memo kept
        # across calls would grow with every value ever seen).
        memo = self.memos.setdefault(xsd, f"M_{xsd}")
        return f"{memo}[{var}]"

    def prologue(self) -> list[str]:
        """The lines making this call's integer memos."""
        return [
            f"    {name} = IntMemo({low}, {high}, {self.json})"
            for xsd, name in self.memos.items()
            for low, high in [INT_RANGES[xsd]]
        ]

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
        for _, attr, s in t.fields:
            if isinstance(s, _Leaf):
                value = self.scalar(s.xsd, vars_.pop(0))
            elif isinstance(s, _Type):
                value, more = self.build(s, vars_, ind, level + 1)
                lines += more
            else:
                value = vars_.pop(0)
            lines.append(f"{ind}{out}.{attr} = {value}")
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
        split = next((i for i, (_, _, s) in enumerate(t.fields) if isinstance(s, _List)), None)
        # White space may end the payload's content (before its end tag) unless it is empty.
        end = f"{_SP}" if t.fields else ""
        if split is None:
            rx = _content(t, self.p) + end
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
        p = self.p
        head = _content(_Type("", t.fields[:split]), p)
        tail = _content(_Type("", t.fields[split + 1 :]), p) + end
        item = _content(lst.item, p)
        nhead = _groups(head)
        tag = lst.item_name
        ln, tg = p + re.escape(lname), p + re.escape(tag)
        rx_head = self.src.const(re.compile(f"{head}{_SP}<{ln}(?:(>)|{_IN_TAG}/>)"))
        rx_item = self.src.const(re.compile(f"{_SP}<{tg}>{item}{_SP}</{tg}>"))
        rx_close = self.src.const(re.compile(f"{_SP}</{ln}>"))
        ivars = [f"v{i}" for i in range(_groups(item))]
        iout, ilines = self.build(lst.item, list(ivars), "            ", 3)
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
            f"            {', '.join(ivars)}, = m.groups()",
            *ilines,
            f"            append({iout})",
            f"        m = {rx_close}.match(text, pos)",
            "        if m is None:",
            "            raise Decline",
            "        pos = m.end()",
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


_Scanner = Callable[[str, int], tuple[Any, int]]
_CACHE: dict[tuple[str, str, bool, bool, Any], _Scanner | None] = {}


def _compile(
    element: str, prefix: str, json: bool, amp: bool, classes: Callable[[str], type[Any]] | None
) -> _Scanner | None:
    key = (element, prefix, json, amp, classes)
    try:
        return _CACHE[key]
    except KeyError:
        pass
    scanner: _Scanner | None = None
    entry = layout.TYPES.get(element)
    if entry is not None and entry[0] == "element":
        try:
            t = _shape(element, True)
        except _Unsupported:
            t = None
        if t is not None:
            form = "JSON text" if json else "objects"
            src = Source(f"canonical-layout scanner of {prefix}{element} ({form})")
            src.lines = _Gen(src, prefix, json, amp, classes).payload(t)
            helpers = {"enc": encode_basestring, "U": _unescape, "Decline": _Decline}
            scanner = src.compile({**helpers, "IntMemo": _IntMemo})["scan"]
    _CACHE[key] = scanner
    return scanner


def _text(body: bytes, max_bytes: int) -> str | None:
    """*body* as text when the scanner may try it, else None.

    Over the cap, denser than FaxWS markup, or with enough "=" for the codec's attribute
    pre-scan to run: the codec decides (and may refuse). Not UTF-8, or holding "]]>" or an
    "&" that is not a predefined entity: the parser decides. (A carriage return is declined
    by the grammar wherever end-of-line handling would change a value.)
    """
    if len(body) > max_bytes or dense(body) or body.count(b"=") > PRESCAN_EQUALS:
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "]]>" in text:
        return None
    if "&" in text and _BAD_AMP.search(text) is not None:
        return None
    return text


def _run(text: str, json: bool, classes: Callable[[str], type[Any]] | None) -> Scanned | None:
    m = _SOAP_HEAD.match(text)
    if m is not None:
        prefix, decls, element, closed, payload_prefix, prefixed, prefixed_closed = m.groups()
        pairs = _DECLS.findall(decls)
        names = [n for n, _ in pairs]
        if len(set(names)) != len(names) or any(
            n.lower().startswith("xml") or _URI.fullmatch(uri) is None or uri in _RESERVED_NS
            for n, uri in pairs
        ):
            return None
        bound = dict(pairs)
        ns = bound.get(prefix)
        if ns not in (SOAP11_NS, SOAP12_NS):
            return None
        p = ""
        if element is None:
            if bound.get(payload_prefix) != layout.NAMESPACE:
                return None
            element, closed, p = prefixed, prefixed_closed, f"{payload_prefix}:"
        end_rx: re.Pattern[str] = _SOAP_END
    else:
        m = _PLAIN_HEAD.match(text)
        if m is None:
            return None
        prefix, p, (element, closed), ns, end_rx = "", "", m.groups(), None, _PLAIN_END
    scanner = _compile(element, p, json, "&" in text, classes)
    if scanner is None:
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
    if end is None or (prefix and end.group(1) != prefix):
        return None
    return ns, element, value


def scan(body: bytes, max_bytes: int, classes: Callable[[str], type[Any]]) -> Scanned | None:
    """The envelope namespace, payload element and payload of *body*, or None (declined).

    *classes* maps a generated class name to the class. Only for a body in the canonical
    layout (the module docstring); None means "parse it": nothing has been refused.
    """
    text = _text(body, max_bytes)
    return None if text is None else _run(text, False, classes)


def scan_json(body: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The JSON form of *body* as ``faxstatus decode`` prints it, or None (declined).

    ``json.dumps({key: payload}, indent=2, ensure_ascii=False)`` of the decoded message,
    where key is the operation's name (a request) or the name plus ``Response``.
    """
    text = _text(body, max_bytes)
    if text is None:
        return None
    found = _run(text, True, None)
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
