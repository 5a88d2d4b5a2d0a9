"""Typed, per-job results of the status operations, job-id checks, and batch accounting."""

from __future__ import annotations

import base64
import collections
import dataclasses
import enum
import re
import types
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs

from .._contract import (
    AUTHENTICATION_FAILED,
    INVALID_JOB_ID,
    STATUS_FAILED,
    STATUS_IN_PROGRESS,
    STATUS_SUCCEEDED,
)
from .._errors import (
    AmbiguousItemError,
    FaxStatusError,
    HTTPStatusError,
    InvalidJobIdError,
    JobLookupError,
    JobNotFoundError,
    MissingFromResponse,
    NotSentError,
    OAuthError,
    ServiceError,
    SoapFault,
    ThrottledError,
    TransportError,
)
from ..codec._api import ContentType
from ..codec._compile import Source
from ..codec._operations import JRI_PREFIX
from ..codec._plan import plan_for

__all__ = [
    "MAX_JOB_ID_LENGTH",
    "FaxJobStatus",
    "ItemError",
    "JobOutcome",
    "JobStatus",
    "ResponseMeta",
    "StatusReport",
    "check_job_id",
    "error_kind",
    "job_status",
    "jri",
    "match_items",
    "parse_fax_datetime",
    "status_json",
    "status_label",
    "transient",
]

#: Longest job id accepted before sending. Concord ids are short "br…" strings and a
#: ReferenceId is a caller-chosen label; anything this long is a bug, not an id.
MAX_JOB_ID_LENGTH = 256


class FaxJobStatus(enum.IntEnum):
    """The FaxJobStatusId values documented for FaxWS (CONTRACT.md §4.2).

    A code outside these is kept as a plain ``int`` wherever a status is held (see
    :func:`job_status`); :func:`status_json` gives both the same JSON shape.
    """

    SUCCEEDED = STATUS_SUCCEEDED  #: the job was delivered
    FAILED = STATUS_FAILED  #: the job failed
    IN_PROGRESS = STATUS_IN_PROGRESS  #: the job is queued or being sent

    @property
    def label(self) -> str:
        """The lower-case name used in tables and JSON: ``succeeded``, ``in_progress``, …."""
        return self.name.lower()


def job_status(code: int) -> FaxJobStatus | int:
    """*code* as a :class:`FaxJobStatus` when documented, else the int itself."""
    if code.__class__ is int:
        # An exact int finds its member as the enum's own value map would (once per item).
        return _BY_CODE.get(code, code)
    try:
        return FaxJobStatus(code)
    except ValueError:
        return code


_BY_CODE: dict[int, FaxJobStatus] = {int(s): s for s in FaxJobStatus}


def status_label(status: FaxJobStatus | int) -> str:
    """The status's :attr:`FaxJobStatus.label`; an undocumented code is ``unknown``."""
    return status.label if isinstance(status, FaxJobStatus) else "unknown"


def status_json(status: FaxJobStatus | int) -> dict[str, Any]:
    """``{"name": …, "code": …}`` for any status, documented or not (see :func:`status_label`)."""
    return {"name": status_label(status), "code": int(status)}


def check_job_id(job_id: object) -> str:
    """Return *job_id* if it can be sent, else raise InvalidJobIdError saying why.

    Rejected: non-strings, empty ids, whitespace or control/format characters anywhere,
    and ids longer than :data:`MAX_JOB_ID_LENGTH`. The id itself is quoted (it is no secret).
    """
    if not isinstance(job_id, str):
        raise InvalidJobIdError(f"job id must be a string, not {type(job_id).__name__}")
    if not job_id:
        raise InvalidJobIdError("job id is empty")
    if (
        job_id.isascii()
        and job_id.isprintable()
        and " " not in job_id
        and len(job_id) <= MAX_JOB_ID_LENGTH
        and job_id != JRI_PREFIX
    ):
        # The common case, checked in C: printable ASCII but the space holds no whitespace
        # and no control or format character (Cc, Cf, Cs, Zl and Zp have none in ASCII).
        return job_id
    if len(job_id) > MAX_JOB_ID_LENGTH:
        raise InvalidJobIdError(
            f"job id is {len(job_id)} characters long (limit {MAX_JOB_ID_LENGTH}): {job_id[:20]!r}…"
        )
    for i, ch in enumerate(job_id):
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            what = "whitespace" if ch.isspace() else "a control character"
            raise InvalidJobIdError(
                f"job id {job_id[:40]!r} has {what} (U+{ord(ch):04X}) at offset {i}"
            )
    if job_id == JRI_PREFIX:
        raise InvalidJobIdError("job id 'JRI-' has no ReferenceId after the prefix")
    return job_id


