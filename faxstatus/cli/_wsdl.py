"""Reading a FaxWS service description (WSDL 1.1, document/literal) for ``describe``.

A lenient reader, unlike the generator's (codegen/layout.py refuses what it cannot generate
code for): it lists what the description says, operations, bindings, ports, and each
message type's fields, and names what it cannot read rather than failing. Descriptions
come from anywhere (a file, a service's ``?wsdl``), so they are parsed by the codec's
hardened parser: no DTD, no entity, nothing fetched, the codec's size cap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from .._errors import DecodeError

__all__ = [
    "UNBOUNDED",
    "WSDL_NS",
    "XSD_NS",
    "Binding",
    "Description",
    "Field",
    "Operation",
    "Port",
    "read_description",
]

#: WSDL 1.1 §2 and its SOAP bindings (WSDL 1.1 §3; the SOAP 1.2 binding's namespace).
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP11_BINDING_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP12_BINDING_NS = "http://schemas.xmlsoap.org/wsdl/soap12/"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
#: maxOccurs="unbounded" (XSD Part 1 §3.3.2).
UNBOUNDED = -1
#: Most schemas one description may import (each is another fetch or file read).
MAX_IMPORTS = 8


class Field(NamedTuple):
    """One element of a message type: name, type (``xsd:int`` or a type's name), occurrence."""

    name: str
    type: str
    min_occurs: int
    max_occurs: int  #: UNBOUNDED for "unbounded"
    nillable: bool

    @property
    def occurs(self) -> str:
        """The occurrence rule as ``min..max`` (``0..*`` for unbounded)."""
        top = "*" if self.max_occurs == UNBOUNDED else str(self.max_occurs)
        return f"{self.min_occurs}..{top}"


class Binding(NamedTuple):
    """One binding of an operation: its name, SOAP version ("1.1"/"1.2") and soapAction."""

    name: str
    soap: str
    action: str


class Operation(NamedTuple):
    """One operation: its name, request and response elements, and the bindings carrying it."""

    name: str
    request: str
    response: str
    bindings: tuple[Binding, ...]


class Port(NamedTuple):
    """One port of a service: names, binding, SOAP version and address."""

    service: str
    name: str
    binding: str
    soap: str
    address: str


class Description(NamedTuple):
    """What a service description says: namespaces, operations, ports, types, and gaps."""

    name: str
    target_namespace: str
    types_namespace: str
    operations: tuple[Operation, ...]
    ports: tuple[Port, ...]
    #: Type or global element name -> its fields, in schema order.
    types: dict[str, tuple[Field, ...]]
    #: Named types that are lists: one repeated element (the JSON form writes an array).
    lists: frozenset[str]
    #: What could not be read, one line each (a construct, a missing import).
    notes: tuple[str, ...]


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def _local(qname: str | None) -> str:
    return (qname or "").rpartition(":")[2]


def _occurs(raw: str | None, default: int) -> int:
    if raw is None:
        return default
    raw = raw.strip()
    if raw == "unbounded":
        return UNBOUNDED
    return int(raw) if raw.isdigit() and len(raw) < 10 else default


def _type_name(el: Any, tns: str) -> str:
    """``xsd:<name>`` for a built-in, the local name for a type of *tns*, else as written."""
    qname = el.get("type")
    if qname is None:
        return "xsd:anyType"
    prefix, _, local = qname.rpartition(":")
    ns = el.nsmap.get(prefix or None)
    if ns == XSD_NS:
        return f"xsd:{local}"
    return local if ns == tns else str(qname)


def _fields(ct: Any, owner: str, tns: str, notes: list[str]) -> tuple[Field, ...]:
    """The elements of a complexType's sequence (or all); other constructs are noted."""
    out: list[Field] = []
    for group in ct:
        if not isinstance(group.tag, str) or group.tag == _q(XSD_NS, "annotation"):
            continue
        if group.tag not in (_q(XSD_NS, "sequence"), _q(XSD_NS, "all")):
            notes.append(f"type {owner}: {_local(group.tag)} is not read (only sequence, all)")
            continue
        for el in group:
            if not isinstance(el.tag, str) or el.tag == _q(XSD_NS, "annotation"):
                continue
            if el.tag != _q(XSD_NS, "element") or el.get("name") is None:
                what = el.get("ref") or _local(el.tag)
                notes.append(f"type {owner}: {what} inside the sequence is not read")
                continue
            nillable = el.get("nillable", "false").strip() in ("true", "1")
            out.append(
                Field(
                    str(el.get("name")),
                    _type_name(el, tns),
                    _occurs(el.get("minOccurs"), 1),
                    _occurs(el.get("maxOccurs"), 1),
                    nillable,
                )
            )
    return tuple(out)


def _read_schema(
    schema: Any, types: dict[str, tuple[Field, ...]], named: set[str], notes: list[str]
) -> tuple[str, list[str]]:
    """Add *schema*'s types to *types*; its target namespace and the schemaLocations it imports."""
    tns = str(schema.get("targetNamespace", ""))
    imports: list[str] = []
    for top in schema:
        if not isinstance(top.tag, str):
            continue
        if top.tag in (_q(XSD_NS, "import"), _q(XSD_NS, "include")):
            if top.get("schemaLocation"):
                imports.append(str(top.get("schemaLocation")))
        elif top.tag == _q(XSD_NS, "complexType") and top.get("name"):
            types[str(top.get("name"))] = _fields(top, str(top.get("name")), tns, notes)
            named.add(str(top.get("name")))
        elif top.tag == _q(XSD_NS, "element") and top.get("name"):
            name = str(top.get("name"))
            inner = top.find(_q(XSD_NS, "complexType"))
            if inner is not None:
                types[name] = _fields(inner, name, tns, notes)
            elif top.get("type"):
                types[name] = types.get(_local(top.get("type")), ())
            else:
                types[name] = ()
    return tns, imports


def _soap_of(el: Any) -> tuple[str, str] | None:
    """("1.1"/"1.2", soapAction) from a binding operation's soap:operation, if any."""
    for ns, version in ((SOAP11_BINDING_NS, "1.1"), (SOAP12_BINDING_NS, "1.2")):
        so = el.find(_q(ns, "operation"))
        if so is not None:
            return version, str(so.get("soapAction", ""))
    return None


def _binding_version(binding: Any) -> str:
    for ns, version in ((SOAP11_BINDING_NS, "1.1"), (SOAP12_BINDING_NS, "1.2")):
        if binding.find(_q(ns, "binding")) is not None:
            return version
    return "?"


def _parse(data: bytes, where: str) -> Any:
    from ..codec._xml import parse_document

    try:
        return parse_document(data)
    except DecodeError as exc:
        raise DecodeError(f"{where}: {exc}") from None


def read_description(
    data: bytes, where: str, load: Callable[[str], bytes] | None = None
) -> Description:
    """The description in *data* (named *where* in errors).

    *load* reads an imported schema by its schemaLocation (a file beside the WSDL, or a URL
    on the same origin); without it, imports are noted and left unread. DecodeError when
    *data* is not a WSDL 1.1 document.
    """
    root = _parse(data, where)
    if root.tag != _q(WSDL_NS, "definitions"):
        raise DecodeError(f"{where}: not a WSDL 1.1 document (its root is {_local(root.tag)})")
    notes: list[str] = []
    types: dict[str, tuple[Field, ...]] = {}
    named: set[str] = set()  # the complexTypes (the rest are global elements)
    types_ns = ""
    pending: list[str] = []
    for schema in root.iter(_q(XSD_NS, "schema")):
        tns, imports = _read_schema(schema, types, named, notes)
        if types and not types_ns:
            types_ns = tns
        pending += imports
    seen: set[str] = set()
    while pending:
        location = pending.pop(0)
        if location in seen:
            continue
        seen.add(location)
        if load is None or len(seen) > MAX_IMPORTS:
            notes.append(f"schema {location}: not read")
            continue
        schema = _parse(load(location), location)
        tns, imports = _read_schema(schema, types, named, notes)
        types_ns = types_ns or tns
        pending += imports
    messages: dict[str, str] = {}
    for msg in root.iter(_q(WSDL_NS, "message")):
        part = msg.find(_q(WSDL_NS, "part"))
        element = part.get("element") if part is not None else None
        if element is None:
            notes.append(f"message {msg.get('name')}: not one element part (document/literal)")
        messages[str(msg.get("name"))] = _local(element) if element else ""
    versions = {str(b.get("name")): _binding_version(b) for b in root.iter(_q(WSDL_NS, "binding"))}
    bound: dict[str, list[Binding]] = {}
    for binding in root.iter(_q(WSDL_NS, "binding")):
        for bop in binding.iter(_q(WSDL_NS, "operation")):
            soap = _soap_of(bop)
            version, action = soap if soap else (versions[str(binding.get("name"))], "")
            bound.setdefault(str(bop.get("name")), []).append(
                Binding(str(binding.get("name")), version, action)
            )
    operations = []
    for pt in root.iter(_q(WSDL_NS, "portType")):
        for op in pt.iter(_q(WSDL_NS, "operation")):
            name = str(op.get("name"))
            inp, out = op.find(_q(WSDL_NS, "input")), op.find(_q(WSDL_NS, "output"))
            request = messages.get(_local(inp.get("message")), "") if inp is not None else ""
            response = messages.get(_local(out.get("message")), "") if out is not None else ""
            operations.append(Operation(name, request, response, tuple(bound.get(name, ()))))
    ports = []
    for service in root.iter(_q(WSDL_NS, "service")):
        for port in service.iter(_q(WSDL_NS, "port")):
            binding = _local(port.get("binding"))
            address = next(
                (
                    str(a.get("location", ""))
                    for ns in (SOAP11_BINDING_NS, SOAP12_BINDING_NS)
                    for a in port.iter(_q(ns, "address"))
                ),
                "",
            )
            ports.append(
                Port(
                    str(service.get("name")),
                    str(port.get("name")),
                    binding,
                    versions.get(binding, "?"),
                    address,
                )
            )
    lists = frozenset(
        name
        for name, fields in types.items()
        if name in named and len(fields) == 1 and fields[0].max_occurs != 1
    )
    return Description(
        str(root.get("name", "")),
        str(root.get("targetNamespace", "")),
        types_ns,
        tuple(operations),
        tuple(ports),
        types,
        lists,
        tuple(notes),
    )
