"""JSON half of the codec: payload decode/encode driven by the same binding plans as XML.

Shape (schema/README.md, "JSON form"): fields keep their XML names, a FaxWS list type becomes
a plain array (no ``item`` level), a nil item is ``null``, integers are numbers, xsd:boolean
is ``true``/``false``, other built-ins as ``faxstatus._xsd`` lists them. An optional element
that is absent is left out on encode; on decode a missing key and ``null`` both mean absent.
Decoding is strict about types: ``true`` is not an int, ``1.0`` is not an int, a string is
not a number. Duplicate keys are rejected, since one of them would be lost.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from .._errors import DecodeError, EncodeError
from .._xsd import from_json, to_json
from ._plan import ClassPlan, FieldPlan, Kind
from ._xml import note_skipped

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


class _TooLong(Exception):
    pass


_STDLIB_DIGITS = 4300  # sys.int_info.default_max_str_digits


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > 20:
        raise _TooLong(len(digits.lstrip("-")))
    return int(digits)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


# The stdlib's parser, not orjson, although orjson parses faster: it keeps the last of two
# equal keys without a word and reads an integer past 64 bits as a float, so the duplicate
# check below (the hook per object, most of what this adds to a parse) and the integer bound
# would stay; and it has no build for PyPy, which would leave two parsers to keep equal.
def loads(body: bytes) -> Any:
    """Parse untrusted JSON bytes (UTF-8/16/32 detected by the stdlib) or raise DecodeError."""
    if not body.strip():
        raise DecodeError("empty JSON body")
    encoding = json.detect_encoding(body)
    try:
        # Decoded here, strictly: json.loads(bytes) decodes with "surrogatepass", which lets
        # raw lone surrogates (UTF-8 ED A0 80, an unpaired UTF-16 unit) into the strings.
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"JSON body is not valid {encoding.upper()} (byte offset {exc.start})"
        ) from None
    # An integer past 20 digits fits no FaxWS type. int()'s digit limit (4,300 by default)
    # keeps converting one cheap; with the limit off or raised (PYTHONINTMAXSTRDIGITS=0) a
    # million digits take seconds, so then every integer is checked before conversion.
    limit = sys.get_int_max_str_digits()
    hook = None if 0 < limit <= _STDLIB_DIGITS else _bounded_int
    try:
        doc = json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_no_constant, parse_int=hook
        )
    except _TooLong as exc:
        raise DecodeError(
            f"a JSON integer of {exc.args[0]} digits is outside every FaxWS integer type"
        ) from None
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
    if f.kind is Kind.STRING:
        if type(value) is not str:
            raise DecodeError(f"{f.name} must be a string, not {_type_name(value)}", path=path)
        return value
    try:
        return from_json(f.kind.xsd, value)
    except TypeError as exc:
        raise DecodeError(f"{f.name} {exc}", path=path) from None
    except ValueError as exc:
        raise DecodeError(f"{f.name}: {exc}", path=path) from None


def _value(v: Any, f: FieldPlan, path: str, skipped: list[str] | None) -> Any:
    """One occurrence of *f* (an item of a list, or the single value)."""
    if f.plan is not None and f.plan.item is not None and not f.is_list:
        return _list(v, f, f.plan.item, path, skipped)
    if f.plan is not None:
        return decode_payload(v, f.plan, path, skipped)
    return _scalar(v, f, path)


def _items(
    value: Any, f: FieldPlan, path: str, skipped: list[str] | None, label: str = ""
) -> list[Any]:
    """The JSON array for a repeated field *f* (or the ``item`` of list type *label*)."""
    label = label or f.name
    if type(value) is not list:
        raise DecodeError(f"{label} must be an array, not {_type_name(value)}", path=path)
    if len(value) < f.min_occurs or 0 < f.max_occurs < len(value):
        most = "unbounded" if f.max_occurs < 0 else f.max_occurs
        raise DecodeError(
            f"{label} has {len(value)} items, the schema allows {f.min_occurs}..{most}", path=path
        )
    items: list[Any] = []
    for i, v in enumerate(value):
        ipath = f"{path}[{i}]"
        if v is None:
            if not f.nillable:
                raise DecodeError(f"{f.name} items must not be null", path=ipath)
            items.append(None)
        else:
            items.append(_value(v, f, ipath, skipped))
    return items


def _list(value: Any, f: FieldPlan, item: FieldPlan, path: str, skipped: list[str] | None) -> Any:
    # The array stands for the list type: wrap it back (``FaxJobIds(item=[...])``).
    assert f.plan is not None
    return f.plan.cls(**{item.attr: _items(value, item, path, skipped, f.name)})


def decode_payload(doc: Any, plan: ClassPlan, path: str, skipped: list[str] | None) -> Any:
    """Build an instance of ``plan.cls`` from the JSON object *doc*.

    Missing ``strPIN`` decodes as ``""``: OAuth clients omit it (schema/README.md). An optional
    element (minOccurs="0") may be left out or given as null; a nillable one may be null.
    """
    if type(doc) is not dict:
        raise DecodeError(f"{plan.name} must be an object, not {_type_name(doc)}", path=path)
    values: dict[str, Any] = {}
    names = plan.by_name
    for key in doc:
        if key not in names:
            if skipped is None:
                raise DecodeError(f"unexpected key {key!r} in {plan.name}", path=f"{path}.{key}")
            note_skipped(skipped, f"{path}.{key}")
    for f in plan.fields:
        fpath = f"{path}.{f.name}"
        value = doc.get(f.name)
        if value is None:
            if f.name not in doc and f.name == "strPIN":
                values[f.attr] = ""
            elif f.is_list and f.min_occurs == 0:
                values[f.attr] = []
            elif f.optional or (f.nillable and f.name in doc):
                values[f.attr] = None
            elif f.name not in doc:
                raise DecodeError(f"missing key {f.name} in {plan.name}", path=fpath)
            else:
                raise DecodeError(f"{f.name} must not be null", path=fpath)
        elif f.is_list:
            values[f.attr] = _items(value, f, fpath, skipped)
        else:
            values[f.attr] = _value(value, f, fpath, skipped)
    return plan.cls(**values)


def _scalar_out(value: Any, f: FieldPlan, path: str) -> Any:
    kind = f.kind
    try:
        return to_json(kind.xsd, value)
    except TypeError:
        raise EncodeError(
            f"unexpected {type(value).__name__} for {kind.name.lower()}", path=path
        ) from None
    except ValueError as exc:
        raise EncodeError(str(exc), path=path) from None


def _out_one(v: Any, f: FieldPlan, path: str) -> Any:
    if f.plan is None:
        return _scalar_out(v, f, path)
    item = f.plan.item
    if item is None or f.is_list:
        return encode_payload(v, f.plan, path)
    # A FaxWS list type: the array of its items stands for it.
    if type(v) is not f.plan.cls:
        raise EncodeError(f"expected {f.plan.name}, got {type(v).__name__}", path=path)
    return _out_items(getattr(v, item.attr), item, path)


def _out_items(seq: Any, f: FieldPlan, path: str) -> list[Any]:
    if not isinstance(seq, list):
        raise EncodeError(f"expected a list, got {type(seq).__name__}", path=path)
    if len(seq) < f.min_occurs or 0 < f.max_occurs < len(seq):
        most = "unbounded" if f.max_occurs < 0 else f.max_occurs
        raise EncodeError(f"{len(seq)} items, the schema allows {f.min_occurs}..{most}", path=path)
    out: list[Any] = []
    for i, v in enumerate(seq):
        ipath = f"{path}[{i}]"
        if v is None:
            if not f.nillable:
                raise EncodeError("None in a list whose items are not nillable", path=ipath)
            out.append(None)
        else:
            out.append(_out_one(v, f, ipath))
    return out


def encode_payload(obj: Any, plan: ClassPlan, path: str) -> dict[str, Any]:
    """Return the JSON object for *obj*, an instance of ``plan.cls``.

    An optional element that is None is left out; a nillable one that is None is ``null``.
    """
    if type(obj) is not plan.cls:
        raise EncodeError(f"expected {plan.name}, got {type(obj).__name__}", path=path)
    doc: dict[str, Any] = {}
    for f in plan.fields:
        value = getattr(obj, f.attr)
        fpath = f"{path}.{f.name}"
        if f.is_list:
            doc[f.name] = _out_items(value, f, fpath)
        elif value is None:
            if f.optional:
                continue
            if not f.nillable:
                raise EncodeError(f"required field {f.name} is None", path=fpath)
            doc[f.name] = None
        else:
            doc[f.name] = _out_one(value, f, fpath)
    return doc
