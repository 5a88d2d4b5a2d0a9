"""Hypothesis mutations of encoded FaxWS messages, fed to every decoder by differential tests."""

from __future__ import annotations

from hypothesis import strategies as st
from lxml import etree

import faxstatus
from faxstatus import ContentType, Direction
from faxstatus import strategies as fs
from faxstatus._layouts import LAYOUTS
from faxstatus.codec import OPERATIONS

OPS_DIRS = [(op, d) for op in OPERATIONS for d in Direction]
#: The layouts that serve SOAP 1.1 too (the others are drawn for SOAP 1.2 bodies only).
_EITHER = ("gsoap", "canonical", "defaultns", "xmlnil")

_INSERTS = [b"<", b"&", b"<x>", b"</", b"\x00", b"\xff", b" ", b"x", b"1", b"_", b"<e/>"]
XSI = "http://www.w3.org/2001/XMLSchema-instance"
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
        name = draw(st.sampled_from([f"{{{XSI}}}nil", "a", "{urn:FaxWS}b"]))
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
    # Laid out as a server may send it (faxstatus._layouts), then mutated: the scanner reads
    # each of these layouts, so each is a corpus of its own.
    names = {ContentType.SOAP12: tuple(LAYOUTS), ContentType.SOAP11: _EITHER}.get(ct, ())
    layout = draw(st.sampled_from([None, *names]))
    if layout is not None:
        body = LAYOUTS[layout](body)
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
