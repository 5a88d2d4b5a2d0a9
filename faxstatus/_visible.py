"""Terminal-safe text: controls, bidirectional overrides and invisible characters as escapes.

Kept apart from ``_redact`` (which re-exports both functions) so that a command printing
what it decoded imports only :mod:`re` for it, not the redaction machinery (start-up time).
"""

from __future__ import annotations

import re

__all__ = ["visible", "visible_json", "visible_line"]

# What a terminal may act on or hide: C0 and C1 controls (ESC, CSI U+009B, BEL, CR, …),
# line and paragraph separators, bidirectional overrides and isolates (Trojan Source),
# zero-width characters, and lone surrogates (which cannot even be printed as UTF-8).
_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff"
)
_TERMINAL_UNSAFE = re.compile(f"[{_UNSAFE}]")
_JSON_UNSAFE = _TERMINAL_UNSAFE
# The ASCII characters _UNSAFE leaves alone: tab, newline and the printable ones.
_ASCII_SAFE = b"\t\n" + bytes(range(0x20, 0x7F))


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


def visible_line(text: str) -> str:
    r""":func:`visible` for one line of output (a log line, a status line): ``\n`` as ``\x0a`` too.

    Text a peer sent (a field name, a description, an error quoting either) can then
    never start a line of its own: a forged log entry or status line.
    """
    return visible(text).replace("\n", "\\x0a")


def visible_json(text: str) -> str:
    r""":func:`visible` for JSON text: the same characters as JSON ``\uNNNN`` escapes.

    Such characters can only stand inside JSON strings, so the result is the same JSON.
    """
    # Most output is ASCII with nothing to escape: deleting every safe byte in C and finding
    # nothing left is ten times faster than the search (which a 10,000-item decode notices).
    if text.isascii() and not text.encode("ascii").translate(None, _ASCII_SAFE):
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
