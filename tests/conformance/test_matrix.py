"""The conformance matrix from faxstatus and zeep (both in the venv): its JSON and its page."""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from faxstatus.cli import main

from ..support.paths import ROOT

PY = sys.executable
ADAPTERS = {
    "faxstatus": [PY, str(ROOT / "tests" / "conformance" / "reference_adapter.py")],
    "zeep": [PY, str(ROOT / "examples" / "zeep_adapter.py")],
}
CASES = {
    "decoder": [
        "decoder/golden/GetFaxStatus/*",
        "decoder/peer/gsoap/*",
        "decoder/reject/hostile/xxe-*",
    ],
    "encoder": ["encoder/golden/CheckService/*", "encoder/refuse/*"],
}


class _Page(HTMLParser):
    """The parts of the page the test looks at."""

    def __init__(self) -> None:
        super().__init__()
        self.impl_heads: list[str] = []
        self.rows: list[dict[str, str]] = []
        self.summary_cells: list[str] = []
        self.ids: set[str] = set()
        self.external: list[str] = []
        self.scripts = 0
        self._in_summary = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag in ("link", "img") or (tag == "script" and "src" in a):
            self.external.append(tag)
        if tag == "script":
            self.scripts += 1
        if tag == "th" and a.get("class") == "impl":
            self.impl_heads.append(a["data-impl"])
        if tag == "tr":
            self._in_summary = a.get("class") == "summary"
            if a.get("class") == "case":
                self.rows.append(a)
        if tag == "td" and self._in_summary and "data-impl" in a:
            self.summary_cells.append(a["data-impl"])


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("matrix")
    for name, argv in ADAPTERS.items():
        for target, patterns in CASES.items():
            selected = [x for p in patterns for x in ("--case", p)]
            main(
                [
                    "conformance",
                    target,
                    "--batch",
                    "-q",
                    "-o",
                    str(out / name),
                    *selected,
                    "--",
                    *argv,
                ]
            )
    code = main(
        [
            "conformance",
            "matrix",
            "-o",
            str(out),
            "--impl",
            f"faxstatus={out / 'faxstatus'}",
            "--impl",
            f"zeep={out / 'zeep'}",
            "--skip",
            "PHP SoapClient=php is not installed here",
        ]
    )
    assert code == 0
    return out, json.loads((out / "conformance-matrix.json").read_text())


def test_the_matrix_json_has_a_column_per_implementation(matrix):
    _, data = matrix
    names = [i["name"] for i in data["implementations"]]
    assert names == ["faxstatus", "zeep", "PHP SoapClient"]
    ours, zeep, php = data["implementations"]
    assert [r["target"] for r in ours["roles"]] == ["decoder", "encoder"]
    assert ours["summary"]["fail"] == 0 and ours["summary"]["pass"] == ours["cases"] > 0
    assert zeep["summary"]["fail"] >= 1  # zeep's nil-Subcode fault reader (README)
    assert php["skipped"] == "php is not installed here" and php["roles"] == []
    assert data["schema_sha256"] and data["kit_version"] and "does not" in data["proves"]
    for row in data["cases"]:
        assert set(row["verdicts"]) <= {"faxstatus", "zeep"} and row["rule"]
    both = [r for r in data["cases"] if len(r["verdicts"]) == 2]
    assert len(both) == len(data["cases"])  # both played every role given


def test_the_matrix_page_is_self_contained_and_filterable(matrix):
    out, data = matrix
    text = (out / "conformance-matrix.html").read_text()
    page = _Page()
    page.feed(text)
    assert page.external == [] and "url(" not in text and "@import" not in text
    assert page.scripts == 1
    assert page.impl_heads == ["faxstatus", "zeep", "PHP SoapClient"]
    assert page.summary_cells == ["faxstatus", "zeep"]  # the skipped one shows its reason
    assert "skipped: php is not installed here" in text
    assert {"q", "target", "only", "shown", "matrix"} <= page.ids
    assert [r["data-id"] for r in page.rows] == [c["id"] for c in data["cases"]]
    differ = {r["data-id"] for r in page.rows if r["data-differ"] == "1"}
    assert "decoder/peer/gsoap/fault12-xml-nil" in differ  # pass for us, fail for zeep
    row = next(r for r in page.rows if r["data-id"] == "decoder/peer/gsoap/fault12-xml-nil")
    assert row["data-verdicts"].split() == ["pass", "fail"]