def jri(reference_id: str) -> str:
    """The job id that looks a job up by its ReferenceId: ``JRI-<ReferenceId>``.

    The service answers with the most recent job carrying that ReferenceId when several
    share it (CONTRACT.md §4.1).
    """
    if not reference_id:
        raise InvalidJobIdError("ReferenceId is empty")
    return check_job_id(JRI_PREFIX + reference_id)


_DATE_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S")


def parse_fax_datetime(text: str) -> datetime | None:
    """Parse a FaxWS date/time string when its format is recognised, else None.

    The schema types these fields as xsd:string and no format is documented (CONTRACT.md §4.7);
    ISO 8601 and the US ``MM/DD/YYYY hh:mm:ss[ AM|PM]`` forms are recognised. A value without
    a zone is returned naive; ``Z`` or an offset gives an aware datetime.
    """
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


@attrs.frozen
class ItemError:
    """A WSError: ``code`` and ``text`` as the service sent them."""

    code: int
    text: str


@attrs.frozen
class JobStatus:
    """The status of one fax job, from any of the multi-job status operations.

    Fields an operation does not carry are None (``pages_sent`` for GetFaxStatus,
    ``reference_id`` before Ex2, ``fax_number`` and the submit/start times before Ex3).
    ``status`` is a :class:`FaxJobStatus` when the code is documented, else the raw int.
    A JobStatus with an ``error`` never reaches an ok outcome: :func:`match_items` turns it
    into a :class:`~faxstatus.JobLookupError` that keeps it as ``item``.
    """

    job_id: str  #: the FaxJobId the service returned
    status: FaxJobStatus | int
    description: str
    error: ItemError | None  #: the item's Error when its code is not 0
    recipient_state: int | None = None
    pages_sent: int | None = None
    pages_total: int | None = None
    delivered_at_raw: str | None = None
    delivered_at: datetime | None = None
    duration_seconds: int | None = None
    remote_csid: str | None = None
    reference_id: str | None = None
    fax_number: str | None = None
    submitted_at_raw: str | None = None
    started_at_raw: str | None = None
    delivery_attempts: int | None = None
    #: Item fields without an attribute above, keyed by their schema name (a field the vendor
    #: added later appears here after ``make generate``, with no change to this class).
    extra: Mapping[str, Any] = attrs.field(factory=dict, hash=False)

    @property
    def status_code(self) -> int:
        """The FaxJobStatusId as an int."""
        return int(self.status)

    @property
    def done(self) -> bool:
        """True once the job succeeded or failed."""
        return self.status in (FaxJobStatus.SUCCEEDED, FaxJobStatus.FAILED)

    @classmethod
    def from_item(cls, item: Any) -> JobStatus:
        """Build from a status item of any multi-job operation (its layout says what it has)."""
        if cls is not JobStatus:
            return _from_item(cls, item)
        build = _BUILDERS.get(type(item))
        if build is None:
            build = _BUILDERS[type(item)] = _builder(type(item))
        return build(item)

    def lookup_error(self, requested_id: str) -> JobLookupError | None:
        """The per-item error this item carries, typed, or None for a real status.

        An item error is its non-zero ``Error``; with ``Error`` 0, a negative
        FaxJobStatusId (the documented -5019) is one too. -5019 is a JobNotFoundError.
        """
        if self.error is not None:
            code, text = self.error.code, self.error.text
        elif self.status_code < 0:
            code, text = self.status_code, self.description
        else:
            return None
        cls = JobNotFoundError if code == INVALID_JOB_ID else JobLookupError
        return cls(requested_id, code, text, item=self)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output: ``status`` as ``{"name", "code"}``, datetimes ISO 8601."""
        out = attrs.asdict(self, recurse=True)
        out["status"] = status_json(self.status)
        if self.delivered_at is not None:
            out["delivered_at"] = self.delivered_at.isoformat()
        out["extra"] = {k: _plain(v) for k, v in self.extra.items()}
        return out


def _plain(value: Any) -> Any:
    """JSON-ready data for an item field's value (Decimal and bytes as their XSD text)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.attr)) for f in plan_for(type(value)).fields}
    return value


