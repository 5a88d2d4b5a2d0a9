"""The ``fmt`` subcommand: pretty-print a captured message, start line and headers kept."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ._common import Fail, read_input

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


def cmd_fmt(args: argparse.Namespace) -> int:
    """Pretty-print every message in FILE (any capture form), keeping what precedes each body."""
    from ._capture import parse_captures

    out = sys.stdout.buffer
    captures = parse_captures(read_input(args.file), args.entry)
    if not captures:
        raise Fail(f"{args.file}: nothing to format")
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
    f.add_argument("--entry", type=int, metavar="N", help="only entry N (from 1) of a HAR file")
    f.set_defaults(func=cmd_fmt)
