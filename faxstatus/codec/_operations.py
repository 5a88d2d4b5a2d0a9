"""The operation table: names, wrapper classes, element QNames and soapAction of each operation."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from .. import models

__all__ = [
    "FAXWS_NS",
    "JRI_PREFIX",
    "OPERATIONS",
    "WSDL_NS",
    "Direction",
    "Operation",
    "lookup_class",
    "lookup_element",
    "operation",
]

#: Namespace of every type and element (CONTRACT.md §1: schema targetNamespace).
FAXWS_NS = "urn:FaxWS"
#: The WSDL's own targetNamespace; it ends in ".wsdl" on purpose (CONTRACT.md §1).
WSDL_NS = "https://ws.concordfax.com/fax/v5/FaxWS.wsdl"
#: A job id of this form names a fax by the sender's own reference (JRI) instead of its
#: ``br…`` id; both the client and the simulator need to recognise it.
JRI_PREFIX = "JRI-"

ReqT = TypeVar("ReqT")
RespT = TypeVar("RespT")


class Direction(enum.Enum):
    """Which way a message travels."""

    REQUEST = "request"
    RESPONSE = "response"


@attrs.frozen
class Operation(Generic[ReqT, RespT]):
    """One FaxWS operation: its wrapper classes and wire names.

    The request element is named after the operation; the response element is not
    ``<name>Response`` but the vendor's own name (``RealTimeFaxStatusExResponse``), while the
    JSON form does use ``<name>Response`` as its key (CONTRACT.md §1 and §4.6).
    """

    name: str
    request: type[ReqT]
    response: type[RespT]
    #: WSDL 1.1 §3.4: soapAction. The vendor's WSDL gives "" for every operation.
    soap_action: str = ""

    @property
    def request_element(self) -> str:
        """Local name of the request wrapper element."""
        return self.request.__name__

    @property
    def response_element(self) -> str:
        """Local name of the response wrapper element (the vendor's name)."""
        return self.response.__name__

    @property
    def json_request_key(self) -> str:
        """Top-level key of the JSON request."""
        return self.name

    @property
    def json_response_key(self) -> str:
        """Top-level key of the JSON response: ``<name>Response`` (CONTRACT.md §4.6)."""
        return f"{self.name}Response"

    @property
    def has_status_list(self) -> bool:
        """True for the multi-job operations, whose responses carry return/FaxStatusList/WSError."""
        return hasattr(self.response, "fax_status_list")

    def element(self, direction: Direction) -> str:
        """Local name of the wrapper element for *direction*."""
        return self.request_element if direction is Direction.REQUEST else self.response_element

    def cls(self, direction: Direction) -> type[Any]:
        """Wrapper class for *direction*."""
        return self.request if direction is Direction.REQUEST else self.response

    def json_key(self, direction: Direction) -> str:
        """Top-level JSON key for *direction*."""
        return self.json_request_key if direction is Direction.REQUEST else self.json_response_key


def _op(name: str, request: type[ReqT], response: type[RespT]) -> Operation[ReqT, RespT]:
    assert request.__name__ == name
    return Operation(name, request, response)


GetFaxStatus = _op("GetFaxStatus", models.GetFaxStatus, models.FaxStatusResponse)
GetRealTimeFaxStatus = _op(
    "GetRealTimeFaxStatus", models.GetRealTimeFaxStatus, models.RealTimeFaxStatusResponse
)
GetRealTimeFaxStatusEx = _op(
    "GetRealTimeFaxStatusEx", models.GetRealTimeFaxStatusEx, models.RealTimeFaxStatusExResponse
)
GetRealTimeFaxStatusEx2 = _op(
    "GetRealTimeFaxStatusEx2", models.GetRealTimeFaxStatusEx2, models.RealTimeFaxStatusEx2Response
)
GetRealTimeFaxStatusEx3 = _op(
    "GetRealTimeFaxStatusEx3", models.GetRealTimeFaxStatusEx3, models.RealTimeFaxStatusEx3Response
)
SimpleGetFaxStatus = _op(
    "SimpleGetFaxStatus", models.SimpleGetFaxStatus, models.SimpleFaxStatusResponse
)
CheckService = _op("CheckService", models.CheckService, models.CheckServiceResponse)

#: Every operation by name, in the order of CONTRACT.md §3's table (CheckService last).
OPERATIONS: Mapping[str, Operation[Any, Any]] = MappingProxyType(
    {
        op.name: op
        for op in (
            GetFaxStatus,
            GetRealTimeFaxStatus,
            GetRealTimeFaxStatusEx,
            GetRealTimeFaxStatusEx2,
            GetRealTimeFaxStatusEx3,
            SimpleGetFaxStatus,
            CheckService,
        )
    }
)

_BY_ELEMENT: dict[str, tuple[Operation[Any, Any], Direction]] = {}
_BY_CLASS: dict[type[Any], tuple[Operation[Any, Any], Direction]] = {}
for _o in OPERATIONS.values():
    for _d in Direction:
        _BY_ELEMENT[_o.element(_d)] = (_o, _d)
        _BY_CLASS[_o.cls(_d)] = (_o, _d)


def operation(name: str | Operation[Any, Any]) -> Operation[Any, Any]:
    """Return the operation called *name* (an Operation is returned as is)."""
    if isinstance(name, Operation):
        return name
    try:
        return OPERATIONS[name]
    except KeyError:
        known = ", ".join(OPERATIONS)
        raise ValueError(f"unknown FaxWS operation {name!r}; known: {known}") from None


def lookup_element(local_name: str) -> tuple[Operation[Any, Any], Direction] | None:
    """Operation and direction whose wrapper element is *local_name* (in ``urn:FaxWS``)."""
    return _BY_ELEMENT.get(local_name)


def lookup_class(cls: type[Any]) -> tuple[Operation[Any, Any], Direction] | None:
    """Operation and direction whose wrapper class is *cls*."""
    return _BY_CLASS.get(cls)
