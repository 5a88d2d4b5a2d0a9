"""Batch matching never gives one job another's status (match_items), in any order."""

from __future__ import annotations

import itertools
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


def test_jri_ids_alone_prove_no_order_and_are_never_paired_blind():
    # No item names its job: the order of the answer proves nothing.
    outcomes, unexpected = match_items(["JRI-A", "JRI-B"], [ex("br1"), ex("br2")])
    assert statuses(outcomes) == {"JRI-A": "AmbiguousItemError", "JRI-B": "AmbiguousItemError"}
    assert len(unexpected) == 2
    # One id more than items: the order is not verifiable either.
    outcomes, unexpected = match_items(["JRI-A", "JRI-B", "br3"], [ex("br1"), ex("br2")])
    assert [type(o.error).__name__ for o in outcomes] == ["AmbiguousItemError"] * 2 + [
        "MissingFromResponse"
    ]
    assert len(unexpected) == 2
    # A request for one id: its one item is the answer to it.
    outcomes, _ = match_items(["JRI-A"], [ex("br1")])
    assert statuses(outcomes) == {"JRI-A": "br1"}


def test_the_reported_case_three_items_for_other_jobs():
    asked = ["JRI-INV-1003", "br1000000002", "br1000000004"]
    items = [ex("br1000000006"), ex("br1000000007"), ex("br1000000008")]
    outcomes, unexpected = match_items(asked, items)
    assert statuses(outcomes) == {
        "JRI-INV-1003": "AmbiguousItemError",
        "br1000000002": "MissingFromResponse",
        "br1000000004": "MissingFromResponse",
    }
    assert [u.job_id for u in unexpected] == [i.fax_job_id for i in items]


BATCHES = [
    ["JRI-A", "br1", "br2"],
    ["br1", "JRI-A", "br2"],
    ["JRI-A", "JRI-B", "br1"],
    ["JRI-A", "br1"],
    ["JRI-A", "JRI-B"],
    ["br1", "br2", "br3"],
]


def _answers(asked: list[str]):
    """Every permutation of the true items, each with every subset of them replaced by a
    stranger's item, and with one left out."""
    truth = {a: (f"br9{k}" if a.startswith("JRI-") else a) for k, a in enumerate(asked)}
    honest = [truth[a] for a in asked]
    for order in itertools.permutations(range(len(asked))):
        for mask in range(1 << len(asked)):
            ids = [f"br7{k}" if mask >> k & 1 else honest[k] for k in order]
            yield truth, ids, order
            for drop in range(len(ids)):
                yield truth, ids[:drop] + ids[drop + 1 :], None


@pytest.mark.parametrize("asked", BATCHES, ids="-".join)
def test_every_permutation_and_substitution_of_a_small_batch(asked):
    """An id gets a status only from an item that names it, or from one whose place the
    response's own identified items vouch for (by position, or as the one item left for
    the one id left). Undetectable, and so allowed, is only a stranger put in the place of
    a JRI- lookup's item in an answer that otherwise checks out."""
    jri = [a for a in asked if a.startswith("JRI-")]
    for truth, ids, order in _answers(asked):
        outcomes, unexpected = match_items(asked, [ex(i) for i in ids])
        assert [o.requested_id for o in outcomes] == asked
        brs = [(k, a) for k, a in enumerate(asked) if not a.startswith("JRI-")]
        whole = order is not None  # one item per id asked
        in_place = whole and bool(brs) and all(ids[k] == a for k, a in brs)
        left_one = whole and len(jri) == 1 and all(a in ids for _, a in brs)
        for o in outcomes:
            if o.status is not None and o.status.job_id != truth[o.requested_id]:
                assert o.requested_id in jri and (in_place or left_one), (asked, ids)
        if not any(not a.startswith("JRI-") for a in asked) and len(asked) > 1:
            # No item can name its job: order proves nothing, nothing is paired.
            assert all(o.status is None for o in outcomes), (asked, ids)
        given = [o.status.job_id for o in outcomes if o.status] + [u.job_id for u in unexpected]
        assert sorted(given) == sorted(ids)  # nothing dropped, nothing given twice
