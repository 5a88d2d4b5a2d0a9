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
from collections.abc import Callable
from typing import Any

import attrs

# Defined in the light _visible (a command printing decoded text needs only them); exported
# here too, where callers have always imported them from.
from ._visible import visible, visible_json

__all__ = [
    "CREDENTIAL_WORDS",
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
    "Masker",
    "SecretBytes",
    "SecretHeaders",
    "SecretStr",
    "Shown",
    "mark_echoes",
    "masker",
    "names_pattern",
    "redact_headers",
    "redact_library_logs",
    "redact_text",
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

#: Words that introduce a credential in free text ("PIN 1234", "password: x", "bad token x").
CREDENTIAL_WORDS = (
    "pin",
    "strpin",
    "password",
    "passwd",
    "pwd",
    "passcode",
    "passphrase",
    "secret",
    "token",
    "credential",
    "credentials",
    "key",
    "apikey",
    "api_key",
)

_FORM_NAMES = tuple(n for n in SECRET_FORM_FIELDS if n not in FORM_ONLY_FIELDS)
# Where the credentials stand, whatever their value, each as (the lower-case names that
# must occur for it to match, a pattern of a name group and a value group): a credential
# element (any prefix, attributes allowed; also a truncated value with no end tag) and JSON
# member, a bearer credential (RFC 6750 §2.1 b64token; an auth-param such as ``realm="…"``
# after "Bearer" in a challenge, RFC 9110 §11.6.1, is no credential), and the OAuth form
# fields. A value ends where a form field or the markup around free text does, so masking
# one never swallows the rest of a document.
_STRUCTURAL: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = tuple(
    (frozenset(n.lower() for n in names), re.compile(pattern, re.IGNORECASE))
    for names, pattern in (
        (
            SECRET_XML_ELEMENTS,
            rf"(<(?:[\w.-]++:)?{names_pattern(SECRET_XML_ELEMENTS)}\b[^>]*>)([^<]*)",
        ),
        (
            (*SECRET_XML_ELEMENTS, *SECRET_JSON_MEMBERS),
            rf'("{names_pattern((*SECRET_XML_ELEMENTS, *SECRET_JSON_MEMBERS))}"\s*:\s*")'
            r'((?:[^"\\]|\\.)*)',
        ),
        (("bearer",), r"(\bBearer\s+)(?![\w!#$%&'*+.^`|~-]+\s*=\s*(?:\"|[^\s=,]))([^\s,;\"'<>]+)"),
        (
            _FORM_NAMES,
            rf"(\b{names_pattern(_FORM_NAMES)}=)"
            r"([^&\s<>\"']+)",
        ),
        (
            tuple(f"{n}=" for n in FORM_ONLY_FIELDS),
            rf"((?:^|[?&]){names_pattern(FORM_ONLY_FIELDS)}=)([^&\s<>\"'#]+)",
        ),
    )
)


def _probes(names: frozenset[str]) -> frozenset[str]:
    """Few substrings, one of which each of *names* holds: ``access_token`` holds ``_token``."""
    return frozenset(("_" + n.rpartition("_")[2]) if "_" in n else n for n in names)


_PROBES = tuple(_probes(names) for names, _ in _STRUCTURAL)
_ALL_PROBES = tuple(sorted(frozenset().union(*_PROBES)))
# re's search for a literal scans long text faster than ``in`` does (fewer steps per
# character where the text is mostly other characters); ``in`` is kept for short text.
_FIND = {p: re.compile(re.escape(p)).search for p in _ALL_PROBES}


def _gated(probes: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """*probes* grouped by a character that status data hardly holds ("_", "="; "": the rest).

    One search for that character (memchr) rules out a whole group where it is absent.
    """
    groups, rest = [], list(probes)
    for gate in "_=":
        groups.append((gate, tuple(p for p in rest if gate in p)))
        rest = [p for p in rest if gate not in p]
    return (*groups, ("", tuple(rest)))


_GATED = _gated(_ALL_PROBES)

# A JSON member's name stands right after a quote and a form field's right before "=": the
# few quotes and "=" of most text are looked at one by one (each found by memchr) instead of
# searching the whole text once per name. (Pattern order of _STRUCTURAL: element, member,
# bearer, form fields, form-only fields.)
_LOWER_MEMBERS = tuple(n.lower() + '"' for n in (*SECRET_XML_ELEMENTS, *SECRET_JSON_MEMBERS))
_GATES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]] | None, ...] = (
    None,
    ('"', (), _LOWER_MEMBERS),
    None,
    ("=", tuple(n.lower() for n in _FORM_NAMES), ()),
    ("=", tuple(n.lower() for n in FORM_ONLY_FIELDS), ()),
)
#: More gate characters than this, and the names are searched for instead.
_GATE_LIMIT = 64
#: Text this long is looked at gate by gate; shorter text, where a search for each probe
#: costs less than the look at each gate, probe by probe.
_LONG = 2048


