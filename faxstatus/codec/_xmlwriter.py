"""XML encode from string templates compiled once per wrapper class, with the checks in bulk.

The generic encoder (``_xml.encode_payload``) walks the field plans and checks each value
as it writes it. The writers compiled here produce the same bytes (the golden vectors and
tests/test_xmlwriter.py compare them) from ``%`` templates: the fields of a wrapper and of
its fixed-shape parts are written by one template, and a list's items by one template per
item. The checks are the generic encoder's, done per column in C: for every list, the item
class and nested classes by ``set(map(type, …))``, each int column's range by ``min`` and
``max``, each string column's characters by one search over the column joined. A column
holding ``&``, ``<``, ``>`` or CR is escaped as the generic encoder escapes it; anything
else unusual (a wrong type, a value out of range, a character XML 1.0 cannot carry, a nil
item) makes the writer give up, and the generic encoder writes the message or raises the
EncodeError naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from ._plan import INT_RANGE, ClassPlan, FieldPlan, Kind, plan_for

__all__ = ["payload_text"]

# Everything escape_text would escape or refuse: the complement of XML 1.0 §2.2 Char less
# "&", "<", ">" and CR, as one character class (several times faster than an alternation).
_UNUSUAL = re.compile("[^\t\n\x20-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPECIAL = re.compile("[&<>\r]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_WRITERS: dict[tuple[type[Any], str], Callable[[Any], str] | None] = {}


class _GiveUp(Exception):
    """The compiled writer does not handle this value; the generic encoder does."""


class _Unsupported(Exception):
    """A layout the compiler does not handle; that class always uses the generic encoder."""


def _escape(value: str) -> str:
    if _ILLEGAL.search(value) is not None:
        raise _GiveUp
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], value)


def _escape_column(column: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(map(_escape, column))


def _check_str(value: Any) -> str:
    if type(value) is not str:
        raise _GiveUp
    if _UNUSUAL.search(value) is not None:
        return _escape(value)
    return value


def _fixed(plan: ClassPlan) -> bool:
    return all(not f.is_list and (f.plan is None or _fixed(f.plan)) for f in plan.fields)


class _Builder:
    """Source of the writer of one wrapper class for one payload prefix."""

    def __init__(self, prefix: str) -> None:
        self.p = f"{prefix}:" if prefix else ""
        self.lines: list[str] = []
        self.consts: dict[str, Any] = {}
        self.counter = 0

    def const(self, value: Any) -> str:
        name = f"K{len(self.consts)}"
        self.consts[name] = value
        return name

    def tags(self, f: FieldPlan) -> tuple[str, str]:
        return f"<{self.p}{f.name}>", f"</{self.p}{f.name}>"

    # -- one object, written with checks in Python (wrappers: a few fields each) -----------

    def single(self, plan: ClassPlan, o: str, ind: str) -> list[str]:
        """Lines that append the children of object *o* (checked to be ``plan.cls``) to out."""
        lines = [f"{ind}if type({o}) is not {self.const(plan.cls)}:", f"{ind}    raise GiveUp"]
        if plan.item is not None:
            f = plan.item
            self.counter += 1
            v = f"l{self.counter}"
            lines += [f"{ind}{v} = {o}.{f.attr}", f"{ind}out.append({self.items(f)}({v}))"]
            return lines
        for f in plan.fields:
            if f.is_list:
                raise _Unsupported("a list beside other elements")
            if f.optional or f.nillable:
                raise _Unsupported("an optional or nillable element")
            self.counter += 1
            v = f"v{self.counter}"
            open_, close = self.tags(f)
            lines.append(f"{ind}{v} = {o}.{f.attr}")
            if f.kind is Kind.COMPLEX:
                assert f.plan is not None
                lines.append(f"{ind}out.append({open_!r})")
                lines += self.single(f.plan, v, ind)
                lines.append(f"{ind}out.append({close!r})")
                continue
            lines += self.scalar_check(f.kind, v, ind)
            lines.append(f"{ind}out.append({open_!r} + {v} + {close!r})")
        return lines

    def scalar_check(self, kind: Kind, v: str, ind: str) -> list[str]:
        """Lines that check *v* and leave its text in *v*."""
        if kind is Kind.STRING:
            return [f"{ind}{v} = check_str({v})"]
        if kind is Kind.BOOLEAN:
            return [
                f"{ind}if type({v}) is not bool:",
                f"{ind}    raise GiveUp",
                f'{ind}{v} = "true" if {v} else "false"',
            ]
        if kind in INT_RANGE:
            lo, hi = INT_RANGE[kind]
            return [
                f"{ind}if type({v}) is not int or not {lo} <= {v} <= {hi}:",
                f"{ind}    raise GiveUp",
                f"{ind}{v} = str({v})",
            ]
        raise _Unsupported(kind)

    # -- a list: one template per item, checks per column ----------------------------------

    def flatten(
        self, plan: ClassPlan, x: str
    ) -> tuple[str, list[tuple[Kind, str]], list[tuple[type[Any], str]]]:
        """Template, (kind, expression) leaves and (class, expression) objects of *x*."""
        template, leaves, objects = "", [], []
        for f in plan.fields:
            if f.optional or f.nillable or f.is_list:
                raise _Unsupported("an optional, nillable or repeated element")
            open_, close = self.tags(f)
            expr = f"{x}.{f.attr}"
            if f.kind is Kind.COMPLEX:
                assert f.plan is not None
                t, sub_leaves, sub_objects = self.flatten(f.plan, expr)
                template += open_ + t + close
                leaves += sub_leaves
                objects += [(f.plan.cls, expr), *sub_objects]
            elif f.kind is Kind.STRING or f.kind is Kind.BOOLEAN:
                template += open_ + "%s" + close
                leaves.append((f.kind, expr))
            elif f.kind in INT_RANGE:
                template += open_ + "%d" + close
                leaves.append((f.kind, expr))
            else:
                raise _Unsupported(f.kind)
        return template, leaves, objects

    def items(self, f: FieldPlan) -> str:
        """Name of ``f(items) -> str`` writing the list field *f*."""
        plan = f.plan
        if plan is None or not _fixed(plan) or not plan.fields:
            raise _Unsupported("list items of this shape")
        self.counter += 1
        name = f"items{self.counter}"
        open_, close = self.tags(f)
        inner, leaves, objects = self.flatten(plan, "x")
        # XML names hold no "%": the template's only % are its placeholders.
        template = self.const(open_ + inner + close)
        lines = [
            f"def {name}(items):",
            "    if type(items) is not list:",
            "        raise GiveUp",
            "    if not items:",
            '        return ""',
            f"    if set(map(type, items)) != {{{self.const(plan.cls)}}}:",
            "        raise GiveUp",
        ]
        # attrgetter (dotted paths for nested parts) and map keep the per-item loops in C.
        for cls, expr in objects:
            get = self.const(attrgetter(expr.removeprefix("x.")))
            lines += [
                f"    if set(map(type, map({get}, items))) != {{{self.const(cls)}}}:",
                "        raise GiveUp",
            ]
        paths = [expr.removeprefix("x.") for _, expr in leaves]
        getter = self.const(attrgetter(*paths)) if len(paths) > 1 else None
        row = f"list(map({getter}, items))" if getter else f"[({leaves[0][1]},) for x in items]"
        lines += [
            f"    rows = {row}",
            "    cols = list(zip(*rows))",
            "    dirty = False",
        ]
        for i, (kind, _) in enumerate(leaves):
            c = f"cols[{i}]"
            if kind is Kind.STRING:
                # Exactly str: "%s" would call a subclass's __str__, the generic encoder not.
                lines += [
                    f"    if set(map(type, {c})) != {{str}}:",
                    "        raise GiveUp",
                    f'    if UNUSUAL.search("".join({c})) is not None:',
                    f"        {c} = escape_column({c})",
                    "        dirty = True",
                ]
            elif kind is Kind.BOOLEAN:
                lines += [
                    f"    if set(map(type, {c})) != {{bool}}:",
                    "        raise GiveUp",
                    f"    {c} = [BOOL[v] for v in {c}]",
                    "    dirty = True",
                ]
            else:
                lo, hi = INT_RANGE[kind]
                lines += [
                    f"    if set(map(type, {c})) != {{int}} or min({c}) < {lo} or max({c}) > {hi}:",
                    "        raise GiveUp",
                ]
        lines += [
            "    if dirty:",
            "        rows = zip(*cols)",
            f"    return ''.join(map({template}.__mod__, rows))",
            "",
        ]
        self.lines += lines
        return name


def _build(cls: type[Any], prefix: str) -> Callable[[Any], str] | None:
    b = _Builder(prefix)
    try:
        body = b.single(plan_for(cls), "o", "    ")
    except _Unsupported:
        return None
    source = "\n".join(
        [*b.lines, "def write(o):", "    out = []", *body, '    return "".join(out)']
    )
    names: dict[str, Any] = {
        **b.consts,
        "GiveUp": _GiveUp,
        "check_str": _check_str,
        "escape_column": _escape_column,
        "UNUSUAL": _UNUSUAL,
        "BOOL": {True: "true", False: "false"},
    }
    exec(compile(source, f"<XML writer of {cls.__name__}>", "exec"), names)  # noqa: S102
    write: Callable[[Any], str] = names["write"]
    return write


def payload_text(payload: Any, prefix: str) -> str | None:
    """The children of *payload* as XML text, or None: then the generic encoder must run."""
    key = (type(payload), prefix)
    try:
        writer = _WRITERS[key]
    except KeyError:
        writer = _WRITERS[key] = _build(type(payload), prefix)
    if writer is None:
        return None
    try:
        return writer(payload)
    except (_GiveUp, AttributeError, TypeError):
        return None
