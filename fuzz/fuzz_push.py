"""Coverage-guided fuzzing of the push receiver with atheris (``make fuzz``; a smoke in CI).

The property (tests/support/push_check.py): whatever the bytes, the receiver answers 200
(and stored one notification), 400 or 413 (and stored nothing), never a traceback. The first
byte picks the flavour and whether the body is gzip-coded. Seeds: the vendor's form,
multipart, SOAP and query-string pushes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _run import CORPUS, instrument, run

instrument("tests.support.push_check")

from tests.support.push import FORM_BODY, SOAP_BODY, multipart_body  # noqa: E402 - instrumented first
from tests.support.push_check import check_push_input  # noqa: E402 - instrumented first


def seeds() -> Iterator[bytes]:
    """Each flavour as the vendor sends it, plain and (for the POSTs) gzip-coded."""
    for coded in (0, 4):
        yield bytes([0 + coded]) + FORM_BODY
        yield bytes([1 + coded]) + multipart_body("b")
        yield bytes([2 + coded]) + SOAP_BODY
    yield bytes([3]) + FORM_BODY


def main() -> None:
    """Run the push target."""
    run(sys.argv, check_push_input, seeds, CORPUS / "push-regressions", "push")


if __name__ == "__main__":
    main()
