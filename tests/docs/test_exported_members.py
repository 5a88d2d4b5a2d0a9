"""The public surface: __all__ is exactly the public names, and every one is documented."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

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


def _type_checking_imports() -> tuple[dict[str, str], set[str]]:
    """The package root's TYPE_CHECKING block: {name: relative module}, and the layers."""
    tree = ast.parse(Path(faxstatus.__file__).read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    layers: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                assert stmt.level == 1, "relative imports of the package's own modules"
                if stmt.module is None:  # from . import codec as codec, …
                    assert all(alias.asname == alias.name for alias in stmt.names)
                    layers |= {alias.name for alias in stmt.names}
                    continue
                for alias in stmt.names:
                    assert alias.asname is None
                    assert alias.name not in names, alias.name
                    names[alias.name] = f".{stmt.module}"
    return names, layers


def test_every_public_name_is_lazy():
    # Nothing public is imported when the package is: each name is in the lazy table, and
    # the table holds nothing else.
    assert set(faxstatus._LAZY) == set(faxstatus.__all__)
    assert len(faxstatus._LAZY) == len(faxstatus.__all__)


def test_type_checking_imports_match_the_lazy_table():
    # mypy reads the TYPE_CHECKING imports, the runtime reads _LAZY (make generate renders
    # the former from the latter): the same names from the same modules, and the same layers.
    names, layers = _type_checking_imports()
    assert names == faxstatus._LAZY
    assert layers == faxstatus._SUBPACKAGES


def test_each_lazy_name_resolves_to_the_object_of_its_module():
    for name, module in faxstatus._LAZY.items():
        value = getattr(faxstatus, name)
        assert value is getattr(importlib.import_module(module, "faxstatus"), name), name
        # The layers that export the name export the very same object.
        for layer in (faxstatus.codec, faxstatus.client):
            if name in layer.__all__:
                assert getattr(layer, name) is value, f"{layer.__name__}.{name}"
    assert faxstatus.decode is faxstatus.codec.decode
    assert faxstatus.CodecError is faxstatus._errors.CodecError
    assert faxstatus.Fault is faxstatus.codec.Fault
    assert faxstatus.FaxStatusClient is faxstatus.client.FaxStatusClient


@pytest.mark.slow
def test_layers_resolve_as_attributes():
    # Code does ``import faxstatus`` then ``faxstatus.codec.X``: a fresh interpreter, where
    # nothing has imported the layers yet.
    code = (
        "import sys, types, faxstatus\n"
        "assert not [m for m in sys.modules if m.startswith('faxstatus.')]\n"
        "assert set(faxstatus._SUBPACKAGES) <= set(dir(faxstatus))\n"
        "for name in sorted(faxstatus._SUBPACKAGES):\n"
        "    layer = getattr(faxstatus, name)\n"
        "    assert isinstance(layer, types.ModuleType), name\n"
        "    assert layer is sys.modules['faxstatus.' + name], name\n"
        "assert faxstatus.codec.encode_fault is faxstatus.codec._api.encode_fault\n"
        "assert faxstatus.models.CheckService.__name__ == 'CheckService'\n"
        "assert 'Simulator' in faxstatus.simulator.__all__\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_importing_the_package_imports_nothing_heavy():
    code = (
        "import sys, faxstatus\n"
        "heavy = ('attr', 'attrs', 'lxml', 'httpx', 'httpcore')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy"
        " or m.startswith('faxstatus.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[]"


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


@pytest.mark.slow
def test_client_names_load_lazily():
    code = (
        "import sys, faxstatus; assert 'httpx' not in sys.modules;"
        "faxstatus.FaxStatusClient; assert 'httpx' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
