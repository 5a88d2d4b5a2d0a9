"""Push and pull on one injected clock: a simulator that pushes into a store, a client that polls.

Nothing here opens a socket: the simulator's pushes reach the store through an httpx mock
transport that parses them with the push package's parser and records them in its store (the
receiver's job, answered 200 only once stored), and the client polls through the in-process
transport. Every wait advances :attr:`World.clock` and lets the sender deliver what became
final by then, so a test sees the same pushes, polls and counts on any machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from faxstatus import FaxStatusClient
from faxstatus.push import NotificationStore, encode_notification, parse_notification
from faxstatus.simulator import PushFaults, PushSender, SimJob, Simulator, SimulatorTransport

from .helpers import make_simulator

PUSH_URL = "http://receiver.test/push"


class Clock:
    """A monotonic clock and a sleep that advances it (and runs *on_sleep* after each wait)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps = 0
        self.on_sleep: Any = None

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.now += seconds
        if self.on_sleep is not None:
            self.on_sleep()


def receiver(store: NotificationStore) -> httpx.MockTransport:
    """A receiver as a transport: parse the push, store it, then answer 200."""

    def handle(request: httpx.Request) -> httpx.Response:
        target = request.url.raw_path.decode("ascii")
        n = parse_notification(request.method, target, request.headers.items(), request.content)
        store.record(n)
        return httpx.Response(200, text="stored")

    return httpx.MockTransport(handle)


class World:
    """A simulator pushing to a store and polled by a client, all on one :class:`Clock`."""

    def __init__(
        self,
        jobs: Sequence[SimJob],
        *,
        store: NotificationStore,
        flavour: str = "form",
        **faults: Any,
    ) -> None:
        self.clock = Clock()
        self.sim: Simulator = make_simulator(list(jobs), clock=self.clock)
        self.store = store  # the caller's to close (a test's fixture): read after the world

        def encode(fields: Any) -> Any:
            return encode_notification(fields, flavour, url=PUSH_URL)

        self.sender = PushSender(
            self.sim,
            encode,
            url=PUSH_URL,
            faults=PushFaults(**faults),
            tick=0.01,
            transport=receiver(self.store),
        )
        self.clock.on_sleep = self.deliver
        self.client = FaxStatusClient(
            "demo-user",
            pin="demo-pin",
            endpoint="http://sim.test/fax/v5",
            transport=SimulatorTransport(self.sim),
            sleep=self.clock.sleep,
        )

    def deliver(self) -> None:
        """Let the sender push every job final by now, and wait until it did."""
        assert self.sender.flush(timeout=30), "the sender did not finish in 30 s"

    def __enter__(self) -> World:
        self.sender.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sender.close()
        self.client.close()
