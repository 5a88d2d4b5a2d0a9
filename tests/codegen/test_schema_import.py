"""codegen/schema_import.py (make schema-import): the vendor's WSDL, unmodified, into schema/."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from ..support.paths import ROOT
from ..support.vendor import VENDOR_WSDL, vendor_operations

IMPORT = ROOT / "codegen" / "schema_import.py"
GENERATE = ROOT / "codegen" / "generate.py"


def _run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=False
    )


#: Top-level declarations whose order carries no meaning: WSDL 1.1 §2.1 names messages,
#: portTypes, bindings and services (referenced by QName), XSD Part 1 §3.15 names top-level
#: types and elements. A declaration the maintainer added by hand (README, "After a schema
#: change") sits where they wrote it; the import puts a kept one after the vendor's.
_UNORDERED = {
    "{http://schemas.xmlsoap.org/wsdl/}definitions",
    "{http://www.w3.org/2001/XMLSchema}schema",
}


def _canonical(path: Path) -> bytes:
    """*path*'s XML in canonical form (C14N), white space between elements and comments left out.

    Top-level declarations are sorted by kind and name (their order means nothing), and the
    ``<types>`` wrapper schema's own targetNamespace is left out: the import names it after
    the types' namespace, and nothing references it (its one child imports faxws.xsd).
    """
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True)
    tree = etree.parse(str(path), parser)
    for parent in [tree.getroot(), *tree.getroot().iter("{*}schema")]:
        if parent.tag in _UNORDERED:
            children = sorted(parent, key=lambda e: (str(e.tag), e.get("name") or ""))
            parent[:] = children
    for wrapper in tree.getroot().iterfind("{http://schemas.xmlsoap.org/wsdl/}types/{*}schema"):
        if "targetNamespace" in wrapper.attrib:
            del wrapper.attrib["targetNamespace"]
    return etree.tostring(tree, method="c14n")


def _schema(tmp_path: Path) -> Path:
    out = tmp_path / "schema"
    out.mkdir()
    for name in ("faxws.xsd", "faxws.wsdl"):
        (out / name).write_bytes((ROOT / "schema" / name).read_bytes())
    return out


def test_importing_the_vendor_file_again_changes_nothing(tmp_path):
    # schema/ is what make schema-import makes of the vendor's file (plus the kept Ex3).
    schema = _schema(tmp_path)
    done = _run(IMPORT, str(VENDOR_WSDL), "--schema", str(schema), "--no-generate")
    assert done.returncode == 0, done.stderr
    for name in ("faxws.xsd", "faxws.wsdl"):
        # The same XML, white space between elements and comments aside: a declaration the
        # maintainer added by hand (README, "After a schema change") is laid out as they wrote it.
        assert _canonical(schema / name) == _canonical(ROOT / "schema" / name), name
    # A kept declaration keeps the comment naming its source.
    assert "Known only from a JAX-WS rendering" in (schema / "faxws.xsd").read_text()
    # The unreferenced soap/encoding import is said once, in one short line.
    said = done.stderr.splitlines()
    ignored = [line for line in said if "ignored the import" in line]
    assert len(ignored) == 1 and len(ignored[0]) < 120, said
    assert any("kept" in line and "GetRealTimeFaxStatusEx3" in line for line in said), said


def test_replace_holds_exactly_the_vendor_operations(tmp_path):
    schema = _schema(tmp_path)
    done = _run(IMPORT, str(VENDOR_WSDL), "--schema", str(schema), "--no-generate", "--replace")
    assert done.returncode == 0, done.stderr
    text = (schema / "faxws.wsdl").read_text()
    assert set(re.findall(r'<operation name="([^"]+)">', text)) == set(vendor_operations())
    assert "GetRealTimeFaxStatusEx3" not in text


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        # An enumeration: refused on the field that uses it, naming both.
        (
            (
                '<element name="FaxNumber" type="xsd:string" minOccurs="1" maxOccurs="1"/>',
                '<element name="FaxNumber" type="FaxWS:Kind" minOccurs="1" maxOccurs="1"/>',
            ),
            "field FaxNumber: its type Kind is a simpleType (an enumeration)",
        ),
        # A default that is no value of its type.
        (('default="-1"', 'default="none"'), "field StartRecipientId: default='none'"),
    ],
)
def test_a_refusal_names_type_and_field_in_one_line_and_writes_nothing(tmp_path, edit, needle):
    schema = _schema(tmp_path)
    before = {n: (schema / n).read_bytes() for n in ("faxws.xsd", "faxws.wsdl")}
    vendor = VENDOR_WSDL.read_text().replace(*edit, 1)
    vendor = (
        vendor.replace(
            '<complexType name="FaxJob">',
            '<simpleType name="Kind"><restriction base="xsd:string">'
            '<enumeration value="a"/></restriction></simpleType>\n  <complexType name="FaxJob">',
        )
        if "Kind" in edit[1]
        else vendor
    )
    path = tmp_path / "vendor.wsdl"
    path.write_text(vendor)
    done = _run(IMPORT, str(path), "--schema", str(schema), "--no-generate")
    assert done.returncode == 2
    refusal = [line for line in done.stderr.splitlines() if needle in line]
    assert len(refusal) == 1, done.stderr
    assert {n: (schema / n).read_bytes() for n in before} == before


def test_all_capital_type_names_pass_the_init_check():
    # DID: ruff sorts an all-capital name first in the import while xsdata lists __all__ in
    # its own order; the generator compares the two lists as sets.
    sys.path.insert(0, str(ROOT / "codegen"))
    try:
        generate = importlib.import_module("generate")
    finally:
        sys.path.remove(str(ROOT / "codegen"))
    init = "from .faxws import (\n    DID,\n    ConcordAccount,\n)\n\n"
    init += '__all__ = ["ConcordAccount", "DID"]\n'
    assert sorted(generate._class_names(init)) == ["ConcordAccount", "DID"]
    with pytest.raises(SystemExit, match="differ"):
        generate._class_names('from .faxws import DID\n\n__all__ = ["DID", "Other"]\n')
    assert '"DID"' in (ROOT / "faxstatus" / "models" / "__init__.py").read_text()
    # Another module's import (xsdata's types of an imported namespace): one short line.
    names = ", ".join(f"Name{i}" for i in range(150))
    with pytest.raises(SystemExit) as exc:
        generate._class_names(f"from .soap_encoding import ({names})\n")
    assert "ImportFrom from .soap_encoding (line 1)" in str(exc.value)
    assert len(str(exc.value)) < 160


def _layout() -> Any:
    sys.path.insert(0, str(ROOT / "codegen"))
    try:
        return importlib.import_module("layout")
    finally:
        sys.path.remove(str(ROOT / "codegen"))


def test_an_optional_request_element_keeps_ex3_a_status_operation(tmp_path):
    # A vendor filter on Ex3 (minOccurs="0"): the client need not send it, and the answer
    # still carries job statuses, so Ex3 stays a status operation with its ids in a list.
    schema = _schema(tmp_path)
    xsd = (schema / "faxws.xsd").read_text()
    marker = '<element name="GetRealTimeFaxStatusEx3">'
    head, tail = xsd.split(marker)
    ids = '<element name="FaxJobIds" type="FaxWS:FaxJobIds" minOccurs="1" maxOccurs="1" '
    ids += 'nillable="false"/>'
    tail = tail.replace(
        ids, ids + '\n<element name="Since" type="xsd:string" minOccurs="0" maxOccurs="1"/>', 1
    )
    (schema / "faxws.xsd").write_text(head + marker + tail)
    table = _layout().read(schema)
    ops = {op.name: op for op in table.operations}
    assert "Since" in [f.name for f in table.types["GetRealTimeFaxStatusEx3"].fields]
    ex3 = ops["GetRealTimeFaxStatusEx3"]
    committed = {op.name: op for op in _layout().read(ROOT / "schema").operations}
    listed = committed["GetRealTimeFaxStatusEx3"].list_field
    assert (ex3.ids, ex3.status, ex3.list_field) == ("list", "list", listed)
    assert "GetRealTimeFaxStatusEx3" in _layout().status_operations(table.operations, "list")
    # CancelFax carries one id as SimpleGetFaxStatus does; its boolean answer is no status.
    assert (ops["CancelFax"].ids, ops["CancelFax"].status) == ("single", None)
    assert (ops["SimpleGetFaxStatus"].ids, ops["SimpleGetFaxStatus"].status) == ("single", "single")
