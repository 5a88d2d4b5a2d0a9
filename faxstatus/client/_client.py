"""FaxStatusClient and AsyncFaxStatusClient: typed status queries over the codec and httpx.

The logic lives in ``_ClientCore`` and does no I/O (building requests, reading responses,
retry and redirect decisions, batch accounting); the two clients only send, sleep and loop.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit

import attrs
import httpx

from .._errors import (
    INVALID_JOB_ID,
    CodecError,
    DecodeError,
    FaxStatusError,
    HTTPStatusError,
    JobLookupError,
    JobNotFoundError,
    SoapFault,
    TransportError,
)
from .._redact import MASK, redact_headers, redact_text
from ..codec import _api as _codec
from ..codec._api import ContentType, DecodeOptions, Message
from ..codec._faults import Fault
from ..codec._operations import OPERATIONS, Operation, operation
from ..models import FaxJobId, FaxJobIds
from ._policy import Deadline, RetryPolicy, Timeouts
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
from ._transport import AsyncHttpxTransport, HttpxTransport, RawResponse

__all__ = [
    "DEFAULT_ENDPOINT",
    "AsyncFaxStatusClient",
    "FaxStatusClient",
    "PreparedRequest",
    "SimpleStatus",
]

#: The FaxWS v5 endpoint (CONTRACT.md §1).
DEFAULT_ENDPOINT = "https://ws.concordfax.com/fax/v5"
log = logging.getLogger("faxstatus")
_MAX_REDIRECTS = 5
_STATUS_OPS = tuple(n for n, o in OPERATIONS.items() if o.has_status_list)


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


@attrs.frozen
class _Sleep:
    seconds: float


_Step = _Send | _Sleep


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
        endpoint: str,
        content_type: ContentType | str,
        batch_size: int,
        retry: RetryPolicy,
        timeouts: Timeouts,
        recorder: Recorder | None,
        decode_options: DecodeOptions,
    ) -> None:
        if not user_id:
            raise ValueError("user_id is required (the UserID element is 1..1)")
        if token is None and pin is None:
            raise ValueError("give a bearer token (OAuth 2.0) or a pin (legacy UserID + strPIN)")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"endpoint must be an http(s) URL, got {endpoint!r}")
        self.user_id = user_id
        self._token = token
        self._pin = pin
        self.endpoint = endpoint
        self.content_type = ContentType.from_name(content_type)
        self.batch_size = batch_size
        self.retry = retry
        self.timeouts = timeouts
        self.recorder = recorder
        self.decode_options = decode_options

    def __repr__(self) -> str:
        auth = "bearer" if self._token is not None else "pin"
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
        return value

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
        if op.name != "CheckService":
            if isinstance(job_ids, str) or not job_ids:
                raise ValueError(f"{op.name} needs a sequence of job ids")
            if op.name == "SimpleGetFaxStatus" and len(job_ids) != 1:
                raise ValueError("SimpleGetFaxStatus takes exactly one job id")
            if not ids_checked:
                for j in job_ids:
                    check_job_id(j)
        ct = ContentType.from_name(content_type) if content_type is not None else self.content_type
        token = self._bearer()
        # With OAuth the (deprecated) strPIN is sent empty: CONTRACT.md §2.1.
        pin = "" if token is not None and not self._pin else (self._pin or "")
        if op.name == "CheckService":
            payload = op.request()
        elif op.name == "SimpleGetFaxStatus":
            payload = op.request(user_id=self.user_id, str_pin=pin, job_id=job_ids[0])
        else:
            ids = FaxJobIds(item=[FaxJobId(job_id=j) for j in job_ids])
            payload = op.request(user_id=self.user_id, str_pin=pin, fax_job_ids=ids)
        encoded = _codec.encode(payload, ct)
        rid = request_id or str(uuid.uuid4())
        headers = dict(encoded.headers)
        headers["x-ch-request-id"] = rid
        headers["Accept"] = encoded.headers["Content-Type"].split(";")[0]
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        secrets = tuple(s for s in (token, self._pin) if s)
        return PreparedRequest(
            op.name, self.endpoint, headers, encoded.body, ct, rid, tuple(job_ids), secrets
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
                "%s %d ids -> HTTP %d in %.1f ms (attempt %d, x-ch-request-id %s)",
                prep.operation,
                len(prep.job_ids),
                resp.status,
                resp.elapsed_ms,
                attempt,
                prep.request_id,
            )
        else:
            log.debug(
                "%s %d ids -> %s (attempt %d, x-ch-request-id %s)",
                prep.operation,
                len(prep.job_ids),
                type(error).__name__,
                attempt,
                prep.request_id,
            )
        if self.recorder is not None:
            self.recorder.record(
                method="POST",
                url=url,
                request_headers=dict(prep.headers),
                request_body=prep.body,
                secrets=prep.secrets,
                status=None if resp is None else resp.status,
                response_headers=None if resp is None else dict(resp.headers),
                response_body=b"" if resp is None else resp.body,
                elapsed_ms=None if resp is None else resp.elapsed_ms,
                error=None if error is None else redact_text(str(error), prep.secrets),
                attempt=attempt,
            )

    def redirect(self, url: str, resp: RawResponse) -> str | None:
        """The URL to re-send to for a same-origin 307/308, else None; refuse other hosts."""
        if resp.status not in (301, 302, 303, 307, 308):
            return None
        location = resp.headers.get("location")
        if not location:
            raise HTTPStatusError(resp.status, excerpt="redirect without Location", url=url)
        target = urljoin(url, location)
        a, b = urlsplit(url), urlsplit(target)
        if (a.scheme, a.netloc) != (b.scheme, b.netloc):
            # Never carry the Authorization header (or strPIN in the body) to another origin.
            raise HTTPStatusError(
                resp.status,
                excerpt=f"refused redirect to another host: {b.scheme}://{b.netloc}",
                url=url,
            )
        if resp.status not in (307, 308):
            # 301/302/303 would turn the POST into a GET: not a FaxWS call any more.
            raise HTTPStatusError(
                resp.status, excerpt=f"redirect to {target} would drop the POST", url=url
            )
        return target

    def interpret(
        self, prep: PreparedRequest, url: str, resp: RawResponse, attempt: int
    ) -> tuple[Any, ResponseMeta]:
        """Decode *resp* for *prep*'s operation, or raise the typed error it amounts to."""
        if self.retry.should_retry_status(resp.status):
            raise _Retry(
                HTTPStatusError(resp.status, excerpt=_excerpt(resp.body, prep.secrets), url=url),
                resp.headers.get("retry-after"),
            )
        meta = ResponseMeta(
            request_id=prep.request_id,
            activity_id=resp.headers.get("x-ch-activity-id"),
            execution_time_ms=_float(resp.headers.get("x-ch-execution-time")),
            http_status=resp.status,
            content_type=prep.content_type,
            attempts=attempt,
        )
        ctype = resp.headers.get("content-type")
        try:
            result = _codec.decode(
                resp.body, ctype, operation_name=prep.operation, options=self.decode_options
            )
        except CodecError as exc:
            if resp.status != 200:
                # Not a FaxWS message at all: the HTTP status is the news (zeep #563's lesson).
                raise HTTPStatusError(
                    resp.status, excerpt=_excerpt(resp.body, prep.secrets), url=url
                ) from exc
            raise
        if isinstance(result, Fault):
            raise SoapFault(result, http_status=resp.status)
        assert isinstance(result, Message)
        if resp.status != 200:
            raise HTTPStatusError(resp.status, excerpt=_excerpt(resp.body, prep.secrets), url=url)
        if result.content_type is not prep.content_type:
            meta = attrs.evolve(meta, content_type=result.content_type)
        return result.payload, meta

    def exchange(self, prep: PreparedRequest) -> Generator[_Step, Any, tuple[Any, ResponseMeta]]:
        """The whole retry/redirect loop for one request, as a generator of I/O steps.

        It yields :class:`_Send` (answer it with a RawResponse or the TransportError raised)
        and :class:`_Sleep` (answer None), and returns the decoded payload and its metadata or
        raises the final typed error. The sync and async clients only perform the steps.
        """
        deadline = Deadline(self.timeouts.total)
        url, attempt, redirects = prep.url, 0, 0
        while True:
            attempt += 1
            try:
                remaining = deadline.remaining()
                if remaining <= 0:
                    raise TransportError(f"deadline of {self.timeouts.total} s passed")
                reply = yield _Send(
                    url, min(self.timeouts.connect, remaining), min(self.timeouts.read, remaining)
                )
                if isinstance(reply, TransportError):
                    self.record(prep, url, attempt, error=reply)
                    raise _Retry(reply)
                if isinstance(reply, DecodeError):  # the body passed the size cap: final
                    self.record(prep, url, attempt, error=reply)
                    raise reply
                self.record(prep, url, attempt, reply)
                target = self.redirect(url, reply)
                if target is not None:
                    redirects += 1
                    if redirects > _MAX_REDIRECTS:
                        raise HTTPStatusError(reply.status, excerpt="too many redirects", url=url)
                    url, attempt = target, attempt - 1
                    continue
                return self.interpret(prep, url, reply, attempt)
            except _Retry as r:
                delay = self.retry.delay(attempt, r.retry_after)
                if delay is None or delay >= deadline.remaining():
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
        batch: list[str], result: tuple[Any, ResponseMeta] | FaxStatusError
    ) -> tuple[list[JobOutcome], list[Any], ResponseMeta | None]:
        """Turn one batch's result (or error) into one outcome per id."""
        if isinstance(result, FaxStatusError):
            return [JobOutcome(j, error=result) for j in batch], [], None
        payload, meta = result
        err = _codec.service_error(payload)
        if err is not None:
            return [JobOutcome(j, error=err) for j in batch], [], meta
        outcomes, unexpected = match_items(batch, payload.fax_status_list.item)
        return outcomes, unexpected, meta


