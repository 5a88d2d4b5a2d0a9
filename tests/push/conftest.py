"""Fixtures of the push tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from faxstatus.push import NotificationStore


@pytest.fixture
def store() -> Iterator[NotificationStore]:
    """An in-memory notification store, closed after the test (its SQLite connection too)."""
    with NotificationStore() as store:
        yield store