#: Item fields (schema names) that have a named JobStatus attribute; the rest go to ``extra``.
#: A field the vendor renamed is looked up by the name it had (schema/renames.toml).
_ATTRIBUTES = {
    "FaxJobId": "job_id",
    "FaxJobStatusId": "status",
    "StatusDescription": "description",
    "Error": "error",
    "RecipientState": "recipient_state",
    "RecipientCurrentPageCount": "pages_sent",
    "RecipientTotalPageCount": "pages_total",
    "FaxDeliveryDateTime": "delivered_at_raw",
    "FaxDeliveryDuration": "duration_seconds",
    "RemoteFaxCSID": "remote_csid",
    "ReferenceId": "reference_id",
    "FaxNumber": "fax_number",
    "FaxSubmitDateTime": "submitted_at_raw",
    "FaxStartDateTime": "started_at_raw",
    "FaxDeliveryAttempts": "delivery_attempts",
}


_FIELD_MAPS: dict[type[Any], tuple[tuple[str, str, str | None], ...]] = {}
#: Item class -> its compiled JobStatus builder (:func:`_builder`), one per class.
_BUILDERS: dict[type[Any], Callable[[Any], JobStatus]] = {}


def _from_item(cls: type[JobStatus], item: Any) -> JobStatus:
    """:meth:`JobStatus.from_item` read field by field: what every builder computes."""
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for attr, field_name, name in _fields_of(type(item)):
        value = getattr(item, attr)
        if name is None:
            extra[field_name] = value
        else:
            values[name] = value
    code = values.pop("status", None)
    status = job_status(code if code is not None else 0)
    err = values.pop("error", None)
    raw = values.get("delivered_at_raw")
    return cls(
        job_id=values.pop("job_id", ""),
        status=status,
        description=values.pop("description", "") or "",
        error=None
        if err is None or err.error_code == 0
        else ItemError(err.error_code, err.error_string),
        delivered_at=parse_fax_datetime(raw) if isinstance(raw, str) and raw else None,
        extra=extra,
        **values,
    )


def _slots_settable(cls: type[Any]) -> bool:
    """True when setting *cls*'s slots one by one makes what its ``__init__`` makes.

    So for an attrs class whose fields have no validator, converter or on_setattr hook,
    with no pre/post-init hook, each field a slot of its own.
    """
    if any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")):
        return False
    for f in attrs.fields(cls):
        if f.validator is not None or f.converter is not None or f.on_setattr is not None:
            return False
        if not isinstance(cls.__dict__.get(f.name), types.MemberDescriptorType):
            return False
    return True