def _excerpt(body: bytes, secrets: tuple[str, ...]) -> str:
    return redact_text(body[:200].decode("utf-8", "replace"), secrets).strip()


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


_COMMON_DOC = """
    Args:
        user_id: the FaxWS UserID (always sent).
        token: OAuth 2.0 bearer token, or a callable returning the current one (called per
            request, so it can refresh). strPIN is then sent empty.
        pin: legacy strPIN for UserID + PIN authentication.
        endpoint: the service URL (default: the vendor's v5 endpoint).
        content_type: ``soap12`` (default, the vendor's default), ``soap11``, ``xml`` or ``json``.
        batch_size: most ids per request; more are split into several requests.
        retry, timeouts: see :class:`RetryPolicy` and :class:`Timeouts`.
        recorder: a :class:`Recorder` that keeps redacted copies of each exchange.
"""


class _ClientBase:
    """What the sync and async clients share beyond the sans-IO core: no I/O here either."""

    _core: _ClientCore

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._core!r}"

    @property
    def recorder(self) -> Recorder | None:
        """The wire recorder, if any."""
        return self._core.recorder

    def prepare(
        self,
        op: str | Operation[Any, Any],
        job_ids: Sequence[str] = (),
        *,
        content_type: ContentType | str | None = None,
        request_id: str | None = None,
    ) -> PreparedRequest:
        """Encode a request without sending it (job ids are checked)."""
        return self._core.prepare(operation(op), list(job_ids), content_type, request_id)


