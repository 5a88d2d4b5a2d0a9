"""The ``explain`` subcommand: every element of one message, by the schema, with its hazards.

Each element of the payload (each member, in the JSON form) is listed with its XSD type and
occurrence rule (from the packaged schema, or ``--wsdl``), its state on the wire (a value,
empty, nil, or absent), its namespace, prefix and line (XML), and its value as the codec
reads it. Hazards are what a peer may get wrong without the message being malformed: an
element the type does not have, one out of sequence order, one in another namespace, too
many of one, nil where the schema does not allow it, text that is no value of its type
(``''`` or ``'four'`` where a number belongs), and dates without a time zone
(CONTRACT.md §4.7: the service documents none).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from .._visible import visible, visible_json
from ._common import Fail, add_capture_options, add_tls_options, read_input, tls_options
from ._wsdl import UNBOUNDED, Description, Field

__all__ = ["explain_json", "explain_message", "register"]

_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
# A date as services write them (2026-11-26, 11/26/2026, 26.11.2026), with a time or not.
_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
# What ends a date-time that says its zone: Z, an offset (XSD Part 2 §3.2.7), or a zone name.
_ZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2}|\b(?:UTC|GMT|[A-Z]{2,4}T))\s*\Z")


def _qname(el: Any) -> tuple[str, str, str | None]:
    """(namespace, local name, prefix) of *el*."""
    from lxml import etree

    q = etree.QName(el)
    return q.namespace or "", q.localname, el.prefix


def _state(el: Any) -> str:
    nil = el.get(f"{{{_XSI_NS}}}nil")
    if nil is not None and nil.strip() in ("true", "1"):
        return "nil"
    if len(el) == 0 and not (el.text or ""):
        return "empty"
    return "value"


def _value(f: Field, el: Any, hazards: list[str]) -> Any:
    """The value of a built-in typed element, as the codec reads it (its JSON form)."""
    from .. import _xsd

    xsd = f.type.removeprefix("xsd:")
    text = el.text or ""
    if len(el):
        hazards.append(f"child elements inside xsd:{xsd} {f.name}")
        return None
    if xsd not in _xsd.SUPPORTED:
        return text
    try:
        value = _xsd.parse_text(xsd, text)
    except ValueError as exc:
        what = f"'' where an xsd:{xsd} belongs" if not text.strip() else str(exc)
        hazards.append(what)
        return text
    if (xsd in ("dateTime", "date") or (xsd == "string" and _DATE_LIKE.search(text))) and (
        not _ZONE.search(text.strip())
    ):
        hazards.append(f"{text.strip()!r}: a date without a time zone (CONTRACT.md §4.7)")
    return _xsd.to_json(xsd, value)


def _row(el: Any, path: str, f: Field | None, state: str) -> dict[str, Any]:
    ns, local, prefix = _qname(el) if el is not None else ("", f.name if f else "", None)
    row: dict[str, Any] = {
        "path": path,
        "line": el.sourceline if el is not None else None,
        "name": local,
        "prefix": prefix,
        "namespace": ns if el is not None else None,
        "type": f.type if f else None,
        "minOccurs": f.min_occurs if f else None,
        "maxOccurs": ("unbounded" if f.max_occurs == UNBOUNDED else f.max_occurs) if f else None,
        "nillable": f.nillable if f else None,
        "state": state,
        "hazards": [],
    }
    return row


def _walk(
    d: Description,
    el: Any,
    fields: tuple[Field, ...],
    path: str,
    tns: str,
    out: list[dict[str, Any]],
) -> None:
    """Rows for *el*'s children against *fields* (a sequence), then for the absent fields."""
    children = [c for c in el if isinstance(c.tag, str)]
    by_name = {f.name: i for i, f in enumerate(fields)}
    counts = [0] * len(fields)
    furthest = -1
    for child in children:
        ns, local, prefix = _qname(child)
        step = f"{path}/{prefix + ':' if prefix else ''}{local}"
        index = by_name.get(local)
        f = fields[index] if index is not None else None
        state = _state(child)
        row = _row(child, step, f, state)
        out.append(row)
        hazards: list[str] = row["hazards"]
        if f is None or index is None:
            hazards.append(f"unknown element: not in the type's sequence ({', '.join(by_name)})")
            if len(child) == 0 and state != "nil":
                row["value"] = child.text or ""  # no type to read it by: the text as it is
            _walk(d, child, (), step, tns, out)
            continue
        counts[index] += 1
        if counts[index] > 1:
            row["path"] = step = f"{step}[{counts[index]}]"
        if ns != tns:
            hazards.append(f"in namespace {ns or '(none)'!r}, not {tns!r}")
        if index < furthest:
            hazards.append(f"misplaced: the sequence puts {local} before {fields[furthest].name}")
        furthest = max(furthest, index)
        if f.max_occurs != UNBOUNDED and counts[index] == f.max_occurs + 1:
            hazards.append(f"occurs more than {f.max_occurs} time(s) ({f.occurs})")
        if state == "nil":
            if not f.nillable:
                hazards.append("nil, but the schema does not make it nillable")
            continue
        if f.type.startswith("xsd:") or f.type not in d.types:
            row["value"] = _value(f, child, hazards)
        else:
            if (child.text or "").strip():
                hazards.append(f"text {child.text.strip()[:20]!r} inside complex type {f.type}")
            _walk(d, child, d.types[f.type], step, tns, out)
    for index, f in enumerate(fields):
        if counts[index] == 0:
            row = _row(None, f"{path}/{f.name}", f, "absent")
            if f.min_occurs > 0:
                row["hazards"].append(f"absent, but required ({f.occurs})")
            out.append(row)


