"""Reporters: terminal summary, JSON, JUnit XML and one self-contained HTML file (no network)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ._model import Report, Result, Verdict

__all__ = ["format_terminal", "render_html", "write_html", "write_json", "write_junit"]

_MARK = {
    Verdict.PASS: "pass",
    Verdict.NON_STRICT: "NON-STRICT",
    Verdict.FAIL: "FAIL",
    Verdict.INFO: "info",
}
# XML 1.0 §2.2: characters no XML document can hold, even escaped (hostile bodies have them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def format_terminal(report: Report, *, verbose: bool = False) -> str:
    """Terminal lines: each non-pass case (all cases, in full, with *verbose*), then the summary."""
    lines = []
    for r in report.results:
        if verbose or r.verdict is not Verdict.PASS:
            lines.append(f"{_MARK[r.verdict]:<10} {r.case.id}  {r.case.title}")
            detail = r.detail
            if not verbose and len(detail) > 160:
                detail = detail[:157] + "…"  # the whole text is in the JSON and HTML reports
            if detail:
                lines.append(f"{'':<10} {detail}")
    lines.append(report.summary_line())
    return "\n".join(lines)


def write_json(report: Report, path: Path) -> None:
    """Write the report as JSON (wire bytes as text and base64)."""
    path.write_text(json.dumps(report.to_json(), indent=1, ensure_ascii=False) + "\n", "utf-8")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def write_junit(report: Report, path: Path) -> None:
    """Write JUnit XML: one testcase per case; fail as failure, informational as skipped.

    A non-strict case passes in JUnit terms (it is not a failure), with the deviation in its
    ``system-out`` and a ``verdict`` property, so CI dashboards can still find it.
    """
    counts = report.counts()
    root = ET.Element("testsuites", name="faxstatus conformance")
    suite = ET.SubElement(
        root,
        "testsuite",
        name=f"faxstatus conformance {report.target}",
        tests=str(len(report.results)),
        failures=str(counts[Verdict.FAIL]),
        errors="0",
        skipped=str(counts[Verdict.INFO]),
        time=f"{report.duration_s:.3f}",
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="implementation", value=_xml_text(report.implementation))
    for r in report.results:
        tc = ET.SubElement(
            suite,
            "testcase",
            classname=f"conformance.{report.target}.{r.case.group}",
            name=_xml_text(f"{r.case.id}: {r.case.title}"),
            time=f"{r.duration_ms / 1000:.3f}",
        )
        tprops = ET.SubElement(tc, "properties")
        ET.SubElement(tprops, "property", name="verdict", value=r.verdict.value)
        ET.SubElement(tprops, "property", name="section", value=_xml_text(r.case.section))
        if r.verdict is Verdict.FAIL:
            failure = ET.SubElement(tc, "failure", message=_xml_text(r.detail), type="fail")
            failure.text = _xml_text("\n".join(r.notes))
        elif r.verdict is Verdict.INFO:
            ET.SubElement(tc, "skipped", message=_xml_text(f"informational: {r.detail}"))
        out = [f"verdict: {r.verdict.value}", f"section: {r.case.section}"]
        if r.detail:
            out.append(f"detail: {r.detail}")
        out.extend(r.notes)
        for w in r.wire:
            status = f" (HTTP {w.status})" if w.status is not None else ""
            out.append(f"--- {w.label}{status}")
            out.extend(f"{k}: {v}" for k, v in w.headers.items())
            out.append(w.text(16384))
        ET.SubElement(tc, "system-out").text = _xml_text("\n".join(out))
    ET.indent(root)
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")


def write_html(report: Report, path: Path) -> None:
    """Write the self-contained HTML report."""
    path.write_text(render_html(report), "utf-8")


_CSS = """
:root { --pass:#1a7f37; --ns:#9a6700; --fail:#cf222e; --info:#57606a; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header { padding: 16px 24px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
h1 { font-size: 20px; margin: 0 0 6px; }
.meta { color: #57606a; font-size: 13px; }
.meta code { background: #eaeef2; padding: 1px 4px; border-radius: 4px; }
.tiles { display: flex; gap: 10px; margin-top: 12px; flex-wrap: wrap; }
.tile { border-radius: 6px; padding: 6px 12px; color: #fff; font-weight: 600; cursor: pointer;
        border: 2px solid transparent; user-select: none; }
.tile.off { opacity: .35; }
.tile.pass { background: var(--pass); } .tile.non-strict { background: var(--ns); }
.tile.fail { background: var(--fail); } .tile.informational { background: var(--info); }
.controls { padding: 10px 24px; display: flex; gap: 12px; align-items: center;
            border-bottom: 1px solid #d0d7de; flex-wrap: wrap; }
.controls input, .controls select { font: inherit; padding: 4px 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #eaeef2;
         vertical-align: top; }
th { position: sticky; top: 0; background: #fff; border-bottom: 2px solid #d0d7de; }
tr.case { cursor: pointer; } tr.case:hover { background: #f6f8fa; }
td.id { font-family: ui-monospace, monospace; font-size: 12px; white-space: nowrap; }
td.sec { color: #57606a; font-size: 12px; }
.v { display: inline-block; min-width: 92px; text-align: center; border-radius: 10px;
     padding: 1px 8px; color: #fff; font-size: 12px; font-weight: 600; }
.v.pass { background: var(--pass); } .v.non-strict { background: var(--ns); }
.v.fail { background: var(--fail); } .v.informational { background: var(--info); }
tr.wire { display: none; } tr.wire.open { display: table-row; }
tr.wire td { background: #f6f8fa; }
.notes { margin: 0 0 8px; padding-left: 18px; }
.wl { font-weight: 600; margin: 8px 0 2px; }
pre { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px;
      overflow: auto; max-height: 360px; margin: 0; font-size: 12px; white-space: pre-wrap;
      word-break: break-all; }
.hidden { display: none !important; }
footer { padding: 12px 24px; color: #57606a; font-size: 12px; }
"""

_JS = """
(function () {
  // State can come from the address: #hide=pass,non-strict&q=text&group=reject&open=CASE-ID
  var params = new URLSearchParams(location.hash.slice(1));
  var off = {};
  (params.get('hide') || '').split(',').forEach(function (v) { if (v) off[v] = true; });
  var q = document.getElementById('q'), grp = document.getElementById('group');
  var shown = document.getElementById('shown');
  q.value = params.get('q') || '';
  grp.value = params.get('group') || '';
  function apply() {
    var text = q.value.toLowerCase(), g = grp.value, n = 0;
    document.querySelectorAll('tr.case').forEach(function (tr) {
      var ok = !off[tr.dataset.verdict] && (!g || tr.dataset.group === g) &&
               (!text || tr.textContent.toLowerCase().indexOf(text) >= 0);
      tr.classList.toggle('hidden', !ok);
      var w = document.getElementById('w-' + tr.dataset.n);
      if (w) w.classList.toggle('hidden', !ok);
      if (ok) n++;
    });
    shown.textContent = n + ' shown';
  }
  document.querySelectorAll('.tile').forEach(function (t) {
    t.classList.toggle('off', !!off[t.dataset.verdict]);
    t.addEventListener('click', function () {
      off[t.dataset.verdict] = !off[t.dataset.verdict];
      t.classList.toggle('off', off[t.dataset.verdict]);
      apply();
    });
  });
  document.querySelectorAll('tr.case').forEach(function (tr) {
    tr.addEventListener('click', function () {
      document.getElementById('w-' + tr.dataset.n).classList.toggle('open');
    });
    if (tr.dataset.id === params.get('open')) {
      document.getElementById('w-' + tr.dataset.n).classList.add('open');
    }
  });
  q.addEventListener('input', apply); grp.addEventListener('change', apply);
  apply();
})();
"""


def _row(n: int, r: Result) -> str:
    e = html.escape
    v = r.verdict.value
    canonical = ""
    if r.canonical is not None:
        canonical = " (canonical bytes)" if r.canonical else " (not byte-identical)"
    head = (
        f'<tr class="case" data-n="{n}" data-id="{e(r.case.id)}" data-verdict="{v}" '
        f'data-group="{e(r.case.group)}">'
        f'<td><span class="v {v}">{v}</span></td><td class="id">{e(r.case.id)}</td>'
        f"<td>{e(r.case.title)}<br><small>{e(r.detail)}{e(canonical)}</small></td>"
        f'<td class="sec">{e(r.case.section)}</td></tr>'
    )
    parts = []
    if r.notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{e(x)}</li>" for x in r.notes) + "</ul>")
    for w in r.wire:
        status = f" — HTTP {w.status}" if w.status is not None else ""
        headers = "".join(f"{k}: {v}\n" for k, v in w.headers.items())
        sep = "\n" if headers else ""
        parts.append(
            f'<div class="wl">{e(w.label)}{e(status)} ({len(w.body)} bytes)</div>'
            f"<pre>{e(headers)}{sep}{e(_xml_text(w.text()))}</pre>"
        )
    body = "".join(parts) or "<em>no wire kept</em>"
    return head + f'<tr class="wire" id="w-{n}"><td colspan="4">{body}</td></tr>'


def render_html(report: Report) -> str:
    """The HTML report as one string: inline CSS and script, nothing fetched."""
    e = html.escape
    counts = report.counts()
    tiles = "".join(
        f'<span class="tile {v.value}" data-verdict="{v.value}" title="show or hide">'
        f"{counts[v]} {v.value}</span>"
        for v in Verdict
    )
    groups = sorted({r.case.group for r in report.results})
    options = '<option value="">all groups</option>' + "".join(
        f'<option value="{e(g)}">{e(g)}</option>' for g in groups
    )
    rows = "".join(_row(n, r) for n, r in enumerate(report.results))
    data: dict[str, Any] = report.to_json()
    verdict = "PASSED (nothing failed)" if report.ok else "FAILED"
    script = _extra_html(report.extra)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>FaxWS conformance: {e(report.target)}</title>"
        f'<meta name="viewport" content="width=device-width"><style>{_CSS}</style></head><body>'
        f"<header><h1>FaxWS conformance — {e(report.target)}: {verdict}</h1>"
        f'<div class="meta">Implementation: <code>{e(report.implementation)}</code> · '
        f"started {e(data['started'])} · {report.duration_s:.1f} s · "
        f"{len(report.results)} cases</div>"
        f'<div class="tiles">{tiles}</div>{script}</header>'
        '<div class="controls"><input id="q" type="search" placeholder="filter by text" size="32">'
        f'<select id="group">{options}</select><span id="shown"></span>'
        "<small>click a tile to hide or show a verdict, a row to show its wire; "
        "the address keeps a view: #hide=pass&amp;q=…&amp;open=CASE</small></div>"
        "<table><thead><tr><th>verdict</th><th>case</th><th>what is checked</th>"
        f"<th>section</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<footer>{e(report.summary_line())}</footer>"
        f"<script>{_JS}</script></body></html>\n"
    )


def _extra_html(extra: dict[str, Any]) -> str:
    script = extra.get("script")
    if not script:
        return ""
    text = json.dumps(script, indent=1, ensure_ascii=False)
    return (
        '<details style="margin-top:10px"><summary>the call script given to the client</summary>'
        f"<pre>{html.escape(text)}</pre></details>"
    )
