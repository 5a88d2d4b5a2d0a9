"""SOAP Fault value type, its XML forms for SOAP 1.1 and 1.2, and its JSON form.

SOAP 1.1 §4.4: Fault holds faultcode (a QName), faultstring, optional faultactor and detail,
all unqualified. SOAP 1.2 Part 1 §5.4: Fault holds Code/Value with a nested Subcode chain,
Reason with one Text per xml:lang, optional Node, Role and Detail, all env-qualified.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from .._errors import DecodeError, EncodeError
from .._soap import SOAP11_NS, SOAP12_NS, XML_LANG, Fault, FaultReason, SoapVersion
from ._xml import XSI_NIL, check_text, error_at, escape_text, local_name

__all__ = [
    "SOAP11_NS",
    "SOAP12_NS",
    "Fault",
    "FaultReason",
    "SoapVersion",
    "decode_fault",
    "encode_fault_body",
    "fault_from_json",
    "fault_to_json",
]


def _qname_text(el: etree._Element) -> str:
    text = (el.text or "").strip()
    prefix, _, local = text.rpartition(":")
    ns = el.nsmap.get(prefix or None)
    if prefix and ns is None:
        raise error_at(f"undeclared prefix {prefix!r} in {local_name(str(el.tag))}", el)
    return f"{{{ns}}}{local}" if ns else local


def _detail_text(el: etree._Element) -> str:
    parts = [escape_text(el.text or "", "detail")]
    for child in el:
        # A serialised subtree carries every in-scope namespace declaration (the envelope's
        # too); drop the unused ones so the detail reads the same in either envelope.
        clean = copy.deepcopy(child)
        etree.cleanup_namespaces(clean)
        parts.append(etree.tostring(clean, encoding="unicode", with_tail=False))
        parts.append(escape_text(child.tail or "", "detail"))
    return "".join(parts)


def _is_nil(el: etree._Element) -> bool:
    return (el.get(XSI_NIL) or "").strip() in ("true", "1") and len(el) == 0 and not el.text


def _other_version_member(el: etree._Element, version: SoapVersion) -> bool:
    """True for a nil member of the *other* SOAP version's Fault (gSOAP's SOAP_XML_NIL mode).

    gSOAP in that mode writes both versions' members and marks the unused ones xsi:nil:
    unqualified faultcode/faultstring/faultactor/detail in a SOAP 1.2 Fault, env-qualified
    Code/Reason/Node/Role/Detail in a SOAP 1.1 one (CONTRACT.md §7).
    """
    if not _is_nil(el):
        return False
    q = etree.QName(el)
    if version is SoapVersion.SOAP12:
        return q.namespace is None and q.localname in _SOAP11_MEMBERS
    return q.namespace == SOAP11_NS and q.localname in _SOAP12_MEMBERS


_SOAP11_MEMBERS = frozenset({"faultcode", "faultstring", "faultactor", "detail"})
_SOAP12_MEMBERS = frozenset({"Code", "Reason", "Node", "Role", "Detail"})


def decode_fault(el: etree._Element, version: SoapVersion) -> Fault:
    """Decode a Fault element of *version*; DecodeError names what is missing or misplaced.

    Optional members written as xsi:nil (faultactor, detail, Node, Role, Detail, a Subcode)
    read as absent, and nil members of the other version's Fault are ignored: gSOAP writes
    both in its SOAP_XML_NIL mode.
    """
    fail = error_at
    check_text(el)
    members = [c for c in el if not _other_version_member(c, version)]
    if len({local_name(str(c.tag)) for c in members}) != len(members):
        raise fail("repeated element in Fault", el)
    children = {local_name(str(c.tag)): c for c in members if not _optional_nil(c)}
    if version is SoapVersion.SOAP11:
        # SOAP 1.1 §4.4: the Fault's children are unqualified.
        known = _SOAP11_MEMBERS
        for c in members:
            if etree.QName(c).namespace is not None or local_name(str(c.tag)) not in known:
                raise fail(f"unexpected element {c.tag} in a SOAP 1.1 Fault", c)
        for required in ("faultcode", "faultstring"):
            if required not in children:
                raise fail(f"SOAP 1.1 Fault without {required}", el)
            if _is_nil(children[required]):
                raise fail(f"{required} may not be nil in a SOAP 1.1 Fault", children[required])
        detail = children.get("detail")
        actor = children.get("faultactor")
        return Fault(
            version,
            _qname_text(children["faultcode"]),
            (
                FaultReason(
                    children["faultstring"].text or "", children["faultstring"].get(XML_LANG, "")
                ),
            ),
            actor=None if actor is None else (actor.text or ""),
            detail=None if detail is None else _detail_text(detail),
        )
    ns = SOAP12_NS
    order = ["Code", "Reason", "Node", "Role", "Detail"]
    seen = [local_name(str(c.tag)) for c in members]
    for c in members:
        if etree.QName(c).namespace != ns or local_name(str(c.tag)) not in order:
            raise fail(f"unexpected element {c.tag} in a SOAP 1.2 Fault", c)
    if seen != sorted(seen, key=order.index):
        raise fail("SOAP 1.2 Fault children out of order (Code, Reason, Node, Role, Detail)", el)
    if "Code" not in children or "Reason" not in children:
        raise fail("SOAP 1.2 Fault without Code and Reason", el)
    code, subcodes = _decode_code(children["Code"], fail)
    reasons = []
    for t in children["Reason"]:
        if t.tag != f"{{{ns}}}Text":
            raise fail(f"unexpected element {t.tag} in Reason", t)
        reasons.append(FaultReason(t.text or "", t.get(XML_LANG, "")))
    if not reasons:
        raise fail("SOAP 1.2 Reason without Text", children["Reason"])
    node, role, detail = (children.get(n) for n in ("Node", "Role", "Detail"))
    return Fault(
        version,
        code,
        tuple(reasons),
        subcodes=subcodes,
        node=None if node is None else (node.text or ""),
        role=None if role is None else (role.text or ""),
        detail=None if detail is None else _detail_text(detail),
    )


def _optional_nil(el: etree._Element) -> bool:
    """A nil optional member of either version (faultactor, detail, Node, Role, Detail)."""
    return local_name(str(el.tag)) in _OPTIONAL and _is_nil(el)


_OPTIONAL = frozenset({"faultactor", "detail", "Node", "Role", "Detail"})


def _decode_code(code_el: etree._Element, fail: Any) -> tuple[str, tuple[str, ...]]:
    ns = SOAP12_NS
    codes: list[str] = []
    cur: etree._Element | None = code_el
    while cur is not None:
        check_text(cur)
        kids = list(cur)
        if not kids or kids[0].tag != f"{{{ns}}}Value":
            raise fail("Code/Subcode without Value", cur)
        codes.append(_qname_text(kids[0]))
        if len(kids) > 2 or (len(kids) == 2 and kids[1].tag != f"{{{ns}}}Subcode"):
            raise fail("unexpected element after Value", kids[-1])
        cur = kids[1] if len(kids) == 2 and not _is_nil(kids[1]) else None
    return codes[0], tuple(codes[1:])


def _qname_out(qname: str, env_ns: str, env_prefix: str, path: str) -> tuple[str, str]:
    """Return (text, extra xmlns declaration) for writing QName *qname* as element content."""
    ns, _, local = qname[1:].partition("}") if qname.startswith("{") else ("", "", qname)
    escape_text(local, path)
    if not ns:
        return local, ""
    if ns == env_ns:
        return f"{env_prefix}:{local}", ""
    return f"c:{local}", f' xmlns:c="{_attr(ns, path)}"'


def _attr(value: str, path: str) -> str:
    """Escape *value* for a double-quoted attribute (tab/LF/CR as references: XML 1.0 §3.3.3)."""
    text = escape_text(value, path).replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;")


def _check_detail(detail: str) -> None:
    try:
        etree.fromstring(
            f"<detail>{detail}</detail>".encode(),
            etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False),
        )
    except etree.XMLSyntaxError as exc:
        raise EncodeError(
            f"detail is not well-formed XML content: {exc}", path="Fault/detail"
        ) from None


def encode_fault_body(fault: Fault, env_prefix: str) -> str:
    """Return the Fault element as text, for the envelope of ``fault.version``."""
    p = env_prefix
    env_ns = fault.version.value
    out: list[str] = []
    if fault.version is SoapVersion.SOAP11:
        code, decl = _qname_out(fault.code, env_ns, p, "Fault/faultcode")
        out.append(f"<{p}:Fault><faultcode{decl}>{code}</faultcode>")
        lang = fault.reasons[0].lang if fault.reasons else ""
        # WS-I Basic Profile 1.1 R1016: faultstring may carry xml:lang.
        attr = f' xml:lang="{_attr(lang, "Fault/faultstring/@xml:lang")}"' if lang else ""
        reason = escape_text(fault.reason, "Fault/faultstring")
        out.append(f"<faultstring{attr}>{reason}</faultstring>")
        if fault.actor is not None:
            out.append(f"<faultactor>{escape_text(fault.actor, 'Fault/faultactor')}</faultactor>")
        if fault.detail is not None:
            _check_detail(fault.detail)
            out.append(f"<detail>{fault.detail}</detail>")
        out.append(f"</{p}:Fault>")
        return "".join(out)
    out.append(f"<{p}:Fault><{p}:Code>")
    chain = (fault.code, *fault.subcodes)
    for depth, qname in enumerate(chain):
        text, decl = _qname_out(qname, env_ns, p, "Fault/Code/Value")
        if depth:
            out.append(f"<{p}:Subcode>")
        out.append(f"<{p}:Value{decl}>{text}</{p}:Value>")
    out.append(f"</{p}:Subcode>" * (len(chain) - 1))
    out.append(f"</{p}:Code><{p}:Reason>")
    if not fault.reasons:
        raise EncodeError("a SOAP 1.2 Fault needs at least one Reason/Text", path="Fault/Reason")
    for r in fault.reasons:
        lang = _attr(r.lang, "Fault/Reason/Text/@xml:lang")
        text = escape_text(r.text, "Fault/Reason/Text")
        out.append(f'<{p}:Text xml:lang="{lang}">{text}</{p}:Text>')
    out.append(f"</{p}:Reason>")
    if fault.node is not None:
        out.append(f"<{p}:Node>{escape_text(fault.node, 'Fault/Node')}</{p}:Node>")
    if fault.role is not None:
        out.append(f"<{p}:Role>{escape_text(fault.role, 'Fault/Role')}</{p}:Role>")
    if fault.detail is not None:
        _check_detail(fault.detail)
        out.append(f"<{p}:Detail>{fault.detail}</{p}:Detail>")
    out.append(f"</{p}:Fault>")
    return "".join(out)


def fault_to_json(fault: Fault) -> dict[str, Any]:
    """The JSON form of a fault (our own; the vendor documents none): ``{"Fault": {...}}``."""
    return {
        "Fault": {
            "version": fault.version.label,
            "Code": fault.code,
            "Subcodes": list(fault.subcodes),
            "Reason": [{"text": r.text, "lang": r.lang} for r in fault.reasons],
            "Actor": fault.actor,
            "Node": fault.node,
            "Role": fault.role,
            "Detail": fault.detail,
        }
    }


def fault_from_json(doc: dict[str, Any]) -> Fault:
    """Inverse of :func:`fault_to_json`; DecodeError naming the key at fault."""
    body = doc.get("Fault")
    if not isinstance(body, dict):
        raise DecodeError("Fault must be an object", path="$.Fault")

    def opt(key: str) -> str | None:
        v = body.get(key)
        if v is not None and not isinstance(v, str):
            raise DecodeError(f"{key} must be a string or null", path=f"$.Fault.{key}")
        return v

    known = {"version", "Code", "Subcodes", "Reason", "Actor", "Node", "Role", "Detail"}
    extra = sorted(set(body) - known)
    if extra:
        raise DecodeError(f"unexpected key {extra[0]!r} in Fault", path=f"$.Fault.{extra[0]}")
    label = body.get("version")
    versions = {"1.1": SoapVersion.SOAP11, "1.2": SoapVersion.SOAP12}
    version = versions.get(label) if isinstance(label, str) else None
    if version is None:
        raise DecodeError('version must be "1.1" or "1.2"', path="$.Fault.version")
    code = body.get("Code")
    if not isinstance(code, str) or not code:
        raise DecodeError("Code must be a non-empty string", path="$.Fault.Code")
    subcodes = body.get("Subcodes", [])
    if not isinstance(subcodes, list) or not all(isinstance(s, str) for s in subcodes):
        raise DecodeError("Subcodes must be a list of strings", path="$.Fault.Subcodes")
    reasons = []
    raw = body.get("Reason")
    if not isinstance(raw, list):
        raise DecodeError("Reason must be a list", path="$.Fault.Reason")
    for i, r in enumerate(raw):
        if (
            not isinstance(r, dict)
            or set(r) != {"text", "lang"}
            or not all(isinstance(v, str) for v in r.values())
        ):
            raise DecodeError(
                'each Reason is {"text": str, "lang": str}', path=f"$.Fault.Reason[{i}]"
            )
        reasons.append(FaultReason(r["text"], r["lang"]))
    return Fault(
        version,
        code,
        tuple(reasons),
        subcodes=tuple(subcodes),
        actor=opt("Actor"),
        node=opt("Node"),
        role=opt("Role"),
        detail=opt("Detail"),
    )
