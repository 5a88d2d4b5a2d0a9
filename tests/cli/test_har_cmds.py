"""faxstatus har curl: a recorded request as a curl command line, secrets as variables."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from faxstatus import _redact
from faxstatus.cli._har_cmds import SECRET_ENV

from ..support.cli import run_cli as run
from ..support.har_files import REQUEST11

pytestmark = pytest.mark.usefixtures("clean_env")

PIN = "s3cr3t-PIN 'quoted' $HOME `x`"
TOKEN = "tok-abc.def"
BODY = REQUEST11.replace(b"<strPIN></strPIN>", f"<strPIN>{PIN}</strPIN>".encode())
FORM = b"grant_type=client_credentials&client_id=demo-client&client_secret=very-secret-1"


def har_file(tmp_path, body: bytes, headers: list[tuple[str, str]], ctype: str) -> str:
    """A HAR file of one POST of *body* with *headers*, as the recorder writes it unmasked."""
    entry = {
        "request": {
            "method": "POST",
            "url": "http://127.0.0.1:8081/fax/v5?x=1&y=2",
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in headers],
            "postData": {"mimeType": ctype, "text": body.decode()},
        },
        "response": {"status": 200, "content": {"mimeType": "text/xml", "text": ""}},
    }
    path = tmp_path / "run.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": [entry]}}))
    return str(path)


HEADERS = [
    ("Host", "127.0.0.1:8081"),
    ("Content-Type", "text/xml; charset=utf-8"),
    ("SOAPAction", '""'),
    ("Content-Length", str(len(BODY))),
    ("Authorization", f"Bearer {TOKEN}"),
    ("Accept-Encoding", "gzip, deflate"),
]


def test_the_command_parses_back_to_the_request_with_references(tmp_path, capsys):
    code, out, err = run(capsys, "har", "curl", har_file(tmp_path, BODY, HEADERS, "text/xml"))
    assert (code, err) == (0, "")
    assert PIN not in out and TOKEN not in out
    # A POSIX shell joins backslash-newline; shlex then splits as the shell would.
    words = shlex.split(out.replace("\\\n", ""))
    body = REQUEST11.replace(b"<strPIN></strPIN>", b"<strPIN>$FAXSTATUS_PIN</strPIN>").decode()
    assert words == [
        "curl",
        "-sS",
        "http://127.0.0.1:8081/fax/v5?x=1&y=2",
        "-H",
        "Content-Type: text/xml; charset=utf-8",
        "-H",
        'SOAPAction: ""',
        "-H",
        "Authorization: Bearer $FAXSTATUS_TOKEN",
        "--compressed",
        "--data-binary",
        body,
    ]


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_a_shell_sends_the_original_bytes_once_the_variables_hold_the_secrets(tmp_path, capsys):
    _, out, _ = run(capsys, "har", "curl", har_file(tmp_path, BODY, HEADERS, "text/xml"))
    script = "curl() { printf '%s\\0' \"$@\"; }\n" + out
    env = {"FAXSTATUS_PIN": PIN, "FAXSTATUS_TOKEN": TOKEN, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["sh", "-c", script], capture_output=True, env=env, check=True)
    args = done.stdout.split(b"\0")[:-1]
    assert args[-1] == BODY
    assert f"Authorization: Bearer {TOKEN}".encode() in args


def test_other_authorization_and_form_secrets_are_references(tmp_path, capsys):
    headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Authorization", "Basic ZGVtbzpkZW1v"),
        ("Cookie", "session=abc123"),
    ]
    path = har_file(tmp_path, FORM, headers, "application/x-www-form-urlencoded")
    code, out, _ = run(capsys, "har", "curl", path)
    assert code == 0
    for secret in ("ZGVtbzpkZW1v", "abc123", "very-secret-1"):
        assert secret not in out
    words = shlex.split(out.replace("\\\n", ""))
    assert "Authorization: $FAXSTATUS_AUTHORIZATION" in words
    assert "Cookie: $FAXSTATUS_COOKIE" in words
    assert words[-1] == (
        "grant_type=client_credentials&client_id=demo-client&client_secret=$FAXSTATUS_CLIENT_SECRET"
    )


def test_a_body_a_terminal_would_obey_goes_through_base64(tmp_path, capsys):
    body = BODY.replace(b"<UserID>", b"<UserID>\x1b[2J", 1)
    code, out, _ = run(capsys, "har", "curl", har_file(tmp_path, body, HEADERS[:2], "text/xml"))
    assert code == 0 and "\x1b" not in out
    assert out.startswith("printf %s ") and " | base64 -d | curl -sS " in out
    assert out.rstrip().endswith("--data-binary @-")


def test_every_secret_name_of_the_masking_table_has_a_variable():
    names = {
        *_redact.SECRET_XML_ELEMENTS,
        *_redact.SECRET_HEADERS,
        *_redact.SECRET_FORM_FIELDS,
    }
    assert set(SECRET_ENV) == names
    assert all(v.startswith("FAXSTATUS_") and v.isupper() for v in SECRET_ENV.values())


def test_entry_out_of_range_and_a_non_har_file_are_one_line(tmp_path, capsys):
    path = har_file(tmp_path, BODY, HEADERS, "text/xml")
    code, out, err = run(capsys, "har", "curl", path, "--entry", "2")
    assert (code, out, err) == (1, "", "faxstatus: --entry 2: the HAR file has 1 entries\n")
    other = tmp_path / "x.xml"
    other.write_bytes(BODY)
    code, out, err = run(capsys, "har", "curl", str(other))
    assert (code, out) == (1, "") and err == (
        f"faxstatus: {other}: not a HAR file (a JSON object with a log)\n"
    )


# Text a terminal shows as it is (faxstatus/_visible.py): letters, marks, numbers,
# punctuation, symbols and spaces, with newlines and tabs.
_SHOWN = st.text(
    st.characters(categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029")
    | st.sampled_from("\n\t'\"$`\\!*?;&|<>(){}[]#~"),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(before=_SHOWN, pin=_SHOWN.filter(lambda s: "<" not in s), after=_SHOWN, value=_SHOWN)
def test_any_body_and_header_parse_back_with_the_pin_as_a_reference(before, pin, after, value):
    from faxstatus._visible import visible
    from faxstatus.cli._har_cmds import curl_command

    assume("strPIN" not in before + after)
    body = f"{before}<strPIN>{pin}</strPIN>{after}"
    assume(visible(body) == body and visible(value) == value)  # else base64: another test
    command = curl_command("POST", "http://h/fax/v5", (("X-Note", value),), body.encode())
    words = shlex.split(command.replace("\\\n", ""))
    assert words == [
        "curl",
        "-sS",
        "http://h/fax/v5",
        "-H",
        f"X-Note: {value}",
        "--data-binary",
        f"{before}<strPIN>$FAXSTATUS_PIN</strPIN>{after}",
    ]
