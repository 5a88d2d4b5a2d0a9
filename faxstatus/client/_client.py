"""FaxStatusClient and AsyncFaxStatusClient: typed status queries over the codec and httpx.

The logic lives in ``_ClientCore`` and does no I/O (building requests, reading responses,
retry and redirect decisions, batch accounting); the two clients only send, sleep and loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import attrs
import httpx

from .._boundary import Deadline
from .._contract import (
    ACTIVITY_ID_HEADER,
    DEFAULT_ENDPOINT,
    EXECUTION_TIME_HEADER,
    INVALID_JOB_ID,
    REQUEST_ID_HEADER,
)
from .._errors import (
    CodecError,
    DeadlineError,
    DecodeError,
    FaxStatusError,
    HTTPStatusError,
    JobLookupError,
    JobNotFoundError,
    NotSentError,
    OAuthError,
    ServiceError,
    SoapFault,
    ThrottledError,
    TransportError,
)
from .._http import challenge_params
from .._redact import (
    LOG_REDACTOR,
    MASK,
    Masker,
    SecretBytes,
    SecretHeaders,
    SecretStr,
    mark_echoes,
    masker,
    redact_headers,
    redact_library_logs,
    redact_text,
)
from ..codec import _api as _codec
from ..codec._api import ContentType, DecodeOptions, Message
from ..codec._faults import Fault
from ..codec._operations import (
    OPERATIONS,
    SINGLE_STATUS_OPERATIONS,
    STATUS_OPERATIONS,
    IdCarrier,
    Operation,
    operation,
)
from ._policy import (
    DEFAULT_GIVE_UP_AFTER,
    DEFAULT_MAX_PER_MINUTE,
    RetryPolicy,
    Timeouts,
    call_deadline,
    parse_retry_after,
)
from ._results import (
    FaxJobStatus,
    JobOutcome,
    ResponseMeta,
    StatusReport,
    check_job_id,
    job_status,
    match_items,
)
from ._trace import Recorder
from ._transport import USER_AGENT, AsyncHttpxTransport, HttpxTransport, RawResponse
from ._watch import AsyncWatch, Watch, WatchState

__all__ = [
    "DEFAULT_ENDPOINT",
    "AsyncFaxStatusClient",
    "FaxStatusClient",
    "PreparedRequest",
    "Progress",
    "SimpleStatus",
]

log = logging.getLogger("faxstatus")
_MAX_REDIRECTS = 5
_STATUS_OPS = STATUS_OPERATIONS
# XML 1.0 §2.2 Char, less the surrogates (invalid UTF-8 on the command line arrives as
# surrogate escapes): what a strPIN can be sent as, in every content type.
_UNSENDABLE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _check_single(operation: str, job_ids: list[str]) -> None:
    """ValueError before anything is sent when *operation* is no single-id status query.

    A status query must never send a cancel or a new fax (CancelFax also takes one id).
    """
    if job_ids and operation not in SINGLE_STATUS_OPERATIONS:
        allowed = ", ".join(SINGLE_STATUS_OPERATIONS)
        raise ValueError(f"{operation!r} is no single-id status operation (one of: {allowed})")


@attrs.frozen(repr=False)
class PreparedRequest:
    """An encoded request, ready to send (the "encode only" path). Its repr hides secrets."""

    operation: str
    url: str
    headers: Mapping[str, str]
    body: bytes
    content_type: ContentType
    request_id: str
    job_ids: tuple[str, ...]
    secrets: tuple[str, ...] = attrs.field(default=(), eq=False)

    def __repr__(self) -> str:
        headers = redact_headers(dict(self.headers), self.secrets)
        return (
            f"PreparedRequest({self.operation}, {self.url!r}, {len(self.job_ids)} ids, "
            f"{self.content_type.value}, headers={headers})"
        )

    def redacted_body(self) -> str:
        """The body as text with strPIN and token masked, for display."""
        return redact_text(self.body.decode("utf-8", "replace"), self.secrets)


@attrs.frozen
class SimpleStatus:
    """SimpleGetFaxStatus's answer: one long (1/2/3, or a negative error such as -5019)."""

    job_id: str
    code: int
    meta: ResponseMeta

    @property
    def status(self) -> FaxJobStatus | int:
        """The code as a FaxJobStatus when documented, else the int."""
        return job_status(self.code)

    @property
    def error(self) -> JobLookupError | None:
        """A negative code as a typed error (-5019: :class:`JobNotFoundError`), else None."""
        if self.code >= 0:
            return None
        cls = JobNotFoundError if self.code == INVALID_JOB_ID else JobLookupError
        text = "Invalid Job ID" if self.code == INVALID_JOB_ID else "negative status code"
        return cls(self.job_id, self.code, text)

    @property
    def ok(self) -> bool:
        """True when the code is a status, not an error (the same meaning as JobOutcome.ok)."""
        return self.code >= 0


TokenSource = str | Callable[[], str]


@attrs.frozen
class _Send:
    url: str
    connect: float
    read: float
    deadline: Deadline  #: by which the exchange must end


@attrs.frozen
class _Sleep:
    seconds: float


@attrs.frozen
class _Decode:
    """Decode *body* before *deadline*; answer with the result or the CodecError raised."""

    body: bytes = attrs.field(repr=False)  # it may echo a credential
    content_type: str | None
    operation: str
    options: DecodeOptions
    deadline: Deadline

    def run(self) -> Message | Fault | CodecError:
        """Decode here and now; a CodecError is returned, not raised."""
        try:
            return _codec.decode(
                self.body, self.content_type, operation_name=self.operation, options=self.options
            )
        except CodecError as exc:
            return exc


_Step = _Send | _Sleep | _Decode
_E = TypeVar("_E", bound=BaseException)
_Decoded = Message | Fault | CodecError | TransportError
#: Bodies up to this size are decoded inline (milliseconds at most: decoding is linear);
#: larger ones in a worker thread, so that the call can end at its deadline.
_INLINE_DECODE = 64 * 1024
_DECODERS: concurrent.futures.ThreadPoolExecutor | None = None
_DECODERS_LOCK = threading.Lock()


