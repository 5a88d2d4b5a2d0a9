"""faxstatus: schema, sans-IO codec, client and simulator for Concord FaxWS v5 status operations.

The codec (``encode``/``decode`` and friends) performs no I/O and does not import httpx;
the client, transport and simulator live in modules that are imported only when used.
"""

from __future__ import annotations

from ._codec import (
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
    parse_content_type,
)
from ._errors import (
    CodecError,
    DecodeError,
    EncodeError,
    FaxStatusError,
    HTTPStatusError,
    InvalidJobIdError,
    ProtocolError,
    ServiceError,
    SoapFault,
    TransportError,
    VersionMismatchError,
)
from ._faults import SOAP11_NS, SOAP12_NS, Fault, FaultReason, SoapVersion
from ._operations import FAXWS_NS, OPERATIONS, WSDL_NS, Direction, Operation, operation

__all__ = [
    "FAXWS_NS",
    "OPERATIONS",
    "SOAP11_NS",
    "SOAP12_NS",
    "WSDL_NS",
    "CodecError",
    "ContentType",
    "DecodeError",
    "DecodeOptions",
    "Direction",
    "EncodeError",
    "Encoded",
    "Fault",
    "FaultReason",
    "FaxStatusError",
    "HTTPStatusError",
    "InvalidJobIdError",
    "Message",
    "Operation",
    "ProtocolError",
    "ServiceError",
    "SoapFault",
    "SoapVersion",
    "TransportError",
    "VersionMismatchError",
    "XmlStyle",
    "check_response",
    "decode",
    "decode_request",
    "decode_response",
    "encode",
    "encode_fault",
    "operation",
    "parse_content_type",
]
