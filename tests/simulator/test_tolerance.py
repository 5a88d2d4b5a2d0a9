"""Simulator strictness: tolerant like gSOAP by default, --strict names the element and rule."""

from __future__ import annotations

import io

import pytest

import faxstatus
from faxstatus.simulator import SimulatorServer

from ..support.helpers import make_simulator

HEAD = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
TAIL = "</s:Body></s:Envelope>"
#: The schema's target namespace (it follows schema/ after make generate).
NS = faxstatus.codec.FAXWS_NS
IDS = "<FaxJobIds><item><JobId>br1000000001</JobId></item></FaxJobIds>"


def soap11(inner: str) -> bytes:
    return (HEAD + inner + TAIL).encode()


CASES = {
    "extra element": (
        f'<GetRealTimeFaxStatusEx xmlns="{NS}"><UserID>demo-user</UserID>'
        f"<strPIN>demo-pin</strPIN><Extra>1</Extra>{IDS}</GetRealTimeFaxStatusEx>",
        "/GetRealTimeFaxStatusEx/Extra: unknown element, skipped",
    ),
    "swapped UserID and strPIN": (
        f'<GetRealTimeFaxStatusEx xmlns="{NS}"><strPIN>demo-pin</strPIN>'
        f"<UserID>demo-user</UserID>{IDS}</GetRealTimeFaxStatusEx>",
        "/GetRealTimeFaxStatusEx: children out of order (strPIN, UserID, FaxJobIds); "
        "the sequence is UserID, strPIN, FaxJobIds",
    ),
    "unqualified children": (
        f'<f:GetRealTimeFaxStatusEx xmlns:f="{NS}"><UserID>demo-user</UserID>'
        "<strPIN>demo-pin</strPIN><FaxJobIds><item><JobId>br1000000001</JobId></item>"
        "</FaxJobIds></f:GetRealTimeFaxStatusEx>",
        f"/GetRealTimeFaxStatusEx/UserID: unqualified, read as {NS}",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tolerant_by_default_with_the_deviation_recorded(case):
    inner, deviation = CASES[case]
    sim = make_simulator()
    reply = sim.handle("POST", {"content-type": "text/xml"}, soap11(inner))
    assert reply.status == 200
    msg = faxstatus.decode(reply.body, reply.headers["Content-Type"])
    assert isinstance(msg, faxstatus.Message)
    assert msg.payload.return_value is True  # authenticated: the PIN was read
    assert any(d.startswith(deviation) for d in sim.deviations), list(sim.deviations)
    assert reply.deviations == tuple(sim.deviations)


@pytest.mark.parametrize("case", sorted(CASES))
def test_strict_mode_rejects_naming_element_and_rule(case):
    inner, deviation = CASES[case]
    sim = make_simulator(strict=True)
    reply = sim.handle("POST", {"content-type": "text/xml"}, soap11(inner))
    fault = faxstatus.decode(reply.body)
    assert isinstance(fault, faxstatus.Fault) and fault.code_name == "Client"
    assert reply.status == 500
    assert fault.reason.startswith("strict mode: ") and deviation.split(":")[0] in fault.reason
    assert list(sim.deviations)


def test_a_missing_strpin_reads_as_empty():
    inner = (
        f'<GetRealTimeFaxStatusEx xmlns="{NS}"><UserID>demo-user</UserID>'
        f"{IDS}</GetRealTimeFaxStatusEx>"
    )
    sim = make_simulator()
    reply = sim.handle("POST", {"content-type": "text/xml"}, soap11(inner))
    msg = faxstatus.decode(reply.body)
    assert isinstance(msg, faxstatus.Message)
    assert msg.payload.return_value is False  # read as "", so authentication fails
    assert list(sim.deviations) == [
        "/GetRealTimeFaxStatusEx/strPIN: missing (minOccurs=1), read as ''"
    ]
    # With a bearer token the empty strPIN does not matter, as with OAuth.
    reply = sim.handle(
        "POST",
        {"content-type": "text/xml", "authorization": "Bearer demo-token"},
        soap11(inner),
    )
    assert faxstatus.decode(reply.body).payload.return_value is True


def test_valid_requests_have_no_deviations():
    sim = make_simulator(strict=True)
    enc = faxstatus.encode(faxstatus.models.CheckService(), "soap12")
    assert sim.handle("POST", dict(enc.headers), enc.body).status == 200
    assert not sim.deviations


def test_the_access_log_summarises_deviations():
    log = io.StringIO()
    inner = CASES["extra element"][0]
    import httpx

    with SimulatorServer(make_simulator(), access_log=log) as srv, httpx.Client() as http:
        r = http.post(srv.url, content=soap11(inner), headers={"Content-Type": "text/xml"})
    assert r.status_code == 200
    import time

    deadline = time.monotonic() + 10
    while "deviations" not in log.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    line = log.getvalue().splitlines()[0]
    assert line.startswith("POST /fax/v5 GetRealTimeFaxStatusEx text/xml 200 ")
    assert "deviations=1: /GetRealTimeFaxStatusEx/Extra: unknown element" in line


def test_serve_has_a_strict_switch():
    from faxstatus.cli._app import build_parser

    args = build_parser().parse_args(["serve", "--strict"])
    assert args.strict is True
    assert build_parser().parse_args(["serve"]).strict is False
