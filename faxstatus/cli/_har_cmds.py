"""The ``har`` subcommand: HAR files' exchanges as other tools take them (``har curl``).

``har curl`` prints a recorded request as a curl command line: method, URL, headers and the
body quoted for a POSIX shell (shlex), every secret replaced by a reference to the
environment variable the command line reads it from (``"$FAXSTATUS_PIN"``), never its value:
the HAR file holds ``***`` where a secret was, and the shell fills in the real one.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys

from .._visible import visible
from ._common import Fail, entry_number, read_input

__all__ = ["SECRET_ENV", "curl_command", "register", "secret_spans"]

#: The environment variable standing for each secret, by the name faxstatus/_redact.py masks
#: it under (its tables: SECRET_XML_ELEMENTS, SECRET_HEADERS, SECRET_FORM_FIELDS); a test
#: holds this table to them. The FaxWS PIN and the OAuth 2.0 client's secrets are the
#: variables the command line itself reads (cli/_connect.py ENV).
SECRET_ENV = {
    "strPIN": "FAXSTATUS_PIN",
    "authorization": "FAXSTATUS_AUTHORIZATION",
    "proxy-authorization": "FAXSTATUS_PROXY_AUTHORIZATION",
    "cookie": "FAXSTATUS_COOKIE",
    "set-cookie": "FAXSTATUS_SET_COOKIE",
    "access_token": "FAXSTATUS_TOKEN",
    "refresh_token": "FAXSTATUS_REFRESH_TOKEN",
    "client_secret": "FAXSTATUS_CLIENT_SECRET",
    "password": "FAXSTATUS_PASSWORD",
    "client_assertion": "FAXSTATUS_CLIENT_ASSERTION",
    "code": "FAXSTATUS_CODE",
}
#: ``Authorization: Bearer <token>`` (RFC 6750 §2.1): the token alone is the secret.
_BEARER = re.compile(r"(?i)bearer\s+")
#: Headers curl writes itself from the URL and body (RFC 9112 §3.2, §6), or that only
#: described the recorded connection (RFC 9110 §7.6.1).
_DROPPED = frozenset({"host", "content-length", "transfer-encoding", "connection", "keep-alive"})


def _element_spans(body: str) -> list[tuple[int, int, str]]:
    from .._redact import SECRET_START_TAG, SECRET_XML_ELEMENTS

    spans = []
    for m in re.finditer(SECRET_START_TAG, body):
        if m.group().endswith("/>"):
            continue
        end = body.find("<", m.end())  # its content is text: it ends at the next markup
        local = re.sub(r"^<(?:[\w.-]+:)?", "", m.group())
        name = next((n for n in SECRET_XML_ELEMENTS if local.startswith(n)), None)
        if end >= 0 and name is not None:
            spans.append((m.end(), end, name))
    return spans


def _member_spans(body: str) -> list[tuple[int, int, str]]:
    from .._redact import SECRET_MEMBER_KEY

    spans = []
    for m in re.finditer(SECRET_MEMBER_KEY, body):
        end = re.compile(r'(?:[^"\\]|\\.)*').match(body, m.end())
        assert end is not None  # the pattern matches the empty string
        name = m.group().split('"')[1]
        spans.append((m.end(), end.end(), name))
    return spans


def _form_spans(body: str) -> list[tuple[int, int, str]]:
    from .._redact import SECRET_FORM_FIELDS, names_pattern

    pattern = rf"(?:^|&)({names_pattern(SECRET_FORM_FIELDS)})=([^&]*)"
    return [(m.start(2), m.end(2), m.group(1)) for m in re.finditer(pattern, body)]


def secret_spans(body: str, form: bool) -> list[tuple[int, int, str]]:
    """(start, end, secret name) of every secret value in *body*, in order, never overlapping.

    A credential element's content (any prefix), its JSON member's string, and with *form*
    an OAuth 2.0 form field's value (RFC 6749 §4).
    """
    spans = _element_spans(body) + _member_spans(body) + (_form_spans(body) if form else [])
    out: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def _quoted(text: str, spans: list[tuple[int, int, str]]) -> str:
    """*text* as one shell word: literal parts single-quoted, secrets as "$VARIABLE"."""
    parts, at = [], 0
    for start, end, name in spans:
        if start > at:
            parts.append(shlex.quote(text[at:start]))
        parts.append(f'"${SECRET_ENV[name]}"')
        at = end
    if at < len(text) or not parts:
        parts.append(shlex.quote(text[at:]))
    return "".join(parts)


def _header_word(name: str, value: str) -> str:
    lower = name.lower()
    if lower not in SECRET_ENV:
        return shlex.quote(f"{name}: {value}")
    bearer = _BEARER.match(value) if lower == "authorization" else None
    if bearer:  # the scheme stays; the token is FAXSTATUS_TOKEN, as the command line reads it
        return shlex.quote(f"{name}: {value[: bearer.end()]}") + f'"${SECRET_ENV["access_token"]}"'
    return shlex.quote(f"{name}: ") + f'"${SECRET_ENV[lower]}"'


def curl_command(
    method: str, url: str, headers: tuple[tuple[str, str], ...], body: bytes | None
) -> str:
    """The curl command line sending this request, secrets as environment references.

    Lines are joined by backslash-newline (a POSIX shell's line continuation). A body that
    is not UTF-8 text, or holds characters a terminal obeys, goes through ``base64 -d``.
    """
    words = ["curl", "-sS"]
    if method.upper() != ("POST" if body else "GET"):
        words += ["-X", shlex.quote(method)]
    words.append(shlex.quote(url))
    lines = [" ".join(words)]
    compressed = False
    for name, value in headers:
        if name.lower() in _DROPPED or name.startswith(":"):  # HTTP/2 pseudo-headers too
            continue
        if name.lower() == "accept-encoding":
            compressed = True  # curl then sends its own and decodes the answer
            continue
        lines.append(f"-H {_header_word(name, value)}")
    if compressed:
        lines.append("--compressed")
    prefix = ""
    if body:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        # A body holding what a terminal would obey (a control, a bidirectional override:
        # faxstatus/_visible.py) is written as base64 instead, piped to curl.
        if text and visible(text) == text:
            ctype = next((v for k, v in headers if k.lower() == "content-type"), "")
            spans = secret_spans(text, "x-www-form-urlencoded" in ctype)
            lines.append(f"--data-binary {_quoted(text, spans)}")
        else:
            import base64

            prefix = f"printf %s {shlex.quote(base64.b64encode(body).decode())} | base64 -d | "
            lines.append("--data-binary @-")
    return prefix + " \\\n  ".join(lines)


def cmd_har_curl(args: argparse.Namespace) -> int:
    """Print each chosen HAR entry's request as a curl command line."""
    from .._errors import DecodeError
    from ._capture import MAX_BODY
    from ._har_read import read_har

    try:
        entries = read_har(read_input(args.file), MAX_BODY)
    except DecodeError as exc:
        raise Fail(f"{args.file}: {exc}") from None
    if entries is None:
        raise Fail(f"{args.file}: not a HAR file (a JSON object with a log)")
    if args.entry is not None:
        if not 1 <= args.entry <= len(entries):
            raise Fail(f"--entry {args.entry}: the HAR file has {len(entries)} entries")
        entries = [entries[args.entry - 1]]
    out = []
    for e in entries:
        if not e.url:
            raise Fail(f"{args.file}: entry {e.number} has no request URL")
        headers = e.request.headers if e.request is not None else ()
        body = e.request.body if e.request is not None else None
        command = curl_command(e.method, e.url, headers, body)
        out.append(command if len(entries) == 1 else f"# entry {e.number}\n{command}")
    sys.stdout.write(visible("\n".join(out)) + "\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``har`` subcommand (and ``har curl``) to *sub*."""
    har = sub.add_parser(
        "har",
        help="a HAR file's exchanges for other tools (har curl)",
        description="Work with HAR files the proxy or --trace-file recorded.",
    )
    actions = har.add_subparsers(dest="har_command", required=True, metavar="ACTION")
    curl = actions.add_parser(
        "curl",
        help="a recorded request as a curl command line",
        description="Print a recorded request as a curl command line: method, URL, headers "
        "(those curl writes itself left out) and the body, quoted for a POSIX shell. Secrets "
        'are references to environment variables, never values: strPIN as "$FAXSTATUS_PIN", '
        'a Bearer token as "$FAXSTATUS_TOKEN", other Authorization values as '
        '"$FAXSTATUS_AUTHORIZATION", OAuth 2.0 form secrets as "$FAXSTATUS_CLIENT_SECRET" '
        "and the like. A variable's value is sent as it is (XML-escape a PIN holding < or &).",
        epilog="exit status: 0 printed; 1 the file is not a readable HAR file, or has no such "
        "entry; 2 usage error.",
    )
    curl.add_argument("file", metavar="FILE", help="HAR file, or - for stdin")
    curl.add_argument(
        "--entry", type=entry_number, metavar="N", help="only entry N (from 1); default: every one"
    )
    curl.set_defaults(func=cmd_har_curl)