def _builder(item_cls: type[Any], *, direct: bool | None = None) -> Callable[[Any], JobStatus]:
    """A compiled :func:`_from_item` for items of *item_cls*: the same JobStatus, faster.

    The item's fields are read by name, in the layout table's order, with no dict between;
    with *direct* (by default when :func:`_slots_settable`) the JobStatus's slots are set
    in place of a call to its ``__init__`` (the frozen class's ``__setattr__`` refuses).
    """
    if direct is None:
        direct = _slots_settable(JobStatus)
    src = Source(f"JobStatus builder of {item_cls.__name__}")
    mapped = {name: attr for attr, _, name in _fields_of(item_cls) if name is not None}
    extra = [(src.const(name), attr) for attr, name, to in _fields_of(item_cls) if to is None]
    lines = src.lines
    lines.append("def build(item):")
    code = f"item.{mapped['status']}" if "status" in mapped else "None"
    lines += [
        f"    code = {code}",
        "    status = BY_CODE.get(code, code) if code.__class__ is int else"
        " job_status(0 if code is None else code)",
    ]
    values: dict[str, str] = {"status": "status"}
    if "error" in mapped:
        lines.append(f"    err = item.{mapped['error']}")
        values["error"] = (
            "None if err is None or err.error_code == 0 else"
            " ItemError(err.error_code, err.error_string)"
        )
    else:
        values["error"] = "None"
    values["job_id"] = f"item.{mapped['job_id']}" if "job_id" in mapped else "''"
    values["description"] = (
        f"item.{mapped['description']} or ''" if "description" in mapped else "''"
    )
    if "delivered_at_raw" in mapped:
        lines.append(f"    raw = item.{mapped['delivered_at_raw']}")
        values["delivered_at_raw"] = "raw"
        values["delivered_at"] = "parse(raw) if isinstance(raw, str) and raw else None"
    else:
        values["delivered_at"] = "None"
    for name, attr in mapped.items():
        values.setdefault(name, f"item.{attr}")
    values["extra"] = "{" + ", ".join(f"{k}: item.{a}" for k, a in extra) + "}"
    if direct:
        lines.append("    s = new(JobStatus)")
        for f in attrs.fields(JobStatus):
            setter = src.const(JobStatus.__dict__[f.name].__set__)
            default: Any = f.default
            if f.name in values:
                value = values[f.name]
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                value = f"{src.const(default.factory)}({'s' if default.takes_self else ''})"
            else:
                value = src.const(default)
            lines.append(f"    {setter}(s, {value})")
        lines.append("    return s")
    else:
        args = ", ".join(f"{k}=({v})" for k, v in values.items())
        lines.append(f"    return JobStatus({args})")
    helpers = {
        "JobStatus": JobStatus,
        "BY_CODE": _BY_CODE,
        "job_status": job_status,
        "ItemError": ItemError,
        "parse": parse_fax_datetime,
    }
    built: Callable[[Any], JobStatus] = src.compile(helpers)["build"]
    return built


def _fields_of(cls: type[Any]) -> tuple[tuple[str, str, str | None], ...]:
    """(attribute, schema name, JobStatus attribute or None) of each field of item class *cls*."""
    found = _FIELD_MAPS.get(cls)
    if found is None:
        # By the name the element is known by: a renamed one keeps its attribute.
        found = tuple((f.attr, f.name, _ATTRIBUTES.get(f.was)) for f in plan_for(cls).fields)
        _FIELD_MAPS[cls] = found
    return found


@attrs.frozen
class ResponseMeta:
    """What one HTTP exchange said about itself."""

    request_id: str  #: the x-ch-request-id we sent
    activity_id: str | None  #: x-ch-activity-id from the service
    execution_time_ms: float | None  #: x-ch-execution-time, parsed as milliseconds
    http_status: int
    content_type: ContentType
    attempts: int = 1
    received_at: datetime = attrs.field(factory=lambda: datetime.now(UTC))


def error_kind(error: FaxStatusError) -> str:
    """A short, stable name for what went wrong with one job id (tables, JSON, exit codes).

    ``not_found`` and ``item_error`` (the service answered this id with an error) and
    ``missing`` (the response left it out) are per-id; ``not_sent``, ``auth`` (the OAuth
    token endpoint refused, HTTP 401/403 refused the credential — an expired token — or the
    service answered WSError -1000 "Authentication failed": a wrong PIN or token),
    ``service_error`` (any other ``return`` false), ``soap_fault``,
    ``throttled`` (HTTP 429, or 503 with Retry-After: the service asked for a slower pace),
    ``http_error``, ``transport`` and ``decode`` failed the batch.
    """
    if isinstance(error, ServiceError) and error.code == AUTHENTICATION_FAILED:
        return "auth"
    if isinstance(error, HTTPStatusError) and error.status in (401, 403):
        return "auth"  # the credential refused in front of the service (RFC 9110 §15.5.2)
    for cls, kind in _KINDS:
        if isinstance(error, cls):
            return kind
    return "decode"


_KINDS: tuple[tuple[type[FaxStatusError], str], ...] = (
    (JobNotFoundError, "not_found"),
    (JobLookupError, "item_error"),
    (MissingFromResponse, "missing"),
    (NotSentError, "not_sent"),
    (OAuthError, "auth"),
    (ServiceError, "service_error"),
    (SoapFault, "soap_fault"),
    (ThrottledError, "throttled"),
    (HTTPStatusError, "http_error"),
    (TransportError, "transport"),
)


def transient(error: FaxStatusError) -> bool:
    """True for a failure that asking again later may not repeat.

    Connection errors, timeouts, 5xx and 429 (after the client's own retries), and batches
    not sent; not 4xx statuses, faults, service errors or undecodable answers.
    """
    if isinstance(error, NotSentError):
        return True
    if isinstance(error, HTTPStatusError):
        return error.status >= 500 or error.status == 429
    return isinstance(error, TransportError)


