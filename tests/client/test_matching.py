"""Batch matching never gives one job another's status (match_items), in any order."""

from __future__ import annotations

import random
from typing import Any

import pytest

from faxstatus import AmbiguousItemError, MissingFromResponse
from faxstatus import models as m
from faxstatus.client._results import match_items

from ..support.helpers import wserror
from ..support.mock_service import item


def ex(job_id: str, status: int = 1) -> m.RealTimeFaxStatusEx:
    """An item of an operation that carries no ReferenceId."""
    return m.RealTimeFaxStatusEx(
        fax_job_id=job_id,
        fax_job_status_id=status,
        status_description=f"status of {job_id}",
        recipient_state=0,
        recipient_current_page_count=1,
        recipient_total_page_count=2,
        fax_delivery_date_time="",
        fax_delivery_duration=0,
        remote_fax_csid="",
        error=wserror(),
    )


def ex2(job_id: str, ref: str) -> Any:
    """An item that carries a ReferenceId (of the operation the client tests ask)."""
    return item(job_id, ref=ref)


def statuses(outcomes):
    return {
        o.requested_id: (o.status.job_id if o.status else type(o.error).__name__) for o in outcomes
    }


def test_the_reported_case_out_of_order_ex_with_a_jri_id():
    # JRI-INV-1003 is job br1000000009; the answer lists br1000000002 first.
    asked = ["JRI-INV-1003", "br1000000002"]
    items = [ex("br1000000002", 2), ex("br1000000009", 1)]
    outcomes, unexpected = match_items(asked, items)
    assert statuses(outcomes) == {"br1000000002": "br1000000002", "JRI-INV-1003": "br1000000009"}
    assert unexpected == []


def test_two_jri_ids_out_of_order_are_ambiguous_not_guessed():
    asked = ["JRI-A", "br5", "JRI-B"]
    items = [ex("br5"), ex("br8"), ex("br9")]  # br5 is at position 0, asked at 1: out of order
    outcomes, unexpected = match_items(asked, items)
    assert statuses(outcomes) == {
        "JRI-A": "AmbiguousItemError",
        "br5": "br5",
        "JRI-B": "AmbiguousItemError",
    }
    assert isinstance(outcomes[0].error, MissingFromResponse)  # handled as missing
    assert "cannot tell which item" in str(outcomes[0].error)
    assert sorted(u.job_id for u in unexpected) == ["br8", "br9"]  # kept, not dropped


def test_jri_ids_in_order_pair_by_position():
    asked = ["JRI-A", "br5", "JRI-B"]
    outcomes, unexpected = match_items(asked, [ex("br8"), ex("br5"), ex("br9")])
    assert statuses(outcomes) == {"JRI-A": "br8", "br5": "br5", "JRI-B": "br9"}
    assert unexpected == []


def test_a_reference_id_decides_over_position():
    asked = ["JRI-A", "JRI-B"]
    outcomes, _ = match_items(asked, [ex2("br2", "B"), ex2("br1", "A")])
    assert statuses(outcomes) == {"JRI-A": "br1", "JRI-B": "br2"}
    # An item whose ReferenceId is another's is never taken by position.
    outcomes, unexpected = match_items(["JRI-A"], [ex2("br2", "B")])
    assert isinstance(outcomes[0].error, MissingFromResponse)
    assert [u.job_id for u in unexpected] == ["br2"]


def test_a_br_id_never_takes_another_items_status():
    outcomes, unexpected = match_items(["br1", "br2"], [ex("br2"), ex("br3")])
    assert statuses(outcomes) == {"br1": "MissingFromResponse", "br2": "br2"}
    assert [u.job_id for u in unexpected] == ["br3"]


def test_a_missing_item_with_jri_ids_out_of_order_is_never_filled_by_a_stranger():
    asked = ["JRI-A", "br5", "br6"]
    outcomes, unexpected = match_items(asked, [ex("br6"), ex("br5")])  # JRI-A's item left out
    assert statuses(outcomes) == {"JRI-A": "MissingFromResponse", "br5": "br5", "br6": "br6"}
    assert not isinstance(outcomes[0].error, AmbiguousItemError)
    assert unexpected == []


@pytest.mark.parametrize("seed", range(300))
def test_no_detectable_shuffle_ever_misattributes(seed):
    """Truth is known here: every status given is the right one, unless nothing shows the order."""
    rng = random.Random(seed)
    n = rng.randint(1, 12)
    truth = {}  # requested id -> real job id
    for k in range(n):
        real = f"br{k:04d}"
        truth[f"JRI-R{k}" if rng.random() < 0.4 else real] = real
    asked = list(truth)
    items: list[m.RealTimeFaxStatusEx | None] = [ex(truth[a]) for a in asked]
    if rng.random() < 0.5:
        rng.shuffle(items)
    if rng.random() < 0.3 and items:
        items[rng.randrange(len(items))] = None
    if rng.random() < 0.3:
        items.append(ex("br9999"))
    outcomes, unexpected = match_items(asked, items)
    assert [o.requested_id for o in outcomes] == asked
    # What no one can detect: a shuffle among items that carry nothing to check them by,
    # in a response that is otherwise in the order asked (the contract's order is trusted).
    looks_in_order = len(items) == len(asked) and all(
        it is None or it.fax_job_id not in asked or asked.index(it.fax_job_id) == i
        for i, it in enumerate(items)
    )
    for o in outcomes:
        if o.status is not None and (not o.requested_id.startswith("JRI-") or not looks_in_order):
            assert o.status.job_id == truth[o.requested_id], (asked, items)
    given = [o.status.job_id for o in outcomes if o.status] + [u.job_id for u in unexpected]
    assert sorted(given) == sorted(i.fax_job_id for i in items if i is not None)


def test_jri_ids_alone_are_taken_in_the_order_asked_when_nothing_contradicts_it():
    outcomes, _ = match_items(["JRI-A", "JRI-B"], [ex("br1"), ex("br2")])
    assert statuses(outcomes) == {"JRI-A": "br1", "JRI-B": "br2"}
    # One id more than items: the order is not verifiable, so nothing is paired blind.
    outcomes, unexpected = match_items(["JRI-A", "JRI-B", "br3"], [ex("br1"), ex("br2")])
    assert [type(o.error).__name__ for o in outcomes] == ["AmbiguousItemError"] * 2 + [
        "MissingFromResponse"
    ]
    assert len(unexpected) == 2
