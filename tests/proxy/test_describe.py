"""Service descriptions the proxy relays: only endpoint origins change, every other byte stays."""

from __future__ import annotations

import pytest

from faxstatus.proxy._describe import is_description, rewrite_description

from ..support.paths import ROOT

UP = "http://127.0.0.1:5000"
ME = "http://127.0.0.1:9"


def test_every_address_of_the_shipped_wsdl_names_the_proxy_and_nothing_else_changes():
    wsdl = (ROOT / "schema" / "faxws.wsdl").read_bytes()
    out, changed = rewrite_description(wsdl, ME, UP)
    locations = [old for old, _ in changed]
    assert len(locations) == wsdl.count(b"address location=") >= 2
    assert all(new.startswith(ME + "/") or new == ME for _, new in changed)
    # Undo the substitution: the document is the original byte for byte.
    back = out
    for old, new in changed:
        back = back.replace(new.encode(), old.encode(), 1)
    assert back == wsdl


@pytest.mark.parametrize("quote", ['"', "'"])
def test_soap_and_soap12_addresses_keep_path_query_and_escapes(quote):
    doc = (
        f"<w:port><soap:address location={quote}https://ws.concordfax.com/fax/v5{quote}/>"
        f"<soap12:address  location = {quote}http://h:1/p?a=1&amp;b{quote} /></w:port>"
    ).encode()
    out, changed = rewrite_description(doc, ME, UP)
    assert (
        out
        == (
            f"<w:port><soap:address location={quote}{ME}/fax/v5{quote}/>"
            f"<soap12:address  location = {quote}{ME}/p?a=1&amp;b{quote} /></w:port>"
        ).encode()
    )
    assert len(changed) == 2


def test_imports_move_only_when_they_name_the_upstream():
    doc = (
        f'<xs:import namespace="urn:FaxWS" schemaLocation="{UP}/fax/v5?xsd"/>'
        '<xs:import schemaLocation="http://127.0.0.1:5000x/other.xsd"/>'
        '<xs:include schemaLocation="http://elsewhere.example/a.xsd"/>'
        '<xs:include schemaLocation="relative.xsd"/>'
        '<wsdl:import location="http://127.0.0.1:5000/more.wsdl"/>'
    ).encode()
    out, changed = rewrite_description(doc, ME, UP)
    assert out == doc.replace(b'"' + UP.encode() + b"/", b'"' + ME.encode() + b"/")
    assert [new for _, new in changed] == [f"{ME}/fax/v5?xsd", f"{ME}/more.wsdl"]


def test_default_ports_are_the_same_origin():
    doc = b'<xs:import schemaLocation="https://ws.concordfax.com:443/fax/v5?xsd"/>'
    out, changed = rewrite_description(doc, ME, "https://WS.concordfax.com")
    assert out == b'<xs:import schemaLocation="' + ME.encode() + b'/fax/v5?xsd"/>'
    assert len(changed) == 1


def test_a_wsdl_2_endpoint_address_names_the_proxy():
    doc = b'<endpoint name="e" binding="tns:b" address="https://ws.concordfax.com/fax/v5"/>'
    out, _ = rewrite_description(doc, ME, UP)
    assert out == b'<endpoint name="e" binding="tns:b" address="' + ME.encode() + b'/fax/v5"/>'


def test_a_document_without_addresses_comes_back_as_it_is():
    doc = b'<?xml version="1.0"?><xs:schema><xs:element name="location"/></xs:schema>'
    assert rewrite_description(doc, ME, UP) == (doc, [])


@pytest.mark.parametrize(
    ("method", "target", "expected"),
    [
        ("GET", "/fax/v5?wsdl", True),
        ("GET", "/fax/v5?WSDL", True),
        ("HEAD", "/fax/v5?xsd", True),
        ("GET", "/Service.svc?singleWsdl", True),
        ("GET", "/svc?wsdl=wsdl0", True),
        ("GET", "/schema/faxws.xsd", True),
        ("GET", "/fax/v5", False),
        ("POST", "/fax/v5?wsdl", False),
        ("GET", "/fax/v5?x=wsdl", False),
    ],
)
def test_which_requests_ask_for_a_description(method, target, expected):
    assert is_description(method, target) is expected