def _json_row(path: str, name: str, f: Field | None, state: str) -> dict[str, Any]:
    """A row of the JSON form: no line, namespace or prefix (CONTRACT.md §4.6 has none)."""
    return {
        "path": path,
        "line": None,
        "name": name,
        "prefix": None,
        "namespace": None,
        "type": f.type if f else None,
        "minOccurs": f.min_occurs if f else None,
        "maxOccurs": ("unbounded" if f.max_occurs == UNBOUNDED else f.max_occurs) if f else None,
        "nillable": f.nillable if f else None,
        "state": state,
        "hazards": [],
    }


def _json_value(f: Field, value: Any, hazards: list[str]) -> Any:
    from .. import _xsd

    xsd = f.type.removeprefix("xsd:")
    if xsd not in _xsd.SUPPORTED:
        return value
    try:
        _xsd.from_json(xsd, value)
    except (TypeError, ValueError) as exc:
        empty = value == "" and xsd != "string"
        hazards.append(f"'' where an xsd:{xsd} belongs" if empty else f"{f.name} {exc}")
        return value
    text = value if isinstance(value, str) else ""
    if (xsd in ("dateTime", "date") or (xsd == "string" and _DATE_LIKE.search(text))) and (
        not _ZONE.search(text.strip())
    ):
        hazards.append(f"{text.strip()!r}: a date without a time zone (CONTRACT.md §4.7)")
    return value


def _json_walk(
    d: Description, obj: Any, fields: tuple[Field, ...], path: str, out: list[dict[str, Any]]
) -> None:
    """Rows for the members of *obj* against *fields*, then for the absent fields."""
    if not isinstance(obj, dict):
        return
    by_name = {f.name: f for f in fields}
    for key, value in obj.items():
        f = by_name.get(key)
        step = f"{path}.{key}"
        if f is None:
            row = _json_row(step, key, None, "value")
            row["hazards"].append(f"unknown member: not in the type ({', '.join(by_name)})")
            out.append(row)
            continue
        _json_member(d, f, value, step, out)
    for f in fields:
        if f.name not in obj:
            row = _json_row(f"{path}.{f.name}", f.name, f, "absent")
            if f.min_occurs > 0:
                row["hazards"].append(f"absent, but required ({f.occurs})")
            out.append(row)


