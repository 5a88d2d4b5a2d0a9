"""HAR entries as JSON: the long bodies escaped in their bytes, the text what json.dumps writes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from faxstatus.client._har import _LONG_TEXT, _PLACEHOLDER, HarWriter, entry_json, har_entry

#: Long texts made mostly of one filler, with any characters (controls, quotes, backslashes,
#: non-ASCII, the placeholder's own text) put anywhere.
_SPICE = st.sampled_from(
    [
        *('"', "\\", "\n", "\r", "\t", "\x00", "\x01", "\x1f", "\x7f", "é", "\u2028", "😀", "<"),
        *(_PLACEHOLDER.format(0), _PLACEHOLDER.format(1), json.dumps(_PLACEHOLDER.format(0))[1:-1]),
    ]
)
_TEXT = st.one_of(
    st.text(max_size=50),
    st.tuples(st.lists(_SPICE, max_size=6), st.integers(0, 3), st.sampled_from("x<a ")).map(
        lambda t: t[2] * (_LONG_TEXT - 3 + t[1]) + "".join(t[0])
    ),
    st.tuples(st.lists(_SPICE, max_size=6), st.sampled_from("x<a ")).map(
        lambda t: "".join(t[0]) + t[1] * _LONG_TEXT
    ),
)


def _entry(request: str, response: str, comment: str) -> dict[str, object]:
    return har_entry(
        started=datetime(2026, 11, 26, 9, 15, 2, tzinfo=UTC),
        method="POST",
        url="http://h/fax/v5",
        request_headers=[("Content-Type", "text/xml"), ("X-Note", comment)],
        request_body=request,
        status=200,
        response_headers=[("Content-Type", "text/xml")],
        response_body=response,
        elapsed_ms=1.5,
        comment=comment,
        masked=True,
    )


@given(_TEXT, _TEXT, _TEXT)
# A header and the comment holding the placeholder's text, before and after the bodies.
@example("x" * _LONG_TEXT, "y" * _LONG_TEXT, _PLACEHOLDER.format(0))
@example("x" * _LONG_TEXT, "\x00" + "y" * _LONG_TEXT, _PLACEHOLDER.format(1))
def test_an_entry_is_written_as_json_dumps_writes_it(request, response, comment):
    entry = _entry(request, response, comment)
    before = json.dumps(entry, ensure_ascii=False)
    assert entry_json(entry) == before.encode()
    assert json.dumps(entry, ensure_ascii=False) == before  # the entry is left as it was


def test_a_long_body_with_a_rare_control_character_is_escaped_by_json(tmp_path: Path):
    body = "a" * _LONG_TEXT + '\x01"\\\n'
    entry = _entry(body, body, "")
    assert entry_json(entry) == json.dumps(entry, ensure_ascii=False).encode()
    path = tmp_path / "t.har"
    with HarWriter(path) as writer:
        writer.add(entry)
        writer.add(entry)
    entries = json.loads(path.read_text())["log"]["entries"]
    assert [e["response"]["content"]["text"] for e in entries] == [body, body]
    assert entries[0]["request"]["postData"]["text"] == body


def test_text_bodies_are_kept_as_given_and_sized_in_utf8():
    entry = _entry("é" * 3, "ab", "")
    assert entry["request"]["postData"] == {"mimeType": "text/xml", "text": "ééé"}
    assert entry["request"]["bodySize"] == 6
    assert entry["response"]["content"]["text"] == "ab"
