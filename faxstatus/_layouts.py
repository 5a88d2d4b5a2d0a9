"""Bench and test inputs: a realistic N-item response, laid out as other peers write it.

The scanner and the compiled paths must agree with the parser on these layouts (gSOAP's
default, canonical, default-namespace and ``SOAP_XML_NIL`` modes, indentation, ``xsi:type`` on
every scalar, the simulator's own reply); the tests and ``make bench`` both build them from our
own encoder's output and may not import each other, so the inputs live here once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from . import models as m
from ._contract import SOAP11_NS, SOAP12_NS
from .codec._plan import plan_for
from .codec._values import fill
from .models import layout

__all__ = [
    "LAYOUTS",
    "canonical",
    "default_namespaces",
    "gsoap_layout",
    "indented",
    "message",
    "simulator_reply",
    "typed",
    "typed_indented",
    "with_nil_items",
    "xml_nil",
]

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
            b'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:FaxWS="%s" '
            b'xmlns:tns="%s"><SOAP-ENV:Body>'
            % (ns, _SOAP_ENC[ns], layout.NAMESPACE.encode(), layout.WSDL_NAMESPACE.encode())
        )
        + rest
        + b"\r\n"
    )


def canonical(body: bytes) -> bytes:
    """*body* as gSOAP's ``SOAP_XML_CANONICAL`` mode writes it (CONTRACT.md §7).

    No XML declaration, only the prefixes in use declared, each where it is first used: the
    envelope's on the Envelope, ``FaxWS`` on the payload element.
    """
    gs = gsoap_layout(body)
    head, rest = gs.split(b"<SOAP-ENV:Body>", 1)
    found = re.search(rb'xmlns:SOAP-ENV="[^"]+"', head)
    assert found is not None
    payload = re.match(rb"<FaxWS:[A-Za-z0-9_.-]+", rest)
    assert payload is not None
    decl = b' xmlns:FaxWS="%s"' % layout.NAMESPACE.encode()
    return (
        b"<SOAP-ENV:Envelope "
        + found.group()
        + b"><SOAP-ENV:Body>"
        + payload.group()
        + decl
        + rest[payload.end() :]
    )


def default_namespaces(body: bytes) -> bytes:
    """*body* (our layout) as gSOAP's ``SOAP_XML_DEFAULTNS`` mode writes it: no prefix at all."""
    env = b"env" if b"<env:Body>" in body else b"soap"
    out = body.replace(b"<%s:Envelope xmlns:%s=" % (env, env), b"<Envelope xmlns=", 1)
    return re.sub(rb"<(/?)%s:" % env, rb"<\1", out)


def with_nil_items(msg: m.RealTimeFaxStatusExResponse, every: int = 5) -> Any:
    """A copy of *msg* with every *every*-th item None (a NULL entry gSOAP writes as nil)."""
    # Typed Any: the generated annotation says list[X]; a nil item is None.
    lst = next(f for f in plan_for(type(msg)).fields if f.plan is not None and f.plan.item)
    assert lst.plan is not None and lst.plan.item is not None
    old = getattr(getattr(msg, lst.attr), lst.plan.item.attr)
    items: list[Any] = [None if i % every == every - 1 else x for i, x in enumerate(old)]
    new = lst.plan.cls(**{lst.plan.item.attr: items})
    return dataclasses.replace(msg, **{lst.attr: new})


def xml_nil(body: bytes) -> bytes:
    """*body* (with nil items) as gSOAP's ``SOAP_XML_NIL`` mode writes it.

    gSOAP's layout, ``xsi`` declared on the Envelope and used as ``<FaxWS:item xsi:nil="true"/>``
    (our encoder declares it on each nil element instead).
    """
    return gsoap_layout(body).replace(b' xmlns:xsi="%s" xsi:nil=' % _XSI.encode(), b" xsi:nil=")


def simulator_reply(body: bytes) -> bytes:
    """*body* as the simulator answers a SOAP request (``XmlStyle.GSOAP``; tests/codec checks it).

    The XML declaration, ``SOAP-ENV:`` declared on the Envelope, ``FaxWS`` on the payload
    element: gSOAP's canonical layout with the declaration.
    """
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + canonical(body).rstrip(b"\r\n")


