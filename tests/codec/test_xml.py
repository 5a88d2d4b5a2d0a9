"""faxstatus.codec._xml: parsing limits, attributes (strict and lenient), text and paths."""

from __future__ import annotations

import pytest

import faxstatus
from faxstatus import DecodeError, DecodeOptions
from faxstatus.codec._xml import element_path, local_name, parse_document

from ..support.paths import VECTORS

RESPONSE = (VECTORS / "GetRealTimeFaxStatusEx" / "soap12" / "response.xml").read_bytes()
CTYPE = "application/soap+xml"
LENIENT = DecodeOptions(strict=False)


def _with_attribute(body: bytes, element: bytes, attribute: bytes) -> bytes:
    start = body.index(b"<", body.index(element) - 20)
    start = body.index(element, start)
    end = body.index(b">", start)
    assert body.count(element) >= 1
    return body[:end] + b" " + attribute + body[end:]


def test_vector_decodes_in_both_modes():
    for options in (DecodeOptions(), LENIENT):
        assert isinstance(faxstatus.decode(RESPONSE, CTYPE, options=options), faxstatus.Message)


def test_unknown_attribute_is_an_error_naming_it_in_strict_mode():
    body = _with_attribute(RESPONSE, b"StatusDescription", b'color="red"')
    with pytest.raises(DecodeError, match="color"):
        faxstatus.decode(body, CTYPE)


def test_lenient_mode_skips_unknown_attributes_and_lists_them():
    body = _with_attribute(RESPONSE, b"StatusDescription", b'color="red"')
    result = faxstatus.decode(body, CTYPE, options=LENIENT)
    assert isinstance(result, faxstatus.Message)
    assert any(path.endswith("StatusDescription/@color") for path in result.skipped)
    clean = faxstatus.decode(RESPONSE, CTYPE, options=LENIENT)
    assert isinstance(clean, faxstatus.Message)
    assert result.payload == clean.payload


def test_xsi_type_is_accepted_and_ignored():
    xsi = b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xsd:string"'
    body = _with_attribute(RESPONSE, b"StatusDescription", xsi)
    result = faxstatus.decode(body, CTYPE)
    assert isinstance(result, faxstatus.Message) and result.skipped == ()


def test_xsi_nil_on_a_field_that_is_not_nillable_is_an_error():
    xsi = b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"'
    body = _with_attribute(RESPONSE, b"StatusDescription", xsi)
    with pytest.raises(DecodeError, match="nil"):
        faxstatus.decode(body, CTYPE)


def test_doctype_is_refused_before_parsing():
    body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'
    with pytest.raises(DecodeError, match="document type"):
        parse_document(body)


def test_size_cap_applies_before_parsing():
    with pytest.raises(DecodeError):
        parse_document(b"<x>" + b" " * 100 + b"</x>", max_bytes=50)
    assert local_name(str(parse_document(b"<x/>", max_bytes=50).tag)) == "x"


def test_malformed_xml_reports_a_position():
    with pytest.raises(DecodeError) as info:
        parse_document(b"<a>\n<b></a>")
    assert info.value.line == 2


def test_element_path_names_positions():
    root = parse_document(b"<r><item/><item><x/></item></r>")
    x = root[1][0]
    assert element_path(x) == "/r/item[2]/x"
