"""Hypothesis mutation fuzz of every decoder (CI size): only the codec's own errors may escape.

Decoders: SOAP 1.2, SOAP 1.1 and plain XML messages, JSON messages, SOAP 1.1/1.2 and JSON
faults; each in strict, lenient and generic-only mode. ``make fuzz`` runs the same property
coverage-guided, without a size limit (fuzz/fuzz_decode.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import faxstatus
import faxstatus.codec
from faxstatus import ContentType, DecodeOptions, Direction, SoapVersion
from faxstatus import strategies as fs
from faxstatus.codec import OPERATIONS

from ..support import samples
from ..support.codec_check import check_decode

pytestmark = pytest.mark.slow

OPS_DIRS = [(op, d) for op in OPERATIONS for d in Direction]
MODES = {
    "strict": DecodeOptions(),
    "lenient": DecodeOptions(strict=False),
    "generic": DecodeOptions(decoders=("generic",)),
}
_JUNK: list[Any] = [None, True, 0, -1, 2**63, 1.5, "", "x", [], {}, [None], {"item": []}, "\ud800"]


def _check(body: bytes, ctype: str | None, options: DecodeOptions) -> None:
    check_decode(body, ctype, options)


def _bytes_mutation(draw: st.DrawFn, body: bytes) -> bytes:
    buf = bytearray(body)
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, len(buf)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]))
        if kind == "flip" and pos < len(buf):
            buf[pos] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            buf[pos:pos] = draw(
                st.binary(min_size=1, max_size=8)
                | st.sampled_from([b"<", b"&", b"]]>", b"\\u", b'"', b"{", b"[", b"-1", b"1e9"])
            )
        elif kind == "delete":
            del buf[pos : pos + draw(st.integers(1, 16))]
        elif kind == "truncate":
            del buf[pos:]
        else:
            buf[pos:pos] = buf[pos : pos + draw(st.integers(1, 32))]
    return bytes(buf)


def _json_mutation(draw: st.DrawFn, doc: Any) -> Any:
    """Replace, drop or add one member somewhere in a JSON document."""
    if isinstance(doc, dict) and doc:
        key = draw(st.sampled_from(sorted(doc)))
        action = draw(st.sampled_from(["replace", "drop", "add", "recurse"]))
        out = dict(doc)
        if action == "replace":
            out[key] = draw(st.sampled_from(_JUNK))
        elif action == "drop":
            del out[key]
        elif action == "add":
            out[draw(st.sampled_from(["extra", key.lower(), "item"]))] = 1
        else:
            out[key] = _json_mutation(draw, doc[key])
        return out
    if isinstance(doc, list) and doc:
        i = draw(st.integers(0, len(doc) - 1))
        out_list = list(doc)
        out_list[i] = (
            _json_mutation(draw, doc[i]) if draw(st.booleans()) else draw(st.sampled_from(_JUNK))
        )
        return out_list
    return draw(st.sampled_from(_JUNK))


@st.composite
def message_bodies(draw: st.DrawFn, ct: ContentType) -> tuple[bytes, str]:
    op, direction = draw(st.sampled_from(OPS_DIRS))
    enc = faxstatus.encode(draw(fs.messages(op, direction, max_items=2)), ct)
    if ct is ContentType.JSON and draw(st.booleans()):
        doc = _json_mutation(draw, json.loads(enc.body))
        try:
            return json.dumps(doc).encode(), enc.headers["Content-Type"]
        except UnicodeEncodeError:
            return enc.body, enc.headers["Content-Type"]
    return _bytes_mutation(draw, enc.body), enc.headers["Content-Type"]


@st.composite
def fault_bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    version = draw(st.sampled_from(list(SoapVersion)))
    ct = draw(st.sampled_from([None, ContentType.JSON]))
    enc = faxstatus.codec.encode_fault(samples.fault(version), ct)
    if ct is ContentType.JSON and draw(st.booleans()):
        return json.dumps(_json_mutation(draw, json.loads(enc.body))).encode(), enc.headers[
            "Content-Type"
        ]
    return _bytes_mutation(draw, enc.body), enc.headers["Content-Type"]


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("ct", list(ContentType), ids=[c.value for c in ContentType])
@settings(max_examples=40)
@given(data=st.data())
def test_fuzz_message_decoders(ct, mode, data):
    """Mutated messages of each content type decode or raise a CodecError, in every mode."""
    body, ctype = data.draw(message_bodies(ct))
    _check(body, ctype, MODES[mode])
    _check(body, None, MODES[mode])  # and with the content type left to detection


@pytest.mark.parametrize("mode", list(MODES))
@settings(max_examples=40)
@given(case=fault_bodies())
def test_fuzz_fault_decoders(mode, case):
    """Mutated SOAP 1.1, SOAP 1.2 and JSON faults decode or raise a CodecError."""
    _check(case[0], case[1], MODES[mode])


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every member and element path in a JSON document, the root's children first."""
    out: list[tuple[Any, ...]] = []
    items = (
        doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    )
    for key, value in items:
        out.append((*prefix, key))
        out.extend(_paths(value, (*prefix, key)))
    return out


def _replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[path[0]] = _replaced(doc[path[0]], path[1:], value)
    return copy


def _json_docs() -> list[tuple[str, Any]]:
    docs = []
    for op in OPERATIONS:
        for d in Direction:
            enc = faxstatus.encode(samples.sample(op, d), ContentType.JSON)
            docs.append((f"{op}-{d.value}", json.loads(enc.body)))
    for v in SoapVersion:
        enc = faxstatus.codec.encode_fault(samples.fault(v), ContentType.JSON)
        docs.append((f"fault-{v.label}", json.loads(enc.body)))
    return docs


@pytest.mark.parametrize(("name", "doc"), _json_docs(), ids=[n for n, _ in _json_docs()])
def test_every_json_member_replaced_by_every_junk_value(name, doc):
    """Exhaustive, not sampled: each member (a fault's "version" too) set to each junk value.

    Only a CodecError may escape, and the fast and generic decoders agree on accepting.
    """
    for path in _paths(doc):
        for junk in [*_JUNK, {"a": [1]}, [[]], 10**400]:
            try:
                body = json.dumps(_replaced(doc, path, junk)).encode()
            except (UnicodeEncodeError, ValueError):
                continue
            accepted = [
                check_decode(body, "application/json", options) is not None
                for options in MODES.values()
            ]
            assert accepted[0] == accepted[2], (name, path, junk)  # fast == generic
