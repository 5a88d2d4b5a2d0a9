"""What reaches a terminal is shown, not obeyed; odd input is one line that reveals no secret."""

from __future__ import annotations

import json
import re
import sys
import time

import pytest

import faxstatus
from faxstatus.cli import main

from ..support.cli import run_cli as run
from ..support.rawserver import RawServer

# What a terminal would act on: C0/C1 controls (but newline and tab), separators, bidi
# overrides and isolates, zero-width characters, lone surrogates.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
EVIL = "\x1b[2J\x1b]0;pwned\x07\u009b31m\u202eevil\u2066\r\x08"


def json_answer() -> bytes:
    item = {
        "FaxJobId": "br1",
        "FaxJobStatusId": 1,
        "StatusDescription": EVIL,
        "RecipientState": 0,
        "RecipientCurrentPageCount": 1,
        "RecipientTotalPageCount": 1,
        "FaxDeliveryDateTime": EVIL,
        "FaxDeliveryDuration": 1,
        "RemoteFaxCSID": EVIL,
        "Error": {"ErrorCode": 0, "ErrorString": ""},
    }
    doc = {
        "GetRealTimeFaxStatusExResponse": {
            "return": True,
            "FaxStatusList": [item, {**item, "FaxJobId": EVIL}],
            "WSError": {"ErrorCode": 0, "ErrorString": ""},
        }
    }
    body = json.dumps(doc).encode()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return (head + "Connection: close\r\n\r\n").encode() + body


def fault_answer() -> bytes:
    body = (
        '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>'
        "<e:Code><e:Value>e:Sender</e:Value></e:Code><e:Reason>"
        '<e:Text xml:lang="en">bad \u009b2J \u202eevil\u2029next</e:Text></e:Reason>'
        "</e:Fault></e:Body></e:Envelope>"
    ).encode()
    head = (
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/soap+xml\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


@pytest.mark.parametrize("answer", [json_answer, fault_answer], ids=["json-items", "soap-fault"])
@pytest.mark.parametrize("form", ["table", "json"])
def test_server_text_reaches_the_terminal_escaped(capsys, answer, form):
    with RawServer(lambda: [answer()]) as srv:
        argv = ["status", "br1", "--endpoint", srv.url, "--user", "u", "--token", "t"]
        argv += ["--trace", "--attempts", "1", "--content-type", "json"]
        code, out, err = run(capsys, *argv, *(["--json"] if form == "json" else []))
    assert code != 0 or out
    assert RAW_CONTROL.search(out) is None, out
    assert RAW_CONTROL.search(err) is None, err
    assert "\\x1b[2J" in out + err or "\\u001b[2J" in out + err or "\\x9b2J" in out + err
    if form == "json":
        json.loads(out)  # still JSON, the characters as \\u escapes


def test_decode_output_escapes_c1_and_bidi(capsys, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps({"CheckServiceResponse": {"return": "ok\u009b\u202e\u2028"}}), "utf-8"
    )
    code, out, _ = run(capsys, "decode", str(path))
    assert code == 0 and RAW_CONTROL.search(out) is None
    assert json.loads(out) == {"CheckServiceResponse": {"return": "ok\u009b\u202e\u2028"}}


@pytest.mark.parametrize(
    "body",
    [
        b'{"CheckServiceResponse":{"return":"a\xed\xa0\x80"}}',  # UTF-8 of U+D800
        b'{"CheckServiceResponse":{"return":"a\xed\xbf\xbf"}}',  # UTF-8 of U+DFFF
        '{"CheckServiceResponse":{"return":"a\ud800"}}'.encode("utf-16-le", "surrogatepass"),
        '{"CheckServiceResponse":{"return":"a\udc00b"}}'.encode("utf-16-be", "surrogatepass"),
        b'{"CheckServiceResponse":{"return":"a\\ud800"}}',  # an unpaired escape
    ],
    ids=["utf8-high", "utf8-low", "utf16le-unpaired", "utf16be-unpaired", "escape-unpaired"],
)
def test_raw_lone_surrogates_in_json_are_a_decode_error(capsys, tmp_path, body):
    with pytest.raises(faxstatus.DecodeError, match=r"not valid UTF|lone surrogate"):
        faxstatus.decode(body, "application/json")
    path = tmp_path / "s.json"
    path.write_bytes(body)
    code, out, err = run(capsys, "decode", str(path))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("pin", ["12\x0134", "12\udcff34", "\ud800", "ab\x1b[2Jcd"])
@pytest.mark.parametrize("content_type", ["soap12", "json"])
def test_a_pin_that_cannot_be_sent_is_one_line_that_reveals_nothing(capsys, pin, content_type):
    argv = ["status", "br1", "--endpoint", "http://127.0.0.1:9/", "--user", "u", "--pin", pin]
    with pytest.raises(SystemExit) as info:
        main([*argv, "--content-type", content_type])
    _out, err = capsys.readouterr()
    assert info.value.code == 2
    message = err.strip().splitlines()[-1]
    assert "PIN holds a character" in message
    assert [line for line in err.splitlines() if "error:" in line] == [message]
    for ch in pin:
        if ch.isprintable():
            continue
        assert ch not in err and f"{ord(ch):04X}" not in err.upper()
    assert "offset" not in err and "position" not in err and "Traceback" not in err


def test_a_million_digit_json_integer_is_refused_fast_without_the_digits(monkeypatch):
    monkeypatch.setattr(sys, "get_int_max_str_digits", sys.get_int_max_str_digits)
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # as PYTHONINTMAXSTRDIGITS=0
    try:
        body = b'{"SimpleGetFaxStatusResponse":{"return":' + b"7" * 1_000_000 + b"}}"
        started = time.process_time()
        with pytest.raises(faxstatus.DecodeError) as info:
            faxstatus.decode(body, "application/json")
        assert time.process_time() - started < 2  # was 9-14 s: int() is quadratic
        assert len(str(info.value)) < 200 and "7777777777" not in str(info.value)
        ok = b'{"SimpleGetFaxStatusResponse":{"return":-9223372036854775808}}'
        assert faxstatus.decode(ok, "application/json").payload.return_value == -(2**63)
    finally:
        sys.set_int_max_str_digits(old)
