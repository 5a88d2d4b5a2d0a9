"""node-soap graded by the kit through examples/conformance/node_soap_adapter.js."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from faxstatus.cli import main

from ..support.paths import ROOT

ADAPTER = str(ROOT / "examples" / "conformance" / "node_soap_adapter.js")
NODE = shutil.which("node")


def _has_node_soap() -> bool:
    if NODE is None:
        return False
    # The adapter resolves "soap" as node does (its own folder's node_modules, or NODE_PATH).
    probe = [NODE, "-e", "require.resolve('soap')"]
    found = subprocess.run(probe, capture_output=True, cwd=Path(ADAPTER).parent)
    return found.returncode == 0


pytestmark = pytest.mark.skipif(
    not _has_node_soap(),
    reason="node or node-soap absent (npm install soap; NODE_PATH=…/node_modules)",
)
CMD = [str(NODE), ADAPTER]

# What node-soap does differently, each explained. Its reader (wsdl.xmlToObject over sax)
# checks no namespaces, no Envelope structure, no DTDs or entities, and trims text.
NODE_SOAP_DECODER_FAIL_KINDS = (
    "accepted a document that must be rejected",
    "wrong JSON form: $.GetRealTimeFaxStatusEx",  # RemoteFaxCSID "   " read as ""
)


def _run(tmp_path, target, *argv):
    code = main(["conformance", target, "-q", "-o", str(tmp_path), *argv, "--", *CMD])
    return code, json.loads((tmp_path / f"conformance-{target}.json").read_text())


@pytest.mark.slow
def test_node_soap_decoder_is_graded_and_every_fail_explained(tmp_path):
    code, report = _run(tmp_path, "decoder", "--batch", "--numbers-as-strings")
    assert code == 1  # node-soap accepts DOCTYPEs: the run cannot pass
    assert report["adapter_error"] is None  # calibration passed: the plumbing is right
    assert report["coverage_percent"] >= 50
    verdicts = {r["id"]: r for r in report["results"]}
    for r in verdicts.values():
        if r["verdict"] == "fail":
            assert r["detail"].startswith(NODE_SOAP_DECODER_FAIL_KINDS), (r["id"], r["detail"])
        if r["verdict"] == "informational":
            assert "node-soap has no JSON form" in r["detail"] or (
                "node-soap reads SOAP envelopes only" in r["detail"]
            ), r["id"]
    # Lists flattened, nil items null, SOAP 1.2 typed, faults with their Subcodes.
    for version in ("soap12", "soap11"):
        for direction in ("request", "response"):
            assert verdicts[f"decoder/golden/GetFaxStatus/{version}/{direction}"]["verdict"] == (
                "pass"
            )
        assert verdicts[f"decoder/golden/fault/{version}"]["verdict"] == "non-strict"


@pytest.mark.slow
def test_node_soap_encoder_fails_only_where_it_writes_what_no_wire_carries(tmp_path):
    code, report = _run(tmp_path, "encoder", "--batch", "--numbers-as-strings")
    assert code == 1
    assert report["adapter_error"] is None
    fails = {r["id"] for r in report["results"] if r["verdict"] == "fail"}
    # node-soap range-checks no xsd:int and writes U+0007 as it is.
    assert fails and all(f.startswith("encoder/refuse/") for f in fails), fails
    assert report["summary"]["pass"] >= 100


def test_node_soap_per_case_protocol(tmp_path):
    """One process per case: exit 0 / 1 / 3 become accepted / rejected / unsupported."""
    code, report = _run(
        tmp_path,
        "decoder",
        "--numbers-as-strings",
        "--case",
        "decoder/golden/GetFaxStatus/soap12/response",
        "--case",
        "decoder/reject/hostile/truncated-0pct",
        "--case",
        "decoder/golden/CheckService/json/request",
    )
    assert code == 0, report["problems"]
    assert {r["id"]: r["verdict"] for r in report["results"]} == {
        "decoder/golden/GetFaxStatus/soap12/response": "pass",
        "decoder/reject/hostile/truncated-0pct": "pass",
        "decoder/golden/CheckService/json/request": "informational",
    }
