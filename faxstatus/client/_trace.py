"""Wire capture: a bounded recorder of HTTP exchanges with every secret masked."""

from __future__ import annotations

import collections
import threading
from collections.abc import Iterator

import attrs

from .._redact import redact_headers, redact_text

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


def _text(body: bytes, secrets: tuple[str, ...]) -> str:
    cut = body[:_BODY_LIMIT].decode("utf-8", "replace")
    more = f"\n… ({len(body) - _BODY_LIMIT} more bytes)" if len(body) > _BODY_LIMIT else ""
    return redact_text(cut, secrets) + more


class Recorder:
    """Keeps the last *maxlen* exchanges (thread-safe); secrets are masked on the way in."""

    def __init__(self, maxlen: int = 50) -> None:
        if maxlen < 1:
            raise ValueError("maxlen must be at least 1")
        self._items: collections.deque[Exchange] = collections.deque(maxlen=maxlen)
        self._lock = threading.Lock()

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
        ex = Exchange(
            method=method,
            url=redact_text(url, secrets),
            request_headers=redact_headers(request_headers, secrets),
            request_body=_text(request_body, secrets),
            status=status,
            response_headers=redact_headers(response_headers or {}, secrets),
            response_body=_text(response_body, secrets),
            elapsed_ms=elapsed_ms,
            error=None if error is None else redact_text(error, secrets),
            attempt=attempt,
        )
        with self._lock:
            self._items.append(ex)
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
