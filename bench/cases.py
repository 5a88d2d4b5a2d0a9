"""Benchmark inputs and the competitors: our codec, xsdata, zeep, and the raw lxml/json floors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

import faxstatus
from faxstatus import models as m
from faxstatus.codec import SOAP12_NS

SOAP12 = SOAP12_NS
T = "{urn:FaxWS}"
BIG = 1 << 30
OPTIONS = faxstatus.DecodeOptions(max_bytes=BIG)
#: The scanner alone (codec/decoders/scan.py): what it declines raises DecodeError.
SCAN_ONLY = faxstatus.DecodeOptions(decoders=("scan",), max_bytes=BIG)


#: Each decode strategy alone, in the default chain's order (the first that decodes is the route).
_ALONE = {
    name: faxstatus.DecodeOptions(decoders=(name,), max_bytes=BIG)
    for name in ("scan", "validated", "generic")
}


def route(body: bytes) -> str:
    """The strategy the default chain decodes *body* with (the first that does not decline)."""
    for name, options in _ALONE.items():
        try:
            faxstatus.decode(body, options=options)
        except faxstatus.DecodeError:
            continue
        return name
    return "error"


def scanned(body: bytes) -> bool:
    """True when the canonical-layout scanner alone decodes *body* (the row's path)."""
    try:
        faxstatus.decode(body, options=SCAN_ONLY)
    except faxstatus.DecodeError:
        return False
    return True


# ----------------------------------------------------------------------------- raw floors

_new = object.__new__
_RTE, _ERR = m.RealTimeFaxStatusEx, m.WSError
_LIST, _RESP = m.RealTimeFaxStatusExList, m.RealTimeFaxStatusExResponse


def _floor_parser() -> etree.XMLParser:
    # The codec's hardened parser settings (no DTD, no entities, no network), nothing else.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        strip_cdata=True,
    )


_PARSER = _floor_parser()


def _werr(code: Any, text: Any) -> m.WSError:
    e = _new(_ERR)
    e.error_code = int(code)
    e.error_string = text or ""
    return e


def raw_decode(body: bytes) -> m.RealTimeFaxStatusExResponse:
    """The tight floor: the same parse, then the same objects built the fastest pure-Python way.

    Children by tuple unpacking (iterated in C), objects by ``object.__new__`` and slot
    assignment (no ``__init__`` frame), and no check of any kind: no tags, no tails, no
    ranges, nothing that proves the input had the expected shape.
    """
    root = etree.fromstring(body, _PARSER)
    ((ret, lst, err),) = root[0]
    return _response(ret, lst, err)


def raw_decode_nil(body: bytes) -> m.RealTimeFaxStatusExResponse:
    """:func:`raw_decode` for a list that may hold nil items (an item with no children)."""
    root = etree.fromstring(body, _PARSER)
    ((ret, lst, err),) = root[0]
    present = [it for it in lst if len(it)]
    out = _response(ret, present, err)
    if len(present) != len(lst):
        built = iter(out.fax_status_list.item)
        with_nil: list[Any] = [next(built) if len(it) else None for it in lst]
        out.fax_status_list.item = with_nil
    return out


def _response(ret: Any, items_in: Any, err: Any) -> m.RealTimeFaxStatusExResponse:
    """The response objects from the parsed ``return``, item elements and ``WSError``."""
    items: list[Any] = []
    append = items.append
    for a, b, c, d, e, f, g, h, i, (j, k) in items_in:
        o = _new(_RTE)
        o.fax_job_id = a.text or ""
        o.fax_job_status_id = int(b.text)
        o.status_description = c.text or ""
        o.recipient_state = int(d.text)
        o.recipient_current_page_count = int(e.text)
        o.recipient_total_page_count = int(f.text)
        o.fax_delivery_date_time = g.text or ""
        o.fax_delivery_duration = int(h.text)
        o.remote_fax_csid = i.text or ""
        o.error = _werr(j.text, k.text)
        append(o)
    out = _new(_RESP)
    out.return_value = ret.text == "true"
    lo = _new(_LIST)
    lo.item = items
    out.fax_status_list = lo
    ec, es = err
    out.wserror = _werr(ec.text, es.text)
    return out


_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<env:Envelope xmlns:env="{SOAP12}"><env:Body>'
    '<RealTimeFaxStatusExResponse xmlns="urn:FaxWS"><return>%s</return><FaxStatusList>'
)
_ITEM = (
    "<item><FaxJobId>%s</FaxJobId><FaxJobStatusId>%d</FaxJobStatusId>"
    "<StatusDescription>%s</StatusDescription><RecipientState>%d</RecipientState>"
    "<RecipientCurrentPageCount>%d</RecipientCurrentPageCount>"
    "<RecipientTotalPageCount>%d</RecipientTotalPageCount>"
    "<FaxDeliveryDateTime>%s</FaxDeliveryDateTime><FaxDeliveryDuration>%d</FaxDeliveryDuration>"
    "<RemoteFaxCSID>%s</RemoteFaxCSID><Error><ErrorCode>%d</ErrorCode>"
    "<ErrorString>%s</ErrorString></Error></item>"
)
_TAIL = (
    "</FaxStatusList><WSError><ErrorCode>%d</ErrorCode><ErrorString>%s</ErrorString></WSError>"
    "</RealTimeFaxStatusExResponse></env:Body></env:Envelope>"
)


