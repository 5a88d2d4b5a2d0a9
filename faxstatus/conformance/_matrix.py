"""The conformance matrix: several implementations' reports side by side, as JSON and one HTML page.

Each implementation is a column made from the JSON reports of the roles it played (decoder,
encoder, client, server); each case is a row, so one case's verdicts across implementations
read on one line. An implementation that could not be run is a column with the reason it was
skipped. The page is self-contained (inline style and script, nothing fetched) and filters by
text, target, verdict and disagreement.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ._model import Verdict, kit_identity
from ._rules import PROVES

__all__ = ["Column", "build_matrix", "load_column", "render_matrix", "write_matrix"]

_VERDICTS = [v.value for v in Verdict]


@attrs.frozen
class Column:
    """One implementation: its name, the reports of the roles it played, or why it was skipped."""

    name: str
    reports: Sequence[Mapping[str, Any]] = ()  #: JSON reports (``Report.to_json()``)
    skipped: str | None = None


def load_column(name: str, folder: Path) -> Column:
    """The column of the ``conformance-<target>.json`` reports in *folder*."""
    reports = []
    for target in ("decoder", "encoder", "client", "server"):
        path = folder / f"conformance-{target}.json"
        if path.is_file():
            reports.append(json.loads(path.read_text("utf-8")))
    if not reports:
        return Column(name, skipped=f"no conformance report in {folder}")
    return Column(name, reports)


def _role(report: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "target": report["target"],
        "implementation": report["implementation"],
        "summary": report["summary"],
        "ok": report["ok"],
        "problems": report.get("problems", []),
        "coverage_percent": report.get("coverage_percent"),
        "adapter_error": report.get("adapter_error"),
        "kit_version": report.get("kit_version"),
    }


def build_matrix(columns: Iterable[Column]) -> dict[str, Any]:
    """The matrix as JSON data: implementations (with per-role summaries) and case rows."""
    columns = list(columns)
    rows: dict[str, dict[str, Any]] = {}
    impls = []
    for col in columns:
        summary = dict.fromkeys(_VERDICTS, 0)
        roles = [_role(r) for r in col.reports]
        for report in col.reports:
            for r in report["results"]:
                row = rows.setdefault(
                    r["id"],
                    {
                        "id": r["id"],
                        "title": r["title"],
                        "target": report["target"],
                        "section": r["section"],
                        "rule": r.get("rule", ""),
                        "verdicts": {},
                    },
                )
                row["verdicts"][col.name] = {"verdict": r["verdict"], "detail": r["detail"]}
                summary[r["verdict"]] += 1
        impls.append(
            {
                "name": col.name,
                "skipped": col.skipped,
                "roles": roles,
                "summary": summary,
                "cases": sum(summary.values()),
                "ok": bool(roles) and all(role["ok"] for role in roles),
            }
        )
    ordered = sorted(rows.values(), key=lambda row: (_TARGETS.index(row["target"]), row["id"]))
    return {
        "tool": "faxstatus conformance matrix",
        **kit_identity(),
        "proves": PROVES,
        "implementations": impls,
        "cases": ordered,
    }


_TARGETS = ["decoder", "encoder", "client", "server"]


def write_matrix(matrix: Mapping[str, Any], folder: Path) -> tuple[Path, Path]:
    """Write ``conformance-matrix.json`` and ``conformance-matrix.html`` into *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "conformance-matrix.json"
    page = folder / "conformance-matrix.html"
    data.write_text(json.dumps(matrix, indent=1, ensure_ascii=False) + "\n", "utf-8")
    page.write_text(render_matrix(matrix), "utf-8")
    return data, page


_CSS = """
:root { --pass:#1a7f37; --ns:#9a6700; --fail:#cf222e; --info:#57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header { padding: 16px 24px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
h1 { font-size: 20px; margin: 0 0 6px; }
.meta, .proves { color: #57606a; font-size: 13px; } .proves { max-width: 120ch; margin-top: 6px; }
code { background: #eaeef2; padding: 1px 4px; border-radius: 4px; }
.controls { padding: 10px 24px; display: flex; gap: 12px; align-items: center;
            border-bottom: 1px solid #d0d7de; flex-wrap: wrap; }
.controls input, .controls select { font: inherit; padding: 4px 8px; }
table { border-collapse: collapse; }
th, td { padding: 4px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top;
         text-align: left; }
thead th { position: sticky; top: 0; background: #fff; border-bottom: 2px solid #d0d7de;
           z-index: 1; }
th.impl { min-width: 120px; } th.impl small { display: block; color: #57606a; font-weight: 400; }
tr.summary td { background: #f6f8fa; font-size: 12px; }
td.id { font-family: ui-monospace, monospace; font-size: 12px; white-space: nowrap; }
td.cell { text-align: center; }
.v { display: inline-block; min-width: 84px; text-align: center; border-radius: 10px;
     padding: 1px 6px; color: #fff; font-size: 12px; font-weight: 600; }
.v.pass { background: var(--pass); } .v.non-strict { background: var(--ns); }
.v.fail { background: var(--fail); } .v.informational { background: var(--info); }
.v.none { background: #fff; color: #8c959f; border: 1px dashed #d0d7de; }
.skip { color: #57606a; font-style: italic; font-size: 12px; }
.n { font-weight: 600; } .n.fail { color: var(--fail); } .n.pass { color: var(--pass); }
.n.non-strict { color: var(--ns); } .n.informational { color: var(--info); }
.hidden { display: none !important; }
footer { padding: 12px 24px; color: #57606a; font-size: 12px; }
"""

