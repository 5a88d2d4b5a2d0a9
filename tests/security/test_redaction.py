"""Secrets (bearer token, strPIN) never reach logs, traces, reprs or exception messages."""

from __future__ import annotations

import contextlib
import io
import logging
import string

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import faxstatus
from faxstatus import FaxStatusClient, Recorder, RetryPolicy
from faxstatus._redact import masker, redact_headers, redact_text
from faxstatus.cli import main
from faxstatus.simulator import Injection, SimulatorTransport

from ..support.helpers import make_simulator

# Distinctive prefixes: a secret must never coincide with ordinary text (a header name, a
# UUID), or a "leak" would be a false alarm. The bodies stay arbitrary.
TOKENS = st.text(string.ascii_letters + string.digits + "-._~+/", min_size=8, max_size=40).map(
    lambda s: "tkQ" + s
)
PINS = st.text(string.ascii_letters + string.digits + "&<>\"'!#%", min_size=6, max_size=20).map(
    lambda s: "pn&" + s
)


def _echo(request: httpx.Request) -> httpx.Response:
    """A hostile server that reflects the request (body and headers) into its error page."""
    body = request.read().decode()
    auth = request.headers.get("authorization", "")
    return httpx.Response(
        400, text=f"<html>you sent {auth} {body}</html>", headers={"x-debug": auth}
    )


def _leaks(text: str, token: str, pin: str) -> list[str]:
    from xml.sax.saxutils import escape

    forms = {token, pin, escape(pin), escape(pin, {'"': "&quot;"}), pin.replace('"', '\\"')}
    return [f for f in forms if f and f in text]


@pytest.mark.slow
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=TOKENS, pin=PINS, ct=st.sampled_from(["soap12", "soap11", "xml", "json"]))
def test_secrets_never_leak(caplog, token, pin, ct):
    caplog.clear()
    texts: list[str] = []
    recorder = Recorder(maxlen=100)
    sim = make_simulator(user_id="u", pin="other-pin", tokens=("other-token",))
    sim.inject(Injection("fault"))
    sim.inject(Injection("status", status=503))
    with caplog.at_level(logging.DEBUG, logger="faxstatus"):
        for kw in ({"token": token}, {"pin": pin}, {"token": lambda: token}):
            for transport in (SimulatorTransport(sim), httpx.MockTransport(_echo)):
                c = FaxStatusClient(
                    "u",
                    endpoint="http://sim.test/fax/v5",
                    content_type=ct,
                    transport=transport,
                    recorder=recorder,
                    retry=RetryPolicy(backoff=0.0001),
                    **kw,
                )
                texts.append(repr(c))
                prep = c.prepare("GetRealTimeFaxStatusEx", ["br1"])
                texts += [repr(prep), prep.redacted_body()]
                for _ in range(3):
                    report = c.get_real_time_fax_status_ex(["br1", "JRI-x"])
                    for o in report:
                        texts += [repr(o), str(o.error), repr(o.error)]
                        if isinstance(o.error, faxstatus.HTTPStatusError):
                            texts.append(o.error.excerpt)
                try:
                    c.simple_get_fax_status("br1")
                except faxstatus.FaxStatusError as exc:
                    texts += [str(exc), repr(exc)]
    texts += [ex.format() for ex in recorder]
    texts += [repr(ex) for ex in recorder]
    texts.append(caplog.text)
    texts += [r.getMessage() for r in caplog.records]
    joined = "\n".join(texts)
    assert len(recorder) >= 10
    assert _leaks(joined, token, pin) == []


@settings(max_examples=5, deadline=None)
@given(token=TOKENS)
def test_cli_trace_masks_the_token(token):
    from faxstatus.simulator import SimulatorServer

    with SimulatorServer(make_simulator(tokens=(token,))) as srv:
        err = io.StringIO()
        out = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(
                [
                    "status",
                    "br1000000001",
                    "--endpoint",
                    srv.url,
                    "--user",
                    "demo-user",
                    f"--token={token}",  # a token may start with "-"
                    "--trace",
                ]
            )
    assert code == 0
    assert token not in err.getvalue() + out.getvalue()
    assert "Authorization: Bearer ***" in err.getvalue()


