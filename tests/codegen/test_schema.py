"""schema/: the XSD and WSDL against the contract tables and two outside consumers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xmlschema
import zeep
from lxml import etree

from faxstatus.codec import FAXWS_NS, OPERATIONS, WSDL_NS

from ..support.contract_tables import CONTRACT, NAMESPACE, OCCURS
from ..support.paths import ROOT

XSD = ROOT / "schema" / "faxws.xsd"
WSDL = ROOT / "schema" / "faxws.wsdl"
XS = "{http://www.w3.org/2001/XMLSchema}"
W = "{http://schemas.xmlsoap.org/wsdl/}"


#: The vendor's own WSDL (schema/README.md): the oracle for every declaration the contract
#: tables (tests/support/contract_tables.py) do not transcribe (sending, cancelling,
#: broadcasts, account settings).
VENDOR = ROOT / "schema" / "vendor" / "FaxWS-gsoap.wsdl"


def _vendor_schema() -> Any:
    root = etree.parse(str(VENDOR)).getroot()
    (schema,) = [s for s in root.iter(f"{XS}schema") if s.get("targetNamespace") == FAXWS_NS]
    return schema


def _schema_tables(root: Any = None) -> dict[str, list[tuple[Any, ...]]]:
    root = etree.parse(str(XSD)).getroot() if root is None else root
    out = {}
    for owner in root:
        if not isinstance(owner.tag, str) or owner.get("name") is None:
            continue
        rows = []
        for el in owner.iter(f"{XS}element"):
            if el is owner:
                continue
            rows.append(
                (
                    el.get("name"),
                    str(el.get("type")).split(":")[1],
                    el.get("minOccurs"),
                    el.get("maxOccurs"),
                    el.get("nillable"),
                    el.get("default"),
                )
            )
        out[str(owner.get("name"))] = rows
    return out


def test_xsd_loads_in_lxml_and_xmlschema():
    etree.XMLSchema(etree.parse(str(XSD)))
    schema = xmlschema.XMLSchema(str(XSD))
    assert schema.target_namespace == NAMESPACE
    assert schema.element_form_default == "qualified"
    assert schema.attribute_form_default == "qualified"


def test_xsd_matches_every_contract_table():
    tables = _schema_tables()
    assert set(CONTRACT) <= set(tables)
    for owner, fields in CONTRACT.items():
        assert [(n, t) for n, t, *_ in tables[owner]] == fields, owner


def test_xsd_holds_the_vendor_file_and_the_contract_only():
    # schema/ is the vendor's whole published contract: every declaration of its WSDL, as
    # written there (occurrence, nillable, default= included), plus the contract's Ex3.
    tables, vendor = _schema_tables(), _schema_tables(_vendor_schema())
    assert set(tables) == set(vendor) | set(CONTRACT)
    for owner, rows in vendor.items():
        assert tables[owner] == rows, owner


def test_occurrence_and_nillable_follow_the_contract():
    for owner, rows in _schema_tables().items():
        if owner not in CONTRACT:
            continue  # the vendor's own declarations: test_xsd_holds_the_vendor_file_and_...
        for name, _type, lo, hi, nillable, default in rows:
            assert default is None, (owner, name)
            found = (
                int(lo or 1),
                "unbounded" if hi == "unbounded" else int(hi or 1),
                nillable in ("true", "1"),
            )
            # Every list item is optional, repeated and nillable; every scalar and every
            # nested type is exactly once and not nillable, unless the contract says otherwise.
            rule = (0, "unbounded", True) if name == "item" else (1, 1, False)
            assert found == OCCURS.get((owner, name), rule), (owner, name)


def test_operation_table_agrees_with_wsdl():
    root = etree.parse(str(WSDL)).getroot()
    assert root.get("targetNamespace") == WSDL_NS
    messages = {
        m.get("name"): m.find(f"{W}part").get("element").split(":")[1]
        for m in root.iter(f"{W}message")
    }
    port_type = root.find(f"{W}portType")
    ops = {}
    for op in port_type.iter(f"{W}operation"):
        ops[op.get("name")] = (
            messages[op.find(f"{W}input").get("message").split(":")[1]],
            messages[op.find(f"{W}output").get("message").split(":")[1]],
        )
    expected = {o.name: (o.request_element, o.response_element) for o in OPERATIONS.values()}
    assert ops == expected


def test_bindings_are_document_literal_with_empty_soap_action():
    root = etree.parse(str(WSDL)).getroot()
    bindings = {b.get("name"): b for b in root.iter(f"{W}binding")}
    assert set(bindings) == {"FaxWS", "FaxWS12"}
    for name, ns in (
        ("FaxWS", "http://schemas.xmlsoap.org/wsdl/soap/"),
        ("FaxWS12", "http://schemas.xmlsoap.org/wsdl/soap12/"),
    ):
        b = bindings[name]
        assert b.find(f"{{{ns}}}binding").get("style") == "document"
        actions = [o.get("soapAction") for o in b.iter(f"{{{ns}}}operation")]
        assert actions == [""] * len(OPERATIONS)
        assert {x.get("use") for x in b.iter(f"{{{ns}}}body")} == {"literal"}


@pytest.fixture(scope="module")
def zeep_client() -> zeep.Client:
    return zeep.Client(str(WSDL))


def test_zeep_sees_all_operations_on_both_bindings(zeep_client):
    service = zeep_client.wsdl.services["FaxWS"]
    kinds = {}
    for port in service.ports.values():
        kinds[port.name] = type(port.binding).__name__
        assert set(port.binding._operations) == set(OPERATIONS)
        assert port.binding_options["address"] == "https://ws.concordfax.com/fax/v5"
    assert kinds == {"FaxWS": "Soap11Binding", "FaxWS12": "Soap12Binding"}


@pytest.mark.parametrize("port", ["FaxWS", "FaxWS12"])
def test_zeep_request_validates_against_xsd(zeep_client, port):
    binding = zeep_client.wsdl.services["FaxWS"].ports[port].binding
    proxy = zeep_client.bind("FaxWS", port)
    envelope = zeep_client.create_message(
        proxy,
        "GetRealTimeFaxStatusEx",
        UserID="mbx1234567890",
        strPIN="",
        FaxJobIds={"item": [{"JobId": "br1"}, {"JobId": "JRI-REF1"}]},
    )
    body = envelope.find(f"{{{binding.nsmap['soap-env']}}}Body")
    payload = body[0]
    assert payload.tag == f"{{{FAXWS_NS}}}GetRealTimeFaxStatusEx"
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(etree.ElementTree(payload))


def test_packaged_schema_copies_are_current():
    for name in ("faxws.xsd", "faxws.wsdl"):
        packaged = ROOT / "faxstatus" / "models" / name
        assert packaged.read_bytes() == (ROOT / "schema" / name).read_bytes(), name


def test_wsdl_path_is_relative_import():
    # zeep resolves faxws.xsd next to the WSDL; the import must stay relative.
    assert 'schemaLocation="faxws.xsd"' in Path(WSDL).read_text()
