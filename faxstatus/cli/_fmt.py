"""The ``fmt`` subcommand: pretty-print a captured message, start line and headers kept."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ._common import Fail, entry_number, read_input

__all__ = ["pretty_body", "register"]


def pretty_body(body: bytes, content_type: str | None = None) -> bytes:
    """*body* indented: XML with its own prefixes and declaration, JSON with two spaces.

    Anything that is neither comes back unchanged. XML goes through the codec's hardened
    parser (no DTD, no entities, size cap).
    """
    from lxml import etree

    import faxstatus
    from faxstatus.codec._xml import parse_document

    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        try:
            doc: Any = json.loads(body)
        except ValueError:
            return body
        return json.dumps(doc, indent=2, ensure_ascii=False).encode() + b"\n"
    if head != b"<":
        return body
    try:
        root = parse_document(body)
    except faxstatus.CodecError:
        return body
    etree.indent(root, space="  ")
    declaration = body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml")
    out: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=declaration)
    return out + b"\n"


def _check_message(capture: Any, name: str) -> None:
    """Refuse a body that is not a FaxWS message, as ``decode`` does (one line, exit 1).

    The check is lenient (what a real peer tolerates is formatted); an empty body of an
    HTTP message or HAR entry and a form-encoded one (an OAuth token request) pass as
    they are: they have nothing to indent.
    """
    import faxstatus

    where = f"{name} ({capture.label})" if capture.label else name
    has_head = bool(capture.prefix or capture.start_line)
    if has_head and (
        not capture.body.strip() or "x-www-form-urlencoded" in (capture.content_type or "")
    ):
        return
    if not capture.body.strip():
        raise Fail(f"{where}: empty input, not a FaxWS message")
    try:
        faxstatus.decode(
            capture.body, capture.content_type, options=faxstatus.DecodeOptions(strict=False)
        )
    except faxstatus.CodecError as exc:
        raise Fail(f"{where}: not a FaxWS message: {exc}") from None


def cmd_fmt(args: argparse.Namespace) -> int:
    """Pretty-print every message in FILE (any capture form), keeping what precedes each body."""
    from ._capture import parse_captures

    out = sys.stdout.buffer
    captures = parse_captures(read_input(args.file), args.entry, args.file)
    if not captures:
        raise Fail(f"{args.file}: nothing to format")
    for c in captures:  # all checked before anything is written: no half-formatted output
        _check_message(c, args.file)
    for i, c in enumerate(captures):
        if c.prefix:
            out.write(c.prefix)
        elif c.start_line:  # from a HAR entry: its start line and headers, rebuilt
            if i:
                out.write(b"\n")
            out.write(f"# {c.label}\n{c.start_line}\n".encode())
            for k, v in c.headers:
                out.write(f"{k}: {v}\n".encode())
            out.write(b"\n")
        out.write(pretty_body(c.body, c.content_type))
    out.flush()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fmt`` subcommand to *sub*."""
    f = sub.add_parser(
        "fmt",
        help="pretty-print a captured message",
        description="Pretty-print a message (XML with its original prefixes, JSON indented); "
        "an HTTP message, curl output or HAR entry keeps its start line and headers.",
    )
    f.add_argument("file", nargs="?", default="-", metavar="FILE", help="file, or - for stdin")
    f.add_argument(
        "--entry", type=entry_number, metavar="N", help="only entry N (from 1) of a HAR file"
    )
    f.set_defaults(func=cmd_fmt)
