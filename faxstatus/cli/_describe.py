"""The ``describe`` subcommand: a service description's operations, types and sample requests.

From the packaged schema (default), a WSDL file, or a service's ``?wsdl`` URL, fetched with
the client's transport under the guarded boundary's deadline and the codec's size cap.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from .._visible import visible, visible_json
from ._common import (
    CONTENT_TYPES,
    EXIT_TIMEOUT,
    Fail,
    add_tls_options,
    positive_float,
    read_input,
    tls_options,
)
from ._wsdl import UNBOUNDED, Description, Field, Operation

__all__ = ["load_description", "register", "sample_request"]

#: A sample value of each built-in type, valid for it (XSD Part 2 §3), as XML text.
_XML_SAMPLE = {
    "xsd:boolean": "false",
    "xsd:dateTime": "2026-01-01T00:00:00Z",
    "xsd:date": "2026-01-01",
    "xsd:base64Binary": "",
}
_NUMBERS = {
    "xsd:int",
    "xsd:long",
    "xsd:short",
    "xsd:byte",
    "xsd:integer",
    "xsd:unsignedInt",
    "xsd:unsignedLong",
    "xsd:unsignedShort",
    "xsd:double",
    "xsd:float",
    "xsd:decimal",
}
#: How deep a sample nests types (a recursive type stops there, empty).
_MAX_DEPTH = 8


def _xml_value(xsd: str) -> str:
    return "0" if xsd in _NUMBERS else _XML_SAMPLE.get(xsd, "?")


def _json_value(xsd: str) -> Any:
    if xsd == "xsd:decimal":
        return "0"  # decimal's JSON form is a string (faxstatus/_xsd.py)
    if xsd in _NUMBERS:
        return 0.0 if xsd in ("xsd:double", "xsd:float") else 0
    if xsd == "xsd:boolean":
        return False
    return _xml_value(xsd)


def _xml_fields(d: Description, fields: tuple[Field, ...], depth: int) -> str:
    out = []
    for f in fields:
        if f.type.startswith("xsd:") or f.type not in d.types:
            inner = _xml_value(f.type)
        elif depth < _MAX_DEPTH:
            inner = _xml_fields(d, d.types[f.type], depth + 1)
        else:
            inner = ""
        out.append(f"<{f.name}>{inner}</{f.name}>")
    return "".join(out)


def _json_fields(d: Description, fields: tuple[Field, ...], depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        if f.type.startswith("xsd:") or f.type not in d.types:
            value: Any = _json_value(f.type)
        elif depth >= _MAX_DEPTH:
            value = {}
        elif f.type in d.lists:  # a list type's JSON form is an array of its items
            (item,) = d.types[f.type]
            inner = _json_fields(d, (item,), depth + 1)[item.name]
            value = [inner]
        else:
            value = _json_fields(d, d.types[f.type], depth + 1)
        out[f.name] = value
    return out


def sample_request(d: Description, op: Operation, content_type: str) -> tuple[dict[str, str], str]:
    """(HTTP headers, body) of a sample request of *op* in *content_type* (a CLI name)."""
    from faxstatus.codec._api import ContentType, http_headers

    from .._contract import SOAP11_NS, SOAP12_NS

    ct = ContentType(content_type)
    action = next((b.action for b in op.bindings), "")
    headers = http_headers(ct, action, request=True)
    fields = d.types.get(op.request, ())
    if ct is ContentType.JSON:
        body = json.dumps({op.name: _json_fields(d, fields, 0)}, indent=2)
        return headers, body + "\n"
    payload = (
        f'<{op.request} xmlns="{d.types_namespace}">{_xml_fields(d, fields, 0)}</{op.request}>'
    )
    if ct is ContentType.XML:
        doc = payload
    else:
        ns, prefix = (SOAP12_NS, "env") if ct is ContentType.SOAP12 else (SOAP11_NS, "soap")
        body_el = f"<{prefix}:Body>{payload}</{prefix}:Body>"
        doc = f'<{prefix}:Envelope xmlns:{prefix}="{ns}">{body_el}</{prefix}:Envelope>'
    from ._fmt import format_xml

    formatted = format_xml(f'<?xml version="1.0" encoding="UTF-8"?>{doc}'.encode())
    return headers, formatted.text.decode("utf-8")


def _fields_json(fields: tuple[Field, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": f.name,
            "type": f.type,
            "minOccurs": f.min_occurs,
            "maxOccurs": "unbounded" if f.max_occurs == UNBOUNDED else f.max_occurs,
            "nillable": f.nillable,
        }
        for f in fields
    ]


def _as_json(d: Description, ops: list[Operation], samples: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": d.name,
        "targetNamespace": d.target_namespace,
        "typesNamespace": d.types_namespace,
        "ports": [p._asdict() for p in d.ports],
        "operations": [],
        "types": {name: _fields_json(fields) for name, fields in d.types.items()},
        "notes": list(d.notes),
    }
    for op in ops:
        entry: dict[str, Any] = {
            "name": op.name,
            "request": op.request,
            "response": op.response,
            "bindings": [b._asdict() for b in op.bindings],
            "requestFields": _fields_json(d.types.get(op.request, ())),
            "responseFields": _fields_json(d.types.get(op.response, ())),
        }
        if samples:
            entry["samples"] = {}
            for ct in CONTENT_TYPES:
                headers, body = sample_request(d, op, ct)
                entry["samples"][ct] = {"headers": headers, "body": body}
        out["operations"].append(entry)
    return out


def _field_lines(d: Description, fields: tuple[Field, ...], indent: str) -> list[str]:
    if not fields:
        return [f"{indent}(no fields)"]
    width = max(len(f.name) for f in fields)
    twidth = max(len(f.type) for f in fields)
    return [
        f"{indent}{f.name:<{width}}  {f.type:<{twidth}}  {f.occurs}"
        + ("  nillable" if f.nillable else "")
        + ("  (list)" if f.type in d.lists else "")
        for f in fields
    ]


def _text(d: Description, ops: list[Operation], samples: bool, where: str) -> list[str]:
    lines = [
        f"{d.name or 'service'} ({where}): target namespace {d.target_namespace}, "
        f"types in {d.types_namespace}"
    ]
    for p in d.ports:
        lines.append(
            f"  service {p.service}, port {p.name}: binding {p.binding}, "
            f"SOAP {p.soap}, at {p.address}"
        )
    lines.append(f"{len(ops)} operation(s):")
    for op in ops:
        bindings = ", ".join(
            f"{b.name} (SOAP {b.soap}, soapAction {b.action!r})" for b in op.bindings
        )
        lines.append(f"  {op.name}: {bindings or 'no binding'}")
        lines.append(f"    request {op.request}:")
        lines += _field_lines(d, d.types.get(op.request, ()), "      ")
        lines.append(f"    response {op.response}:")
        lines += _field_lines(d, d.types.get(op.response, ()), "      ")
        if samples:
            for ct in CONTENT_TYPES:
                headers, body = sample_request(d, op, ct)
                lines.append(f"    sample request, {ct}:")
                lines += [f"      {k}: {v}" for k, v in headers.items()]
                lines += [f"      {line}" for line in body.rstrip("\n").split("\n")]
    used = {
        f.type
        for op in ops
        for name in (op.request, op.response)
        for f in d.types.get(name, ())
        if not f.type.startswith("xsd:")
    }
    pending, named = sorted(used), []
    while pending:  # the types the operations' fields use, and the types those use
        name = pending.pop(0)
        if name in named or name not in d.types:
            continue
        named.append(name)
        pending += [f.type for f in d.types[name] if not f.type.startswith("xsd:")]
    if named:
        lines.append("types:")
        for name in named:
            lines.append(f"  {name}:")
            lines += _field_lines(d, d.types[name], "    ")
    for note in d.notes:
        lines.append(f"note: {note}")
    return lines


def _fetch(url: str, timeout: float, transport: Any) -> Callable[[str], bytes]:
    """A loader of *url* and of the schemas it imports from the same origin, bounded."""
    import urllib.parse

    import faxstatus
    from faxstatus._boundary import Deadline
    from faxstatus._contract import DEFAULT_MAX_BYTES

    origin = urllib.parse.urlsplit(url)[:2]
    deadline = Deadline(timeout)

    def load(location: str) -> bytes:
        target = urllib.parse.urljoin(url, location)
        if urllib.parse.urlsplit(target)[:2] != origin:
            raise Fail(f"{url}: the schema {location} is on another origin; not fetched")
        try:
            left = deadline.bound(timeout) or timeout
            resp = transport.request(
                "GET",
                target,
                {},
                b"",
                connect=left,
                read=left,
                max_bytes=DEFAULT_MAX_BYTES,
                deadline=deadline.at,
            )
        except faxstatus.DeadlineError:
            raise
        except faxstatus.FaxStatusError as exc:
            raise Fail(f"{target}: {exc}") from None
        if resp.status != 200:
            raise Fail(f"{target}: HTTP {resp.status}, not a service description")
        body: bytes = resp.body
        return body

    return load


def load_description(
    source: str | None, timeout: float = 30.0, tls: dict[str, Any] | None = None
) -> tuple[Description, str]:
    """The description *source* names (None: the packaged schema), and how to name it.

    *tls* holds the transport's ``cacert`` and ``trust_env`` for a URL (``--cacert``,
    ``--no-proxy-env``).
    """
    from importlib.resources import files
    from pathlib import Path

    from .._errors import DecodeError
    from ._wsdl import read_description

    try:
        if source is None:
            base = files("faxstatus.models")
            data = base.joinpath("faxws.wsdl").read_bytes()
            return read_description(
                data, "faxws.wsdl", lambda loc: base.joinpath(Path(loc).name).read_bytes()
            ), "the packaged schema"
        if source.startswith(("http://", "https://")):
            from faxstatus.client._transport import HttpxTransport

            transport = HttpxTransport(**(tls or {}))
            try:
                load = _fetch(source, timeout, transport)
                return read_description(load(source), source, load), source
            finally:
                transport.close()
        folder = Path(source).resolve().parent

        def local(loc: str) -> bytes:
            if "://" in loc:
                raise Fail(f"{source}: the schema {loc} is not a local file; not fetched")
            return read_input(str(folder / loc))

        return read_description(read_input(source), source, local), source
    except DecodeError as exc:
        raise Fail(str(exc)) from None


def cmd_describe(args: argparse.Namespace) -> int:
    """Print a description's operations, bindings, ports, types and (on demand) samples."""
    import faxstatus

    try:
        d, where = load_description(args.source, args.timeout, tls_options(args))
    except faxstatus.DeadlineError as exc:
        print(
            visible(f"faxstatus: {args.source}: {exc} (--timeout {args.timeout:g})"),
            file=sys.stderr,
        )
        return EXIT_TIMEOUT
    ops = list(d.operations)
    if args.operation:
        ops = [op for op in ops if op.name == args.operation]
        if not ops:
            names = ", ".join(op.name for op in d.operations)
            raise Fail(f"{where}: no operation {args.operation!r} (it has {names})")
    samples = args.samples or bool(args.operation)
    if args.json:
        sys.stdout.write(visible_json(json.dumps(_as_json(d, ops, samples), indent=2)) + "\n")
    else:
        sys.stdout.write("\n".join(visible(line) for line in _text(d, ops, samples, where)) + "\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``describe`` subcommand to *sub*."""
    p = sub.add_parser(
        "describe",
        help="a service description's operations, types and sample requests",
        description="Describe a FaxWS service: operations with their bindings, SOAP versions "
        "and soapAction, ports and addresses, each message type's fields (type, occurrence, "
        "nillable), and sample requests in each content type (--samples, or --operation). "
        "SOURCE is a WSDL file, a service's ?wsdl URL (fetched with the client's transport; "
        "schemas it imports from the same origin too), or nothing for the packaged schema. "
        "No DTD is read and no entity expanded.",
        epilog="exit status: 0 described; 1 the description cannot be read or fetched, or "
        "has no such operation; 2 usage error; 124 --timeout ran out while fetching.",
    )
    p.add_argument("source", nargs="?", metavar="WSDL|URL", help="default: the packaged schema")
    p.add_argument("--operation", metavar="NAME", help="only this operation, with its samples")
    p.add_argument(
        "--samples", action="store_true", help="a sample request per operation and content type"
    )
    p.add_argument("--json", action="store_true", help="the description as JSON")
    p.add_argument(
        "--timeout",
        type=positive_float,
        default=30.0,
        metavar="S",
        help="fetching a URL: the whole fetch, imports included (default 30)",
    )
    add_tls_options(p)
    p.set_defaults(func=cmd_describe)
