"""faxstatus._xsd: lexical forms and ranges of the XSD built-ins the generator accepts."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from faxstatus._xsd import INT_RANGES, SUPPORTED, format_text, from_json, parse_text, to_json


@pytest.mark.parametrize(
    ("xsd", "text", "value"),
    [
        ("int", " +0042\n", 42),
        ("short", "-32768", -(2**15)),
        ("unsignedInt", "4294967295", 2**32 - 1),
        ("unsignedLong", "18446744073709551615", 2**64 - 1),
        ("boolean", " 1 ", True),
        ("double", "1.5E3", 1500.0),
        ("double", "-INF", -math.inf),
        ("decimal", "-.50", Decimal("-0.50")),
        ("dateTime", " 2026-11-26T09:15:02.5+05:30 ", "2026-11-26T09:15:02.5+05:30"),
        ("dateTime", "2024-02-29T24:00:00Z", "2024-02-29T24:00:00Z"),
        ("date", "2026-11-26", "2026-11-26"),
        ("base64Binary", "ZmF4\nAA==", b"fax\x00"),
    ],
)
def test_valid_lexical_forms(xsd, text, value):
    assert parse_text(xsd, text) == value


@pytest.mark.parametrize(
    ("xsd", "text"),
    [
        ("int", "2147483648"),
        ("short", "32768"),
        ("unsignedInt", "-1"),
        ("unsignedLong", "18446744073709551616"),
        ("long", "1" * 30),
        ("int", "1_000"),
        ("boolean", "yes"),
        ("double", "1e"),
        ("double", "inf"),
        ("decimal", "1e3"),
        ("dateTime", "2026-02-30T00:00:00Z"),
        ("dateTime", "2026-11-26 09:15:02"),
        ("dateTime", "0000-01-01T00:00:00"),
        ("date", "2023-02-29"),
        ("base64Binary", "abc"),
    ],
)
def test_invalid_lexical_forms(xsd, text):
    with pytest.raises(ValueError, match=f"xsd:{xsd}"):
        parse_text(xsd, text)


def test_format_and_json_round_trip_every_type():
    samples = {
        "string": "a&b",
        "boolean": False,
        "double": 0.1,
        "decimal": Decimal("12.50"),
        "dateTime": "2026-11-26T09:15:02Z",
        "date": "2026-11-26",
        "base64Binary": b"\x00\xff",
        **{k: hi for k, (_, hi) in INT_RANGES.items()},
    }
    assert set(samples) == SUPPORTED
    for xsd, value in samples.items():
        assert parse_text(xsd, format_text(xsd, value)) == value
        assert from_json(xsd, to_json(xsd, value)) == value


def test_json_forms():
    assert to_json("decimal", Decimal("1.10")) == "1.10"
    assert from_json("decimal", 3) == Decimal(3)
    assert to_json("double", math.inf) == "INF"
    assert math.isnan(from_json("double", "NaN"))
    with pytest.raises(TypeError):
        from_json("int", True)
    with pytest.raises(TypeError):
        from_json("decimal", 1.5)  # a float would not be exact
    with pytest.raises(ValueError, match="range"):
        to_json("unsignedInt", -1)
    # A JSON integer past the largest double is refused, not an OverflowError escaping.
    assert from_json("double", 2**1023) == float(2**1023)
    with pytest.raises(ValueError, match="outside the xsd:double range"):
        from_json("double", 2**1024)


@pytest.mark.parametrize(
    "year", [1, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 2400, 12024, -4, -100]
)
def test_a_leap_day_is_valid_exactly_in_the_years_calendar_calls_leap(year):
    import calendar

    text = f"{year:05d}-02-29" if year < 0 else f"{year:04d}-02-29"
    try:
        parse_text("date", text)
        valid = True
    except ValueError:
        valid = False
    assert valid is calendar.isleap(year)
