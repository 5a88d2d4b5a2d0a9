"""faxstatus describe: operations, bindings, types and sample requests of a service description."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import faxstatus
from faxstatus.cli._describe import load_description, sample_request
from faxstatus.models import layout
from faxstatus.simulator import SimulatorServer

from ..support.cli import run_cli as run
from ..support.paths import ROOT
from ..support.rawserver import RawServer, response
from ..support.vendor import vendor_operations

VENDOR = ROOT / "schema" / "vendor" / "FaxWS-gsoap.wsdl"
#: The vendor file's operations, read from its portType by tests/support/vendor.py (lxml),
#: independently of describe's reader: they follow the file when the vendor's WSDL changes.
VENDOR_OPERATIONS = set(vendor_operations())

pytestmark = pytest.mark.usefixtures("clean_env")


def test_the_vendor_wsdl_lists_every_one_of_its_operations(capsys):
    code, out, err = run(capsys, "describe", str(VENDOR))
    assert (code, err) == (0, "")
    listed = {
        line.split(":")[0].strip()
        for line in out.splitlines()
        if line.startswith("  ") and not line.startswith("   ") and ": FaxWS (SOAP 1.1" in line
    }
    assert listed == VENDOR_OPERATIONS
    assert f"{len(VENDOR_OPERATIONS)} operation(s):" in out
    assert (
        "  service FaxWS, port FaxWS: binding FaxWS, SOAP 1.1, at https://ws.concordfax.com/fax/v5"
        in out
    )


def test_json_gives_fields_with_type_occurrence_and_nillable(capsys):
    code, out, _ = run(capsys, "describe", str(VENDOR), "--json")
    assert code == 0
    doc = json.loads(out)
    assert {op["name"] for op in doc["operations"]} == VENDOR_OPERATIONS
    ex = next(op for op in doc["operations"] if op["name"] == "GetRealTimeFaxStatusEx")
    assert ex["bindings"] == [{"name": "FaxWS", "soap": "1.1", "action": ""}]
    assert ex["requestFields"][2] == {
        "name": "FaxJobIds",
        "type": "FaxJobIds",
        "minOccurs": 1,
        "maxOccurs": 1,
        "nillable": False,
    }
    assert doc["types"]["FaxJobIds"] == [
        {
            "name": "item",
            "type": "FaxJobId",
            "minOccurs": 0,
            "maxOccurs": "unbounded",
            "nillable": True,
        }
    ]


def test_the_packaged_schema_matches_the_layout_table():
    d, where = load_description(None)
    assert where == "the packaged schema"
    assert [op.name for op in d.operations] == [op["name"] for op in layout.OPERATIONS]
    for op in d.operations:
        assert {b.name for b in op.bindings} == {"FaxWS", "FaxWS12"}
        assert {b.soap for b in op.bindings} == {"1.1", "1.2"}
    for name, (_, _, fields) in layout.TYPES.items():
        assert [
            (f.name, f.type, f.min_occurs, f.max_occurs, f.nillable) for f in d.types[name]
        ] == [(n, t, lo, hi, nil) for n, _, t, lo, hi, nil in fields]


@pytest.mark.parametrize("content_type", ["soap12", "soap11", "xml", "json"])
def test_every_sample_request_decodes_as_its_operation(content_type):
    d, _ = load_description(None)
    for op in d.operations:
        headers, body = sample_request(d, op, content_type)
        msg = faxstatus.decode(body.encode(), headers["Content-Type"])
        assert isinstance(msg, faxstatus.Message), op.name
        assert (msg.operation.name, msg.direction.name) == (op.name, "REQUEST")


def test_operation_prints_its_samples_and_an_unknown_one_is_named(capsys):
    code, out, _ = run(capsys, "describe", "--operation", "CheckService")
    assert code == 0 and "1 operation(s):" in out
    assert "    sample request, soap11:\n      Content-Type: text/xml; charset=utf-8\n" in out
    code, out, err = run(capsys, "describe", "--operation", "Nope")
    assert (code, out) == (1, "")
    assert err.startswith("faxstatus: the packaged schema: no operation 'Nope' (it has ")


def test_a_url_is_fetched_with_its_imported_schema(capsys, server: SimulatorServer):
    code, out, err = run(capsys, "describe", f"{server.url}?wsdl", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert len(doc["operations"]) == len(layout.OPERATIONS) and doc["notes"] == []
    assert doc["typesNamespace"] == layout.NAMESPACE


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"<a/>", "not a WSDL 1.1 document (its root is a)"),
        (b"<definitions", "malformed XML"),
        (b'<!DOCTYPE d [<!ENTITY e "x">]><d/>', "document type declarations are not allowed"),
    ],
)
def test_what_is_not_a_wsdl_is_one_line(capsys, tmp_path, data, what):
    path = tmp_path / "x.wsdl"
    path.write_bytes(data)
    code, out, err = run(capsys, "describe", str(path))
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert err.startswith(f"faxstatus: {path}: ") and what in err, err


def trickling() -> Iterator[bytes | float]:
    """A ?wsdl answer that arrives a byte every 0.1 s: 90 s in all."""
    yield b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 900\r\n\r\n"
    for _ in range(900):
        yield b" "
        yield 0.1


@pytest.mark.slow
def test_timeout_bounds_the_whole_fetch_and_exits_124(capsys):
    with RawServer(trickling, give_up=60) as srv:
        url = f"{srv.url}?wsdl"
        code, out, err = run(capsys, "describe", url, "--timeout", "1")
    assert (code, out) == (124, "")
    assert err.startswith(f"faxstatus: {url}: ") and "(--timeout 1)" in err


def test_a_description_too_large_is_refused_while_it_is_read(capsys):
    from faxstatus._contract import DEFAULT_MAX_BYTES

    big = response(b" " * (DEFAULT_MAX_BYTES + 1), headers=())
    with RawServer(lambda: [big]) as srv:
        code, out, err = run(capsys, "describe", f"{srv.url}?wsdl")
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert "cap" in err, err


def test_an_import_from_another_origin_is_not_fetched(capsys, tmp_path):
    wsdl = (
        b'<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" '
        b'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><types><xsd:schema>'
        b'<xsd:import schemaLocation="http://203.0.113.9/x.xsd"/></xsd:schema></types></definitions>'
    )
    with RawServer(lambda: [response(wsdl)]) as srv:
        url = f"{srv.url}?wsdl"
        code, _, err = run(capsys, "describe", url)
    assert code == 1
    assert err == (
        f"faxstatus: {url}: the schema http://203.0.113.9/x.xsd is on another origin; not fetched\n"
    )


def test_cacert_must_name_a_readable_file(capsys, tmp_path):
    code, out, err = run(
        capsys, "describe", "https://127.0.0.1:1/?wsdl", "--cacert", str(tmp_path / "no.pem")
    )
    assert (code, out) == (2, "") and "--cacert" in err
