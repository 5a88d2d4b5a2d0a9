"""The hostile-input corpus (tests/hostile/): each case ends in its documented error or value,
within one second and bounded memory, and no message carries file contents or secrets."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

import faxstatus
from faxstatus import DecodeOptions, Message
from faxstatus.conformance._load import peak_rss_kib

from ..support.paths import HOSTILE
from ..support.vectors import in_schema_namespace, stored

HERE = HOSTILE
CASES = json.loads((HERE / "cases.json").read_text())["cases"]
ERRORS = {
    "DecodeError": faxstatus.DecodeError,
    "ProtocolError": faxstatus.ProtocolError,
    "VersionMismatchError": faxstatus.VersionMismatchError,
}
ENVELOPE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope '
    'xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>'
    f'<CheckServiceResponse xmlns="{faxstatus.codec.FAXWS_NS}"><return>{{}}</return>'
    "</CheckServiceResponse>"
    "</env:Body></env:Envelope>"
)


def body_of(case: dict[str, Any]) -> bytes:
    if "file" in case:
        return stored(HERE / str(case["file"]))
    size: int = case["size"]
    if case["generate"] == "size":
        return ENVELOPE.format("x" * 16).encode() + b" " * size
    if case["generate"] == "repeat":
        head, unit, tail = (
            in_schema_namespace(str(case[k]).encode()) for k in ("head", "unit", "tail")
        )
        room = size - len(head) - len(tail)
        if b"{i}" not in unit:
            return head + unit * (room // len(unit)) + tail
        parts, used, i = [head], 0, 0
        while True:
            piece = unit.replace(b"{i}", b"%d" % i)
            if used + len(piece) > room:
                break
            parts.append(piece)
            used += len(piece)
            i += 1
        return b"".join([*parts, tail])
    if case["generate"] == "text":
        return ENVELOPE.format("x" * size).encode()
    return b"<a>" * size + b"</a>" * size  # depth


def _reset_peak() -> int:
    """Start VmHWM afresh (Linux: clear_refs 5) and return the RSS now, in KiB.

    Without the reset, a case that peaks below an earlier case's peak would show no growth.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return peak_rss_kib()


def test_corpus_is_large_enough_and_files_exist():
    assert len(CASES) >= 40
    listed = {c["file"].split("/")[1] for c in CASES if "file" in c}
    assert listed == {p.name for p in (HERE / "files").iterdir()}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_case(case):
    body = body_of(case)
    options = DecodeOptions(
        max_bytes=case.get("max_bytes", DecodeOptions().max_bytes), strict=case.get("strict", True)
    )
    peak_before = _reset_peak()
    start = time.process_time()
    try:
        result: Any = faxstatus.decode(body, case["content_type"], options=options)
        error = None
    except faxstatus.FaxStatusError as exc:
        result, error = None, exc
    elapsed = time.process_time() - start
    grown_mib = (peak_rss_kib() - peak_before) / 1024
    # CPU seconds of this process, not wall time, so other work on the machine does not count.
    # Each case's own bound, else 1 s and 64 MiB: the largest legitimate case (an 11 MB text
    # node under a raised cap) parses to about twice its size, plus slack. Cases that fill
    # the cap with elements the parser must build state a bound near a legitimate response
    # of that size (10 MiB of status items: about 1 s and 60 MiB here).
    assert elapsed < case.get("max_seconds", 1.0), f"took {elapsed:.2f} s"
    assert grown_mib < case.get("max_mib", 64), f"peak RSS grew by {grown_mib:.0f} MiB"
    if "error" in case:
        assert error is not None, f"accepted: {result!r}"[:300]
        assert type(error) is ERRORS[case["error"]], repr(error)
        assert case["match"] in str(error)
        text = str(error)
        assert "root:" not in text and "/bin/" not in text  # no /etc/passwd contents
        if "secret" in case:
            assert case["secret"] not in text
    else:
        assert error is None, str(error)
        assert isinstance(result, Message)
        value: Any = result.payload
        for step in case["accept"]["path"]:
            value = value[step] if isinstance(step, int) else getattr(value, step)
        assert value == case["accept"]["value"]


def test_xxe_never_reads_the_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-CONTENT")
    body = (
        (HERE / "files" / "xxe-file.xml").read_bytes().replace(b"/etc/passwd", str(secret).encode())
    )
    with pytest.raises(faxstatus.DecodeError) as info:
        faxstatus.decode(body, "application/soap+xml")
    assert "TOPSECRET" not in str(info.value)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_faxstatus_decode_answers_every_hostile_file_in_one_line_or_a_result(
    case, capsys, tmp_path
):
    from faxstatus.cli import main

    path = HERE / case["file"] if "file" in case else tmp_path / "body"
    if "file" not in case:
        path.write_bytes(body_of(case))
    code = main(["decode", str(path)])
    _out, err = capsys.readouterr()
    assert code in (0, 1), (code, err)
    assert "Traceback" not in err
    assert code == 0 or (err.count("\n") == 1 and err.startswith("faxstatus: ")), err
