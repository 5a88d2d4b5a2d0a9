"""docs/cli.md's command reference is the parser's own: rendered from it, never stale."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from types import ModuleType

import pytest

from ..support.paths import ROOT


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_cli", ROOT / "codegen" / "docs_cli.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    sys.version_info[:2] != (3, 11),
    reason="argparse words --help differently on other Pythons; the page is rendered on 3.11",
)
def test_the_committed_reference_is_current() -> None:
    # In a child process: rendering sets COLUMNS, which this process should keep as it is.
    result = subprocess.run(
        [sys.executable, str(ROOT / "codegen" / "docs_cli.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_command_is_in_the_reference() -> None:
    from faxstatus.cli._app import COMMANDS

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = text.partition(_generator().START)[2]
    for name in COMMANDS:
        assert f"### `faxstatus {name}`" in block, f"docs/cli.md lacks {name}: run make docs"
