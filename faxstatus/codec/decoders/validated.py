"""XML decode with the checks in C: XSD validation by libxml2, then a walk that checks nothing.

It also lists every way a payload breaks the generated schema (:func:`payload_problems`),
for ``faxstatus validate``.

libxml2 validates the payload against the packaged XSD; a walk that checks nothing again
then builds the objects.

Validation proves what the checked decoders prove one element at a time in Python: element
names, namespaces, order and occurrence (XSD Part 1 §3.8, cvc-complex-type.2.4), no character
data in element-only content (cvc-complex-type.2.3), the lexical form and range of every
xsd:int, xsd:long and xsd:boolean (XSD Part 2 §3.2.2, §3.3.16, §3.3.17), xsi:nil only on
nillable elements and then with no content (cvc-elt.3). The walk can then unpack children by
position and convert text without a test.

Whatever validation accepts but the checked path does not is kept off this path, so results
and errors are the same either way: xsi:schemaLocation and xsi:noNamespaceSchemaLocation
(allowed by XSD, refused by the codec as unknown attributes), documents whose markup is not
spelled in ASCII bytes (where a byte search for those names would not see them), and any
field layout the walk builder does not know. Anything invalid goes to the checked decoders,
which name the fault exactly as before. The walks are built at first use from the codec's
field plans and compiled once per class.
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Callable
from typing import Any

import attrs
from lxml import etree

from .._compile import Source
from .._operations import FAXWS_NS, lookup_element
from .._plan import ClassPlan, Kind, plan_for

__all__ = ["SchemaProblem", "decode_valid", "payload_problems", "walker"]

#: Encodings whose markup bytes are ASCII (libxml2's names for them, upper-cased).
_ASCII_MARKUP = frozenset({"UTF-8", "UTF8", "US-ASCII", "ASCII", "ISO-8859-1", "LATIN1"})
_SCHEMA: etree.XMLSchema | None = None
_WALKERS: dict[type[Any], Callable[[Any], Any] | None] = {}


def _schema() -> etree.XMLSchema:
    global _SCHEMA  # noqa: PLW0603 - built once, on first use
    if _SCHEMA is None:
        # pkgutil, not importlib.resources: the latter costs a one-shot CLI run more
        # (zipfile, bz2, lzma …) than compiling the schema itself.
        xsd = pkgutil.get_data("faxstatus.models", "faxws.xsd")
        assert xsd is not None, "faxws.xsd is packaged with faxstatus.models"
        _SCHEMA = etree.XMLSchema(etree.fromstring(xsd))
    return _SCHEMA


class _Ints(dict[str, int]):
    """Memo of int() for one decode: status codes and counts repeat across items."""

    def __missing__(self, key: str) -> int:
        value = self[key] = int(key)
        return value


class _Unsupported(Exception):
    """A layout the walk builder does not handle; that class always takes the checked path."""


def _fixed(plan: ClassPlan) -> bool:
    """True when *plan* has no list anywhere inside (its element count is fixed)."""
    return all(not f.is_list and (f.plan is None or _fixed(f.plan)) for f in plan.fields)


class _Builder:
    """Python source for the unchecked walks of one wrapper class and everything inside it."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.lines = src.lines
        self.funcs: dict[type[Any], str] = {}
        self.counter = 0

    def func(self, plan: ClassPlan) -> str:
        """The name of the function walking an element of *plan* (built on first request)."""
        name = self.funcs.get(plan.cls)
        if name is not None:
            return name
        name = self.funcs[plan.cls] = f"w_{plan.name}_{len(self.funcs)}"
        body = self.sequence(plan, "el", "o", "    ")
        self.lines += [f"def {name}(el, ints):", *body, "    return o", ""]
        return name

    def sequence(self, plan: ClassPlan, el: str, out: str, ind: str) -> list[str]:
        """Lines that build *out* (an instance of ``plan.cls``) from the element *el*."""
        cls = self.src.const(plan.cls)
        fields = plan.fields
        if not fields:
            # Empty content: the XSD forbids children and text; white space is left to the
            # checked path, which refuses it (cvc-complex-type.2.1).
            return [
                f"{ind}if len({el}) or {el}.text:",
                f"{ind}    raise Unchecked",
                f"{ind}{out} = new({cls})",
            ]
        if any(f.is_list for f in fields):
            # The FaxWS list types: one repeated element, the items are this element's children.
            if len(fields) != 1:
                raise _Unsupported("a list beside other elements")
            f = fields[0]
            return [
                f"{ind}{out} = new({cls})",
                *self.list_field(f.plan, f.nillable, el, f"{out}.{f.attr}", ind),
            ]
        self.counter += 1
        kids = [f"c{self.counter}_{i}" for i in range(len(fields))]
        lines = [f"{ind}{', '.join(kids)}, = {el}", f"{ind}{out} = new({cls})"]
        for f, kid in zip(fields, kids, strict=True):
            if f.optional or f.nillable:
                # Absent or nil elements shift the positions: the checked path handles them.
                raise _Unsupported("an optional or nillable element")
            target = f"{out}.{f.attr}"
            if f.kind is Kind.COMPLEX:
                assert f.plan is not None
                if _fixed(f.plan) and f.plan.fields:
                    sub = f"n{self.counter}_{f.attr}"
                    lines += self.sequence(f.plan, kid, sub, ind)
                    lines.append(f"{ind}{target} = {sub}")
                else:
                    lines.append(f"{ind}{target} = {self.func(f.plan)}({kid}, ints)")
            elif f.default is not None:
                # Present and empty: the default is the value (XSD Part 1 cvc-elt.5.1.2).
                value = self.src.const(f.default)
                conv = self.scalar(f.kind, kid)
                lines.append(f"{ind}{target} = {conv} if {kid}.text else {value}")
            else:
                lines.append(f"{ind}{target} = {self.scalar(f.kind, kid)}")
        return lines

    def scalar(self, kind: Kind, el: str) -> str:
        """The expression converting the text of *el* (validated) to a value of *kind*."""
        if kind is Kind.STRING:
            return f'{el}.text or ""'
        if kind in (Kind.INT, Kind.LONG):
            # XSD's lexical int (white space collapsed, optional sign) is what int() reads.
            return f"ints[{el}.text]"
        if kind is Kind.BOOLEAN:
            return f'BOOL[({el}.text or "").strip(WS)]'
        raise _Unsupported(kind)

    def list_field(
        self, plan: ClassPlan | None, nillable: bool, el: str, target: str, ind: str
    ) -> list[str]:
        """Lines that fill *target* with the items under *el*."""
        if plan is None:
            raise _Unsupported("list of scalars")
        if nillable and not plan.fields:
            raise _Unsupported("nillable item of empty content")
        self.counter += 1
        items, it, value = f"items{self.counter}", f"it{self.counter}", f"v{self.counter}"
        lines = [f"{ind}{items} = []", f"{ind}for {it} in {el}:"]
        inner = ind + "    "
        if nillable:
            # Valid and childless means xsi:nil="true": the item type has required children.
            lines += [
                f"{inner}if not len({it}):",
                f"{inner}    {items}.append(None)",
                f"{inner}    continue",
            ]
        if _fixed(plan):
            lines += self.sequence(plan, it, value, inner)
            lines.append(f"{inner}{items}.append({value})")
        else:
            lines.append(f"{inner}{items}.append({self.func(plan)}({it}, ints))")
        lines.append(f"{ind}{target} = {items}")
        return lines