def test_redact_helpers():
    assert (
        redact_text("<FaxWS:strPIN a='1'>p&amp;q</FaxWS:strPIN>")
        == "<FaxWS:strPIN a='1'>***</FaxWS:strPIN>"
    )
    assert redact_text('{"strPIN":"a\\"b","x":1}') == '{"strPIN":"***","x":1}'
    assert redact_text("<strPIN></strPIN>") == "<strPIN></strPIN>"  # empty stays visibly empty
    assert redact_text("Authorization: Bearer abc.def") == "Authorization: Bearer ***"
    assert redact_text("<strPIN>truncat") == "<strPIN>***"
    # A short secret is masked as a whole value or after a credential word, never as a
    # word of a sentence (faxstatus._redact.Masker).
    assert redact_headers(
        {"Authorization": "Bearer x", "X": "y x", "Y": "x", "Z": "bad token x"}, ("x",)
    ) == {"Authorization": "Bearer ***", "X": "y x", "Y": "***", "Z": "bad token ***"}


_CREDENTIALS_IN_PLACE = (
    '{"Access_Token": "tok-1", "x": 1}',
    '{"strPIN":"pin-1"}',
    "grant_type=password&PASSWORD=pw-1&client_secret=cs-1",
    "?code=c0de-1&state=s",
    "<FaxWS:strPIN>pin-2</FaxWS:strPIN>",
    "Authorization: Bearer tok-2",
)


@pytest.mark.parametrize("filler", ["<a>x</a>" * 400, '<a b="1">x</a>' * 400], ids=["few", "many"])
@pytest.mark.parametrize("piece", _CREDENTIALS_IN_PLACE)
def test_long_text_masks_credentials_as_short_text_does(filler, piece):
    # Long text is looked at by the quotes and "=" its names stand beside; fewer or more
    # of them than faxstatus._redact looks at one by one, it masks what short text masks.
    masked = redact_text(piece)
    assert masked != piece
    for text in (filler + piece, piece + filler, filler + piece + filler):
        expected = text.replace(piece, masked)
        assert redact_text(text) == expected
        assert faxstatus._redact.masker().body(text.encode()) == expected


# Pieces that put every structural pattern's names, gates and near misses side by side, in
# any case: the gate-by-gate look at long text must run each pattern wherever it can match.
_FRAGMENTS = [
    '"',
    "=",
    "&",
    "?",
    "_",
    ":",
    " ",
    "<",
    ">",
    "/",
    "x",
    "\\",
    "strPIN",
    "access_token",
    "_token",
    "token",
    "password",
    "code",
    "Bearer ",
    '"strPIN":"p1"',
    '"strPIN" : "p2"',
    '"access_token": "t1"',
    '"refresh_token":"t2"',
    '"id_token":"t3"',
    '"client_secret":"s1"',
    '"password":"w1"',
    '"strPINs":"n1"',
    "password=w2",
    "client_secret=s2",
    "access_token=t4",
    "client_assertion=a1",
    "xpassword=n2",
    "code=c1",
    "?code=c2",
    "&code=c3",
    "xcode=n3",
    "Bearer t5",
    'Bearer realm="r"',
    "<strPIN>p3</strPIN>",
    "<FaxWS:strPIN a='1'>p4",
    "<strPINx>n4",
    "<<strPIN>p5",
    "<a<strPIN>p6",
    "<x:y:strPIN>n5",
    "< strPIN>n6",
    "<strPIN>Bearer t6</strPIN>",
    "xBearer n7",
    "Bearer\tt7",
    "<",
    ":",
]


def _any_case(text: str) -> st.SearchStrategy[str]:
    """*text* with each letter in either case."""
    return st.lists(st.booleans(), min_size=len(text), max_size=len(text)).map(
        lambda ups: "".join(c.upper() if up else c.lower() for c, up in zip(text, ups, strict=True))
    )


_PIECES = st.sampled_from(_FRAGMENTS).flatmap(_any_case)


@given(st.lists(_PIECES, min_size=1, max_size=40), st.integers(0, 2), st.sampled_from('"= x'))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_long_text_runs_every_pattern_that_can_match(pieces, where, pad_char):
    # Oracle: every pattern run unconditionally (a pattern that cannot match leaves the
    # text alone). Padding makes the text long enough for the gate-by-gate look; "=" and '"'
    # padding puts more gate characters in it than are looked at one by one.
    from faxstatus._redact import _LONG, _STRUCTURAL, _keep_name, _structural

    core = "".join(pieces)
    pad = pad_char * _LONG
    text = (core + pad, pad + core, pad + core + pad)[where]
    expected = text
    for _, pattern in _STRUCTURAL:
        expected = pattern.sub(_keep_name, expected)
    assert _structural(text) == expected
    # The bytes path folds the body itself, and tries the element and bearer patterns only
    # where their names stand.
    assert masker(()).body(text.encode()) == expected
