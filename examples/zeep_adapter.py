#!/usr/bin/env python3
"""A conformance adapter for zeep: lets ``faxstatus conformance`` grade zeep as a FaxWS binding.

zeep (https://docs.python-zeep.org) does the work: its hardened XML loader parses the bytes,
its XSD objects (built from schema/faxws.wsdl) read and write the payload, and its SOAP
bindings read faults. This file only speaks the adapter protocol and converts between zeep's
objects and the FaxWS JSON form. It imports nothing from faxstatus on purpose: an adapter in
any other language does the same job.

Protocol (the README's "For binding authors" has the full text)::

    zeep_adapter.py decode CONTENT-TYPE < message      # stdout: the JSON form
    zeep_adapter.py encode FORM < json-form            # stdout: the wire body (soap12/soap11/xml)
    zeep_adapter.py batch                              # JSON lines in, JSON lines out

Exit status 0 accepted, 1 rejected (reason on stderr), 3 unsupported (zeep speaks no JSON
form, and has no fault encoder). Set FAXWS_WSDL to use another WSDL file.

Run it under the kit::

    faxstatus conformance decoder -- python examples/zeep_adapter.py
    faxstatus conformance encoder --batch -- python examples/zeep_adapter.py
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import os
import sys
from pathlib import Path
from typing import Any

import zeep
from lxml import etree
from zeep.exceptions import Fault as ZeepFault
from zeep.helpers import serialize_object
from zeep.loader import parse_xml
from zeep.settings import Settings
from zeep.xsd import Nil

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
PORTS = {SOAP11: "FaxWS", SOAP12: "FaxWS12"}
EXIT_REJECTED, EXIT_UNSUPPORTED = 1, 3
# zeep's own safety switches: no DTD, no entities, no network lookups, strict parsing.
SETTINGS = Settings(strict=True, forbid_dtd=True, forbid_entities=True, forbid_external=True)


class Rejected(Exception):
    """The message is refused (exit status 1)."""


class Unsupported(Exception):
    """The form is not something zeep handles (exit status 3)."""


class ZeepBinding:
    """zeep's client for the FaxWS WSDL, plus the element-to-operation table from it."""

    def __init__(self, wsdl: str) -> None:
        self.client = zeep.Client(wsdl, settings=SETTINGS)
        # JSON keys: the request element's name is the operation's; a response is <op>Response.
        self.json_key: dict[str, str] = {}
        self.element_for_key: dict[str, str] = {}
        #: The payload's namespace: the WSDL's types' (its wrapper elements'), not a literal.
        self.namespace = ""
        binding = self.client.wsdl.bindings[next(iter(self.client.wsdl.bindings))]
        for name, op in binding._operations.items():
            request, response = op.input.body.qname, op.output.body.qname
            self.namespace = request.namespace
            self.json_key[request.localname] = name
            self.json_key[response.localname] = f"{name}Response"
            self.element_for_key[name] = str(request)
            self.element_for_key[f"{name}Response"] = str(response)

    # -- decode --------------------------------------------------------------------------

    def decode(self, body: bytes, content_type: str) -> Any:
        """The JSON form of a message or fault, read by zeep."""
        media = content_type.split(";", 1)[0].strip().lower()
        if media == "application/json" or media.endswith("+json"):
            raise Unsupported("zeep has no JSON form")
        try:
            root = parse_xml(body, None, settings=SETTINGS)
        except Exception as exc:  # zeep raises XMLSyntaxError, DTDForbidden, …
            raise Rejected(f"{type(exc).__name__}: {exc}") from None
        q = etree.QName(root)
        if q.localname == "Envelope" and q.namespace not in PORTS:
            raise Rejected(f"VersionMismatch: Envelope in {q.namespace!r}")
        payload = root
        if q.namespace in PORTS:
            payload = self._body_child(root, q)
            if payload.tag == f"{{{q.namespace}}}Fault":
                return self._fault(root, q.namespace)
        pq = etree.QName(payload)
        if pq.namespace != self.namespace or pq.localname not in self.json_key:
            raise Rejected(f"not a FaxWS message: {payload.tag}")
        element = self.client.get_element(payload.tag)
        try:
            value = element.parse(payload, self.client.wsdl.types)
        except Exception as exc:  # zeep's XMLParseError, ValidationError, ValueError …
            raise Rejected(f"{type(exc).__name__}: {exc}") from None
        # zeep parses a wrapper with no children (CheckService) to None: it is an empty object.
        plain = serialize_object(value, dict)
        return {self.json_key[pq.localname]: {} if plain is None else _json_form(plain)}

    @staticmethod
    def _body_child(root: etree._Element, q: etree.QName) -> etree._Element:
        if q.localname != "Envelope":
            raise Rejected(f"root element is {q.localname}, not Envelope")
        kids = list(root)
        if kids and kids[0].tag == f"{{{q.namespace}}}Header":
            kids = kids[1:]
        if len(kids) != 1 or kids[0].tag != f"{{{q.namespace}}}Body":
            raise Rejected("the Envelope must hold one Body (after an optional Header)")
        children = list(kids[0])
        if len(children) != 1:
            raise Rejected(f"the Body holds {len(children)} elements, not 1")
        return children[0]

    def _fault(self, root: etree._Element, ns: str) -> Any:
        port = self.client.wsdl.services["FaxWS"].ports[PORTS[ns]]
        try:
            port.binding.process_error(root, None)
        except ZeepFault as fault:
            return _fault_json(fault, root, ns)
        except Exception as exc:  # zeep's own reading of the fault failed
            raise Rejected(f"zeep could not read the fault: {type(exc).__name__}: {exc}") from None
        raise Rejected("zeep did not read the fault")

    # -- encode --------------------------------------------------------------------------

    def encode(self, doc: Any, form: str) -> bytes:
        """The wire body of a JSON-form message, written by zeep."""
        if form == "json":
            raise Unsupported("zeep has no JSON form")
        if form not in ("soap12", "soap11", "xml"):
            raise Rejected(f"unknown form {form!r}")
        if not isinstance(doc, dict) or len(doc) != 1:
            raise Rejected("the JSON form is an object with one key")
        ((key, fields),) = doc.items()
        if key == "Fault":
            raise Unsupported("zeep has no fault encoder")
        tag = self.element_for_key.get(key)
        if tag is None:
            raise Rejected(f"unknown message {key!r}")
        element = self.client.get_element(tag)
        try:
            value = element(**_zeep_values(fields))
            holder = etree.Element("holder")
            element.render(holder, value)
        except Exception as exc:  # zeep's ValidationError, lxml's ValueError, TypeError …
            raise Rejected(f"{type(exc).__name__}: {exc}") from None
        payload = holder[0]
        if form == "xml":
            return etree.tostring(payload, xml_declaration=True, encoding="utf-8")
        ns = SOAP12 if form == "soap12" else SOAP11
        envelope = etree.Element(f"{{{ns}}}Envelope", nsmap={"soap-env": ns})
        etree.SubElement(envelope, f"{{{ns}}}Body").append(payload)
        return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