_JS = """
(function () {
  var params = new URLSearchParams(location.hash.slice(1));
  var q = document.getElementById('q'), tgt = document.getElementById('target');
  var only = document.getElementById('only'), shown = document.getElementById('shown');
  q.value = params.get('q') || ''; tgt.value = params.get('target') || '';
  only.value = params.get('only') || '';
  function apply() {
    var text = q.value.toLowerCase(), t = tgt.value, o = only.value, n = 0;
    document.querySelectorAll('tr.case').forEach(function (tr) {
      var vs = (tr.dataset.verdicts || '').split(' ').filter(Boolean);
      var ok = (!t || tr.dataset.target === t) &&
               (!text || tr.textContent.toLowerCase().indexOf(text) >= 0);
      if (ok && o === 'fail') ok = vs.indexOf('fail') >= 0;
      if (ok && o === 'differ') ok = tr.dataset.differ === '1';
      if (ok && o === 'not-pass') ok = vs.some(function (v) { return v !== 'pass'; });
      tr.classList.toggle('hidden', !ok);
      if (ok) n++;
    });
    shown.textContent = n + ' cases shown';
  }
  q.addEventListener('input', apply); tgt.addEventListener('change', apply);
  only.addEventListener('change', apply);
  apply();
})();
"""


def _summary_cell(impl: Mapping[str, Any]) -> str:
    e = html.escape
    if impl["skipped"]:
        return f'<td class="skip">skipped: {e(impl["skipped"])}</td>'
    s = impl["summary"]
    parts = " · ".join(f'<span class="n {v}">{s[v]} {v}</span>' for v in _VERDICTS)
    roles = "; ".join(f"{r['target']}: {'ok' if r['ok'] else 'NOT PASSED'}" for r in impl["roles"])
    return (
        f'<td data-impl="{e(impl["name"])}">{impl["cases"]} cases: {parts}'
        f"<br><small>{e(roles)}</small></td>"
    )


def render_matrix(matrix: Mapping[str, Any]) -> str:
    """The matrix page as one string: inline CSS and script, nothing fetched."""
    e = html.escape
    impls = matrix["implementations"]
    head = "".join(
        f'<th class="impl" data-impl="{e(i["name"])}">{e(i["name"])}'
        f"<small>{e(', '.join(r['target'] for r in i['roles']) or 'skipped')}</small></th>"
        for i in impls
    )
    summary = (
        '<tr class="summary"><td colspan="2"><b>summary</b></td>'
        + "".join(_summary_cell(i) for i in impls)
        + "</tr>"
    )
    rows = []
    for row in matrix["cases"]:
        cells = []
        seen = []
        for impl in impls:
            got = row["verdicts"].get(impl["name"])
            if got is None:
                cells.append('<td class="cell"><span class="v none">—</span></td>')
                continue
            seen.append(got["verdict"])
            cells.append(
                f'<td class="cell" title="{e(got["detail"])}">'
                f'<span class="v {got["verdict"]}">{got["verdict"]}</span></td>'
            )
        differ = "1" if len(set(seen)) > 1 else "0"
        rows.append(
            f'<tr class="case" data-id="{e(row["id"])}" data-target="{row["target"]}" '
            f'data-verdicts="{" ".join(seen)}" data-differ="{differ}">'
            f'<td class="id">{e(row["id"])}</td>'
            f'<td>{e(row["title"])}<br><small title="{e(row["rule"])}">{e(row["section"])}</small>'
            f"</td>{''.join(cells)}</tr>"
        )
    targets = '<option value="">every target</option>' + "".join(
        f'<option value="{t}">{t}</option>' for t in _TARGETS
    )
    only = (
        '<option value="">every case</option><option value="fail">a fail somewhere</option>'
        '<option value="not-pass">not a pass somewhere</option>'
        '<option value="differ">implementations disagree</option>'
    )
    ran = sum(1 for i in impls if not i["skipped"])
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>FaxWS conformance matrix</title>"
        f'<meta name="viewport" content="width=device-width"><style>{_CSS}</style></head><body>'
        f"<header><h1>FaxWS conformance matrix — {ran} of {len(impls)} implementations</h1>"
        f'<div class="meta">kit <code class="kit">{e(matrix["kit_version"])}</code> · schema '
        f'sha256 <code class="schema">{e(matrix["schema_sha256"])}</code> · '
        f"{len(matrix['cases'])} cases · a cell's tooltip gives its reason</div>"
        f'<div class="proves"><b>What passing proves:</b> {e(matrix["proves"])}</div></header>'
        '<div class="controls"><input id="q" type="search" placeholder="filter by text" '
        f'size="32"><select id="target">{targets}</select><select id="only">{only}</select>'
        '<span id="shown"></span><small>the address keeps a view: '
        "#only=differ&amp;target=decoder&amp;q=…</small></div>"
        f'<table id="matrix"><thead><tr><th>case</th><th>what is checked</th>{head}</tr></thead>'
        f"<tbody>{summary}{''.join(rows)}</tbody></table>"
        f"<footer>faxstatus conformance matrix · {len(matrix['cases'])} cases</footer>"
        f"<script>{_JS}</script></body></html>\n"
    )
