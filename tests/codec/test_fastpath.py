"""Differential tests: every named decoder vs the generic plan walker vs xsdata + XSD reference."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
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

from .helpers import NO_SCAN_DECODERS, decode_chains, xsd

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
        if etree.QName(el).namespace == "urn:FaxWS"
        else None
    )
    if found is None:
        raise DecodeError("not a FaxWS payload")
    op, direction = found
    doc = etree.fromstring(etree.tostring(el))
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


_INSERTS = [b"<", b"&", b"<x>", b"</", b"\x00", b"\xff", b" ", b"x", b"1", b"_", b"<e/>"]
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_VALUES = [
    "abc",
    "1_0",
    " 7 ",
    "+3",
    "",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "true",
    "0",
    "-0",
    "\u0663",
    "1.0",
    "\t\n",
    "x y",
]


def _tree_mutation(draw: st.DrawFn, body: bytes) -> bytes:
    """A well-formed change: the cases a structural fast path is most likely to get wrong."""
    root = etree.fromstring(body)
    nodes = list(root.iter())
    el = draw(st.sampled_from(nodes))
    kind = draw(
        st.sampled_from(["child", "text", "tail", "attr", "remove", "dup", "swap", "value"])
    )
    if kind == "child":
        etree.SubElement(
            el, draw(st.sampled_from(["{urn:FaxWS}e", "e", "{urn:x}y", "{urn:FaxWS}item"]))
        )
    elif kind == "text":
        el.text = (el.text or "") + draw(st.sampled_from(["x", " ", "\n"]))
    elif kind == "tail" and el.getparent() is not None:
        el.tail = (el.tail or "") + draw(st.sampled_from(["x", " "]))
    elif kind == "attr":
        # xsi:type is left out: we ignore it (rpc/encoded peers), an XSD validator checks it.
        name = draw(st.sampled_from([f"{{{_XSI}}}nil", "a", "{urn:FaxWS}b"]))
        el.set(name, draw(st.sampled_from(["true", "false", "1", "0"])))
    elif kind in ("remove", "dup", "swap") and (parent := el.getparent()) is not None:
        if kind == "remove":
            parent.remove(el)
        elif kind == "dup":
            el.addnext(etree.fromstring(etree.tostring(el, with_tail=False)))
        else:
            nxt = el.getnext()
            if nxt is not None:
                nxt.addnext(el)
    elif kind == "value" and len(el) == 0:
        el.text = draw(st.sampled_from(_VALUES))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    op, direction = draw(st.sampled_from(OPS_DIRS))
    ct = draw(st.sampled_from([ContentType.SOAP12, ContentType.SOAP11, ContentType.XML]))
    body = faxstatus.encode(draw(fs.messages(op, direction, max_items=3)), ct).body
    if draw(st.integers(0, 3)):
        for _ in range(draw(st.integers(1, 2))):
            body = _tree_mutation(draw, body)
        return body
    buf = bytearray(body)
    pos = draw(st.integers(0, len(buf)))
    kind = draw(st.sampled_from(["insert", "delete", "truncate"]))
    if kind == "insert":
        buf[pos:pos] = draw(st.sampled_from(_INSERTS))
    elif kind == "delete":
        del buf[pos : pos + draw(st.integers(1, 12))]
    else:
        del buf[pos:]
    return bytes(buf)


def _run(fn: Any) -> tuple[str, Any]:
    try:
        result = fn()
    except CodecError as exc:
        return "error", type(exc)
    return "ok", result.payload if isinstance(result, Message) else result


@settings(max_examples=300)
@given(mutated())
def test_mutations_agree(body):
    """On mutated bytes every named chain accepts with equal results or all reject.

    Each decoder runs alone before the generic walker (tests/helpers.py ``decode_chains``),
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
