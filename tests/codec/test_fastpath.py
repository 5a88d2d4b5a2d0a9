"""Differential tests: every named decoder vs the generic plan walker vs xsdata + XSD reference."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from xsdata.exceptions import ParserError
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig

import faxstatus
from faxstatus import CodecError, ContentType, DecodeError, DecodeOptions, Direction, Fault, Message
from faxstatus import strategies as fs
from faxstatus.codec import OPERATIONS
from faxstatus.codec._api import _unwrap
from faxstatus.codec._faults import SoapVersion
from faxstatus.codec._operations import lookup_element
from faxstatus.codec._xml import parse_document
from faxstatus.models import layout

from ..support.helpers import NO_SCAN_DECODERS, decode_chains, xsd
from ..support.mutations import XSI as _XSI
from ..support.mutations import mutated

OPS_DIRS = [(op, d) for op in OPERATIONS for d in Direction]
FAST = DecodeOptions()
GENERIC = DecodeOptions(decoders=("generic",))
NO_SCAN = DecodeOptions(decoders=NO_SCAN_DECODERS)
CHAINS = decode_chains()
_XSDATA = XmlParser(config=ParserConfig(fail_on_converter_warnings=True))


def reference(body: bytes) -> Any:
    """An independent reading: libxml2 XSD validation for strictness, xsdata for binding."""
    root = parse_document(body)
    ns = etree.QName(root).namespace
    el = root
    if ns in (SoapVersion.SOAP11.value, SoapVersion.SOAP12.value):
        el, _ = _unwrap(root, SoapVersion(ns))
    found = (
        lookup_element(etree.QName(el).localname)
        if etree.QName(el).namespace == layout.NAMESPACE
        else None
    )
    if found is None:
        raise DecodeError("not a FaxWS payload")
    op, direction = found
    doc = etree.fromstring(etree.tostring(el))
    for node in doc.iter():
        # xsi:type is a QName, whose whiteSpace is collapse (XSD Part 1 §3.3.4 cvc-elt.4.1 on
        # its normalized value; Part 2 §3.2.18): libxml2 refuses " xsd:string", which every
        # decoder here rightly reads as xsd:string. Give libxml2 the normalized value.
        kind = node.get(f"{{{_XSI}}}type")
        if kind is not None:
            node.set(f"{{{_XSI}}}type", " ".join(kind.split()))
    if not xsd().validate(doc):
        raise DecodeError("not valid against the XSD")
    for node in doc.iter():
        # xsdata reads only xsi:nil="true" and trips over "false": give it the equivalent
        # forms ("1" is "true", "false"/"0" is no nil at all; XSD Part 2 §3.2.2).
        nil = node.get(f"{{{_XSI}}}nil")
        if nil == "1":
            node.set(f"{{{_XSI}}}nil", "true")
        elif nil in ("false", "0"):
            del node.attrib[f"{{{_XSI}}}nil"]
    try:
        return _XSDATA.parse(doc, op.cls(direction))
    except (ParserError, TypeError, ValueError) as exc:
        raise DecodeError(str(exc)) from None


@pytest.mark.slow
@pytest.mark.parametrize(("op", "direction"), OPS_DIRS, ids=[f"{o}-{d.value}" for o, d in OPS_DIRS])
@settings(max_examples=20)
@given(data=st.data())
def test_equivalent_fast_generic_reference(op, direction, data):
    """On valid messages the fast path, the generic walker and xsdata+XSD agree exactly."""
    msg = data.draw(fs.messages(op, direction))
    for ct in ContentType:
        body = faxstatus.encode(msg, ct).body
        fast = faxstatus.decode(body, options=NO_SCAN)
        slow = faxstatus.decode(body, options=GENERIC)
        assert isinstance(fast, Message) and isinstance(slow, Message)
        for name, options in CHAINS.items():
            each = faxstatus.decode(body, options=options)
            assert isinstance(each, Message), name
            assert each.payload == msg, name
        assert fast.payload == slow.payload == msg
        if ct is not ContentType.JSON:
            assert reference(body) == msg


def _run(fn: Any) -> tuple[str, Any]:
    try:
        result = fn()
    except CodecError as exc:
        return "error", type(exc)
    return "ok", result.payload if isinstance(result, Message) else result


_PADDED_XSI_TYPE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope'
    b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    b' xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
    b' xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>'
    b'<CheckServiceResponse xmlns="urn:FaxWS"><return xsi:type=" xsd:string">OK</return>'
    b"</CheckServiceResponse></env:Body></env:Envelope>"
)


@pytest.mark.slow
@settings(max_examples=300)
@given(mutated())
@example(body=_PADDED_XSI_TYPE)  # found by the field-made-a-list trial's draws
def test_mutations_agree(body):
    """On mutated bytes every named chain accepts with equal results or all reject.

    Each decoder runs alone before the generic walker (tests/support/helpers.py ``decode_chains``),
    and the default chain without the scanner runs the parser-based decoders on canonical
    input too.
    """
    fast = _run(lambda: faxstatus.decode(body, options=FAST))
    compiled = _run(lambda: faxstatus.decode(body, options=NO_SCAN))
    assert fast == compiled
    for name, options in CHAINS.items():
        assert _run(lambda o=options: faxstatus.decode(body, options=o)) == fast, name
    if fast[0] == "ok" and isinstance(fast[1], Fault):
        return
    try:
        ref: tuple[str, Any] = ("ok", reference(body))
    except CodecError as exc:
        ref = ("error", DecodeError if not isinstance(exc, faxstatus.ProtocolError) else type(exc))
    assert fast[0] == ref[0], (fast, ref)
    if fast[0] == "ok":
        assert fast[1] == ref[1]


def test_the_validated_walk_alone_decodes_canonical_input_and_declines_the_rest():
    """A chain of one strategy uses only that one: no walker behind it catches a decline."""
    body = faxstatus.encode(
        faxstatus.models.SimpleFaxStatusResponse(return_value=1), ContentType.SOAP12
    ).body
    alone = DecodeOptions(decoders=("validated",))
    assert faxstatus.decode(body, options=alone).payload.return_value == 1
    bad = body.replace(b"<return>1", b"<return>x")
    with pytest.raises(DecodeError, match=r"chain \(validated\) declined"):
        faxstatus.decode(bad, options=alone)
    # The generic walker names the fault the validated walk declined.
    with pytest.raises(DecodeError, match="return") as exc:
        faxstatus.decode(bad, options=DecodeOptions(decoders=("validated", "generic")))
    assert "declined" not in str(exc.value)