def _json_member(
    d: Description, f: Field, value: Any, path: str, out: list[dict[str, Any]]
) -> None:
    """The row of one member (an array of a list type gives a row per item)."""
    state = "nil" if value is None else "empty" if value in ("", [], {}) else "value"
    row = _json_row(path, f.name, f, state)
    out.append(row)
    hazards: list[str] = row["hazards"]
    if value is None:
        if not f.nillable:
            hazards.append("null (nil), but the schema does not make it nillable")
        return
    if f.type.startswith("xsd:") or f.type not in d.types:
        row["value"] = _json_value(f, value, hazards)
    elif f.type in d.lists:  # a list type's JSON form is the array of its items
        if not isinstance(value, list):
            hazards.append(f"a list type ({f.type}) must be an array")
            return
        (item,) = d.types[f.type]
        for i, element in enumerate(value):
            _json_member(d, item, element, f"{path}[{i}]", out)
    elif not isinstance(value, dict):
        hazards.append(f"complex type {f.type} must be an object")
    else:
        _json_walk(d, value, d.types[f.type], path, out)


def explain_json(body: bytes, d: Description) -> dict[str, Any]:
    """The explanation of the JSON form *body* (CONTRACT.md §4.6) against *d*."""
    from .._errors import DecodeError
    from ..codec._json import loads

    try:
        doc = loads(body)
    except DecodeError as exc:
        raise Fail(str(exc)) from None
    if not isinstance(doc, dict) or len(doc) != 1:
        raise Fail("the JSON form is an object of one member, the operation's name")
    (key, inner) = next(iter(doc.items()))
    rows: list[dict[str, Any]] = []
    operation, element, direction = None, key, None
    for op in d.operations:
        if key in (op.name, f"{op.name}Response"):  # the JSON form's keys (CONTRACT.md §4.6)
            operation = op
            direction = "request" if key == op.name else "response"
            element = op.request if direction == "request" else op.response
    top = _json_row(f"$.{key}", key, None, "payload")
    rows.append(top)
    if key == "Fault":
        top["type"] = "Fault"
        _json_walk(d, inner, (), f"$.{key}", rows)
        for row in rows[1:]:
            row["hazards"] = []
    elif operation is None:
        top["hazards"].append(f"no operation of the schema is named {key}")
        _json_walk(d, inner, (), f"$.{key}", rows)
    else:
        top["type"] = element
        _json_walk(d, inner, d.types.get(element, ()), f"$.{key}", rows)
    return {
        "decode": _decoded(body),
        "payload": key,
        "soap": None,
        "operation": operation.name if operation else None,
        "direction": direction,
        "elements": rows,
    }


def _decoded(body: bytes) -> str | None:
    """None when the codec decodes *body* (strictly, as ``decode`` does), else its reason.

    The cross-check that keeps ``explain`` honest: a message the codec refuses is never
    called hazard-free, whatever the walk above found.
    """
    import faxstatus

    from .._contract import JSON_MEDIA

    json_form = body.lstrip()[:1] in (b"{", b"[")
    try:
        faxstatus.decode(body, JSON_MEDIA if json_form else None)
    except faxstatus.CodecError as exc:
        return str(exc)
    return None


