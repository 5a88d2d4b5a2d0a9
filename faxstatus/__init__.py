"""faxstatus: schema, sans-IO codec, client and simulator for Concord FaxWS v5 status operations.

The top level holds what an integrator needs: the clients and their results, the codec's
``encode``/``decode``, and the errors. The layers are importable on their own:
``faxstatus.codec`` (sans-IO, never imports httpx), ``faxstatus.client``,
``faxstatus.simulator``, ``faxstatus.strategies`` (Hypothesis).

The codec loads eagerly; the client side loads on first use, so a one-shot
``faxstatus decode`` does not pay for httpx (start-up time).
"""

from __future__ import annotations

#: The package version: the one place it is written (pyproject.toml reads it from here).
__version__ = "0.1.0"

import importlib
from typing import TYPE_CHECKING, Any

from ._errors import (
    AmbiguousItemError,
    CodecError,
    DecodeError,
    EncodeError,
    FaxStatusError,
    HTTPStatusError,
    InvalidJobIdError,
    JobLookupError,
    JobNotFoundError,
    MissingFromResponse,
    NotSentError,
    OAuthError,
    ProtocolError,
    ServiceError,
    SoapFault,
    TransportError,
    VersionMismatchError,
)
from ._soap import Fault, SoapVersion
from .codec._api import (
    ContentType,
    DecodeOptions,
    Message,
    decode,
    decode_request,
    decode_response,
    encode,
)
from .codec._operations import Direction

if TYPE_CHECKING:
    from .client import (
        DEFAULT_ENDPOINT,
        AsyncFaxStatusClient,
        FaxJobStatus,
        FaxStatusClient,
        ItemError,
        JobOutcome,
        JobStatus,
        OAuth2,
        Recorder,
        ResponseMeta,
        RetryPolicy,
        SimpleStatus,
        StatusReport,
        Timeouts,
        jri,
    )

#: The one list of public names. Those not imported eagerly above load on first use from
#: ``faxstatus.client`` (the table below is derived from this list; tests check that the
#: TYPE_CHECKING import names exactly the lazy ones).
__all__ = [
    "DEFAULT_ENDPOINT",
    "AmbiguousItemError",
    "AsyncFaxStatusClient",
    "CodecError",
    "ContentType",
    "DecodeError",
    "DecodeOptions",
    "Direction",
    "EncodeError",
    "Fault",
    "FaxJobStatus",
    "FaxStatusClient",
    "FaxStatusError",
    "HTTPStatusError",
    "InvalidJobIdError",
    "ItemError",
    "JobLookupError",
    "JobNotFoundError",
    "JobOutcome",
    "JobStatus",
    "Message",
    "MissingFromResponse",
    "NotSentError",
    "OAuth2",
    "OAuthError",
    "ProtocolError",
    "Recorder",
    "ResponseMeta",
    "RetryPolicy",
    "ServiceError",
    "SimpleStatus",
    "SoapFault",
    "SoapVersion",
    "StatusReport",
    "Timeouts",
    "TransportError",
    "VersionMismatchError",
    "decode",
    "decode_request",
    "decode_response",
    "encode",
    "jri",
]
_LAZY = {name: "client" for name in __all__ if name not in globals()}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'faxstatus' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
