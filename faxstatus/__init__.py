"""faxstatus: schema, sans-IO codec, client and simulator for Concord FaxWS v5 status operations.

The top level holds what an integrator needs: the clients and their results, the codec's
``encode``/``decode``, and the errors. The layers are importable on their own:
``faxstatus.codec`` (sans-IO, never imports httpx), ``faxstatus.client``,
``faxstatus.simulator``, ``faxstatus.strategies`` (Hypothesis).

Every public name, and every layer as an attribute (``faxstatus.codec``), loads on first use
(PEP 562): ``import faxstatus`` imports none of attrs, lxml or httpx, so a command that needs
little of the package (a one-shot ``faxstatus decode``) starts in the time it needs.
"""

from __future__ import annotations

#: The package version: the one place it is written (pyproject.toml reads it from here).
__version__ = "0.1.0"

import importlib
from typing import TYPE_CHECKING, Any

# For type checkers only: the same names, from the same modules, as the table below (a test
# holds the two together), so that mypy sees what ``faxstatus.X`` is without running
# ``__getattr__``.
if TYPE_CHECKING:
    from . import client as client
    from . import codec as codec
    from . import conformance as conformance
    from . import models as models
    from . import simulator as simulator
    from . import strategies as strategies
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

#: The one list of public names; each loads on first use from the module ``_LAZY`` names.
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

#: Public name -> the module (relative to this package) it is defined in or exported from.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
            "AmbiguousItemError",
            "CodecError",
            "DecodeError",
            "EncodeError",
            "FaxStatusError",
            "HTTPStatusError",
            "InvalidJobIdError",
            "JobLookupError",
            "JobNotFoundError",
            "MissingFromResponse",
            "NotSentError",
            "OAuthError",
            "ProtocolError",
            "ServiceError",
            "SoapFault",
            "TransportError",
            "VersionMismatchError",
        ),
        "._errors",
    ),
    **dict.fromkeys(("Fault", "SoapVersion"), "._soap"),
    **dict.fromkeys(
        (
            "DEFAULT_ENDPOINT",
            "AsyncFaxStatusClient",
            "FaxJobStatus",
            "FaxStatusClient",
            "ItemError",
            "JobOutcome",
            "JobStatus",
            "OAuth2",
            "Recorder",
            "ResponseMeta",
            "RetryPolicy",
            "SimpleStatus",
            "StatusReport",
            "Timeouts",
            "jri",
        ),
        ".client",
    ),
    **dict.fromkeys(
        (
            "ContentType",
            "DecodeOptions",
            "Message",
            "decode",
            "decode_request",
            "decode_response",
            "encode",
        ),
        ".codec._api",
    ),
    "Direction": ".codec._operations",
}

#: The layers, resolved on attribute access too: code may ``import faxstatus`` and then use
#: ``faxstatus.codec.encode_fault`` without importing ``faxstatus.codec`` itself.
_SUBPACKAGES = frozenset({"client", "codec", "conformance", "models", "simulator", "strategies"})


def __getattr__(name: str) -> Any:
    """Import a public name or a layer on first access and keep it (later lookups are plain)."""
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module, __name__), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'faxstatus' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's attributes, with the public names and layers not loaded yet."""
    return sorted(set(globals()) | set(_LAZY) | _SUBPACKAGES)
