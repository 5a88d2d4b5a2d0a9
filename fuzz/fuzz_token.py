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
from pathlib import Path

import atheris

# The shared check lives with the tests; the repository root must be importable.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports(include=["faxstatus", "tests.support"]):
    # The package imports its client lazily: the modules under test are named here so
    # that they are instrumented for coverage.
    import faxstatus._boundary
    import faxstatus._http
    import faxstatus.client._oauth  # noqa: F401
    from tests.support.token_check import check_token_input

CORPUS = Path(__file__).resolve().parent / "corpus" / "token"
REGRESSIONS = CORPUS / "regressions"


def one_input(data: bytes) -> None:
    """Fuzz one input (atheris entry point): the first byte picks status, coding and split."""
    check_token_input(data)


def seeds(folder: Path) -> None:
    """Write the seed corpus into *folder* (the seeds and the regression cases)."""
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("seeds", "regressions"):
        for path in sorted((CORPUS / sub).iterdir()):
            (folder / f"{sub}-{path.name}").write_bytes(path.read_bytes())


def main(argv: list[str]) -> None:
    """Run atheris: ``fuzz_token.py [--corpus DIR] [libFuzzer flags]``."""
    args = list(argv[1:])
    corpus = Path(__file__).resolve().parent / "corpus" / "work" / "token"
    if "--corpus" in args:
        i = args.index("--corpus")
        corpus = Path(args[i + 1])
        del args[i : i + 2]
    if not corpus.exists():
        seeds(corpus)
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    flags = [f"-artifact_prefix={REGRESSIONS}/crash-", *args]
    atheris.Setup([argv[0], str(corpus), *flags], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