def _build(cls: type[Any]) -> Callable[[Any], Any] | None:
    src = Source(f"unchecked walk of {cls.__name__}")
    try:
        entry = _Builder(src).func(plan_for(cls))
    except _Unsupported:
        return None
    func = src.compile({"Unchecked": _Unsupported})[entry]
    return lambda el: func(el, _Ints())


def walker(cls: type[Any]) -> Callable[[Any], Any] | None:
    """The unchecked walk of *cls* (cached), or None when its layout is not supported."""
    try:
        return _WALKERS[cls]
    except KeyError:
        pass
    built = _WALKERS[cls] = _build(cls)
    return built


def decode_valid(root: etree._Element, el: etree._Element, cls: type[Any], body: bytes) -> Any:
    """The payload of *el* when it is valid against the XSD, else None (use the checked path).

    *root* is the document element and *body* the bytes it was parsed from.
    """
    if b"chemaLocation" in body:  # xsi:schemaLocation, xsi:noNamespaceSchemaLocation
        return None
    encoding = root.getroottree().docinfo.encoding
    if not encoding or encoding.upper() not in _ASCII_MARKUP:
        return None
    walk = walker(cls)
    if walk is None or not _schema().validate(el):
        return None
    try:
        return walk(el)
    except (_Unsupported, ValueError, TypeError, KeyError):
        # A layout the plans describe differently from the XSD: the checked path decides.
        return None


@attrs.frozen
class SchemaProblem:
    """One way a payload breaks the generated schema: the element at fault and the reason."""

    element: etree._Element  #: the element the problem is about (its line: ``sourceline``)
    reason: str

    @property
    def line(self) -> int | None:
        """The element's line in the parsed document, when known."""
        line = self.element.sourceline
        return line if isinstance(line, int) else None


#: One step of libxml2's node path (xmlGetNodePath): ``*`` or ``prefix:name``, maybe ``[n]``.
_STEP = re.compile(r"(?P<name>[^\[/]+)(?:\[(?P<n>\d+)\])?$")


def _at(el: etree._Element, path: str | None) -> etree._Element:
    """The element libxml2's *path* names, relative to the validation root *el*.

    libxml2 writes ``*`` (counting every element sibling) for an element in a default
    namespace and ``prefix:name`` (counting same-name siblings) otherwise; the first step is
    *el* itself. Where a step cannot be followed, the last element reached is returned.
    """
    node = el
    for step in (path or "").split("/")[2:]:
        m = _STEP.match(step)
        if m is None:
            break
        name, n = m["name"], int(m["n"] or 1)
        local = name.rpartition(":")[2]
        kids = [k for k in node if isinstance(k.tag, str)]
        if name != "*":
            kids = [k for k in kids if etree.QName(k).localname == local]
        if not 0 < n <= len(kids):
            break
        node = kids[n - 1]
    return node


def payload_problems(el: etree._Element) -> list[SchemaProblem]:
    """Every way the payload *el* breaks the generated schema; [] when it is valid.

    *el* is a SOAP Body's child or a plain-XML document element. It must be the request or
    response element of an operation in the table (as :func:`faxstatus.decode` requires),
    and valid against the packaged XSD, which ``make generate`` copies from schema/.
    """
    q = etree.QName(el)
    if q.namespace != FAXWS_NS or lookup_element(q.localname) is None:
        where = f"namespace {q.namespace!r}" if q.namespace else "no namespace"
        return [
            SchemaProblem(
                el,
                f"element {q.localname} in {where} is not the request or response of any "
                f"operation in the schema (namespace {FAXWS_NS!r})",
            )
        ]
    schema = _schema()
    if schema.validate(el):
        return []
    errors: list[Any] = list(schema.error_log)  # type: ignore[call-overload]
    return [SchemaProblem(_at(el, err.path), err.message) for err in errors]
