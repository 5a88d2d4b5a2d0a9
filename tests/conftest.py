"""Pytest hooks and fixtures only: Hypothesis profiles, --update-vectors, the simulator fixtures.

Nothing imports this module; what tests share as code lives in :mod:`tests.support`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from faxstatus.simulator import Simulator, SimulatorServer

from .support.clients import KINDS, ClientKind
from .support.docblocks import SUMMARY
from .support.helpers import make_simulator
from .support.paths import INTEROP

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


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many of the docs pages' code blocks ran (tests/docs/test_pages.py counts them)."""
    said = terminalreporter.config.stash.get(SUMMARY, None)
    if said is not None:
        terminalreporter.write_line(said)


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


@pytest.fixture
def sim() -> Simulator:
    """A simulator with the demo jobs, dates from the fixed epoch and a frozen job clock."""
    return make_simulator()


@pytest.fixture(scope="module")
def server() -> Iterator[SimulatorServer]:
    """A simulator with the demo jobs over loopback HTTP, one per test module.

    Its dates count from the fixed epoch and its job clock is frozen, so every test of the
    module sees the same job states however long the module takes.
    """
    with SimulatorServer(make_simulator()) as srv:
        yield srv


@pytest.fixture(params=KINDS)
def client_kind(request: pytest.FixtureRequest) -> ClientKind:
    """The sync client, then the async one: a test taking this runs under both."""
    return ClientKind(request.param)


@pytest.fixture(autouse=True)
def _library_log_restored() -> Iterator[None]:
    """``faxstatus -v`` run in-process adds a stderr handler to the library's logger; it goes
    again after the test, so that a later test's records do not reach a closed capture."""
    logger = logging.getLogger("faxstatus")
    handlers, level = list(logger.handlers), logger.level
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No FAXSTATUS_* variable of the developer's shell reaches the command line under test."""
    from faxstatus.cli._connect import ENV

    for name in ENV.values():
        monkeypatch.delenv(name, raising=False)
