"""XML encode by writers compiled once per wrapper class, with the checks in bulk.

The generic encoder (``generic.encode_payload``) walks the field plans and checks each value
as it writes it. The writers compiled here produce the same bytes (the golden vectors and
tests/codec/test_xmlwriter.py compare them): the fields of a wrapper and of its fixed-shape parts
are written by concatenation after a check each, and a list's items column by column: one
attrgetter per item takes its leaves, ``zip`` turns the rows into columns, and one
``"".join`` writes the list from a repeated pattern of the literal tag text with each
column laid into its slots. The checks are the generic encoder's, done per column in C: the
item class and nested classes by ``set(map(type, …))``, each int column's type the same way
and its range by ``min`` and ``max`` (its decimals by one ``%`` over the column), each
string column's characters by one test over the column joined (the join itself refuses a
non-str, as the generic encoder does). A column holding ``&``, ``<``, ``>`` or CR is escaped
as the generic encoder escapes it; anything else unusual (a wrong type, a value out of
range, a character XML 1.0 cannot carry, a nil item) makes the writer give up, and the
generic encoder writes the message or raises the EncodeError naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from ..._contract import XML_ILLEGAL_CHARS
from ..._xsd import format_text
from .._compile import Source
from .._plan import INT_RANGE, ClassPlan, FieldPlan, Kind, plan_for
from .._xml import XSI_NS

__all__ = ["payload_text"]

# Everything escape_text would escape or refuse: the complement of XML 1.0 §2.2 Char less
# "&", "<", ">" and CR, as one character class (several times faster than an alternation).
_UNUSUAL = re.compile(f"[{XML_ILLEGAL_CHARS}\r&<>]")
# The ASCII characters that search lets through, as bytes for bytes.translate's delete
# argument: an ASCII text with nothing left after deleting them needs no search, and that
# test runs several times faster than the search.
_PLAIN = bytes([0x09, 0x0A, *range(0x20, 0x80)]).translate(None, b"&<>")
_ILLEGAL = re.compile(f"[{XML_ILLEGAL_CHARS}]")
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

    def __init__(self, src: Source, prefix: str) -> None:
        self.src = src
        self.p = f"{prefix}:" if prefix else ""
        self.lines = src.lines
        self.counter = 0

    def tags(self, f: FieldPlan) -> tuple[str, str]:
        return f"<{self.p}{f.name}>", f"</{self.p}{f.name}>"

    def nil(self, f: FieldPlan) -> str:
        """The nil element the generic encoder writes for *f* (xsi declared on it)."""
        return f'<{self.p}{f.name} xmlns:xsi="{XSI_NS}" xsi:nil="true"/>'

    # -- one object, written with checks in Python (wrappers: a few fields each) -----------

    def single(self, plan: ClassPlan, o: str, ind: str) -> list[str]:
        """Lines that append the children of object *o* (checked to be ``plan.cls``) to out."""
        lines = [f"{ind}if type({o}) is not {self.src.const(plan.cls)}:", f"{ind}    raise GiveUp"]
        if plan.item is not None:
            f = plan.item
            self.counter += 1
            v = f"l{self.counter}"
            lines.append(f"{ind}{v} = {o}.{f.attr}")
            try:
                lines.append(f"{ind}{self.items(f)}({v}, out)")
            except _Unsupported:
                # Items of another shape: one at a time, each checked as it is written.
                lines += self.field(f, v, ind)
            return lines
        for f in plan.fields:
            self.counter += 1
            v = f"v{self.counter}"
            lines.append(f"{ind}{v} = {o}.{f.attr}")
            lines += self.field(f, v, ind)
        return lines

    def field(self, f: FieldPlan, v: str, ind: str) -> list[str]:
        """Lines that append field *f* holding *v*: elements, a nil one, or nothing (None)."""
        if f.is_list:
            self.counter += 1
            x = f"x{self.counter}"
            conds = [f"len({v}) < {f.min_occurs}"] if f.min_occurs > 0 else []
            if f.max_occurs > 0:
                conds.append(f"len({v}) > {f.max_occurs}")
            lines = [f"{ind}if type({v}) is not list:", f"{ind}    raise GiveUp"]
            if conds:
                lines += [f"{ind}if {' or '.join(conds)}:", f"{ind}    raise GiveUp"]
            lines.append(f"{ind}for {x} in {v}:")
            if f.nillable:
                nil = self.src.const(self.nil(f))
                lines += [
                    f"{ind}    if {x} is None:",
                    f"{ind}        out.append({nil})",
                    f"{ind}        continue",
                ]
            return lines + self.one(f, x, ind + "    ")
        if not (f.optional or f.nillable):
            return self.one(f, v, ind)
        none = [f"{ind}    out.append({self.src.const(self.nil(f))})"] if not f.optional else []
        return [
            f"{ind}if {v} is None:",
            *(none or [f"{ind}    pass  # optional: left out"]),
            f"{ind}else:",
            *self.one(f, v, ind + "    "),
        ]

    def one(self, f: FieldPlan, v: str, ind: str) -> list[str]:
        """Lines that append one element of *f* for the (non-None) value *v*."""
        open_, close = self.tags(f)
        if f.kind is Kind.COMPLEX:
            assert f.plan is not None
            return [
                f"{ind}out.append({open_!r})",
                *self.single(f.plan, v, ind),
                f"{ind}out.append({close!r})",
            ]
        return [*self.scalar_check(f.kind, v, ind), f"{ind}out.append({open_!r} + {v} + {close!r})"]

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
        # The other built-ins: the generic encoder's own conversion (faxstatus._xsd).
        return [f"{ind}{v} = fmt({kind.xsd!r}, {v})"]

    def slot(self, f: FieldPlan) -> str:
        """Name of ``s(value) -> str``: the whole text field *f* writes for one value."""
        self.counter += 1
        name = f"slot{self.counter}"
        body = self.field(f, "v", "    ")
        self.lines += [f"def {name}(v):", "    out = []", *body, '    return "".join(out)', ""]
        return name

    # -- a list: columns checked in bulk, then one join --------------------------------------

    def flatten(
        self, plan: ClassPlan, x: str
    ) -> tuple[list[str], list[tuple[Any, str]], list[tuple[type[Any], str]]]:
        """Literal texts, (kind, expression) leaves and (class, expression) objects of *x*.

        The text of one *x* is ``lits[0] + leaf 0 + lits[1] + … + lits[-1]``. A leaf's kind
        is a :class:`Kind` (a required scalar: its text goes between its tags) or a
        ``(slot function, text for None)`` pair: an optional, nillable or repeated field, or
        a nested type holding one, whose whole text the function writes per value.
        """
        lits: list[str] = [""]
        leaves: list[tuple[Any, str]] = []
        objects: list[tuple[type[Any], str]] = []
        for f in plan.fields:
            open_, close = self.tags(f)
            expr = f"{x}.{f.attr}"
            fixed = f.kind is not Kind.COMPLEX or (f.plan is not None and _fixed(f.plan))
            if f.optional or f.nillable or f.is_list or not fixed:
                # The text of None: nothing (optional), the nil element (nillable), or none
                # at all (a required element or a list: the generic encoder names the fault).
                none = "" if f.optional else self.nil(f) if f.nillable and not f.is_list else None
                leaves.append(((self.slot(f), none), expr))
                lits.append("")
            elif f.kind is Kind.COMPLEX:
                assert f.plan is not None
                sub_lits, sub_leaves, sub_objects = self.flatten(f.plan, expr)
                lits[-1] += open_ + sub_lits[0]
                lits += sub_lits[1:]
                lits[-1] += close
                leaves += sub_leaves
                objects += [(f.plan.cls, expr), *sub_objects]
            elif f.kind is Kind.STRING or f.kind is Kind.BOOLEAN or f.kind in INT_RANGE:
                lits[-1] += open_
                lits.append(close)
                leaves.append((f.kind, expr))
            else:
                leaves.append(((self.slot(f), None), expr))
                lits.append("")
        return lits, leaves, objects

    def items(self, f: FieldPlan) -> str:
        """Name of ``f(items, out)`` appending the text of the list field *f* to out."""
        plan = f.plan
        if plan is None or not plan.fields:
            raise _Unsupported("list items of this shape")
        if f.min_occurs > 0 or f.max_occurs > 0:
            raise _Unsupported("a bounded list")  # the generic encoder checks the count
        self.counter += 1
        name = f"items{self.counter}"
        open_, close = self.tags(f)
        lits, leaves, objects = self.flatten(plan, "x")
        lits[0] = open_ + lits[0]
        lits[-1] += close
        width = 2 * len(leaves)
        # The text of n items is the join of PATTERN * n with each None slot filled by the
        # column of one leaf: the literal text is copied by join, never scanned by a formatter.
        # Every item's first slot holds the previous item's closing text too; not the first's.
        pattern: list[str | None] = [lits[-1] + lits[0]]
        for lit in lits[1:-1]:
            pattern += [None, lit]
        pattern.append(None)
        lines = [
            f"def {name}(items, out):",
            "    if type(items) is not list:",
            "        raise GiveUp",
            "    n = len(items)",
            "    if not n:",
            "        return",
        ]
        cls = self.src.const(plan.cls)
        nil = self.src.const(self.nil(f))
        if f.nillable:
            # Nil items: the others are written as a column as usual, and each run of nil
            # elements goes into the boundary piece before the item that follows it.
            lines += [
                "    types = set(map(type, items))",
                f"    if types == {{{cls}}}:",
                "        gaps, trailing = (), 0",
                f"    elif types <= {{{cls}, NONE}}:",
                "        gaps, run, k = [], 0, 0",
                "        for x in items:",
                "            if x is None:",
                "                run += 1",
                "                continue",
                "            if run:",
                "                gaps.append((k, run))",
                "                run = 0",
                "            k += 1",
                "        trailing = run",
                "        items = [x for x in items if x is not None]",
                "        n = len(items)",
                "        if not n:",
                f"            out.append({nil} * trailing)",
                "            return",
                "    else:",
                "        raise GiveUp",
            ]
        else:
            lines += [f"    if set(map(type, items)) != {{{cls}}}:", "        raise GiveUp"]
        # attrgetter (dotted paths for nested parts) and map keep the per-item loops in C.
        for part, expr in objects:
            get = self.src.const(attrgetter(expr.removeprefix("x.")))
            lines += [
                f"    if set(map(type, map({get}, items))) != {{{self.src.const(part)}}}:",
                "        raise GiveUp",
            ]
        paths = [expr.removeprefix("x.") for _, expr in leaves]
        getter = self.src.const(attrgetter(*paths))
        if len(paths) > 1:
            lines.append(f"    cols = list(zip(*map({getter}, items)))")
        else:
            lines.append(f"    cols = [tuple(map({getter}, items))]")
        if any(kind in INT_RANGE for kind, _ in leaves):
            # One % over a whole column writes its decimals; NUL separates them (an int's
            # text never holds one) for the split into one string per item.
            lines.append('    decimals = "%d\\x00" * (n - 1) + "%d"')
        for i, (kind, _) in enumerate(leaves):
            c = f"cols[{i}]"
            if isinstance(kind, tuple):
                fn, none = kind
                # A column of None (an optional element nobody sets) is one constant; any
                # other column is written value by value.
                lines += [f"    if {c}.count(None) == n:"]
                if none is None:
                    lines.append("        raise GiveUp")
                else:
                    lines.append(f"        consts[{i}] = {none!r}")
                lines += ["    else:", f"        {c} = list(map({fn}, {c}))"]
            elif kind is Kind.STRING:
                # No type check: join raises TypeError for a non-str (the generic encoder
                # then names the field) and, like the generic encoder's concatenation, writes
                # a str subclass's own characters.
                lines += [
                    f'    text = "".join({c})',
                    "    if not (text.isascii() and not text.encode().translate(None, PLAIN)):",
                    "        if UNUSUAL.search(text) is not None:",
                    f"            {c} = escape_column({c})",
                ]
            elif kind is Kind.BOOLEAN:
                lines += [
                    f"    if set(map(type, {c})) != {{bool}}:",
                    "        raise GiveUp",
                    f"    {c} = list(map(BOOL_OUT.__getitem__, {c}))",
                ]
            else:
                lo, hi = INT_RANGE[kind]
                lines += [
                    f"    c = {c}",
                    f"    if set(map(type, c)) != {{int}} or min(c) < {lo} or max(c) > {hi}:",
                    "        raise GiveUp",
                    f'    {c} = (decimals % c).split("\\x00")',
                ]
        if any(isinstance(kind, tuple) for kind, _ in leaves):
            # Slot columns: those that are one constant are folded into the literal text at
            # run time (assemble), so that nobody's optional element costs a slot per item.
            gaps = "gaps, trailing" if f.nillable else "(), 0"
            at = next(i for i, line in enumerate(lines) if line.startswith("    cols = "))
            lines.insert(at + 1, "    consts = {}")
            lines += [
                f"    assemble({self.src.const(tuple(lits))}, cols, consts, n, {gaps}, {nil}, out)",
                "",
            ]
            self.lines += lines
            return name
        lines += [
            f"    pieces = {self.src.const(pattern)} * n",
            f"    pieces[0] = {self.src.const(lits[0])}",
        ]
        lines += [f"    pieces[{2 * i + 1}::{width}] = cols[{i}]" for i in range(len(leaves))]
        if f.nillable:
            first, bound = self.src.const(lits[0]), self.src.const(lits[-1])
            lines += [
                "    for k, run in gaps:",
                f"        pieces[k * {width}] = ({bound} if k else '') + {nil} * run + {first}",
            ]
        lines += [
            "    out += pieces",
            f"    out.append({self.src.const(lits[-1])})",
        ]
        if f.nillable:
            lines += ["    if trailing:", f"        out.append({nil} * trailing)"]
        lines.append("")
        self.lines += lines
        return name


def _assemble(
    lits: tuple[str, ...],
    cols: list[Any],
    consts: dict[int, str],
    n: int,
    gaps: Any,
    trailing: int,
    nil: str,
    out: list[str],
) -> None:
    """Append the text of *n* items: ``lits`` around each item's leaves, as the compiled path.

    The columns in *consts* hold one text for every item: it joins the literal text, and the
    other columns fill the slots of one repeated pattern (see :meth:`_Builder.items`). Each
    ``(k, run)`` of *gaps* puts *run* nil items before the k-th item; *trailing* after all.
    """
    merged = [lits[0]]
    keep = []
    for i, col in enumerate(cols):
        if i in consts:
            merged[-1] += consts[i] + lits[i + 1]
        else:
            keep.append(col)
            merged.append(lits[i + 1])
    first, last = merged[0], merged[-1]
    if not keep:
        # Every item's text is the same: first (which then ends with the closing tag).
        texts = [first] * n
        for k, run in gaps:
            texts[k] = nil * run + first
        out += texts
    else:
        width = 2 * len(keep)
        pattern: list[str | None] = [last + first]
        for lit in merged[1:-1]:
            pattern += [None, lit]
        pattern.append(None)
        pieces = pattern * n
        pieces[0] = first
        for i, col in enumerate(keep):
            pieces[2 * i + 1 :: width] = col
        for k, run in gaps:
            pieces[k * width] = (last if k else "") + nil * run + first
        out += pieces  # type: ignore[arg-type]  # every None slot is filled by now
        out.append(last)
    if trailing:
        out.append(nil * trailing)


def _fmt(xsd: str, value: Any) -> str:
    """A built-in's text as the generic encoder writes it (``_xsd.format_text``), or give up."""
    try:
        return format_text(xsd, value)
    except (TypeError, ValueError):
        raise _GiveUp from None


def _build(cls: type[Any], prefix: str) -> Callable[[Any], str] | None:
    src = Source(f"XML writer of {cls.__name__} (prefix {prefix!r})")
    b = _Builder(src, prefix)
    try:
        body = b.single(plan_for(cls), "o", "    ")
    except _Unsupported:
        return None
    src.lines += ["def write(o):", "    out = []", *body, '    return "".join(out)']
    names = src.compile(
        {
            "GiveUp": _GiveUp,
            "check_str": _check_str,
            "escape_column": _escape_column,
            "UNUSUAL": _UNUSUAL,
            "PLAIN": _PLAIN,
            "BOOL_OUT": {True: "true", False: "false"},
            "fmt": _fmt,
            "assemble": _assemble,
            "NONE": type(None),
        }
    )
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
