"""The simulator inflates gzip/deflate request bodies, as a gSOAP server built WITH_GZIP does.

Found with `make interop`: a gSOAP client in SOAP_ENC_ZLIB mode sends its request with
``Content-Encoding: gzip``, and the simulator answered "malformed XML: Start tag expected".
The documents below are hand-written in the shape gSOAP sends.
"""

from __future__ import annotations

import gzip
import zlib

import httpx
import pytest

import faxstatus
from faxstatus.simulator import SimulatorServer
from faxstatus.simulator._service import MAX_INFLATED_BODY

from ..support.helpers import make_simulator

# What gSOAP 2.8 writes for GetRealTimeFaxStatusEx (SOAP 1.1), before compressing it.
REQUEST_11 = b"""<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" \
xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:FaxWS="urn:FaxWS" \
xmlns:tns="https://ws.concordfax.com/fax/v5/FaxWS.wsdl"><SOAP-ENV:Body>\
<FaxWS:GetRealTimeFaxStatusEx><FaxWS:UserID>demo-user</FaxWS:UserID>\
<FaxWS:strPIN>demo-pin</FaxWS:strPIN><FaxWS:FaxJobIds><FaxWS:item>\
<FaxWS:JobId>br1000000001</FaxWS:JobId></FaxWS:item></FaxWS:FaxJobIds>\
</FaxWS:GetRealTimeFaxStatusEx></SOAP-ENV:Body></SOAP-ENV:Envelope>"""
REQUEST_12 = REQUEST_11.replace(
    b"http://schemas.xmlsoap.org/soap/envelope/", b"http://www.w3.org/2003/05/soap-envelope"
).replace(b"http://schemas.xmlsoap.org/soap/encoding/", b"http://www.w3.org/2003/05/soap-encoding")
HEADERS_11 = {"content-type": "text/xml; charset=utf-8", "soapaction": '""'}
HEADERS_12 = {"content-type": 'application/soap+xml; charset=utf-8; action=""'}


def _raw_deflate(data: bytes) -> bytes:
    z = zlib.compressobj(wbits=-15)
    return z.compress(data) + z.flush()


def _answer(reply) -> faxstatus.Message:
    assert reply.status == 200, reply.body
    msg = faxstatus.decode(reply.body, reply.headers["Content-Type"])
    assert isinstance(msg, faxstatus.Message)
    return msg


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("GZIP", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", _raw_deflate),
        ("identity", lambda b: b),
    ],
)
@pytest.mark.parametrize(("body", "headers"), [(REQUEST_11, HEADERS_11), (REQUEST_12, HEADERS_12)])
def test_a_compressed_request_is_answered(coding, compress, body, headers):
    reply = make_simulator().handle(
        "POST", {**headers, "content-encoding": coding}, compress(body), "/fax/v5"
    )
    (item,) = _answer(reply).payload.fax_status_list.item
    assert (item.fax_job_id, item.fax_job_status_id) == ("br1000000001", 1)
    assert (item.recipient_current_page_count, item.recipient_total_page_count) == (3, 3)


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [(REQUEST_11, HEADERS_11, 500, "Client"), (REQUEST_12, HEADERS_12, 400, "Sender")],
)
def test_a_corrupt_compressed_body_gets_a_fault_naming_the_coding(body, headers, status, code):
    for broken in (gzip.compress(body)[:-20], b"not gzip at all", b""):
        reply = make_simulator().handle(
            "POST", {**headers, "content-encoding": "gzip"}, broken, "/fax/v5"
        )
        assert reply.status == status
        fault = faxstatus.decode(reply.body, reply.headers["Content-Type"])
        assert isinstance(fault, faxstatus.Fault)
        assert fault.code_name == code
        assert fault.reason.startswith("Content-Encoding gzip: ")


def test_an_unsupported_coding_gets_415_with_the_codings_taken():
    reply = make_simulator().handle(
        "POST", {**HEADERS_11, "content-encoding": "br"}, b"\x0b\x02\x80", "/fax/v5"
    )
    assert reply.status == 415
    assert reply.headers["Accept-Encoding"] == "gzip, deflate"
    fault = faxstatus.decode(reply.body, reply.headers["Content-Type"])
    assert isinstance(fault, faxstatus.Fault)
    assert "'br' is refused (only gzip or deflate)" in fault.reason


def test_a_compression_bomb_stops_at_the_cap():
    bomb = gzip.compress(b"<" * (MAX_INFLATED_BODY + 1024), compresslevel=9)
    assert len(bomb) < 64 * 1024
    reply = make_simulator().handle(
        "POST", {**HEADERS_11, "content-encoding": "gzip"}, bomb, "/fax/v5"
    )
    assert reply.status == 413
    fault = faxstatus.decode(reply.body, reply.headers["Content-Type"])
    assert isinstance(fault, faxstatus.Fault)
    assert "inflates past" in fault.reason


def test_a_gzip_request_over_http():
    with SimulatorServer(make_simulator()) as srv:
        resp = httpx.post(
            srv.url,
            content=gzip.compress(REQUEST_12),
            headers={**HEADERS_12, "Content-Encoding": "gzip"},
        )
    assert resp.status_code == 200
    msg = faxstatus.decode(resp.content, resp.headers["content-type"])
    assert isinstance(msg, faxstatus.Message)
    assert msg.payload.fax_status_list.item[0].fax_job_id == "br1000000001"
