"""faxstatus.codec._plan: field layouts in schema order, kinds, lists and occurrence."""

from __future__ import annotations

import pytest

from faxstatus import models
from faxstatus.codec._plan import INT_RANGE, Kind, plan_for, plan_named
from faxstatus.models import layout


@pytest.mark.parametrize("name", sorted(layout.TYPES))
def test_every_plan_follows_the_layout_table(name):
    """Fields in schema order with their kind, occurrence and nesting, as make generate wrote
    them into faxstatus/models/layout.py (tests/codegen/test_schema.py checks the schema itself
    against the contract's tables)."""
    _kind, cls_name, rows = layout.TYPES[name]
    plan = plan_for(getattr(models, cls_name))
    assert [f.name for f in plan.fields] == [row[0] for row in rows]
    assert [f.index for f in plan.fields] == list(range(len(rows)))
    for f, (_, attr, type_name, lo, hi, nillable) in zip(plan.fields, rows, strict=True):
        assert (f.attr, f.min_occurs, f.nillable) == (attr, lo, nillable), f
        assert f.is_list is (hi != 1) and f.optional is (lo == 0 and hi == 1), f
        if type_name.startswith("xsd:"):
            assert f.kind is not Kind.COMPLEX and f.kind.xsd == type_name[4:], f
        else:
            assert f.kind is Kind.COMPLEX, f
            assert f.plan is plan_for(getattr(models, layout.TYPES[type_name][1])), f


def test_tags_are_qualified_in_the_schemas_namespace():
    plan = plan_for(models.RealTimeFaxStatusEx)
    for f in plan.fields:
        assert f.tag == f"{{{layout.NAMESPACE}}}{f.name}"
        assert plan.by_tag[f.tag] is f


def test_list_types_are_one_repeated_nillable_item():
    plan = plan_for(models.RealTimeFaxStatusExList)
    assert plan.item is not None and plan.fields == (plan.item,)
    item = plan.item
    assert item.name == "item" and item.is_list and item.nillable
    assert (item.min_occurs, item.max_occurs) == (0, -1)
    assert item.plan is plan_for(models.RealTimeFaxStatusEx)


def test_ex3_adds_its_fields_before_error():
    names = [f.name for f in plan_for(models.RealTimeFaxStatusEx3).fields]
    assert names[-6:] == [
        "ReferenceId",
        "FaxNumber",
        "FaxSubmitDateTime",
        "FaxStartDateTime",
        "FaxDeliveryAttempts",
        "Error",
    ]


def test_simple_status_is_a_long_and_ranges_are_the_xsd_ones():
    (ret,) = plan_for(models.SimpleFaxStatusResponse).fields
    assert ret.kind is Kind.LONG
    assert INT_RANGE[Kind.INT] == (-(2**31), 2**31 - 1)
    assert INT_RANGE[Kind.LONG] == (-(2**63), 2**63 - 1)


def test_plans_are_cached_and_found_by_name():
    assert plan_for(models.FaxStatus) is plan_for(models.FaxStatus)
    assert plan_named("FaxStatus") is plan_for(models.FaxStatus)
