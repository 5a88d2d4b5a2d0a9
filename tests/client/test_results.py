"""faxstatus.client._results: job ids, JRI ids, dates, status codes, pairing items with ids."""

from __future__ import annotations

import copy
import dataclasses
import functools
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faxstatus import InvalidJobIdError, MissingFromResponse, models
from faxstatus import strategies as fs
from faxstatus.client import FaxJobStatus, check_job_id, jri, parse_fax_datetime
from faxstatus.client._results import (
    MAX_JOB_ID_LENGTH,
    JobOutcome,
    JobStatus,
    _builder,
    _from_item,
    _pair,
    _slot_init,
    _slots_settable,
    _statuses,
    job_status,
    match_items,
    status_json,
)
from faxstatus.codec._operations import OPERATIONS

from ..support.helpers import wserror
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


# -- the compiled JobStatus builders and the in-order route of match_items ---------------------

#: The status items of every multi-job operation, and classes that mix fields JobStatus
#: names with fields it does not (those go to ``extra``) or name none of its fields.
_CLASSES = [
    *(op.item_class for op in OPERATIONS.values() if op.has_status_list),
    models.RecipientStatus,
    models.FaxBroadcastResponse,
    models.WSError,
]


def _built(build, item):
    """What *build* gives for *item*: the JobStatus with the types of its values, or the error."""
    try:
        st = build(item)
    except Exception as exc:  # every route must fail alike on an item it cannot read
        return type(exc)
    values = attrs.asdict(st, recurse=False)
    return values, {k: type(v) for k, v in values.items()}, type(st)


@pytest.mark.parametrize("cls", _CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=30)
@given(data=st.data())
def test_compiled_builders_build_what_reading_field_by_field_builds(cls, data):
    # Every generated class, not just the status items: its unmapped fields go to extra,
    # its missing ones keep their defaults, on the slot-setting and the __init__ routes.
    # An item with every field None (what no valid document decodes to) too: the routes
    # must agree even where the schema would not let a value be missing.
    item = data.draw(fs.payloads(cls, max_items=2))
    blank = copy.copy(item)
    for f in dataclasses.fields(blank):
        setattr(blank, f.name, None)
    for it in (item, blank):
        expected = _built(functools.partial(_from_item, JobStatus), it)
        assert _built(_builder(cls, direct=True), it) == expected
        assert _built(_builder(cls, direct=False), it) == expected
        assert _built(JobStatus.from_item, it) == expected


def test_the_slot_setting_route_is_taken_for_job_status():
    assert _slots_settable(JobStatus)


@pytest.mark.parametrize("code", [1, 2, 3, 0, -5019, 7, True, False, 2.0, None, "1"])
def test_job_status_agrees_with_the_enum_for_any_code(code):
    try:
        expected: object = FaxJobStatus(code)
    except ValueError:
        expected = code
    got = job_status(code)
    assert got == expected and type(got) is type(expected)


def _shape(result):
    outcomes, unexpected = result
    return [
        (o.requested_id, o.status, type(o.error), str(o.error), getattr(o.error, "item", None))
        for o in outcomes
    ], unexpected


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["br1", "br2", "br3", "JRI-A", "JRI-B", ""]),
            st.sampled_from([1, 2, 3, 7, 0, -5019]),
            st.booleans(),
        ),
        max_size=6,
    ),
    st.booleans(),
)
def test_match_items_in_order_route_pairs_as_the_general_steps(rows, extra_item):
    # The in-order route is taken only when every item carries the id asked at its
    # position; whatever the rows, its answer is the general steps' answer.
    asked = [job_id for job_id, _, _ in rows]
    items = []
    for job_id, code, err in rows:
        it = item(job_id, status=code, ref="A")
        if err:
            it.error = wserror(code=-1, text="item error")
        items.append(it)
    if extra_item:
        items.append(item("br9"))
    assert _shape(match_items(asked, items)) == _shape(_pair(asked, _statuses(items)))


@pytest.mark.parametrize(
    ("cls", "values"),
    [
        (JobOutcome, ("br1", None, None)),
        (JobOutcome, ("br1", JobStatus("br1", 1, "", None), None)),
        (JobStatus, tuple(f.name for f in attrs.fields(JobStatus))),
    ],
)
def test_slot_init_makes_what_the_class_makes(cls, values):
    made = _slot_init(cls)(*values)
    assert type(made) is cls and made == cls(*values)
    assert attrs.asdict(made, recurse=False) == attrs.asdict(cls(*values), recurse=False)
