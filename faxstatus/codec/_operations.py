"""The operation table: every operation of schema/faxws.wsdl, described from the layout table."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from ..models import layout
from ._plan import ClassPlan, plan_for, plan_named

__all__ = [
    "FAXWS_NS",
    "JRI_PREFIX",
    "OPERATIONS",
    "SINGLE_STATUS_OPERATIONS",
    "STATUS_OPERATIONS",
    "WSDL_NS",
    "Direction",
    "IdCarrier",
    "Operation",
    "lookup_class",
    "lookup_element",
    "operation",
]

#: Namespace of every type and element (the schema's targetNamespace).
FAXWS_NS: str = layout.NAMESPACE
#: The WSDL's own targetNamespace; it ends in ".wsdl" on purpose (schema/README.md).
WSDL_NS: str = layout.WSDL_NAMESPACE
#: A job id of this form names a fax by the sender's own reference (JRI) instead of its
#: ``br…`` id; both the client and the simulator need to recognise it.
JRI_PREFIX = "JRI-"

ReqT = TypeVar("ReqT")
RespT = TypeVar("RespT")


class Direction(enum.Enum):
    """Which way a message travels."""

    REQUEST = "request"
    RESPONSE = "response"


class IdCarrier(enum.StrEnum):
    """How a request carries job ids: the layout table's ``ids`` (codegen/layout.py)."""

    LIST = "list"  #: a FaxJobIds-style list of one-string items
    SINGLE = "single"  #: one string element (SimpleGetFaxStatus's JobId)
    NONE = "none"  #: no ids at all (CheckService)
    OTHER = "other"  #: a shape the client does not know how to fill


@attrs.frozen
class Operation(Generic[ReqT, RespT]):
    """One FaxWS operation: its wrapper classes, wire names and what its messages carry.

    Built from the generated layout table (``faxstatus/models/layout.py``), so a new operation
    in schema/ appears here after ``make generate`` alone. The request element is named after
    the operation; the response element is not ``<name>Response`` but the vendor's own name
    (``RealTimeFaxStatusExResponse``), while the JSON form does use ``<name>Response`` as its
    key (schema/README.md).
    """

    name: str
    request: type[ReqT]
    response: type[RespT]
    #: WSDL 1.1 §3.4: soapAction. The vendor's WSDL gives "" for every operation.
    soap_action: str = ""
    #: The WSDL bindings that carry the operation (``FaxWS``, ``FaxWS12``).
    bindings: tuple[str, ...] = ()
    #: How the request carries job ids (:class:`IdCarrier`).
    ids: IdCarrier = IdCarrier.OTHER
    #: Attribute of the request holding the ids (``fax_job_ids``, ``job_id``), or None.
    ids_attr: str | None = None
    #: Attributes of the request for UserID and strPIN, when it has them.
    user_attr: str | None = None
    pin_attr: str | None = None
    #: The list type and its item class for ``IdCarrier.LIST`` (FaxJobIds, FaxJobId), the
    #: attribute holding the items and the item's id attribute.
    ids_list_class: type[Any] | None = None
    ids_item_class: type[Any] | None = None
    ids_items_attr: str | None = None
    ids_item_attr: str | None = None
    #: The response's status list: attribute, list class, attribute of its items, item class.
    list_attr: str | None = None
    list_class: type[Any] | None = None
    list_items_attr: str | None = None
    item_class: type[Any] | None = None
    #: XSD names of the item fields that identify a job: FaxJobId, and ReferenceId if any.
    job_id_field: str | None = None
    reference_field: str | None = None
    #: Attribute of the response's ``return`` element, when it has one.
    result_attr: str | None = None
    #: What the response answers about jobs (the layout table's ``status``): "list" (one job
    #: status per id), "single" (the one id's status code) or None (not a status operation).
    status: str | None = None
    #: "submit" or "cancel" for an operation that acts on jobs (the layout's ``action``).
    action: str | None = None
    #: For "submit": attribute of the response element carrying the new ids, and its form
    #: ("list": the FaxJobIds-style list class; "single": one string).
    new_ids_attr: str | None = None
    new_ids: str | None = None

    @property
    def request_element(self) -> str:
        """Local name of the request wrapper element."""
        return plan_for(self.request).name

    @property
    def response_element(self) -> str:
        """Local name of the response wrapper element (the vendor's name)."""
        return plan_for(self.response).name

    @property
    def json_request_key(self) -> str:
        """Top-level key of the JSON request."""
        return self.name

    @property
    def json_response_key(self) -> str:
        """Top-level key of the JSON response: ``<name>Response`` (schema/README.md)."""
        return f"{self.name}Response"

    @property
    def has_status_list(self) -> bool:
        """True for the status operations: ids in a list, one job status per id in the answer.

        Recognised by what the response carries (codegen/layout.py ``describe``), not by the
        request's shape: CancelFax or SendFax never are one.
        """
        return self.status == "list" and self.item_class is not None

    @property
    def is_probe(self) -> bool:
        """True for a liveness probe: nothing to send, its ``return`` the whole answer."""
        return (
            self.ids is IdCarrier.NONE
            and self.user_attr is None
            and self.status is None
            and self.result_attr is not None
            and len(plan_for(self.response).fields) == 1
        )

    @property
    def askable(self) -> bool:
        """True for what the client asks: a status operation or the liveness probe."""
        return self.has_status_list or self.is_single_status or self.is_probe

    @property
    def is_single_status(self) -> bool:
        """True for a single-id status operation: one job id in, its status code out."""
        return self.status == "single" and self.result_attr is not None

    def element(self, direction: Direction) -> str:
        """Local name of the wrapper element for *direction*."""
        return self.request_element if direction is Direction.REQUEST else self.response_element

    def cls(self, direction: Direction) -> type[Any]:
        """Wrapper class for *direction*."""
        return self.request if direction is Direction.REQUEST else self.response

    def json_key(self, direction: Direction) -> str:
        """Top-level JSON key for *direction*."""
        return self.json_request_key if direction is Direction.REQUEST else self.json_response_key


