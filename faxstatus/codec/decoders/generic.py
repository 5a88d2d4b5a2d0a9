"""The checked XML decoder: a walk of the binding plans that checks every element as it goes.

It never declines: it returns the payload or raises the DecodeError naming the element path
and line (order, occurrence, nil, lexical forms and ranges, unknown elements). Every other XML
strategy declines what it does not read; this one decides. Lenient mode (``skipped`` a list)
skips unknown elements and lists their paths.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..._xsd import parse_text
from .._plan import ClassPlan, FieldPlan, Kind
from .._xml import (
    MAX_SKIPPED,
    WIDE,
    check_attributes,
    check_text,
    element_path,
    error_at,
    local_name,
    note_skipped,
)

__all__ = ["decode_payload"]


def _scalar(el: etree._Element, f: FieldPlan) -> Any:
    """The value of simple-typed element *el* (its attributes already checked)."""
    if len(el):
        raise error_at(f"{f.name} must hold text, not the element {local_name(el[0].tag)}", el[0])
    text = el.text or ""
    if not text and f.default is not None:
        # Present and empty: the schema's default is its value (XSD Part 1 cvc-elt.5.1.2).
        return f.default
    if f.kind is Kind.STRING:
        return text
    try:
        return parse_text(f.kind.xsd, text)
    except ValueError as exc:
        raise error_at(f"{f.name}: {exc}", el) from None


class _ChildPaths:
    """Element paths of an element's children, in document order, in linear time."""

    __slots__ = ("_base", "_seen", "_totals")

    def __init__(self, el: etree._Element, path: str | None) -> None:
        self._base = element_path(el) if path is None else path
        self._seen: dict[Any, int] = {}
        self._totals: dict[Any, int] = {}
        if len(el) <= WIDE:
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

    Used for an element with more than ``WIDE`` children in lenient mode: lxml filters the
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
    if paths is not None and skipped is not None and len(el) > WIDE:
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
