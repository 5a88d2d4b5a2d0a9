"""Hypothesis properties of the codec: round-trip, cross-format agreement, and fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import faxstatus
import faxstatus.codec
from faxstatus import ContentType, Direction, Fault, Message, SoapVersion
from faxstatus import strategies as fs
from faxstatus.codec import OPERATIONS, FaultReason

from ..support.codec_check import check_decode
from ..support.helpers import assert_valid

pytestmark = pytest.mark.slow

OPS_DIRS = [(op, d) for op in OPERATIONS for d in Direction]
IDS = [f"{op}-{d.value}" for op, d in OPS_DIRS]
CTYPES = [
    None,
    "application/soap+xml",
    "text/xml",
    "application/xml",
    "application/json",
    "text/html",
    "Text/XML; charset=iso-8859-1",
]


@pytest.mark.parametrize("ct", list(ContentType), ids=[c.value for c in ContentType])
@pytest.mark.parametrize(("op", "direction"), OPS_DIRS, ids=IDS)
@settings(max_examples=25)
@given(data=st.data())
def test_roundtrip_encode_decode(op, direction, ct, data):
    """decode(encode(m)) == m for every operation, direction and content type; XML is valid."""
    msg = data.draw(fs.messages(op, direction))
    enc = faxstatus.encode(msg, ct)
    out = faxstatus.decode(
        enc.body, enc.headers["Content-Type"], operation_name=op, direction=direction
    )
    assert isinstance(out, Message)
    assert out.payload == msg
    assert out.content_type is ct
    if ct is not ContentType.JSON:
        assert_valid(enc.body)


@pytest.mark.parametrize(("op", "direction"), OPS_DIRS, ids=IDS)
@settings(max_examples=30)
@given(data=st.data())
def test_equivalent_across_formats(op, direction, data):
    """The SOAP 1.2, SOAP 1.1, XML and JSON encodings of one message decode to the same message."""
    msg = data.draw(fs.messages(op, direction))
    decoded = set()
    for ct in ContentType:
        enc = faxstatus.encode(msg, ct)
        out = faxstatus.decode(enc.body)  # no header: the body alone must say what it is
        assert isinstance(out, Message)
        decoded.add(repr(out.payload))
    assert decoded == {repr(msg)}


def _faults() -> st.SearchStrategy[Fault]:
    qname = st.sampled_from(["{urn:FaxWS}A", "{urn:x}B.c", "Plain"])
    reason = st.builds(FaultReason, fs.xml_text(), st.sampled_from(["", "en", "fr-CA", 'a"b\t']))

    @st.composite
    def build(draw: st.DrawFn) -> Fault:
        version = draw(st.sampled_from(list(SoapVersion)))
        code = f"{{{version.value}}}" + draw(
            st.sampled_from(["Sender", "Receiver", "Client", "Server"])
        )
        opt = st.none() | fs.xml_text()
        detail = st.none() | st.sampled_from(
            ["", "text &amp; more", '<d:x xmlns:d="urn:d">1</d:x>']
        )
        if version is SoapVersion.SOAP11:
            return Fault(version, code, (draw(reason),), actor=draw(opt), detail=draw(detail))
        return Fault(
            version,
            code,
            tuple(draw(st.lists(reason, min_size=1, max_size=3))),
            subcodes=tuple(draw(st.lists(qname, max_size=3))),
            node=draw(opt),
            role=draw(opt),
            detail=draw(detail),
        )

    return build()


@given(_faults(), st.sampled_from([None, ContentType.JSON]))
def test_roundtrip_faults(fault, ct):
    """Faults of both versions round-trip with every optional part, in XML and JSON."""
    enc = faxstatus.codec.encode_fault(fault, ct)
    assert faxstatus.decode(enc.body, enc.headers["Content-Type"]) == fault


@given(st.binary(max_size=400), st.sampled_from(CTYPES))
def test_fuzz_decode_arbitrary_bytes(body, ctype):
    """Arbitrary bytes raise nothing but the codec's own errors."""
    check_decode(body, ctype)


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    op, direction = draw(st.sampled_from(OPS_DIRS))
    ct = draw(st.sampled_from(list(ContentType)))
    enc = faxstatus.encode(draw(fs.messages(op, direction, max_items=2)), ct)
    body = bytearray(enc.body)
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(body)))
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate"]))
        if kind == "truncate":
            del body[pos:]
        elif kind == "flip" and pos < len(body):
            body[pos] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            body[pos:pos] = draw(
                st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"&",
                        b"<x>",
                        b"</",
                        b'"',
                        b"\x00",
                        b"\xff",
                        b"{",
                        b"}",
                        b"null",
                        b"1e999",
                        b"<!DOCTYPE a>",
                    ]
                )
            )
        elif kind == "delete":
            del body[pos : pos + draw(st.integers(1, 20))]
        else:
            body[pos:pos] = body[pos : pos + draw(st.integers(1, 40))]
    return bytes(body), enc.headers["Content-Type"]


@given(_mutated())
def test_fuzz_decode_mutated_messages(case):
    """Mutations of valid messages either decode to well-typed messages or raise a CodecError."""
    body, ctype = case
    check_decode(body, ctype)
