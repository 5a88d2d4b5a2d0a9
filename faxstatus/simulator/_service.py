"""Simulator service logic: jobs, lookups, auth and fault injection, sans-IO (bytes in, reply out).

The simulator speaks all four content types through the same codec as the client, answers
like the real gSOAP server (``SOAP-ENV:``/``FaxWS:`` prefixes), and injects faults on demand.
Its own choices where the contract is silent (RecipientState values, the authentication
error code, date format) are listed in :data:`SIMULATOR_CHOICES` and in schema/README.md.
"""

from __future__ import annotations

import collections
import logging
import math
import random
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import attrs

from .._contract import (
    ACTIVITY_ID_HEADER,
    AUTHENTICATION_FAILED,
    DEFAULT_MAX_BYTES,
    EXECUTION_TIME_HEADER,
    INVALID_JOB_ID,
    PUSH_FIELDS,
    SERVICE_PATH,
    SOAP12_NS,
    STATUS_FAILED,
    STATUS_IN_PROGRESS,
    STATUS_SUCCEEDED,
)
from .._errors import CodecError, DecodeError, VersionMismatchError
from .._http import (
    ACCEPT_ENCODING,
    InflateError,
    InflateLimitError,
    UnsupportedCodingError,
    content_coding,
    inflate,
)
from ..codec import _api as _codec
from ..codec._api import ContentType, XmlStyle, is_json, parse_content_type
from ..codec._faults import SOAP11_NS, Fault, FaultReason, SoapVersion
from ..codec._operations import JRI_PREFIX, IdCarrier, Operation
from ..codec._plan import INT_RANGE, ClassPlan, FieldPlan, Kind, plan_for
from ..codec._values import fill
from ..models import WSError
from ._oauth import TOKEN_PATH, TokenIssuer
from ._tolerance import normalise_request

if TYPE_CHECKING:
    from ._scenario import Decision, Scenario

__all__ = [
    "AUTHENTICATION_FAILED",
    "FIRST_SENT_ID",
    "INVALID_JOB_ID",
    "JOB_FINISHED",
    "SERVICE_PATH",
    "SIMULATOR_CHOICES",
    "Injection",
    "SimJob",
    "SimReply",
    "Simulator",
    "demo_jobs",
]

log = logging.getLogger("faxstatus.simulator")

