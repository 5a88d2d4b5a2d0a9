r"""Hypothesis strategies for every FaxWS message, for our tests and for authors of other bindings.

Usage (needs ``hypothesis``, which faxstatus itself does not depend on)::

    from hypothesis import given
    from faxstatus import strategies as fs

    @given(fs.messages("GetRealTimeFaxStatusEx", "response"))
    def test_my_binding_roundtrips(msg): ...

Every strategy is built from the same binding plans as the codec (the generated layout
table), so a schema change regenerates the strategies too: optional and nillable elements
are sometimes None, and every XSD built-in the generator accepts has a strategy
(``scalars``). Text is XML 1.0-legal (``xml_text``); the sample pool favours the hard
cases: empty, whitespace-only, ``]]>``, ``\r\n``, astral characters.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ._contract import INVALID_JOB_ID
from ._xsd import INT_RANGES
from .codec._operations import Direction, Operation, operation
from .codec._plan import INT_RANGE, ClassPlan, FieldPlan, Kind, plan_for

__all__ = [
    "MAX_ITEMS",
    "int32",
    "int64",
    "messages",
    "payloads",
    "requests",
    "responses",
    "scalars",
    "xml_text",
]

#: Default upper bound on list lengths.
MAX_ITEMS = 5

# XML 1.0 §2.2 Char minus what cannot be written at all: C0 controls other than tab/LF/CR,
# surrogates, U+FFFE and U+FFFF.
_ILLEGAL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
_HARD = ["", " ", "\t\n ", "]]>", "a\r\nb", "\r", "&amp;", "<x/>", "\U0001f4e0", "\u00e9\u4e2d"]


def xml_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Strings that XML 1.0 can carry exactly, biased towards escaping edge cases."""
    chars = st.characters(exclude_categories=["Cs"], exclude_characters=_ILLEGAL)
    return st.one_of(st.sampled_from(_HARD), st.text(chars, max_size=max_size))


def int32() -> st.SearchStrategy[int]:
    """xsd:int values, bounds included."""
    lo, hi = INT_RANGE[Kind.INT]
    return st.one_of(st.sampled_from([lo, hi, 0, -1, 1, 2, 3, INVALID_JOB_ID]), st.integers(lo, hi))


def int64() -> st.SearchStrategy[int]:
    """xsd:long values, bounds included."""
    lo, hi = INT_RANGE[Kind.LONG]
    return st.one_of(st.sampled_from([lo, hi, 0, INVALID_JOB_ID, 1, 2, 3]), st.integers(lo, hi))


def _datetime(date_only: bool) -> st.SearchStrategy[str]:
    zone = st.sampled_from(["", "Z", "+00:00", "-05:30", "+14:00"])
    day = st.dates().map(lambda d: d.isoformat())
    if date_only:
        return st.builds(lambda d, z: d + z, day, zone)
    frac = st.sampled_from(["", ".5", ".123456789"])
    return st.builds(
        lambda d, t, f, z: f"{d}T{t.isoformat(timespec='seconds')}{f}{z}",
        day,
        st.times(),
        frac,
        zone,
    )


def scalars(xsd: str) -> st.SearchStrategy[Any]:
    """Values of the XSD built-in type *xsd* (``"int"``, ``"dateTime"``, …), bounds included."""
    if xsd == "string":
        return xml_text()
    if xsd == "boolean":
        return st.booleans()
    if xsd in INT_RANGES:
        lo, hi = INT_RANGES[xsd]
        return st.one_of(st.sampled_from([lo, hi, 0, 1, 2, 3]), st.integers(lo, hi))
    if xsd == "double":
        return st.floats(allow_nan=False)
    if xsd == "decimal":
        return st.decimals(allow_nan=False, allow_infinity=False, places=4)
    if xsd in ("dateTime", "date"):
        return _datetime(xsd == "date")
    if xsd == "base64Binary":
        return st.binary(max_size=32)
    raise ValueError(f"no strategy for xsd:{xsd}")


def _scalar(f: FieldPlan) -> st.SearchStrategy[Any]:
    if f.kind is Kind.INT:
        return int32()
    if f.kind is Kind.LONG:
        return int64()
    return scalars(f.kind.xsd)


def _field(f: FieldPlan, max_items: int) -> st.SearchStrategy[Any]:
    one = _scalar(f) if f.plan is None else _for_plan(f.plan, max_items)
    if f.is_list:
        if f.nillable:
            # nil items are rare on the wire; weight real items higher.
            one = st.one_of(one, one, one, st.none())
        most = max_items if f.max_occurs < 0 else min(max_items, f.max_occurs)
        return st.lists(one, min_size=f.min_occurs, max_size=max(most, f.min_occurs))
    if f.optional or f.nillable:
        return st.one_of(one, one, st.none())
    return one


def _for_plan(plan: ClassPlan, max_items: int) -> st.SearchStrategy[Any]:
    return st.builds(plan.cls, **{f.attr: _field(f, max_items) for f in plan.fields})


def payloads(cls: type[Any], max_items: int = MAX_ITEMS) -> st.SearchStrategy[Any]:
    """Instances of any generated class, with lists of 0..*max_items* entries."""
    return _for_plan(plan_for(cls), max_items)


def messages(
    op: str | Operation[Any, Any], direction: str | Direction, max_items: int = MAX_ITEMS
) -> st.SearchStrategy[Any]:
    """Wrapper objects of operation *op* in *direction* (``"request"`` or ``"response"``)."""
    return payloads(operation(op).cls(Direction(direction)), max_items)


def requests(op: str | Operation[Any, Any], max_items: int = MAX_ITEMS) -> st.SearchStrategy[Any]:
    """Request wrapper objects of *op*."""
    return messages(op, Direction.REQUEST, max_items)


def responses(op: str | Operation[Any, Any], max_items: int = MAX_ITEMS) -> st.SearchStrategy[Any]:
    """Response wrapper objects of *op*."""
    return messages(op, Direction.RESPONSE, max_items)
