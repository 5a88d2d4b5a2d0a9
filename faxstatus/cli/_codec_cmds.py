"""Subcommands on captured messages: decode, encode, validate."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .._contract import JSON_MEDIA
from .._visible import visible, visible_json
from ._common import CONTENT_TYPES, Fail, add_capture_options, read_input

__all__ = ["register"]


def _json_form(result: Any) -> Any:
    from faxstatus import Fault
    from faxstatus.codec._api import json_form
    from faxstatus.codec._faults import fault_to_json

    if isinstance(result, Fault):
        return fault_to_json(result)
    key = result.operation.json_key(result.direction)
    return {key: json_form(result.payload, key)}


def _decode_one(capture: Any, args: argparse.Namespace, name: str) -> str:
    import faxstatus

    ctype = _media_for(args.content_type) if args.content_type else capture.content_type
    options = faxstatus.DecodeOptions(strict=not args.lenient)
    where = f"{name} ({capture.label})" if capture.label else name
    try:
        result = faxstatus.decode(capture.body, ctype, options=options)
    except faxstatus.CodecError as exc:
        raise Fail(f"{where}: {exc}") from None
    if isinstance(result, faxstatus.Message):
        from faxstatus.codec._api import json_text

        for path in result.skipped:
            print(f"skipped unknown element {visible(path)}", file=sys.stderr)
        return json_text(result)
    return json.dumps(_json_form(result), indent=2, ensure_ascii=False)


def _scanned_json(data: bytes) -> str | None:
    """The JSON form of a bare body in the canonical layout, or None (decode it as usual).

    faxstatus/codec/decoders/scan.py reads it with regular expressions, without importing the
    codec's entry points, its model classes or lxml (most of a one-shot run's time). What it
    accepts starts with "<" (after white space): an HTTP message, headers or a HAR file cannot.
    A line starting with "> " or "< " (after LF or CR, where bytes.splitlines cuts) makes
    parse_captures try curl -v output; the scanner's language holds no "< " line, so such a body
    would still be read as bare, but the capture parser decides it rather than this shortcut.
    """
    if any(mark in data for mark in (b"\n> ", b"\r> ", b"\n< ", b"\r< ")):
        return None
    from faxstatus.codec.decoders.scan import scan_json

    return scan_json(data)


def _print_skipped(name: str, skipped: list[str]) -> None:
    """One stderr line per HAR entry a command left out, so that nothing goes unmentioned."""
    for line in skipped:
        print(visible(f"faxstatus: {name}: skipped {line}"), file=sys.stderr)


def cmd_decode(args: argparse.Namespace) -> int:
    """Decode a captured message (bare body, HTTP message, curl output, HAR) to its JSON form.

    Every FaxWS message is decoded; HAR entries that are not FaxWS exchanges are listed as
    skipped on stderr. Exit 0 when every message decoded, 1 when one did not (the others are
    still printed, the failures named on stderr).
    """
    data = read_input(args.file)
    if args.content_type is None and args.entry is None and args.side is None:
        text = _scanned_json(data)
        if text is not None:
            sys.stdout.write(visible_json(text) + "\n")
            return 0
    from ._capture import read_captures

    found = read_captures(data, args.file, entry=args.entry, side=args.side, faxws_only=True)
    _print_skipped(args.file, found.skipped)
    captures = found.captures
    texts, failures = [], []
    for capture in captures:
        try:
            text = _decode_one(capture, args, args.file)
        except Fail as exc:
            failures.append(str(exc))
            continue
        if len(captures) > 1:
            text = f'{{"capture": {json.dumps(capture.label)}, "message": {text}}}'
        texts.append(text)
    if texts:
        out = texts[0] if len(captures) == 1 else "[\n" + ",\n".join(texts) + "\n]"
        # One write: json.dump() writes token by token, one system call each when unbuffered.
        sys.stdout.write(visible_json(out) + "\n")
    for line in failures:
        print(f"faxstatus: {visible(line)}", file=sys.stderr)
    return 1 if failures else 0


def _media_for(name: str) -> str:
    import faxstatus

    return faxstatus.ContentType(name).media_type


def cmd_encode(args: argparse.Namespace) -> int:
    """Read the JSON form of a message and write its wire encoding."""
    import faxstatus

    body = read_input(args.file)
    try:
        result = faxstatus.decode(body, JSON_MEDIA)
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
    """Validate messages (envelope, fault and payload) against the packaged schemas.

    Three checks, each run when the one before found nothing: the SOAP envelope against the
    envelope schemas; the payload against the generated schema (codec/decoders/validated.py:
    it must be an operation's message and valid against faxws.xsd); then the codec's own
    decode, so that ``validate`` never calls valid what ``decode`` refuses. Every file is
    read; the exit status is 0 when every message is valid, 1 otherwise.
    """
    status = 0
    for file in args.files:
        try:
            status |= _validate_file(file, args)
        except Fail as exc:
            print(f"faxstatus: {visible(str(exc))}", file=sys.stderr)
            status = 1
    return status


def _validate_file(file: str, args: argparse.Namespace) -> int:
    """Validate every FaxWS message in *file*; 1 when one is not valid."""
    import faxstatus
    from faxstatus.codec._xml import parse_document

    from ._capture import read_captures

    status = 0
    found = read_captures(read_input(file), file, entry=args.entry, side=args.side, faxws_only=True)
    _print_skipped(file, found.skipped)
    for capture in found.captures:
        name = f"{file} ({capture.label})" if capture.label else file
        body = capture.body
        if body.lstrip()[:1] in (b"{", b"["):
            print(visible(f"{name}: JSON has no schema; checked by decoding"))
            try:
                faxstatus.decode(body, JSON_MEDIA)
            except faxstatus.CodecError as exc:
                print(visible(f"{name}: {exc}"))
                status = 1
            continue
        try:
            root = parse_document(body)
        except faxstatus.CodecError as exc:
            line, column = getattr(exc, "line", None), getattr(exc, "column", None)
            at = f":{line}:{column or 0}" if line else ""
            print(visible(f"{name}{at}: {getattr(exc, 'reason', None) or exc}"))
            status = 1
            continue
        problems = _problems(root, body)
        if not problems:
            print(visible(f"{name}: valid ({_what(root)}"))
            continue
        status = 1
        for line, column, path, message in problems:
            print(visible(f"{name}:{line}:{column}: {path}: {message}"))
    return status


def _problems(root: Any, body: bytes) -> list[tuple[int, int, str, str]]:
    """(line, column, element path, message) of every problem, in the order of the checks."""
    from lxml import etree

    import faxstatus
    from faxstatus.codec._xml import element_path
    from faxstatus.codec.decoders.validated import payload_problems

    lines = body.split(b"\n")
    out: list[tuple[int, int, str, str]] = []
    envelope = etree.QName(root).namespace in (faxstatus.codec.SOAP11_NS, faxstatus.codec.SOAP12_NS)
    if envelope:
        schema = _envelope_schema()
        if not schema.validate(root):
            for err in schema.error_log:
                path = err.path or "?"
                column = err.column or _column(lines, err.line, path)
                out.append((err.line, column, path, err.message))
            return out
    for el in _payloads(root) if envelope else [root]:
        for problem in payload_problems(el):
            line = problem.line or 0
            out.append(
                (
                    line,
                    _element_column(lines, problem.element),
                    element_path(problem.element),
                    problem.reason,
                )
            )
    if out:
        return out
    try:
        faxstatus.decode(body)
    except faxstatus.CodecError as exc:
        reason = getattr(exc, "reason", str(exc))
        path = getattr(exc, "path", None) or "/"
        line = getattr(exc, "line", None) or 0
        out.append((line, _column(lines, line, path), path, reason))
    return out


def _payloads(envelope: Any) -> list[Any]:
    """The Body's children that are not SOAP elements (a Fault is the envelope schema's)."""
    from lxml import etree

    ns = etree.QName(envelope).namespace
    body = next((c for c in envelope if c.tag == f"{{{ns}}}Body"), None)
    if body is None:
        return []
    return [c for c in body if isinstance(c.tag, str) and etree.QName(c).namespace != ns]


def _element_column(lines: list[bytes], el: Any) -> int:
    """The column (from 1) of *el*'s start tag on its line; 0 when not found.

    libxml2 reports no column for validity errors. Elements of the same name that start
    earlier on the same line are counted, so that the n-th one is pointed at.
    """
    import re

    from lxml import etree

    line = el.sourceline
    if not isinstance(line, int) or not 0 < line <= len(lines):
        return 0
    local = etree.QName(el).localname
    same = [e for e in el.getroottree().iter(el.tag) if e.sourceline == line]
    nth = next((i for i, e in enumerate(same) if e is el), 0)
    starts = list(
        re.finditer(rb"<(?:[\w.-]+:)?" + re.escape(local.encode()) + rb"[\s/>]", lines[line - 1])
    )
    return starts[nth].start() + 1 if nth < len(starts) else 0


def _column(lines: list[bytes], line: int, path: str) -> int:
    """The column (from 1) of the start tag *path* ends with on *line*; 0 when not found.

    libxml2 reports no column for validity errors; the element's start tag on its line is
    the useful place to point at.
    """
    import re

    step = path.rsplit("/", 1)[-1]
    tag = re.sub(r"\[\d+\]$", "", step).rpartition(":")[2].encode()
    if not tag or tag == b"*" or not 0 < line <= len(lines):
        return 0
    found = re.search(rb"<(?:[\w.-]+:)?" + re.escape(tag) + rb"[\s/>]", lines[line - 1])
    return found.start() + 1 if found else 0


def _what(root: Any) -> str:
    """What was validated: the payload or Fault element's name (with the envelope's version)."""
    from lxml import etree

    import faxstatus

    q = etree.QName(root)
    if q.namespace in (faxstatus.codec.SOAP11_NS, faxstatus.codec.SOAP12_NS):
        version = "1.1" if q.namespace == faxstatus.codec.SOAP11_NS else "1.2"
        body = next((c for c in root if etree.QName(c).localname == "Body"), None)
        inner = [etree.QName(c).localname for c in body] if body is not None else []
        return f"{', '.join(inner) or 'empty Body'}) in a SOAP {version} envelope"
    return f"{q.localname})"


def _envelope_schema() -> Any:
    """Both SOAP envelopes (SOAP 1.1 §4, SOAP 1.2 Part 1 §5); the Body's payload is left lax.

    The payload is checked against the generated schema separately (payload_problems), so
    that an element the schema no longer declares is an error rather than skipped by lax
    processing. Loaded from the package's files; nothing is fetched.
    """
    from importlib.resources import as_file, files
    from pathlib import Path

    from lxml import etree

    from .._contract import SOAP11_NS, SOAP12_NS

    with as_file(files("faxstatus.cli").joinpath("envelopes")) as envelopes:
        imports = [
            (SOAP11_NS, Path(envelopes) / "soap11.xsd"),
            (SOAP12_NS, Path(envelopes) / "soap12.xsd"),
        ]
        driver = "".join(
            f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>'
            for ns, path in imports
        )
        doc = etree.fromstring(
            f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{driver}</xs:schema>'
        )
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        return etree.XMLSchema(etree.ElementTree(doc, parser=parser))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's subcommands to *sub*."""
    d = sub.add_parser(
        "decode",
        help="decode a captured message to its JSON form",
        description="Decode a request, response or fault (any content type; a bare body, an HTTP "
        "message, curl -i/-v output, encode --headers output or a HAR file); print its JSON form. "
        "HAR entries that are not FaxWS exchanges (a GET ?wsdl, an OAuth token request) are "
        "listed on stderr as skipped.",
        epilog="exit status: 0 every FaxWS message decoded; 1 one did not, or the file is "
        "unreadable (each failure named on stderr); 2 usage error.",
    )
    d.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="file to read, or - for stdin"
    )
    d.add_argument("--content-type", choices=CONTENT_TYPES, help="skip detection")
    add_capture_options(d)
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
        description="Validate messages (SOAP envelope, fault, FaxWS payload) against the "
        "packaged schemas; problems are printed as FILE:LINE:COLUMN: PATH: MESSAGE. HAR "
        "entries that are not FaxWS exchanges are listed on stderr as skipped.",
        epilog="exit status: 0 every message valid; 1 a message invalid or a file unreadable "
        "(every file is still read); 2 usage error.",
    )
    v.add_argument("files", nargs="+", metavar="FILE", help="file to validate, or - for stdin")
    add_capture_options(v)
    v.set_defaults(func=cmd_validate)
