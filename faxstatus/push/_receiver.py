"""The push receiver: authentication, parsing, storing, then the answer; one core, three mountings.

:class:`Receiver` is sans-IO: a request (method, target, headers, body) in, a :class:`Reply`
out. :func:`wsgi_app`, :func:`asgi_app` and ``faxstatus listen`` (``_server``) only move
bytes. The order is the point (CONTRACT.md §8: the vendor retries a push that failed, I):

1. the shared secret (a header, or the first path segment), compared with
   :func:`hmac.compare_digest`: 401 when it is missing or wrong, logged without it;
2. the notification parsed: 400 naming the field at fault (413 past a cap);
3. :meth:`NotificationStore.record`, committed to disk: 503 when the store fails, so
   that the vendor sends it again;
4. only then 200 (for the SOAP flavour a SOAP 1.1 envelope holding an empty
   ``FaxDeliveryNotificationResponse``), and the ``on_notification`` callback.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import IO

import attrs

from .._boundary import BodyReader
from .._contract import DEFAULT_MAX_BYTES, PUSH_NS, PUSH_SOAP_RESPONSE, SOAP11_MEDIA, SOAP11_NS
from .._errors import DecodeError, LimitError, StoreError
from .._redact import LOG_REDACTOR, MASK, SecretStr, masker
from .._visible import visible_line
from ._notification import Notification, parse_notification
from ._store import NotificationStore, Recorded

__all__ = ["OnNotification", "Receiver", "Reply", "parse_header_secret"]

log = logging.getLogger("faxstatus.push")
log.addFilter(LOG_REDACTOR)

#: What ``on_notification`` is called with, after the notification is stored.
OnNotification = Callable[[Notification, Recorded], None]

_TEXT = "text/plain; charset=utf-8"
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+")
_SOAP_OK = (
    '<?xml version="1.0" encoding="utf-8"?>'
    f'<soap:Envelope xmlns:soap="{SOAP11_NS}"><soap:Body>'
    f'<{PUSH_SOAP_RESPONSE} xmlns="{PUSH_NS}"/></soap:Body></soap:Envelope>'
).encode()


@attrs.frozen
class Reply:
    """An HTTP answer: status, headers (Content-Length included), body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def reason(self) -> str:
        """The status's reason phrase (``OK``, ``Unauthorized``)."""
        try:
            return http.HTTPStatus(self.status).phrase
        except ValueError:
            return ""


def _reply(status: int, text: str, *extra: tuple[str, str]) -> Reply:
    body = text.encode()
    headers = (("Content-Type", _TEXT), ("Content-Length", str(len(body))), *extra)
    return Reply(status, headers, body)


