"""The typed user script runs (``make typecheck`` checks its types); decode_response is typed."""

from __future__ import annotations

import typing

import faxstatus
from faxstatus import models

from ..support.paths import VECTORS
from . import typed_usage


def test_the_typed_user_script_runs():
    assert typed_usage.main() == 1  # br1000000001 found, br9999999999 not
    body = (VECTORS / "GetRealTimeFaxStatusEx" / "soap12" / "response.xml").read_bytes()
    assert typed_usage.decode(body, "application/soap+xml") >= 1


def test_decode_response_overloads_match_the_operation_table():
    # Each name overload returns that operation's response class (tests/codegen/test_surface.py: one
    # for every operation); a name outside the table is typed Any through the str overload.
    hints = {}
    for fn in typing.get_overloads(faxstatus.decode_response):
        ann = typing.get_type_hints(fn, globalns=vars(faxstatus.codec._api))
        op = ann["op"]
        if typing.get_origin(op) is typing.Literal:
            hints[typing.get_args(op)[0]] = ann["return"]
    expected = {name: op.response for name, op in faxstatus.codec.OPERATIONS.items()}
    assert set(hints) == set(expected) and all(expected[n] is cls for n, cls in hints.items())
    assert all(getattr(models, cls.__name__) is cls for cls in hints.values())
