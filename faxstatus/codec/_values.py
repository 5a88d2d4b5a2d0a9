"""Values of the schema's types for the fields a caller has no value for (simulator, tests, bench).

A simulated answer, a bench message and a test's item name the values they care about and
leave the rest to the schema: a field the vendor adds, retypes or renames then still gets a
value of its type, so what builds them follows ``make generate`` with no edit.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .._xsd import format_text
from ._plan import INT_RANGE, ClassPlan, FieldPlan, Kind

__all__ = ["fill", "fits", "plausible"]


def fits(f: FieldPlan, value: Any) -> bool:
    """Whether *value* can stand for *f* as the schema has it now (its type, its repetition)."""
    if f.is_list:
        return isinstance(value, list) and all(v is None or _fits_one(f, v) for v in value)
    return _fits_one(f, value)


def _fits_one(f: FieldPlan, value: Any) -> bool:
    """Whether *value* is one value of *f*'s type."""
    if f.plan is not None:
        return type(value) is f.plan.cls
    try:
        format_text(f.kind.xsd, value)
    except (TypeError, ValueError):
        return False
    return True


def plausible(f: FieldPlan, seed: str, stamp: str) -> Any:
    """A value of *f*'s type for a field nobody gave a value (stable per *seed*)."""
    n = zlib.crc32(f"{f.name}:{seed}".encode())
    if f.plan is not None:
        one: Any = fill(f.plan, {"_seed": seed, "_stamp": stamp}, stamp)
    elif f.kind is Kind.STRING:
        one = f"{f.name} {seed}".strip()
    elif f.kind is Kind.BOOLEAN:
        one = n % 2 == 0
    elif f.kind is Kind.DOUBLE:
        one = (n % 1000) / 4
    elif f.kind is Kind.DECIMAL:
        one = Decimal(n % 100000).scaleb(-2)
    elif f.kind is Kind.DATETIME:
        one = stamp or "2026-01-01T00:00:00Z"
    elif f.kind is Kind.DATE:
        one = (stamp or "2026-01-01")[:10]
    elif f.kind is Kind.BASE64:
        one = f"{f.name}:{seed}".encode()
    else:
        lo, hi = INT_RANGE[f.kind]
        one = max(lo, min(hi, n % 10))
    if f.is_list:
        return [one] * max(f.min_occurs, 1)
    return one


def fill(plan: ClassPlan, known: Mapping[str, Any], stamp: str = "") -> Any:
    """An instance of *plan* with every field set, optional ones included.

    A *known* value (keyed by element name, or by the name a renamed element had) is used
    where it fits the field's schema type; any other field gets a plausible value of its type.
    """
    seed = str(known.get("_seed", plan.name))
    stamp = str(known.get("_stamp", stamp))
    values: dict[str, Any] = {}
    for f in plan.fields:
        value = known.get(f.name, known.get(f.was))
        if f.is_list and f.plan is None and value not in (None, "") and not isinstance(value, list):
            value = [value]  # one known value of a field the schema lets repeat
        if value is not None and fits(f, value):
            values[f.attr] = value
        elif value == "" and (f.optional or f.nillable):
            values[f.attr] = None  # nothing to say yet (not delivered, not started)
        else:
            values[f.attr] = plausible(f, seed, stamp)
    return plan.cls(**values)