def explain_message(body: bytes, d: Description) -> dict[str, Any]:
    """The explanation of the XML message *body* against *d*: its payload, rows and hazards."""
    from lxml import etree

    from .._contract import SOAP11_NS, SOAP12_NS
    from .._errors import DecodeError
    from ..codec._xml import parse_document

    try:
        root = parse_document(body)
    except DecodeError as exc:
        raise Fail(str(exc)) from None
    rows: list[dict[str, Any]] = []
    ns, local, prefix = _qname(root)
    envelope = None
    payload = root
    if ns in (SOAP11_NS, SOAP12_NS):
        envelope = "1.1" if ns == SOAP11_NS else "1.2"
        rows.append(_row(root, f"/{prefix + ':' if prefix else ''}{local}", None, "SOAP envelope"))
        body_el = next((c for c in root if etree.QName(c).localname == "Body"), None)
        for c in root:
            if isinstance(c.tag, str) and etree.QName(c).localname == "Header":
                for block in c:
                    if isinstance(block.tag, str):
                        _, blocal, bprefix = _qname(block)
                        name = f"{bprefix + ':' if bprefix else ''}{blocal}"
                        row = _row(block, f"{rows[0]['path']}/Header/{name}", None, "header")
                        row["hazards"].append("a SOAP header block: no FaxWS operation reads one")
                        rows.append(row)
        inner = [c for c in body_el if isinstance(c.tag, str)] if body_el is not None else []
        if not inner:
            raise Fail("the envelope has no Body payload")
        payload = inner[0]
    pns, plocal, pprefix = _qname(payload)
    path = f"/{pprefix + ':' if pprefix else ''}{plocal}"
    top = _row(payload, path, None, "payload")
    rows.append(top)
    if pns in (SOAP11_NS, SOAP12_NS):  # a Fault: the envelope schema's, not faxws.xsd's
        top["type"] = f"SOAP {envelope} {plocal}"
        first = len(rows)
        _walk(d, payload, (), path, pns, rows)
        for row in rows[first:]:
            row["hazards"] = []  # its children are the envelope schema's, not ours
        return {
            "decode": _decoded(body),
            "payload": plocal,
            "soap": envelope,
            "operation": None,
            "elements": rows,
        }
    operation = next(
        (op for op in d.operations if plocal in (op.request, op.response)),
        None,
    )
    if operation is None:
        top["hazards"].append(f"no operation of the schema has the message {plocal}")
    else:
        top["type"] = plocal
        if pns != d.types_namespace:
            top["hazards"].append(f"in namespace {pns or '(none)'!r}, not {d.types_namespace!r}")
    _walk(d, payload, d.types.get(plocal, ()), path, d.types_namespace, rows)
    return {
        "decode": _decoded(body),
        "payload": plocal,
        "soap": envelope,
        "operation": operation.name if operation else None,
        "direction": (
            None if operation is None else "request" if plocal == operation.request else "response"
        ),
        "elements": rows,
    }


def _line(row: dict[str, Any], parent_ns: str | None) -> str:
    """One row as text: namespace and prefix are shown where they change from the parent's."""
    if row["path"].startswith("$"):  # a JSON path: $.Key.Member[2].Member
        steps = re.findall(r"\.[^.\[]+|\[\d+\]", row["path"])
        depth, name = len(steps) - 1, steps[-1].lstrip(".")
    else:
        depth = row["path"].count("/") - 1
        name = row["path"].rsplit("/", 1)[-1]
    parts = [f"{'  ' * depth}{name}"]
    if row["type"]:
        rule = (
            f" {row['minOccurs']}..{'*' if row['maxOccurs'] == 'unbounded' else row['maxOccurs']}"
            if row["minOccurs"] is not None
            else ""
        )
        parts.append(f"{row['type']}{rule}{' nillable' if row['nillable'] else ''}")
    from .._redact import MASK, SECRET_XML_ELEMENTS

    state = row["state"]
    if "value" in row:
        shown = json.dumps(row["value"], ensure_ascii=False)
        if row["name"] in SECRET_XML_ELEMENTS and row["value"]:
            shown = f"{MASK} (a credential; --json shows it, as decode does)"
        state = f"empty = {shown}" if state == "empty" else f"= {shown}"
    parts.append(state)
    if row["namespace"] is not None and row["namespace"] != parent_ns:
        prefix = f"prefix {row['prefix']}" if row["prefix"] else "default namespace"
        if not row["namespace"]:
            parts.append("(no namespace)")
        else:
            parts.append(f"{{{row['namespace']}}} ({prefix})")
    where = f"{row['line']:>4}" if row["line"] else "   -"
    return f"{where}  " + "  ".join(parts)


