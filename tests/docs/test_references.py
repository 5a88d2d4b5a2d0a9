"""Every reference in a comment resolves inside the repository.

Contract facts are cited as ``CONTRACT.md §n`` and must name a section that exists in
``schema/CONTRACT.md``; any other ``§`` must follow a specification listed in that file's
References table; nothing may point at material a cloner does not have (issue trackers,
the authors' private notes, paths outside the repository).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..support.paths import ROOT

CONTRACT = ROOT / "schema" / "CONTRACT.md"
# Names of the public specifications in CONTRACT.md's References table, as comments write them.
SPEC_NAMES = (
    r"CONTRACT\.md",
    r"SOAP 1\.1",
    r"SOAP 1\.2(?: Part [12])?",
    r"WSDL 1\.1",
    r"XML 1\.0",
    r"Namespaces in XML 1\.0",
    r"XSD Part [12]",
    r"RFC \d{3,5}",
    r"HAR 1\.2",
)
_SOURCE = re.compile("(" + "|".join(SPEC_NAMES) + r")\W")
_SECTION = re.compile(r"§(\d+(?:\.\d+)*)")
_FORBIDDEN = re.compile(r"[Ii]ssue #\d|xsdata-notes|shared/spec|shared/design|contract §")
_TEXT_FILES = ("*.py", "*.md", "*.xsd", "*.wsdl", "*.toml", "Makefile")


def _files() -> list[Path]:
    out: list[Path] = []
    for top in ("faxstatus", "codegen", "tests", "bench", "fuzz", "schema", "examples"):
        base = ROOT / top
        if base.is_dir():
            for pattern in _TEXT_FILES:
                out.extend(p for p in base.rglob(pattern) if ".venv" not in p.parts)
    out.extend(
        p for p in (ROOT / "README.md", ROOT / "SECURITY.md", ROOT / "Makefile") if p.exists()
    )
    out.extend((ROOT / "docs").glob("*.md"))  # the site's pages: every test they cite exists
    return sorted(set(out) - {Path(__file__).resolve(), CONTRACT})


def _contract_sections() -> set[str]:
    return set(re.findall(r"^#+ §(\d+(?:\.\d+)*)", CONTRACT.read_text(encoding="utf-8"), re.M))


def test_contract_sections_are_numbered() -> None:
    assert {"1", "2.1", "2.3", "3", "4.2", "4.5", "4.6", "7"} <= _contract_sections()


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_references_resolve(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not _FORBIDDEN.search(text), f"{path}: a reference outside the repository"
    sections = _contract_sections()
    for m in _SECTION.finditer(text):
        before = text[max(0, m.start() - 160) : m.start()]
        sources = _SOURCE.findall(before + " ")
        line = text.count("\n", 0, m.start()) + 1
        if not sources and path.parent == CONTRACT.parent:
            sources = ["CONTRACT.md"]  # schema/README.md says "cited below as §n"
        assert sources, f"{path.name}:{line}: §{m.group(1)} does not say which document it cites"
        if sources[-1] == "CONTRACT.md":
            assert m.group(1) in sections, f"{path.name}:{line}: CONTRACT.md has no §{m.group(1)}"


#: A test file named by its path from the top (``tests/cli/test_status.py``), optionally with
#: ``::test_name``; or a bare ``::test_name``, which continues the last file named before it.
_TEST_REF = re.compile(r"(?<![\w/.])(tests/[\w/]+\.py)(?:::(\w+))?|(?<![\w:.])::(test_\w+)")


def test_named_test_files_and_tests_exist() -> None:
    """Every test file and test the docs, comments and ``make mutants`` name is still there."""
    problems: list[str] = []
    for path in _files():
        text = path.read_text(encoding="utf-8")
        last: Path | None = None
        for m in _TEST_REF.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            where = f"{path.relative_to(ROOT)}:{line}"
            if m.group(1):
                last = ROOT / m.group(1)
                if not last.is_file():
                    problems.append(f"{where}: no file {m.group(1)}")
                    last = None
                    continue
            name = m.group(2) or m.group(3)
            if name and last is not None:
                source = last.read_text(encoding="utf-8")
                if not re.search(rf"^\s*(?:async )?def {name}\b", source, re.M):
                    problems.append(f"{where}: {last.relative_to(ROOT)} has no {name}")
            elif name and m.group(3):
                problems.append(f"{where}: ::{name} follows no test file")
    assert not problems, "\n".join(problems)
