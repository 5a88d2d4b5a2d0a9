"""The ``replay`` subcommand: resend the requests of a HAR file and compare the answers.

Recorded secrets are masked, so they are supplied again from the environment:
``FAXSTATUS_PIN`` fills a masked ``strPIN``; a request recorded with a bearer token gets
``FAXSTATUS_TOKEN``, or a token fetched with the OAuth 2.0 variables (``FAXSTATUS_CLIENT_ID``,
``FAXSTATUS_TOKEN_URL`` and ``FAXSTATUS_CLIENT_SECRET`` or ``FAXSTATUS_USERNAME`` and
``FAXSTATUS_PASSWORD``). Recorded token requests are skipped: the replay fetches its own token.
Each new response is decoded and compared with the recorded one by meaning (the ``diff``
command's comparison).

The credentials stay at the configured origin: a request that carries one goes only to
``--endpoint`` (or ``FAXSTATUS_ENDPOINT``), whatever host the HAR file names; without either
it is not sent, and the line names the recorded host. A request is never sent with a masked
placeholder (``***``) where a secret was: without the secret it is refused, saying which. The
whole file is checked before anything is sent, so a malformed one is a single line and exit
status 1. Responses are read through the guarded boundary (:mod:`faxstatus._boundary`), and
``--timeout`` bounds the whole run (exit status 124 when it runs out).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import re
import sys
from typing import Any, NamedTuple

from .._redact import MASK, SECRET_HEADERS, SECRET_MEMBER_KEY, SECRET_START_TAG
from .._visible import visible
from ._capture import is_token_exchange
from ._common import (
    EXIT_TIMEOUT,
    Fail,
    Usage,
    add_tls_options,
    entry_number,
    positive_float,
    read_input,
    tls_options,
)
from ._progress import Progress

__all__ = ["register"]

_SKIP = frozenset(
    {
        "host",
        "content-length",
        "connection",
        "transfer-encoding",
        "keep-alive",
        "expect",
        # The transport names the codings the boundary decodes, whatever was recorded.
        "accept-encoding",
        # The sender names itself (RFC 9110 §10.1.5): faxstatus sends, whoever recorded.
        "user-agent",
    }
)
_PIN_XML = re.compile(f"({SECRET_START_TAG})" + re.escape(MASK) + r"(?=<)")
_PIN_JSON = re.compile(f"({SECRET_MEMBER_KEY})" + re.escape(MASK) + '"')
# A strPIN recorded unmasked (another tool's HAR file) is a credential all the same.
# Any content but the end tag is a secret: text, whitespace before it, CDATA, a reference.
_PIN_GIVEN = re.compile(
    f'{SECRET_START_TAG}[^<]|{SECRET_START_TAG}<!\\[CDATA\\[|{SECRET_MEMBER_KEY}[^"]'
)
# RFC 9110 §5.1 field names; values as httpx sends them (ASCII, no CR/LF/NUL).
_FIELD_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")
_FIELD_VALUE = re.compile(r"[\t\x20-\x7e]*\Z")


class _Entry(NamedTuple):
    """What replay takes from one HAR entry, checked (HAR 1.2 §log.entries)."""

    n: int
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    text: str
    mime: str | None
    status: int | None
    content: bytes
    content_type: str | None
    token_exchange: bool


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _member(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    """*obj*[*key*] when it is of *kind*, None when absent or null; else a Fail naming it."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Fail(f"{where}.{key} is {_kind(value)}, not {_kind(kind())}")
    return value


