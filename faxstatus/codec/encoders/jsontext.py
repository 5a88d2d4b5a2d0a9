"""The JSON form of a decoded payload as text, byte for byte what ``json.dumps(indent=2)`` writes.

The stdlib writes indented JSON with its pure-Python encoder, one small string per token (its
C encoder does compact output only): for a 10,000-item response that is most of a
``faxstatus decode`` run, and as many ``write`` calls when stdout is unbuffered. Here each
wrapper class gets a writer compiled once from the codec's field plans: one ``%`` template per
object, nested fixed-shape types inlined into their parent's template, strings escaped by the
same function ``json.dumps(ensure_ascii=False)`` uses, so the text is identical (the tests
compare it with ``json.dumps`` on generated messages).

For payloads the decoder built (values of the declared types); anything else goes through
:func:`json_form` and ``json.dumps``.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from .._compile import Source
from .._plan import ClassPlan, FieldPlan, Kind, plan_for

__all__ = ["dumps_indented"]

_WRITERS: dict[type[Any], Callable[[Any], str] | None] = {}


class _Unsupported(Exception):
    """A field kind this writer does not know; json.dumps writes that class."""


def _pad(level: int) -> str:
    return "  " * level


def _fixed(plan: ClassPlan) -> bool:
    return all(not f.is_list and (f.plan is None or _fixed(f.plan)) for f in plan.fields)


class _Builder:
    """Source of the JSON text writer of one wrapper class and the types inside it."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.lines = src.lines
        self.funcs: dict[tuple[type[Any], int], str] = {}
        self.counter = 0

    def func(self, plan: ClassPlan, level: int) -> str:
        """Name of ``f(o) -> str`` writing an instance of *plan* whose ``{`` sits at *level*."""
        key = (plan.cls, level)
        name = self.funcs.get(key)
        if name is None:
            name = self.funcs[key] = f"t{len(self.funcs)}_{plan.name}_{level}"
            template, args = self.obj(plan, "o", level)
            tname = self.src.const(template)
            call = "".join(a + ", " for a in args)
            self.lines += [f"def {name}(o):", f"    return {tname} % ({call})", ""]
        return name

    def obj(self, plan: ClassPlan, o: str, level: int) -> tuple[str, list[str]]:
        """The ``%`` template of the object *o* (an expression) and its argument expressions."""
        if plan.item is not None:
            return "%s", [self.array(plan.item, f"{o}.{plan.item.attr}", level)]
        if not plan.fields:
            return "{}", []
        inner = _pad(level + 1)
        parts, args = [], []
        for f in plan.fields:
            t, a = self.value(f, f"{o}.{f.attr}", level + 1)
            # XML names hold no "%": the only % in a template are its own placeholders.
            parts.append(f"{inner}{encode_basestring(f.name)}: {t}")
            args += a
        return "{\n" + ",\n".join(parts) + "\n" + _pad(level) + "}", args

    def value(self, f: FieldPlan, v: str, level: int) -> tuple[str, list[str]]:
        """Template and arguments of field *f* whose value is the expression *v*."""
        if f.is_list:
            return "%s", [self.array(f, v, level)]
        if f.optional or f.nillable:
            # Left out or null depending on the value: json.dumps writes such classes.
            raise _Unsupported("an optional or nillable element")
        kind = f.kind
        if kind is Kind.STRING:
            return "%s", [f"enc({v})"]
        if kind in (Kind.INT, Kind.LONG, Kind.SHORT, Kind.UNSIGNED_INT, Kind.UNSIGNED_LONG):
            return "%s", [f"repr_int({v})"]
        if kind is Kind.BOOLEAN:
            return "%s", [f'("true" if {v} else "false")']
        if kind is Kind.COMPLEX and f.plan is not None:
            if _fixed(f.plan):
                return self.obj(f.plan, v, level)
            return "%s", [f"{self.func(f.plan, level)}({v})"]
        raise _Unsupported(kind)

    def array(self, f: FieldPlan, v: str, level: int) -> str:
        """The expression writing the list *v* whose ``[`` sits at *level*."""
        if f.plan is None:
            raise _Unsupported("list of scalars")
        self.counter += 1
        helper = f"a{self.counter}"
        inner = _pad(level + 1)
        item = f"{self.func(f.plan, level + 1)}(x)"
        if f.nillable:
            item = f'("null" if x is None else {item})'
        head, sep, tail = f"[\n{inner}", f",\n{inner}", f"\n{_pad(level)}]"
        self.lines += [
            f"def {helper}(items):",
            "    if not items:",
            '        return "[]"',
            f"    return {head!r} + {sep!r}.join([{item} for x in items]) + {tail!r}",
            "",
        ]
        return f"{helper}({v})"


def _build(cls: type[Any]) -> Callable[[Any], str] | None:
    src = Source(f"JSON text writer of {cls.__name__}")
    try:
        entry = _Builder(src).func(plan_for(cls), 1)
    except _Unsupported:
        return None
    names = src.compile({"enc": encode_basestring, "repr_int": int.__repr__})
    func: Callable[[Any], str] = names[entry]
    return func


def dumps_indented(key: str, payload: Any) -> str | None:
    """``json.dumps({key: <JSON form of payload>}, indent=2, ensure_ascii=False)``, or None.

    None when the payload's class has a field kind this writer does not handle.
    """
    cls = type(payload)
    try:
        writer = _WRITERS[cls]
    except KeyError:
        writer = _WRITERS[cls] = _build(cls)
    if writer is None:
        return None
    return "{\n  " + encode_basestring(key) + ": " + writer(payload) + "\n}"
