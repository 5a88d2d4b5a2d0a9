"""Binding plans: the per-class field layout the XML and JSON codecs walk, built once from xsdata.

xsdata's ``XmlContext`` already knows every generated class's element names, namespaces,
order, list-ness and nillability; this module freezes that into small slotted objects so the
codecs do plain attribute and tuple access on their hot paths, and adds what xsdata drops:
the XSD built-in type of each scalar (xsd:int and xsd:long are both ``int`` to xsdata).
"""

from __future__ import annotations

import enum
from typing import Any

from .. import models
from ..models.xsdtypes import XSD_TYPES

__all__ = ["ClassPlan", "FieldPlan", "Kind", "plan_for"]

# One context for the whole package, restricted to our models. Built on
# first use: importing xsdata costs more than the rest of a `faxstatus decode` run, and the
# generated fast path never needs it.
_CONTEXT: Any = None


class Kind(enum.IntEnum):
    """What a field holds on the wire."""

    STRING = 0  #: xsd:string, kept exactly (whitespace and all)
    INT = 1  #: xsd:int, -2**31 .. 2**31-1 (XSD Part 2 §3.3.17)
    LONG = 2  #: xsd:long, -2**63 .. 2**63-1 (XSD Part 2 §3.3.16)
    BOOLEAN = 3  #: xsd:boolean: true/false/1/0 (XSD Part 2 §3.2.2)
    COMPLEX = 4  #: a generated class


_KIND_BY_XSD = {"string": Kind.STRING, "int": Kind.INT, "long": Kind.LONG, "boolean": Kind.BOOLEAN}

#: Inclusive (min, max) of the integer kinds.
INT_RANGE = {Kind.INT: (-(2**31), 2**31 - 1), Kind.LONG: (-(2**63), 2**63 - 1)}


class FieldPlan:
    """One child element of a generated class, in schema order."""

    __slots__ = ("attr", "index", "is_list", "kind", "name", "nillable", "plan", "tag")

    def __init__(
        self,
        attr: str,
        name: str,
        tag: str,
        kind: Kind,
        plan: ClassPlan | None,
        is_list: bool,
        nillable: bool,
    ) -> None:
        self.attr = attr  #: Python attribute name (``fax_job_status_id``)
        self.name = name  #: XML and JSON name (``FaxJobStatusId``)
        self.tag = tag  #: Clark-notation tag (``{urn:FaxWS}FaxJobStatusId``)
        self.kind = kind
        self.plan = plan  #: the nested class's plan when ``kind`` is COMPLEX
        self.is_list = is_list
        self.nillable = nillable
        self.index = 0  #: position in the owner's sequence

    def __repr__(self) -> str:
        return f"FieldPlan({self.name!r}, {self.kind.name}, list={self.is_list})"


class ClassPlan:
    """The sequence of child elements of one generated class."""

    __slots__ = ("by_tag", "cls", "fields", "item", "name")

    def __init__(self, cls: type[Any], name: str) -> None:
        self.cls = cls
        self.name = name  #: XSD name of the type or element
        self.fields: tuple[FieldPlan, ...] = ()
        self.by_tag: dict[str, FieldPlan] = {}
        #: For the FaxWS list types (a lone repeated ``item``): that field. JSON flattens these.
        self.item: FieldPlan | None = None

    def __repr__(self) -> str:
        return f"ClassPlan({self.name!r}, {[f.name for f in self.fields]})"


_PLANS: dict[type[Any], ClassPlan] = {}


def plan_for(cls: type[Any]) -> ClassPlan:
    """Return the (cached) plan of a generated class."""
    global _CONTEXT  # noqa: PLW0603 - a lazily built module-level cache
    plan = _PLANS.get(cls)
    if plan is not None:
        return plan
    if _CONTEXT is None:
        from xsdata.formats.dataclass.context import XmlContext  # noqa: PLC0415

        _CONTEXT = XmlContext(models_package=models.__name__)
    meta = _CONTEXT.build(cls)
    plan = ClassPlan(cls, cls.__name__)
    xsd = XSD_TYPES.get(plan.name, {})
    fields = []
    for var in meta.get_element_vars():
        name = var.local_name
        if var.clazz is not None:
            kind, sub = Kind.COMPLEX, plan_for(var.clazz)
        else:
            try:
                kind, sub = _KIND_BY_XSD[xsd[name]], None
            except KeyError:
                raise RuntimeError(f"no XSD type known for {plan.name}/{name}") from None
        fields.append(
            FieldPlan(var.name, name, var.qname, kind, sub, var.list_element, var.nillable)
        )
    for index, f in enumerate(fields):
        f.index = index
    plan.fields = tuple(fields)
    plan.by_tag = {f.tag: f for f in fields}
    if len(fields) == 1 and fields[0].is_list and fields[0].name == "item":
        plan.item = fields[0]
    _PLANS[cls] = plan
    return plan