def _decoders() -> concurrent.futures.ThreadPoolExecutor:
    global _DECODERS  # noqa: PLW0603 - one shared pool, made on first use
    with _DECODERS_LOCK:
        if _DECODERS is None:
            _DECODERS = concurrent.futures.ThreadPoolExecutor(
                max_workers=2, thread_name_prefix="faxstatus-decode"
            )
        return _DECODERS


def _late(step: _Decode) -> TransportError:
    return TransportError(
        f"the call's deadline passed while decoding the {step.operation} response"
    )


def decode_within(step: _Decode) -> _Decoded:
    """Perform a :class:`_Decode` step, giving up (not waiting) when its deadline passes."""
    left = step.deadline.left()
    if left is not None and left <= 0:
        return _late(step)
    if len(step.body) <= _INLINE_DECODE:
        return step.run()
    try:
        return _decoders().submit(step.run).result(timeout=left)
    except concurrent.futures.TimeoutError:
        return _late(step)


async def decode_within_async(step: _Decode) -> _Decoded:
    """Async :func:`decode_within`: the event loop is not blocked by a large body."""
    left = step.deadline.left()
    if left is not None and left <= 0:
        return _late(step)
    if len(step.body) <= _INLINE_DECODE:
        return step.run()
    future = asyncio.get_running_loop().run_in_executor(_decoders(), step.run)
    try:
        return await asyncio.wait_for(future, left)
    except TimeoutError:
        return _late(step)


def _result(prep: PreparedRequest, payload: Any) -> Any:
    """The ``return`` element of a single-result response (SimpleGetFaxStatus, CheckService)."""
    attr = OPERATIONS[prep.operation].result_attr
    if attr is None:
        raise DecodeError(f"{prep.operation} has no return element")
    return getattr(payload, attr)


def _request_payload(op: Operation[Any, Any], user: str, pin: str, job_ids: Sequence[str]) -> Any:
    """The request wrapper of *op*, built from the operation table's description of it."""
    values: dict[str, Any] = {}
    if op.user_attr is not None:
        values[op.user_attr] = user
    if op.pin_attr is not None:
        values[op.pin_attr] = pin
    if op.ids is IdCarrier.SINGLE and op.ids_attr is not None:
        values[op.ids_attr] = job_ids[0]
    elif op.ids is IdCarrier.LIST and op.ids_attr is not None:
        assert op.ids_list_class is not None and op.ids_item_class is not None
        item, attr = op.ids_item_class, op.ids_item_attr or ""
        items = [item(**{attr: j}) for j in job_ids]
        values[op.ids_attr] = op.ids_list_class(**{op.ids_items_attr or "": items})
    return op.request(**values)


class _Retry(Exception):
    """Internal: this attempt failed in a way worth retrying."""

    def __init__(self, error: FaxStatusError, retry_after: str | None = None) -> None:
        self.error = error
        self.retry_after = retry_after


