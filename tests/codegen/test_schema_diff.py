"""make schema-diff: a vendor WSDL (types inline, gSOAP style) against schema/, field by field."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from ..support.paths import ROOT, TESTS

DIFF = ROOT / "codegen" / "schema_diff.py"
FIXTURES = TESTS / "schema_diff"


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A schema/-shaped folder for the agreeing fixture: its inline types as faxws.xsd.

    The fixtures are compared with this baseline rather than with schema/, so that they stay
    valid when the vendor's schema (and so schema/) changes.
    """
    folder: Path = tmp_path_factory.mktemp("baseline")
    wsdl = FIXTURES / "faxws-gsoap-style.wsdl"
    root = etree.parse(str(wsdl)).getroot()
    (schema,) = root.iter("{http://www.w3.org/2001/XMLSchema}schema")
    (folder / "faxws.xsd").write_bytes(etree.tostring(schema))
    shutil.copyfile(wsdl, folder / "faxws.wsdl")
    return folder


def _run(wsdl: Path, schema: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--schema", str(schema)] if schema is not None else []
    return subprocess.run(
        [sys.executable, str(DIFF), str(wsdl), *extra], capture_output=True, text=True, check=False
    )


def test_schema_folder_agrees_with_itself():
    """schema/faxws.wsdl (types imported from faxws.xsd) against schema/: no difference."""
    proc = _run(ROOT / "schema" / "faxws.wsdl")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not [x for x in proc.stdout.splitlines() if x.startswith("note:")]


def test_agreeing_wsdl_exits_0(baseline):
    proc = _run(FIXTURES / "faxws-gsoap-style.wsdl", baseline)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "agree" in proc.stdout.splitlines()[-1]


def test_a_subset_of_operations_gives_notes_not_differences(baseline, tmp_path):
    text = (FIXTURES / "faxws-gsoap-style.wsdl").read_text()
    for pattern in (
        r' <operation name="CheckService">.*?</operation>\n',
        r'<message name="CheckService(Response)?">.*?</message>\n',
    ):
        text = re.sub(pattern, "", text, flags=re.S)
    wsdl = tmp_path / "subset.wsdl"
    wsdl.write_text(text)
    proc = _run(wsdl, baseline)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "note: operation CheckService: not in subset.wsdl (not compared)" in proc.stdout


def test_changed_wsdl_is_reported_field_by_field(baseline):
    proc = _run(FIXTURES / "faxws-gsoap-changed.wsdl", baseline)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    for expected in (
        "type WSError: ErrorString nillable false -> true",
        "type RealTimeFaxStatusEx3: + FaxPriority xsd:int minOccurs=0 (after FaxDeliveryAttempts)",
        "type RealTimeFaxStatusEx3: FaxDeliveryAttempts type xsd:int -> xsd:unsignedInt",
        "type RealTimeFaxStatusEx3: order ReferenceId, FaxNumber -> FaxNumber, ReferenceId",
    ):
        assert expected in lines, proc.stdout
    assert any(x.startswith("+ operation GetRealTimeFaxStatusEx4 ") for x in lines)
    assert any(
        x.startswith("+ type RealTimeFaxStatusEx4: ") and "FaxCost xsd:decimal" in x for x in lines
    )
    assert lines[-1] == "schema-diff: 9 difference(s) between faxws-gsoap-changed.wsdl and schema/"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '<element name="JobId" type="xsd:string" minOccurs="1" maxOccurs="1"/>',
            '<element name="JobId" type="xsd:string" minOccurs="0" maxOccurs="1"/>',
            "type FaxJobId: JobId minOccurs 1 -> 0",
        ),
        (
            '<element name="FaxJobStatusId" type="xsd:int" minOccurs="1" maxOccurs="1"/>',
            '<element name="FaxJobStatusId" type="xsd:int" minOccurs="1" maxOccurs="3"/>',
            "type RealTimeFaxStatusEx: FaxJobStatusId maxOccurs 1 -> 3",
        ),
        (
            '<element name="RemoteFaxCSID" type="xsd:string" minOccurs="1" maxOccurs="1"/>',
            "",
            "type RealTimeFaxStatusEx: - RemoteFaxCSID",
        ),
        (
            '<part name="parameters" element="ns1:SimpleFaxStatusResponse"/>',
            '<part name="parameters" element="ns1:CheckServiceResponse"/>',
            "operation SimpleGetFaxStatus: response element SimpleFaxStatusResponse -> "
            "CheckServiceResponse",
        ),
        (
            '<SOAP:operation soapAction=""/>',
            '<SOAP:operation soapAction="urn:FaxWS#Status"/>',
            "operation GetRealTimeFaxStatusEx: soapAction '' -> 'urn:FaxWS#Status'",
        ),
        (
            '<element name="ErrorCode" type="xsd:int" minOccurs="1" maxOccurs="1"/>',
            '<element name="ErrorCode" type="xsd:int" minOccurs="1" maxOccurs="1"/>'
            '<attribute name="x" type="xsd:string"/>',
            "type WSError: cannot be read in vendor.wsdl:",
        ),
    ],
)
def test_each_kind_of_change(baseline, tmp_path, old, new, expected):
    text = (FIXTURES / "faxws-gsoap-style.wsdl").read_text()
    assert old in text
    wsdl = tmp_path / "vendor.wsdl"
    wsdl.write_text(text.replace(old, new, 1))
    proc = _run(wsdl, baseline)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert any(line.startswith(expected) for line in proc.stdout.splitlines()), proc.stdout


def test_unreadable_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.wsdl"
    bad.write_text("<definitions")
    proc = _run(bad)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert re.match(r"schema-diff: ", proc.stderr)


def test_imports_and_includes_are_followed_relative_to_each_file(tmp_path):
    # x.wsdl imports ../types/top.xsd, which only includes the real types: both are read.
    (tmp_path / "wsdl").mkdir()
    (tmp_path / "types").mkdir()
    wsdl = (ROOT / "schema" / "faxws.wsdl").read_text()
    assert 'schemaLocation="faxws.xsd"' in wsdl
    moved = tmp_path / "wsdl" / "x.wsdl"
    moved.write_text(
        wsdl.replace('schemaLocation="faxws.xsd"', 'schemaLocation="../types/top.xsd"')
    )
    (tmp_path / "types" / "top.xsd").write_text(
        '<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:FaxWS">'
        '<include schemaLocation="faxws.xsd"/></schema>'
    )
    shutil.copyfile(ROOT / "schema" / "faxws.xsd", tmp_path / "types" / "faxws.xsd")
    r = _run(moved)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "agree" in r.stdout
    # a schemaLocation that is a URL is refused in one line: nothing is fetched
    moved.write_text(
        wsdl.replace('schemaLocation="faxws.xsd"', 'schemaLocation="https://example.com/t.xsd"')
    )
    r = _run(moved)
    assert r.returncode == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert "only local files are followed, not URLs" in r.stderr