def _lines(rows: list[dict[str, Any]]) -> list[str]:
    namespaces: dict[str, str | None] = {}
    out = []
    for row in rows:
        parent = row["path"].rsplit("/", 1)[0]
        parent_ns = namespaces.get(re.sub(r"\[\d+\]$", "", parent))
        out.append(_line(row, parent_ns))
        namespaces[re.sub(r"\[\d+\]$", "", row["path"])] = row["namespace"]
    return out


def cmd_explain(args: argparse.Namespace) -> int:
    """Explain one message element by element; exit 1 when it has a hazard."""
    from ._capture import read_captures
    from ._describe import load_description

    found = read_captures(
        read_input(args.file), args.file, entry=args.entry, side=args.side, faxws_only=True
    )
    captures = [c for c in found.captures if c.body.strip()]
    if len(captures) != 1:
        labels = ", ".join(c.label for c in captures) or "none"
        raise Fail(
            f"{args.file}: explain reads one message, this holds {len(captures)} ({labels}): "
            "pick one with --entry N and --side request|response"
        )
    capture = captures[0]
    where = f"{args.file} ({capture.label})" if capture.label else args.file
    d, _ = load_description(args.wsdl, tls=tls_options(args))
    explain = explain_json if capture.body.lstrip()[:1] in (b"{", b"[") else explain_message
    try:
        report = explain(capture.body, d)
    except Fail as exc:
        raise Fail(f"{where}: {exc}") from None
    hazards = [(row["line"], row["path"], h) for row in report["elements"] for h in row["hazards"]]
    if args.json:
        sys.stdout.write(visible_json(json.dumps(report, indent=2, ensure_ascii=False)) + "\n")
    else:
        what = report["operation"] or "no operation"
        json_form = report["elements"][0]["path"].startswith("$")
        bare = ", the JSON form" if json_form else ", bare payload"
        soap = f", SOAP {report['soap']} envelope" if report["soap"] else bare
        direction = f" {report['direction']}" if report.get("direction") else ""
        lines = [f"{where}: {report['payload']} ({what}{direction}{soap})"]
        lines += _lines(report["elements"])
        decode = report["decode"]
        lines.append("decode: accepted" if decode is None else f"decode: refused: {decode}")
        if hazards:
            lines.append(f"{len(hazards)} hazard(s):")
            lines += [
                f"  {where}{f':{line}' if line else ''}: {path}: {h}" for line, path, h in hazards
            ]
        else:
            lines.append("no hazard")
        sys.stdout.write("\n".join(visible(line) for line in lines) + "\n")
    return 1 if hazards else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``explain`` subcommand to *sub*."""
    p = sub.add_parser(
        "explain",
        help="every element of one message, by the schema, with its hazards",
        description="Explain one message (XML, or the JSON form; any capture form) element by "
        "element: its XSD type and occurrence rule, whether it is absent, empty or nil, its "
        "namespace and prefix (XML), its line, and its value as the codec reads it. Hazards "
        "are flagged: unknown or misplaced elements, a wrong namespace, too many of one, nil "
        "where not nillable, '' or other text where a number belongs, dates without a time "
        "zone.",
        epilog="exit status: 0 explained, no hazard; 1 a hazard found (listed last), or the "
        "message unreadable, or more than one message to choose from; 2 usage error. In the "
        "text form, an element's {namespace} (prefix) is shown where it changes.",
    )
    p.add_argument("file", nargs="?", default="-", metavar="FILE", help="file, or - for stdin")
    add_capture_options(p)
    p.add_argument(
        "--wsdl", metavar="WSDL|URL", help="explain by this description (default: packaged schema)"
    )
    p.add_argument("--json", action="store_true", help="the explanation as JSON")
    add_tls_options(p)
    p.set_defaults(func=cmd_explain)
