"""node-soap (npm "soap") in WSDL mode against the simulator, through both of our WSDL's ports."""

from __future__ import annotations

import os
from typing import Any

import pytest

from faxstatus.simulator import Injection, SimulatorServer

from ._expected import EXPECTED_EX, EXPECTED_EX3_JRI, IDS, PIN, USER
from ._peers import HERE, WSDL, node_soap, run_peer

pytestmark = pytest.mark.interop

SCRIPT = HERE / "peers" / "node_client.js"
ENVELOPES = {
    "11": "http://schemas.xmlsoap.org/soap/envelope/",
    "12": "http://www.w3.org/2003/05/soap-envelope",
}


@pytest.fixture(scope="module")
def node() -> tuple[str, dict[str, str]]:
    exe, folder = node_soap()
    return exe, {**os.environ, "NODE_PATH": str(folder / "node_modules")}


def call(node, server: SimulatorServer, version: str, *args: str) -> dict[str, Any]:
    exe, env = node
    return run_peer([exe, str(SCRIPT), str(WSDL), server.url, version, *args], env=env)


@pytest.mark.parametrize("version", list(ENVELOPES))
def test_node_soap_reads_the_simulators_statuses(node, frozen_server, version):
    out = call(node, frozen_server, version, USER, PIN, "ex", *IDS)
    assert out["answer"] == {
        "return": True,
        "FaxStatusList": {"item": [EXPECTED_EX[i] for i in IDS]},
        "WSError": {"ErrorCode": 0, "ErrorString": ""},
    }
    assert f'xmlns:soap="{ENVELOPES[version]}"' in out["request"]


@pytest.mark.parametrize("version", list(ENVELOPES))
def test_node_soap_ex3_by_reference(node, frozen_server, version):
    out = call(node, frozen_server, version, USER, PIN, "ex3", "JRI-INV-1001")
    assert out["answer"]["FaxStatusList"] == {"item": [EXPECTED_EX3_JRI]}


@pytest.mark.parametrize("version", list(ENVELOPES))
def test_node_soap_authentication_error(node, frozen_server, version):
    out = call(node, frozen_server, version, USER, "wrong-pin", "ex", "br1000000001")
    answer = out["answer"]
    assert answer["return"] is False
    assert answer["WSError"] == {"ErrorCode": -1000, "ErrorString": "Authentication failed"}
    assert not answer["FaxStatusList"]


@pytest.mark.parametrize("version", list(ENVELOPES))
def test_node_soap_simple_status_and_check_service(node, frozen_server, version):
    assert call(node, frozen_server, version, USER, PIN, "simple", "br1000000003")["answer"] == {
        "return": 2
    }
    assert call(node, frozen_server, version, USER, PIN, "check")["answer"] == {
        "return": "FaxWS simulator OK"
    }


def test_node_soap_reads_the_simulators_soap11_fault(node, frozen_server):
    frozen_server.simulator.inject(Injection("fault"))
    out = call(node, frozen_server, "11", USER, PIN, "ex", "br1000000001")
    assert out["fault"]["faultcode"] == "SOAP-ENV:Server"
    assert out["fault"]["faultstring"]["$value"] == "injected fault"
    assert out["status"] == 500


def test_node_soap_reads_the_simulators_soap12_fault(node, frozen_server):
    frozen_server.simulator.inject(Injection("fault"))
    out = call(node, frozen_server, "12", USER, PIN, "ex", "br1000000001")
    assert out["fault"]["Code"]["Value"] == "SOAP-ENV:Receiver"
    assert out["fault"]["Reason"]["Text"]["$value"] == "injected fault"


def test_node_soap_ids_with_markup_and_non_ascii_come_back_unchanged(node, frozen_server):
    ids = ["a&b<c>'\"", "Z\u00fc\u2713"]
    out = call(node, frozen_server, "12", USER, PIN, "ex", *ids)
    items = out["answer"]["FaxStatusList"]["item"]
    assert [i["FaxJobId"] for i in items] == ids
    assert [i["FaxJobStatusId"] for i in items] == [-5019, -5019]


@pytest.mark.parametrize("version", list(ENVELOPES))
def test_node_soap_loads_the_wsdl_the_simulator_serves(node, frozen_server, version):
    """WSDL and XSD fetched from the simulator's ?wsdl, requests sent to the address it names."""
    exe, env = node
    url = f"{frozen_server.url}?wsdl"
    out = run_peer([exe, str(SCRIPT), url, "-", version, USER, PIN, "ex", *IDS], env=env)
    assert out["answer"]["FaxStatusList"] == {"item": [EXPECTED_EX[i] for i in IDS]}