def _utf8(text: str, where: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Fail(f"{where} is not UTF-8 text (a lone surrogate at {exc.start})") from None


def _headers(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise Fail(f"{where} is {_kind(value)}, not an array")
    out = []
    for i, h in enumerate(value):
        at = f"{where}[{i}]"
        if not isinstance(h, dict):
            raise Fail(f"{at} is {_kind(h)}, not an object")
        name, text = _member(h, "name", str, at), _member(h, "value", str, at)
        if name is None or text is None:
            raise Fail(f"{at} needs a name and a value")
        if not _FIELD_NAME.match(name) and not name.startswith(":"):
            raise Fail(f"{at}.name is not an HTTP field name")
        if not _FIELD_VALUE.match(text):
            raise Fail(f"{at} ({name}) holds a character an HTTP field value cannot carry")
        out.append((name, text))
    return tuple(out)


def _entry(n: int, e: Any) -> _Entry:
    """The checked form of entry *n*; a Fail naming the member at fault."""
    where = f"entry {n}"
    if not isinstance(e, dict):
        raise Fail(f"{where} is {_kind(e)}, not an object")
    req = _member(e, "request", dict, where)
    if req is None:
        raise Fail(f"{where} has no request")
    rq = f"{where}.request"
    post = _member(req, "postData", dict, rq) or {}
    text = _member(post, "text", str, f"{rq}.postData") or ""
    _utf8(text, f"{rq}.postData.text")
    resp = _member(e, "response", dict, where) or {}
    rs = f"{where}.response"
    content = _member(resp, "content", dict, rs) or {}
    recorded = _member(content, "text", str, f"{rs}.content") or ""
    if _member(content, "encoding", str, f"{rs}.content") == "base64":
        try:
            body = base64.b64decode(recorded, validate=True)
        except (binascii.Error, ValueError):
            raise Fail(f"{rs}.content.text is not base64") from None
    else:
        body = _utf8(recorded, f"{rs}.content.text")
    return _Entry(
        n=n,
        method=_member(req, "method", str, rq) or "POST",
        url=_member(req, "url", str, rq) or "",
        headers=_headers(req.get("headers"), f"{rq}.headers"),
        text=text,
        mime=_member(post, "mimeType", str, f"{rq}.postData"),
        status=_member(resp, "status", int, rs),
        content=body,
        content_type=_member(content, "mimeType", str, f"{rs}.content"),
        token_exchange=is_token_exchange(e),
    )


def _load(path: str) -> list[_Entry]:
    """Every entry of the HAR file at *path*, checked; a Fail (one line) for a malformed one."""
    data = read_input(path)
    try:
        doc = json.loads(data)
    except RecursionError:
        raise Fail(f"{path}: not a HAR file (JSON nested past the parser's depth)") from None
    except ValueError as exc:  # UnicodeDecodeError included
        raise Fail(f"{path}: not a HAR file ({exc})") from None
    log = doc.get("log") if isinstance(doc, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise Fail(f"{path}: not a HAR file (no log.entries)")
    try:
        return [_entry(n, e) for n, e in enumerate(entries, 1)]
    except Fail as exc:
        raise Fail(f"{path}: {exc}") from None


def _restore(body: str, pin: str) -> str:
    from xml.sax.saxutils import escape

    body = _PIN_XML.sub(lambda m: m.group(1) + escape(pin), body)
    return _PIN_JSON.sub(lambda m: m.group(1) + json.dumps(pin)[1:-1] + '"', body)


def _origin(url: str) -> str:
    """``scheme://host:port`` of *url* (never its path, query or user info)."""
    import httpx

    try:
        u = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return "an unreadable URL"
    host = f"[{u.host}]" if ":" in u.host else u.host
    return f"{u.scheme}://{host}" + (f":{u.port}" if u.port else "") if host else repr(url[:80])


def _target(url: str | None, what: str) -> str | None:
    """*url* when it is an http(s) URL with a host and no user info; else a Fail naming *what*."""
    import httpx

    if not url:
        return None
    try:
        u = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise Fail(f"{what}: not a URL") from None
    if u.scheme not in ("http", "https") or not u.host:
        raise Fail(f"{what}: not an http(s) URL")
    if u.userinfo:
        raise Fail(f"{what}: credentials in the URL (user:password@) are refused")
    return str(u)


def _oauth_from_environment(allow_insecure_http: bool) -> Any:
    """An OAuth2 provider from the FAXSTATUS_CLIENT_* variables, or None when they are unset."""
    from faxstatus import OAuth2

    env = os.environ.get
    client_id, token_url = env("FAXSTATUS_CLIENT_ID"), env("FAXSTATUS_TOKEN_URL")
    if not client_id:
        return None
    if not token_url:
        raise Fail("FAXSTATUS_CLIENT_ID is set but FAXSTATUS_TOKEN_URL is not")
    try:
        return OAuth2(
            token_url,
            client_id=client_id,
            client_secret=env("FAXSTATUS_CLIENT_SECRET") or None,
            username=env("FAXSTATUS_USERNAME") or None,
            password=env("FAXSTATUS_PASSWORD") or None,
            allow_insecure_http=allow_insecure_http,
        )
    except ValueError as exc:
        raise Fail(f"the OAuth 2.0 variables: {exc}") from None


class _Refused(Exception):
    """The entry is not sent; the message says why."""


class _Credentials(NamedTuple):
    endpoint: str | None
    pin: str | None
    token: str | None
    oauth: Any


def _request(entry: _Entry, creds: _Credentials) -> tuple[str, dict[str, str], bytes, bool]:
    """(URL, headers, body, uses OAuth) to send for *entry*; _Refused when it must not go."""
    text, secret = entry.text, False
    if _PIN_XML.search(text) or _PIN_JSON.search(text):
        if creds.pin is None:
            raise _Refused("strPIN is masked in the HAR file; set FAXSTATUS_PIN to send it")
        text, secret = _restore(text, creds.pin), True
    elif _PIN_GIVEN.search(text):
        secret = True
    if MASK in text:
        raise _Refused(f"the request body holds a masked value ({MASK}) replay has no secret for")
    headers: dict[str, str] = {}
    oauth = False
    for name, recorded in entry.headers:
        low, value = name.lower(), recorded
        if low in _SKIP or name.startswith(":"):
            continue
        if low == "authorization" and value.lower().startswith("bearer "):
            if creds.token is None and creds.oauth is None:
                raise _Refused(
                    "recorded with a bearer token, which the HAR file masks; set "
                    "FAXSTATUS_TOKEN, or FAXSTATUS_CLIENT_ID, FAXSTATUS_TOKEN_URL and "
                    "FAXSTATUS_CLIENT_SECRET (or FAXSTATUS_USERNAME/FAXSTATUS_PASSWORD)"
                )
            secret = True
            if creds.token is None:
                oauth = True  # the OAuth 2.0 provider adds Authorization itself
                continue
            value = f"Bearer {creds.token}"
        elif MASK in value:
            raise _Refused(
                f"header {name} is masked in the HAR file and replay has no value for it"
            )
        elif low in SECRET_HEADERS:
            secret = True
        headers[name] = value
    url = creds.endpoint
    if url is None:
        if secret:
            raise _Refused(
                f"recorded for {_origin(entry.url)}; replay sends credentials only to "
                "--endpoint (or FAXSTATUS_ENDPOINT): give one"
            )
        url = _target(entry.url, f"entry {entry.n}: request.url")
    if url is None:
        raise _Refused("no URL recorded; give --endpoint")
    return url, headers, text.encode("utf-8"), oauth


def _compare(entry: _Entry, op: str, resp: Any) -> int:
    from ._diff import differences, message_form

    head = f"entry {entry.n}: {op} -> HTTP {resp.status}"
    if entry.status != resp.status:
        head += f" (recorded {entry.status})"
    try:
        new = message_form(resp.body, resp.headers.get("content-type"), "new response")
        old = message_form(entry.content, entry.content_type, "recorded")
    except Fail as exc:
        print(visible(f"{head}, cannot compare: {exc}"))
        return 1
    found = differences(old, new)
    if not found and entry.status == resp.status:
        print(visible(f"{head}, same message"))
        return 0
    print(visible(f"{head}, differs:"))
    for line in found:
        print(visible(f"  {line}"))
    return 1


def _form(body: bytes, ctype: str | None, name: str) -> Any:
    from ._diff import message_form

    return message_form(body, ctype, name)


class _TimedOut(Exception):
    """The run's --timeout ran out."""


def _replay(entry: _Entry, creds: _Credentials, send: Any) -> int:
    """Resend one entry through *send* (url, headers, body, oauth); its exit status."""
    import faxstatus

    n = entry.n
    if entry.token_exchange:
        print(f"entry {n}: an OAuth 2.0 token request; skipped (replay gets its own token)")
        return 0
    if not entry.text:
        print(f"entry {n}: no request body recorded; skipped")
        return 0
    if entry.method.upper() != "POST":
        print(visible(f"entry {n}: a {entry.method} request; replay resends POSTs only"))
        return 0
    try:
        url, headers, body, oauth = _request(entry, creds)
        ctype = entry.mime or next(
            (v for k, v in headers.items() if k.lower() == "content-type"), None
        )
        op = next(iter(_form(body, ctype, f"entry {n} request")))
    except (_Refused, Fail) as exc:
        print(visible(f"entry {n}: not sent: {exc}"))
        return 1
    try:
        resp = send(url, headers, body, oauth)
    except _TimedOut:
        print(visible(f"entry {n}: {op} -> no answer before the --timeout ran out"))
        raise
    except (faxstatus.TransportError, faxstatus.DecodeError, faxstatus.OAuthError) as exc:
        print(visible(f"entry {n}: {op} -> {type(exc).__name__}: {exc}"))
        return 1
    return _compare(entry, op, resp)


def cmd_replay(args: argparse.Namespace) -> int:
    """Resend each recorded request; print per exchange whether the answer means the same."""
    import httpx

    import faxstatus
    from faxstatus._boundary import Deadline
    from faxstatus._contract import DEFAULT_MAX_BYTES
    from faxstatus.client._transport import HttpxTransport

    deadline = Deadline(args.timeout)
    entries = _load(args.file)
    if args.entry is not None:
        if args.entry > len(entries):
            raise Fail(f"--entry {args.entry}: the HAR file has {len(entries)} entries")
        entries = [entries[args.entry - 1]]
    endpoint = args.endpoint or os.environ.get("FAXSTATUS_ENDPOINT") or None
    token = os.environ.get("FAXSTATUS_TOKEN") or None
    creds = _Credentials(
        endpoint=_target(endpoint, "--endpoint" if args.endpoint else "FAXSTATUS_ENDPOINT"),
        pin=os.environ.get("FAXSTATUS_PIN"),
        token=token,
        oauth=None if token else _oauth_from_environment(args.allow_insecure_http),
    )
    # Redirects are not followed: a credential never travels to the host a 307 names.
    from faxstatus.client._transport import tls_verify

    tls = tls_options(args)
    try:
        verify = tls_verify(tls["cacert"])
    except ValueError as exc:
        raise Usage(str(exc)) from None
    with httpx.Client(follow_redirects=False, verify=verify, trust_env=tls["trust_env"]) as http:
        plain = HttpxTransport(http)
        with_oauth = HttpxTransport(http, auth=creds.oauth) if creds.oauth else plain

        def send(url: str, headers: dict[str, str], body: bytes, oauth: bool) -> Any:
            # Every connect, read and write (the token request's too) ends by the deadline.
            left = deadline.left()
            if deadline.expired or left is None:
                raise _TimedOut
            try:
                return (with_oauth if oauth else plain).post(
                    url,
                    headers,
                    body,
                    connect=left,
                    read=left,
                    max_bytes=DEFAULT_MAX_BYTES,
                    deadline=deadline.at,
                )
            except faxstatus.TransportError as exc:
                if isinstance(exc, faxstatus.DeadlineError) or deadline.expired:
                    raise _TimedOut from None
                raise

        status = 0
        progress = Progress("replay", len(entries), unit="entries")
        try:
            for entry in entries:
                progress.close()  # the line is erased before each exchange's own lines
                status |= _replay(entry, creds, send)
                progress.advance()
        except _TimedOut:
            progress.close()
            print(
                f"faxstatus: replay: the --timeout of {args.timeout:g} s ran out", file=sys.stderr
            )
            return EXIT_TIMEOUT
    return status


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``replay`` subcommand to *sub*."""
    r = sub.add_parser(
        "replay",
        help="resend the requests of a HAR file and compare the answers",
        description="Resend each request recorded in a HAR file (from --trace-file or proxy "
        "--har) and show whether the new response decodes to the same message. Masked "
        "secrets come from FAXSTATUS_PIN and FAXSTATUS_TOKEN (or a token fetched with "
        "FAXSTATUS_CLIENT_ID, FAXSTATUS_TOKEN_URL and FAXSTATUS_CLIENT_SECRET or "
        "FAXSTATUS_USERNAME/FAXSTATUS_PASSWORD); recorded token requests are skipped. A "
        "request that carries a credential goes only to --endpoint (or FAXSTATUS_ENDPOINT), "
        "never to the host the file names; one whose secret is not at hand is not sent. Exit "
        "status 0 when every answer means the same, 1 otherwise, 124 when --timeout ran out.",
    )
    r.add_argument("file", metavar="FILE.har", help="the HAR file")
    r.add_argument(
        "--endpoint",
        metavar="URL",
        help="send here instead of the recorded URL (or FAXSTATUS_ENDPOINT); requests with "
        "credentials are sent only here",
    )
    r.add_argument("--entry", type=entry_number, metavar="N", help="only entry N (from 1)")
    r.add_argument(
        "--timeout",
        type=positive_float,
        default=60.0,
        help="seconds for the whole run (60); exit status 124 when they run out",
    )
    r.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="send the OAuth 2.0 credentials to a plain-http FAXSTATUS_TOKEN_URL on a host "
        "that is not loopback (refused otherwise)",
    )
    add_tls_options(r)
    r.set_defaults(func=cmd_replay)
