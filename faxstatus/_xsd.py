"""XSD built-in types: lexical forms, value ranges and Python values, in one place.

The XML and JSON codecs, the generated fast path (``faxstatus/models/fastpath.py``) and the
strategies all read these tables, so a type the generator accepts is checked the same way
everywhere. Imports nothing of faxstatus but ``_contract`` (the integer ranges, booleans and
white space): it sits at the bottom, below the models.

Python values (schema/README.md, "Built-in types"):

=================================  ==============  ==========================================
XSD type                           Python          JSON form
=================================  ==============  ==========================================
string                             ``str``         string
boolean                            ``bool``        ``true``/``false``
int, long, short, unsignedInt,     ``int``         integer (range checked)
unsignedLong
double                             ``float``       number; ``"INF"``, ``"-INF"``, ``"NaN"``
decimal                            ``Decimal``     string in the XSD lexical form (exact);
                                                   an integer is accepted on decode
dateTime, date                     ``str``         string; the XSD lexical form, checked
base64Binary                       ``bytes``       string, base64
=================================  ==============  ==========================================

dateTime and date stay strings: Python's ``datetime`` cannot hold every XSD value (years past
9999, ``24:00:00``, more than six fractional digits) and would not give the bytes back.
"""

from __future__ import annotations

import math
import re
from typing import Any

# Absolute, not relative: codegen/layout.py loads this file by path, outside the package.
from faxstatus._contract import INT_RANGES, XML_WHITESPACE, XSD_BOOLEAN

__all__ = [
    "INT_RANGES",
    "SUPPORTED",
    "format_text",
    "from_json",
    "parse_text",
    "python_type",
    "to_json",
]

#: Every built-in type the generator accepts.
SUPPORTED = frozenset(
    {"string", "boolean", "double", "decimal", "dateTime", "date", "base64Binary", *INT_RANGES}
)

_WS = XML_WHITESPACE
_INT_RE = re.compile(r"[+-]?[0-9]+\Z")
_BOOL = XSD_BOOLEAN
_DOUBLE_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?\Z")
_DOUBLE_SPECIAL = {"INF": math.inf, "-INF": -math.inf, "NaN": math.nan}
_DECIMAL_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\Z")
_ZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = r"(-?([1-9][0-9]{3,}|0[0-9]{3}))-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_DATE_RE = re.compile(_DATE + _ZONE + r"\Z")
_DATETIME_RE = re.compile(
    _DATE
    + r"T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
    + _ZONE
    + r"\Z"
)
_B64_WS = re.compile(r"[ \t\n\r]+")

# decimal, base64 and binascii are imported where a value of their type is met: a decode
# of the status messages (no xsd:decimal, no xsd:base64Binary) starts without them.
_PYTHON = {
    "string": str,
    "boolean": bool,
    "double": float,
    "dateTime": str,
    "date": str,
    "base64Binary": bytes,
}


def python_type(xsd: str) -> type[Any]:
    """The Python type that holds values of built-in *xsd*."""
    if xsd == "decimal":
        from decimal import Decimal  # noqa: PLC0415 - start-up

        return Decimal
    return _PYTHON.get(xsd, int)