# A Host header we are willing to echo into the WSDL: a name or address and a port.
_HOST_RE = re.compile(r"[A-Za-z0-9.-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


#: The simulator's WSError code for a CancelFax of a job that already ended (its own choice:
#: the real code is not documented).
JOB_FINISHED = -5030
#: The simulator's first id for a job it is sent (SendFax…); later ones count up.
FIRST_SENT_ID = 2000000000

SIMULATOR_CHOICES = {
    "RecipientState": "1 queued, 2 sending, 4 delivered, 5 failed (real values undocumented)",
    "dates": "FaxDeliveryDateTime etc. as ISO 8601 UTC, e.g. 2026-11-26T09:15:02Z",
    "auth error": f"return=false, WSError {AUTHENTICATION_FAILED} 'Authentication failed'",
    "unknown id": f"item with FaxJobStatusId {INVALID_JOB_ID} and Error {INVALID_JOB_ID}",
    "SimpleGetFaxStatus auth error": f"return {AUTHENTICATION_FAILED}",
    "token endpoint": "/oauth/token on the same host (the real URL is account configuration)",
    "sent fax": "SendFax… adds one queued job per recipient (ids br2000000000 on), answered "
    "as the response's job ids; it then moves on like any job",
    "cancelled fax": f"CancelFax ends an unfinished job as status {STATUS_FAILED} 'Cancelled' "
    f"(RecipientState 5); a finished one answers return=false, WSError {JOB_FINISHED}",
    "other operations": "return=true, WSError 0, every other field plausible by its type",
    "expired token": "HTTP 401 with an RFC 6750 invalid_token challenge, before any SOAP",
    "push ErrorCode": "0 when delivered; for a failed job its FaxJobStatusId, with ErrorString "
    "its StatusDescription (the vendor's ErrorResult values are undocumented)",
    "push dates": "FaxDeliveryDateTime as in the status operations; PageCount the job's pages",
}


@attrs.define
class SimJob:
    """A fax job whose state follows the simulator's clock (seconds since it started)."""

    job_id: str
    pages: int
    submitted: float  #: simulator time of submission (negative: before the simulator started)
    reference_id: str = ""
    fax_number: str = "+12065550100"
    queue_seconds: float = 5.0
    seconds_per_page: float = 4.0
    fail_after_pages: int | None = None  #: None: delivered; n: fails once n pages are sent
    csid: str = "FAX-REMOTE"
    attempts: int = 1
    cancelled: float | None = None  #: simulator time of a CancelFax, None if never cancelled

    def state(self, now: float) -> dict[str, Any]:
        """The job's fields at simulator time *now* (before submission it is queued)."""
        if self.cancelled is not None and now >= self.cancelled:
            at = self._state(self.cancelled)
            if at["done_at"] is None:  # cancelled while queued or sending: it ends there
                return {
                    **at,
                    "status": STATUS_FAILED,
                    "desc": "Cancelled",
                    "rstate": 5,
                    "done_at": self.cancelled,
                }
        return self._state(now)

    def _state(self, now: float) -> dict[str, Any]:
        elapsed = max(0.0, now - self.submitted)
        sending = elapsed - self.queue_seconds
        if sending < 0:
            return {
                "status": STATUS_IN_PROGRESS,
                "desc": "Queued",
                "rstate": 1,
                "sent": 0,
                "done_at": None,
            }
        sent = min(self.pages, int(sending / self.seconds_per_page))
        if self.fail_after_pages is not None and sent >= self.fail_after_pages:
            done = self.queue_seconds + self.fail_after_pages * self.seconds_per_page
            return {
                "status": STATUS_FAILED,
                "desc": "Failed: no answer",
                "rstate": 5,
                "sent": self.fail_after_pages,
                "done_at": self.submitted + done,
            }
        if sent >= self.pages:
            done = self.queue_seconds + self.pages * self.seconds_per_page
            return {
                "status": STATUS_SUCCEEDED,
                "desc": "Success",
                "rstate": 4,
                "sent": self.pages,
                "done_at": self.submitted + done,
            }
        return {
            "status": STATUS_IN_PROGRESS,
            "desc": "Sending",
            "rstate": 2,
            "sent": sent,
            "done_at": None,
        }


def demo_jobs() -> list[SimJob]:
    """The seeded jobs: delivered, sending, failed, queued, and a duplicated ReferenceId.

    They are the default scenario's (``scenarios/demo.toml``, shipped in the package).
    """
    from ._scenario import default_scenario  # noqa: PLC0415 - _scenario builds on this module

    return default_scenario().sim_jobs()


_KINDS = (
    "status",
    "fault",
    "latency",
    "truncate",
    "reset",
    "malformed",
    "drop",
    "content_type",
    "huge",
)


@attrs.frozen
class Injection:
    """One injected misbehaviour.

    ``kind``:

    - ``status``: answer ``status`` with ``body`` (default empty) as ``content_type``, plus
      ``retry_after`` and ``location`` headers when given (429/503, 401, an HTML error page,
      an empty 200, a redirect);
    - ``fault``: a SOAP Receiver fault of the request's version;
    - ``latency``: wait ``seconds``, then answer normally;
    - ``truncate``: cut the body short (over HTTP: close the connection mid-body);
    - ``reset``: send half the body, then reset the connection (TCP RST);
    - ``malformed``: a broken body with status 200;
    - ``drop``: close the connection without answering;
    - ``content_type``: the normal answer under the wrong ``content_type``;
    - ``huge``: a 200 whose body is ``size`` bytes of filler.
    """

    kind: str
    status: int = 503
    retry_after: str | None = None
    seconds: float = 0.0
    body: bytes = b""
    content_type: str = "text/plain"
    location: str | None = None
    size: int = 0

    def __attrs_post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown injection kind {self.kind!r}; one of {', '.join(_KINDS)}")


@attrs.frozen
class SimReply:
    """What the simulator answers; the carrier (transport or server) acts on delay/drop/truncate."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    delay: float = 0.0
    drop: bool = False
    truncate: bool = False
    reset: bool = False
    #: Stream this many bytes of filler as the body instead of ``body`` (the "huge" injection).
    filler: int = 0
    #: The operation the request named ("" when it named none or could not be read).
    operation: str = ""
    #: What the request did that the schema does not allow (see ``Simulator.deviations``).
    deviations: tuple[str, ...] = ()
    #: The scenario rules that decided this answer (:data:`~faxstatus._http.RULE_HEADER`),
    #: ``-`` when none matched; "" without a scenario of rules.
    rule: str = ""


#: The throttle's window, in seconds of the simulator's clock.
_MINUTE = 60.0

#: The epochs accepted: far enough inside Python's calendar (years 1 to 9999) that a job's
#: dates, its submission before the epoch and its progress long after, can be written.
_EPOCHS = (datetime(1000, 1, 1, tzinfo=UTC), datetime(9000, 12, 31, tzinfo=UTC))


class Simulator:
    """The sans-IO FaxWS status service."""

    def __init__(
        self,
        jobs: list[SimJob] | None = None,
        *,
        user_id: str = "demo-user",
        pin: str = "demo-pin",
        tokens: tuple[str, ...] = ("demo-token",),
        client_id: str = "demo-client",
        client_secret: str = "demo-secret",  # noqa: S107 - the simulator's public demo values
        password: str = "demo-password",  # noqa: S107
        token_lifetime: float = 60.0,
        clock: Callable[[], float] | None = None,
        epoch: datetime | None = None,
        speed: float = 1.0,
        seed: int = 0,
        path: str = SERVICE_PATH,
        strict: bool = False,
        scenario: Scenario | None = None,
    ) -> None:
        #: Reject what gSOAP tolerates (unknown, unqualified, reordered or missing request
        #: elements) with a Sender fault naming it; by default tolerate it, as the real
        #: service does. Either way each deviation is recorded in :attr:`deviations`.
        self.strict = strict
        #: The scenario whose rules choose answers by request content (its jobs are the
        #: simulator's when ``jobs`` is not given); None: the demo jobs, no rules.
        self.scenario = scenario
        #: Every deviation seen in a request, oldest first (the last 1000), as
        #: ``"<element path>: <rule>"`` lines.
        self.deviations: collections.deque[str] = collections.deque(maxlen=1000)
        if not path.startswith("/"):
            raise ValueError(f"the endpoint path must start with '/', not {path!r}")
        self.path = path
        self.user_id = user_id
        self._pin = pin
        self._tokens = frozenset(tokens)
        if not speed > 0 or speed == float("inf"):
            raise ValueError(f"speed must be a positive finite number, not {speed!r}")
        if clock is not None and speed != 1.0:
            raise ValueError("speed scales the simulator's own clock; pass one or the other")
        if epoch is not None and epoch.utcoffset() is None:
            raise ValueError(f"epoch must be an aware datetime (with a time zone), not {epoch!r}")
        if epoch is not None and not _EPOCHS[0] <= epoch <= _EPOCHS[1]:
            raise ValueError(
                f"epoch {epoch.isoformat()} is outside {_EPOCHS[0]:%Y} to {_EPOCHS[1]:%Y}: "
                "the jobs' dates, centuries either side of it, must stay in the calendar"
            )
        start = time.monotonic()
        #: Seconds of job time since the simulator started: real seconds times ``speed``
        #: unless a ``clock`` was given. Jobs advance on it; token lifetimes stay in real
        #: seconds (``clock() / speed``), so a fast simulator still honours ``token_lifetime``.
        self.clock = clock or (lambda: (time.monotonic() - start) * speed)
        self.speed = speed
        #: The OAuth 2.0 token endpoint at ``/oauth/token``: client ``client_id`` with
        #: ``client_secret``, or the password grant for ``user_id`` with ``password``;
        #: its access tokens live ``token_lifetime`` seconds (real seconds, see :attr:`clock`).
        self.oauth = TokenIssuer(
            client_id=client_id,
            client_secret=client_secret,
            username=user_id,
            password=password,
            lifetime=token_lifetime,
            clock=lambda: self.clock() / self.speed,  # follows a clock swapped in later
        )
        #: The wall-clock time of job time 0: every date the simulator writes is this plus
        #: job seconds. Pass a fixed one for reproducible dates (tests, captures, demos).
        self.epoch = (epoch or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self._jobs: dict[str, SimJob] = {}
        self._by_ref: dict[str, list[SimJob]] = {}
        self._lock = threading.Lock()
        self._queue: list[Injection] = []
        self._rates: list[tuple[float, Injection]] = []
        self._rng = random.Random(seed)  # noqa: S311 - fault injection, not cryptography
        self.requests = 0  #: FaxWS requests answered (token requests not included)
        self._throttle: tuple[int, int] | None = None  # (per minute, status)
        self._accepted: collections.deque[float] = collections.deque()  # times, last minute
        self.throttled = 0  #: FaxWS requests refused by :meth:`throttle`'s rate
        self._pushed: set[str] = set()  # jobs :meth:`newly_final` gave
        self.token_requests = 0  #: requests to the token endpoint
        if jobs is None:
            jobs = demo_jobs() if scenario is None else scenario.sim_jobs()
        for job in jobs:
            self.add_job(job)

    def __repr__(self) -> str:
        return f"<Simulator {len(self._jobs)} jobs, user {self.user_id!r}>"

    def add_job(self, job: SimJob) -> None:
        """Add (or replace) a job."""
        with self._lock:
            self._jobs[job.job_id] = job
            if job.reference_id:
                self._by_ref.setdefault(job.reference_id, []).append(job)

    def inject(self, injection: Injection, times: int = 1) -> None:
        """Apply *injection* to the next *times* requests."""
        with self._lock:
            self._queue.extend([injection] * times)

    def throttle(self, per_minute: int | None, status: int = 429) -> None:
        """Refuse FaxWS requests past *per_minute* in any minute of :attr:`clock` (None: off).

        A refused request is answered *status* (429, or 503 as a gateway under load does)
        with a Retry-After of the whole seconds until the oldest accepted request leaves the
        window (RFC 6585 §4, RFC 9110 §10.2.3); it is not counted against the rate.
        """
        if per_minute is not None and per_minute < 1:
            raise ValueError(f"a throttle of {per_minute!r} requests per minute lets none in")
        if status not in (429, 503):
            raise ValueError(f"a throttle answers 429 or 503, not {status!r}")
        with self._lock:
            self._throttle = None if per_minute is None else (per_minute, status)
            self._accepted.clear()

    def _throttled(self, started: float) -> SimReply | None:
        """The throttle's refusal of this request, or None when it is let in (and counted)."""
        with self._lock:
            if self._throttle is None:
                return None
            per_minute, status = self._throttle
            now = self.clock()
            while self._accepted and self._accepted[0] <= now - _MINUTE:
                self._accepted.popleft()
            if len(self._accepted) < per_minute:
                self._accepted.append(now)
                return None
            self.requests += 1
            self.throttled += 1
            wait = max(1, math.ceil(self._accepted[0] + _MINUTE - now))
        body = f"over {per_minute} requests per minute; retry in {wait} s\n".encode()
        extra = {"Retry-After": str(wait)}
        return self._reply(status, "text/plain; charset=utf-8", body, started, extra)

    def set_rates(self, rates: list[tuple[float, Injection]], seed: int | None = None) -> None:
        """Apply each injection to a random share of requests (probabilities add up)."""
        with self._lock:
            self._rates = list(rates)
            if seed is not None:
                self._rng.seed(seed)

    def _next_injection(self) -> Injection | None:
        with self._lock:
            self.requests += 1
            if self._queue:
                return self._queue.pop(0)
            roll = self._rng.random()
            for p, inj in self._rates:
                if roll < p:
                    return inj
                roll -= p
            return None

    def newly_final(self) -> list[list[tuple[str, str]]]:
        """The push fields of each job final by now and not given before, oldest first.

        The fields a push notification carries, in the vendor's template order (CONTRACT.md
        §8), as text: what :class:`~faxstatus.simulator.PushSender` sends. A job already
        final when the simulator started is given on the first call (its push still owed).
        """
        now = self.clock()
        with self._lock:
            due = []
            for job in self._jobs.values():
                if job.job_id in self._pushed:
                    continue
                done_at = job.state(now)["done_at"]
                if done_at is not None:
                    due.append((done_at, job.job_id))
            self._pushed.update(j for _, j in due)
        return [self._push_fields(job_id, now) for _, job_id in sorted(due)]

    def _push_fields(self, job_id: str, now: float) -> list[tuple[str, str]]:
        """One job's push fields, from what a status query would answer at *now*."""
        known = self._known(job_id, now)
        delivered = known["FaxJobStatusId"] == STATUS_SUCCEEDED
        error = (0, "") if delivered else (known["FaxJobStatusId"], known["StatusDescription"])
        values = (
            self.user_id,
            known["ReferenceId"],
            known["FaxJobId"],
            str(known["FaxJobStatusId"]),
            known["StatusDescription"],
            str(known["RecipientTotalPageCount"]),
            known["FaxDeliveryDateTime"],
            str(known["FaxDeliveryDuration"]),
            known["RemoteFaxCSID"],
            str(error[0]),
            error[1],
        )
        return list(zip(PUSH_FIELDS, values, strict=True))

    # -- job lookup --------------------------------------------------------------------

    def _find(self, job_id: str) -> SimJob | None:
        if job_id.startswith(JRI_PREFIX):
            # The most recent job carrying that ReferenceId wins (CONTRACT.md §4.1).
            found = self._by_ref.get(job_id[len(JRI_PREFIX) :])
            return max(found, key=lambda j: j.submitted) if found else None
        return self._jobs.get(job_id)

    def _stamp(self, t: float | None) -> str:
        if t is None:
            return ""
        return (self.epoch + timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _known(self, job_id: str, now: float, decision: Decision | None = None) -> dict[str, Any]:
        """What the simulator knows about *job_id*, keyed by the schema's element names."""
        job = self._find(job_id)
        if job is None:
            return {
                "FaxJobId": job_id,
                "FaxJobStatusId": INVALID_JOB_ID,
                "StatusDescription": "Invalid Job ID",
                "RecipientState": 0,
                "RecipientCurrentPageCount": 0,
                "RecipientTotalPageCount": 0,
                "FaxDeliveryDateTime": "",
                "FaxDeliveryDuration": 0,
                "RemoteFaxCSID": "",
                "ReferenceId": "",
                "FaxNumber": "",
                "FaxSubmitDateTime": "",
                "FaxStartDateTime": "",
                "FaxDeliveryAttempts": 0,
                "Error": WSError(error_code=INVALID_JOB_ID, error_string="Invalid Job ID"),
                "_seed": job_id,
            }
        s = self._state(job, now, decision)
        delivered = s["status"] == STATUS_SUCCEEDED
        duration = (s["done_at"] - job.submitted - job.queue_seconds) if s["done_at"] else 0
        return {
            "FaxJobId": job.job_id,
            "FaxJobStatusId": s["status"],
            "StatusDescription": s["desc"],
            "RecipientState": s["rstate"],
            "RecipientCurrentPageCount": s["sent"],
            "RecipientTotalPageCount": job.pages,
            "FaxDeliveryDateTime": self._stamp(s["done_at"]) if delivered else "",
            "FaxDeliveryDuration": int(duration) if delivered else 0,
            "RemoteFaxCSID": job.csid if delivered else "",
            "ReferenceId": job.reference_id,
            "FaxNumber": job.fax_number,
            "FaxSubmitDateTime": self._stamp(job.submitted),
            "FaxStartDateTime": self._stamp(job.submitted + job.queue_seconds)
            if now - job.submitted >= job.queue_seconds
            else "",
            "FaxDeliveryAttempts": job.attempts if s["status"] != 3 else 0,
            "Error": WSError(error_code=0, error_string=""),
            # For fields the simulator has no story for: plausible values by type.
            "_seed": job.job_id,
            "_stamp": self._stamp(job.submitted),
        }

    def _state(self, job: SimJob, now: float, decision: Decision | None) -> dict[str, Any]:
        """*job*'s state at *now*: a scenario timeline's when a rule set one for it."""
        timeline = None if decision is None else decision.timelines.get(job.job_id)
        return job.state(now) if timeline is None else timeline.state(job, now)

    # -- requests ----------------------------------------------------------------------

    def _authenticated(
        self, op: Operation[Any, Any], payload: Any, headers: Mapping[str, str]
    ) -> bool:
        if op.user_attr is None:
            return True  # an operation without credentials (CheckService)
        auth = headers.get("authorization")
        if getattr(payload, op.user_attr) != self.user_id:
            return False
        if auth is not None:
            scheme, _, token = auth.partition(" ")
            token = token.strip()
            return scheme.lower() == "bearer" and (
                token in self._tokens or bool(self.oauth.check(token))
            )
        pin = getattr(payload, op.pin_attr) if op.pin_attr else None
        return bool(self._pin) and pin == self._pin

    def _answer(
        self,
        op: Operation[Any, Any],
        payload: Any,
        headers: Mapping[str, str],
        decision: Decision | None = None,
    ) -> Any:
        # A scenario's wserror answers as a refused login does, with its own WSError.
        wserror = None if decision is None or decision.rule is None else decision.rule.wserror
        refusal = WSError(
            error_code=AUTHENTICATION_FAILED if wserror is None else wserror[0],
            error_string="Authentication failed" if wserror is None else wserror[1],
        )
        ok = wserror is None and self._authenticated(op, payload, headers)
        # One reading of the job clock per request (a stepping test clock counts them).
        now = self.clock() if decision is None else decision.now
        resp = plan_for(op.response)
        names = {f.attr: f.name for f in resp.fields}
        result = names.get(op.result_attr or "", "")
        if op.ids is IdCarrier.NONE and op.user_attr is None and op.status is None:
            return fill(resp, {result: "FaxWS simulator OK"}, self._stamp(0))
        if op.is_single_status and op.ids_attr is not None:
            if not ok:
                return fill(resp, {result: refusal.error_code}, self._stamp(0))
            job = self._find(getattr(payload, op.ids_attr))
            code = INVALID_JOB_ID if job is None else self._state(job, now, decision)["status"]
            return fill(resp, {result: code}, self._stamp(0))
        if not op.has_status_list:
            return self._act(op, payload, ok, now, refusal)
        assert op.list_class is not None and op.item_class is not None
        assert op.list_items_attr is not None and op.list_attr is not None
        if not ok:
            known = {result: False, "WSError": refusal}
            items: list[Any] = []
        else:
            known = {result: True, "WSError": WSError(error_code=0, error_string="")}
            item_plan = plan_for(op.item_class)
            refs = getattr(getattr(payload, op.ids_attr or ""), op.ids_items_attr or "")
            items = [
                None
                if ref is None
                else fill(
                    item_plan, self._known(getattr(ref, op.ids_item_attr or ""), now, decision)
                )
                for ref in refs
            ]
        lst = op.list_class(**{op.list_items_attr: items})
        return fill(resp, {**known, names[op.list_attr]: lst}, self._stamp(0))

    def _act(
        self, op: Operation[Any, Any], payload: Any, ok: bool, now: float, refusal: WSError
    ) -> Any:
        """The answer of an operation that is no status query: send, cancel or any other.

        A send adds queued jobs and answers their ids; a cancel ends the job it names; the
        others answer success. A refused login answers ``return`` false (or the
        authentication code, or "") and the WSError *refusal* (:data:`AUTHENTICATION_FAILED`
        unless a scenario rule chose another).
        """
        resp = plan_for(op.response)
        names = {f.attr: f.name for f in resp.fields}
        result = resp.by_name.get(names.get(op.result_attr or "", ""))
        if not ok:
            refused: dict[str, Any] = {"WSError": refusal}
            if result is not None:
                refused[result.name] = _refusal(result, refusal.error_code)
            return fill(resp, refused, self._stamp(0))
        known: dict[str, Any] = {"WSError": WSError(error_code=0, error_string="")}
        if result is not None and result.kind is Kind.BOOLEAN:
            known[result.name] = True
        if op.action == "submit" and op.new_ids_attr is not None:
            ids = self._submit(plan_for(op.request), payload, now, op.new_ids != "single")
            field = next(f for f in resp.fields if f.attr == op.new_ids_attr)
            if op.new_ids == "single" or field.plan is None or field.plan.item is None:
                known[field.name] = ids[0]
            else:
                item = field.plan.item.plan
                assert item is not None
                items = [item.cls(**{item.fields[0].attr: j}) for j in ids]
                known[field.name] = field.plan.cls(**{field.plan.item.attr: items})
        elif op.action == "cancel" and op.ids_attr is not None:
            error = self._cancel(getattr(payload, op.ids_attr), now)
            if error is not None:
                known["WSError"] = error
                if result is not None and result.kind is Kind.BOOLEAN:
                    known[result.name] = False
        elif op.list_attr is not None:
            # Per-job items (a broadcast's recipients): the job the request names, as known.
            job_id = _first_text(plan_for(op.request), payload, ("JobId", "FaxJobId"))
            if job_id is not None:
                lst = resp.by_name[names[op.list_attr]]
                assert lst.plan is not None and lst.plan.item is not None
                assert lst.plan.item.plan is not None
                item = fill(lst.plan.item.plan, self._known(job_id, now))
                known[lst.name] = lst.plan.cls(**{lst.plan.item.attr: [item]})
        return fill(resp, known, self._stamp(0))

    def _submit(self, plan: ClassPlan, payload: Any, now: float, per_recipient: bool) -> list[str]:
        """Add the jobs a send request asks for (one per recipient, queued now); their ids."""
        recipients: list[Any] = [None]
        if per_recipient:
            for f in plan.fields:
                lst = getattr(payload, f.attr)
                if f.plan is not None and f.plan.item is not None and f.plan.item.plan:
                    found = [r for r in getattr(lst, f.plan.item.attr) if r is not None]
                    recipients = found or recipients
                    break
        reference = _first_text(plan, payload, ("ReferenceId",)) or ""
        top_number = _first_text(plan, payload, ("FaxNumber",))
        ids = []
        with self._lock:
            for r in recipients:
                n = FIRST_SENT_ID + len(self._jobs)
                while f"br{n}" in self._jobs:
                    n += 1
                number = top_number
                if r is not None:
                    number = _first_text(plan_for(type(r)), r, ("RecipFaxNumber", "FaxNumber"))
                job = SimJob(f"br{n}", 2, now, reference_id=reference)
                if number:
                    job.fax_number = number
                self._jobs[job.job_id] = job
                if reference:
                    self._by_ref.setdefault(reference, []).append(job)
                ids.append(job.job_id)
        return ids

    def _cancel(self, job_id: str, now: float) -> WSError | None:
        """End *job_id* as cancelled; the WSError when it cannot be (unknown, already ended)."""
        with self._lock:
            job = self._find(job_id)
            if job is None:
                return WSError(error_code=INVALID_JOB_ID, error_string="Invalid Job ID")
            if job.state(now)["done_at"] is not None:
                return WSError(error_code=JOB_FINISHED, error_string="Job already completed")
            job.cancelled = now
        return None

    def handle(
        self, method: str, headers: Mapping[str, str], body: bytes, path: str = SERVICE_PATH
    ) -> SimReply:
        """Answer one HTTP request (header names lower-case) sent to *path*.

        *path* is the request target (path and optional query). ``/oauth/token`` is the
        token endpoint (no fault injection there); the endpoint path (:attr:`path`) is the
        FaxWS service, where ``GET ?wsdl`` (and ``?xsd``) serves the service description
        with its addresses pointing at this simulator; any other path answers 404 with a
        SOAP fault.
        """
        started = time.perf_counter()
        route, _, query = path.partition("?")
        if route == TOKEN_PATH:
            with self._lock:
                self.token_requests += 1
            status, token_headers, token_body = self.oauth.handle(method, headers, body)
            return SimReply(status, token_headers, token_body)
        if route != self.path:
            reason = f"no FaxWS endpoint at {route}; the endpoint is {self.path}"
            return self._fault_reply(Fault.sender(reason), headers, body, 404, started)
        if method in ("GET", "HEAD") and query.lower() in ("wsdl", "xsd"):
            return self._description(query.lower(), headers, started)
        expired = self._expired_bearer(headers)
        if expired is not None:
            with self._lock:
                self.requests += 1
            return expired
        refused = self._throttled(started)
        if refused is not None:
            return refused
        inj = self._next_injection()
        ctype = headers.get("content-type")
        # Status and drop injections stand for the infrastructure in front of the service.
        if inj is not None and inj.kind == "status":
            extra = {"Retry-After": inj.retry_after} if inj.retry_after else {}
            if inj.location:
                extra["Location"] = inj.location
            return self._reply(inj.status, inj.content_type, inj.body, started, extra)
        if inj is not None and inj.kind == "drop":
            return SimReply(0, {}, b"", drop=True)
        if inj is not None and inj.kind == "huge":
            media = ContentType.SOAP12.media_type
            reply = self._reply(200, f"{media}; charset=utf-8", b"", started)
            return attrs.evolve(reply, filler=inj.size)
        if method != "POST":
            return self._reply(405, "text/plain", b"FaxWS accepts POST only\n", started)
        try:
            coding = content_coding(headers.get("content-encoding"))
        except UnsupportedCodingError as exc:
            # A coding it cannot read: 415 with the Accept-Encoding it takes (RFC 9110 §15.5.16).
            reply = self._fault_reply(Fault.sender(str(exc)), headers, b"", 415, started)
            return attrs.evolve(
                reply, headers={**reply.headers, "Accept-Encoding": ACCEPT_ENCODING}
            )
        if coding is not None:
            inflated = self._inflate(coding, headers, body, started)
            if isinstance(inflated, SimReply):
                return inflated
            body = inflated
        deviations: tuple[str, ...] = ()
        msg: _codec.Message | CodecError
        try:
            msg = _codec.decode_request(body, ctype)
        except CodecError as exc:
            msg = exc
            # Only a request the codec rejects can hold what gSOAP would tolerate.
            fixed, found = normalise_request(body) if _xml_body(ctype, body) else (body, [])
            if found:
                deviations = tuple(found)
                with self._lock:
                    self.deviations.extend(found)
                if self.strict:
                    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
                    fault = _fault_for(DecodeError(f"strict mode: {found[0]}{more}"), ctype, body)
                    enc = _codec.encode_fault(fault, None, style=XmlStyle.GSOAP)
                    reply = self._reply(
                        fault.http_status, enc.headers["Content-Type"], enc.body, started
                    )
                    return attrs.evolve(reply, deviations=deviations)
                try:
                    msg = _codec.decode_request(fixed, ctype)
                except CodecError as again:
                    msg = again
        reply = self._decoded(msg, body, ctype, headers, inj, started)
        return attrs.evolve(reply, deviations=deviations) if deviations else reply

    def _decoded(
        self,
        msg: _codec.Message | CodecError,
        body: bytes,
        ctype: str | None,
        headers: Mapping[str, str],
        inj: Injection | None,
        started: float,
    ) -> SimReply:
        """Answer the decoded request (or its decode error), acting out the injection *inj*."""
        if isinstance(msg, CodecError):
            fault = _fault_for(msg, ctype, body)
            enc = _codec.encode_fault(fault, _json_or_none(ctype, body), style=XmlStyle.GSOAP)
            status = 400 if enc.content_type is ContentType.JSON else fault.http_status
            reply = self._reply(status, enc.headers["Content-Type"], enc.body, started)
            # No rule can match what does not decode: the answer says so ("-").
            scenario = self.scenario
            return reply if scenario is None or not scenario.rules else scenario.unmatched(reply)
        if inj is not None and inj.kind == "fault":
            fault = Fault.receiver("injected fault", _version_of(msg.content_type))
            enc = _codec.encode_fault(fault, _json_or_none(ctype, body), style=XmlStyle.GSOAP)
            reply = self._reply(fault.http_status, enc.headers["Content-Type"], enc.body, started)
            return attrs.evolve(reply, operation=msg.operation.name)
        decision, scenario = None, self.scenario
        if scenario is not None and scenario.rules:
            decision = scenario.decide_request(self, msg, headers, self.clock())
            ruled = scenario.reply(self, decision, msg, body, started)
            if ruled is not None:  # a rule's fault, HTTP status or throttle
                return ruled
        answer = self._answer(msg.operation, msg.payload, headers, decision)
        style = XmlStyle.GSOAP if msg.content_type.soap_version else XmlStyle()
        enc = _codec.encode(answer, msg.content_type, style=style)
        reply = self._reply(200, enc.headers["Content-Type"], enc.body, started)
        reply = attrs.evolve(reply, operation=msg.operation.name)
        if scenario is not None and decision is not None:
            reply = scenario.said(reply, decision)
        if inj is None:
            return reply
        if inj.kind == "latency":
            return attrs.evolve(reply, delay=inj.seconds)
        if inj.kind == "truncate":
            return attrs.evolve(reply, truncate=True)
        if inj.kind == "reset":
            return attrs.evolve(reply, reset=True)
        if inj.kind == "content_type":
            return attrs.evolve(reply, headers={**reply.headers, "Content-Type": inj.content_type})
        return attrs.evolve(reply, body=enc.body[: len(enc.body) // 2] + b"<<garbage")  # malformed

    def _expired_bearer(self, headers: Mapping[str, str]) -> SimReply | None:
        # An expired token this simulator issued gets what an OAuth-protected gateway answers:
        # 401 with the RFC 6750 §3 challenge (a never-issued token gets the service's own
        # authentication error instead, as before).
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or self.oauth.check(token.strip()) is not False:
            return None
        challenge = 'Bearer realm="faxws-simulator", error="invalid_token", '
        challenge += 'error_description="The access token expired"'
        return SimReply(401, {"WWW-Authenticate": challenge, "Content-Type": "text/plain"}, b"")

    def _inflate(
        self, coding: str, headers: Mapping[str, str], body: bytes, started: float
    ) -> bytes | SimReply:
        """The request body decoded from its Content-Encoding, or the error reply.

        A gSOAP client built WITH_GZIP compresses its requests when asked (``SOAP_ENC_ZLIB``:
        ``Content-Encoding: gzip``) and a gSOAP server inflates them, so the simulator does
        too: ``gzip`` and ``deflate`` (RFC 9110 §8.4.1), at most :data:`MAX_INFLATED_BODY`
        bytes (413 beyond); *coding* is one :func:`~faxstatus._http.content_coding` accepted.
        """
        try:
            return inflate(body, coding, MAX_INFLATED_BODY)
        except InflateLimitError as exc:
            reason = f"request body {exc}"
            return self._fault_reply(Fault.sender(reason), headers, b"", 413, started)
        except InflateError as exc:
            # As for any body that does not decode: a Client/Sender fault of its version.
            ctype = headers.get("content-type")
            error = DecodeError(f"Content-Encoding {coding}: the body {exc}")
            fault = _fault_for(error, ctype, b"")
            enc = _codec.encode_fault(fault, _json_or_none(ctype), style=XmlStyle.GSOAP)
            status = 400 if enc.content_type is ContentType.JSON else fault.http_status
            return self._reply(status, enc.headers["Content-Type"], enc.body, started)

    def _fault_reply(
        self,
        fault: Fault,
        headers: Mapping[str, str],
        body: bytes,
        status: int,
        started: float,
    ) -> SimReply:
        """*fault* in the request's SOAP version (or JSON), with HTTP *status*."""
        ctype = headers.get("content-type")
        fault = _fault_for(DecodeError(fault.reason), ctype, body)
        enc = _codec.encode_fault(fault, _json_or_none(ctype, body), style=XmlStyle.GSOAP)
        return self._reply(status, enc.headers["Content-Type"], enc.body, started)

    def _description(self, which: str, headers: Mapping[str, str], started: float) -> SimReply:
        """The packaged WSDL (or XSD) with its addresses rewritten to this simulator."""
        host = headers.get("host", "localhost")
        if not _HOST_RE.fullmatch(host):
            return self._reply(400, "text/plain", b"bad Host header\n", started)
        base = f"http://{host}{self.path}"
        if which == "xsd":
            xsd = files("faxstatus.models").joinpath("faxws.xsd").read_bytes()
            return self._reply(200, _DESCRIPTION_MEDIA, xsd, started)
        wsdl = files("faxstatus.models").joinpath("faxws.wsdl").read_text("utf-8")
        wsdl = re.sub(r'(<(?:\w+:)?address location=")[^"]*"', rf'\g<1>{base}"', wsdl)
        wsdl = wsdl.replace('schemaLocation="faxws.xsd"', f'schemaLocation="{base}?xsd"')
        return self._reply(200, _DESCRIPTION_MEDIA, wsdl.encode(), started)

    def _reply(
        self,
        status: int,
        ctype: str,
        body: bytes,
        started: float,
        extra: Mapping[str, str] | None = None,
    ) -> SimReply:
        headers = {
            "Content-Type": ctype,
            ACTIVITY_ID_HEADER: str(uuid.uuid4()),
            EXECUTION_TIME_HEADER: str(round((time.perf_counter() - started) * 1000)),
            **(extra or {}),
        }
        return SimReply(status, headers, body)


#: The most bytes a coded request body may inflate to: the body limit of the HTTP server
#: and of the codec alike.
MAX_INFLATED_BODY = DEFAULT_MAX_BYTES
#: The WSDL and XSD are served as SOAP 1.1 serves XML (WSDL 1.1 names no media type).
_DESCRIPTION_MEDIA = f"{ContentType.SOAP11.media_type}; charset=utf-8"


def _refusal(f: FieldPlan, code: int = AUTHENTICATION_FAILED) -> Any:
    """What a ``return`` of *f*'s type says when the login was refused (WSError *code*)."""
    if f.kind is Kind.BOOLEAN:
        return False
    if f.kind in INT_RANGE:
        return code
    return ""


def _first_text(plan: ClassPlan, obj: Any, names: tuple[str, ...]) -> str | None:
    """The first string element called one of *names* in *obj*, depth first, or None."""
    for f in plan.fields:
        value = getattr(obj, f.attr)
        if (f.name in names or f.was in names) and f.kind is Kind.STRING and isinstance(value, str):
            return value
        if f.plan is not None and not f.is_list and value is not None and f.plan.item is None:
            found = _first_text(f.plan, value, names)
            if found is not None:
                return found
    return None


def _xml_body(ctype: str | None, body: bytes) -> bool:
    return not is_json(parse_content_type(ctype)[0], body)


def _json_or_none(ctype: str | None, body: bytes = b"") -> ContentType | None:
    # The codec's rule, so that a request it reads as JSON is answered in JSON.
    return ContentType.JSON if is_json(parse_content_type(ctype)[0], body) else None


def _version_of(ct: ContentType) -> SoapVersion:
    return SoapVersion.SOAP11 if ct is ContentType.SOAP11 else SoapVersion.SOAP12


def _fault_for(exc: CodecError, ctype: str | None, body: bytes) -> Fault:
    # Answer in the request's SOAP version when it can be told (SOAP 1.2 Part 1 §5.4.7).
    media, _ = parse_content_type(ctype)
    v11 = SOAP11_NS.encode() in body[:2048] or (
        media == ContentType.SOAP11.media_type and SOAP12_NS.encode() not in body[:2048]
    )
    version = SoapVersion.SOAP11 if v11 else SoapVersion.SOAP12
    if isinstance(exc, VersionMismatchError):
        code = f"{{{SoapVersion.SOAP12.value}}}VersionMismatch"
        return Fault(SoapVersion.SOAP12, code, (FaultReason(str(exc), "en"),))
    return Fault.sender(str(exc), version)
