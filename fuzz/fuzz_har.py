"""Coverage-guided fuzzing of the HAR reader with atheris (``make fuzz``; a smoke in CI).

The property (tests/support/capture_check.py): the reader returns typed entries, None (not a
HAR file) or a one-line DecodeError naming the member at fault; the capture commands then end
in exit 0 or one line. An odd first byte makes the rest a list of (member, value) choices
applied to a valid HAR file, so that wrong types reach every member the reader uses; an even
one takes the rest as the file's bytes. Seeds: HAR files and mutations of them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _run import CORPUS, instrument, run

instrument("tests.support.capture_check")

from tests.support.capture_check import check_har_input, mutated_har  # noqa: E402 - instrumented first


def seeds() -> Iterator[bytes]:
    """The seed HAR file as bytes, and mutation choices touching each member in turn."""
    yield b"\x00" + mutated_har(b"")
    for member in range(40):
        for value in range(0, 22, 3):
            yield bytes([1, member, value])


def main() -> None:
    """Run the HAR target."""
    run(sys.argv, check_har_input, seeds, CORPUS / "har-regressions", "har")


if __name__ == "__main__":
    main()
