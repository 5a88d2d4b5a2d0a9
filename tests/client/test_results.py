"""faxstatus.client._results: job ids, JRI ids, dates, status codes, pairing items with ids."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from faxstatus import InvalidJobIdError, MissingFromResponse
from faxstatus.client import FaxJobStatus, check_job_id, jri, parse_fax_datetime
from faxstatus.client._results import MAX_JOB_ID_LENGTH, job_status, match_items, status_json

from ..support.mock_service import item


@pytest.mark.parametrize("job_id", ["br1000000001", "JRI-REF1234", "x" * MAX_JOB_ID_LENGTH])
def test_sendable_job_ids_pass_unchanged(job_id):
    assert check_job_id(job_id) == job_id


@pytest.mark.parametrize(
    ("job_id", "reason"),
    [
        ("", "empty"),
        ("br 1", "whitespace"),
        ("br\x001", "control"),
        ("br\u200b1", "control"),  # a format character (Cf) hides in plain sight
        ("x" * (MAX_JOB_ID_LENGTH + 1), "characters long"),
        ("JRI-", "no ReferenceId"),
        (12345, "must be a string"),
    ],
)
def test_unsendable_job_ids_are_refused_with_the_reason(job_id, reason):
    with pytest.raises(InvalidJobIdError, match=reason):
        check_job_id(job_id)


def test_jri_builds_a_reference_lookup_id():
    assert jri("REF1234") == "JRI-REF1234"
    with pytest.raises(InvalidJobIdError, match="empty"):
        jri("")
    with pytest.raises(InvalidJobIdError, match="whitespace"):
        jri("REF 1")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-26T09:15:02Z", datetime(2026, 11, 26, 9, 15, 2, tzinfo=UTC)),
        ("2026-11-26 09:15:02", datetime(2026, 11, 26, 9, 15, 2)),
        ("11/26/2026 9:15:02 AM", datetime(2026, 11, 26, 9, 15, 2)),
        ("11/26/2026 09:15:02 PM", datetime(2026, 11, 26, 21, 15, 2)),
        ("11/26/2026 21:15:02", datetime(2026, 11, 26, 21, 15, 2)),
        ("  ", None),
        ("", None),
        ("next Tuesday", None),
        ("26/11/2026 09:15:02", None),
    ],
)
def test_fax_datetimes_parse_only_in_recognised_forms(text, expected):
    assert parse_fax_datetime(text) == expected


def test_status_codes_keep_unknown_values_with_one_json_shape():
    assert job_status(1) is FaxJobStatus.SUCCEEDED
    assert job_status(3) is FaxJobStatus.IN_PROGRESS
    assert job_status(7) == 7 and not isinstance(job_status(7), FaxJobStatus)
    assert status_json(job_status(2)) == {"name": "failed", "code": 2}
    assert status_json(job_status(7)) == {"name": "unknown", "code": 7}


def test_items_pair_by_position_when_ids_agree():
    outcomes, unexpected = match_items(["br1", "br2"], [item("br1"), item("br2", status=3)])
    assert [o.requested_id for o in outcomes] == ["br1", "br2"]
    assert [o.status.job_id for o in outcomes if o.status] == ["br1", "br2"]
    assert unexpected == []


def test_items_out_of_order_pair_by_id():
    outcomes, unexpected = match_items(["br1", "br2"], [item("br2"), item("br1")])
    assert {o.requested_id: o.status.job_id for o in outcomes if o.status} == {
        "br1": "br1",
        "br2": "br2",
    }
    assert unexpected == []


def test_every_asked_id_gets_exactly_one_outcome_and_nothing_is_dropped():
    outcomes, unexpected = match_items(["br1", "br2", "br3"], [item("br3"), None, item("zz9")])
    assert [o.requested_id for o in outcomes] == ["br1", "br2", "br3"]
    missing = [o.requested_id for o in outcomes if isinstance(o.error, MissingFromResponse)]
    assert missing == ["br1", "br2"]
    assert [st.job_id for st in unexpected] == ["zz9"]
