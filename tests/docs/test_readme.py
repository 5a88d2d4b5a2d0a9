"""Every ``python`` and ``sh`` block of the README runs exactly as written, in order, and exits 0.

The runner is the docs pages' own (``tests/support/docblocks.py``): one ``bash -eu``
session against ``faxstatus serve`` at its default address, each block's output checked
on its own share of the session's output.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest

from ..support import docblocks
from ..support.paths import ROOT

pytestmark = pytest.mark.slow

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = docblocks.runnable(README)


@pytest.fixture(scope="module")
def serve() -> Iterator[subprocess.Popen[str]]:
    with docblocks.serve() as proc:
        yield proc


def test_the_readme_is_a_short_front_door() -> None:
    # About 200 lines: what it is, set-up, a quickstart per audience, links into docs/.
    lines = README.count("\n")
    assert lines <= 220, f"README.md has {lines} lines: move the detail into a docs/ page"


def test_the_readme_has_runnable_examples() -> None:
    kinds = [b.kind for b in BLOCKS]
    # One quickstart per audience: the integrator's Python, the others' shell.
    assert kinds.count("python") >= 1 and kinds.count("sh") >= 3
    # Blocks fenced otherwise are shown, not run: never the user examples.
    for b in docblocks.blocks(README):
        assert b.kind, f"README.md line {b.line}: a fence with no info string (python, sh, text…)"
        if b.kind not in docblocks.RUN:
            assert not re.search(r"faxstatus (status|watch|check)\b", b.code), b.line


@pytest.fixture(scope="module")
def session(
    serve: subprocess.Popen[str], tmp_path_factory: pytest.TempPathFactory
) -> list[docblocks.Ran]:
    return docblocks.run_session(BLOCKS, tmp_path_factory.mktemp("readme"))


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=[f"line{b.line}" for b in BLOCKS])
def test_block_runs_in_order_in_one_shell(session: list[docblocks.Ran], index: int) -> None:
    docblocks.check_block("README.md", BLOCKS, session, index)
