"""suds (the community fork, SOAP 1.1) in WSDL mode against the simulator.

suds reads an empty element as None, so "" in the simulator's answers is None here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from faxstatus.simulator import Injection, SimulatorServer

from ._expected import EXPECTED_EX, EXPECTED_EX3_JRI, IDS, PIN, USER
from ._peers import WSDL

pytestmark = pytest.mark.interop

suds = pytest.importorskip("suds", reason="suds is not installed (make interop installs it)")
suds_client = pytest.importorskip("suds.client")


@pytest.fixture
def port(frozen_server: SimulatorServer) -> Iterator[Any]:
    client = suds_client.Client(WSDL.as_uri(), location=frozen_server.url, cache=None)
    yield client, client.service["FaxWS"]


def _plain(obj: Any) -> Any:
    """suds objects as plain data; None (suds's reading of an empty element) as ""."""
    if obj is None:
        return ""
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    if hasattr(obj, "__keylist__"):
        return {k: _plain(getattr(obj, k)) for k in obj.__keylist__}
    return obj


def _ids(client: Any, ids: list[str]) -> Any:
    wrapper = client.factory.create("{urn:FaxWS}FaxJobIds")
    for job_id in ids:
        item = client.factory.create("{urn:FaxWS}FaxJobId")
        item.JobId = job_id
        wrapper.item.append(item)
    return wrapper


def test_suds_reads_the_simulators_statuses(port):
    client, service = port
    answer = service.GetRealTimeFaxStatusEx(USER, PIN, _ids(client, IDS))
    assert answer["return"] is True
    assert _plain(answer.WSError) == {"ErrorCode": 0, "ErrorString": ""}
    assert _plain(answer.FaxStatusList.item) == [EXPECTED_EX[i] for i in IDS]


def test_suds_ex3_by_reference(port):
    client, service = port
    answer = service.GetRealTimeFaxStatusEx3(USER, PIN, _ids(client, ["JRI-INV-1001"]))
    assert _plain(answer.FaxStatusList.item) == [EXPECTED_EX3_JRI]


def test_suds_authentication_error(port):
    client, service = port
    answer = service.GetRealTimeFaxStatusEx(USER, "wrong-pin", _ids(client, ["br1000000001"]))
    assert answer["return"] is False
    assert _plain(answer.WSError) == {"ErrorCode": -1000, "ErrorString": "Authentication failed"}


def test_suds_simple_status_and_check_service(port):
    _, service = port
    assert service.SimpleGetFaxStatus(USER, PIN, "br1000000003") == 2
    assert service.SimpleGetFaxStatus(USER, PIN, "br9999999999") == -5019
    assert service.CheckService() == "FaxWS simulator OK"


def test_suds_reads_the_simulators_fault(port, frozen_server):
    client, service = port
    frozen_server.simulator.inject(Injection("fault"))
    with pytest.raises(suds.WebFault) as caught:
        service.GetRealTimeFaxStatusEx(USER, PIN, _ids(client, ["br1000000001"]))
    fault = caught.value.fault
    assert (fault.faultcode, fault.faultstring) == ("SOAP-ENV:Server", "injected fault")