class FaxStatusClient(_ClientBase):
    """Synchronous FaxWS status client over ``httpx.Client`` (arguments below)."""

    def __init__(
        self,
        user_id: str,
        *,
        token: TokenSource | None = None,
        pin: str | None = None,
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
    ) -> None:
        self._core = _ClientCore(
            user_id,
            token=token,
            pin=pin,
            endpoint=endpoint,
            content_type=content_type,
            batch_size=batch_size,
            retry=retry or RetryPolicy(),
            timeouts=timeouts or Timeouts(),
            recorder=recorder,
            decode_options=decode_options or DecodeOptions(),
        )
        self._http = HttpxTransport(http_client, transport=transport)
        self._sleep = sleep

    def __enter__(self) -> FaxStatusClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client if this client created it."""
        self._http.close()

    def _exchange(self, prep: PreparedRequest) -> tuple[Any, ResponseMeta]:
        steps = self._core.exchange(prep)
        reply: RawResponse | TransportError | DecodeError | None = None
        try:
            while True:
                step = steps.send(reply)
                if isinstance(step, _Sleep):
                    self._sleep(step.seconds)
                    reply = None
                    continue
                try:
                    reply = self._http.post(
                        step.url,
                        prep.headers,
                        prep.body,
                        connect=step.connect,
                        read=step.read,
                        max_bytes=self._core.decode_options.max_bytes,
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
    ) -> StatusReport:
        """Run a multi-job status operation over *job_ids*, batching as needed.

        Every distinct id gets exactly one outcome, in the order asked; a failed batch gives
        its ids an error outcome instead of raising, so one bad batch loses nothing else.
        """
        o = operation(op)
        if not o.has_status_list:
            raise ValueError(
                f"{o.name} is not a multi-job status operation ({', '.join(_STATUS_OPS)})"
            )
        distinct, dups, batches = self._core.plan_batches(job_ids)
        results = []
        for i, batch in enumerate(batches):
            rid = f"{request_id}-{i + 1}" if request_id and len(batches) > 1 else request_id
            prep = self._core.prepare(o, batch, content_type, rid, ids_checked=True)
            try:
                res: tuple[Any, ResponseMeta] | FaxStatusError = self._exchange(prep)
            except FaxStatusError as exc:
                res = exc
            results.append(self._core.batch_outcomes(batch, res))
        return _report(o.name, distinct, dups, results)

    def get_real_time_fax_status_ex(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetRealTimeFaxStatusEx: status, pages, delivery time, duration and CSID per job."""
        return self.query("GetRealTimeFaxStatusEx", job_ids, **kw)

    def get_fax_status(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetFaxStatus: status and description per job."""
        return self.query("GetFaxStatus", job_ids, **kw)

    def get_real_time_fax_status(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetRealTimeFaxStatus: status and pages sent per job."""
        return self.query("GetRealTimeFaxStatus", job_ids, **kw)

    def get_real_time_fax_status_ex2(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetRealTimeFaxStatusEx2: Ex plus the job's ReferenceId."""
        return self.query("GetRealTimeFaxStatusEx2", job_ids, **kw)

    def get_real_time_fax_status_ex3(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetRealTimeFaxStatusEx3: Ex2 plus fax number, submit/start times and attempts."""
        return self.query("GetRealTimeFaxStatusEx3", job_ids, **kw)

    def simple_get_fax_status(
        self, job_id: str, *, content_type: ContentType | str | None = None
    ) -> SimpleStatus:
        """SimpleGetFaxStatus: one job's status code (raises on fault or transport error)."""
        prep = self._core.prepare(OPERATIONS["SimpleGetFaxStatus"], [job_id], content_type, None)
        payload, meta = self._exchange(prep)
        return SimpleStatus(job_id, payload.return_value, meta)

    def check_service(self, *, content_type: ContentType | str | None = None) -> str:
        """CheckService: the service's liveness string."""
        prep = self._core.prepare(OPERATIONS["CheckService"], [], content_type, None)
        payload, _ = self._exchange(prep)
        return str(payload.return_value)


class AsyncFaxStatusClient(_ClientBase):
    """Asynchronous FaxWS status client over ``httpx.AsyncClient``; batches run concurrently."""

    def __init__(
        self,
        user_id: str,
        *,
        token: TokenSource | None = None,
        pin: str | None = None,
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
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._core = _ClientCore(
            user_id,
            token=token,
            pin=pin,
            endpoint=endpoint,
            content_type=content_type,
            batch_size=batch_size,
            retry=retry or RetryPolicy(),
            timeouts=timeouts or Timeouts(),
            recorder=recorder,
            decode_options=decode_options or DecodeOptions(),
        )
        self._http = AsyncHttpxTransport(http_client, transport=transport)
        self._max_concurrency = max_concurrency

    async def __aenter__(self) -> AsyncFaxStatusClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this client created it."""
        await self._http.aclose()

    async def _exchange(self, prep: PreparedRequest) -> tuple[Any, ResponseMeta]:
        steps = self._core.exchange(prep)
        reply: RawResponse | TransportError | DecodeError | None = None
        try:
            while True:
                step = steps.send(reply)
                if isinstance(step, _Sleep):
                    await asyncio.sleep(step.seconds)
                    reply = None
                    continue
                try:
                    reply = await self._http.post(
                        step.url,
                        prep.headers,
                        prep.body,
                        connect=step.connect,
                        read=step.read,
                        max_bytes=self._core.decode_options.max_bytes,
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
    ) -> StatusReport:
        """Async :meth:`FaxStatusClient.query`: batches run with bounded concurrency."""
        o = operation(op)
        if not o.has_status_list:
            raise ValueError(
                f"{o.name} is not a multi-job status operation ({', '.join(_STATUS_OPS)})"
            )
        distinct, dups, batches = self._core.plan_batches(job_ids)
        gate = asyncio.Semaphore(self._max_concurrency)

        async def run(
            i: int, batch: list[str]
        ) -> tuple[list[JobOutcome], list[Any], ResponseMeta | None]:
            rid = f"{request_id}-{i + 1}" if request_id and len(batches) > 1 else request_id
            async with gate:
                prep = self._core.prepare(o, batch, content_type, rid, ids_checked=True)
                try:
                    res: tuple[Any, ResponseMeta] | FaxStatusError = await self._exchange(prep)
                except FaxStatusError as exc:
                    res = exc
            return self._core.batch_outcomes(batch, res)

        results = await asyncio.gather(*(run(i, b) for i, b in enumerate(batches)))
        return _report(o.name, distinct, dups, list(results))

    async def get_real_time_fax_status_ex(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetRealTimeFaxStatusEx (async)."""
        return await self.query("GetRealTimeFaxStatusEx", job_ids, **kw)

    async def get_fax_status(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetFaxStatus (async)."""
        return await self.query("GetFaxStatus", job_ids, **kw)

    async def get_real_time_fax_status(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetRealTimeFaxStatus (async)."""
        return await self.query("GetRealTimeFaxStatus", job_ids, **kw)

    async def get_real_time_fax_status_ex2(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetRealTimeFaxStatusEx2 (async)."""
        return await self.query("GetRealTimeFaxStatusEx2", job_ids, **kw)

    async def get_real_time_fax_status_ex3(self, job_ids: Iterable[str], **kw: Any) -> StatusReport:
        """GetRealTimeFaxStatusEx3 (async)."""
        return await self.query("GetRealTimeFaxStatusEx3", job_ids, **kw)

    async def simple_get_fax_status(
        self, job_id: str, *, content_type: ContentType | str | None = None
    ) -> SimpleStatus:
        """SimpleGetFaxStatus (async)."""
        prep = self._core.prepare(OPERATIONS["SimpleGetFaxStatus"], [job_id], content_type, None)
        payload, meta = await self._exchange(prep)
        return SimpleStatus(job_id, payload.return_value, meta)

    async def check_service(self, *, content_type: ContentType | str | None = None) -> str:
        """CheckService (async)."""
        prep = self._core.prepare(OPERATIONS["CheckService"], [], content_type, None)
        payload, _ = await self._exchange(prep)
        return str(payload.return_value)


FaxStatusClient.__doc__ = f"{FaxStatusClient.__doc__}\n{_COMMON_DOC}"
AsyncFaxStatusClient.__doc__ = (
    f"{AsyncFaxStatusClient.__doc__}\n{_COMMON_DOC}"
    "        max_concurrency: most batches in flight at once.\n"
)
