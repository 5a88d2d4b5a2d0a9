"""Bench and test inputs: a realistic N-item response, laid out as other peers write it.

The scanner and the compiled paths must agree with the parser on these layouts (gSOAP's
prefixes and envelope, indentation, ``xsi:type`` on every scalar); the tests and ``make bench``
both build them from our own encoder's output and may not import each other, so the inputs
live here once.
"""

from __future__ import annotations

import re

from lxml import etree

from . import models as m
from ._contract import SOAP11_NS, SOAP12_NS
from .models import layout

__all__ = ["gsoap_layout", "indented", "message", "typed"]

#: Clark-notation prefix of the FaxWS namespace.
T = f"{{{layout.NAMESPACE}}}"


def indented(body: bytes, space: str = "  ") -> bytes:
    """*body* pretty-printed (*space* a level), as gSOAP's indent mode and many servers write."""
    root = etree.fromstring(body)
    etree.indent(root, space=space)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return out


#: SOAP envelope namespace -> the encoding namespace gSOAP declares beside it.
_SOAP_ENC = {
    SOAP12_NS.encode(): b"http://www.w3.org/2003/05/soap-encoding",
    SOAP11_NS.encode(): b"http://schemas.xmlsoap.org/soap/encoding/",
}


def gsoap_layout(body: bytes) -> bytes:
    """*body* (our SOAP 1.1 or 1.2 layout) laid out as gSOAP writes it (CONTRACT.md §7).

    The declarations gSOAP puts on the Envelope, ``SOAP-ENV:`` and ``FaxWS:`` prefixes, no
    white space, CRLF after the Envelope.
    """
    env = b"env" if b"<env:Body>" in body else b"soap"
    head, rest = body.split(b"<%s:Body>" % env, 1)
    found = re.search(rb'xmlns:%s="([^"]+)"' % env, head)
    assert found is not None, "an Envelope of our encoder"
    ns = found.group(1)
    rest = rest.replace(b' xmlns="%s"' % layout.NAMESPACE.encode(), b"", 1)
    rest = re.sub(rb"<(/?)%s:" % env, rb"<\1SOAP-ENV:", rest)
    rest = re.sub(rb"<(/?)(?!SOAP-ENV:)([A-Za-z])", rb"<\1FaxWS:\2", rest)
    return (
        (
            b'<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope '
            b'xmlns:SOAP-ENV="%s" xmlns:SOAP-ENC="%s" '
            b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            b'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:FaxWS="urn:FaxWS" '
            b'xmlns:tns="https://ws.concordfax.com/fax/v5/FaxWS.wsdl"><SOAP-ENV:Body>'
            % (ns, _SOAP_ENC[ns])
        )
        + rest
        + b"\r\n"
    )


def message(n: int) -> m.RealTimeFaxStatusExResponse:
    """A GetRealTimeFaxStatusEx response with *n* realistic items (mixed states)."""
    items = []
    for i in range(n):
        done = i % 3 == 0
        items.append(
            m.RealTimeFaxStatusEx(
                fax_job_id=f"br{1000000000 + i}",
                fax_job_status_id=(1, 3, 2)[i % 3],
                status_description=("Success", "Sending", "Failed: busy")[i % 3],
                recipient_state=(4, 2, 5)[i % 3],
                recipient_current_page_count=i % 7,
                recipient_total_page_count=7,
                fax_delivery_date_time="2026-11-26T09:15:02Z" if done else "",
                fax_delivery_duration=143 if done else 0,
                remote_fax_csid="ACME CORP" if done else "",
                error=m.WSError(error_code=0, error_string=""),
            )
        )
    return m.RealTimeFaxStatusExResponse(
        return_value=True,
        fax_status_list=m.RealTimeFaxStatusExList(item=items),
        wserror=m.WSError(error_code=0, error_string=""),
    )


_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Element name -> its declared XSD type, for the scalars of this response (the layout table).
_SCALAR_TYPES = {
    name: xsd
    for t in ("RealTimeFaxStatusExResponse", "RealTimeFaxStatusEx", "WSError")
    for name, _, xsd, *_ in layout.TYPES[t][2]
    if xsd.startswith("xsd:")
}


def typed(body: bytes) -> bytes:
    """*body* with ``xsi:type`` on every scalar element, as rpc-minded stacks write it.

    The scanner declines attributes on payload elements, so this layout takes the parser
    (and the XSD check, which verifies each xsi:type against the declared type).
    """
    root = etree.fromstring(
        body.replace(
            b"<env:Envelope ",
            b'<env:Envelope xmlns:xsi="%s" xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
            % _XSI.encode(),
            1,
        )
    )
    for el in root.iter(T + "*"):
        xsd = _SCALAR_TYPES.get(etree.QName(el).localname)
        if xsd is not None:
            el.set(f"{{{_XSI}}}type", xsd)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return out
