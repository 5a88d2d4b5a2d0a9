"""faxstatus.codec._plan: field layouts in schema order, kinds, lists and occurrence."""

from __future__ import annotations

import pytest

from faxstatus import DecodeError, DecodeOptions, Message, models
from faxstatus.codec import DECODERS, ContentType, decode, encode
from faxstatus.codec._plan import INT_RANGE, Kind, plan_for, plan_named
from faxstatus.models import layout

from ..support.contract_tables import CONTRACT


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
    # The order is the contract's (the transcription, the one oracle): Ex3's own fields
    # follow Ex2's, and Error stays last.
    names = [f.name for f in plan_for(models.RealTimeFaxStatusEx3).fields]
    assert names == [name for name, _ in CONTRACT["RealTimeFaxStatusEx3"]]
    assert names[-1] == "Error" and "FaxDeliveryAttempts" in names


def test_simple_status_is_a_long_and_ranges_are_the_xsd_ones():
    (ret,) = plan_for(models.SimpleFaxStatusResponse).fields
    assert ret.kind is Kind.LONG
    assert INT_RANGE[Kind.INT] == (-(2**31), 2**31 - 1)
    assert INT_RANGE[Kind.LONG] == (-(2**63), 2**63 - 1)


def test_plans_are_cached_and_found_by_name():
    assert plan_for(models.FaxStatus) is plan_for(models.FaxStatus)
    assert plan_named("FaxStatus") is plan_for(models.FaxStatus)


@pytest.mark.parametrize("ct", [ContentType.SOAP12, ContentType.SOAP11, ContentType.XML])
def test_a_present_empty_element_takes_its_schema_default(ct):
    # FaxBroadcastStatusRequest declares default="-1" on three xsd:int elements: an empty
    # element means -1 (XSD Part 1 cvc-elt.5.1.2), in every XML decoder chain alike.
    from faxstatus import models as m

    req = m.GetFaxBroadcastStatus(
        user_id="u",
        str_pin="",
        request=m.FaxBroadcastStatusRequest(
            job_id="br1", start_recipient_id=5, end_recipient_id=7, recipient_status=2
        ),
    )
    body = encode(req, ct).body
    empty = body.replace(b"<StartRecipientId>5</StartRecipientId>", b"<StartRecipientId/>")
    empty = empty.replace(
        b"<RecipientStatus>2</RecipientStatus>", b"<RecipientStatus></RecipientStatus>"
    )
    assert empty.count(b"RecipientId/>") == 1 and b"<RecipientStatus></RecipientStatus>" in empty
    for chain in (DECODERS, ("validated", "generic"), ("generic",)):
        msg = decode(empty, ct.media_type, options=DecodeOptions(decoders=chain))
        assert isinstance(msg, Message)
        got = msg.payload.request
        assert (got.start_recipient_id, got.end_recipient_id, got.recipient_status) == (-1, 7, -1)
    # Without a default an empty xsd:int is still an error (GetFaxBroadcastReport's).
    report = m.GetFaxBroadcastReport(
        user_id="u", str_pin="", job_id="br1", recipient_type=3, recip_address="a"
    )
    bad = encode(report, ct).body.replace(b"<RecipientType>3</RecipientType>", b"<RecipientType/>")
    assert b"<RecipientType/>" in bad
    with pytest.raises(DecodeError, match="RecipientType"):
        decode(bad, ct.media_type)
