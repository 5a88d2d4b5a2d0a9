"""Masking of secrets (bearer tokens, strPIN values, passwords) in text meant for people."""

from __future__ import annotations

import re

__all__ = ["MASK", "redact_headers", "redact_text", "visible", "visible_json"]

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


# What a terminal may act on or hide: C0 and C1 controls (ESC, CSI U+009B, BEL, CR, …),
# line and paragraph separators, bidirectional overrides and isolates (Trojan Source),
# zero-width characters, and lone surrogates (which cannot even be printed as UTF-8).
_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff"
)
_TERMINAL_UNSAFE = re.compile(f"[{_UNSAFE}]")
_JSON_UNSAFE = _TERMINAL_UNSAFE


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    r"""*text* with every character a terminal could act on shown as ``\xNN``/``\uNNNN``.

    Newlines and tabs are kept (multi-line traces stay readable); everything else that is
    a control, a separator, a bidirectional override or a lone surrogate is escaped, so
    a server cannot move the cursor, rewrite the screen or reorder what is read.
    """
    return _TERMINAL_UNSAFE.sub(_escape, text)


def visible_json(text: str) -> str:
    r""":func:`visible` for JSON text: the same characters as JSON ``\uNNNN`` escapes.

    Such characters can only stand inside JSON strings, so the result is the same JSON.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
