"""What the real (gSOAP) service tolerates in a request, found and undone before decoding.

Part of the service layer (sans-IO). gSOAP's generated deserializers, outside its
``SOAP_XML_STRICT`` mode, skip elements they do not know, accept a struct's members in any
order, match members by local name whatever their namespace, and leave a missing member at
its default. The simulator does the same by default and records each such *deviation*; in
strict mode it rejects the request naming the first one. schema/README.md lists the rules.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .._errors import CodecError
from .._soap import SOAP11_NS, SOAP12_NS
from ..codec._operations import FAXWS_NS, lookup_element
from ..codec._plan import ClassPlan, Kind, plan_for
from ..codec._xml import parse_document

__all__ = ["normalise_request"]

_DEFAULTS = {Kind.STRING: "", Kind.INT: "0", Kind.LONG: "0", Kind.BOOLEAN: "false"}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _fix(el: etree._Element, plan: ClassPlan, path: str, found: list[str]) -> None:
    """Make *el*'s children what *plan* says, in place; append a line per deviation."""
    by_name = {f.name: f for f in plan.fields}
    kept: dict[str, list[etree._Element]] = {}
    names_seen: list[str] = []
    for child in list(el):
        if not isinstance(child.tag, str):
            continue
        name = _local(child)
        where = f"{path}/{name}"
        field = by_name.get(name)
        if field is None:
            found.append(f"{where}: unknown element, skipped (not in the schema's sequence)")
            el.remove(child)
            continue
        ns = etree.QName(child).namespace
        if ns != FAXWS_NS:
            what = "unqualified" if ns is None else f"in namespace {ns}"
            found.append(f"{where}: {what}, read as {FAXWS_NS} (elementFormDefault=qualified)")
            child.tag = field.tag
        if name in kept and not field.is_list:
            found.append(f"{where}: repeated (maxOccurs=1), the first one is used")
            el.remove(child)
            continue
        kept.setdefault(name, []).append(child)
        names_seen.append(name)
        if field.kind is Kind.COMPLEX and field.plan is not None:
            _fix(child, field.plan, where, found)
    order = [f.name for f in plan.fields]
    seen_order = [n for i, n in enumerate(names_seen) if n not in names_seen[:i]]
    if seen_order != sorted(seen_order, key=order.index):
        found.append(
            f"{path}: children out of order ({', '.join(seen_order)}); "
            f"the sequence is {', '.join(order)}"
        )
    for child in list(el):
        el.remove(child)
    for field in plan.fields:
        children = kept.get(field.name)
        if children:
            el.extend(children)
            continue
        if field.is_list:
            continue
        missing = etree.SubElement(el, field.tag)
        if field.kind is Kind.COMPLEX:
            found.append(f"{path}/{field.name}: missing (minOccurs=1), read as empty")
            if field.plan is not None:
                _fix(missing, field.plan, f"{path}/{field.name}", [])
        else:
            default = _DEFAULTS[field.kind]
            shown = repr(default) if default == "" else default
            found.append(f"{path}/{field.name}: missing (minOccurs=1), read as {shown}")
            missing.text = default
    if len(el):
        el.text = None


def normalise_request(body: bytes) -> tuple[bytes, list[str]]:
    """*body* with what gSOAP tolerates undone, and the list of deviations found.

    Returns *body* unchanged (and no deviations) when it is not an XML FaxWS request the
    rules apply to: the codec then reports what is wrong exactly as before.
    """
    try:
        root = parse_document(body)
    except CodecError:
        return body, []
    payload: Any = root
    q = etree.QName(root)
    if q.namespace in (SOAP11_NS, SOAP12_NS) and q.localname == "Envelope":
        bodies = [c for c in root if isinstance(c.tag, str) and _local(c) == "Body"]
        if len(bodies) != 1:
            return body, []
        kids = [c for c in bodies[0] if isinstance(c.tag, str)]
        if len(kids) != 1:
            return body, []
        payload = kids[0]
    found_op = lookup_element(_local(payload))
    if found_op is None:
        return body, []
    op, direction = found_op
    found: list[str] = []
    name = _local(payload)
    if etree.QName(payload).namespace != FAXWS_NS:
        ns = etree.QName(payload).namespace
        what = "unqualified" if ns is None else f"in namespace {ns}"
        found.append(f"/{name}: {what}, read as {FAXWS_NS}")
        payload.tag = f"{{{FAXWS_NS}}}{name}"
    _fix(payload, plan_for(op.cls(direction)), f"/{name}", found)
    if not found:
        return body, []
    return etree.tostring(root, encoding="utf-8", xml_declaration=True), found
