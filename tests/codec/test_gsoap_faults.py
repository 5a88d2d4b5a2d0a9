"""gSOAP's SOAP_XML_NIL fault shape: both versions' members written, the unset ones xsi:nil."""

from __future__ import annotations

import pytest

import faxstatus
from faxstatus import DecodeError, Fault, FaxStatusClient, SoapFault
from faxstatus.codec import FAXWS_NS

from ..support.paths import VECTORS
from ..support.vectors import stored

GSOAP = VECTORS / "gsoap"
S11 = "{http://schemas.xmlsoap.org/soap/envelope/}"
S12 = "{http://www.w3.org/2003/05/soap-envelope}"


def test_soap11_fault_with_nil_soap12_members():
    fault = faxstatus.decode(stored(GSOAP / "fault11-xml-nil.xml"), "text/xml")
    assert isinstance(fault, Fault)
    assert fault.version.label == "1.1"
    assert fault.code == f"{S11}Client"
    assert fault.reason.startswith("Validation constraint violation")
    assert fault.actor is None and fault.detail is None  # nil faultactor/detail are absent


def test_soap11_fault_with_actor_detail_and_nil_soap12_members():
    fault = faxstatus.decode(stored(GSOAP / "fault11-xml-nil-detail.xml"))
    assert isinstance(fault, Fault)
    assert fault.code == f"{S11}Server"
    assert fault.actor == "https://ws.concordfax.com/fax/v5"
    assert fault.detail == f'<FaxWS:reason xmlns:FaxWS="{FAXWS_NS}">retry later</FaxWS:reason>'


def test_soap12_fault_with_nil_soap11_members_and_nil_subcode():
    body = stored(GSOAP / "fault12-xml-nil.xml")
    fault = faxstatus.decode(body, "application/soap+xml")
    assert isinstance(fault, Fault)
    assert fault.version.label == "1.2"
    assert fault.code == f"{S12}Sender" and fault.subcodes == ()
    assert fault.reasons[0].lang == "en" and "FaxJobIds" in fault.reason
    assert (fault.node, fault.role, fault.detail, fault.actor) == (None, None, None, None)


def test_soap12_fault_with_a_subcode_chain_ending_in_nil():
    fault = faxstatus.decode(stored(GSOAP / "fault12-xml-nil-subcode.xml"))
    assert isinstance(fault, Fault)
    assert fault.code == f"{S12}Receiver" and fault.subcodes == (f"{{{FAXWS_NS}}}Unavailable",)
    assert fault.role.endswith("/role/ultimateReceiver") and fault.node is None
    assert "retry later" in fault.detail


def test_the_client_reports_the_fault_not_an_http_status():
    body = stored(GSOAP / "fault12-xml-nil.xml")

    def answer(request):
        import httpx

        return httpx.Response(400, content=body, headers={"Content-Type": "application/soap+xml"})

    import httpx

    with FaxStatusClient(
        "u", token="t", transport=httpx.MockTransport(answer), retry=faxstatus.RetryPolicy(1)
    ) as c:
        err = c.get_real_time_fax_status_ex(["br1"])["br1"].error
    assert isinstance(err, SoapFault) and err.fault.code_name == "Sender"


def _swap(name: str, old: str, new: str) -> bytes:
    text = (GSOAP / name).read_text()
    assert old in text
    return text.replace(old, new).encode()


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        # A nil member must be empty to be ignored.
        (
            "fault11-xml-nil.xml",
            '<SOAP-ENV:Reason xsi:nil="true"/>',
            '<SOAP-ENV:Reason xsi:nil="true">x</SOAP-ENV:Reason>',
            "unexpected element .*Reason in a SOAP 1.1 Fault",
        ),
        # The version's own required members may not be nil.
        (
            "fault11-xml-nil.xml",
            "<faultcode>SOAP-ENV:Client</faultcode>",
            '<faultcode xsi:nil="true"/>',
            "faultcode may not be nil in a SOAP 1.1 Fault",
        ),
        (
            "fault12-xml-nil.xml",
            "<SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value>",
            "",
            "Code/Subcode without Value",
        ),
        # The other version's members, when not nil, are still an error.
        (
            "fault11-xml-nil.xml",
            '<SOAP-ENV:Code xsi:nil="true"/>',
            "<SOAP-ENV:Code/>",
            "unexpected element",
        ),
        (
            "fault12-xml-nil.xml",
            '<faultstring xsi:nil="true"/>',
            "<faultstring>x</faultstring>",
            "unexpected element faultstring",
        ),
    ],
)
def test_what_the_nil_shape_does_not_excuse(name, old, new, message):
    with pytest.raises(DecodeError, match=message):
        faxstatus.decode(_swap(name, old, new))
