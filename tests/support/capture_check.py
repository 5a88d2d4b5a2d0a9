"""The capture commands' "a result or one line, never a traceback" checks, for tests and fuzzers.

Shared by tests/security/test_fuzz_captures.py and the atheris harnesses fuzz/fuzz_capture.py
and fuzz/fuzz_har.py; it imports nothing but faxstatus and the standard library.

* :func:`check_capture_input`: the bytes as a capture file given to ``faxstatus decode`` and
  ``faxstatus fmt`` (in-process): exit 0, or exit 1 with one line on stderr naming the file.
  The capture parser's result is checked too: typed, bodies within the cap.
* :func:`check_har_input`: the HAR reader on a HAR document, either the bytes themselves or,
  to reach past JSON syntax, a valid HAR file whose members the bytes replace with values of
  the wrong type (:func:`mutated_har`); then the same bytes as a capture file.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import tempfile
from typing import Any

from faxstatus import DecodeError
from faxstatus._visible import visible
from faxstatus.cli._app import build_parser
from faxstatus.cli._capture import MAX_BODY, Capture, parse_captures
from faxstatus.cli._common import Fail
from faxstatus.cli._har_read import HarEntry, HarMessage, read_har

_TMP = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
_PATH = os.path.join(_TMP, f"faxstatus-fuzz-{os.getpid()}.capture")

#: A valid HAR file of one FaxWS exchange (a request and a response body), to mutate.
SEED_HAR: dict[str, Any] = {
    "log": {
        "version": "1.2",
        "creator": {"name": "faxstatus", "version": "1"},
        "entries": [
            {
                "startedDateTime": "2026-11-26T10:00:00.000Z",
                "request": {
                    "method": "POST",
                    "url": "http://127.0.0.1/fax/v5",
                    "httpVersion": "HTTP/1.1",
                    "headers": [{"name": "Content-Type", "value": "text/xml"}],
                    "postData": {"mimeType": "text/xml", "text": "<a/>"},
                },
                "response": {
                    "status": 200,
                    "statusText": "OK",
                    "headers": [{"name": "Content-Encoding", "value": "gzip"}],
                    "content": {"mimeType": "text/xml", "text": "PGIvPg==", "encoding": "base64"},
                },
            }
        ],
    }
}

#: Values of the wrong type (or right type, wrong content) a mutation puts in a member.
JUNK: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    10**30,
    1.5,
    "",
    "x",
    "\ud800",
    "é\U0001f600",
    "====",
    "grant_type=password",
    "application/x-www-form-urlencoded",
    "base64",
    "gzip",
    [],
    {},
    [None],
    [{"name": 1}],
    [{"name": "a"}],
    {"text": []},
    [[[[[]]]]],
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out += _paths(value, (*prefix, i))
    return out


def _replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy: Any = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[path[0]] = _replaced(doc[path[0]], path[1:], value)
    return copy


def mutated_har(data: bytes) -> bytes:
    """The seed HAR file with members replaced as *data* says: pairs of bytes (member, value)."""
    doc: Any = SEED_HAR
    for i in range(0, len(data) - 1, 2):
        paths = _paths(doc)
        path = paths[data[i] % len(paths)]
        doc = _replaced(doc, path, JUNK[data[i + 1] % len(JUNK)])
    return json.dumps(doc).encode()


def _one_line(text: str) -> None:
    message = visible(text)  # as the command line prints it
    assert message, "a failure must say what is wrong"
    assert "\n" not in message.rstrip("\n"), message
    assert "Traceback" not in message, message


def check_parse(data: bytes, entry: int | None = None) -> list[Capture] | None:
    """parse_captures on *data*: well-typed captures within the cap, or None after a Fail."""
    try:
        captures = parse_captures(data, entry, "fuzz-input")
    except Fail as exc:
        _one_line(str(exc))
        assert str(exc).startswith(("fuzz-input: ", "--entry ")), str(exc)
        return None
    assert captures
    for c in captures:
        assert isinstance(c, Capture) and isinstance(c.body, bytes) and isinstance(c.prefix, bytes)
        assert c.content_type is None or isinstance(c.content_type, str)
        if c.label:  # a message out of a capture, not the file itself as a bare body
            assert len(c.body) <= MAX_BODY
        for text in (c.label, c.start_line, *(x for h in c.headers for x in h)):
            assert isinstance(text, str)
            text.encode("utf-8")  # fmt writes them: no lone surrogate
    return captures


_PARSERS: dict[str, argparse.ArgumentParser] = {}


def check_cli(data: bytes, commands: tuple[str, ...] = ("decode", "fmt")) -> None:
    """Each of *commands* on *data* as a file, in-process: exit 0, or 1 and one line.

    As ``faxstatus.cli.main`` runs a command, less building its parser each time: a
    :class:`Fail` is the one line and exit 1; any other exception propagates.
    """
    with open(_PATH, "wb") as f:
        f.write(data)
    for command in commands:
        if command not in _PARSERS:
            _PARSERS[command] = build_parser(command)
        args = _PARSERS[command].parse_args([command, _PATH])
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            try:
                code = int(args.func(args))
            except Fail as exc:
                _one_line(str(exc))
                assert str(exc).startswith(_PATH), str(exc)
                continue
        assert code in (0, 1), (command, code)


def check_capture_input(data: bytes) -> None:
    """A fuzz input as a capture file: the first byte picks ``--entry`` (none, or 1 to 3)."""
    if not data:
        return
    entry = data[0] % 4 or None
    check_parse(data[1:], entry)
    check_cli(data[1:])


def check_har(data: bytes) -> list[HarEntry] | None:
    """read_har on *data*: well-typed entries, None (not a HAR file), or a one-line DecodeError."""
    try:
        entries = read_har(data, MAX_BODY)
    except DecodeError as exc:
        _one_line(str(exc))
        return None
    if entries is None:
        return None
    for n, e in enumerate(entries, 1):
        assert isinstance(e, HarEntry) and e.number == n and isinstance(e.token_exchange, bool)
        for message in (e.request, e.response):
            if message is None:
                continue
            assert isinstance(message, HarMessage) and isinstance(message.body, bytes)
            assert len(message.body) <= MAX_BODY
            assert message.mime_type is None or isinstance(message.mime_type, str)
            for text in (message.start_line, *(x for h in message.headers for x in h)):
                assert isinstance(text, str)
                text.encode("utf-8")
    return entries


def check_har_input(data: bytes) -> None:
    """A fuzz input for the HAR reader: an odd first byte mutates the seed HAR file with the
    rest, an even one takes the rest as the file; then the capture commands read it."""
    if not data:
        return
    har = mutated_har(data[1:]) if data[0] % 2 else data[1:]
    check_har(har)
    check_parse(har)
    check_cli(har, ("decode",))
