"""The FaxWS client: batching, retries, deadlines, per-job results and traces over httpx.

Modules, bottom up: ``_policy`` (retry and timeout policy), ``_transport`` (httpx with a
size cap), ``_results`` (per-job outcomes), ``_trace`` (redacted exchange recorder),
``_client`` (the sync and async clients, one retry loop driving both).
"""

from ._client import (
    DEFAULT_ENDPOINT,
    AsyncFaxStatusClient,
    FaxStatusClient,
    PreparedRequest,
    SimpleStatus,
)
from ._policy import RetryPolicy, Timeouts
from ._results import (
    FaxJobStatus,
    ItemError,
    JobOutcome,
    JobStatus,
    ResponseMeta,
    StatusReport,
    check_job_id,
    jri,
    parse_fax_datetime,
)
from ._trace import Exchange, Recorder

__all__ = [
    "DEFAULT_ENDPOINT",
    "AsyncFaxStatusClient",
    "Exchange",
    "FaxJobStatus",
    "FaxStatusClient",
    "ItemError",
    "JobOutcome",
    "JobStatus",
    "PreparedRequest",
    "Recorder",
    "ResponseMeta",
    "RetryPolicy",
    "SimpleStatus",
    "StatusReport",
    "Timeouts",
    "check_job_id",
    "jri",
    "parse_fax_datetime",
]
