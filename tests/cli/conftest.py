"""Fixtures of the command-line tests."""

from __future__ import annotations

import pytest

from faxstatus.simulator import SimulatorServer


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, server: SimulatorServer) -> SimulatorServer:
    """The module's simulator as FAXSTATUS_ENDPOINT, with the demo user and PIN: bare commands."""
    monkeypatch.setenv("FAXSTATUS_ENDPOINT", server.url)
    monkeypatch.setenv("FAXSTATUS_USER", "demo-user")
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    return server