def _beside_gate(
    folded: str, gate: str, before: tuple[str, ...], after: tuple[str, ...]
) -> bool | None:
    """Whether a name of *before* ends, or one of *after* starts, at a *gate* character.

    None when *gate* occurs more than ``_GATE_LIMIT`` times.
    """
    i = folded.find(gate)
    for _ in range(_GATE_LIMIT):
        if i < 0:
            return False
        if (before and folded.endswith(before, 0, i)) or (
            after and folded.startswith(after, i + 1)
        ):
            return True
        i = folded.find(gate, i + 1)
    return None if i >= 0 else False


def _may_match(folded: str, index: int, underscore: bool) -> bool:
    """False when pattern *index* of _STRUCTURAL cannot match the text *folded* is of."""
    gate = _GATES[index]
    if gate is not None:
        if gate[0] not in folded:
            return False
        near = _beside_gate(folded, *gate)
        if near is not None:
            return near
    # "_" (one memchr) rules out the probes holding it, which status data hardly holds.
    return any(
        (underscore or "_" not in p) and _FIND[p](folded) is not None for p in _PROBES[index]
    )


def _keep_name(m: re.Match[str]) -> str:
    return m.group(1) + (MASK if m.group(2) else "")


def _element_start(folded: str, index: int) -> int:
    return folded.rfind("<", 0, index)


def _name_start(folded: str, index: int) -> int:
    return index


#: Where a match of each pattern of _STRUCTURAL starts, given where one of its names stands
#: in the folded text: at the "<" before an element's name (no "<" can stand in a prefix),
#: at a bearer credential's name; None: the pattern is run over the whole text.
_STARTS: tuple[Callable[[str, int], int] | None, ...] = (
    _element_start,
    None,
    _name_start,
    None,
    None,
)


def _sub_at(
    text: str,
    folded: str,
    pattern: re.Pattern[str],
    names: frozenset[str],
    start: Callable[[str, int], int],
) -> str:
    """``pattern.sub(_keep_name, text)``, *pattern* tried only where a match can start.

    *folded* is *text* lower-cased, character for character (ASCII text): a match starts
    where ``start`` puts it for an occurrence of one of *names*, and ``sub`` takes the
    leftmost matches that do not overlap, as this does.
    """
    spots = []
    for name in names:
        i = folded.find(name)
        while i >= 0:
            spots.append(start(folded, i))
            i = folded.find(name, i + 1)
    out: list[str] = []
    done = 0
    for at in sorted(spots):
        if at < done or at < 0:
            continue
        m = pattern.match(text, at)
        if m is not None:
            out += (text[done:at], _keep_name(m))
            done = m.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def _structural(text: str, folded: str | None = None) -> str:
    """*text* with every credential masked where it stands (see :class:`Masker`).

    Each pattern runs only where one of its names can stand in the case-folded text
    (*folded*, when the caller has it); for most text, no pattern runs.
    """
    if folded is None:
        folded = text.casefold()
    if len(folded) < _LONG:
        found = {p for gate, probes in _GATED if gate in folded for p in probes if p in folded}
        if not found:
            return text
        runs = [bool(probes & found) for probes in _PROBES]
    else:
        underscore = "_" in folded
        runs = [_may_match(folded, i, underscore) for i in range(len(_STRUCTURAL))]
    # Where text and folded are alike character for character, a pattern that has a start
    # is tried only at its starts, until a pass has changed the text.
    aligned = len(folded) == len(text) and text.isascii()
    for run, (names, pattern), start in zip(runs, _STRUCTURAL, _STARTS, strict=True):
        if not run:
            continue
        if aligned and start is not None:
            done = _sub_at(text, folded, pattern, names, start)
            aligned = done is text
            text = done
        else:
            text = pattern.sub(_keep_name, text)
            aligned = False
    return text


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

#: Secrets of this many characters or more are long: masked in every form, anywhere, and
#: so is any run of this many characters of one. Shorter ones are short (see Masker).
WINDOW = 8

