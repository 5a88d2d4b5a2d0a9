"""JSON half of the codec: payload decode/encode driven by the same binding plans as XML.

Shape (CONTRACT.md §4.6): fields keep their XML names, a FaxWS list type becomes a plain array
(no ``item`` level), a nil list item is ``null``, xsd:int/long are numbers, xsd:boolean is
``true``/``false``. Decoding is strict about types: ``true`` is not an int, ``1.0`` is not an
int, a string is not a number. Duplicate keys are rejected, since one of them would be lost.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .._errors import DecodeError, EncodeError
from ._plan import INT_RANGE, ClassPlan, FieldPlan, Kind

__all__ = ["decode_payload", "dumps", "encode_payload", "loads"]


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class _Duplicate(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return obj


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads(body: bytes) -> Any:
    """Parse untrusted JSON bytes (UTF-8/16/32 detected by the stdlib) or raise DecodeError."""
    if not body.strip():
        raise DecodeError("empty JSON body")
    try:
        doc = json.loads(body, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise DecodeError(f"malformed JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except _Duplicate as exc:
        raise DecodeError(f"duplicate JSON key {exc.args[0]!r}") from None
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        # ValueError: NaN/Infinity, or an integer longer than int_max_str_digits.
        raise DecodeError(f"unreadable JSON: {str(exc)[:120]}") from None
    if _SURROGATE_ESCAPE.search(body):
        # RFC 8259 §8.2: an unpaired \uD8xx escape is no character; the stdlib keeps it as a
        # lone surrogate, which neither UTF-8 nor XML can carry. Paired ones are fine.
        try:
            json.dumps(doc, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise DecodeError(
                "a JSON string holds a lone surrogate (an unpaired \\uD800-\\uDFFF)"
            ) from None
    return doc


def dumps(doc: Any) -> bytes:
    """Serialise *doc* compactly as UTF-8; EncodeError for text UTF-8 cannot carry."""
    try:
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise EncodeError(f"lone surrogate U+{ord(exc.object[exc.start]):04X}", path="$") from None


def _type_name(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _scalar(value: Any, f: FieldPlan, path: str) -> Any:
    kind = f.kind
    if kind is Kind.STRING:
        if type(value) is not str:
            raise DecodeError(f"{f.name} must be a string, not {_type_name(value)}", path=path)
        return value
    if kind is Kind.BOOLEAN:
        if type(value) is not bool:
            raise DecodeError(f"{f.name} must be true or false, not {_type_name(value)}", path=path)
        return value
    if type(value) is not int:
        raise DecodeError(f"{f.name} must be an integer, not {_type_name(value)}", path=path)
    lo, hi = INT_RANGE[kind]
    if not lo <= value <= hi:
        raise DecodeError(
            f"{f.name}: {value} is outside the xsd:{kind.name.lower()} range", path=path
        )
    return value


def _list(value: Any, f: FieldPlan, item: FieldPlan, path: str, skipped: list[str] | None) -> Any:
    if type(value) is not list:
        raise DecodeError(f"{f.name} must be an array, not {_type_name(value)}", path=path)
    items: list[Any] = []
    for i, v in enumerate(value):
        ipath = f"{path}[{i}]"
        if v is None:
            items.append(None)
        elif item.plan is not None:
            items.append(decode_payload(v, item.plan, ipath, skipped))
        else:
            items.append(_scalar(v, item, ipath))
    # The array stands for the list type: wrap it back (``FaxJobIds(item=[...])``).
    assert f.plan is not None
    return f.plan.cls(**{item.attr: items})


def decode_payload(doc: Any, plan: ClassPlan, path: str, skipped: list[str] | None) -> Any:
    """Build an instance of ``plan.cls`` from the JSON object *doc*.

    Missing ``strPIN`` decodes as ``""``: OAuth clients omit it (CONTRACT.md §2.1, §4.6).
    """
    if type(doc) is not dict:
        raise DecodeError(f"{plan.name} must be an object, not {_type_name(doc)}", path=path)
    values: dict[str, Any] = {}
    names = {f.name for f in plan.fields}
    for key in doc:
        if key not in names:
            if skipped is None:
                raise DecodeError(f"unexpected key {key!r} in {plan.name}", path=f"{path}.{key}")
            skipped.append(f"{path}.{key}")
    for f in plan.fields:
        fpath = f"{path}.{f.name}"
        if f.name not in doc:
            if f.name == "strPIN":
                values[f.attr] = ""
                continue
            raise DecodeError(f"missing key {f.name} in {plan.name}", path=fpath)
        value = doc[f.name]
        if value is None:
            raise DecodeError(f"{f.name} must not be null", path=fpath)
        if f.plan is not None and f.plan.item is not None:
            values[f.attr] = _list(value, f, f.plan.item, fpath, skipped)
        elif f.plan is not None:
            values[f.attr] = decode_payload(value, f.plan, fpath, skipped)
        else:
            values[f.attr] = _scalar(value, f, fpath)
    return plan.cls(**values)


def _scalar_out(value: Any, f: FieldPlan, path: str) -> Any:
    kind = f.kind
    if kind is Kind.STRING:
        ok = isinstance(value, str)
    elif kind is Kind.BOOLEAN:
        ok = isinstance(value, bool)
    else:
        ok = isinstance(value, int) and not isinstance(value, bool)
        if ok:
            lo, hi = INT_RANGE[kind]
            if not lo <= value <= hi:
                raise EncodeError(
                    f"{value} is outside the xsd:{kind.name.lower()} range", path=path
                )
    if not ok:
        raise EncodeError(f"unexpected {type(value).__name__} for {kind.name.lower()}", path=path)
    return value


def encode_payload(obj: Any, plan: ClassPlan, path: str) -> dict[str, Any]:
    """Return the JSON object for *obj*, an instance of ``plan.cls``."""
    if type(obj) is not plan.cls:
        raise EncodeError(f"expected {plan.name}, got {type(obj).__name__}", path=path)
    doc: dict[str, Any] = {}
    for f in plan.fields:
        value = getattr(obj, f.attr)
        fpath = f"{path}.{f.name}"
        if value is None:
            raise EncodeError(f"required field {f.name} is None", path=fpath)
        if f.plan is None:
            doc[f.name] = _scalar_out(value, f, fpath)
            continue
        item = f.plan.item
        if item is None:
            doc[f.name] = encode_payload(value, f.plan, fpath)
            continue
        if type(value) is not f.plan.cls:
            raise EncodeError(f"expected {f.plan.name}, got {type(value).__name__}", path=fpath)
        seq = getattr(value, item.attr)
        if not isinstance(seq, list):
            raise EncodeError(f"expected a list, got {type(seq).__name__}", path=fpath)
        out: list[Any] = []
        for i, v in enumerate(seq):
            ipath = f"{fpath}[{i}]"
            if v is None:
                out.append(None)
            elif item.plan is not None:
                out.append(encode_payload(v, item.plan, ipath))
            else:
                out.append(_scalar_out(v, item, ipath))
        doc[f.name] = out
    return doc