#: The kinds that concern one id while the exchange itself worked.
PER_ID_KINDS = frozenset({"not_found", "item_error", "missing"})


@attrs.frozen
class JobOutcome:
    """Exactly one outcome per requested id: a status, or the reason there is none.

    ``ok`` means the service answered this id with a status (succeeded, failed, in progress
    or an undocumented code): the *lookup* worked, whatever happened to the fax. A fax that
    failed is ``ok`` with ``status.status`` FAILED; an id the service does not know is not
    ok (a :class:`~faxstatus.JobNotFoundError`).
    """

    requested_id: str
    #: the job's status; None exactly when ``error`` says why there is none.
    status: JobStatus | None = None
    #: why there is no status: the service answered this id with an item error
    #: (JobLookupError, JobNotFoundError), the response left it out (MissingFromResponse),
    #: or its batch failed (ServiceError, SoapFault, TransportError, …, NotSentError).
    error: FaxStatusError | None = None

    @property
    def ok(self) -> bool:
        """True when the service answered this id with a status (see the class docs)."""
        return self.status is not None and self.error is None

    @property
    def final(self) -> bool:
        """True when polling again cannot change this outcome.

        A job that succeeded or failed is final, and so is an id the service answered with
        an error or left out; an in-progress job is not, nor is a batch that failed in
        transport (the next poll may get through).
        """
        if self.status is not None:
            return self.status.done
        assert self.error is not None
        return not transient(self.error)

    @property
    def kind(self) -> str:
        """The status label when ok (``succeeded``, …, ``unknown``), else :func:`error_kind`."""
        if self.status is not None:
            return status_label(self.status.status)
        assert self.error is not None
        return error_kind(self.error)

    def as_dict(self) -> dict[str, Any]:
        """One JSON shape for every id.

        ``{"job_id", "ok", "kind", "final", "status": {"name", "code"} | null, "job": {…} |
        null, "error": {"kind", "type", "code", "message"} | null}``: ``kind`` and ``final``
        are :attr:`kind` and :attr:`final`; ``job`` holds the item's fields whenever the
        service sent one (also for an item error).
        """
        item = self.status
        error = None
        if self.error is not None:
            item = getattr(self.error, "item", None)
            error = {
                "kind": error_kind(self.error),
                "type": type(self.error).__name__,
                "code": getattr(self.error, "code", None),
                "message": str(self.error),
            }
        return {
            "job_id": self.requested_id,
            "ok": self.ok,
            "kind": self.kind,
            "final": self.final,
            "status": None if self.status is None else status_json(self.status.status),
            "job": None if item is None else item.as_dict(),
            "error": error,
        }


