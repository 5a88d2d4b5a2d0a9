"""The simulator's push sender: a notification to a URL when each job becomes final, with faults.

Concord pushes each job's final status to the customer (CONTRACT.md §8) and says pushes may lag
by minutes (§4.8); whether one can arrive twice, out of order or never is not documented, so
the sender can do each on purpose: ``delay`` before every push, a share sent twice
(``duplicate``), a share held back and sent after the next one (``reorder``), a share never
sent (``loss``), and named jobs never pushed (``lose``), all from one seeded generator, so a
test or a demo loses the same pushes every run. Only a poll finds a lost one.

The simulator cannot import the push package (a higher layer): the caller passes ``encode``,
the function that turns a push's fields into the request (:func:`faxstatus.push.encode_notification`
with a flavour, a URL and headers bound). A ticker thread takes the jobs
:meth:`~faxstatus.simulator.Simulator.newly_final` gives into a bounded queue; a sender thread
posts them in order with httpx, retrying one that fails (connection refused, a non-2xx answer:
the receiver down or restarting) with a capped backoff for ``retry_for`` seconds.
"""

from __future__ import annotations

import contextlib
import queue
import random
import threading
import time
from collections.abc import Callable, Sequence
from typing import IO
from urllib.parse import urlsplit

import attrs
import httpx

from .._redact import MASK
from .._visible import visible
from ._service import Simulator

__all__ = ["EncodeFn", "PushFaults", "PushSender"]

#: fields -> (method, target, headers, body): the request that carries one push.
EncodeFn = Callable[[Sequence[tuple[str, str]]], tuple[str, str, Sequence[tuple[str, str]], bytes]]

_JOB_ID = "FaxJobId"  # the push field naming the job (CONTRACT.md §8)
_STATUS = "FaxJobStatusId"  # the push field holding its status code


@attrs.frozen
class PushFaults:
    """What the sender does wrong on purpose; shares are probabilities from 0 to 1."""

    delay: float = 0.0  #: seconds to wait before each push (the vendor's lag)
    duplicate: float = 0.0  #: share of pushes sent twice
    reorder: float = 0.0  #: share of pushes held back and sent after the next one
    loss: float = 0.0  #: share of pushes never sent
    lose: frozenset[str] = frozenset()  #: jobs whose push is never sent
    seed: int = 0  #: the generator's seed: the same faults every run

    def __attrs_post_init__(self) -> None:
        for name in ("duplicate", "reorder", "loss"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} is a share from 0 to 1, not {getattr(self, name)!r}")
        if not self.delay >= 0:
            raise ValueError(f"delay is seconds, not {self.delay!r}")


