"""The ``replay`` subcommand: resend the requests of a HAR file and compare the answers.

Recorded secrets are masked, so they are supplied again from the environment:
``FAXSTATUS_PIN`` fills a masked ``strPIN``; a request recorded with a bearer token gets
``FAXSTATUS_TOKEN``, or a token fetched with the OAuth 2.0 variables (``FAXSTATUS_CLIENT_ID``,
``FAXSTATUS_TOKEN_URL`` and ``FAXSTATUS_CLIENT_SECRET`` or ``FAXSTATUS_USERNAME`` and
``FAXSTATUS_PASSWORD``); without either it is not sent, and the line says why. Recorded token
requests are skipped: the replay fetches its own token. Each new response is decoded and
compared with the recorded one by meaning (the ``diff`` command's comparison).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any

from .._redact import MASK, SECRET_MEMBER_KEY, SECRET_START_TAG
from .._visible import visible
from ._capture import is_token_exchange
from ._common import Fail, entry_number, positive_float, read_input

__all__ = ["register"]

_SKIP = frozenset(
    {"host", "content-length", "connection", "transfer-encoding", "keep-alive", "expect"}
)
_PIN_XML = re.compile(f"({SECRET_START_TAG})" + re.escape(MASK) + r"(?=<)")
_PIN_JSON = re.compile(f"({SECRET_MEMBER_KEY})" + re.escape(MASK) + '"')


def _restore(body: str, pin: str | None) -> str:
    if pin is None:
        return body
    from xml.sax.saxutils import escape

    body = _PIN_XML.sub(lambda m: m.group(1) + escape(pin), body)
    return _PIN_JSON.sub(lambda m: m.group(1) + json.dumps(pin)[1:-1] + '"', body)


def _headers(recorded: list[dict[str, str]], token: str | None) -> dict[str, str]:
    out = {}
    for h in recorded:
        name, value = h["name"], h["value"]
        if name.lower() in _SKIP or name.startswith(":"):
            continue
        if name.lower() == "authorization":
            if token is None:
                continue
            value = f"{value.split(' ', 1)[0]} {token}"
        out[name] = value
    return out


def _oauth_from_environment() -> Any:
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
        )
    except ValueError as exc:
        raise Fail(f"the OAuth 2.0 variables: {exc}") from None


def _form(body: bytes, ctype: str | None, name: str) -> Any:
    from ._diff import message_form

    return message_form(body, ctype, name)


def cmd_replay(args: argparse.Namespace) -> int:
    """Resend each recorded request; print per exchange whether the answer means the same."""
    import httpx

    import faxstatus

    try:
        doc = json.loads(read_input(args.file))
        entries = doc["log"]["entries"]
    except (ValueError, KeyError, TypeError):
        raise Fail(f"{args.file}: not a HAR file (no log.entries)") from None
    pin = os.environ.get("FAXSTATUS_PIN")
    token = os.environ.get("FAXSTATUS_TOKEN")
    oauth = None if token else _oauth_from_environment()
    status = 0
    with httpx.Client(timeout=args.timeout) as http:
        for n, e in enumerate(entries, 1):
            if args.entry is not None and n != args.entry:
                continue
            req = e.get("request", {})
            if is_token_exchange(e):
                print(f"entry {n}: an OAuth 2.0 token request; skipped (replay gets its own token)")
                continue
            post = req.get("postData") or {}
            text = post.get("text")
            if not text:
                print(f"entry {n}: no request body recorded; skipped")
                continue
            body = _restore(text, pin).encode()
            url = args.endpoint or req.get("url", "")
            bearer = any(
                h.get("name", "").lower() == "authorization"
                and h.get("value", "").lower().startswith("bearer ")
                for h in req.get("headers", [])
            )
            if bearer and token is None and oauth is None:
                print(
                    f"entry {n}: recorded with a bearer token, which the HAR file masks; not "
                    "sent: set FAXSTATUS_TOKEN, or FAXSTATUS_CLIENT_ID, FAXSTATUS_TOKEN_URL and "
                    "FAXSTATUS_CLIENT_SECRET (or FAXSTATUS_USERNAME/FAXSTATUS_PASSWORD)"
                )
                status = 1
                continue
            headers = _headers(req.get("headers", []), token)
            auth = oauth if bearer and token is None else None  # adds Authorization itself
            ctype = post.get("mimeType") or headers.get("Content-Type")
            try:
                op = next(iter(_form(body, ctype, f"entry {n} request")))
            except Fail as exc:
                print(visible(f"entry {n}: {exc}"))
                status = 1
                continue
            try:
                resp = http.request(
                    req.get("method", "POST"), url, content=body, headers=headers, auth=auth
                )
            except (httpx.HTTPError, faxstatus.OAuthError) as exc:
                print(visible(f"entry {n}: {op} -> {type(exc).__name__}: {exc}"))
                status = 1
                continue
            content = (e.get("response") or {}).get("content") or {}
            old_status = (e.get("response") or {}).get("status")
            head = f"entry {n}: {op} -> HTTP {resp.status_code}"
            if old_status != resp.status_code:
                head += f" (recorded {old_status})"
            try:
                new = _form(resp.content, resp.headers.get("content-type"), "new response")
                old = _form(
                    (content.get("text") or "").encode(), content.get("mimeType"), "recorded"
                )
            except Fail as exc:
                print(visible(f"{head}, cannot compare: {exc}"))
                status = 1
                continue
            from ._diff import differences

            found = differences(old, new)
            if not found and old_status == resp.status_code:
                print(visible(f"{head}, same message"))
                continue
            status = 1
            print(visible(f"{head}, differs:"))
            for line in found:
                print(visible(f"  {line}"))
    if pin is None and token is None and oauth is None:
        print(
            "note: FAXSTATUS_PIN / FAXSTATUS_TOKEN not set; masked credentials were not restored",
            file=sys.stderr,
        )
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
        "FAXSTATUS_USERNAME/FAXSTATUS_PASSWORD); recorded token requests are skipped.",
    )
    r.add_argument("file", metavar="FILE.har", help="the HAR file")
    r.add_argument("--endpoint", metavar="URL", help="send here instead of the recorded URL")
    r.add_argument("--entry", type=entry_number, metavar="N", help="only entry N (from 1)")
    r.add_argument("--timeout", type=positive_float, default=30.0, help="seconds per request (30)")
    r.set_defaults(func=cmd_replay)