@attrs.frozen
class StatusReport:
    """Everything a multi-job status call returned, with nothing dropped.

    ``outcomes`` holds one entry per distinct requested id, in the order asked. Duplicate ids
    are sent once and share an outcome (``duplicates`` lists them). ``unexpected`` holds items
    the service returned for ids nobody asked for. ``responses`` has one entry per batch.
    """

    operation: str
    outcomes: tuple[JobOutcome, ...]
    unexpected: tuple[JobStatus, ...] = ()
    duplicates: tuple[str, ...] = ()
    responses: tuple[ResponseMeta, ...] = ()

    def __iter__(self) -> Iterator[JobOutcome]:
        return iter(self.outcomes)

    def __len__(self) -> int:
        return len(self.outcomes)

    def __getitem__(self, job_id: str) -> JobOutcome:
        for o in self.outcomes:
            if o.requested_id == job_id:
                return o
        raise KeyError(job_id)

    @property
    def ok(self) -> bool:
        """True when every id is ok (see :attr:`JobOutcome.ok`)."""
        return all(o.ok for o in self.outcomes)

    @property
    def final(self) -> bool:
        """True when every outcome is final (see :attr:`JobOutcome.final`)."""
        return all(o.final for o in self.outcomes)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output: one :meth:`JobOutcome.as_dict` per id, and the rest."""
        return {
            "operation": self.operation,
            "ok": self.ok,
            "results": [o.as_dict() for o in self.outcomes],
            "unexpected": [s.as_dict() for s in self.unexpected],
            "duplicates": list(self.duplicates),
            "responses": [
                {
                    "request_id": r.request_id,
                    "activity_id": r.activity_id,
                    "execution_time_ms": r.execution_time_ms,
                    "http_status": r.http_status,
                    "content_type": r.content_type.value,
                    "attempts": r.attempts,
                }
                for r in self.responses
            ],
        }

    @property
    def statuses(self) -> dict[str, JobStatus]:
        """Requested id → status, for the ids that are ok."""
        return {o.requested_id: o.status for o in self.outcomes if o.status is not None and o.ok}

    @property
    def failures(self) -> dict[str, FaxStatusError]:
        """Requested id → why it has no status."""
        return {o.requested_id: o.error for o in self.outcomes if o.error is not None}


_JRI = re.compile(r"\AJRI-(.+)\Z", re.DOTALL)


def match_items(
    asked: Sequence[str], items: Sequence[Any]
) -> tuple[list[JobOutcome], list[JobStatus]]:
    """Pair the items of one response with the ids asked for in that batch, never guessing.

    An item pairs with the requested id it carries: its FaxJobId, or for a ``JRI-<ref>``
    request its ReferenceId (Ex2, Ex3). A JRI- lookup answered by an item that carries
    neither (the operations before Ex2 answer with the job's ``br…`` id alone) pairs by
    position only when the response is verifiably in the order asked: one entry per
    requested id (CONTRACT.md §2.2), at least one item naming its job, every such item at
    its id's position and every ``br…`` id asked among them. It also pairs when it is the
    one item left for the one id left, or the one item answering a request for one id.
    When no item names its job, order proves nothing. Otherwise the id gets an
    :class:`AmbiguousItemError` and the item stays in ``unexpected``. Unpaired requests
    become MissingFromResponse outcomes; unpaired items are returned as unexpected.
    Nothing is dropped, and no job is given another job's status. Linear in the batch.
    """
    statuses = _statuses(items)
    if len(statuses) == len(asked) and all(
        st is not None and job_id and st.job_id == job_id
        for st, job_id in zip(statuses, asked, strict=True)
    ):
        # Every item carries the id asked at its position: :func:`_pair`'s step 1 pairs
        # each with its own position (a queue per id holds its positions in order) and
        # leaves nothing for the later steps or for ``unexpected``.
        return [
            _outcome(j, st) for j, st in zip(asked, statuses, strict=True) if st is not None
        ], []
    return _pair(asked, statuses)


def _pair(
    asked: Sequence[str], statuses: list[JobStatus | None]
) -> tuple[list[JobOutcome], list[JobStatus]]:
    """:func:`match_items`'s steps over the items' statuses (None for a nil item)."""
    used = [False] * len(statuses)
    pairs: dict[int, int] = {}  # index in asked -> index in items

    def queues(key: Callable[[JobStatus], str | None]) -> dict[str, collections.deque[int]]:
        out: dict[str, collections.deque[int]] = {}
        for i, st in enumerate(statuses):
            k = None if st is None or used[i] else key(st)
            if k:
                out.setdefault(k, collections.deque()).append(i)
        return out

    def take(candidates: collections.deque[int] | None) -> int | None:
        while candidates:
            i = candidates.popleft()
            if not used[i]:
                used[i] = True
                return i
        return None

    # 1. By the id the item carries (a JRI- id may be echoed as it was asked).
    by_id = queues(lambda st: st.job_id)
    for a, job_id in enumerate(asked):
        hit = take(by_id.get(job_id))
        if hit is not None:
            pairs[a] = hit
    # 2. JRI- lookups by ReferenceId.
    refs = {a: m.group(1) for a, j in enumerate(asked) if a not in pairs and (m := _JRI.match(j))}
    if refs:
        by_ref = queues(lambda st: st.reference_id)
        for a, ref in refs.items():
            hit = take(by_ref.get(ref))
            if hit is not None:
                pairs[a] = hit
    # 3. JRI- lookups answered by items that carry nothing to check them by.
    left = [a for a in refs if a not in pairs]
    ambiguous: set[int] = set()
    if left:
        blind = [
            i
            for i, st in enumerate(statuses)
            if st is not None and not used[i] and not st.reference_id
        ]
        same_length = len(statuses) == len(asked)
        # Order is evidence only where items show it: at least one item names its job,
        # every one that does stands at its id's position, and every br… id asked is
        # among them. When no item names its job, the response's order proves nothing
        # (CONTRACT.md §2.2 promises one entry per id, not an order).
        named = set(pairs)
        in_order = (
            same_length
            and bool(pairs)
            and all(a == i for a, i in pairs.items())
            and all(a in named for a in range(len(asked)) if a not in refs)
        )
        if len(asked) == 1 and len(statuses) == 1 and left:
            # The one item answering a request for one id answers that id: nothing to match.
            if statuses[0] is not None and not statuses[0].reference_id:
                used[0] = True
                pairs[left[0]] = 0
        elif in_order:
            for a in left:
                st = statuses[a]
                if st is not None and not used[a] and not st.reference_id:
                    used[a] = True
                    pairs[a] = a
        elif same_length and len(left) == 1 and len(blind) == 1 and _only_unused(used, statuses):
            # One entry per requested id, every other one identified: this one is its.
            used[blind[0]] = True
            pairs[left[0]] = blind[0]
        elif blind:
            ambiguous = set(left)
    outcomes = []
    for a, job_id in enumerate(asked):
        if a in pairs:
            st = statuses[pairs[a]]
            assert st is not None
            outcomes.append(_outcome(job_id, st))
        elif a in ambiguous:
            outcomes.append(
                JobOutcome(
                    job_id,
                    error=AmbiguousItemError(
                        f"cannot tell which item answers {job_id!r}: the response is not in the "
                        "order asked and its items carry neither this id nor its ReferenceId"
                    ),
                )
            )
        else:
            outcomes.append(
                JobOutcome(job_id, error=MissingFromResponse(f"no item for job id {job_id!r}"))
            )
    unexpected = [st for i, st in enumerate(statuses) if st is not None and not used[i]]
    return outcomes, unexpected


def _statuses(items: Sequence[Any]) -> list[JobStatus | None]:
    """:meth:`JobStatus.from_item` of each item (None for a nil one), one builder per class."""
    out: list[JobStatus | None] = []
    append = out.append
    kind: type[Any] | None = None
    build: Callable[[Any], JobStatus] | None = None
    for item in items:
        if item is None:
            append(None)
            continue
        if type(item) is not kind:
            kind = type(item)
            build = _BUILDERS.get(kind)
            if build is None:
                build = _BUILDERS[kind] = _builder(kind)
        assert build is not None
        append(build(item))
    return out


def _slot_init(cls: type[Any]) -> Callable[..., Any]:
    """*cls* itself, or when :func:`_slots_settable` a compiled maker setting its slots.

    Either takes every field's value, positionally in field order.
    """
    if not _slots_settable(cls):
        return cls
    src = Source(f"slot init of {cls.__name__}")
    fields = attrs.fields(cls)
    params = [f"v{i}" for i in range(len(fields))]
    src.lines += [f"def init({', '.join(params)}):", f"    s = new({src.const(cls)})"]
    for f, v in zip(fields, params, strict=True):
        src.lines.append(f"    {src.const(cls.__dict__[f.name].__set__)}(s, {v})")
    src.lines.append("    return s")
    init: Callable[..., Any] = src.compile()["init"]
    return init


#: JobOutcome's maker (:func:`_slot_init`), compiled at the first response matched.
_NEW_OUTCOME: list[Callable[..., Any]] = []


def _outcome(job_id: str, st: JobStatus) -> JobOutcome:
    """The outcome of *job_id* answered by *st*: its status, or the item error it carries."""
    if st.error is None and int(st.status) >= 0:  # what lookup_error answers None for
        if not _NEW_OUTCOME:
            _NEW_OUTCOME.append(_slot_init(JobOutcome))
        ok: JobOutcome = _NEW_OUTCOME[0](job_id, st, None)
        return ok
    err = st.lookup_error(job_id)
    return JobOutcome(job_id, status=st) if err is None else JobOutcome(job_id, error=err)


def _only_unused(used: list[bool], statuses: Sequence[JobStatus | None]) -> bool:
    """True when exactly one non-nil item is still unpaired."""
    return sum(1 for u, st in zip(used, statuses, strict=True) if not u and st is not None) == 1
