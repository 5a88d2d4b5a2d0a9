"""What the frozen simulator answers interop peers: its epoch, the demo credentials, each job."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

#: The simulator's clock stands still at 0 s after this instant: every job keeps one state.
EPOCH = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
USER, PIN = "demo-user", "demo-pin"

_OK = {"ErrorCode": 0, "ErrorString": ""}
_NOT_DELIVERED = {"FaxDeliveryDateTime": "", "FaxDeliveryDuration": 0, "RemoteFaxCSID": ""}

#: What GetRealTimeFaxStatusEx answers for these ids at that instant (the demo jobs, worked
#: out by hand from faxstatus/simulator/_service.py: demo_jobs, SimJob.state).
EXPECTED_EX: dict[str, dict[str, Any]] = {
    "br1000000001": {  # 3 pages, submitted 600 s before: delivered 5 s + 3 x 4 s later
        "FaxJobId": "br1000000001",
        "FaxJobStatusId": 1,
        "StatusDescription": "Success",
        "RecipientState": 4,
        "RecipientCurrentPageCount": 3,
        "RecipientTotalPageCount": 3,
        "FaxDeliveryDateTime": "2026-11-26T11:50:17Z",
        "FaxDeliveryDuration": 12,
        "RemoteFaxCSID": "ACME CORP",
        "Error": _OK,
    },
    "br1000000002": {  # 12 pages, 25 s in: 20 s of sending at 4 s a page
        "FaxJobId": "br1000000002",
        "FaxJobStatusId": 3,
        "StatusDescription": "Sending",
        "RecipientState": 2,
        "RecipientCurrentPageCount": 5,
        "RecipientTotalPageCount": 12,
        **_NOT_DELIVERED,
        "Error": _OK,
    },
    "br1000000003": {  # fails after its first page
        "FaxJobId": "br1000000003",
        "FaxJobStatusId": 2,
        "StatusDescription": "Failed: no answer",
        "RecipientState": 5,
        "RecipientCurrentPageCount": 1,
        "RecipientTotalPageCount": 4,
        **_NOT_DELIVERED,
        "Error": _OK,
    },
    "br1000000004": {  # still queued (30 s queue, submitted 1 s before)
        "FaxJobId": "br1000000004",
        "FaxJobStatusId": 3,
        "StatusDescription": "Queued",
        "RecipientState": 1,
        "RecipientCurrentPageCount": 0,
        "RecipientTotalPageCount": 2,
        **_NOT_DELIVERED,
        "Error": _OK,
    },
    "br9999999999": {  # unknown: the per-item -5019
        "FaxJobId": "br9999999999",
        "FaxJobStatusId": -5019,
        "StatusDescription": "Invalid Job ID",
        "RecipientState": 0,
        "RecipientCurrentPageCount": 0,
        "RecipientTotalPageCount": 0,
        **_NOT_DELIVERED,
        "Error": {"ErrorCode": -5019, "ErrorString": "Invalid Job ID"},
    },
}
IDS = list(EXPECTED_EX)

#: GetRealTimeFaxStatusEx3 for JRI-INV-1001: the later of the two jobs with that reference.
EXPECTED_EX3_JRI = {
    "FaxJobId": "br1000000005",
    "FaxJobStatusId": 1,
    "StatusDescription": "Success",
    "RecipientState": 4,
    "RecipientCurrentPageCount": 1,
    "RecipientTotalPageCount": 1,
    "FaxDeliveryDateTime": "2026-11-26T11:58:09Z",
    "FaxDeliveryDuration": 4,
    "RemoteFaxCSID": "ACME CORP 2",
    "ReferenceId": "INV-1001",
    "FaxNumber": "+12065550100",
    "FaxSubmitDateTime": "2026-11-26T11:58:00Z",
    "FaxStartDateTime": "2026-11-26T11:58:05Z",
    "FaxDeliveryAttempts": 1,
    "Error": _OK,
}
