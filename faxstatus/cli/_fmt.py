"""The ``fmt`` subcommand: pretty-print captured messages as ``xmllint --format`` does.

Any well-formed XML is formatted, not only FaxWS messages (a WSDL, an HTML error page in
XHTML, an invalid FaxWS message): libxml2's own serializer with two-space indentation,
prefixes, namespace declarations, CDATA sections, comments and processing instructions
kept, and the XML declaration written as xmllint writes it. JSON is re-indented token by
token, so that every string and number keeps its spelling. Malformed input is formatted as
far as libxml2's recovery reads it, and the first error is named by line and column.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any, NamedTuple

from .._visible import visible
from ._common import Fail, add_capture_options, read_input

__all__ = ["Formatted", "format_body", "format_json", "format_xml", "pretty_body", "register"]


class Formatted(NamedTuple):
    """A formatted body, and the first error met (None when the input was well-formed)."""

    text: bytes
    #: "LINE:COLUMN: message" (positions from 1, in the body), or a message with no position.
    error: str | None


_BOM = b"\xef\xbb\xbf"
_SPACE = b" \t\r\n"
# The XML declaration's encoding (XML 1.0 §4.3.3 EncodingDecl), as the document spells it.
_ENCODING = re.compile(
    rb"""<\?xml[^>]*?\sencoding\s*=\s*(?:"([A-Za-z][\w.-]*)"|'([A-Za-z][\w.-]*)')"""
)


_STANDALONE = re.compile(rb"""<\?xml[^>]*?\sstandalone\s*=\s*["'](yes|no)["']""")


def _declaration(docinfo: Any, encoding: str | None, body: bytes) -> bytes:
    """The declaration xmllint writes: version always, encoding and standalone when declared."""
    out = f'<?xml version="{docinfo.xml_version or "1.0"}"'
    if encoding:
        out += f' encoding="{encoding}"'
    standalone = _STANDALONE.match(body.lstrip(_BOM)[:1024])
    if standalone:
        out += f' standalone="{standalone.group(1).decode("ascii")}"'
    return out.encode("ascii") + b"?>\n"


def _nothing_outside() -> type:
    """The lxml resolver class that answers every external reference with an empty text."""
    from lxml import etree

    class NothingOutside(etree.Resolver):
        """Resolves every system or public identifier to nothing: no file, no URL is read."""

        # lxml calls resolve(url, id, context); lxml-stubs still name two arguments.
        def resolve(self, system_url: str, public_id: str, context: Any) -> Any:  # type: ignore[override]
            """An empty document, whatever *system_url* names."""
            return self.resolve_string("", context, base_url=None)

    return NothingOutside


def _serialized(tree: Any, encoding: str) -> bytes:
    """*tree* through libxml2's formatting serializer (xmllint's), with no declaration."""
    from lxml import etree

    out = etree.tostring(tree, pretty_print=True, encoding=encoding, xml_declaration=False)
    assert isinstance(out, bytes)  # an encoding given: bytes, never str
    return out


def format_xml(body: bytes) -> Formatted:
    """*body* formatted as ``xmllint --format`` (``--recover`` for malformed input) prints it.

    The parser reads no DTD and expands no entity (a reference stays a reference, as in
    xmllint's output), fetches nothing, and is held to the codec's size cap. A document that
    declares no encoding is written as xmllint writes it: ASCII, with character references
    for the non-ASCII characters of text and attribute values.
    """
    from lxml import etree

    from .._contract import DEFAULT_MAX_BYTES
    from .._errors import DecodeError
    from ..codec._xml import check_size

    try:
        check_size(body, DEFAULT_MAX_BYTES)
    except DecodeError as exc:
        return Formatted(b"", str(exc))
    if not body.strip(_SPACE) or body.strip(_SPACE) == _BOM:
        return Formatted(b"", "1:1: empty input, no document")
    parser = etree.XMLParser(
        recover=True,  # what libxml2 can read of a malformed document, as xmllint --recover
        remove_blank_text=True,  # xmllint --format parses with keepBlanks off
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        strip_cdata=False,
        collect_ids=False,
    )
    # Nothing outside the document is read: an external DTD subset or entity (a file, a
    # device, a URL; XML 1.0 §4.2.2) resolves to nothing, whatever libxml2 would have loaded.
    parser.resolvers.add(_nothing_outside()())
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError, LookupError) as exc:
        root = None
        first_exc: str | None = f"malformed XML: {str(exc).strip()}"
    else:
        first_exc = None
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    # A prefix used undeclared breaks Namespaces in XML 1.0 §5, not well-formedness: xmllint
    # formats such a document and exits 0, and so does fmt.
    fatal = [e for e in errors if e.domain != etree.ErrorDomains.NAMESPACE]
    error = None
    if fatal:
        first = fatal[0]
        error = f"{first.line}:{first.column}: malformed XML: {first.message.strip()}"
    elif first_exc is not None:
        error = first_exc
    if root is None:
        return Formatted(b"", error or "1:1: malformed XML: no element could be read")
    tree = root.getroottree()
    declared = _ENCODING.match(body.lstrip(_BOM)[:1024])
    encoding = next((g.decode("ascii") for g in declared.groups() if g), None) if declared else None
    try:
        text = _serialized(tree, encoding or "UTF-8")
    except (LookupError, ValueError):  # an encoding libxml2 cannot write: UTF-8 then
        encoding = None
        text = _serialized(tree, "UTF-8")
    if encoding is None and not text.isascii():
        text = _references_outside_markup(text)
    return Formatted(_declaration(tree.docinfo, encoding, body) + text, error)


