"""faxstatus.codec._operations: the operation table, as CONTRACT.md §1 and §3 describe it."""

from __future__ import annotations

import pytest

from faxstatus import models
from faxstatus.codec import OPERATIONS, Direction, operation
from faxstatus.codec._operations import (
    SINGLE_STATUS_OPERATIONS,
    STATUS_OPERATIONS,
    IdCarrier,
    lookup_class,
    lookup_element,
)

from ..support.contract_tables import RESPONSES as CONTRACT_RESPONSES
from ..support.vendor import vendor_operations

#: The status operations of the contract: ids in a list, one job status per id.
STATUS = [n for n in CONTRACT_RESPONSES if n.startswith("Get")]
# ...and the rest of the vendor's operations, from its own WSDL (send, cancel, broadcasts);
# the transcribed contract tables stay the oracle for the contract's own operations.
RESPONSES = {
    **{name: resp for name, (_, resp) in vendor_operations().items()},
    **CONTRACT_RESPONSES,
}


def test_every_operation_of_the_contract_with_its_wire_names():
    assert {name: op.response_element for name, op in OPERATIONS.items()} == RESPONSES
    for name, op in OPERATIONS.items():
        assert op.request_element == name
        assert op.soap_action == ""  # CONTRACT.md §1: soapAction="" everywhere
        assert op.json_request_key == name
        assert op.json_response_key == f"{name}Response"  # CONTRACT.md §4.6
        assert "FaxWS" in op.bindings


def test_how_each_operation_carries_job_ids():
    kinds = {name: op.ids for name, op in OPERATIONS.items()}
    assert kinds == {
        **{n: IdCarrier.LIST for n in STATUS},
        **{n: IdCarrier.SINGLE for n in CONTRACT_RESPONSES if n.startswith("SimpleGet")},
        "CheckService": IdCarrier.NONE,
        # The vendor's other operations: what a client could fill is by the request's shape.
        "CancelFax": IdCarrier.SINGLE,
        "GetFaxAccountSettings": IdCarrier.NONE,
        "GetFaxCoverList": IdCarrier.NONE,
        **{
            n: IdCarrier.OTHER
            for n in RESPONSES
            if n.startswith(("Send", "SimpleSend", "GetFaxBroadcast"))
        },
    }
    # The layout table's strings become members: ``is`` comparisons hold, and so does "list".
    assert all(type(k) is IdCarrier for k in kinds.values())
    assert IdCarrier.LIST == "list" and IdCarrier("single") is IdCarrier.SINGLE
    # The contract's operations as transcribed (the ones the transcription still lists).
    if "GetRealTimeFaxStatusEx2" in RESPONSES:
        ex2 = OPERATIONS["GetRealTimeFaxStatusEx2"]
        assert ex2.item_class is getattr(models, "RealTimeFaxStatusEx2")  # noqa: B009
        assert ex2.job_id_field == "FaxJobId" and ex2.reference_field == "ReferenceId"
    if "GetRealTimeFaxStatusEx" in RESPONSES:
        assert OPERATIONS["GetRealTimeFaxStatusEx"].reference_field is None
    if "GetFaxStatus" in RESPONSES:
        assert OPERATIONS["GetFaxStatus"].item_class is models.FaxStatus


def test_status_list_operations_are_the_multi_job_ones():
    assert [n for n, op in OPERATIONS.items() if op.has_status_list] == STATUS
    assert set(STATUS_OPERATIONS) == set(STATUS)
    assert STATUS_OPERATIONS[0] == "GetRealTimeFaxStatusEx"
    # One id in, its status code as an integer ``return``: SimpleGetFaxStatus and any other
    # the contract gains (as transcribed), never CancelFax (its ``return`` is a boolean).
    assert set(SINGLE_STATUS_OPERATIONS) == {
        n for n in CONTRACT_RESPONSES if n.startswith("SimpleGet")
    }
    assert SINGLE_STATUS_OPERATIONS[0] == "SimpleGetFaxStatus"


def test_status_operations_are_recognised_by_what_they_answer():
    # CancelFax carries one job id as SimpleGetFaxStatus does, but answers a boolean: it is
    # no status operation; GetFaxBroadcastStatus answers per-recipient items without a
    # FaxJobStatusId and takes a request the client cannot fill.
    for name in ("CancelFax", "SendFax", "SendFaxEx", "SimpleSendFax", "GetFaxBroadcastStatus"):
        assert OPERATIONS[name].status is None, name
        assert name not in STATUS_OPERATIONS + SINGLE_STATUS_OPERATIONS, name
    assert OPERATIONS["CancelFax"].action == "cancel"
    assert {n for n, o in OPERATIONS.items() if o.action == "submit"} == {
        n for n in RESPONSES if n.startswith(("Send", "SimpleSend"))
    }


def test_lookups_by_element_and_class_agree():
    for op in OPERATIONS.values():
        for d in Direction:
            assert lookup_element(op.element(d)) == (op, d)
            assert lookup_class(op.cls(d)) == (op, d)
            assert op.cls(d).__name__ == op.element(d)
    assert lookup_element("NoSuchElement") is None
    assert lookup_class(int) is None


def test_operation_by_name_and_a_clear_error_for_unknown_names():
    op = OPERATIONS["GetRealTimeFaxStatusEx"]
    assert operation("GetRealTimeFaxStatusEx") is op
    assert operation(op) is op
    with pytest.raises(
        ValueError, match=r"GetRealtimeFaxStatusEx.*known: .*GetRealTimeFaxStatusEx,"
    ):
        operation("GetRealtimeFaxStatusEx")  # the docs' casing is not the wire's (CONTRACT.md §3)