def raw_encode(msg: m.RealTimeFaxStatusExResponse) -> bytes:
    """The string floor: the same bytes from %-templates, with no check and no escaping."""
    t = _ITEM
    parts = [_HEAD % ("true" if msg.return_value else "false")]
    parts += [
        t
        % (
            x.fax_job_id,
            x.fax_job_status_id,
            x.status_description,
            x.recipient_state,
            x.recipient_current_page_count,
            x.recipient_total_page_count,
            x.fax_delivery_date_time,
            x.fax_delivery_duration,
            x.remote_fax_csid,
            x.error.error_code,
            x.error.error_string,
        )
        for x in msg.fax_status_list.item
    ]
    parts.append(_TAIL % (msg.wserror.error_code, msg.wserror.error_string))
    return "".join(parts).encode()


def lxml_encode(msg: m.RealTimeFaxStatusExResponse) -> bytes:
    """The former encode floor, kept for reference: lxml SubElement per field, then tostring."""
    sub = etree.SubElement
    env = etree.Element(f"{{{SOAP12}}}Envelope", nsmap={"env": SOAP12})
    body = sub(env, f"{{{SOAP12}}}Body")
    r = etree.SubElement(body, T + "RealTimeFaxStatusExResponse", nsmap={None: "urn:FaxWS"})
    sub(r, T + "return").text = "true" if msg.return_value else "false"
    lst = sub(r, T + "FaxStatusList")
    for x in msg.fax_status_list.item:
        it = sub(lst, T + "item")
        sub(it, T + "FaxJobId").text = x.fax_job_id
        sub(it, T + "FaxJobStatusId").text = str(x.fax_job_status_id)
        sub(it, T + "StatusDescription").text = x.status_description
        sub(it, T + "RecipientState").text = str(x.recipient_state)
        sub(it, T + "RecipientCurrentPageCount").text = str(x.recipient_current_page_count)
        sub(it, T + "RecipientTotalPageCount").text = str(x.recipient_total_page_count)
        sub(it, T + "FaxDeliveryDateTime").text = x.fax_delivery_date_time
        sub(it, T + "FaxDeliveryDuration").text = str(x.fax_delivery_duration)
        sub(it, T + "RemoteFaxCSID").text = x.remote_fax_csid
        e = sub(it, T + "Error")
        sub(e, T + "ErrorCode").text = str(x.error.error_code)
        sub(e, T + "ErrorString").text = x.error.error_string
    w = sub(r, T + "WSError")
    sub(w, T + "ErrorCode").text = str(msg.wserror.error_code)
    sub(w, T + "ErrorString").text = msg.wserror.error_string
    out: bytes = etree.tostring(env, xml_declaration=True, encoding="UTF-8")
    return out


def _jerr(d: dict[str, Any]) -> m.WSError:
    e = _new(_ERR)
    e.error_code = d["ErrorCode"]
    e.error_string = d["ErrorString"]
    return e


def raw_json_decode(body: bytes) -> m.RealTimeFaxStatusExResponse:
    """The JSON floor: stdlib json.loads, then the same objects by ``object.__new__``, no checks."""
    d = json.loads(body)["GetRealTimeFaxStatusExResponse"]
    items = []
    append = items.append
    for x in d["FaxStatusList"]:
        o = _new(_RTE)
        o.fax_job_id = x["FaxJobId"]
        o.fax_job_status_id = x["FaxJobStatusId"]
        o.status_description = x["StatusDescription"]
        o.recipient_state = x["RecipientState"]
        o.recipient_current_page_count = x["RecipientCurrentPageCount"]
        o.recipient_total_page_count = x["RecipientTotalPageCount"]
        o.fax_delivery_date_time = x["FaxDeliveryDateTime"]
        o.fax_delivery_duration = x["FaxDeliveryDuration"]
        o.remote_fax_csid = x["RemoteFaxCSID"]
        o.error = _jerr(x["Error"])
        append(o)
    out = _new(_RESP)
    out.return_value = d["return"]
    lo = _new(_LIST)
    lo.item = items
    out.fax_status_list = lo
    out.wserror = _jerr(d["WSError"])
    return out


