"""Wire capture: a bounded recorder of HTTP exchanges with every secret masked."""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import attrs

from ._har import har_entry, mask_body, mask_headers, mask_url

__all__ = ["Exchange", "Recorder"]

_BODY_LIMIT = 64 * 1024


@attrs.frozen
class Exchange:
    """One HTTP exchange as recorded: already redacted, safe to print or log."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str
    status: int | None = None
    response_headers: dict[str, str] = attrs.field(factory=dict)
    response_body: str = ""
    elapsed_ms: float | None = None
    error: str | None = None  #: the transport error, when there was no response
    attempt: int = 1
    started: datetime = attrs.field(factory=lambda: datetime.now(UTC))

    def har(self) -> dict[str, Any]:
        """The exchange as a HAR 1.2 entry (bodies as recorded, already masked)."""
        return har_entry(
            started=self.started,
            method=self.method,
            url=self.url,
            request_headers=self.request_headers.items(),
            request_body=self.request_body,
            status=self.status,
            response_headers=self.response_headers.items(),
            response_body=self.response_body,
            elapsed_ms=self.elapsed_ms or 0.0,
            comment=f"attempt {self.attempt}" + (f"; {self.error}" if self.error else ""),
            masked=True,
        )

    def format(self) -> str:
        """A readable, multi-line rendering for traces."""
        lines = [f"> {self.method} {self.url}  (attempt {self.attempt})"]
        lines += [f"> {k}: {v}" for k, v in self.request_headers.items()]
        lines += [">", *(f"> {line}" for line in self.request_body.splitlines()), ""]
        if self.error is not None:
            lines.append(f"< (no response: {self.error})")
        else:
            timing = f"  ({self.elapsed_ms:.1f} ms)" if self.elapsed_ms is not None else ""
            lines.append(f"< HTTP {self.status}{timing}")
            lines += [f"< {k}: {v}" for k, v in self.response_headers.items()]
            lines += ["<", *(f"< {line}" for line in self.response_body.splitlines())]
        return "\n".join(lines)


def _text(body: bytes, ctype: str | None, secrets: tuple[str, ...], limit: int | None) -> str:
    if limit is None or len(body) <= limit:
        return mask_body(body, ctype, secrets)
    more = f"\n… ({len(body) - limit} more bytes)"
    return mask_body(body[:limit], ctype, secrets) + more


def _ctype(headers: dict[str, str] | None) -> str | None:
    return next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), None)


class Recorder:
    """Keeps the last *maxlen* exchanges (thread-safe); secrets are masked on the way in.

    *on_record* is called with each exchange as soon as it is recorded (a live trace, a HAR
    writer). Bodies are kept up to *body_limit* bytes (None: whole).
    """

    def __init__(
        self,
        maxlen: int = 50,
        *,
        on_record: Callable[[Exchange], None] | None = None,
        body_limit: int | None = _BODY_LIMIT,
    ) -> None:
        if maxlen < 1:
            raise ValueError("maxlen must be at least 1")
        self._items: collections.deque[Exchange] = collections.deque(maxlen=maxlen)
        self._lock = threading.Lock()
        self._on_record = on_record
        self._body_limit = body_limit

    def record(
        self,
        *,
        method: str,
        url: str,
        request_headers: dict[str, str],
        request_body: bytes,
        secrets: tuple[str, ...],
        status: int | None = None,
        response_headers: dict[str, str] | None = None,
        response_body: bytes = b"",
        elapsed_ms: float | None = None,
        error: str | None = None,
        attempt: int = 1,
    ) -> Exchange:
        """Redact and store one exchange; return the stored record."""
        limit = self._body_limit
        ex = Exchange(
            method=method,
            url=mask_url(url, secrets),
            request_headers=dict(mask_headers(request_headers.items(), secrets)),
            request_body=_text(request_body, _ctype(request_headers), secrets, limit),
            status=status,
            response_headers=dict(mask_headers((response_headers or {}).items(), secrets)),
            response_body=_text(response_body, _ctype(response_headers), secrets, limit),
            elapsed_ms=elapsed_ms,
            error=None if error is None else mask_body(error, None, secrets),
            attempt=attempt,
        )
        with self._lock:
            self._items.append(ex)
        if self._on_record is not None:
            self._on_record(ex)
        return ex

    def __iter__(self) -> Iterator[Exchange]:
        with self._lock:
            return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    @property
    def last(self) -> Exchange | None:
        """The most recent exchange, if any."""
        with self._lock:
            return self._items[-1] if self._items else None

    def clear(self) -> None:
        """Forget every exchange."""
        with self._lock:
            self._items.clear()
