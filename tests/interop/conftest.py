"""Fixtures for the interop tests: a simulator frozen in time, so peers see fixed answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from faxstatus.simulator import Simulator, SimulatorServer

from ._expected import EPOCH


@pytest.fixture(scope="module")
def frozen_server() -> Iterator[SimulatorServer]:
    """The simulator with the demo jobs, its clock stopped, over loopback HTTP.

    Strict: a request that breaks the schema gets a fault instead of an answer, and at the end
    no outside client's request may have deviated from the schema at all.
    """
    sim = Simulator(clock=lambda: 0.0, epoch=EPOCH, strict=True)
    with SimulatorServer(sim) as srv:
        yield srv
    assert not sim.deviations, f"requests deviated from the schema: {list(sim.deviations)}"
