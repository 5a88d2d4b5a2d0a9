"""The one exception hierarchy of faxstatus.

::

    FaxStatusError
    ├── CodecError                   bytes could not become a message, or the reverse
    │   ├── DecodeError              malformed, hostile or non-conforming input (line/col, path)
    │   │   ├── ProtocolError        the body is not a FaxWS message at all (HTML, empty, …)
    │   │   ├── VersionMismatchError an Envelope in neither SOAP namespace
    │   │   ├── LimitError           over a cap (bytes, count) or a number out of range
    │   │   └── NotificationError    a push notification that cannot be read (names the field)
    │   └── EncodeError              a value the wire cannot carry (names the field)
    ├── SoapFault                    the peer answered a SOAP Fault (carries .fault)
    ├── ServiceError                 return=false with a WSError (carries .message)
    ├── InvalidJobIdError            a job id rejected before anything was sent
    ├── JobLookupError               the service answered this job id with a per-item error
    │   └── JobNotFoundError         … the "invalid job id" code (-5019): no such job
    ├── MissingFromResponse          the service answered, but not for this job id
    │   └── AmbiguousItemError       … or with items none of which can be told to be its
    ├── OAuthError                   the OAuth 2.0 token endpoint refused or failed
    ├── NotSentError                 this job id's batch was not sent (an earlier one failed auth)
    ├── StoreError                   the notification store cannot be opened or written
    └── TransportError               the HTTP exchange failed (connect, timeout, reset)
        ├── DeadlineError            the whole exchange's or run's time ran out
        └── HTTPStatusError          an HTTP status that carries no FaxWS message
            └── ThrottledError       … 429, or 503 with Retry-After: slow down, then ask again

Errors are raised where they are understood (h11's rule): the codec raises CodecError,
the client raises the rest. Messages never include credentials: nothing in this module
formats a request, and callers pass only element paths, positions and short excerpts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The vendor codes the errors below stand for, re-exported as part of the public surface:
# INVALID_JOB_ID is a JobNotFoundError, AUTHENTICATION_FAILED is reported as kind ``auth``.
from ._contract import AUTHENTICATION_FAILED, INVALID_JOB_ID

if TYPE_CHECKING:
    from ._soap import Fault

__all__ = [
    "AUTHENTICATION_FAILED",
    "INVALID_JOB_ID",
    "AmbiguousItemError",
    "CodecError",
    "DeadlineError",
    "DecodeError",
    "EncodeError",
    "FaxStatusError",
    "HTTPStatusError",
    "InvalidJobIdError",
    "JobLookupError",
    "JobNotFoundError",
    "LimitError",
    "MissingFromResponse",
    "NotSentError",
    "NotificationError",
    "OAuthError",
    "ProtocolError",
    "ServiceError",
    "SoapFault",
    "StoreError",
    "ThrottledError",
    "TransportError",
    "VersionMismatchError",
]


class FaxStatusError(Exception):
    """Base class of every error faxstatus raises on purpose."""


class CodecError(FaxStatusError):
    """Bytes could not be turned into a message, or a message into bytes."""


class DecodeError(CodecError):
    """Input that is malformed, hostile or does not follow the FaxWS schema.

    ``path`` is the element path (``/RealTimeFaxStatusExResponse/FaxStatusList/item[2]/…``
    for XML, ``$.Key[2].Field`` for JSON) and ``line``/``column`` the position, where known.
    """

    def __init__(
        self,
        reason: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        self.column = column
        where = []
        if path:
            where.append(path)
        if line is not None:
            where.append(f"line {line}" + (f", column {column}" if column is not None else ""))
        super().__init__(f"{reason} ({'; '.join(where)})" if where else reason)


class ProtocolError(DecodeError):
    """The body is not a FaxWS message at all: an HTML page, an empty body, another format."""


class VersionMismatchError(DecodeError):
    """An ``Envelope`` in a namespace that is neither SOAP 1.1 nor SOAP 1.2 (SOAP 1.2 §5.4.7)."""


class LimitError(DecodeError):
    """Input over a cap while it was read (wire or decoded bytes), or a number out of range.

    ``field`` names what was capped ("response body", "Content-Length", "expires_in"). A
    DecodeError, because the same input would fail the same way: it is never retried.
    """

    def __init__(self, message: str, *, field: str = "") -> None:
        self.field = field
        super().__init__(message)


class NotificationError(DecodeError):
    """A push notification (CONTRACT.md §8) that cannot be read as one.

    ``field`` names the field, header or part at fault (``FaxJobId``, ``Content-Type``,
    ``SOAPAction``, ``method``); the message never quotes a secret or a body.
    """

    def __init__(self, reason: str, *, field: str, path: str | None = None) -> None:
        self.field = field
        super().__init__(f"{field}: {reason}", path=path)


class EncodeError(CodecError):
    """A message holds a value that its wire format cannot carry; ``path`` names the field."""

    def __init__(self, reason: str, *, path: str) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{reason} ({path})")


class SoapFault(FaxStatusError):
    """The peer answered with a SOAP Fault; ``fault`` keeps every version-specific part."""

    def __init__(self, fault: Fault, *, http_status: int | None = None) -> None:
        self.fault = fault
        self.http_status = http_status
        super().__init__(f"SOAP fault {fault.code_name}: {fault.reason}")


class ServiceError(FaxStatusError):
    """A FaxWS response with ``return`` false: ``code`` and ``text`` come from its WSError.

    ``message`` is the whole decoded response, so nothing the service said is lost.
    """

    def __init__(self, code: int, text: str, *, message: Any = None) -> None:
        self.code = code
        self.text = text
        self.message = message
        super().__init__(f"FaxWS error {code}: {text}")


class InvalidJobIdError(FaxStatusError, ValueError):
    """A job id that cannot be sent (empty, whitespace, control characters, too long)."""


class JobLookupError(FaxStatusError):
    """The service answered for this job id, but with a per-item error instead of a status.

    ``code`` and ``text`` are the item's ``Error`` (or, when that is 0, its negative
    ``FaxJobStatusId`` and ``StatusDescription``); ``item`` is everything the item carried,
    as a :class:`~faxstatus.JobStatus`, so nothing the service said is lost.
    """

    def __init__(self, job_id: str, code: int, text: str, *, item: Any = None) -> None:
        self.job_id = job_id
        self.code = code
        self.text = text
        self.item = item
        super().__init__(f"job {job_id!r}: FaxWS item error {code}: {text}")


class JobNotFoundError(JobLookupError):
    """The service does not know this job id (item error -5019, "Invalid Job ID")."""


class NotSentError(FaxStatusError):
    """The batch holding this job id was never sent; ``reason`` is what stopped the run.

    After an authentication failure the remaining batches are not sent: repeating a bad
    credential per batch risks locking the account.
    """

    def __init__(self, reason: FaxStatusError) -> None:
        self.reason = reason
        super().__init__(f"not sent after an earlier batch failed: {reason}")


class StoreError(FaxStatusError):
    """The notification store cannot be opened, is of another schema version, or a write failed."""


class OAuthError(FaxStatusError):
    """The OAuth 2.0 token endpoint refused the grant or gave an unusable answer.

    ``error`` is its RFC 6749 §5.2 error code (``invalid_client``, …) when it sent one and
    ``status`` the HTTP status; the message never holds a secret.
    """

    def __init__(self, message: str, *, error: str | None = None, status: int | None = None):
        self.error = error
        self.status = status
        super().__init__(message)


class MissingFromResponse(FaxStatusError):
    """The service answered the batch, but with no item (or a nil item) for this job id."""


class AmbiguousItemError(MissingFromResponse):
    """No item can be attributed to this job id without guessing.

    A ``JRI-<ReferenceId>`` lookup is answered under the job's real ``br…`` id, and the
    operations before Ex2 carry no ReferenceId; such an item is paired by position only when
    the response is verifiably in the order asked. Otherwise this error stands for the id,
    and the candidate items are kept in ``StatusReport.unexpected``.
    """


class TransportError(FaxStatusError):
    """The HTTP exchange itself failed: connection refused or reset, timeout, truncated body."""


class DeadlineError(TransportError):
    """The time given to a whole exchange or run ran out (``--timeout``; exit status 124)."""


class HTTPStatusError(TransportError):
    """An HTTP status that does not carry a FaxWS message; ``excerpt`` is the body's start.

    ``reason`` is what the server said about it in a header, e.g. a 401's RFC 6750 §3
    ``error_description`` ("The access token expired"); "" when it said nothing there.
    """

    def __init__(self, status: int, *, excerpt: str = "", url: str = "", reason: str = "") -> None:
        self.status = status
        self.excerpt = excerpt
        self.url = url
        self.reason = reason
        text = f"HTTP {status}" + (f" from {url}" if url else "")
        text += f": {reason}" if reason else ""
        super().__init__(f"{text}: {excerpt!r}" if excerpt else text)


class ThrottledError(HTTPStatusError):
    """The service asked the client to slow down: HTTP 429, or 503 with a Retry-After.

    RFC 6585 §4 (429 Too Many Requests) and RFC 9110 §15.6.4 (503 with Retry-After, §10.2.3):
    the request was refused for its rate or the service's load, not for what it asked, so
    asking again later is right; a watch waits ``retry_after`` seconds (when the server said)
    and goes on instead of failing. Kind ``throttled``.
    """

    def __init__(
        self, status: int, *, retry_after: float | None = None, excerpt: str = "", url: str = ""
    ) -> None:
        super().__init__(status, excerpt=excerpt, url=url)
        #: Seconds the server asked to wait (range-checked by the parser), None when unsaid.
        self.retry_after = retry_after
        wait = "" if retry_after is None else f", Retry-After {retry_after:g} s"
        self.args = (f"{self.args[0]} (throttled{wait})",)
