"""Every page of the documentation site: its examples run, its fences say whether they run.

Each page's ``python`` and ``sh`` blocks run in order in one shell session of their own
(``tests/support/docblocks.py``, the README's runner), against one ``faxstatus serve``;
blocks fenced otherwise (``text``, ``shell``, ``toml``…) are shown, not run, and a fence
with no info string fails. ``mkdocs build --strict`` must pass (a broken link or a page
missing from the nav is a warning, hence a failure).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..support import docblocks
from ..support.paths import ROOT

pytestmark = pytest.mark.slow

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
RUNNABLE = {p.name: docblocks.runnable(p.read_text(encoding="utf-8")) for p in PAGES}
CASES = [(name, i) for name, page in RUNNABLE.items() for i in range(len(page))]


def test_the_site_has_pages_and_runnable_examples(request: pytest.FixtureRequest) -> None:
    names = {p.name for p in PAGES}
    assert {"index.md", "client.md", "cli.md", "captures.md", "api.md", "security.md"} <= names
    ran = sum(len(page) for page in RUNNABLE.values())
    shown = sum(len(docblocks.blocks(p.read_text(encoding="utf-8"))) for p in PAGES) - ran
    # Said at the end of the run (tests/conftest.py), so that a page whose blocks all turned
    # into `text` shows there.
    request.config.stash[docblocks.SUMMARY] = (
        f"docs/: {ran} code blocks run, {shown} shown only (text, shell, toml…), "
        f"on {len(PAGES)} pages"
    )
    assert ran >= 10, f"only {ran} runnable blocks in docs/"
    assert RUNNABLE["client.md"] and RUNNABLE["cli.md"] and RUNNABLE["captures.md"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_fence_says_whether_it_runs(page: Path) -> None:
    for b in docblocks.blocks(page.read_text(encoding="utf-8")):
        assert b.kind, f"docs/{page.name} line {b.line}: a fence with no info string"


@pytest.fixture(scope="module")
def serve() -> Iterator[subprocess.Popen[str]]:
    with docblocks.serve() as proc:
        yield proc


@pytest.fixture(scope="module")
def sessions(
    serve: subprocess.Popen[str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[docblocks.Ran]]:
    """Every page's session, one page after another (one server for all of them)."""
    return {
        name: docblocks.run_session(page, tmp_path_factory.mktemp(name.removesuffix(".md")))
        for name, page in RUNNABLE.items()
        if page
    }


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}:{i}" for n, i in CASES])
def test_block_runs_in_order_in_one_shell(
    sessions: dict[str, list[docblocks.Ran]], name: str, index: int
) -> None:
    docblocks.check_block(f"docs/{name}", RUNNABLE[name], sessions[name], index)


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed (the dev extra)"
)
def test_the_site_builds_in_strict_mode(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        env={**docblocks.env(), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "api" / "index.html").is_file()
