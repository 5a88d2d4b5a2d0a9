"""Typed, per-job results of the status operations, job-id checks, and batch accounting."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from .._errors import FaxStatusError, InvalidJobIdError, MissingFromResponse
from ..codec._api import ContentType
from ..codec._operations import JRI_PREFIX

__all__ = [
    "MAX_JOB_ID_LENGTH",
    "FaxJobStatus",
    "ItemError",
    "JobOutcome",
    "JobStatus",
    "ResponseMeta",
    "StatusReport",
    "check_job_id",
    "jri",
    "match_items",
    "parse_fax_datetime",
]

#: Longest job id accepted before sending. Concord ids are short "br…" strings and a
#: ReferenceId is a caller-chosen label; anything this long is a bug, not an id.
MAX_JOB_ID_LENGTH = 256


class FaxJobStatus(enum.IntEnum):
    """FaxJobStatusId values documented for FaxWS (CONTRACT.md §4.2)."""

    SUCCEEDED = 1  #: the job was delivered
    FAILED = 2  #: the job failed
    IN_PROGRESS = 3  #: the job is queued or being sent


def check_job_id(job_id: object) -> str:
    """Return *job_id* if it can be sent, else raise InvalidJobIdError saying why.

    Rejected: non-strings, empty ids, whitespace or control/format characters anywhere,
    and ids longer than :data:`MAX_JOB_ID_LENGTH`. The id itself is quoted (it is no secret).
    """
    if not isinstance(job_id, str):
        raise InvalidJobIdError(f"job id must be a string, not {type(job_id).__name__}")
    if not job_id:
        raise InvalidJobIdError("job id is empty")
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
        """Build from a generated FaxStatus / RealTimeFaxStatus* item."""
        code = item.fax_job_status_id
        try:
            status: FaxJobStatus | int = FaxJobStatus(code)
        except ValueError:
            status = code
        err = item.error
        raw = getattr(item, "fax_delivery_date_time", None)
        return cls(
            job_id=item.fax_job_id,
            status=status,
            description=item.status_description,
            error=None if err.error_code == 0 else ItemError(err.error_code, err.error_string),
            recipient_state=getattr(item, "recipient_state", None),
            pages_sent=getattr(item, "recipient_current_page_count", None),
            pages_total=getattr(item, "recipient_total_page_count", None),
            delivered_at_raw=raw,
            delivered_at=parse_fax_datetime(raw) if raw else None,
            duration_seconds=getattr(item, "fax_delivery_duration", None),
            remote_csid=getattr(item, "remote_fax_csid", None),
            reference_id=getattr(item, "reference_id", None),
            fax_number=getattr(item, "fax_number", None),
            submitted_at_raw=getattr(item, "fax_submit_date_time", None),
            started_at_raw=getattr(item, "fax_start_date_time", None),
            delivery_attempts=getattr(item, "fax_delivery_attempts", None),
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON output (enums by name, datetimes ISO 8601)."""
        out = attrs.asdict(self, recurse=True)
        out["status"] = self.status.name if isinstance(self.status, FaxJobStatus) else self.status
        out["status_code"] = self.status_code
        if self.delivered_at is not None:
            out["delivered_at"] = self.delivered_at.isoformat()
        return out


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


@attrs.frozen
class JobOutcome:
    """Exactly one outcome per requested id: a status, or the reason there is none."""

    requested_id: str
    status: JobStatus | None = None
    #: why there is no status: the batch failed (ServiceError, SoapFault, TransportError, …),
    #: or the response left this id out (a MissingFromResponse).
    error: FaxStatusError | None = None

    @property
    def ok(self) -> bool:
        """True when a status came back."""
        return self.status is not None


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
    def statuses(self) -> dict[str, JobStatus]:
        """Requested id → status, for the ids that have one."""
        return {o.requested_id: o.status for o in self.outcomes if o.status is not None}

    @property
    def failures(self) -> dict[str, FaxStatusError]:
        """Requested id → why it has no status."""
        return {o.requested_id: o.error for o in self.outcomes if o.error is not None}


_JRI = re.compile(r"\AJRI-(.+)\Z", re.DOTALL)


def match_items(
    asked: Sequence[str], items: Sequence[Any]
) -> tuple[list[JobOutcome], list[JobStatus]]:
    """Pair the items of one response with the ids asked for in that batch.

    The docs say FaxStatusList holds one entry per requested id (CONTRACT.md §2.2), so equal
    lengths pair by position, checked by id. Otherwise (or where a position disagrees),
    items pair by FaxJobId, and ``JRI-<ref>`` requests by ReferenceId where the operation
    has one (Ex2, Ex3). Unpaired requests become MissingFromResponse outcomes; unpaired
    items are returned as unexpected. Nothing is dropped.
    """
    statuses: list[JobStatus | None] = [
        None if item is None else JobStatus.from_item(item) for item in items
    ]
    found: dict[str, JobStatus] = {}
    used = [False] * len(statuses)

    def fits(job_id: str, st: JobStatus) -> bool:
        m = _JRI.match(job_id)
        if m is None:
            return st.job_id == job_id
        # A JRI- lookup answers with the real job id; it fits when the ReferenceId agrees,
        # or, for operations without ReferenceId, when the item echoes the JRI- id.
        return st.reference_id == m.group(1) or st.job_id == job_id or st.reference_id is None

    if len(statuses) == len(asked):
        for i, (job_id, st) in enumerate(zip(asked, statuses, strict=True)):
            if st is not None and fits(job_id, st):
                found[job_id] = st
                used[i] = True
    # What positions did not settle pairs by FaxJobId, then by ReferenceId, each index once
    # and in document order: dictionaries keep this linear for any batch size.
    by_id: dict[str, list[int]] = {}
    by_ref: dict[str, list[int]] = {}
    for i, st in enumerate(statuses):
        if st is not None and not used[i]:
            by_id.setdefault(st.job_id, []).append(i)
            if st.reference_id:
                by_ref.setdefault(st.reference_id, []).append(i)

    def take(candidates: list[int] | None) -> int | None:
        while candidates:
            i = candidates.pop(0)
            if not used[i]:
                used[i] = True
                return i
        return None

    for job_id in asked:
        if job_id in found:
            continue
        hit = take(by_id.get(job_id))
        m = _JRI.match(job_id)
        if hit is None and m is not None:
            hit = take(by_ref.get(m.group(1)))
        if hit is not None:
            st = statuses[hit]
            assert st is not None
            found[job_id] = st
    outcomes = []
    for job_id in asked:
        st = found.get(job_id)
        if st is None:
            outcomes.append(
                JobOutcome(job_id, error=MissingFromResponse(f"no item for job id {job_id!r}"))
            )
        else:
            outcomes.append(JobOutcome(job_id, status=st))
    unexpected = [st for i, st in enumerate(statuses) if st is not None and not used[i]]
    return outcomes, unexpected
