"""faxstatus.codec._api: tolerance of real peers, faults, service errors, strictness, hardening."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import faxstatus
import faxstatus.codec
from faxstatus import (
    ContentType,
    DecodeError,
    DecodeOptions,
    Direction,
    EncodeError,
    Fault,
    Message,
    ProtocolError,
    ServiceError,
    SoapFault,
    SoapVersion,
    VersionMismatchError,
)
from faxstatus import models as m
from faxstatus.codec import XmlStyle

from ..support import samples
from ..support.helpers import wserror

#: The models, typed Any, for deliberately ill-typed messages.
BAD: Any = m
XSI = "http://www.w3.org/2001/XMLSchema-instance"
S11 = "http://schemas.xmlsoap.org/soap/envelope/"
S12 = "http://www.w3.org/2003/05/soap-envelope"
#: The schema's target namespace (it follows schema/ after make generate).
NS = faxstatus.codec.FAXWS_NS

ITEM = (
    "<FaxJobId>br1</FaxJobId><FaxJobStatusId>{status}</FaxJobStatusId>"
    "<StatusDescription>ok</StatusDescription><RecipientState>0</RecipientState>"
    "<RecipientCurrentPageCount>1</RecipientCurrentPageCount>"
    "<RecipientTotalPageCount>2</RecipientTotalPageCount>"
    "<FaxDeliveryDateTime/><FaxDeliveryDuration>0</FaxDeliveryDuration>"
    "<RemoteFaxCSID/><Error><ErrorCode>0</ErrorCode><ErrorString/></Error>"
)


def ex_response(item: str = ITEM.format(status=1), ns: str = S12, ret: str = "true") -> bytes:
    return (
        f'<e:Envelope xmlns:e="{ns}"><e:Body><RealTimeFaxStatusExResponse xmlns="{NS}">'
        f"<return>{ret}</return><FaxStatusList><item>{item}</item></FaxStatusList>"
        "<WSError><ErrorCode>7</ErrorCode><ErrorString>bad pin</ErrorString></WSError>"
        "</RealTimeFaxStatusExResponse></e:Body></e:Envelope>"
    ).encode()


def decode_ex(
    body: bytes, content_type: str | None = None, options: DecodeOptions | None = None
) -> m.RealTimeFaxStatusExResponse:
    return faxstatus.decode_response(
        "GetRealTimeFaxStatusEx",
        body,
        content_type,
        check=False,
        options=options or DecodeOptions(),
    )


# --------------------------------------------------------------------- sans-IO


@pytest.mark.slow
def test_codec_import_pulls_in_no_network_code():
    code = (
        "import sys, faxstatus, faxstatus.strategies;"
        "bad = [m for m in ('httpx', 'httpcore', 'h11', 'anyio') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --------------------------------------------------------------------- accepting what peers send


def test_gsoap_style_roundtrips():
    msg = samples.response("GetRealTimeFaxStatusEx")
    enc = faxstatus.encode(msg, ContentType.SOAP11, style=XmlStyle.GSOAP)
    assert b"<SOAP-ENV:Envelope" in enc.body and b"<FaxWS:return>" in enc.body
    assert decode_ex(enc.body) == msg


def test_header_whitespace_and_comments_are_tolerated():
    body = (
        f'<?xml version="1.0"?>\n<!-- captured --><s:Envelope xmlns:s="{S11}">\n'
        '  <s:Header><t:Trace xmlns:t="urn:t">x</t:Trace></s:Header>\n  <s:Body>\n'
        f'    <!-- c --><ns0:SimpleFaxStatusResponse xmlns:ns0="{NS}">\n'
        "      <ns0:return> 3 </ns0:return><?pi x?>\n    </ns0:SimpleFaxStatusResponse>\n"
        "  </s:Body>\n</s:Envelope>\n"
    ).encode()
    msg = faxstatus.decode(body, "text/xml")
    assert isinstance(msg, Message)
    assert msg.payload == m.SimpleFaxStatusResponse(return_value=3)
    assert msg.header_blocks == ("{urn:t}Trace",)
    assert msg.content_type is ContentType.SOAP11


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "iso-8859-1"])
def test_declared_encodings_and_bom(encoding):
    text = ex_response(ITEM.format(status=1).replace("ok", "d\u00e9j\u00e0 vu")).decode()
    body = (f'<?xml version="1.0" encoding="{encoding}"?>' + text).encode(encoding)
    if encoding == "utf-16-le":
        body = b"\xff\xfe" + body
    assert decode_ex(body).fax_status_list.item[0].status_description == "d\u00e9j\u00e0 vu"


def test_utf8_bom_is_accepted():
    assert decode_ex(b"\xef\xbb\xbf" + ex_response()).return_value is True


@pytest.mark.parametrize(
    "ctype",
    [
        None,
        "",
        "application/soap+xml",
        "APPLICATION/SOAP+XML; Charset=UTF-8",
        "text/xml",
        'text/xml; charset="utf-8"',
        "application/xml",
    ],
)
def test_media_types_in_any_case(ctype):
    assert decode_ex(ex_response(), content_type=ctype).return_value is True


def test_soap11_envelope_sent_as_soap12_media_type_is_soap11():
    msg = faxstatus.decode(ex_response(ns=S11), "application/soap+xml; charset=utf-8")
    assert isinstance(msg, Message) and msg.content_type is ContentType.SOAP11


def test_unknown_envelope_namespace_is_version_mismatch():
    with pytest.raises(VersionMismatchError, match=r"neither SOAP 1\.1 nor SOAP 1\.2"):
        faxstatus.decode(ex_response(ns="urn:not-soap"))


def test_json_with_any_charset_and_detection():
    enc = faxstatus.encode(samples.request("GetFaxStatus"), "json")
    for ctype in ("application/json", "Application/JSON; charset=utf-8", None):
        msg = faxstatus.decode(enc.body, ctype)
        assert isinstance(msg, Message) and msg.payload == samples.request("GetFaxStatus")


def test_json_request_without_strpin_means_empty():
    body = b'{"GetFaxStatus":{"UserID":"u","FaxJobIds":[{"JobId":"br1"}]}}'
    msg = faxstatus.decode(body, "application/json")
    assert isinstance(msg, Message) and msg.payload.str_pin == ""


# --------------------------------------------------------------------- faults and errors


@pytest.mark.parametrize("version", list(SoapVersion))
def test_fault_roundtrip_keeps_every_part(version):
    fault = samples.fault(version)
    for ct in (None, ContentType.JSON):
        enc = faxstatus.codec.encode_fault(fault, ct)
        assert faxstatus.decode(enc.body, enc.headers["Content-Type"]) == fault


def test_decode_response_raises_soap_fault():
    enc = faxstatus.codec.encode_fault(Fault.receiver("database down"))
    with pytest.raises(SoapFault) as info:
        faxstatus.decode_response(
            "GetFaxStatus", enc.body, enc.headers["Content-Type"], http_status=500
        )
    assert info.value.fault.code_name == "Receiver" and info.value.http_status == 500
    assert "database down" in str(info.value)


def test_fault_http_status_follows_each_spec():
    assert Fault.sender("x").http_status == 400  # SOAP 1.2 Part 2 §7.5.1.2
    assert Fault.receiver("x").http_status == 500
    assert Fault.sender("x", SoapVersion.SOAP11).http_status == 500  # SOAP 1.1 §6.2
    assert Fault.sender("x", SoapVersion.SOAP11).is_sender_fault


def test_soap12_fault_inside_soap11_envelope_is_rejected():
    body = (
        f'<s:Envelope xmlns:s="{S11}"><s:Body><f:Fault xmlns:f="{S12}"><f:Code><f:Value>f:Sender'
        "</f:Value></f:Code><f:Reason><f:Text>x</f:Text></f:Reason></f:Fault></s:Body></s:Envelope>"
    ).encode()
    with pytest.raises(
        DecodeError, match=r"Fault in http://www\.w3\.org/2003/05/soap-envelope inside a soap11"
    ):
        faxstatus.decode(body)


def test_return_false_is_a_service_error_with_the_message():
    body = ex_response(ret="false")
    with pytest.raises(ServiceError) as info:
        faxstatus.decode_response("GetRealTimeFaxStatusEx", body)
    assert (info.value.code, info.value.text) == (7, "bad pin")
    assert info.value.message.fax_status_list.item[0].fax_job_id == "br1"


@pytest.mark.parametrize(
    ("ctype", "body", "match"),
    [
        (
            "text/html",
            b"<html><body>502 Bad Gateway</body></html>",
            "unexpected content type 'text/html'",
        ),
        (None, b"<!DOCTYPE html><html><body>Oops</body></html>", "HTML page arrived"),
        ("text/xml", b"<html><body>Oops</body></html>", "HTML page arrived"),
        ("text/xml", b"", "empty body"),
        ("text/xml", b"  \n", "empty body"),
        (
            "application/xml",
            b"<status>ok</status>",
            "element status in no namespace is not a FaxWS",
        ),
        ("text/plain", b"Service Unavailable", "unexpected content type 'text/plain'"),
    ],
)
def test_non_messages_are_protocol_errors_saying_what_arrived(ctype, body, match):
    with pytest.raises(ProtocolError, match=match):
        faxstatus.decode(body, ctype)


def test_protocol_error_excerpt_is_redacted():
    body = b"<html>echo: <strPIN>s3cret-pin</strPIN> Bearer abcdefghijklmnop</html>"
    with pytest.raises(ProtocolError) as info:
        faxstatus.decode(body, "text/html")
    assert "s3cret-pin" not in str(info.value) and "abcdefghijklmnop" not in str(info.value)


# --------------------------------------------------------------------- strict parsing


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (ex_response()[:-30], "malformed XML"),
        (
            ex_response().replace(b"</return>", b"</returnx>"),
            "malformed XML: Opening and ending tag mismatch",
        ),
        (
            ex_response(ITEM.format(status="abc")),
            r"FaxJobStatusId: 'abc' is not an xsd:int .*item/FaxJobStatusId",
        ),
        (ex_response(ITEM.format(status="2147483648")), "outside the xsd:int range"),
        (ex_response(ITEM.format(status="1_0")), "not an xsd:int"),
        (ex_response(ITEM.format(status="\u0661")), "not an xsd:int"),  # Arabic-Indic digit
        (
            ex_response(
                ITEM.format(status=1).replace("<StatusDescription>ok</StatusDescription>", "")
            ),
            "missing element StatusDescription before RecipientState",
        ),
        (ex_response(ret="yes"), "'yes' is not an xsd:boolean"),
        (
            ex_response().replace(b"<e:Body>", b"<e:Body><x:y xmlns:x='urn:x'/>"),
            "Body must hold exactly one element, found 2",
        ),
        (
            ex_response().replace(b"<e:Body>", b"<e:Nobody>").replace(b"</e:Body>", b"</e:Nobody>"),
            "expected Body",
        ),
        (
            ex_response().replace(b"</e:Body>", b"</e:Body><e:Body/>"),
            "unexpected element Body after Body",
        ),
        (
            ex_response().replace(b"<return>true</return>", b""),
            "missing element return before FaxStatusList",
        ),
        (
            ex_response().replace(
                b"<return>true</return>", b"<return>true</return><return>true</return>"
            ),
            "return is repeated or out of order",
        ),
        (
            ex_response().replace(b"<FaxStatusList>", b"<FaxStatusList>text"),
            "unexpected text 'text'",
        ),
        (
            ex_response(ITEM.format(status="<b>1</b>")),
            "FaxJobStatusId must hold text, not the element b",
        ),
        (
            ex_response(
                ITEM.format(status=1).replace(
                    "<RemoteFaxCSID/>",
                    f'<RemoteFaxCSID xmlns:i="{XSI}" i:nil="true"/>',
                )
            ),
            "RemoteFaxCSID has xsi:nil but is not nillable",
        ),
        (ex_response().replace(f'xmlns="{NS}"'.encode(), b""), "not a FaxWS message"),
    ],
)
def test_every_failure_is_one_decode_error_with_a_location(body, match):
    with pytest.raises(DecodeError, match=match) as info:
        decode_ex(body)
    err = info.value
    assert err.path or err.line  # it always says where


def test_decode_error_names_path_and_line():
    body = ex_response(ITEM.format(status="abc")).replace(
        b"<FaxStatusList>", b"<FaxStatusList>\n\n"
    )
    with pytest.raises(DecodeError) as info:
        decode_ex(body)
    assert (
        info.value.path
        == "/Envelope/Body/RealTimeFaxStatusExResponse/FaxStatusList/item/FaxJobStatusId"
    )
    assert info.value.line == 3


def test_doctype_is_rejected_even_when_harmless():
    body = b"<!DOCTYPE x [<!ENTITY a 'b'>]>" + ex_response()
    with pytest.raises(DecodeError, match="document type declarations are not allowed"):
        decode_ex(body)


def test_xxe_is_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    body = f'<!DOCTYPE e [<!ENTITY x SYSTEM "file://{secret}">]>'.encode() + ex_response(
        ITEM.format(status=1).replace("ok", "&x;")
    )
    with pytest.raises(DecodeError) as info:
        decode_ex(body)
    assert "TOPSECRET" not in str(info.value)


def test_size_cap_is_checked_before_parsing():
    body = ex_response() + b" " * 2000
    with pytest.raises(DecodeError, match="over the 1000-byte cap"):
        decode_ex(body, options=DecodeOptions(max_bytes=1000))


def test_depth_limit():
    deep = b"<a>" * 5000 + b"</a>" * 5000
    with pytest.raises(DecodeError, match="malformed XML"):
        faxstatus.decode(deep, "application/xml")


def test_operation_and_direction_are_enforced_when_given():
    body = ex_response()
    with pytest.raises(
        DecodeError, match="expected FaxStatusResponse, got RealTimeFaxStatusExResponse"
    ):
        faxstatus.decode_response("GetFaxStatus", body)
    with pytest.raises(
        DecodeError, match="expected GetRealTimeFaxStatusEx, got RealTimeFaxStatusExResponse"
    ):
        faxstatus.decode(body, direction=Direction.REQUEST)


def test_unknown_elements_strict_and_lenient():
    body = ex_response(ITEM.format(status=1) + "<Extra>1</Extra>")
    with pytest.raises(DecodeError, match="unexpected element Extra in RealTimeFaxStatusEx"):
        decode_ex(body)
    msg = faxstatus.decode(body, options=DecodeOptions(strict=False))
    assert isinstance(msg, Message)
    assert msg.skipped == ("/Envelope/Body/RealTimeFaxStatusExResponse/FaxStatusList/item/Extra",)
    assert msg.payload.fax_status_list.item[0].fax_job_status_id == 1


def test_unknown_json_keys_strict_and_lenient():
    body = b'{"SimpleGetFaxStatusResponse":{"return":5,"extra":true}}'
    with pytest.raises(DecodeError, match="unexpected key 'extra'"):
        faxstatus.decode(body, "application/json")
    msg = faxstatus.decode(body, "application/json", options=DecodeOptions(strict=False))
    assert isinstance(msg, Message) and msg.skipped == ("$.SimpleGetFaxStatusResponse.extra",)


def test_empty_absent_and_nil_are_different():
    empty = decode_ex(ex_response())
    assert empty.fax_status_list.item[0].remote_fax_csid == ""
    nil = ex_response().replace(
        b"<item>", b'<item xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="1"/><item>', 1
    )
    assert decode_ex(nil).fax_status_list.item[0] is None
    absent = ex_response(ITEM.format(status=1).replace("<RemoteFaxCSID/>", ""))
    with pytest.raises(DecodeError, match="missing element RemoteFaxCSID"):
        decode_ex(absent)


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (
            b'{"SimpleGetFaxStatusResponse":{"return":true}}',
            "return must be an integer, not boolean",
        ),
        (b'{"SimpleGetFaxStatusResponse":{"return":1.0}}', "return must be an integer, not number"),
        (b'{"SimpleGetFaxStatusResponse":{"return":"1"}}', "return must be an integer, not string"),
        (
            b'{"SimpleGetFaxStatusResponse":{"return":9223372036854775808}}',
            "outside the xsd:long range",
        ),
        (b'{"SimpleGetFaxStatusResponse":{"return":NaN}}', "unreadable JSON"),
        (b'{"SimpleGetFaxStatusResponse":{"return":1,"return":2}}', "duplicate JSON key 'return'"),
        (b'{"SimpleGetFaxStatusResponse":{}}', "missing key return"),
        (b'{"SimpleGetFaxStatusResponse":{"return":1}', "malformed JSON"),
        (b'{"Nope":{}}', "unknown top-level key 'Nope'"),
        (b'{"A":1,"B":2}', "exactly one key"),
        (b"[]", "exactly one key"),
        (
            b'{"GetFaxStatus":{"UserID":"u","strPIN":"","FaxJobIds":{"item":[]}}}',
            "FaxJobIds must be an array",
        ),
        (b'{"GetFaxStatus":{"UserID":null,"strPIN":"","FaxJobIds":[]}}', "UserID must not be null"),
        (b'{"SimpleGetFaxStatusResponse":{"return":' + b"1" * 5000 + b"}}", "unreadable JSON"),
    ],
)
def test_json_failures_are_decode_errors(body, match):
    with pytest.raises(DecodeError, match=match):
        faxstatus.decode(body, "application/json")


# --------------------------------------------------------------------- encoding


@pytest.mark.parametrize("ct", [ContentType.SOAP12, ContentType.SOAP11, ContentType.XML])
def test_xml_illegal_character_is_an_encode_error_naming_the_field(ct):
    msg = m.SimpleGetFaxStatus(user_id="u", str_pin="", job_id="br\x01x")
    with pytest.raises(EncodeError, match=r"U\+0001 .*\(SimpleGetFaxStatus/JobId\)"):
        faxstatus.encode(msg, ct)


def test_json_carries_control_characters_but_not_lone_surrogates():
    ok = m.SimpleGetFaxStatus(user_id="u", str_pin="", job_id="br\x01x")
    enc = faxstatus.encode(ok, "json")
    assert faxstatus.decode(enc.body, "application/json").payload == ok
    with pytest.raises(EncodeError, match="surrogate"):
        faxstatus.encode(m.SimpleGetFaxStatus(user_id="u", str_pin="", job_id="\ud800"), "json")


@pytest.mark.parametrize(
    ("msg", "match"),
    [
        (
            m.SimpleFaxStatusResponse(return_value=2**63),
            r"outside the xsd:long range \(SimpleFaxStatusResponse/return\)",
        ),
        (BAD.SimpleFaxStatusResponse(return_value="1"), "expected int, got str"),
        (m.SimpleFaxStatusResponse(return_value=True), "expected int, got bool"),
        (BAD.CheckServiceResponse(return_value=None), "required element return is None"),
        (m.WSError(error_code=0, error_string=""), "not a FaxWS request or response wrapper"),
        (
            BAD.GetFaxStatus(
                user_id="u",
                str_pin="",
                fax_job_ids=BAD.FaxJobIds(item=[m.WSError(error_code=1, error_string="")]),
            ),
            r"expected FaxJobId, got WSError \(GetFaxStatus/FaxJobIds/item\[1\]\)",
        ),
    ],
)
def test_encode_errors_name_the_field(msg, match):
    with pytest.raises(EncodeError, match=match):
        faxstatus.encode(msg, "soap12")


def test_content_type_names():
    assert ContentType.from_name("SOAP11") is ContentType.SOAP11
    with pytest.raises(ValueError, match="choose one of soap12, soap11, xml, json"):
        ContentType.from_name("yaml")


def test_service_error_check_only_for_status_responses():
    faxstatus.codec.check_response(m.CheckServiceResponse(return_value="OK"))
    faxstatus.codec.check_response(m.SimpleFaxStatusResponse(return_value=-5019))
    bad = m.FaxStatusResponse(
        return_value=False, fax_status_list=m.FaxStatusList(), wserror=wserror(1, "x")
    )
    with pytest.raises(ServiceError, match="FaxWS error 1: x"):
        faxstatus.codec.check_response(bad)


def test_doctype_scan_copies_nothing_of_the_body():
    # The prolog is searched in place: a slice of the first 64 KiB before every parse made
    # glibc trim and refault its heap between decodes.
    import tracemalloc

    from faxstatus.codec._xml import _has_doctype

    body = b'<?xml version="1.0"?>\n<!-- c -->' + b"<a>" + b"x" * (1 << 20) + b"</a>"
    tracemalloc.start()
    try:
        assert not _has_doctype(body)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4096
    # Found after a declaration, comments, white space and a UTF-8 BOM; in UTF-16 too.
    for head in (b"", b"\xef\xbb\xbf", b'<?xml version="1.0"?>\r\n<!-- x --> \t'):
        assert _has_doctype(head + b"<!DOCTYPE a><a/>")
    assert _has_doctype('\ufeff<?xml version="1.0"?><!DOCTYPE a><a/>'.encode("utf-16"))
    assert _has_doctype("<!DOCTYPE a><a/>".encode("utf-16-le"))
    assert not _has_doctype(b"<?xml version='1.0'?><a><!DOCTYPE inside/></a>")
    assert not _has_doctype(b"<!-- never closed <!DOCTYPE a>")
