"""faxstatus fmt: pretty-prints a message, refuses what decode refuses in one line."""

from __future__ import annotations

import pytest

from ..support.cli import run_cli as run
from ..support.paths import VECTORS

EX_SOAP12 = VECTORS / "GetRealTimeFaxStatusEx" / "soap12"

pytestmark = pytest.mark.usefixtures("clean_env")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"# faxstatus\n\nA README, not a message.\n", "malformed XML"),
        (b"<Envelope><Body>", "malformed XML"),
        (b'{"GetRealTimeFaxStatusExResponse": {', "malformed JSON"),
        (bytes(range(256)), "not a FaxWS message"),
        (b"<a/>", "is not a FaxWS message"),
        (b"", "empty input"),
    ],
)
def test_fmt_refuses_non_messages_in_one_line(capsys, tmp_path, data, what):
    path = tmp_path / "input"
    path.write_bytes(data)
    code, out, err = run(capsys, "fmt", str(path))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert err.startswith(f"faxstatus: {path}: ") and what in err


def test_fmt_still_formats_a_message(capsys):

    vector = VECTORS / "GetRealTimeFaxStatusEx" / "json" / "response.json"
    code, out, _ = run(capsys, "fmt", str(vector))
    assert code == 0 and out.startswith('{\n  "GetRealTimeFaxStatusExResponse"')
