"""Coverage-guided fuzzing of the OAuth 2.0 token response with atheris (``make fuzz``).

The property (tests/support/token_check.py): any bytes, under any status and content coding,
read through the token response's BodyReader and parsed by ``parse_token_response`` give a
valid token answer or an OAuthError/DecodeError that does not show the secret. Anything else
is a finding: atheris stops and writes the input to ``fuzz/corpus/token/regressions/crash-*``,
where it stays, committed, as a regression case that ``make test`` replays
(tests/security/test_fuzz_token.py). Seeds are the answers in ``fuzz/corpus/token/seeds`` and
the regression cases.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _run import CORPUS, instrument, run

instrument("tests.support.token_check")

from tests.support.token_check import check_token_input  # noqa: E402 - instrumented first

TOKEN = CORPUS / "token"


def one_input(data: bytes) -> None:
    """Fuzz one input (atheris entry point): the first byte picks status, coding and split."""
    check_token_input(data)


def seeds() -> Iterator[bytes]:
    """The seed answers in ``fuzz/corpus/token/seeds``."""
    for path in sorted((TOKEN / "seeds").iterdir()):
        yield path.read_bytes()


def main() -> None:
    """Run the token target: ``fuzz_token.py [--corpus DIR] [libFuzzer flags]``."""
    run(sys.argv, one_input, seeds, TOKEN / "regressions", "token")


if __name__ == "__main__":
    main()
