"""The sans-IO codec: FaxWS messages to and from SOAP 1.2, SOAP 1.1, plain XML and JSON bytes.

Nothing here performs I/O or imports httpx. Modules, bottom up: ``_operations`` (the operation
table), ``_plan`` (per-class field layouts), ``_xml`` and ``_json`` (the two walks),
``_faults`` (SOAP Fault forms), ``_api`` (envelopes, content types, encode/decode).
"""

from .._soap import SOAP11_NS, SOAP12_NS, Fault, FaultReason, SoapVersion
from ._api import (
    ContentType,
    DecodeOptions,
    Encoded,
    Message,
    XmlStyle,
    check_response,
    decode,
    decode_request,
    decode_response,
    encode,
    encode_fault,
    json_form,
    parse_content_type,
    service_error,
)
from ._operations import FAXWS_NS, JRI_PREFIX, OPERATIONS, WSDL_NS, Direction, Operation, operation

__all__ = [
    "FAXWS_NS",
    "JRI_PREFIX",
    "OPERATIONS",
    "SOAP11_NS",
    "SOAP12_NS",
    "WSDL_NS",
    "ContentType",
    "DecodeOptions",
    "Direction",
    "Encoded",
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
    "operation",
    "parse_content_type",
    "service_error",
]