def raw_json_encode(msg: m.RealTimeFaxStatusExResponse) -> bytes:
    """The JSON floor: dicts by hand, then stdlib json.dumps."""

    def err(e: m.WSError) -> dict[str, Any]:
        return {"ErrorCode": e.error_code, "ErrorString": e.error_string}

    doc = {
        "GetRealTimeFaxStatusExResponse": {
            "return": msg.return_value,
            "FaxStatusList": [
                {
                    "FaxJobId": x.fax_job_id,
                    "FaxJobStatusId": x.fax_job_status_id,
                    "StatusDescription": x.status_description,
                    "RecipientState": x.recipient_state,
                    "RecipientCurrentPageCount": x.recipient_current_page_count,
                    "RecipientTotalPageCount": x.recipient_total_page_count,
                    "FaxDeliveryDateTime": x.fax_delivery_date_time,
                    "FaxDeliveryDuration": x.fax_delivery_duration,
                    "RemoteFaxCSID": x.remote_fax_csid,
                    "Error": err(x.error),
                }
                for x in msg.fax_status_list.item
            ],
            "WSError": err(msg.wserror),
        }
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


# ----------------------------------------------------------------------------- ours


def ours_decode(body: bytes, ctype: str) -> Any:
    """Our codec, the public API as a user calls it."""
    return faxstatus.decode_response("GetRealTimeFaxStatusEx", body, ctype, options=OPTIONS)


def ours_encode(msg: Any, ct: str) -> bytes:
    """Our codec's encoder."""
    return faxstatus.encode(msg, ct).body


# ----------------------------------------------------------------------------- xsdata


@dataclass(kw_only=True)
class Body12:
    """A generic SOAP 1.2 Body for xsdata (it generates SOAP 1.1 envelopes only)."""

    class Meta:
        name = "Body"
        namespace = SOAP12

    any_element: list[object] = field(
        default_factory=list,
        metadata={"type": "Wildcard", "namespace": "##other", "process_contents": "lax"},
    )


@dataclass(kw_only=True)
class Envelope12:
    """A generic SOAP 1.2 Envelope for xsdata."""

    class Meta:
        name = "Envelope"
        namespace = SOAP12

    body: Body12 = field(metadata={"name": "Body", "type": "Element"})


def xsdata_tools() -> tuple[Any, Any]:
    """xsdata's fastest documented parser (XmlEventHandler) and its XmlSerializer, one context.

    xsdata's documentation lists its handlers; on this message the stdlib-iterparse
    ``XmlEventHandler`` beats the default lxml one, so the bench uses it (xsdata at its best).
    """
    from xsdata.formats.dataclass.context import XmlContext
    from xsdata.formats.dataclass.parsers import XmlParser
    from xsdata.formats.dataclass.parsers.handlers import XmlEventHandler
    from xsdata.formats.dataclass.serializers import XmlSerializer
    from xsdata.formats.dataclass.serializers.config import SerializerConfig

    ctx = XmlContext()
    return XmlParser(context=ctx, handler=XmlEventHandler), XmlSerializer(
        context=ctx, config=SerializerConfig(xml_declaration=True)
    )


def xsdata_default_tools() -> Any:
    """xsdata's default parser (LxmlEventHandler), for the record."""
    from xsdata.formats.dataclass.context import XmlContext
    from xsdata.formats.dataclass.parsers import XmlParser

    return XmlParser(context=XmlContext())


def xsdata_decode(parser: Any, body: bytes) -> Any:
    """xsdata's from_bytes into the generic envelope."""
    env = parser.from_bytes(body, Envelope12)
    return env.body.any_element[0]


def xsdata_encode(serializer: Any, msg: Any) -> bytes:
    """xsdata's default writer over the generic envelope."""
    text = serializer.render(
        Envelope12(body=Body12(any_element=[msg])), ns_map={"env": SOAP12, None: "urn:FaxWS"}
    )
    return str(text).encode()


# ----------------------------------------------------------------------------- zeep


class _Reply:
    def __init__(self, body: bytes) -> None:
        self.status_code = 200
        self.headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
        self.content = body
        self.encoding = "utf-8"


def zeep_tools(wsdl: str) -> tuple[Any, Any, Any, Any]:
    """A zeep client on our WSDL, its SOAP 1.2 binding and operation, and the response element."""
    import zeep

    client = zeep.Client(wsdl)
    binding = client.wsdl.services["FaxWS"].ports["FaxWS12"].binding
    op = binding.get("GetRealTimeFaxStatusEx")
    element = client.get_element("{urn:FaxWS}RealTimeFaxStatusExResponse")
    return client, binding, op, element


def zeep_decode(tools: Any, body: bytes) -> Any:
    """zeep's own reply processing through its SOAP 1.2 binding."""
    client, binding, op, _ = tools
    return binding.process_reply(client, op, _Reply(body))


def zeep_value(tools: Any, msg: m.RealTimeFaxStatusExResponse) -> Any:
    """The zeep object for *msg* (built outside the timing)."""
    from faxstatus.codec._api import json_form

    doc = json_form(msg, "x")
    doc["FaxStatusList"] = {"item": doc["FaxStatusList"]}
    return tools[3](**doc)


def zeep_encode(tools: Any, value: Any) -> bytes:
    """zeep's element render into a SOAP 1.2 envelope, then tostring."""
    env = etree.Element(f"{{{SOAP12}}}Envelope", nsmap={"env": SOAP12})
    body = etree.SubElement(env, f"{{{SOAP12}}}Body")
    tools[3].render(body, value)
    out: bytes = etree.tostring(env, xml_declaration=True, encoding="UTF-8")
    return out
