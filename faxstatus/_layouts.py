"""Our messages laid out as other peers write them: gSOAP's prefixes and envelope, indentation.

The scanner and the compiled paths must agree with the parser on these layouts; the tests and
``make bench`` both build them from our own encoder's output, so the transforms live here once.
"""

from __future__ import annotations

import re

from lxml import etree

__all__ = ["gsoap_layout", "indented"]


def indented(body: bytes, space: str = "  ") -> bytes:
    """*body* pretty-printed (*space* a level), as gSOAP's indent mode and many servers write."""
    root = etree.fromstring(body)
    etree.indent(root, space=space)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return out


#: SOAP envelope namespace -> the encoding namespace gSOAP declares beside it.
_SOAP_ENC = {
    b"http://www.w3.org/2003/05/soap-envelope": b"http://www.w3.org/2003/05/soap-encoding",
    b"http://schemas.xmlsoap.org/soap/envelope/": b"http://schemas.xmlsoap.org/soap/encoding/",
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
    rest = rest.replace(b' xmlns="urn:FaxWS"', b"", 1)
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
