"""docs/maintaining.md's layout table is the tree's own: rendered from docstrings, never stale."""

from __future__ import annotations

import importlib.util
import subprocess
from types import ModuleType

from ..support.paths import ROOT


def _layout() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "readme_layout", ROOT / "codegen" / "readme_layout.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_table_is_current():
    layout = _layout()
    assert (ROOT / "docs" / "maintaining.md").read_text(encoding="utf-8") == layout.current(), (
        "docs/maintaining.md's layout table is stale: run make readme-layout"
    )


def test_every_module_has_a_description():
    for path, what in _layout().rows():
        assert what, f"{path} has no module docstring to describe it"


def test_every_top_level_folder_is_described():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    if not tracked:  # not a git checkout (an sdist): the folders on disk instead
        tracked = [f"{p.name}/x" for p in ROOT.iterdir() if p.is_dir()]
    folders = {p.split("/")[0] + "/" for p in tracked if "/" in p and not p.startswith(".")}
    folders -= {"faxstatus/"}
    assert folders <= set(_layout().FOLDERS), folders - set(_layout().FOLDERS)
