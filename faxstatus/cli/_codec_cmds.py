"""Subcommands on captured messages: decode, encode, validate."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .._redact import visible, visible_json
from ._common import CONTENT_TYPES, Fail, read_input

__all__ = ["register"]


def _json_form(result: Any) -> Any:
    from faxstatus import Fault
    from faxstatus.codec._api import json_form
    from faxstatus.codec._faults import fault_to_json

    if isinstance(result, Fault):
        return fault_to_json(result)
    key = result.operation.json_key(result.direction)
    return {key: json_form(result.payload, key)}


def cmd_decode(args: argparse.Namespace) -> int:
    """Decode a captured message and print its JSON form."""
    import faxstatus

    body = read_input(args.file)
    ctype = _media_for(args.content_type) if args.content_type else None
    options = faxstatus.DecodeOptions(strict=not args.lenient)
    try:
        result = faxstatus.decode(body, ctype, options=options)
    except faxstatus.CodecError as exc:
        raise Fail(f"{args.file}: {exc}") from None
    text = None
    if isinstance(result, faxstatus.Message):
        from faxstatus.codec._jsontext import dumps_indented

        for path in result.skipped:
            print(f"skipped unknown element {visible(path)}", file=sys.stderr)
        text = dumps_indented(result.operation.json_key(result.direction), result.payload)
    if text is None:
        text = json.dumps(_json_form(result), indent=2, ensure_ascii=False)
    # One write: json.dump() writes token by token, one system call each when unbuffered.
    sys.stdout.write(visible_json(text) + "\n")
    return 0


def _media_for(name: str) -> str:
    import faxstatus

    return faxstatus.ContentType(name).media_type


def cmd_encode(args: argparse.Namespace) -> int:
    """Read the JSON form of a message and write its wire encoding."""
    import faxstatus

    body = read_input(args.file)
    try:
        result = faxstatus.decode(body, "application/json")
    except faxstatus.CodecError as exc:
        raise Fail(f"{args.file}: not the JSON form of a FaxWS message: {exc}") from None
    try:
        if isinstance(result, faxstatus.Fault):
            enc = faxstatus.codec.encode_fault(
                result, args.content_type if args.content_type == "json" else None
            )
        else:
            enc = faxstatus.encode(result.payload, args.content_type)
    except faxstatus.EncodeError as exc:
        raise Fail(f"cannot encode as {args.content_type}: {exc}") from None
    out = sys.stdout.buffer
    if args.headers:
        for k, v in enc.headers.items():
            out.write(f"{k}: {v}\r\n".encode())
        out.write(b"\r\n")
    out.write(enc.body)
    if not enc.body.endswith(b"\n"):
        out.write(b"\n")
    out.flush()
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a message's payload (envelope stripped) against the packaged XSD."""
    from importlib.resources import files

    from lxml import etree

    import faxstatus
    from faxstatus.codec._xml import parse_document

    body = read_input(args.file)
    try:
        root = parse_document(body)
    except faxstatus.CodecError as exc:
        raise Fail(f"{args.file}: {exc}") from None
    el = root
    if etree.QName(root).namespace in (faxstatus.codec.SOAP11_NS, faxstatus.codec.SOAP12_NS):
        bodies = [c for c in root if etree.QName(c).localname == "Body"]
        if len(bodies) != 1 or len(bodies[0]) != 1:
            raise Fail(f"{args.file}: the envelope must hold one Body with one element")
        el = bodies[0][0]
    xsd_bytes = files("faxstatus.models").joinpath("faxws.xsd").read_bytes()
    schema = etree.XMLSchema(etree.fromstring(xsd_bytes))
    if schema.validate(el):
        print(f"{args.file}: valid ({etree.QName(el).localname})")
        return 0
    for err in schema.error_log:  # type: ignore[attr-defined]
        print(visible(f"{args.file}:{err.line}: {err.message}"))
    return 1


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's subcommands to *sub*."""
    d = sub.add_parser(
        "decode",
        help="decode a captured message to its JSON form",
        description="Decode a request, response or fault (any content type); print its JSON form.",
    )
    d.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="file to read, or - for stdin"
    )
    d.add_argument("--content-type", choices=CONTENT_TYPES, help="skip detection")
    d.add_argument(
        "--lenient", action="store_true", help="skip unknown elements (listed on stderr)"
    )
    d.set_defaults(func=cmd_decode)

    e = sub.add_parser(
        "encode",
        help="encode the JSON form of a message for the wire",
        description="Read the JSON form of a message and write it in a wire format.",
    )
    e.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="file to read, or - for stdin"
    )
    e.add_argument("--content-type", choices=CONTENT_TYPES, required=True, help="wire format")
    e.add_argument("--headers", action="store_true", help="write the HTTP headers first")
    e.set_defaults(func=cmd_encode)

    v = sub.add_parser(
        "validate",
        help="validate a message against the XSD",
        description="Validate a message's payload (envelope stripped) against the FaxWS XSD.",
    )
    v.add_argument("file", metavar="FILE", help="file to validate, or - for stdin")
    v.set_defaults(func=cmd_validate)