def _attr(plan: ClassPlan, name: str | None) -> str | None:
    if name is None or name not in plan.by_name:
        return None
    return plan.by_name[name].attr


def _from_layout(row: dict[str, Any]) -> Operation[Any, Any]:
    req = plan_named(row["request"])
    resp = plan_named(row["response"])
    values: dict[str, Any] = {
        "name": row["name"],
        "request": req.cls,
        "response": resp.cls,
        "soap_action": row["soap_action"],
        "bindings": tuple(row["bindings"]),
        "ids": IdCarrier(row["ids"]),
        "ids_attr": _attr(req, row["ids_field"]),
        "user_attr": _attr(req, "UserID" if "UserID" in row["credentials"] else None),
        "pin_attr": _attr(req, "strPIN" if "strPIN" in row["credentials"] else None),
        "job_id_field": row["job_id_field"],
        "reference_field": row["reference_field"],
        "result_attr": _attr(resp, row["result_field"]),
        "status": row["status"],
        "action": row["action"],
        "new_ids_attr": _attr(resp, row["new_ids_field"]),
        "new_ids": row["new_ids"],
    }
    if values["ids"] is IdCarrier.LIST:
        ids_plan = req.by_name[row["ids_field"]].plan
        assert ids_plan is not None and ids_plan.item is not None
        item_plan = ids_plan.item.plan
        assert item_plan is not None
        values.update(
            ids_list_class=ids_plan.cls,
            ids_item_class=item_plan.cls,
            ids_items_attr=ids_plan.item.attr,
            ids_item_attr=item_plan.fields[0].attr,
        )
    if row["list_field"] is not None:
        lst = resp.by_name[row["list_field"]]
        assert lst.plan is not None and lst.plan.item is not None
        assert lst.plan.item.plan is not None
        values.update(
            list_attr=lst.attr,
            list_class=lst.plan.cls,
            list_items_attr=lst.plan.item.attr,
            item_class=lst.plan.item.plan.cls,
        )
    return Operation(**values)


#: Every operation by name, in the WSDL's portType order.
OPERATIONS: Mapping[str, Operation[Any, Any]] = MappingProxyType(
    {row["name"]: _from_layout(row) for row in layout.OPERATIONS}
)
#: The multi-job status operations, GetRealTimeFaxStatusEx (the main one) first when present:
#: the layout table's list, the one every caller (client, CLI, simulator) offers.
STATUS_OPERATIONS: tuple[str, ...] = layout.STATUS_OPERATIONS
#: The single-id status operations (SimpleGetFaxStatus), from the same table.
SINGLE_STATUS_OPERATIONS: tuple[str, ...] = layout.SINGLE_STATUS_OPERATIONS

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
