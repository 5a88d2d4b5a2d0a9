"""A package docstring that names its modules names every one of them, and only real ones.

The package docstrings say how each package is built (``Modules, bottom up: ...``). Such a
list is written by hand, so this test is what keeps it true: once a docstring names two or
more of its package's modules, a module added, renamed or removed fails here until the
docstring says so. A docstring that names none (``faxstatus.cli``'s) lists nothing to keep.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ..support.paths import ROOT

PKG = ROOT / "faxstatus"

#: Generated (codegen/); their docstrings are written by the generator.
GENERATED = PKG / "models"

#: A name in double backquotes: ``_api``, ``decoders/scan.py``, ``faxstatus/models/x.py``.
_NAMED = re.compile(r"``([A-Za-z_][\w./]*)``")


def _packages() -> list[Path]:
    return sorted(
        p.parent
        for p in PKG.rglob("__init__.py")
        if GENERATED not in p.parents and p.parent != GENERATED
    )


def modules_of(package: Path) -> set[str]:
    """The package's own modules and subpackages, by the names a docstring gives them."""
    mods = {p.stem for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    subs = {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    return mods | subs


def named_in(doc: str, package: Path) -> set[str]:
    """The package's modules that *doc* names (``_x``, ``x.py``, ``sub/``, ``sub/x.py``)."""
    try:
        dotted = ".".join(package.relative_to(PKG.parent).parts) + "."
    except ValueError:  # the self-test's package, outside the tree
        dotted = package.name + "."
    out = set()
    for name in _NAMED.findall(doc):
        if name.startswith(dotted):  # ``faxstatus.codec`` in faxstatus/__init__.py
            out.add(name.removeprefix(dotted).split(".")[0])
        elif not name.startswith("faxstatus"):  # another package's file or module
            out.add(name.split("/")[0].removesuffix(".py"))
    return out


def required(named: set[str], mods: set[str]) -> set[str]:
    """What a list naming *named* must name: every module, or every public one when it names
    no private module (the root's docstring lists the layers, not the base modules)."""
    if any(n.startswith("_") for n in named):
        return mods
    return {m for m in mods if not m.startswith("_")}


def _docstring(package: Path) -> str:
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    return ast.get_docstring(tree) or ""


PACKAGES = _packages()


@pytest.mark.parametrize("package", PACKAGES, ids=[str(p.relative_to(ROOT)) for p in PACKAGES])
def test_a_docstring_module_list_is_complete(package: Path) -> None:
    doc, mods = _docstring(package), modules_of(package)
    named = named_in(doc, package) & mods
    if len(named) < 2:
        return  # no module list to keep
    left_out = sorted(required(named, mods) - named)
    assert left_out == [], (
        f"{package.relative_to(ROOT)}/__init__.py lists its modules but leaves out "
        f"{left_out}: name each (what it is for) or drop the list"
    )


@pytest.mark.parametrize("package", PACKAGES, ids=[str(p.relative_to(ROOT)) for p in PACKAGES])
def test_a_docstring_names_no_module_that_is_gone(package: Path) -> None:
    mods = modules_of(package)
    private = {n for n in named_in(_docstring(package), package) if n.startswith("_")}
    assert sorted(private - mods - {"__init__"}) == [], (
        f"{package.relative_to(ROOT)}/__init__.py names modules it does not have"
    )


def test_the_check_sees_a_stale_list(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('"""Modules: ``_a``, ``_b``."""\n', encoding="utf-8")
    for name in ("_a", "_b", "_c"):
        (pkg / f"{name}.py").write_text('"""x."""\n', encoding="utf-8")
    named = named_in(_docstring(pkg), pkg)
    assert required(named, modules_of(pkg)) - named == {"_c"}
    assert required({"codec", "client"}, {"codec", "client", "push", "_errors"}) == {
        "codec",
        "client",
        "push",
    }
