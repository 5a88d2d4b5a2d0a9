"""faxstatus: schema, sans-IO codec, client and simulator for Concord FaxWS v5 status operations.

The codec (``encode``/``decode`` and friends) performs no I/O and does not import httpx;
the client, transport and simulator live in modules that are imported only when used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._errors import (
    CodecError,
    DecodeError,
    EncodeError,
    FaxStatusError,
    HTTPStatusError,
    InvalidJobIdError,
    MissingFromResponse,
    ProtocolError,
    ServiceError,
    SoapFault,
    TransportError,
    VersionMismatchError,
)
from .codec._api import (
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
from .codec._faults import SOAP11_NS, SOAP12_NS, Fault, FaultReason, SoapVersion
from .codec._operations import FAXWS_NS, OPERATIONS, WSDL_NS, Direction, Operation, operation

if TYPE_CHECKING:
    from .client._client import (
        DEFAULT_ENDPOINT,
        AsyncFaxStatusClient,
        FaxStatusClient,
        PreparedRequest,
        SimpleStatus,
    )
    from .client._policy import RetryPolicy, Timeouts
    from .client._results import (
        FaxJobStatus,
        ItemError,
        JobOutcome,
        JobStatus,
        ResponseMeta,
        StatusReport,
        check_job_id,
        jri,
        parse_fax_datetime,
    )
    from .client._trace import Exchange, Recorder
    from .simulator import Injection, SimJob, Simulator, SimulatorServer, SimulatorTransport

# The client side loads on first use: the codec alone never imports httpx, and a one-shot
# `faxstatus decode` does not pay for what it does not run (start-up time, issue #5).
_LAZY = {
    "RetryPolicy": "client._policy",
    "Timeouts": "client._policy",
    "FaxJobStatus": "client._results",
    "ItemError": "client._results",
    "JobOutcome": "client._results",
    "JobStatus": "client._results",
    "ResponseMeta": "client._results",
    "StatusReport": "client._results",
    "check_job_id": "client._results",
    "jri": "client._results",
    "parse_fax_datetime": "client._results",
    "Exchange": "client._trace",
    "Recorder": "client._trace",
    "DEFAULT_ENDPOINT": "client._client",
    "AsyncFaxStatusClient": "client._client",
    "FaxStatusClient": "client._client",
    "PreparedRequest": "client._client",
    "SimpleStatus": "client._client",
    "Injection": "simulator",
    "SimJob": "simulator",
    "Simulator": "simulator",
    "SimulatorServer": "simulator",
    "SimulatorTransport": "simulator",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'faxstatus' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "DEFAULT_ENDPOINT",
    "FAXWS_NS",
    "OPERATIONS",
    "SOAP11_NS",
    "SOAP12_NS",
    "WSDL_NS",
    "AsyncFaxStatusClient",
    "CodecError",
    "ContentType",
    "DecodeError",
    "DecodeOptions",
    "Direction",
    "EncodeError",
    "Encoded",
    "Exchange",
    "Fault",
    "FaultReason",
    "FaxJobStatus",
    "FaxStatusClient",
    "FaxStatusError",
    "HTTPStatusError",
    "Injection",
    "InvalidJobIdError",
    "ItemError",
    "JobOutcome",
    "JobStatus",
    "Message",
    "MissingFromResponse",
    "Operation",
    "PreparedRequest",
    "ProtocolError",
    "Recorder",
    "ResponseMeta",
    "RetryPolicy",
    "ServiceError",
    "SimJob",
    "SimpleStatus",
    "Simulator",
    "SimulatorServer",
    "SimulatorTransport",
    "SoapFault",
    "SoapVersion",
    "StatusReport",
    "Timeouts",
    "TransportError",
    "VersionMismatchError",
    "XmlStyle",
    "check_job_id",
    "check_response",
    "decode",
    "decode_request",
    "decode_response",
    "encode",
    "encode_fault",
    "jri",
    "operation",
    "parse_content_type",
    "parse_fax_datetime",
]