# ----------------------------------------------------------------------------- conversions


def _json_form(value: Any) -> Any:
    """Convert zeep's plain data to the JSON form, each list type ("item"s) flattened.

    Nothing is repaired from the XML: where zeep reads ``<ErrorString/>`` as None, or a nil
    item as an object of Nones, the kit sees exactly that (and grades it non-strict).
    """
    if isinstance(value, dict):
        if list(value) == ["item"]:
            return [_json_form(item) for item in value["item"] or []]
        return {k: _json_form(v) for k, v in value.items()}
    if isinstance(value, bytes):  # xsd:base64Binary: base64 text in the JSON form
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime.datetime | datetime.date):
        # xsd:dateTime and xsd:date: their lexical text in the JSON form (zeep reads objects)
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, decimal.Decimal):  # xsd:decimal: its text in the JSON form
        return format(value, "f")
    return value


def _zeep_values(fields: Any) -> Any:
    """The JSON form's fields as zeep keyword values: lists wrapped in "item", null as xsi:nil."""
    if isinstance(fields, dict):
        return {k: _zeep_values(v) for k, v in fields.items()}
    if isinstance(fields, list):
        return {"item": [Nil if v is None else _zeep_values(v) for v in fields]}
    return fields


def _qname(text: str | None, el: etree._Element | None) -> str:
    text = (text or "").strip()
    prefix, _, local = text.rpartition(":")
    ns = el.nsmap.get(prefix or None) if el is not None else None
    return f"{{{ns}}}{local}" if ns else local


def _fault_json(fault: ZeepFault, root: etree._Element, ns: str) -> Any:
    """Convert zeep's Fault to the JSON form: code, first reason, actor, subcodes, detail."""
    if ns == SOAP12:
        value = root.find(f".//{{{SOAP12}}}Code/{{{SOAP12}}}Value")
    else:
        value = root.find(f".//{{{SOAP11}}}Fault/faultcode")
    subcodes = [str(s) for s in (fault.subcodes or [])]
    detail = None
    if fault.detail is not None and fault.detail.get(XSI_NIL) is None:
        detail = (fault.detail.text or "") + "".join(
            etree.tostring(c, encoding="unicode") for c in fault.detail
        )
    return {
        "Fault": {
            "version": "1.2" if ns == SOAP12 else "1.1",
            "Code": _qname(fault.code, value),
            "Subcodes": subcodes,
            "Reason": [{"text": fault.message or "", "lang": ""}],
            "Actor": fault.actor,
            "Node": None,
            "Role": None,
            "Detail": detail,
        }
    }


# ----------------------------------------------------------------------------- protocol


def _answer(binding: ZeepBinding, mode: str, content_type: str, body: bytes) -> Any:
    if mode == "decode":
        return binding.decode(body, content_type)
    if mode == "encode":
        try:
            doc = json.loads(body)
        except ValueError as exc:
            raise Rejected(f"the input is not JSON: {exc}") from None
        return binding.encode(doc, content_type)
    raise Rejected(f"unknown mode {mode!r}")


def _batch(binding: ZeepBinding) -> int:
    for line in sys.stdin.buffer:
        req = json.loads(line)
        out: dict[str, Any] = {"id": req["id"]}
        try:
            result = _answer(
                binding, req["mode"], req["content_type"], base64.b64decode(req["body"])
            )
        except Rejected as exc:
            out.update(status="error", message=str(exc))
        except Unsupported as exc:
            out.update(status="unsupported", message=str(exc))
        else:
            out["status"] = "ok"
            if req["mode"] == "decode":
                out["result"] = result
            else:
                out["output"] = base64.b64encode(result).decode("ascii")
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    """Run one request (decode/encode) or the batch loop."""
    default = Path(__file__).resolve().parent.parent / "schema" / "faxws.wsdl"
    binding = ZeepBinding(os.environ.get("FAXWS_WSDL", str(default)))
    if argv[:1] == ["batch"]:
        return _batch(binding)
    if len(argv) != 2:
        print("usage: zeep_adapter.py decode CONTENT-TYPE | encode FORM | batch", file=sys.stderr)
        return 2
    try:
        result = _answer(binding, argv[0], argv[1], sys.stdin.buffer.read())
    except Rejected as exc:
        print(f"rejected: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except Unsupported as exc:
        print(f"unsupported: {exc}", file=sys.stderr)
        return EXIT_UNSUPPORTED
    if argv[0] == "decode":
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        sys.stdout.buffer.write(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
