"""The public surface: __all__ is exactly the public names, and every one is documented."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import faxstatus
import faxstatus.client
import faxstatus.codec
import faxstatus.simulator

_NOT_API = {"annotations", "importlib", "TYPE_CHECKING", "Any"}


def test_all_matches_public_names():
    public = {
        name
        for name in dir(faxstatus)
        if not name.startswith("_")
        and name not in _NOT_API
        and not inspect.ismodule(getattr(faxstatus, name))
    }
    assert set(faxstatus.__all__) == public
    assert faxstatus.__all__ == sorted(faxstatus.__all__, key=lambda n: (not n.isupper(), n))


def test_top_level_is_curated():
    # What an integrator needs: clients, results, codec entry points, errors. The layers
    # keep the rest (operation table, namespaces, simulator, traces' internals).
    for name in ("Simulator", "SimulatorServer", "OPERATIONS", "Operation", "encode_fault"):
        assert name not in faxstatus.__all__
    assert "Simulator" in faxstatus.simulator.__all__
    assert "OPERATIONS" in faxstatus.codec.__all__
    assert "PreparedRequest" in faxstatus.client.__all__


def test_type_checking_imports_match_the_lazy_list():
    tree = ast.parse(Path(faxstatus.__file__).read_text(encoding="utf-8"))
    checked: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                checked |= {alias.name for alias in stmt.names}
    assert checked == set(faxstatus._LAZY)


def test_every_public_name_resolves_and_is_documented():
    for module in (faxstatus, faxstatus.codec, faxstatus.client, faxstatus.simulator):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) or inspect.isfunction(value):
                assert inspect.getdoc(value), f"{module.__name__}.{name}"


def test_unknown_attribute_is_an_attribute_error():
    try:
        faxstatus.NoSuchThing  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_client_names_load_lazily():
    code = (
        "import sys, faxstatus; assert 'httpx' not in sys.modules;"
        "faxstatus.FaxStatusClient; assert 'httpx' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
