"""Masking of secrets in text meant for people, built from the one table of secret names."""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import logging
import re
import threading
import urllib.parse
from typing import Any

import attrs

# Defined in the light _visible (a command printing decoded text needs only them); exported
# here too, where callers have always imported them from.
from ._visible import visible, visible_json

__all__ = [
    "FORM_ONLY_FIELDS",
    "LOG_REDACTOR",
    "MASK",
    "MIN_PIECE",
    "SECRET_FORM_FIELDS",
    "SECRET_HEADERS",
    "SECRET_JSON_MEMBERS",
    "SECRET_MEMBER_KEY",
    "SECRET_START_TAG",
    "SECRET_XML_ELEMENTS",
    "WINDOW",
    "LogRedactor",
    "SecretBytes",
    "SecretHeaders",
    "SecretStr",
    "names_pattern",
    "redact_headers",
    "redact_library_logs",
    "redact_text",
    "redact_value",
    "secret_forms",
    "visible",
    "visible_json",
]

MASK = "***"

# The one table of secret names: every masking pattern (logs, reprs, errors, traces, HAR
# files, the replay's re-injection) is built from it.
#: Headers whose value is a credential (RFC 9110 §11.6.2, §11.7.2; cookies, RFC 6265).
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
#: Form fields that carry OAuth 2.0 credentials or grants (RFC 6749 §4.1.3, §4.3.2, §4.4.2,
#: §6; client_assertion: RFC 7521 §4.2).
SECRET_FORM_FIELDS = (
    "access_token",
    "refresh_token",
    "client_secret",
    "password",
    "client_assertion",
    "code",
)
#: Of those, the names too common as words to mask in free text ("exit code=2", "Failed,
#: code=17" in a status description): masked only as a form field or a URL query parameter,
#: at the start of the text or after ``&`` or ``?``.
FORM_ONLY_FIELDS = ("code",)
#: JSON members that carry OAuth 2.0 tokens or credentials (RFC 6749 §5.1; OpenID's id_token).
SECRET_JSON_MEMBERS = ("access_token", "refresh_token", "id_token", "client_secret", "password")
#: FaxWS elements holding a credential (CONTRACT.md §2.1), and their JSON members of the same
#: name (CONTRACT.md §4.6).
SECRET_XML_ELEMENTS = ("strPIN",)


def names_pattern(names: tuple[str, ...] | frozenset[str]) -> str:
    """A regular expression alternative matching any of *names* (longest first)."""
    return "(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")"


#: Regular expression of a secret element's start tag: any prefix, attributes allowed.
SECRET_START_TAG = rf"<(?:[\w.-]+:)?{names_pattern(SECRET_XML_ELEMENTS)}\b[^>]*>"
#: Regular expression of a secret element's JSON member name up to its value's opening quote.
SECRET_MEMBER_KEY = rf'"{names_pattern(SECRET_XML_ELEMENTS)}"\s*:\s*"'

# A credential element (any prefix, attributes allowed) and JSON member, bearer credentials
# anywhere, and OAuth form fields; the element form also covers a truncated value with no
# end tag.
_PATTERNS = (
    re.compile(rf"({SECRET_START_TAG})([^<]*)", re.IGNORECASE),
    re.compile(
        rf'("{names_pattern((*SECRET_XML_ELEMENTS, *SECRET_JSON_MEMBERS))}"\s*:\s*")'
        r'((?:[^"\\]|\\.)*)',
        re.IGNORECASE,
    ),
    re.compile(r"(\bBearer\s+)([^\s,;\"']+)", re.IGNORECASE),
    # A value ends where a form field or the markup around free text does, so masking one
    # never swallows the rest of a document.
    re.compile(
        rf"(\b{names_pattern(tuple(n for n in SECRET_FORM_FIELDS if n not in FORM_ONLY_FIELDS))}=)"
        r"([^&\s<>\"']+)",
        re.IGNORECASE,
    ),
    re.compile(rf"((?:^|[?&]){names_pattern(FORM_ONLY_FIELDS)}=)([^&\s<>\"'#]+)", re.IGNORECASE),
)


#: Shortest piece of a secret masked where an excerpt cut the secret off.
MIN_PIECE = 4


def secret_forms(secret: str) -> tuple[str, ...]:
    """*secret* as a server may echo it: as is, XML-escaped, percent-encoded, JSON-escaped."""
    forms = {
        secret,
        html.escape(secret, quote=True),
        html.escape(secret, quote=False),
        secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret, safe=""),
        urllib.parse.quote(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        "".join(f"&#{ord(c)};" for c in secret),
    }
    # Text that holds XML markup (a fault's detail is kept as its XML source) escapes each
    # of those forms once more: an XML-escaped echo there reads "&amp;lt;" for "<".
    forms |= {_xml_escape(f) for f in forms}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Where an excerpt ends: the end of the text, a closing quote of a repr, or an ellipsis.
_CUT_END = r"(?=\s*(?:['\"…]|\Z))"


#: Any run of this many characters of a secret (in any form) is masked in text for people.
WINDOW = 8


