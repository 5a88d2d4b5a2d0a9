"""Shared pytest configuration: Hypothesis profiles, --update-vectors, shared fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from faxstatus.simulator import Simulator, SimulatorServer

ROOT = Path(__file__).resolve().parent.parent
VECTORS = Path(__file__).resolve().parent / "vectors"
INTEROP = Path(__file__).resolve().parent / "interop"

# "ci": fixed seed (derandomize) so a CI run is reproducible; "dev": more examples, random.
settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-vectors",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/vectors/ instead of comparing against them",
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave tests/interop/ (outside SOAP stacks, `make interop`) out of the default run.

    They are collected when asked for with ``-m interop`` or with FAXSTATUS_INTEROP=1.
    """
    if collection_path == INTEROP and not (
        "interop" in (config.option.markexpr or "") or os.environ.get("FAXSTATUS_INTEROP")
    ):
        return True
    return None


@pytest.fixture
def update_vectors(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-vectors"))


@pytest.fixture(scope="module")
def server() -> Iterator[SimulatorServer]:
    """A simulator with the demo jobs over loopback HTTP, one per test module."""
    with SimulatorServer(Simulator()) as srv:
        yield srv


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No FAXSTATUS_* variable of the developer's shell reaches the command line under test."""
    from faxstatus.cli._connect import ENV

    for name in ENV.values():
        monkeypatch.delenv(name, raising=False)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``faxstatus *argv`` in-process: (exit status, stdout, stderr); usage exits included."""
    from faxstatus.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
