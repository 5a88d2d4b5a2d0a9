"""PHP's SoapClient and node-soap as clients under ``conformance client`` (``make interop`` only).

Each runs the kit's script of calls through a small driver (tests/interop/peers/*_conformance_
client.*); the kit grades every request it receives, and the driver prints what the stack made
of each answer of the zoo, which this test checks.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from faxstatus.cli import main

from ._peers import HERE, WSDL, node_soap, php

pytestmark = pytest.mark.interop


def _run(
    capfd: pytest.CaptureFixture[str], tmp_path: Any, *command: str
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    code = main(
        ["conformance", "client", "-q", "-o", str(tmp_path), "--wait", "120", "--", *command]
    )
    out = capfd.readouterr().out
    outcomes = {}
    for line in out.splitlines():
        if line.startswith("{"):
            doc = json.loads(line)
            outcomes[doc["step"]] = doc
    report = json.loads((tmp_path / "conformance-client.json").read_text())
    return code, outcomes, report


def _requests_all_pass(report: dict[str, Any]) -> None:
    for r in report["results"]:
        if "/request-" in r["id"]:
            assert r["verdict"] == "pass", (r["id"], r["detail"])
    assert report["summary"] == {"pass": 14, "non-strict": 0, "fail": 0, "informational": 3}


def test_php_soapclient_under_conformance_client(capfd, tmp_path):
    exe = php()
    code, outcomes, report = _run(
        capfd, tmp_path, exe, str(HERE / "peers" / "php_conformance_client.php"), str(WSDL)
    )
    assert code == 0
    _requests_all_pass(report)
    # SoapClient reads the nil item as null and keeps <ErrorString/> as "".
    items = outcomes["c03"]["result"]["FaxStatusList"]["item"]
    assert items[1] is None and items[0]["Error"]["ErrorString"] == ""
    assert outcomes["c06"]["fault"]["code"].endswith("Receiver")
    assert outcomes["c08"]["attempts"] == 2


def test_node_soap_under_conformance_client(capfd, tmp_path, monkeypatch):
    exe, folder = node_soap()
    monkeypatch.setenv("NODE_PATH", str(folder / "node_modules"))
    code, outcomes, report = _run(
        capfd, tmp_path, exe, str(HERE / "peers" / "node_conformance_client.js"), str(WSDL)
    )
    assert code == 0, os.environ.get("NODE_PATH")
    _requests_all_pass(report)
    # node-soap drops a nil item altogether: three ids asked, two items back, so a client
    # that pairs items with ids by position pairs the third id with nothing.
    items = outcomes["c03"]["result"]["FaxStatusList"]["item"]
    assert [i["FaxJobId"] for i in items] == ["br9003000001", "br9003000003"]
    assert outcomes["c08"]["attempts"] == 2
