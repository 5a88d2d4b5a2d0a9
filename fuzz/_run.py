"""What the capture and HAR fuzz targets share: seeds, the regression folder, atheris's run.

A target names its check (tests/support/capture_check.py), its seed inputs and its
regression folder; a crash is written into that folder (``crash-*``), where it stays,
committed, and ``make test`` replays it (tests/security/test_fuzz_captures.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


def run(
    argv: list[str],
    name: str,
    one_input: Callable[[bytes], None],
    seeds: Callable[[], Iterable[bytes]],
) -> None:
    """Run atheris on *one_input*: ``fuzz_NAME.py [--corpus DIR] [libFuzzer flags]``."""
    args = list(argv[1:])
    regressions = CORPUS / f"{name}-regressions"
    corpus = CORPUS / "work" / name
    if "--corpus" in args:
        i = args.index("--corpus")
        corpus = Path(args[i + 1])
        del args[i : i + 2]
    if not corpus.exists():
        corpus.mkdir(parents=True)
        for i, data in enumerate(seeds()):
            (corpus / f"seed-{i:04d}").write_bytes(data)
        for path in sorted(regressions.iterdir()):
            (corpus / f"regression-{path.name}").write_bytes(path.read_bytes())
    regressions.mkdir(parents=True, exist_ok=True)
    flags = [f"-artifact_prefix={regressions}/crash-", *args]
    atheris.Setup([argv[0], str(corpus), *flags], one_input)
    atheris.Fuzz()