# What ends a token of free text after a short secret: markup, quotes, white space,
# separators, or a full stop that ends a sentence. Not '-', '.', '/' or ':' inside a word,
# which join a secret to the rest of a date, an id or a host name.
_WORD_END = r"(?=[\s\"'<>=:,;()&\[\]{}]|\.(?:\s|\Z)|\Z)"
_CREDENTIAL_WORD = rf"((?<![\w-])(?i:{names_pattern(CREDENTIAL_WORDS)})[\s:=#'\"]{{1,3}})"


def _trie(words: set[str]) -> str:
    """One regular expression alternative for *words*, factored by common prefixes.

    ``re`` tries the branches of an alternation one by one at each position; a trie's
    branches differ in their first character, so a position is refused after one look at
    each first character instead of one per word. Longer words are preferred.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _flat(words: set[str]) -> str:
    """An alternation of *words*, longest first; ``(?!)`` (never matching) for none.

    For a few short words, ``re`` skips the positions whose character starts none of them
    (a prefix set it builds for a flat alternation, not for a trie).
    """
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) or "(?!)"


def _emit(node: dict[str, Any]) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        run, child = [ch], node[ch]
        while len(child) == 1 and "" not in child:  # a chain: no branch to open
            (nxt,) = child
            run.append(nxt)
            child = child[nxt]
        branches.append(re.escape("".join(run)) + _emit(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?"


# Compared and hashed by identity: masker() makes one per set of secrets, and hashing the
# compiled patterns (a cache key of every header value masked) would cost more than masking.
#: A compiled literal's search, re's (see _FIND).
_Search = Callable[[bytes], "re.Match[bytes] | None"]


@attrs.frozen(repr=False, eq=False)
class Masker:
    """The one masking engine for text meant for people, for one set of secrets.

    Built once per set (:func:`masker`). Three things are masked:

    * credentials where they stand, whatever their value (structural): a ``strPIN``
      element or JSON member, a bearer credential, the OAuth form fields and JSON members
      of the one table of secret names above;
    * a long secret (``WINDOW`` characters or more) in every form a server may echo it in
      (:func:`secret_forms`), anywhere, and any run of ``WINDOW`` characters of one; with
      ``cut``, also its first ``MIN_PIECE`` or more characters where an excerpt ends;
    * a short secret (fewer than ``WINDOW`` characters) only as a whole, delimited token
      where it stands as an echo: as a whole value (all of a header value or a field,
      element text between ``>`` and ``<``, a quoted string), or right after a word that
      names a credential (:data:`CREDENTIAL_WORDS`: ``PIN 1234``, ``password: x``,
      ``bad token x``). A short secret is as likely to be an ordinary word or number of
      the data ("wrong", "2026", "0") as an echo, so it is never masked inside an id, a
      number, a date or a sentence: ``invalid_grant: wrong username or password`` stays
      as the server wrote it.

    Masking is for text written for people (logs, traces, HAR files, exception messages,
    reprs). Decoded data is never masked: outcomes, reports, the table and ``--json``
    carry what the server sent (:func:`mark_echoes` gives an echo a masked repr only).

    Each pass first looks for what it masks (the names of the table in the case-folded
    text; for the secrets, 4-character anchors that every echo of one contains) and is
    skipped when there is none; where an anchor occurs, the one pattern of every echo
    runs only near it.
    """

    secrets: tuple[str, ...]
    _values: re.Pattern[str] | None
    _cut: re.Pattern[str] | None
    #: Matches wherever any echo (a form, a run of WINDOW characters of one, a piece, a
    #: short form) could start; what it does not find, the value passes cannot either.
    _anchors: re.Pattern[str] | None
    #: The anchors of the echoes without a character of _SPECIAL: all a text without
    #: those characters can hold, and far fewer (no references, escapes or %-encoding).
    _plain: re.Pattern[str] | None
    #: The plain anchors in UTF-8, each as a literal's search, with their distinct bytes,
    #: looked for one by one: for the few there are, one literal search each is faster
    #: than ``re`` trying an alternation at every position whose character starts one,
    #: and a byte the body lacks (a one-byte search is memchr) spares the search.
    _plain_bytes: tuple[tuple[_Search, tuple[bytes, ...]], ...] | None
    #: No echo (with the credential word before a short one) is longer than this.
    _reach: int = 0
    #: The plain anchors as text, for a look at text the structural pass has masked.
    _plain_texts: tuple[str, ...] = ()

    def text(self, text: str, *, cut: bool = False) -> str:
        """*text* with every credential and echoed secret masked (see the class docs).

        *cut* says that *text* is, or quotes, an excerpt cut at a length limit.
        """
        return self.values(_structural(text), cut=cut)

    def values(self, text: str, *, cut: bool = False) -> str:
        """*text* with the echoed secrets masked (not the credentials where they stand)."""
        if self._anchors is None:
            return text
        pattern = self._cut if cut else self._values
        assert pattern is not None
        anchors = self._plain if _plain(text) else self._anchors
        assert anchors is not None
        return _sub_near(text, pattern, anchors, self._reach)

    def body(self, data: bytes, *, cut: bool = False) -> str:
        """*data* decoded as UTF-8 (errors replaced) and masked as :meth:`text` masks."""
        raw = data.decode("utf-8", "replace")
        text = _structural(raw, raw.lower() if raw.isascii() else None)
        if self._plain_bytes is None:
            return text
        if _any_in(_SPECIAL_BYTES, data):
            return self.values(text, cut=cut)
        if not self._plain_hit(data):
            return text
        # A credential masked where it stands takes its echo with it (a request's strPIN):
        # where no plain anchor is left, the values pass would find nothing (the text is
        # plain: masking adds no character of _SPECIAL).
        if text is not raw and not any(a in text for a in self._plain_texts):
            return text
        return self.values(text, cut=cut)

    def _plain_hit(self, data: bytes) -> bool:
        """True when a plain anchor occurs in *data* (the last answer is kept).

        A trace masks a response body just before the client asks :meth:`could_hold` of it.
        """
        global _LAST_HIT  # noqa: PLW0603 - one slot; a race only searches again
        last = _LAST_HIT
        if last is not None and last[0] is self and last[1] is data:
            return last[2]
        assert self._plain_bytes is not None
        hit = any(
            all(b in data for b in single) and find(data) is not None
            for find, single in self._plain_bytes
        )
        _LAST_HIT = (self, data, hit)
        return hit

    def could_hold(self, data: bytes) -> bool:
        r"""False when no decoded string of *data* can show an echo of a secret.

        Decoded text is the body's text but where the body writes escapes (``&``, ``\\``)
        or splits text with markup (``<!``: CDATA, comments): then True, as when an
        anchor of an echo occurs.
        """
        if self._plain_bytes is None:
            return False
        # One-byte searches (memchr) first: "<" is everywhere, "!" hardly anywhere.
        if b"&" in data or b"\\" in data or (b"!" in data and b"<!" in data):
            return True
        if _any_in(_SPECIAL_BYTES, data):
            assert self._anchors is not None
            return self._anchors.search(data.decode("utf-8", "replace")) is not None
        return self._plain_hit(data)


#: The last (masker, body) searched for plain anchors, and the answer.
_LAST_HIT: tuple[Masker, bytes, bool] | None = None


def _any_in(needles: tuple[bytes, ...], data: bytes) -> bool:
    return any(n in data for n in needles)


def _sub_near(text: str, pattern: re.Pattern[str], anchors: re.Pattern[str], reach: int) -> str:
    """``pattern.sub(_value, text)``, with *pattern* tried only within *reach* of an anchor.

    Every match holds an anchor and is at most *reach* long, so it starts within *reach*
    before one; the scan of each stretch ends *reach* past it, where a match starting in
    the stretch has ended (lookbehinds see the text before the stretch).
    """
    out: list[str] = []
    done = pos = 0
    end = len(text)
    for a in anchors.finditer(text):
        lo, hi = max(pos, a.start() - reach), a.end() + reach
        if lo >= hi:
            continue
        for m in pattern.finditer(text, lo, min(end, hi + reach + 2)):
            if m.start() >= hi:
                break
            out += (text[done : m.start()], _value(m))
            done = m.end()
        pos = max(done, hi)
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def _value(m: re.Match[str]) -> str:
    word = m.group(1) if m.re.groups else None
    return MASK if word is None else word + MASK


def _anchors(forms: set[str], long: bool, keep: Callable[[str], bool]) -> set[str]:
    """Substrings one of which every echo of *forms* that *keep* accepts contains.

    A run of WINDOW characters starting at offset i of a form holds the MIN_PIECE
    characters at the next multiple of MIN_PIECE (WINDOW >= 2 * MIN_PIECE - 1), and a cut
    piece holds the first ones; a short form is its own anchor.
    """
    if not long:
        return {f for f in forms if keep(f)}
    out = set()
    for form in forms:
        if keep(form[:MIN_PIECE]):
            out.add(form[:MIN_PIECE])
        for i in range(len(form) - WINDOW + 1):
            if keep(form[i : i + WINDOW]):
                j = -(-i // MIN_PIECE) * MIN_PIECE
                out.add(form[j : j + MIN_PIECE])
    return out


#: Characters of the escaped forms (references, escapes, percent-encoding): a text without
#: any of them holds only the echoes without them, whose anchors are few.
_SPECIAL = "&\\%;#"
_SPECIAL_BYTES = tuple(c.encode() for c in _SPECIAL)


def _plain(text: str) -> bool:
    return not any(c in text for c in _SPECIAL)


@functools.lru_cache(maxsize=64)
def masker(secrets: tuple[str, ...] = ()) -> Masker:
    """The :class:`Masker` of *secrets* (empty ones ignored), compiled once per set."""
    held = tuple(dict.fromkeys(s for s in secrets if s))
    long_forms: set[str] = set()
    windows: set[str] = set()
    pieces: set[str] = set()
    short_forms: set[str] = set()
    for secret in held:
        for form in secret_forms(secret):
            if len(secret) < WINDOW:
                short_forms.add(form)
                continue
            long_forms.add(form)
            windows.update(form[i : i + WINDOW] for i in range(len(form) - WINDOW + 1))
            pieces.update(form[:k] for k in range(MIN_PIECE, min(len(form), 2 * WINDOW)))
    if not long_forms and not short_forms:
        return Masker(held, None, None, None, None, None, 0)
    # Long echoes first: at one position the longest echo wins. In a short secret's
    # branches, group 1 is the credential word before it.
    branches = [f"(?:{_trie(long_forms | windows)})"] if long_forms else []
    if short_forms:
        short = _trie(short_forms)
        branches.append(rf"{_CREDENTIAL_WORD}(?:{short}){_WORD_END}")
        branches.append(rf"(?:(?<=[>\"'])|\A)(?:{short})(?=[<\"']|\Z)")
    values = "|".join(branches)
    cut = values + (f"|(?:{_trie(pieces)}){_CUT_END}" if pieces else "")
    anchors = _anchors(long_forms, True, bool) | _anchors(short_forms, False, bool)
    plain = _anchors(long_forms, True, _plain) | _anchors(short_forms, False, _plain)
    reach = 1 + max(
        [2 * WINDOW, *map(len, long_forms)]
        + [len(w) + 3 + len(f) for w in CREDENTIAL_WORDS for f in short_forms]
    )
    return Masker(
        held,
        re.compile(values),
        re.compile(cut),
        re.compile(_flat(anchors)),
        re.compile(_flat(plain)),
        tuple(
            (re.compile(re.escape(a)).search, tuple(bytes([b]) for b in sorted(set(a))))
            for a in sorted(p.encode("utf-8") for p in plain)
        ),
        reach,
        tuple(sorted(plain)),
    )


def redact_text(text: str, secrets: tuple[str, ...] = (), *, cut: bool = False) -> str:
    """*text* masked for people by :func:`masker`'s engine for *secrets* (see :class:`Masker`)."""
    return masker(tuple(secrets)).text(text, cut=cut)


class Shown(str):
    """Text a server sent that echoes a secret: its value is exact, its repr is masked.

    Decoded data keeps what the server sent (a table, ``--json``, comparisons and every
    str method see it); only ``repr`` (a report's, an error's, a traceback's locals)
    shows the masked text.
    """

    masked_repr: str

    def __repr__(self) -> str:
        return self.masked_repr


def mark_echoes(value: Any, mask: Masker) -> Any:
    """*value* with each string that *mask* would change replaced by an equal :class:`Shown`.

    Walks dataclasses, attrs classes, lists and tuples (what the codec decodes). Returns
    *value* itself when nothing was marked; the data is equal either way.
    """
    if isinstance(value, str):
        if isinstance(value, Shown) or mask.text(value, cut=True) == value:
            return value
        shown = Shown(value)
        shown.masked_repr = mask.text(str.__repr__(value), cut=True)
        return shown
    if isinstance(value, list | tuple):
        items = [mark_echoes(v, mask) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items) if isinstance(value, list) else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = mark_echoes(old, mask)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if attrs.has(type(value)):
        changes = {}
        for a in attrs.fields(type(value)):
            old = getattr(value, a.name)
            new = mark_echoes(old, mask)
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
