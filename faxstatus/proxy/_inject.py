"""The proxy's fault injection: delay, slow body, reset, wrong status on a seeded share.

``--inject delay=2s@0.2,reset@0.05,status=503@0.1,slow=100B/s@0.1`` names each fault, its
argument and the share of exchanges it hits (``@1`` when left out). Each fault is drawn on
its own for every exchange from a generator seeded with ``--inject-seed`` and the exchange's
number, so the Nth exchange the proxy receives meets the same faults in every run with the
same seed, whatever the timing of the others.

* ``delay=D``: the request waits D (``2s``, ``250ms``) before it is forwarded.
* ``slow=R``: the answer's body reaches the client at R bytes a second (``100B/s``,
  ``2KB/s``, ``1KiB/s``), the bytes unchanged.
* ``reset``: the request is forwarded and the upstream's answer read (and recorded), then
  the client's connection is reset before any byte of it is sent: the case where the
  server acted and the answer was lost.
* ``status=N`` (400-599): the request is not forwarded; the client gets status N from the
  proxy, as from a failing gateway. Drawn with ``reset``, the status wins (nothing is sent
  on, so there is no answer to lose); ``delay`` combines with either, ``slow`` applies to
  answers from the upstream.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

__all__ = ["Fault", "Injector", "parse_inject"]

_KINDS = ("delay", "slow", "reset", "status")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s)?")
_RATE = re.compile(r"(\d+)(B|KB|KiB|MB|MiB)/s")
_RATE_UNIT = {"B": 1, "KB": 1000, "KiB": 1024, "MB": 1000**2, "MiB": 1024**2}
#: The longest delay one fault may add (an hour): a typo must not park a worker for a day.
MAX_DELAY = 3600.0


@dataclass(frozen=True)
class Fault:
    """One fault: its kind, the share of exchanges it hits, and its argument."""

    kind: str
    share: float
    seconds: float = 0.0
    rate: int = 0
    status: int = 0

    def __str__(self) -> str:
        if self.kind == "delay":
            return f"delay {self.seconds:g}s"
        if self.kind == "slow":
            return f"slow {self.rate}B/s"
        if self.kind == "status":
            return f"status {self.status}"
        return self.kind


def _share(text: str, item: str) -> float:
    try:
        share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        share = -1.0
    if not 0.0 < share <= 1.0:
        raise ValueError(f"--inject {item!r}: the share after @ must be in (0, 1] (or 1%-100%)")
    return share


def _one(item: str) -> Fault:
    spec, at, share_text = item.partition("@")
    share = _share(share_text.strip(), item) if at else 1.0
    kind, eq, arg = (part.strip() for part in spec.partition("="))
    if kind not in _KINDS:
        raise ValueError(f"--inject {item!r}: the fault is one of {', '.join(_KINDS)}")
    if kind == "reset":
        if eq:
            raise ValueError(f"--inject {item!r}: reset takes no value")
        return Fault(kind, share)
    if not arg:
        raise ValueError(f"--inject {item!r}: {kind} needs a value ({kind}=…)")
    if kind == "delay":
        m = _DURATION.fullmatch(arg)
        seconds = -1.0 if m is None else float(m[1]) / (1000 if m[2] == "ms" else 1)
        if not 0.0 <= seconds <= MAX_DELAY:
            raise ValueError(
                f"--inject {item!r}: the delay is a duration up to {MAX_DELAY:g}s (2s, 250ms)"
            )
        return Fault(kind, share, seconds=seconds)
    if kind == "slow":
        r = _RATE.fullmatch(arg)
        rate = 0 if r is None or len(r[1]) > 12 else int(r[1]) * _RATE_UNIT[r[2]]
        if rate <= 0:
            raise ValueError(f"--inject {item!r}: the rate is bytes a second (100B/s, 2KB/s)")
        return Fault(kind, share, rate=rate)
    if not (arg.isascii() and arg.isdigit() and len(arg) == 3 and 400 <= int(arg) <= 599):
        raise ValueError(f"--inject {item!r}: the status is an HTTP error status, 400-599")
    return Fault(kind, share, status=int(arg))


def parse_inject(specs: list[str] | str) -> list[Fault]:
    """The faults of ``--inject`` values (comma-separated); ValueError naming the bad one."""
    items = [specs] if isinstance(specs, str) else specs
    return [_one(part.strip()) for spec in items for part in spec.split(",") if part.strip()]


class Injector:
    """Draws the faults of each exchange, by its number, from *seed*."""

    def __init__(self, faults: list[Fault], seed: int = 0) -> None:
        self.faults = faults
        self.seed = seed

    def draw(self, number: int) -> list[Fault]:
        """The faults that hit exchange *number* (1, 2, …): the same for the same seed."""
        if not self.faults:
            return []
        # Not for secrecy: a reproducible draw is the point (the same seed, the same faults).
        rng = random.Random(f"faxstatus-inject:{self.seed}:{number}")  # noqa: S311
        return [f for f in self.faults if rng.random() < f.share]
