"""faxstatus.client._trace: what the Recorder keeps, how it masks, and its caps."""

from __future__ import annotations

import threading

import pytest

from faxstatus.client import Recorder
from faxstatus.client._trace import _BODY_LIMIT

SECRET = "s3cr3t-t0ken-value"


def _record(rec: Recorder, **kw):
    base = {
        "method": "POST",
        "url": "http://127.0.0.1/fax/v5",
        "request_headers": {"Authorization": f"Bearer {SECRET}", "Content-Type": "text/xml"},
        "request_body": b"<x/>",
        "secrets": (SECRET,),
        "status": 200,
        "response_headers": {"Content-Type": "text/xml"},
        "response_body": b"<y/>",
    }
    return rec.record(**{**base, **kw})


def test_maxlen_must_be_positive():
    with pytest.raises(ValueError, match="maxlen"):
        Recorder(0)


def test_keeps_only_the_last_maxlen_exchanges():
    rec = Recorder(maxlen=3)
    for n in range(5):
        _record(rec, attempt=n)
    assert len(rec) == 3
    assert [ex.attempt for ex in rec] == [2, 3, 4]
    assert rec.last is not None and rec.last.attempt == 4
    rec.clear()
    assert len(rec) == 0 and rec.last is None


def test_secrets_are_masked_in_headers_bodies_urls_and_errors():
    rec = Recorder()
    ex = _record(
        rec,
        url=f"http://127.0.0.1/fax/v5?t={SECRET}",
        request_body=f"<strPIN>{SECRET}</strPIN>".encode(),
        response_body=f"<echo>{SECRET}</echo>".encode(),
        error=f"boom {SECRET}",
    )
    text = ex.format() + repr(ex)
    assert SECRET not in text
    assert "Bearer" in ex.request_headers["Authorization"]


def test_bodies_are_cut_at_the_limit_and_say_how_much_is_missing():
    rec = Recorder()
    big = b"a" * (_BODY_LIMIT + 1000)
    ex = _record(rec, response_body=big)
    assert ex.response_body.startswith("a" * 100)
    assert ex.response_body.endswith("… (1000 more bytes)")
    assert len(ex.response_body) < _BODY_LIMIT + 100
    exact = _record(rec, response_body=b"b" * _BODY_LIMIT)
    assert exact.response_body == "b" * _BODY_LIMIT


def test_format_shows_both_directions_or_the_transport_error():
    rec = Recorder()
    ok = _record(rec, elapsed_ms=1.5).format()
    assert ok.startswith("> POST http://127.0.0.1/fax/v5  (attempt 1)")
    assert "< HTTP 200  (1.5 ms)" in ok and "< <y/>" in ok
    failed = _record(rec, status=None, error="connection refused").format()
    assert "< (no response: connection refused)" in failed


def test_recording_from_many_threads_loses_nothing():
    rec = Recorder(maxlen=1000)
    threads = [threading.Thread(target=lambda: [_record(rec) for _ in range(50)]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(rec) == 400