def message(n: int) -> m.RealTimeFaxStatusExResponse:
    """A GetRealTimeFaxStatusEx response with *n* realistic items (mixed states).

    The values are named by element; a field the schema gained, retyped or renamed since gets
    a value of its type (:func:`faxstatus.codec._values.fill`), so the layouts follow the schema.
    """
    item_plan = plan_for(m.RealTimeFaxStatusEx)
    error = fill(plan_for(m.WSError), {"ErrorCode": 0, "ErrorString": ""})
    items = []
    for i in range(n):
        done = i % 3 == 0
        known: dict[str, Any] = {
            "FaxJobId": f"br{1000000000 + i}",
            "FaxJobStatusId": (1, 3, 2)[i % 3],
            "StatusDescription": ("Success", "Sending", "Failed: busy")[i % 3],
            "RecipientState": (4, 2, 5)[i % 3],
            "RecipientCurrentPageCount": i % 7,
            "RecipientTotalPageCount": 7,
            "FaxDeliveryDateTime": "2026-11-26T09:15:02Z" if done else "",
            "FaxDeliveryDuration": 143 if done else 0,
            "RemoteFaxCSID": "ACME CORP" if done else "",
            "Error": error,
            "_stamp": "2026-11-26T09:15:02Z",
        }
        items.append(fill(item_plan, known))
    list_plan = plan_for(m.RealTimeFaxStatusExList)
    response: m.RealTimeFaxStatusExResponse = fill(
        plan_for(m.RealTimeFaxStatusExResponse),
        {
            "return": True,
            "FaxStatusList": list_plan.cls(**{list_plan.fields[0].attr: items}),
            "WSError": error,
        },
    )
    return response


_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XSD = "http://www.w3.org/2001/XMLSchema"


def _type_scalars(el: etree._Element, tname: str, complex_prefix: str | None) -> None:
    """Set ``xsi:type`` on the scalar children of *el* (of type *tname*), recursively.

    The declared type of each child comes from the layout table; with *complex_prefix*, the
    complex-typed children name their type too (under that prefix of the target namespace).
    """
    fields = {name: ftype for name, _, ftype, *_ in layout.TYPES[tname][2]}
    for child in el:
        ftype = fields.get(etree.QName(child).localname)
        if ftype is None:
            continue
        if ftype.startswith("xsd:"):
            child.set(f"{{{_XSI}}}type", ftype)
            continue
        if complex_prefix is not None:
            child.set(f"{{{_XSI}}}type", f"{complex_prefix}:{ftype}")
        if len(child):
            _type_scalars(child, ftype, complex_prefix)


def typed(body: bytes, complex_prefix: str | None = None) -> bytes:
    """*body* (SOAP 1.2) with ``xsi:type`` on every scalar element, as rpc-minded stacks write it.

    ``xsi`` and ``xsd`` are declared on the Envelope; each element names its declared type.
    With *complex_prefix* the complex-typed elements name theirs too, as ``soapcpp2 -t`` does
    (that prefix is declared on the Envelope for the target namespace).
    """
    extra = b""
    if complex_prefix is not None:
        extra = b'xmlns:%s="%s" ' % (complex_prefix.encode(), layout.NAMESPACE.encode())
    root = etree.fromstring(
        body.replace(
            b"<env:Envelope ",
            b'<env:Envelope xmlns:xsi="%s" xmlns:xsd="%s" %s'
            % (_XSI.encode(), _XSD.encode(), extra),
            1,
        )
    )
    payload = root[0][0] if etree.QName(root).localname == "Envelope" else root
    if len(payload):
        _type_scalars(payload, etree.QName(payload).localname, complex_prefix)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return out


def typed_indented(body: bytes) -> bytes:
    """*body* with ``xsi:type`` on every scalar and indented (``soapcpp2 -t`` in indent mode)."""
    return indented(typed(body))


#: The layouts a server may send, by the name ``make bench`` gives them: each a function of our
#: own SOAP 1.2 encoding of a message (nil items, for ``xmlnil``, are the caller's to make).
LAYOUTS: dict[str, Callable[[bytes], bytes]] = {
    "gsoap": gsoap_layout,
    "canonical": canonical,
    "defaultns": default_namespaces,
    "xmlnil": xml_nil,
    "indented": indented,
    "typed": typed,
    "typed+indent": typed_indented,
    "simulator": simulator_reply,
}
