"""The sans-IO codec: FaxWS messages to and from SOAP 1.2, SOAP 1.1, plain XML and JSON bytes.

Nothing here performs I/O or imports httpx. Modules, bottom up: ``_compile`` (run-time
generated code), ``decoders/scan.py`` (the canonical-layout scanner, and the limits the parser
enforces), ``_operations`` (the operation table), ``_plan`` (per-class field layouts),
``_xml`` (the hardened parser and element checks) and ``_json`` (the JSON walk), ``_faults``
(SOAP Fault forms), ``decoders/`` and ``encoders/`` (the named strategies), ``_api`` (envelopes,
content types, encode/decode and the strategy chains).

The names below are imported on first access (PEP 562), so that ``faxstatus decode`` can
import ``faxstatus.codec.decoders.scan`` without loading attrs and lxml.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._soap import SOAP11_NS, SOAP12_NS, Fault, FaultReason, SoapVersion
    from ._api import (
        ContentType,
        DecodeOptions,
        Encoded,
        EncodeOptions,
        Message,
        XmlStyle,
        check_response,
        decode,
        decode_request,
        decode_response,
        encode,
        encode_fault,
        json_form,
        json_text,
        parse_content_type,
        service_error,
    )
    from ._operations import (
        FAXWS_NS,
        JRI_PREFIX,
        OPERATIONS,
        WSDL_NS,
        Direction,
        Operation,
        operation,
    )
    from .decoders import DECODERS, Decoder
    from .encoders import ENCODERS, Encoder

#: Public name -> the module defining it.
_LAZY = {
    **dict.fromkeys(("SOAP11_NS", "SOAP12_NS", "Fault", "FaultReason", "SoapVersion"), "_soap"),
    **dict.fromkeys(
        (
            "ContentType",
            "DecodeOptions",
            "EncodeOptions",
            "Encoded",
            "Message",
            "XmlStyle",
            "check_response",
            "decode",
            "decode_request",
            "decode_response",
            "encode",
            "encode_fault",
            "json_form",
            "json_text",
            "parse_content_type",
            "service_error",
        ),
        "codec._api",
    ),
    **dict.fromkeys(
        ("FAXWS_NS", "JRI_PREFIX", "OPERATIONS", "WSDL_NS", "Direction", "Operation", "operation"),
        "codec._operations",
    ),
    **dict.fromkeys(("DECODERS", "Decoder"), "codec.decoders"),
    **dict.fromkeys(("ENCODERS", "Encoder"), "codec.encoders"),
}

__all__ = [
    "DECODERS",
    "ENCODERS",
    "FAXWS_NS",
    "JRI_PREFIX",
    "OPERATIONS",
    "SOAP11_NS",
    "SOAP12_NS",
    "WSDL_NS",
    "ContentType",
    "DecodeOptions",
    "Decoder",
    "Direction",
    "EncodeOptions",
    "Encoded",
    "Encoder",
    "Fault",
    "FaultReason",
    "Message",
    "Operation",
    "SoapVersion",
    "XmlStyle",
    "check_response",
    "decode",
    "decode_request",
    "decode_response",
    "encode",
    "encode_fault",
    "json_form",
    "json_text",
    "operation",
    "parse_content_type",
    "service_error",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first access and keep it (later lookups are plain)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'faxstatus.codec' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"faxstatus.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's attributes, with the public names not loaded yet."""
    return sorted(set(globals()) | set(_LAZY))
