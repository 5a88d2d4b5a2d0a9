"""PHP SoapClient through `faxstatus proxy` to the simulator: answers, headers, bytes intact."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from faxstatus.proxy import Proxy
from faxstatus.simulator import SimulatorServer

from ..support.helpers import Recording
from ._expected import EPOCH, EXPECTED_EX, IDS, PIN, USER
from ._peers import HERE, WSDL, php, run_peer

pytestmark = pytest.mark.interop

SCRIPT = HERE / "peers" / "php_client.php"


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[tuple[Recording, Proxy, io.StringIO, Path]]:
    sim = Recording(clock=lambda: 0.0, epoch=EPOCH)  # the frozen demo simulator
    out = io.StringIO()
    har = tmp_path / "php.har"
    with SimulatorServer(sim) as srv, Proxy(srv.url, har=str(har), out=out) as proxy:
        yield sim, proxy, out, har


@pytest.mark.parametrize("version", ["11", "12"])
def test_php_soapclient_through_the_proxy(chain, version):
    exe = php()
    sim, proxy, out, har = chain
    answer: dict[str, Any] = run_peer(
        [exe, str(SCRIPT), str(WSDL), proxy.url, version, USER, PIN, "ex", *IDS]
    )
    assert answer["answer"]["FaxStatusList"] == {"item": [EXPECTED_EX[i] for i in IDS]}
    ((headers, body, reply),) = sim.seen
    # What PHP says it sent is what the simulator got (hop-by-hop and Host aside).
    sent = dict(
        line.split(": ", 1) for line in answer["request_headers"].splitlines()[1:] if ": " in line
    )
    for name, value in sent.items():
        if name.lower() not in ("host", "connection"):
            assert headers[name.lower()] == value, name
    deadline = time.monotonic() + 10
    while not out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    entry = json.loads(har.read_text())["log"]["entries"][0]
    assert entry["response"]["content"]["text"].encode() == reply.body  # response bytes kept
    assert len(body) == entry["request"]["bodySize"]
    assert PIN not in har.read_text() and PIN not in out.getvalue()
    assert " GetRealTimeFaxStatusEx -> 200 " in out.getvalue()
