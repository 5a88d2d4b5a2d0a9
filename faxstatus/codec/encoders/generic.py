"""The checked XML encoder: a walk of the binding plans that checks each value as it writes it.

It never gives up: it writes the payload or raises the EncodeError naming the field (a
wrong type, an int out of range, an XML-illegal character, a None where the schema requires
an element). The compiled writers (``xmlwriter.py``) write the same bytes or give up to it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..._errors import EncodeError
from ..._xsd import format_text
from .._plan import ClassPlan, FieldPlan, Kind
from .._xml import XSI_NS, escape_text

__all__ = ["encode_payload"]


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