class PushSender:
    """Posts a push for each job of *simulator* as it becomes final; a context manager.

    ``delivered`` lists the job id of every push the receiver acknowledged (2xx), duplicates
    included, in the order sent; ``lost`` the jobs whose push was dropped on purpose (or for
    a full queue: ``overflowed``); ``failed`` those given up after ``retry_for`` seconds of
    failures; ``attempts`` counts every request sent. :meth:`flush` waits for the queue.
    """

    def __init__(
        self,
        simulator: Simulator,
        encode: EncodeFn,
        *,
        url: str,
        faults: PushFaults | None = None,
        queue_size: int = 1000,
        tick: float = 0.1,
        retry_for: float = 60.0,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
        log: IO[str] | None = None,
    ) -> None:
        split = urlsplit(url)
        if split.scheme not in ("http", "https") or not split.netloc:
            raise ValueError(f"the push URL must be http or https, not {url!r}")
        self.simulator = simulator
        self.url = url
        self._origin = f"{split.scheme}://{split.netloc}"
        #: The URL as shown (repr, ``serve``'s banner): without user info, and the path and
        #: query masked, since a receiver's secret may be a path segment of it.
        self.shown_url = f"{split.scheme}://{split.netloc.rpartition('@')[2]}/" + (
            MASK if split.path.strip("/") or split.query else ""
        )
        self._encode = encode
        self.faults = faults or PushFaults()
        self._rng = random.Random(self.faults.seed)  # noqa: S311 - fault injection
        self._held: list[tuple[str, str]] | None = None  # a push kept back (reorder)
        self._queue: queue.Queue[list[tuple[str, str]]] = queue.Queue(maxsize=queue_size)
        self._tick = tick
        self._retry_for = retry_for
        self._http = httpx.Client(timeout=timeout, transport=transport)
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self._taking = threading.Lock()  # one taker at a time: the faults' rolls stay in order
        self._busy = 0  # pushes taken from the queue and not finished yet
        self._threads: list[threading.Thread] = []
        self.delivered: list[str] = []
        self.lost: list[str] = []
        self.overflowed: list[str] = []
        self.failed: list[str] = []
        self.attempts = 0
        #: Receives one line per push: delivered (with the status), lost on purpose, failed.
        self.log = log

    def __repr__(self) -> str:
        delivered, lost = len(self.delivered), len(self.lost)
        return f"<PushSender to {self.shown_url}: {delivered} delivered, {lost} lost>"

    def __enter__(self) -> PushSender:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the ticker and the sender threads (daemons)."""
        for target, name in ((self._ticking, "push-ticker"), (self._sending, "push-sender")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def close(self) -> None:
        """Stop both threads (a push being retried is abandoned) and close the HTTP client."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self._retry_for + 10)
        self._http.close()

    # -- taking finals (the ticker) --------------------------------------------------------

    def take(self) -> int:
        """Queue the pushes of the jobs final since the last call, faults applied; how many."""
        queued = 0
        with self._taking:
            for fields in self.simulator.newly_final():
                queued += self._plan(fields)
        return queued

    def _plan(self, fields: list[tuple[str, str]]) -> int:
        f = self.faults
        job = dict(fields).get(_JOB_ID, "")
        # One roll per fault and per push, in the same order every run.
        lose, twice, hold = self._rng.random(), self._rng.random(), self._rng.random()
        if job in f.lose or lose < f.loss:
            self.lost.append(job)
            self._say(f"push {job} lost on purpose (only a poll finds it)")
            return 0
        out = [fields, fields] if twice < f.duplicate else [fields]
        held = self._held
        if held is None and hold < f.reorder:
            with self._idle:
                self._busy += 1  # flush waits for the held push too
            self._held = fields
            out = out[1:]
        for one in out:
            self._put(one)
        if held is not None:
            self._held = None
            self._put(held, counted=True)  # the held push goes after this one
        return len(out) + (held is not None)

    def _put(self, fields: list[tuple[str, str]], counted: bool = False) -> None:
        if not counted:
            with self._idle:
                self._busy += 1
        try:
            self._queue.put_nowait(fields)
        except queue.Full:
            job = dict(fields).get(_JOB_ID, "")
            self.overflowed.append(job)
            self._say(f"push {job} dropped: the queue is full")
            self._done()

    def _ticking(self) -> None:
        while not self._stop.is_set():
            self.take()
            with self._taking:
                if self._held is not None and self._queue.empty():
                    # Nothing came after the held push: send it now rather than never.
                    held, self._held = self._held, None
                    self._put(held, counted=True)
            self._stop.wait(self._tick)

    # -- sending ---------------------------------------------------------------------------

    def _sending(self) -> None:
        while not self._stop.is_set():
            try:
                fields = self._queue.get(timeout=self._tick)
            except queue.Empty:
                continue
            try:
                if self.faults.delay:
                    self._stop.wait(self.faults.delay)
                self._deliver(fields)
            finally:
                self._done()

    def _deliver(self, fields: list[tuple[str, str]]) -> None:
        job = dict(fields).get(_JOB_ID, "")
        method, target, headers, body = self._encode(fields)
        # Host and Content-Length come from httpx; the rest as the encoder wrote them.
        sent = [(k, v) for k, v in headers if k.lower() not in ("host", "content-length")]
        end = time.monotonic() + self._retry_for
        backoff = 0.05
        while not self._stop.is_set():
            self.attempts += 1
            try:
                reply = self._http.request(
                    method, self._origin + target, headers=sent, content=body or None
                )
                if 200 <= reply.status_code < 300:
                    self.delivered.append(job)
                    code = dict(fields).get(_STATUS, "")
                    self._say(f"push {job} status {code} -> HTTP {reply.status_code}")
                    return
            except httpx.HTTPError:
                pass  # the receiver is down or restarting: try again
            if time.monotonic() + backoff > end:
                break
            self._stop.wait(backoff)
            backoff = min(backoff * 2, 1.0)
        self.failed.append(job)
        self._say(f"push {job} failed: no 2xx answer in {self._retry_for:g} s")

    def _say(self, line: str) -> None:
        if self.log is not None:
            with contextlib.suppress(OSError, ValueError):  # a closed or broken log stream
                print(visible(line), file=self.log, flush=True)

    def _done(self) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Queue the jobs final by now, then wait until every push was sent or given up.

        False if *timeout* seconds passed first. A held push (``reorder``) is sent at the
        next tick when nothing comes after it, so a flush waits for it too.
        """
        self.take()
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)
