"""The FaxWS client: batching, retries, deadlines, per-job results and traces over httpx.

Modules, bottom up: ``_policy`` (retry and timeout policy), ``_transport`` (httpx with a size
cap), ``_oauth`` (OAuth 2.0 tokens as an ``httpx.Auth``), ``_results`` (per-job outcomes),
``_trace`` (redacted exchange recorder), ``_har`` (trace masking and HAR 1.2 files), ``_watch``
(polling until final), ``_client`` (the sync and async clients, one retry loop driving both).
"""

from ._client import (
    DEFAULT_ENDPOINT,
    AsyncFaxStatusClient,
    FaxStatusClient,
    PreparedRequest,
    Progress,
    SimpleStatus,
)
from ._oauth import DEFAULT_SCOPE, OAuth2
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
from ._watch import AsyncWatch, Watch

__all__ = [
    "DEFAULT_ENDPOINT",
    "DEFAULT_SCOPE",
    "AsyncFaxStatusClient",
    "AsyncWatch",
    "Exchange",
    "FaxJobStatus",
    "FaxStatusClient",
    "ItemError",
    "JobOutcome",
    "JobStatus",
    "OAuth2",
    "PreparedRequest",
    "Progress",
    "Recorder",
    "ResponseMeta",
    "RetryPolicy",
    "SimpleStatus",
    "StatusReport",
    "Timeouts",
    "Watch",
    "check_job_id",
    "jri",
    "parse_fax_datetime",
]
