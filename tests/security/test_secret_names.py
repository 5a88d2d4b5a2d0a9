"""Every name in ``faxstatus._redact``'s one table of secret names is masked on every surface.

The surfaces are a log record (through the log redactor), a ``Recorder`` trace, a HAR entry,
a repr, and an exception's excerpt. No secret is given in advance: the table alone must find
the value. A name added to the table is then masked everywhere, and one that a surface misses
fails here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

import faxstatus
from faxstatus._redact import (
    SECRET_FORM_FIELDS,
    SECRET_HEADERS,
    SECRET_JSON_MEMBERS,
    SECRET_XML_ELEMENTS,
    LogRedactor,
    SecretHeaders,
)
from faxstatus.client import Recorder
from faxstatus.client._har import har_entry

SECRET = "s3cr3tv4lue9"
FORM = "application/x-www-form-urlencoded"


def _log(body: str, ctype: str) -> str:
    record = logging.LogRecord("httpx", logging.DEBUG, __file__, 1, "sent %s", (body,), None)
    assert LogRedactor().filter(record)
    return record.getMessage()


def _recorded(headers: dict[str, str], body: str) -> str:
    """A trace of one exchange whose request and response both carry *headers* and *body*."""
    ex = Recorder().record(
        method="POST",
        url="https://ws.example.test/token",
        request_headers=headers,
        request_body=body.encode(),
        secrets=(),
        status=200,
        response_headers=headers,
        response_body=body.encode(),
    )
    return ex.format()


def _har_text(headers: dict[str, str], body: str) -> str:
    """A HAR entry of the same exchange, as the text written to the file."""
    entry = har_entry(
        started=datetime(2026, 1, 1, tzinfo=UTC),
        method="POST",
        url="https://ws.example.test/token",
        request_headers=headers.items(),
        request_body=body.encode(),
        status=200,
        response_headers=headers.items(),
        response_body=body.encode(),
        elapsed_ms=1.0,
    )
    return json.dumps(entry)


def _recorder(body: str, ctype: str) -> str:
    return _recorded({"Content-Type": ctype}, body)


def _har(body: str, ctype: str) -> str:
    return _har_text({"Content-Type": ctype}, body)


def _exception(body: str, ctype: str) -> str:
    # A body of an unexpected media type is quoted in the error (its first 120 bytes).
    with pytest.raises(faxstatus.ProtocolError) as err:
        faxstatus.decode(body.encode(), "text/html")
    return str(err.value)


BODY_SURFACES: dict[str, Callable[[str, str], str]] = {
    "log": _log,
    "recorder": _recorder,
    "har": _har,
    "exception": _exception,
}

CASES = [
    *((f"form:{n}", f"grant_type=x&{n}={SECRET}", FORM) for n in SECRET_FORM_FIELDS),
    *((f"json:{n}", json.dumps({n: SECRET}), "application/json") for n in SECRET_JSON_MEMBERS),
    *((f"xml:{n}", f"<f:{n} a='1'>{SECRET}</f:{n}>", "text/xml") for n in SECRET_XML_ELEMENTS),
    *((f"json:{n}", json.dumps({n: SECRET}), "application/json") for n in SECRET_XML_ELEMENTS),
]


@pytest.mark.parametrize("surface", sorted(BODY_SURFACES))
@pytest.mark.parametrize(("case", "body", "ctype"), CASES, ids=[c[0] for c in CASES])
def test_every_secret_field_is_masked_on_every_surface(surface, case, body, ctype) -> None:
    out = BODY_SURFACES[surface](body, ctype)
    assert SECRET not in out, out
    assert "***" in out, out


def _header_repr(name: str, value: str) -> str:
    return repr(SecretHeaders({name: value}))


def _header_recorder(name: str, value: str) -> str:
    return _recorded({name: value}, "")


def _header_har(name: str, value: str) -> str:
    return _har_text({name: value}, "")


HEADER_SURFACES = {"repr": _header_repr, "recorder": _header_recorder, "har": _header_har}


@pytest.mark.parametrize("surface", sorted(HEADER_SURFACES))
@pytest.mark.parametrize("name", sorted(SECRET_HEADERS))
def test_every_secret_header_is_masked_on_every_surface(surface, name) -> None:
    for spelling in (name, name.title()):
        out = HEADER_SURFACES[surface](spelling, f"Basic {SECRET}")
        assert SECRET not in out, out


def test_the_table_holds_every_oauth_name_a_trace_masks() -> None:
    # The OAuth 2.0 grants and tokens of RFC 6749, client assertions and OpenID id tokens.
    assert {"code", "client_assertion"} <= set(SECRET_FORM_FIELDS)
    assert "id_token" in SECRET_JSON_MEMBERS
    assert SECRET_XML_ELEMENTS == ("strPIN",)


@pytest.mark.parametrize(
    "text",
    [
        "exit code=2",
        "<StatusDescription>Failed, code=17</StatusDescription><RecipientState>5</RecipientState>",
        '{"StatusDescription": "code=17 after 3 attempts", "RecipientState": 5}',
    ],
)
@pytest.mark.parametrize("surface", [_log, _recorder, _har], ids=["log", "recorder", "har"])
def test_a_word_that_is_also_a_field_name_is_not_masked_in_data(surface, text):
    ctype = "application/json" if text.startswith("{") else "application/soap+xml"
    shown = surface(text, ctype)
    assert "code=" in shown and "***" not in shown, shown
    assert "RecipientState" in shown or "RecipientState" not in text


@pytest.mark.parametrize("surface", [_log, _recorder, _har], ids=["log", "recorder", "har"])
def test_a_masked_value_ends_where_its_markup_does(surface):
    body = "<Note>password=hunter2</Note><RecipientState>5</RecipientState>"
    shown = surface(body, "application/soap+xml")
    assert "hunter2" not in shown and "</Note><RecipientState>5</RecipientState>" in shown
