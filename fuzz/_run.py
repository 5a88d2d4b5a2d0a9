"""What every fuzz target shares: the package instrumented, the seed corpus, atheris's run.

A target names its check (tests/support/*_check.py), its seed inputs and its regression
folder; a crash is written into that folder (``crash-*``), where it stays, committed, and
``make test`` replays it (tests/security/test_fuzz_*.py).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import atheris

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
# The checks live with the tests; the repository root must be importable.
sys.path.insert(0, str(ROOT))


def instrument(check: str) -> ModuleType:
    """Import every faxstatus module and the *check* module under atheris's instrumentation.

    The package imports its codec, client and commands lazily, on first use: a module first
    imported by a check, after the instrumented block, would give libFuzzer no coverage and
    the run would be blind. The check (``tests.support.NAME``) is instrumented too: its
    branches (which mutation, which status) guide the run. ``__main__`` is left out
    (importing it runs the CLI).
    """
    with atheris.instrument_imports(include=["faxstatus", "tests.support"]):
        package = importlib.import_module("faxstatus")
        for info in pkgutil.walk_packages(package.__path__, "faxstatus."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
        return importlib.import_module(check)


def take_option(args: list[str], name: str) -> str | None:
    """Remove ``name VALUE`` from *args* and return VALUE (None when absent)."""
    if name not in args:
        return None
    i = args.index(name)
    value = args[i + 1]
    del args[i : i + 2]
    return value


def run(
    argv: list[str],
    one_input: Callable[[bytes], object],
    seeds: Callable[[], Iterable[bytes]],
    regressions: Path,
    work: str,
) -> None:
    """Run atheris on *one_input*: ``fuzz_NAME.py [--corpus DIR] [libFuzzer flags]``.

    A new corpus folder (default ``fuzz/corpus/work/WORK``) is seeded with *seeds* and every
    regression case; crashes are written into *regressions*.
    """
    args = list(argv[1:])
    given = take_option(args, "--corpus")
    corpus = Path(given) if given is not None else CORPUS / "work" / work
    regressions.mkdir(parents=True, exist_ok=True)
    if not corpus.exists():
        corpus.mkdir(parents=True)
        for i, data in enumerate(seeds()):
            (corpus / f"seed-{i:04d}").write_bytes(data)
        for path in sorted(regressions.iterdir()):
            (corpus / f"regression-{path.name}").write_bytes(path.read_bytes())
    flags = [f"-artifact_prefix={regressions}/", *args]  # libFuzzer names them crash-SHA1
    atheris.Setup([argv[0], str(corpus), *flags], one_input)
    atheris.Fuzz()
