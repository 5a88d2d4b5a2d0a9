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

from . import samples
from .codec_check import check_decode

OPS_DIRS = [(op, d) for op in OPERATIONS for d in Direction]
MODES = {
    "strict": DecodeOptions(),
    "lenient": DecodeOptions(strict=False),
    "generic": DecodeOptions(fast_path=False),
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
