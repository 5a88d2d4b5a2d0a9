"""Both clients behind one synchronous interface, so a test runs unchanged under each of them."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from faxstatus import AsyncFaxStatusClient, FaxStatusClient, JobOutcome

#: The two kinds, as the ``client_kind`` fixture's parameters name them.
KINDS = ("sync", "async")


@contextmanager
def _async_sleep_through(sleep: Callable[[float], None] | None) -> Iterator[None]:
    """Within it, ``asyncio.sleep`` calls *sleep* instead of waiting (the async client has no
    ``sleep=`` of its own); it still yields to the event loop once."""
    if sleep is None:
        yield
        return
    real = asyncio.sleep

    async def fake(seconds: float, result: Any = None) -> Any:
        sleep(seconds)
        await real(0)
        return result

    with mock.patch.object(asyncio, "sleep", fake):
        yield


class ClientKind:
    """:class:`FaxStatusClient` or :class:`AsyncFaxStatusClient`, driven the same way.

    Each call opens a fresh client with the given arguments, runs what it is asked to, closes
    the client and returns the result: awaited, on an event loop of its own, for the async one.
    ``sleep`` replaces the waits between retries and watch rounds for both.
    """

    def __init__(self, name: str) -> None:
        if name not in KINDS:
            raise ValueError(name)
        self.name = name

    def __repr__(self) -> str:
        return f"ClientKind({self.name!r})"

    @property
    def client_class(self) -> type[FaxStatusClient] | type[AsyncFaxStatusClient]:
        """The class this kind opens."""
        return AsyncFaxStatusClient if self.name == "async" else FaxStatusClient

    def run(
        self,
        use: Callable[[Any], Any],
        *args: Any,
        sleep: Callable[[float], None] | None = None,
        **kwargs: Any,
    ) -> Any:
        """``use(client)`` on a fresh client opened with ``*args, **kwargs``; its result."""
        if self.name == "sync":
            if sleep is not None:
                kwargs["sleep"] = sleep
            with FaxStatusClient(*args, **kwargs) as client:
                return use(client)

        async def main() -> Any:
            async with AsyncFaxStatusClient(*args, **kwargs) as client:
                out = use(client)
                return await out if inspect.isawaitable(out) else out

        with _async_sleep_through(sleep):
            return asyncio.run(main())

    def watch(
        self,
        job_ids: list[str],
        *args: Any,
        watch: dict[str, Any] | None = None,
        after_each: Callable[[JobOutcome], None] | None = None,
        sleep: Callable[[float], None] | None = None,
        **kwargs: Any,
    ) -> tuple[Any, list[JobOutcome]]:
        """``client.watch(job_ids, **watch)`` run to its end: (the watch, every change yielded).

        *after_each* is called with each change before the watch goes on.
        """
        options = watch or {}

        def sync_use(client: FaxStatusClient) -> tuple[Any, list[JobOutcome]]:
            w = client.watch(job_ids, **options)
            changes = []
            for outcome in w:
                changes.append(outcome)
                if after_each is not None:
                    after_each(outcome)
            return w, changes

        async def async_use(client: AsyncFaxStatusClient) -> tuple[Any, list[JobOutcome]]:
            w = client.watch(job_ids, **options)
            changes = []
            async for outcome in w:
                changes.append(outcome)
                if after_each is not None:
                    after_each(outcome)
            return w, changes

        def use(client: Any) -> Any:
            return sync_use(client) if self.name == "sync" else async_use(client)

        result: tuple[Any, list[JobOutcome]] = self.run(use, *args, sleep=sleep, **kwargs)
        return result