class _ClientCore:
    """Everything the clients decide without I/O."""

    def __init__(
        self,
        user_id: str,
        *,
        token: TokenSource | None,
        pin: str | None,
        auth: httpx.Auth | None,
        endpoint: str,
        content_type: ContentType | str,
        batch_size: int,
        retry: RetryPolicy | None,
        timeouts: Timeouts | None,
        recorder: Recorder | None,
        decode_options: DecodeOptions | None,
    ) -> None:
        if not user_id:
            raise ValueError("user_id is required (the UserID element is 1..1)")
        if token is None and pin is None and auth is None:
            raise ValueError("give token= or auth= (OAuth 2.0) or pin= (legacy UserID + strPIN)")
        if token is not None and auth is not None:
            raise ValueError("give token= or auth=, not both: they are two bearer sources")
        if pin and (token is not None or auth is not None):
            # Both would be sent (a bearer token and a strPIN): one credential, as the CLI asks.
            # An empty pin= is not a credential: it is what goes out with a bearer token.
            other = "token=" if token is not None else "auth="
            raise ValueError(f"give one credential, not pin= and {other}")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        parts = urlsplit(endpoint)
        if "@" in parts.netloc:
            # A token in user:password@ would show in reprs, messages and httpx's own log;
            # it is refused, and never quoted.
            raise ValueError(
                "credentials in the endpoint URL (user:password@) are refused; "
                "give token=, auth= or pin="
            )
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"endpoint must be an http(s) URL, got {endpoint!r}")
        if pin is not None and _UNSENDABLE.search(pin):
            # Neither the character nor its position is quoted: either would reveal the PIN.
            raise ValueError("the PIN holds a character that XML 1.0 and UTF-8 cannot carry")
        self.user_id = user_id
        self._token = token
        if isinstance(token, str):
            self._bearer()  # a fixed token is checked now; a callable's, before each request
        # Held as SecretStr: a traceback printed with locals, or a repr, shows '***'.
        self._pin = None if pin is None else SecretStr(pin)
        redact_library_logs()
        self.auth = auth
        self.endpoint = endpoint
        self.content_type = ContentType.from_name(content_type)
        self.batch_size = batch_size
        self.retry = retry or RetryPolicy()
        self.timeouts = timeouts or Timeouts()
        self.recorder = recorder
        #: HTTP requests sent so far, every attempt counted (a watch paces itself by it).
        self.requests_sent = 0
        self.decode_options = decode_options or DecodeOptions()
        observe = getattr(auth, "observe", None)
        if recorder is not None and callable(observe):
            observe(self._record_token_exchange)  # the token requests go into the trace too

    def _record_token_exchange(
        self, request: httpx.Request, response: httpx.Response, body: bytes, elapsed_ms: float
    ) -> None:
        """Record one OAuth 2.0 token request and its answer, every secret masked."""
        if self.recorder is None:
            return
        held: tuple[str, ...] = getattr(self.auth, "secrets", ())
        self.recorder.record(
            method=request.method,
            url=str(request.url),
            request_headers=dict(request.headers),
            request_body=request.content,
            secrets=held,
            status=response.status_code,
            response_headers=dict(response.headers),
            response_body=body,
            elapsed_ms=elapsed_ms,
        )

    def __repr__(self) -> str:
        auth = "oauth2" if self.auth is not None else "bearer" if self._token else "pin"
        return f"<{self.user_id!r} at {self.endpoint} auth={auth}:{MASK}>"

    # -- requests ------------------------------------------------------------------------

    def _bearer(self) -> str | None:
        if self._token is None:
            return None
        value = self._token() if callable(self._token) else self._token
        if not isinstance(value, str) or not value:
            raise ValueError("the bearer token source returned no token")
        # RFC 6750 §2.1 b64token: printable ASCII, no spaces. Checked here, because httpx
        # would fail later with an encoding error; the message never quotes the token.
        if not value.isascii() or not value.isprintable() or " " in value:
            raise ValueError("the bearer token must be printable ASCII without spaces")
        return SecretStr(value)

    def prepare(
        self,
        op: Operation[Any, Any],
        job_ids: Sequence[str],
        content_type: ContentType | str | None,
        request_id: str | None,
        *,
        ids_checked: bool = False,
    ) -> PreparedRequest:
        """Encode one request for *op* with the client's credentials.

        Job ids are checked unless *ids_checked* says :meth:`plan_batches` already did.
        """
        if op.ids is not IdCarrier.NONE:
            if isinstance(job_ids, str) or not job_ids:
                raise ValueError(f"{op.name} needs a sequence of job ids")
            if op.ids is IdCarrier.SINGLE and len(job_ids) != 1:
                raise ValueError(f"{op.name} takes exactly one job id")
            if op.ids not in (IdCarrier.SINGLE, IdCarrier.LIST):
                raise ValueError(f"{op.name} carries no job ids the client knows how to send")
            if not ids_checked:
                for j in job_ids:
                    check_job_id(j)
        ct = ContentType.from_name(content_type) if content_type is not None else self.content_type
        token = self._bearer()
        # With OAuth the (deprecated) strPIN is sent empty: CONTRACT.md §2.1. The encoders'
        # fast paths write exact strs only, so the PIN goes in as a plain str; it lives only
        # in the payload being encoded, and an error leaves with no frame below this one.
        try:
            encoded = _codec.encode(
                _request_payload(op, self.user_id, str(self._pin or ""), job_ids), ct
            )
        except CodecError as exc:
            raise detach(exc) from None
        rid = request_id or str(uuid.uuid4())
        headers = SecretHeaders(encoded.headers)
        headers[REQUEST_ID_HEADER] = rid
        headers["Accept"] = encoded.headers["Content-Type"].split(";")[0]
        headers["User-Agent"] = USER_AGENT
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        held: tuple[str, ...] = getattr(self.auth, "secrets", ())
        secrets = tuple(SecretStr(s) for s in (token, self._pin, *held) if s)
        # httpx and httpcore log what a server sends back: these are masked there too.
        LOG_REDACTOR.hold(self, secrets)
        body = SecretBytes(encoded.body)
        return PreparedRequest(
            op.name, self.endpoint, headers, body, ct, rid, tuple(job_ids), secrets
        )

    # -- responses -----------------------------------------------------------------------

    def record(
        self,
        prep: PreparedRequest,
        url: str,
        attempt: int,
        resp: RawResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        """Log (metadata only) and, with a recorder, capture one exchange."""
        if resp is not None:
            log.debug(
                f"%s %d ids -> HTTP %d in %.1f ms (attempt %d, {REQUEST_ID_HEADER} %s)",
                prep.operation,
                len(prep.job_ids),
                resp.status,
                resp.elapsed_ms,
                attempt,
                prep.request_id,
            )
        else:
            log.debug(
                f"%s %d ids -> %s (attempt %d, {REQUEST_ID_HEADER} %s)",
                prep.operation,
                len(prep.job_ids),
                type(error).__name__,
                attempt,
                prep.request_id,
            )
        if self.recorder is not None:
            sent = dict(prep.headers)
            added = None if resp is None else resp.authorization
            if added and not any(k.lower() == "authorization" for k in sent):
                sent["Authorization"] = added  # from auth= (OAuth 2.0); the recorder masks it
            self.recorder.record(
                method="POST",
                url=url,
                request_headers=sent,
                request_body=prep.body,
                secrets=prep.secrets,
                status=None if resp is None else resp.status,
                response_headers=None if resp is None else dict(resp.headers),
                response_body=b"" if resp is None else resp.body,
                elapsed_ms=None if resp is None else resp.elapsed_ms,
                error=None if error is None else str(error),  # the recorder masks
                attempt=attempt,
            )

    def redirect(self, url: str, resp: RawResponse, secrets: tuple[str, ...] = ()) -> str | None:
        """The URL to re-send to for a same-origin 307/308, else None; refuse other hosts.

        A Location with user:password@ is refused too, and never quoted with it.
        """
        if resp.status not in (301, 302, 303, 307, 308):
            return None
        location = resp.headers.get("location")
        if not location:
            raise HTTPStatusError(resp.status, excerpt="redirect without Location", url=url)
        try:
            target = urljoin(url, location)
            a, b = urlsplit(url), urlsplit(target)
        except ValueError:  # e.g. "http://[" (an unclosed IPv6 literal)
            raise HTTPStatusError(
                resp.status, excerpt="redirect with an unreadable Location", url=url
            ) from None
        shown = redact_text(f"{b.scheme}://{b.netloc.rpartition('@')[2]}{b.path}", secrets)
        if (a.scheme, a.netloc) != (b.scheme, b.netloc) or "@" in b.netloc:
            # Never carry the Authorization header (or strPIN in the body) to another origin.
            raise HTTPStatusError(
                resp.status,
                excerpt=f"refused redirect to another host or with credentials: {shown}",
                url=url,
            )
        if resp.status not in (307, 308):
            # 301/302/303 would turn the POST into a GET: not a FaxWS call any more.
            raise HTTPStatusError(
                resp.status, excerpt=f"redirect to {shown} would drop the POST", url=url
            )
        return target

    def check_retry(self, prep: PreparedRequest, url: str, resp: RawResponse) -> None:
        """Raise _Retry for a status worth another attempt (nothing is decoded then)."""
        if self.retry.should_retry_status(resp.status):
            raise _Retry(
                status_error(resp, _excerpt(resp.body, prep.secrets), url),
                resp.headers.get("retry-after"),
            )

    def interpret(
        self,
        prep: PreparedRequest,
        url: str,
        resp: RawResponse,
        attempt: int,
        decoded: Message | Fault | CodecError,
    ) -> tuple[Any, ResponseMeta]:
        """Turn *resp*, decoded as *decoded*, into the payload or the typed error it amounts to."""
        secrets = prep.secrets
        mask = masker(secrets)
        activity = resp.headers.get(ACTIVITY_ID_HEADER)
        meta = ResponseMeta(
            request_id=prep.request_id,
            activity_id=None if activity is None else mark_echoes(activity, mask),
            execution_time_ms=_float(resp.headers.get(EXECUTION_TIME_HEADER)),
            http_status=resp.status,
            content_type=prep.content_type,
            attempts=attempt,
        )
        if isinstance(decoded, CodecError):
            if resp.status != 200:
                # Not a FaxWS message at all: the HTTP status is the news (zeep #563's lesson).
                raise _status_error(resp, url, prep.secrets) from None
            raise _redacted_error(decoded, secrets)
        # The data stays as the server sent it; a string that echoes a credential (a fault
        # reason, a WSError text, any item's string) gets a masked repr, and the errors
        # built from it masked messages, so no report's repr or error shows the secret.
        # Nothing to look at when no decoded string can hold one (the common case).
        result = mark_echoes(decoded, mask) if mask.could_hold(resp.body) else decoded
        if isinstance(result, Fault):
            raise shown_error(SoapFault(result, http_status=resp.status), mask)
        assert isinstance(result, Message)
        if resp.status != 200:
            raise _status_error(resp, url, prep.secrets)
        if result.content_type is not prep.content_type:
            meta = attrs.evolve(meta, content_type=result.content_type)
        return result.payload, meta

    def exchange(self, prep: PreparedRequest) -> Generator[_Step, Any, tuple[Any, ResponseMeta]]:
        """The whole retry/redirect loop for one request, as a generator of I/O steps.

        It yields :class:`_Send` (answer it with a RawResponse or the TransportError raised),
        :class:`_Decode` (answer with :func:`decode_within`) and :class:`_Sleep` (answer None),
        and returns the decoded payload and its metadata or raises the final typed error.
        The sync and async clients only perform the steps.
        """
        deadline = call_deadline(self.timeouts.total)
        url, attempt, redirects = prep.url, 0, 0
        while True:
            attempt += 1
            try:
                if deadline.expired:
                    raise DeadlineError(f"deadline of {self.timeouts.total} s passed")
                self.requests_sent += 1
                reply = yield _Send(
                    url,
                    deadline.bound(self.timeouts.connect),
                    deadline.bound(self.timeouts.read),
                    deadline,
                )
                if isinstance(reply, TransportError):
                    self.record(prep, url, attempt, error=reply)
                    raise _Retry(reply)
                if isinstance(reply, DecodeError):  # the body passed the size cap: final
                    self.record(prep, url, attempt, error=reply)
                    raise reply
                self.record(prep, url, attempt, reply)
                target = self.redirect(url, reply, prep.secrets)
                if target is not None:
                    redirects += 1
                    if redirects > _MAX_REDIRECTS:
                        raise HTTPStatusError(reply.status, excerpt="too many redirects", url=url)
                    url, attempt = target, attempt - 1
                    continue
                self.check_retry(prep, url, reply)
                decoded = yield _Decode(
                    reply.body,
                    reply.headers.get("content-type"),
                    prep.operation,
                    self.decode_options,
                    deadline,
                )
                if isinstance(decoded, TransportError):
                    raise decoded
                return self.interpret(prep, url, reply, attempt, decoded)
            except _Retry as r:
                delay = self.retry.delay(attempt, r.retry_after)
                if delay is None or delay >= (deadline.left() or 0.0):
                    raise r.error from None
                yield _Sleep(delay)

    # -- batches -------------------------------------------------------------------------

    def plan_batches(self, job_ids: Iterable[str]) -> tuple[list[str], list[str], list[list[str]]]:
        """Validate ids; return (distinct ids in order, duplicates, batches)."""
        if isinstance(job_ids, str):
            raise TypeError("job_ids must be a sequence of ids, not one string")
        distinct: list[str] = []
        seen: set[str] = set()
        dups: list[str] = []
        for j in job_ids:
            check_job_id(j)
            if j in seen:
                dups.append(j)
                continue
            seen.add(j)
            distinct.append(j)
        if not distinct:
            raise ValueError("no job ids given")
        n = self.batch_size
        return distinct, dups, [distinct[i : i + n] for i in range(0, len(distinct), n)]

    @staticmethod
    def batch_outcomes(
        batch: list[str],
        result: tuple[Any, ResponseMeta] | FaxStatusError,
        op: Operation[Any, Any],
        secrets: tuple[str, ...] = (),
    ) -> tuple[list[JobOutcome], list[Any], ResponseMeta | None]:
        """Turn one batch's result (or error) into one outcome per id.

        The errors built here from what the server sent (a WSError, an item's error) have
        every one of *secrets* masked in their messages; their data is left as sent.
        """
        if isinstance(result, FaxStatusError):
            kept = detach(result)
            return [JobOutcome(j, error=kept) for j in batch], [], None
        payload, meta = result
        mask = masker(secrets)
        err = _codec.service_error(payload)
        if err is not None:
            err = shown_error(err, mask)
            return [JobOutcome(j, error=err) for j in batch], [], meta
        items = getattr(getattr(payload, op.list_attr or ""), op.list_items_attr or "")
        outcomes, unexpected = match_items(batch, items)
        for o in outcomes:
            if isinstance(o.error, JobLookupError):
                shown_error(o.error, mask)
        return outcomes, unexpected, meta


def status_error(resp: RawResponse, excerpt: str, url: str) -> HTTPStatusError:
    """The error of an HTTP status with no FaxWS message: a ThrottledError for a throttle.

    429 always asks for a slower pace (RFC 6585 §4); a 503 does when it says how long to
    wait (RFC 9110 §15.6.4, §10.2.3), else it is a server that is down, an HTTPStatusError.
    """
    told = resp.headers.get("retry-after")
    wait = parse_retry_after(told)
    if resp.status == 429 or (resp.status == 503 and wait is not None):
        return ThrottledError(resp.status, retry_after=wait, excerpt=excerpt, url=url)
    return HTTPStatusError(resp.status, excerpt=excerpt, url=url)


def shown_error(exc: _E, mask: Masker) -> _E:
    """*exc* with its message masked for people (its attributes keep the data as sent)."""
    text = str(exc)
    shown = mask.text(text, cut=True)
    if shown != text:
        exc.args = (shown,)
    return exc


def _redacted_error(exc: CodecError, secrets: tuple[str, ...]) -> CodecError:
    """*exc* again, its message redacted when it quoted a secret (the codec knows none)."""
    text = str(exc)
    if not secrets or redact_text(text, secrets, cut=True) == text:
        return exc
    if isinstance(exc, DecodeError):
        reason = redact_text(exc.reason, secrets, cut=True)
        return type(exc)(reason, path=exc.path, line=exc.line, column=exc.column)
    return DecodeError(redact_text(text, secrets, cut=True))


def detach(error: FaxStatusError) -> FaxStatusError:
    """*error* cut loose from its traceback and the exceptions it chained.

    An error kept in a report outlives the call: its frames hold the request (headers with
    the bearer token, a body with strPIN) and a chained httpx error holds the httpx request;
    a traceback printed with locals (pytest --showlocals, rich) would show them.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        nxt = current.__cause__ or current.__context__
        current.__traceback__ = None
        current.__cause__ = None
        current.__context__ = None
        current.__suppress_context__ = True
        current = nxt
    return error


def _excerpt(body: bytes, secrets: tuple[str, ...]) -> str:
    return redact_text(body[:200].decode("utf-8", "replace"), secrets, cut=True).strip()


def _status_error(resp: RawResponse, url: str, secrets: tuple[str, ...]) -> HTTPStatusError:
    """The HTTPStatusError for *resp*, with the reason its WWW-Authenticate gives, if any.

    A 401 or 403 names why the credential was refused in its challenge (RFC 6750 §3:
    ``error_description``, else ``error``), e.g. "The access token expired (invalid_token)".
    """
    reason = ""
    if resp.status in (401, 403):
        params = challenge_params(resp.headers.get("www-authenticate"))
        code, text = params.get("error", ""), params.get("error_description", "")
        reason = f"{text} ({code})" if text and code else text or code
        reason = redact_text(reason[:200], secrets, cut=True).strip()
    return HTTPStatusError(
        resp.status, excerpt=_excerpt(resp.body, secrets), url=url, reason=reason
    )


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _report(
    op: str,
    distinct: list[str],
    dups: list[str],
    results: list[tuple[list[JobOutcome], list[Any], ResponseMeta | None]],
) -> StatusReport:
    outcomes = {o.requested_id: o for res in results for o in res[0]}
    return StatusReport(
        operation=op,
        outcomes=tuple(outcomes[j] for j in distinct),
        unexpected=tuple(u for res in results for u in res[1]),
        duplicates=tuple(dups),
        responses=tuple(res[2] for res in results if res[2] is not None),
    )


def _run_stopper(outcomes: list[JobOutcome]) -> FaxStatusError | None:
    """A batch's credential failure, which sending the other batches would only repeat.

    ``return`` false (a ServiceError), HTTP 401/403 and a refused OAuth grant count: repeating
    a bad credential once per batch risks locking the account.
    """
    error = outcomes[0].error if outcomes else None
    if isinstance(error, HTTPStatusError):
        return error if error.status in (401, 403) else None
    return error if isinstance(error, ServiceError | OAuthError) else None


def _multi(op: str | Operation[Any, Any]) -> Operation[Any, Any]:
    o = operation(op)
    if not o.has_status_list:
        raise ValueError(f"{o.name} is not a multi-job status operation ({', '.join(_STATUS_OPS)})")
    return o


#: Called after each batch with (batches finished, batches in all).
Progress = Callable[[int, int], None]


class _ClientBase:
    """What the sync and async clients share: the one constructor, repr, recorder, prepare."""

    _core: _ClientCore

    def __init__(
        self,
        user_id: str,
        *,
        token: TokenSource | None,
        pin: str | None,
        auth: httpx.Auth | None,
        endpoint: str,
        content_type: ContentType | str,
        batch_size: int,
        retry: RetryPolicy | None,
        timeouts: Timeouts | None,
        recorder: Recorder | None,
        decode_options: DecodeOptions | None,
    ) -> None:
        self._core = _ClientCore(
            user_id,
            token=token,
            pin=pin,
            auth=auth,
            endpoint=endpoint,
            content_type=content_type,
            batch_size=batch_size,
            retry=retry,
            timeouts=timeouts,
            recorder=recorder,
            decode_options=decode_options,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._core!r}"

    @property
    def recorder(self) -> Recorder | None:
        """The wire recorder, if any."""
        return self._core.recorder

    @property
    def endpoint(self) -> str:
        """The service URL requests go to."""
        return self._core.endpoint

    def prepare(
        self,
        op: str | Operation[Any, Any],
        job_ids: Sequence[str] = (),
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
    ) -> PreparedRequest:
        """Encode a request without sending it (job ids are checked).

        With ``auth=`` the Authorization header is added when the request is sent, so it is
        not in the prepared headers.
        """
        return self._core.prepare(operation(op), list(job_ids), content_type, request_id)


class FaxStatusClient(_ClientBase):
    """Synchronous FaxWS status client over ``httpx.Client``.

    Give exactly one way to authenticate: ``token`` or ``auth`` (OAuth 2.0; strPIN is then
    sent empty) or ``pin`` (legacy UserID + strPIN).

    Args:
        user_id: the FaxWS UserID (always sent).
        token: an OAuth 2.0 bearer token, or a callable returning the current one (called
            before every request, so it can refresh).
        pin: the legacy strPIN.
        auth: an ``httpx.Auth`` that authenticates each request, typically
            :class:`faxstatus.OAuth2` (fetches, caches and refreshes tokens).
        endpoint: the service URL (default: the vendor's v5 endpoint).
        content_type: ``soap12`` (default, the vendor's default), ``soap11``, ``xml`` or
            ``json``.
        batch_size: most ids per request; more are split into several requests.
        retry: when and how often to try again (:class:`RetryPolicy`).
        timeouts: connect/read timeouts and the per-batch deadline (:class:`Timeouts`).
        recorder: a :class:`Recorder` that keeps redacted copies of each exchange.
        http_client: an ``httpx.Client`` to use (this client then does not close it).
        transport: an ``httpx`` transport for the client this one creates (for example the
            in-process ``SimulatorTransport``).
        decode_options: how responses are decoded (:class:`DecodeOptions`).
        sleep: the function that waits between retries and watch rounds (tests pass a fake).
        cacert: a PEM CA bundle that alone is trusted for an https endpoint (``--cacert``);
            the system's trust store otherwise. Not used with ``http_client``.
        trust_env: honour HTTPS_PROXY/HTTP_PROXY/NO_PROXY and SSL_CERT_FILE (default: yes,
            as httpx and curl do). Not used with ``http_client``.
    """

    def __init__(
        self,
        user_id: str,
        *,
        token: TokenSource | None = None,
        pin: str | None = None,
        auth: httpx.Auth | None = None,
        endpoint: str = DEFAULT_ENDPOINT,
        content_type: ContentType | str = ContentType.SOAP12,
        batch_size: int = 100,
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        recorder: Recorder | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        decode_options: DecodeOptions | None = None,
        sleep: Callable[[float], None] = time.sleep,
        cacert: str | None = None,
        trust_env: bool = True,
    ) -> None:
        super().__init__(
            user_id,
            token=token,
            pin=pin,
            auth=auth,
            endpoint=endpoint,
            content_type=content_type,
            batch_size=batch_size,
            retry=retry,
            timeouts=timeouts,
            recorder=recorder,
            decode_options=decode_options,
        )
        self._http = HttpxTransport(
            http_client, transport=transport, auth=auth, cacert=cacert, trust_env=trust_env
        )
        self._sleep = sleep

    def __enter__(self) -> FaxStatusClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client if this client created it."""
        self._http.close()
        LOG_REDACTOR.drop(self._core)

    def _exchange(self, prep: PreparedRequest) -> tuple[Any, ResponseMeta]:
        steps = self._core.exchange(prep)
        reply: RawResponse | TransportError | DecodeError | _Decoded | None = None
        try:
            while True:
                step = steps.send(reply)
                if isinstance(step, _Sleep):
                    self._sleep(step.seconds)
                    reply = None
                    continue
                if isinstance(step, _Decode):
                    reply = decode_within(step)
                    continue
                try:
                    reply = self._http.post(
                        step.url,
                        prep.headers,
                        prep.body,
                        connect=step.connect,
                        read=step.read,
                        max_bytes=self._core.decode_options.max_bytes,
                        deadline=step.deadline.at,
                    )
                except (TransportError, DecodeError) as exc:
                    reply = exc
        except StopIteration as done:
            result: tuple[Any, ResponseMeta] = done.value
            return result

    def query(
        self,
        op: str | Operation[Any, Any],
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """Run a multi-job status operation over *job_ids*, batching as needed.

        Every distinct id gets exactly one outcome, in the order asked; a failed batch gives
        its ids an error outcome instead of raising, so one bad batch loses nothing else.
        After a credential failure (``return`` false, HTTP 401/403, a refused OAuth grant)
        the remaining batches are not sent: their ids get a :class:`NotSentError`.

        Args:
            op: the operation's name (or :class:`Operation`).
            job_ids: ``br…`` ids or ``JRI-<ReferenceId>``; checked before anything is sent.
            content_type: this call's wire format instead of the client's.
            request_id: the ``x-ch-request-id`` (``-1``, ``-2``, … appended per batch).
            progress: called after each batch with (batches finished, batches in all).
        """
        o = _multi(op)
        distinct, dups, batches = self._core.plan_batches(job_ids)
        results = []
        stop: FaxStatusError | None = None
        for i, batch in enumerate(batches):
            res: tuple[Any, ResponseMeta] | FaxStatusError
            secrets: tuple[str, ...] = ()
            if stop is not None:
                res = NotSentError(stop)
            else:
                rid = f"{request_id}-{i + 1}" if request_id and len(batches) > 1 else request_id
                prep = self._core.prepare(o, batch, content_type, rid, ids_checked=True)
                secrets = prep.secrets
                try:
                    res = self._exchange(prep)
                except FaxStatusError as exc:
                    res = exc
            results.append(self._core.batch_outcomes(batch, res, o, secrets))
            stop = stop or _run_stopper(results[-1][0])
            if progress is not None:
                progress(i + 1, len(batches))
        return _report(o.name, distinct, dups, results)

    def _single_result(
        self,
        operation: str,
        job_ids: list[str],
        content_type: ContentType | str | None,
        request_id: str | None,
    ) -> tuple[Any, ResponseMeta]:
        """Ask a single-result operation (one id or none): its ``return`` value and meta."""
        _check_single(operation, job_ids)
        prep = self._core.prepare(OPERATIONS[operation], job_ids, content_type, request_id)
        payload, meta = self._exchange(prep)
        return _result(prep, payload), meta

    # generated by codegen/surface.py (FaxStatusClient operations): do not edit by hand

    def check_service(
        self, *, content_type: ContentType | str | None = None, request_id: str | None = None
    ) -> str:
        """CheckService: the service's liveness string."""
        value, _ = self._single_result("CheckService", [], content_type, request_id)
        return str(value)

    def simple_get_fax_status(
        self,
        job_id: str,
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        operation: str = "SimpleGetFaxStatus",
    ) -> SimpleStatus:
        """SimpleGetFaxStatus: one job's status code (raises on fault or transport error).

        *operation* may name any single-id status operation of the schema (one JobId in, its
        status code out).
        """
        value, meta = self._single_result(operation, [job_id], content_type, request_id)
        return SimpleStatus(job_id, value, meta)

    def get_fax_status(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetFaxStatus: status and description per job (keyword arguments as :meth:`query`)."""
        return self.query(
            "GetFaxStatus",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    def get_real_time_fax_status(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetRealTimeFaxStatus: status and pages sent per job (keywords as :meth:`query`)."""
        return self.query(
            "GetRealTimeFaxStatus",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    def get_real_time_fax_status_ex(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetRealTimeFaxStatusEx: status, pages, delivery time, duration and CSID per job.

        The keyword arguments are :meth:`query`'s.
        """
        return self.query(
            "GetRealTimeFaxStatusEx",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    def get_real_time_fax_status_ex2(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetRealTimeFaxStatusEx2: Ex plus the job's ReferenceId (keywords as :meth:`query`)."""
        return self.query(
            "GetRealTimeFaxStatusEx2",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    def get_real_time_fax_status_ex3(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetRealTimeFaxStatusEx3: Ex2 plus fax number, submit/start times and attempts.

        The keyword arguments are :meth:`query`'s.
        """
        return self.query(
            "GetRealTimeFaxStatusEx3",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    # end of generated code (FaxStatusClient operations)

    def watch(
        self,
        job_ids: Iterable[str],
        *,
        interval: float = 5.0,
        max_interval: float = 60.0,
        timeout: float | None = None,
        operation: str = "GetRealTimeFaxStatusEx",
        content_type: ContentType | str | None = None,
        max_per_minute: int | None = DEFAULT_MAX_PER_MINUTE,
        give_up_after: float | None = DEFAULT_GIVE_UP_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> Watch:
        """Poll *job_ids* until every one is final; iterate the result for each change.

        One request per batch per round, only for the ids not final yet; the wait between
        rounds starts at *interval* and grows by half (up to *max_interval*) while nothing
        changes. It stops when every id is final (succeeded, failed, or a lookup error),
        after a credential or protocol failure, when *timeout* seconds have passed
        (``timed_out``), or when no round got an answer for *give_up_after* seconds
        (``gave_up``; None: never). ``Watch.report`` is the final :class:`StatusReport`.

        It keeps to at most *max_per_minute* requests in any minute (retries included; None:
        no ceiling). Concord publishes no rate limit, so the default
        (:data:`~faxstatus.client._policy.DEFAULT_MAX_PER_MINUTE`) is a conservative guess.
        HTTP 429, or 503 with Retry-After, is a :class:`~faxstatus.ThrottledError` (kind
        ``throttled``): the watch waits as told, halves its ceiling, and goes on.
        *clock* is the monotonic clock the pace and the deadlines follow (tests pass a fake)::

            watch = client.watch(ids, interval=2, timeout=600)
            for outcome in watch:          # each change, as it happens
                print(outcome.requested_id, outcome.kind)
            report = watch.report
        """
        state = WatchState(
            self._core.plan_batches(job_ids),
            operation=_multi(operation).name,
            interval=interval,
            max_interval=max_interval,
            timeout=timeout,
            clock=clock,
            batch_size=self._core.batch_size,
            max_per_minute=max_per_minute,
            give_up_after=give_up_after,
        )
        return Watch(
            state,
            lambda ids: self.query(state.operation, ids, content_type=content_type),
            self._sleep,
            lambda: self._core.requests_sent,
        )


class AsyncFaxStatusClient(_ClientBase):
    """Asynchronous FaxWS status client over ``httpx.AsyncClient``; batches run concurrently.

    Give exactly one way to authenticate: ``token`` or ``auth`` (OAuth 2.0; strPIN is then
    sent empty) or ``pin`` (legacy UserID + strPIN).

    Args:
        user_id: the FaxWS UserID (always sent).
        token: an OAuth 2.0 bearer token, or a callable returning the current one (called
            before every request, so it can refresh).
        pin: the legacy strPIN.
        auth: an ``httpx.Auth`` that authenticates each request, typically
            :class:`faxstatus.OAuth2` (fetches, caches and refreshes tokens).
        endpoint: the service URL (default: the vendor's v5 endpoint).
        content_type: ``soap12`` (default, the vendor's default), ``soap11``, ``xml`` or
            ``json``.
        batch_size: most ids per request; more are split into several requests.
        max_concurrency: most batches in flight at once.
        retry: when and how often to try again (:class:`RetryPolicy`).
        timeouts: connect/read timeouts and the per-batch deadline (:class:`Timeouts`).
        recorder: a :class:`Recorder` that keeps redacted copies of each exchange.
        http_client: an ``httpx.AsyncClient`` to use (this client then does not close it).
        transport: an async ``httpx`` transport for the client this one creates.
        decode_options: how responses are decoded (:class:`DecodeOptions`).
        cacert: a PEM CA bundle that alone is trusted for an https endpoint.
        trust_env: honour HTTPS_PROXY/HTTP_PROXY/NO_PROXY and SSL_CERT_FILE (default: yes).
    """

    def __init__(
        self,
        user_id: str,
        *,
        token: TokenSource | None = None,
        pin: str | None = None,
        auth: httpx.Auth | None = None,
        endpoint: str = DEFAULT_ENDPOINT,
        content_type: ContentType | str = ContentType.SOAP12,
        batch_size: int = 100,
        max_concurrency: int = 4,
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
        recorder: Recorder | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        decode_options: DecodeOptions | None = None,
        cacert: str | None = None,
        trust_env: bool = True,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        super().__init__(
            user_id,
            token=token,
            pin=pin,
            auth=auth,
            endpoint=endpoint,
            content_type=content_type,
            batch_size=batch_size,
            retry=retry,
            timeouts=timeouts,
            recorder=recorder,
            decode_options=decode_options,
        )
        self._http = AsyncHttpxTransport(
            http_client, transport=transport, auth=auth, cacert=cacert, trust_env=trust_env
        )
        self._max_concurrency = max_concurrency

    async def __aenter__(self) -> AsyncFaxStatusClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this client created it."""
        await self._http.aclose()
        LOG_REDACTOR.drop(self._core)

    async def _exchange(self, prep: PreparedRequest) -> tuple[Any, ResponseMeta]:
        steps = self._core.exchange(prep)
        reply: RawResponse | TransportError | DecodeError | _Decoded | None = None
        try:
            while True:
                step = steps.send(reply)
                if isinstance(step, _Sleep):
                    await asyncio.sleep(step.seconds)
                    reply = None
                    continue
                if isinstance(step, _Decode):
                    reply = await decode_within_async(step)
                    continue
                try:
                    reply = await self._http.post(
                        step.url,
                        prep.headers,
                        prep.body,
                        connect=step.connect,
                        read=step.read,
                        max_bytes=self._core.decode_options.max_bytes,
                        deadline=step.deadline.at,
                    )
                except (TransportError, DecodeError) as exc:
                    reply = exc
        except StopIteration as done:
            result: tuple[Any, ResponseMeta] = done.value
            return result

    async def query(
        self,
        op: str | Operation[Any, Any],
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """Async :meth:`FaxStatusClient.query`: batches run with bounded concurrency.

        After a credential failure no further batch starts (those in flight finish).
        """
        o = _multi(op)
        distinct, dups, batches = self._core.plan_batches(job_ids)
        gate = asyncio.Semaphore(self._max_concurrency)
        stop: list[FaxStatusError] = []
        finished = 0

        async def run(
            i: int, batch: list[str]
        ) -> tuple[list[JobOutcome], list[Any], ResponseMeta | None]:
            nonlocal finished
            rid = f"{request_id}-{i + 1}" if request_id and len(batches) > 1 else request_id
            res: tuple[Any, ResponseMeta] | FaxStatusError
            secrets: tuple[str, ...] = ()
            async with gate:
                if stop:
                    res = NotSentError(stop[0])
                else:
                    prep = self._core.prepare(o, batch, content_type, rid, ids_checked=True)
                    secrets = prep.secrets
                    try:
                        res = await self._exchange(prep)
                    except FaxStatusError as exc:
                        res = exc
            outcome = self._core.batch_outcomes(batch, res, o, secrets)
            failure = _run_stopper(outcome[0])
            if failure is not None and not stop:
                stop.append(failure)
            finished += 1
            if progress is not None:
                progress(finished, len(batches))
            return outcome

        results = await asyncio.gather(*(run(i, b) for i, b in enumerate(batches)))
        return _report(o.name, distinct, dups, list(results))

    async def _single_result(
        self,
        operation: str,
        job_ids: list[str],
        content_type: ContentType | str | None,
        request_id: str | None,
    ) -> tuple[Any, ResponseMeta]:
        """Async :meth:`FaxStatusClient._single_result`."""
        _check_single(operation, job_ids)
        prep = self._core.prepare(OPERATIONS[operation], job_ids, content_type, request_id)
        payload, meta = await self._exchange(prep)
        return _result(prep, payload), meta

    # generated by codegen/surface.py (AsyncFaxStatusClient operations): do not edit by hand

    async def check_service(
        self, *, content_type: ContentType | str | None = None, request_id: str | None = None
    ) -> str:
        """CheckService (async)."""
        value, _ = await self._single_result("CheckService", [], content_type, request_id)
        return str(value)

    async def simple_get_fax_status(
        self,
        job_id: str,
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        operation: str = "SimpleGetFaxStatus",
    ) -> SimpleStatus:
        """SimpleGetFaxStatus (async).

        *operation* may name any single-id status operation of the schema (one JobId in, its
        status code out).
        """
        value, meta = await self._single_result(operation, [job_id], content_type, request_id)
        return SimpleStatus(job_id, value, meta)

    async def get_fax_status(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetFaxStatus (async; keyword arguments as :meth:`query`)."""
        return await self.query(
            "GetFaxStatus",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    async def get_real_time_fax_status(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetRealTimeFaxStatus (async; keyword arguments as :meth:`query`)."""
        return await self.query(
            "GetRealTimeFaxStatus",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    async def get_real_time_fax_status_ex(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetRealTimeFaxStatusEx (async; keyword arguments as :meth:`query`)."""
        return await self.query(
            "GetRealTimeFaxStatusEx",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    async def get_real_time_fax_status_ex2(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetRealTimeFaxStatusEx2 (async; keyword arguments as :meth:`query`)."""
        return await self.query(
            "GetRealTimeFaxStatusEx2",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    async def get_real_time_fax_status_ex3(
        self,
        job_ids: Iterable[str],
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
        progress: Progress | None = None,
    ) -> StatusReport:
        """GetRealTimeFaxStatusEx3 (async; keyword arguments as :meth:`query`)."""
        return await self.query(
            "GetRealTimeFaxStatusEx3",
            job_ids,
            content_type=content_type,
            request_id=request_id,
            progress=progress,
        )

    # end of generated code (AsyncFaxStatusClient operations)

    def watch(
        self,
        job_ids: Iterable[str],
        *,
        interval: float = 5.0,
        max_interval: float = 60.0,
        timeout: float | None = None,
        operation: str = "GetRealTimeFaxStatusEx",
        content_type: ContentType | str | None = None,
        max_per_minute: int | None = DEFAULT_MAX_PER_MINUTE,
        give_up_after: float | None = DEFAULT_GIVE_UP_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> AsyncWatch:
        """Async :meth:`FaxStatusClient.watch`: ``async for outcome in client.watch(ids)``."""
        state = WatchState(
            self._core.plan_batches(job_ids),
            operation=_multi(operation).name,
            interval=interval,
            max_interval=max_interval,
            timeout=timeout,
            clock=clock,
            batch_size=self._core.batch_size,
            max_per_minute=max_per_minute,
            give_up_after=give_up_after,
        )

        async def poll(ids: list[str]) -> StatusReport:
            return await self.query(state.operation, ids, content_type=content_type)

        return AsyncWatch(state, poll, lambda: self._core.requests_sent)
