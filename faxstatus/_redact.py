"""Masking of secrets (bearer tokens, strPIN values, passwords) in text meant for people."""

from __future__ import annotations

import re

__all__ = ["MASK", "redact_headers", "redact_text"]

MASK = "***"

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
# strPIN as an XML element (any prefix, attributes allowed), as a JSON member, and bearer
# credentials anywhere; the element form also covers a truncated value with no end tag.
_PATTERNS = (
    re.compile(r"(<(?:[\w.-]+:)?strPIN\b[^>]*>)([^<]*)", re.IGNORECASE),
    re.compile(r'("strPIN"\s*:\s*")((?:[^"\\]|\\.)*)', re.IGNORECASE),
    re.compile(r"(\bBearer\s+)([^\s,;\"']+)", re.IGNORECASE),
    re.compile(
        r"(\b(?:access_token|refresh_token|client_secret|password)=)([^&\s]+)", re.IGNORECASE
    ),
)


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Mask strPIN contents, bearer tokens and each literal in *secrets* within *text*."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + (MASK if m.group(2) else ""), text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


def redact_headers(headers: dict[str, str], secrets: tuple[str, ...] = ()) -> dict[str, str]:
    """Copy of *headers* with credential headers masked and *secrets* removed from the rest."""
    out = {}
    for name, value in headers.items():
        if name.lower() in _SECRET_HEADERS:
            scheme = value.split(" ", 1)[0] if " " in value else ""
            out[name] = f"{scheme} {MASK}".strip()
        else:
            out[name] = redact_text(value, secrets)
    return out
