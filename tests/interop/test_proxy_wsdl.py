"""zeep, PHP SoapClient and node-soap built from the proxy's own ``?wsdl``: all of it recorded.

Each peer is given only the proxy's ``?wsdl`` URL (no location of its own): the addresses
the proxy writes into the description it relays are what send the call through the proxy,
so the HAR holds the description, the schema it imports and the call itself.
"""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from faxstatus.proxy import Proxy
from faxstatus.simulator import SimulatorServer

from ..support.helpers import Recording
from ._expected import EPOCH, EXPECTED_EX, IDS, PIN, USER
from ._peers import HERE, node_soap, php, run_peer

pytestmark = pytest.mark.interop


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[tuple[Recording, Proxy, io.StringIO, Path]]:
    sim = Recording(clock=lambda: 0.0, epoch=EPOCH)  # the frozen demo simulator
    out = io.StringIO()
    har = tmp_path / "peer.har"
    with SimulatorServer(sim) as srv, Proxy(srv.url, har=str(har), out=out) as proxy:
        yield sim, proxy, out, har


def _recorded(sim: Recording, out: io.StringIO, har: Path) -> list[dict[str, Any]]:
    """The HAR's entries once the proxy has reported every exchange the simulator saw."""
    deadline = time.monotonic() + 10
    while len(out.getvalue().splitlines()) < len(sim.seen) and time.monotonic() < deadline:
        time.sleep(0.01)
    entries: list[dict[str, Any]] = json.loads(har.read_text())["log"]["entries"]
    return entries


def _check(sim: Recording, out: io.StringIO, har: Path, answer: dict[str, Any], v: str) -> None:
    if answer:
        assert answer["answer"]["FaxStatusList"] == {"item": [EXPECTED_EX[i] for i in IDS]}
    posts = [body for _, body, _ in sim.seen if body]
    assert len(posts) == 1  # the call reached the upstream
    entries = _recorded(sim, out, har)
    assert len(entries) == len(sim.seen)  # every exchange the upstream saw is recorded
    assert entries[0]["request"]["url"].lower().endswith("?wsdl")
    (call,) = [e for e in entries if e["request"]["method"] == "POST"]
    facts = call["_faxstatus"]
    assert facts["operation"] == "GetRealTimeFaxStatusEx"
    assert facts["soapVersion"] == {"11": "1.1", "12": "1.2"}[v]
    assert facts["jobCount"] == facts["itemCount"] == len(IDS)
    assert call["request"]["bodySize"] == len(posts[0])
    assert PIN not in har.read_text() and PIN not in out.getvalue()


@pytest.mark.parametrize("version", ["11", "12"])
def test_php_soapclient_from_the_proxys_wsdl(chain, version):
    exe = php()
    sim, proxy, out, har = chain
    script = HERE / "peers" / "php_client.php"
    wsdl = proxy.url + "?wsdl"
    answer = run_peer([exe, str(script), wsdl, "-", version, USER, PIN, "ex", *IDS])
    _check(sim, out, har, answer, version)


@pytest.mark.parametrize("version", ["11", "12"])
def test_node_soap_from_the_proxys_wsdl(chain, version):
    exe, folder = node_soap()
    sim, proxy, out, har = chain
    script = HERE / "peers" / "node_client.js"
    env = {**os.environ, "NODE_PATH": str(folder / "node_modules")}
    wsdl = proxy.url + "?wsdl"
    answer = run_peer([exe, str(script), wsdl, "-", version, USER, PIN, "ex", *IDS], env=env)
    _check(sim, out, har, answer, version)


@pytest.mark.parametrize("version", ["11", "12"])
def test_zeep_from_the_proxys_wsdl(chain, version):
    import zeep

    sim, proxy, out, har = chain
    client = zeep.Client(proxy.url + "?wsdl")
    service = client.bind("FaxWS", "FaxWS" if version == "11" else "FaxWS12")
    result = service.GetRealTimeFaxStatusEx(
        UserID=USER, strPIN=PIN, FaxJobIds={"item": [{"JobId": i} for i in IDS]}
    )
    assert result["return"] is True
    assert [item["FaxJobId"] for item in result["FaxStatusList"]["item"]] == list(IDS)
    _check(sim, out, har, {}, version)


def test_gsoap_wsdl2h_from_the_proxys_wsdl_names_the_proxy(chain, tmp_path):
    # A gSOAP client's service address is the one wsdl2h reads from the WSDL: the proxy's.
    # (Building and running that client is test_proxy_gsoap.py's; this needs wsdl2h only.)
    import shutil

    from ._peers import wsdl2h

    if shutil.which("wsdl2h") is None:
        pytest.skip("gSOAP's wsdl2h is not installed (apt-get install gsoap)")
    sim, proxy, out, har = chain
    header = wsdl2h(f"{proxy.url}?wsdl", tmp_path, "via-proxy.h")
    assert f"service port:\t{proxy.url}" in header
    assert proxy.origin not in header  # nothing of the upstream's address is left
    urls = [e["request"]["url"] for e in _recorded(sim, out, har)]
    assert urls[0].endswith("?wsdl") and any(u.endswith("?xsd") for u in urls)