# What libxml2 writes as it is in a document that declares no encoding: comments, CDATA
# sections, processing instructions and the document type declaration.
_RAW_MARKUP = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.DOTALL
)
_TAG = re.compile(rb"<[^>]*>")
_QUOTED = re.compile(rb'"[^"]*"')
_NON_ASCII = re.compile(rb"[\x80-\xff]+")  # whole UTF-8 sequences: ASCII never occurs inside


def _references(data: bytes) -> bytes:
    return _NON_ASCII.sub(
        lambda m: "".join(f"&#x{ord(c):X};" for c in m.group().decode("utf-8")).encode(), data
    )


def _references_outside_markup(text: bytes) -> bytes:
    """*text* (UTF-8) as xmllint writes a document without an encoding declaration.

    Non-ASCII characters of text and attribute values become hexadecimal character
    references (XML 1.0 §4.1); names, comments, CDATA, PIs and the DOCTYPE stay as written.
    """

    def text_part(part: bytes) -> bytes:
        out, at = [], 0
        for tag in _TAG.finditer(part):
            out.append(_references(part[at : tag.start()]))
            out.append(_QUOTED.sub(lambda m: _references(m.group()), tag.group()))
            at = tag.end()
        out.append(_references(part[at:]))
        return b"".join(out)

    out, at = [], 0
    for raw in _RAW_MARKUP.finditer(text):
        out.append(text_part(text[at : raw.start()]))
        out.append(raw.group())
        at = raw.end()
    out.append(text_part(text[at:]))
    return b"".join(out)


# JSON tokens (RFC 8259 §2, §7): a string, a structural character, or a literal or number.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)


def format_json(body: bytes) -> Formatted:
    """*body* re-indented with two spaces, each token as written (numbers keep their spelling).

    Malformed JSON gives no text and its first error's line and column.
    """
    try:
        json.loads(body)
    except RecursionError:
        return Formatted(b"", "malformed JSON: nested too deeply")
    except json.JSONDecodeError as exc:
        return Formatted(b"", f"{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}")
    except ValueError as exc:  # not UTF-8/16/32, or an integer past Python's digit limit
        return Formatted(b"", f"malformed JSON: {exc}")
    text = body.decode(json.detect_encoding(body)).lstrip("\ufeff").encode("utf-8")
    out: list[bytes] = []
    depth = 0
    tokens = _JSON_TOKEN.findall(text)
    for i, tok in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else b""
        if tok in (b"{", b"["):
            depth += 1
            out.append(tok)
            if after not in (b"}", b"]"):
                out.append(b"\n" + b"  " * depth)
        elif tok in (b"}", b"]"):
            depth -= 1
            if out and out[-1] not in (b"{", b"["):
                out.append(b"\n" + b"  " * depth)
            out.append(tok)
        elif tok == b",":
            out.append(b",\n" + b"  " * depth)
        elif tok == b":":
            out.append(b": ")
        else:
            out.append(tok)
    return Formatted(b"".join(out) + b"\n", None)


def format_body(body: bytes, *, bare: bool = True) -> Formatted:
    """*body* formatted as JSON or XML, by its first character.

    A *bare* body (a file of its own) is XML unless it looks like JSON, so that text that is
    neither gets xmllint's error; a body out of an HTTP capture that is neither (a form, an
    empty body, plain text) comes back unchanged.
    """
    head = body.lstrip(_BOM).lstrip(_SPACE)[:1]
    if head in (b"{", b"["):
        return format_json(body)
    if head == b"<" or bare:
        return format_xml(body)
    return Formatted(body, None)


def pretty_body(body: bytes, content_type: str | None = None) -> bytes:
    """*body* formatted (XML or JSON); anything malformed or neither comes back unchanged."""
    formatted = format_body(body, bare=False)
    return body if formatted.error is not None else formatted.text


def _format_file(file: str, args: argparse.Namespace, out: Any) -> int:
    """Format every message of *file*; 1 (after writing what could be read) on an error."""
    from ._capture import read_captures

    captures = read_captures(read_input(file), file, entry=args.entry, side=args.side).captures
    status = 0
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
        has_head = bool(c.prefix or c.start_line)
        formatted = format_body(c.body, bare=not has_head)
        out.write(formatted.text)
        if formatted.error is not None:
            out.flush()
            where = f"{file} ({c.label})" if c.label else file
            sep = ":" if formatted.error[:1].isdigit() else ": "
            print(visible(f"faxstatus: {where}{sep}{formatted.error}"), file=sys.stderr)
            status = 1
    return status


def cmd_fmt(args: argparse.Namespace) -> int:
    """Format every message of every FILE (any capture form), keeping what precedes each body."""
    out = sys.stdout.buffer
    status = 0
    for file in args.files:
        try:
            status |= _format_file(file, args, out)
        except Fail as exc:
            if len(args.files) == 1:
                raise
            out.flush()
            print(f"faxstatus: {visible(str(exc))}", file=sys.stderr)
            status = 1
    out.flush()
    return status


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fmt`` subcommand to *sub*."""
    f = sub.add_parser(
        "fmt",
        help="pretty-print a captured message",
        description="Pretty-print messages as xmllint --format does: any well-formed XML "
        "(FaxWS or not) indented by two spaces, its prefixes, namespace declarations, CDATA, "
        "comments and declaration kept; JSON indented, every value as written. An HTTP "
        "message, curl output or HAR entry keeps its start line and headers. Malformed input "
        "is printed as far as it could be read, and the error named as FILE:LINE:COLUMN.",
        epilog="exit status: 0 every message formatted; 1 a message malformed (what could be "
        "read is printed; the error on stderr) or a file unreadable; 2 usage error.",
    )
    f.add_argument(
        "files", nargs="*", default=["-"], metavar="FILE", help="files, or - for stdin (default)"
    )
    add_capture_options(f)
    f.set_defaults(func=cmd_fmt)