@functools.lru_cache(maxsize=64)
def _secrets_pattern(secrets: tuple[str, ...], mode: str) -> re.Pattern[str] | None:
    """One pattern for the forms of *secrets*, longest first.

    ``mode`` "value": whole forms only (data: a job id must not lose digits it shares with
    a PIN). "text": also every run of WINDOW characters of a form, wherever it stands (a
    form inside another encoding, a secret cut in the middle). "cut": "text", plus the
    first MIN_PIECE or more characters of a form where an excerpt ends.
    """
    forms: set[str] = set()
    windows: set[str] = set()
    pieces: set[str] = set()
    for secret in secrets:
        for form in secret_forms(secret):
            forms.add(form)
            if mode != "value":
                windows.update(form[i : i + WINDOW] for i in range(len(form) - WINDOW + 1))
            if mode == "cut":
                pieces.update(form[:k] for k in range(min(MIN_PIECE, len(form)), len(form)))
    if not forms:
        return None
    alternatives = [re.escape(f) for f in sorted(forms | windows, key=len, reverse=True)]
    alternatives += [re.escape(p) + _CUT_END for p in sorted(pieces, key=len, reverse=True)]
    return re.compile("|".join(alternatives))


def redact_text(text: str, secrets: tuple[str, ...] = (), *, cut: bool = False) -> str:
    """Mask strPIN contents, bearer tokens and each of *secrets* within *text* (for people).

    Each secret is masked in every form a server may echo it in (:func:`secret_forms`), and
    so is any run of ``WINDOW`` characters of one. *cut* says that *text* is, or quotes, an
    excerpt cut at a length limit: then the start of a secret (at least ``MIN_PIECE``
    characters) is masked too where the excerpt ends (at the end of the text, before a
    closing quote or an ellipsis).
    """
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + (MASK if m.group(2) else ""), text)
    return _mask(text, secrets, "cut" if cut else "text")


def _mask(text: str, secrets: tuple[str, ...], mode: str) -> str:
    pattern = _secrets_pattern(tuple(s for s in secrets if s), mode)
    return text if pattern is None else pattern.sub(MASK, text)


def redact_value(value: Any, secrets: tuple[str, ...]) -> Any:
    """*value* with every string inside it redacted (dataclasses, attrs classes, containers).

    Returns *value* itself when nothing changed, else a copy; used on what a server sent
    back (decoded payloads, faults), so that no repr reachable from a report holds a secret.
    """
    if not secrets:
        return value
    if isinstance(value, str):
        masked = _mask(value, secrets, "value")
        return value if masked == value else masked
    if isinstance(value, list | tuple):
        items = [redact_value(v, secrets) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items) if isinstance(value, list) else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = redact_value(old, secrets)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if attrs.has(type(value)):
        changes = {}
        for a in attrs.fields(type(value)):
            old = getattr(value, a.name)
            new = redact_value(old, secrets)
            if new is not old:
                changes[a.name.lstrip("_")] = new
        return attrs.evolve(value, **changes) if changes else value
    return value


def redact_headers(headers: dict[str, str], secrets: tuple[str, ...] = ()) -> dict[str, str]:
    """Copy of *headers* with credential headers masked and *secrets* removed from the rest."""
    out = {}
    for name, value in headers.items():
        if name.lower() in SECRET_HEADERS:
            scheme = value.split(" ", 1)[0] if " " in value else ""
            out[name] = f"{scheme} {MASK}".strip()
        else:
            out[name] = redact_text(value, secrets)
    return out


class SecretStr(str):
    """A str whose repr is masked: a credential held in a variable, an attribute or a tuple.

    A traceback printed with its locals (pytest ``--showlocals``, rich) or the repr of an
    object holding it shows ``'***'``; formatting and comparison use the real value.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(MASK)


class SecretBytes(bytes):
    """A request body holding a credential (strPIN): its repr is masked, its bytes are not."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes, credentials masked>"


class SecretHeaders(dict[str, str]):
    """Request headers whose repr masks the credential headers (Authorization, Cookie, …)."""

    def __repr__(self) -> str:
        return repr(redact_headers(dict(self)))


class LogRedactor(logging.Filter):
    """Masks the credentials of live clients in log records of the loggers it is installed on.

    Clients register what they send (:meth:`hold`) and drop it when closed (:meth:`drop`);
    httpx and httpcore log request lines and, at DEBUG, the headers a server sent back,
    which may echo a token or a PIN.
    """

    def __init__(self) -> None:
        super().__init__()
        self._held: dict[int, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def hold(self, owner: object, secrets: tuple[str, ...]) -> None:
        """Mask *secrets* (replacing what *owner* held before) until :meth:`drop`."""
        with self._lock:
            self._held[id(owner)] = tuple(s for s in secrets if s)

    def drop(self, owner: object) -> None:
        """Forget what *owner* held."""
        with self._lock:
            self._held.pop(id(owner), None)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite *record*'s message with every held secret masked; never drop it."""
        with self._lock:
            secrets = tuple(s for held in self._held.values() for s in held)
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not format: leave it to logging
            return True
        masked = redact_text(message, secrets)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


#: The one redactor, installed by :func:`redact_library_logs`.
LOG_REDACTOR = LogRedactor()
_LIBRARY_LOGGERS = ("httpx", "httpcore")


def redact_library_logs() -> LogRedactor:
    """Install :data:`LOG_REDACTOR` on httpx's and httpcore's loggers (idempotent).

    A filter on a logger sees only the records logged on that very logger, so it goes on
    each of their loggers that exists, and on the parents for the ones made later.
    """
    names = set(_LIBRARY_LOGGERS)
    for name in list(logging.Logger.manager.loggerDict):
        if name.split(".", 1)[0] in _LIBRARY_LOGGERS:
            names.add(name)
    for name in names:
        logger = logging.getLogger(name)
        if LOG_REDACTOR not in logger.filters:
            logger.addFilter(LOG_REDACTOR)
    return LOG_REDACTOR