def parse_header_secret(text: str) -> tuple[str, SecretStr]:
    """``NAME=VALUE`` (``--require-header``) as (name, secret value); ValueError if malformed."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name or not value:
        raise ValueError("a required header is NAME=VALUE, both non-empty")
    if any(c in name for c in " \t:\r\n") or not name.isascii():
        raise ValueError(f"{name[:40]!r} is not a header name")
    if value != value.strip(" \t") or not all(" " <= c <= "~" for c in value):
        # A server strips the spaces around a field value (RFC 9110 §5.5) and hands other
        # bytes over as Latin-1 (h11, PEP 3333, ASGI): such a secret could never match.
        raise ValueError(
            f"the value of header {name[:40]} must be printable ASCII without spaces around it"
        )
    return name, SecretStr(value)


def _same(given: str | None, wanted: str) -> bool:
    """Constant-time comparison of two secrets, their lengths included.

    :func:`hmac.compare_digest` has no early exit on the first difference, but may return at
    once for inputs of different lengths; comparing digests of a fixed size hides that too.
    """
    if given is None:
        return False
    mine = hashlib.sha256(wanted.encode("utf-8", "surrogateescape")).digest()
    theirs = hashlib.sha256(given.encode("utf-8", "surrogateescape")).digest()
    return hmac.compare_digest(theirs, mine)


class Receiver:
    """Push receiver logic for one store; thread-safe (the store is).

    *require_header* is ``"NAME=VALUE"`` or (name, value): a request without that header
    and value is refused (401). *require_path_secret* is a secret first path segment
    (``/SECRET/anything``); the rest of the path is free. With neither, any request is
    taken: say so to whoever runs it. *access_log* gets one line per request (never a
    secret, never a body, never a query string); without it, lines go to the
    ``faxstatus.push`` logger at INFO.
    """

    def __init__(
        self,
        store: NotificationStore,
        *,
        require_header: str | tuple[str, str] | None = None,
        require_path_secret: str | None = None,
        on_notification: OnNotification | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        access_log: IO[str] | None = None,
    ) -> None:
        self.store = store
        self.on_notification = on_notification
        self.max_bytes = max_bytes
        self.access_log = access_log
        self._header: tuple[str, SecretStr] | None = None
        if isinstance(require_header, str):
            self._header = parse_header_secret(require_header)
        elif require_header is not None:
            self._header = parse_header_secret(f"{require_header[0]}={require_header[1]}")
        if require_path_secret is not None and not _UNRESERVED.fullmatch(require_path_secret):
            # Unreserved characters only (RFC 3986 §2.3): the same whether a server hands
            # over the path percent-decoded (WSGI, ASGI) or as sent (faxstatus listen).
            raise ValueError(
                "a path secret is one non-empty path segment of letters, digits, - . _ ~"
            )
        self._path = None if require_path_secret is None else SecretStr(require_path_secret)
        secrets = tuple(s for s in (self._path, self._header and self._header[1]) if s)
        # Held for every log record of faxstatus.push and the HTTP libraries, and masked in
        # each access-log line, although no line is built from a secret.
        LOG_REDACTOR.hold(self, secrets)
        self._mask = masker(secrets)

    def __repr__(self) -> str:
        header = None if self._header is None else f"{self._header[0]}={MASK}"
        return (
            f"Receiver({self.store!r}, require_header={header!r}, path_secret={bool(self._path)})"
        )

    # -- steps ------------------------------------------------------------------------

    def authorize(
        self, method: str, target: str, headers: Mapping[str, str] | Iterable[tuple[str, str]]
    ) -> Reply | None:
        """None when the request carries the secret; else the 401 to send (and logged).

        Called before the body is read, so that an unauthenticated client cannot make the
        receiver read (or store) anything.
        """
        if self._header is not None:
            name, value = self._header
            given = _header_value(headers, name)
            if not _same(given, value):
                why = "missing" if given is None else "wrong"
                shown = self._shown_target(target)
                return self._refuse(method, shown, f"shared-secret header {name} {why}")
        if self._path is not None:
            first = target.partition("?")[0].lstrip("/").partition("/")[0]
            if not _same(first, self._path):
                return self._refuse(method, None, "path secret missing or wrong")
        return None

    def _refuse(self, method: str, target: str | None, why: str) -> Reply:
        self.log_request(method, target, 401, why)
        return _reply(401, "unauthorized\n", ("WWW-Authenticate", "SharedSecret"))

    def handle(
        self,
        method: str,
        target: str,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        authorized: bool = False,
    ) -> Reply:
        """Answer one whole request (see the module docs for the order of the steps).

        *body* is as sent: a Content-Encoding (gzip, deflate) is inflated here, bounded by
        the cap. *authorized* says :meth:`authorize` was already passed for this request.
        """
        headers = list(headers.items()) if isinstance(headers, Mapping) else list(headers)
        if not authorized:
            refused = self.authorize(method, target, headers)
            if refused is not None:
                return refused
        shown = self._shown_target(target)
        if method.upper() not in ("GET", "POST"):
            self.log_request(method, shown, 405, "no notification comes by this method")
            return _reply(405, "a notification comes by GET or POST\n", ("Allow", "GET, POST"))
        try:
            coding = _header_value(headers, "content-encoding")
            if coding:
                # The body as sent: inflated here, under the same cap (RFC 9110 §8.4).
                reader = BodyReader(coding, self.max_bytes, "request body")
                reader.feed(body)
                body = reader.result()
            notification = parse_notification(
                method, target, headers, body, max_bytes=self.max_bytes
            )
        except LimitError as exc:
            self.log_request(method, shown, 413, str(exc))
            return _reply(413, f"{exc}\n")
        except DecodeError as exc:
            self.log_request(method, shown, 400, str(exc))
            return _reply(400, f"not a push notification: {exc}\n")
        try:
            recorded = self.store.record(notification)
        except StoreError as exc:
            self.log_request(method, shown, 503, f"not stored: {exc}")
            return _reply(503, "the notification could not be stored; send it again\n")
        notification = attrs.evolve(notification, received_seq=recorded.seq)
        what = f"{notification.job_id} seq={recorded.seq}" + (
            "" if recorded.changed else " (no change)"
        )
        self.log_request(method, shown, 200, what)
        if self.on_notification is not None:
            try:
                self.on_notification(notification, recorded)
            except Exception:  # stored and acknowledged whatever the callback does
                log.warning("on_notification failed for seq %s", recorded.seq, exc_info=True)
        if notification.flavour == "soap":
            return Reply(
                200,
                (
                    ("Content-Type", f"{SOAP11_MEDIA}; charset=utf-8"),
                    ("Content-Length", str(len(_SOAP_OK))),
                ),
                _SOAP_OK,
            )
        return _reply(200, "OK\n")

    def _shown_target(self, target: str) -> str:
        """The path as logged: no query string (a GET push's data), the path secret masked."""
        path = target.partition("?")[0]
        if self._path is not None:
            rest = path.lstrip("/").partition("/")[2]
            path = f"/{MASK}/{rest}" if rest else f"/{MASK}"
        return path + ("?…" if "?" in target else "")

    def log_request(self, method: str, target: str | None, status: int, what: str) -> None:
        """One access-log line: method, path as shown, status, what happened; never a secret."""
        # Shown, not obeyed: a part name or a value quoted in an error is the sender's text.
        line = visible_line(self._mask.text(f"{method[:16]} {target or '-'} {status} {what}"))
        if self.access_log is None:
            log.info("%s", line)
            return
        with contextlib.suppress(OSError, ValueError):  # a closed or broken log stream
            print(line, file=self.access_log, flush=True)

    def close(self) -> None:
        """Stop masking this receiver's secrets in library logs."""
        LOG_REDACTOR.drop(self)


def _header_value(headers: Mapping[str, str] | Iterable[tuple[str, str]], name: str) -> str | None:
    items = headers.items() if isinstance(headers, Mapping) else headers
    wanted = name.lower()
    found = [v for k, v in items if k.lower() == wanted]
    return None if not found else ", ".join(found)