def _check_day(m: re.Match[str]) -> bool:
    year, month, day = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if year == 0:  # XSD Part 2 §3.2.7 (XSD 1.0): there is no year 0000
        return False
    if month == 2 and day == 29:
        # The Gregorian rule, as calendar.isleap computes it (no import for one line).
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def parse_text(xsd: str, text: str) -> Any:
    """The value of element text *text* for built-in *xsd*; ValueError saying why not."""
    if xsd == "string":
        return text
    t = text.strip(_WS)
    if xsd in INT_RANGES:
        if _INT_RE.match(t) is None:
            raise ValueError(f"{text[:40]!r} is not an xsd:{xsd}")
        if len(t.lstrip("+-").lstrip("0")) > 20:  # past any 64-bit value and int()'s limit
            raise ValueError(f"{t[:24]}… is outside the xsd:{xsd} range")
        number = int(t)
        lo, hi = INT_RANGES[xsd]
        if not lo <= number <= hi:
            raise ValueError(f"{number} is outside the xsd:{xsd} range")
        return number
    if xsd == "boolean":
        value = _BOOL.get(t)
        if value is None:
            raise ValueError(f"{text[:40]!r} is not an xsd:boolean")
        return value
    if xsd == "double":
        special = _DOUBLE_SPECIAL.get(t)
        if special is not None:
            return special
        if _DOUBLE_RE.match(t) is None:
            raise ValueError(f"{text[:40]!r} is not an xsd:double")
        return float(t)
    if xsd == "decimal":
        if _DECIMAL_RE.match(t) is None:
            raise ValueError(f"{text[:40]!r} is not an xsd:decimal")
        from decimal import Decimal  # noqa: PLC0415 - start-up

        return Decimal(t)
    if xsd in ("dateTime", "date"):
        m = (_DATETIME_RE if xsd == "dateTime" else _DATE_RE).match(t)
        if m is None or not _check_day(m):
            raise ValueError(f"{text[:40]!r} is not an xsd:{xsd}")
        return t
    if xsd == "base64Binary":
        import base64  # noqa: PLC0415 - start-up
        import binascii  # noqa: PLC0415 - start-up

        try:
            return base64.b64decode(_B64_WS.sub("", t), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{text[:40]!r} is not xsd:base64Binary") from None
    raise ValueError(f"xsd:{xsd} is not a supported type")


def format_text(xsd: str, value: Any) -> str:
    """The lexical form of *value* for built-in *xsd*; TypeError or ValueError saying why not.

    Strings are returned unescaped: the caller escapes them for XML.
    """
    if xsd == "string":
        if not isinstance(value, str):
            raise TypeError(f"expected str, got {type(value).__name__}")
        return value
    if xsd in INT_RANGES:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"expected int, got {type(value).__name__}")
        lo, hi = INT_RANGES[xsd]
        if not lo <= value <= hi:
            raise ValueError(f"{value} is outside the xsd:{xsd} range")
        return str(value)
    if xsd == "boolean":
        if not isinstance(value, bool):
            raise TypeError(f"expected bool, got {type(value).__name__}")
        return "true" if value else "false"
    if xsd == "double":
        if not isinstance(value, float | int) or isinstance(value, bool):
            raise TypeError(f"expected float, got {type(value).__name__}")
        f = float(value)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "INF" if f > 0 else "-INF"
        return repr(f)
    if xsd == "decimal":
        from decimal import Decimal  # noqa: PLC0415 - start-up

        if not isinstance(value, Decimal | int) or isinstance(value, bool):
            raise TypeError(f"expected Decimal, got {type(value).__name__}")
        d = Decimal(value)
        if not d.is_finite():
            raise ValueError(f"{d} is not an xsd:decimal")
        return format(d, "f")
    if xsd in ("dateTime", "date"):
        if not isinstance(value, str):
            raise TypeError(f"expected str, got {type(value).__name__}")
        m = (_DATETIME_RE if xsd == "dateTime" else _DATE_RE).match(value)
        if m is None or not _check_day(m):
            raise ValueError(f"{value[:40]!r} is not an xsd:{xsd}")
        return value
    if xsd == "base64Binary":
        if not isinstance(value, bytes):
            raise TypeError(f"expected bytes, got {type(value).__name__}")
        import base64  # noqa: PLC0415 - start-up

        return base64.b64encode(value).decode("ascii")
    raise ValueError(f"xsd:{xsd} is not a supported type")


def _json_kind(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def from_json(xsd: str, value: Any) -> Any:
    """The value of JSON *value* for built-in *xsd*; TypeError or ValueError saying why not."""
    t = type(value)
    if xsd == "string":
        if t is not str:
            raise TypeError(f"must be a string, not {_json_kind(value)}")
        return value
    if xsd in INT_RANGES:
        if t is not int:
            raise TypeError(f"must be an integer, not {_json_kind(value)}")
        lo, hi = INT_RANGES[xsd]
        if not lo <= value <= hi:
            raise ValueError(f"{value} is outside the xsd:{xsd} range")
        return value
    if xsd == "boolean":
        if t is not bool:
            raise TypeError(f"must be true or false, not {_json_kind(value)}")
        return value
    if xsd == "double":
        if t is float:
            return value
        if t is int:
            try:
                return float(value)
            except OverflowError:  # an integer past the largest double (JSON has no limit)
                raise ValueError("an integer outside the xsd:double range") from None
        if t is str and value in _DOUBLE_SPECIAL:
            return _DOUBLE_SPECIAL[value]
        raise TypeError(f"must be a number (or INF, -INF, NaN), not {_json_kind(value)}")
    if xsd == "decimal":
        if t is int:
            from decimal import Decimal  # noqa: PLC0415 - start-up

            return Decimal(value)
        if t is not str:
            raise TypeError(f"must be a string holding an xsd:decimal, not {_json_kind(value)}")
        return parse_text("decimal", value) if value == value.strip(_WS) else _bad(xsd, value)
    if xsd in ("dateTime", "date", "base64Binary"):
        if t is not str:
            raise TypeError(f"must be a string, not {_json_kind(value)}")
        return parse_text(xsd, value) if value == value.strip(_WS) else _bad(xsd, value)
    raise ValueError(f"xsd:{xsd} is not a supported type")


def _bad(xsd: str, value: str) -> Any:
    raise ValueError(f"{value[:40]!r} is not an xsd:{xsd}")


def to_json(xsd: str, value: Any) -> Any:
    """The JSON value for *value* of built-in *xsd*; TypeError or ValueError saying why not."""
    if xsd in ("string", "boolean") or xsd in INT_RANGES:
        format_text(xsd, value)  # type and range checks
        return value
    if xsd == "double":
        text = format_text(xsd, value)
        return text if text in _DOUBLE_SPECIAL else float(value)
    return format_text(xsd, value)
