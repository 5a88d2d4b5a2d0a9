"""The typed surface covers the operation table: an overload and two client methods for each.

codegen/surface.py renders them (make generate); tests/codegen/test_schema_change.py shows that a
new operation gets them with no hand edit. Here: every operation of the committed table has its
``decode_response`` overload, and every operation the client can ask has its method on
``FaxStatusClient`` and ``AsyncFaxStatusClient``, each a call into the shared query path.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import re
import sys
import typing
from typing import Any

import pytest

import faxstatus
from faxstatus import AsyncFaxStatusClient, FaxStatusClient, SimpleStatus, StatusReport
from faxstatus.codec import OPERATIONS
from faxstatus.simulator import SimulatorTransport

from ..support.helpers import make_simulator
from ..support.paths import ROOT


def _codegen_surface() -> Any:
    """codegen/surface.py, imported the way codegen/generate.py imports it (beside layout)."""
    sys.path.insert(0, str(ROOT / "codegen"))
    try:
        return importlib.import_module("surface")
    finally:
        sys.path.remove(str(ROOT / "codegen"))


surface = _codegen_surface()
TABLE = surface.layout.read(ROOT / "schema")
SPECS = {op.name: op for op in TABLE.operations}
CLIENTS = (FaxStatusClient, AsyncFaxStatusClient)


def _overload_returns() -> dict[str, Any]:
    returns = {}
    for fn in typing.get_overloads(faxstatus.decode_response):
        hints = typing.get_type_hints(fn, globalns=vars(faxstatus.codec._api))
        if typing.get_origin(hints["op"]) is typing.Literal:
            (name,) = typing.get_args(hints["op"])
            assert name not in returns, name
            returns[name] = hints["return"]
    return returns


def test_every_operation_has_a_decode_response_overload_naming_its_response_class():
    returns = _overload_returns()
    assert set(returns) == set(OPERATIONS)
    for name, op in OPERATIONS.items():
        assert returns[name] is op.response, name


def test_the_generator_classifies_operations_as_the_client_does():
    assert set(SPECS) == set(OPERATIONS)
    for name, op in OPERATIONS.items():
        kind = surface.method_kind(SPECS[name])
        # The client's own rule for a multi-job query (``_multi``): ids in a list, one item
        # per job in the answer.
        assert (kind == "query") is op.has_status_list, name
        if kind in ("single", "none"):
            assert op.ids == kind and op.result_attr is not None, name
        if kind == "single":
            assert op.is_single_status, name
        if op.action is not None:  # sending and cancelling are not the client's to ask
            assert kind is None, name
    assert {surface.method_kind(s) for s in SPECS.values()} == {"query", "single", "none", None}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_askable_operation_has_a_method_on_both_clients(name):
    kind = surface.method_kind(SPECS[name])
    if kind is None:
        pytest.skip(f"{name}: the client does not ask it")
    method = surface.method_name(name)
    returns = {"query": StatusReport, "single": SimpleStatus}
    for cls in CLIENTS:
        fn = getattr(cls, method)
        assert inspect.iscoroutinefunction(fn) is (cls is AsyncFaxStatusClient), method
        assert (fn.__doc__ or "").startswith(name), fn.__doc__
        hints = typing.get_type_hints(fn)
        assert hints["return"] is returns.get(kind, hints["return"]), method
        keywords = [
            p.name for p in inspect.signature(fn).parameters.values() if p.kind is p.KEYWORD_ONLY
        ]
        assert keywords[:2] == ["content_type", "request_id"], keywords


def test_docstring_prose_names_only_operations_of_the_contract():
    # Each entry is an operation the vendor publishes (schema/CONTRACT.md names every one);
    # one the schema no longer has is simply not used.
    contract = (ROOT / "schema" / "CONTRACT.md").read_text()
    for name, doc in surface._DOCS.items():
        assert name in OPERATIONS or re.search(rf"\b{name}\b", contract), name
        assert doc.startswith(f"{name}:"), doc


def test_method_names_follow_the_operation_names():
    assert surface.method_name("GetRealTimeFaxStatusEx2") == "get_real_time_fax_status_ex2"
    assert surface.method_name("CheckService") == "check_service"
    assert surface.method_name("GetXMLStatus") == "get_xml_status"


def _ask(cls: type[Any], name: str) -> Any:
    """Call the generated method of *name* on a *cls* client over the simulator."""
    kind = surface.method_kind(SPECS[name])
    by_kind: dict[str, list[Any]] = {"query": [["br1000000001", "br0"]], "single": ["br1000000001"]}
    args = by_kind.get(kind, [])
    kw: dict[str, Any] = {
        "pin": "demo-pin",
        "endpoint": "http://sim.test/",
        "transport": SimulatorTransport(make_simulator()),
    }

    def sync() -> Any:
        with FaxStatusClient("demo-user", **kw) as c:
            return getattr(c, surface.method_name(name))(*args, request_id="rid")

    async def asynchronous() -> Any:
        async with AsyncFaxStatusClient("demo-user", **kw) as c:
            return await getattr(c, surface.method_name(name))(*args, request_id="rid")

    return sync() if cls is FaxStatusClient else asyncio.run(asynchronous())


@pytest.mark.parametrize("cls", CLIENTS, ids=["sync", "async"])
@pytest.mark.parametrize("name", sorted(n for n in OPERATIONS if surface.method_kind(SPECS[n])))
def test_each_method_asks_its_operation(cls, name):
    got = _ask(cls, name)
    kind = surface.method_kind(SPECS[name])
    if kind == "query":
        assert isinstance(got, StatusReport) and got.operation == name
        assert [o.requested_id for o in got.outcomes] == ["br1000000001", "br0"]
        assert got.outcomes[0].status is not None and got.outcomes[1].status is None
    elif kind == "single":
        assert isinstance(got, SimpleStatus) and got.job_id == "br1000000001"
        assert got.ok and got.meta.request_id == "rid"
    else:
        assert isinstance(got, str) and got
