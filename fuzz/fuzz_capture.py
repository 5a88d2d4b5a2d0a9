"""Coverage-guided fuzzing of the capture parser with atheris (``make fuzz``; a smoke in CI).

The property (tests/support/capture_check.py): any bytes, as a capture file given to
``faxstatus decode`` and ``faxstatus fmt``, end in exit 0 or in exit 1 with one line on stderr
naming the file, never a traceback; the parser's captures are typed and within the cap.
The first byte picks ``--entry``. Seeds: every capture form (HTTP message, raw chunked,
gzip-coded, curl -i, curl -v, ``encode --headers``, HAR) around the conformance vectors.
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _run import CORPUS, ROOT, instrument, run

instrument("tests.support.capture_check")

from tests.support.capture_check import check_capture_input, mutated_har  # noqa: E402 - instrumented first


def _chunked(body: bytes, size: int) -> bytes:
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def seeds() -> Iterator[bytes]:
    """Each capture form around a few vectors, each with --entry none and 1."""
    bodies = sorted((ROOT / "tests" / "vectors").glob("GetRealTimeFaxStatusEx/*/*.*"))[:6]
    for path in bodies:
        body = path.read_bytes()
        ctype = b"application/json" if path.suffix == ".json" else b"text/xml"
        head = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\n"
        forms = [
            body,
            head + b"\r\n" + body,
            head + b"Transfer-Encoding: chunked\r\n\r\n" + _chunked(body, 37),
            head + b"Content-Encoding: gzip\r\n\r\n" + gzip.compress(body),
            b"HTTP/1.1 100 Continue\r\n\r\n" + head + b"\r\n" + body,
            b"POST /fax/v5 HTTP/1.1\r\nHost: x\r\nContent-Type: " + ctype + b"\r\n\r\n" + body,
            b"Content-Type: " + ctype + b"\r\n\r\n" + body,
            b"* Connected\n> POST /fax/v5 HTTP/1.1\r\n> \r\n< "
            + head.replace(b"\r\n", b"\r\n< ")
            + b"\r\n{ [1 bytes data]\n"
            + body,
        ]
        for form in forms:
            yield b"\x00" + form
    yield b"\x01" + mutated_har(b"")


def main() -> None:
    """Run the capture target."""
    run(sys.argv, check_capture_input, seeds, CORPUS / "capture-regressions", "capture")


if __name__ == "__main__":
    main()
