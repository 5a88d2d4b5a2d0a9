"""PHP's SoapClient (php-soap) in WSDL mode against the simulator, SOAP 1.1 and 1.2."""

from __future__ import annotations

from typing import Any

import pytest

from faxstatus.simulator import Injection, SimulatorServer

from ._expected import EXPECTED_EX, IDS, PIN, USER
from ._peers import HERE, WSDL, php, run_peer

pytestmark = pytest.mark.interop

SCRIPT = HERE / "peers" / "php_client.php"
VERSIONS = {"11": "text/xml", "12": "application/soap+xml"}


@pytest.fixture(scope="module")
def php_exe() -> str:
    return php()


def call(php_exe: str, server: SimulatorServer, version: str, *args: str) -> dict[str, Any]:
    return run_peer([php_exe, str(SCRIPT), str(WSDL), server.url, version, *args])


@pytest.mark.parametrize("version", list(VERSIONS))
def test_php_reads_the_simulators_statuses(php_exe, frozen_server, version):
    out = call(php_exe, frozen_server, version, USER, PIN, "ex", *IDS)
    assert out["answer"] == {
        "return": True,
        "FaxStatusList": {"item": [EXPECTED_EX[i] for i in IDS]},
        "WSError": {"ErrorCode": 0, "ErrorString": ""},
    }
    # PHP picked the binding of its soap_version from our WSDL (SOAP 1.2: our FaxWS12 port).
    assert f"Content-Type: {VERSIONS[version]}" in out["request_headers"]


@pytest.mark.parametrize("version", list(VERSIONS))
def test_php_single_id_ex2_by_reference(php_exe, frozen_server, version):
    out = call(php_exe, frozen_server, version, USER, PIN, "ex2", "JRI-INV-1001")
    (item,) = out["answer"]["FaxStatusList"]["item"]
    assert item["FaxJobId"] == "br1000000005"
    assert item["ReferenceId"] == "INV-1001"
    assert item["RemoteFaxCSID"] == "ACME CORP 2"
    assert (item["RecipientCurrentPageCount"], item["RecipientTotalPageCount"]) == (1, 1)


@pytest.mark.parametrize("version", list(VERSIONS))
def test_php_authentication_error(php_exe, frozen_server, version):
    out = call(php_exe, frozen_server, version, USER, "wrong-pin", "ex", "br1000000001")
    answer = out["answer"]
    assert answer["return"] is False
    assert answer["WSError"] == {"ErrorCode": -1000, "ErrorString": "Authentication failed"}
    assert not answer["FaxStatusList"]  # an empty list: PHP reads it as an empty object


@pytest.mark.parametrize("version", list(VERSIONS))
def test_php_simple_status_and_check_service(php_exe, frozen_server, version):
    out = call(php_exe, frozen_server, version, USER, PIN, "simple", "br1000000003")
    assert out["answer"] == {"return": 2}
    out = call(php_exe, frozen_server, version, USER, PIN, "simple", "br9999999999")
    assert out["answer"] == {"return": -5019}
    out = call(php_exe, frozen_server, version, USER, PIN, "check")
    assert out["answer"] == {"return": "FaxWS simulator OK"}


@pytest.mark.parametrize(
    ("version", "code"), [("11", "SOAP-ENV:Server"), ("12", "SOAP-ENV:Receiver")]
)
def test_php_reads_the_simulators_fault(php_exe, frozen_server, version, code):
    frozen_server.simulator.inject(Injection("fault"))
    out = call(php_exe, frozen_server, version, USER, PIN, "ex", "br1000000001")
    assert out["fault"]["code"] == code
    assert out["fault"]["string"] == "injected fault"


def test_php_ids_with_markup_and_non_ascii_come_back_unchanged(php_exe, frozen_server):
    ids = ["a&b<c>'\"", "Z\u00fc\u2713"]
    out = call(php_exe, frozen_server, "11", USER, PIN, "ex", *ids)
    items = out["answer"]["FaxStatusList"]["item"]
    assert [i["FaxJobId"] for i in items] == ids
    assert [i["FaxJobStatusId"] for i in items] == [-5019, -5019]


@pytest.mark.parametrize("version", list(VERSIONS))
def test_php_loads_the_wsdl_the_simulator_serves(php_exe, frozen_server, version):
    """WSDL and XSD fetched from the simulator's ?wsdl, requests sent to the address it names."""
    out = run_peer(
        [php_exe, str(SCRIPT), f"{frozen_server.url}?wsdl", "-", version, USER, PIN, "ex", *IDS]
    )
    assert out["answer"]["FaxStatusList"] == {"item": [EXPECTED_EX[i] for i in IDS]}
