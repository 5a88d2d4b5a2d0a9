"""How the kit tells a non-strict reading from a wrong answer (faxstatus.conformance._adapter)."""

from __future__ import annotations

import pytest

from faxstatus.conformance._adapter import _absent_or_empty


@pytest.mark.parametrize(
    ("expected", "got"),
    [
        ("", None),
        ([], None),
        (None, {"FaxJobId": None, "Error": {"ErrorCode": None}}),
        # A nil item whose type has a repeated element: zeep reads it as an object with the
        # list empty (a schema where RealTimeFaxStatusEx3's FaxNumber repeats).
        (None, {"FaxJobId": None, "FaxNumber": []}),
    ],
)
def test_absent_and_empty_blurred_is_non_strict(expected, got):
    assert _absent_or_empty(expected, got)


@pytest.mark.parametrize(
    ("expected", "got"),
    [
        (None, {"FaxJobId": "br1", "FaxNumber": []}),
        (None, {"FaxNumber": ["1"]}),
        (None, {}),
        ("x", None),
        (None, []),
    ],
)
def test_a_different_value_is_a_wrong_answer(expected, got):
    assert _absent_or_empty(expected, got) is None
