"""Reporters: terminal summary, JSON, JUnit XML and one self-contained HTML file (no network)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ._model import Report, Result, Verdict, kit_identity
from ._rules import PROVES

#: The one line a passing terminal run ends with (the full statement is in every report).
PROVES_SHORT = (
    "this shows agreement with faxstatus's reading of the contract on these cases only, not "
    "with Concord's service (see 'proves' in the JSON report)"
)

__all__ = ["format_terminal", "render_html", "write_html", "write_json", "write_junit"]

_MARK = {
    Verdict.PASS: "pass",
    Verdict.NON_STRICT: "NON-STRICT",
    Verdict.FAIL: "FAIL",
    Verdict.INFO: "info",
}
# XML 1.0 §2.2: characters no XML document can hold, even escaped (hostile bodies have them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_ORDER = {Verdict.FAIL: 0, Verdict.NON_STRICT: 1, Verdict.INFO: 2, Verdict.PASS: 3}


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line for line in text.splitlines()] or [prefix]


def _terminal_case(r: Result, verbose: bool, failed: bool) -> list[str]:
    lines = [f"{_MARK[r.verdict]:<10} {r.case.id}  {r.case.title}"]
    pad = " " * 11
    detail = r.detail
    if not verbose and not failed and len(detail) > 160:
        detail = detail[:157] + "…"  # the whole text is in the JSON and HTML reports
    if detail:
        lines.append(pad + detail)
    if failed or verbose:
        lines.append(pad + f"rule: {r.case.rule}")
        lines.append(pad + f"acceptable: {r.case.acceptable}")
    if failed:
        # Every difference, the deciding ones first: nothing summarised away.
        lines.extend(pad + "· " + n for n in r.notes)
        lines.append(pad + "expected:")
        lines.extend(_indent(_cut(r.expected_text), pad + "  "))
        lines.append(pad + "actual:")
        lines.extend(_indent(_cut(r.actual_text), pad + "  "))
        if r.wire:
            w = r.wire[0]
            lines.append(pad + f"sent ({w.label}, {len(w.body)} bytes):")
            lines.extend(_indent(_cut(w.text(4096), 40), pad + "  "))
    return lines


def _cut(text: str, max_lines: int = 60) -> str:
    lines = text.splitlines()
    if len(lines) <= max_lines:
        return text
    return "\n".join(
        [*lines[:max_lines], f"… ({len(lines) - max_lines} more lines in the JSON report)"]
    )


def format_terminal(report: Report, *, verbose: bool = False) -> str:
    """Terminal lines: fails first, each with its rule, expected and actual; then the rest.

    Non-pass cases are listed (all cases with *verbose*); the summary, the kit's identity and
    every reason the run does not pass close the output, so the deciding lines are the last.
    """
    lines: list[str] = []
    ident = kit_identity()
    if report.adapter_error is not None:
        lines.append("ADAPTER ERROR: the calibration cases failed, so no verdict was graded")
        for r in report.calibration:
            if r.verdict is not Verdict.PASS:
                lines.extend(_terminal_case(r, verbose, True))
    ordered = sorted(report.results, key=lambda r: _ORDER[r.verdict])
    for r in ordered:
        failed = report.failed(r)
        if verbose or r.verdict is not Verdict.PASS:
            lines.extend(_terminal_case(r, verbose, failed))
    if report.calibration and report.adapter_error is None:
        lines.append(f"calibration: {len(report.calibration)} cases, the adapter's plumbing works")
    lines.append(
        f"kit {ident['kit_version']}, schema sha256 {ident['schema_sha256'][:16]}…, "
        f"coverage {report.coverage:.0f}% graded" + (", --strict" if report.strict else "")
    )
    lines.append(report.summary_line())
    problems = report.problems()
    lines.extend(f"NOT PASSED: {p}" for p in problems)
    if not problems:
        lines.append("passed: " + PROVES_SHORT)
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
    fails = sum(report.failed(r) for r in report.results)
    root = ET.Element("testsuites", name="faxstatus conformance")
    suite = ET.SubElement(
        root,
        "testsuite",
        name=f"faxstatus conformance {report.target}",
        tests=str(len(report.results)),
        failures=str(fails),
        errors="0",
        skipped=str(counts[Verdict.INFO]),
        time=f"{report.duration_s:.3f}",
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="implementation", value=_xml_text(report.implementation))
    for key, value in kit_identity().items():
        ET.SubElement(props, "property", name=key, value=value)
    ET.SubElement(props, "property", name="ok", value=str(report.ok).lower())
    for problem in report.problems():
        ET.SubElement(props, "property", name="problem", value=_xml_text(problem))
    ET.SubElement(props, "property", name="proves", value=PROVES)
    if report.adapter_error is not None:
        # CI must not read an untrusted adapter as a pass: one erroring testcase says so.
        suite.set("errors", "1")
        tc = ET.SubElement(
            suite,
            "testcase",
            classname=f"conformance.{report.target}.calibration",
            name="calibration",
        )
        ET.SubElement(tc, "error", message=_xml_text(report.adapter_error), type="adapter-error")
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
        ET.SubElement(tprops, "property", name="rule", value=_xml_text(r.case.rule))
        ET.SubElement(tprops, "property", name="acceptable", value=_xml_text(r.case.acceptable))
        if report.failed(r):
            failure = ET.SubElement(
                tc, "failure", message=_xml_text(r.detail), type=r.verdict.value
            )
            failure.text = _xml_text(
                "\n".join(
                    [
                        f"rule: {r.case.rule}",
                        *r.notes,
                        "expected:",
                        r.expected_text,
                        "actual:",
                        r.actual_text,
                    ]
                )
            )
        elif r.verdict is Verdict.INFO:
            ET.SubElement(tc, "skipped", message=_xml_text(f"informational: {r.detail}"))
        out = [
            f"verdict: {r.verdict.value}",
            f"section: {r.case.section}",
            f"rule: {r.case.rule}",
            f"acceptable: {r.case.acceptable}",
        ]
        if r.detail:
            out.append(f"detail: {r.detail}")
        out.extend(r.notes)
        if r.verdict is not Verdict.PASS:
            out.extend(["expected:", r.expected_text, "actual:", r.actual_text])
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
.rule { font-size: 12px; margin: 2px 0; } .rule b { color: #57606a; font-weight: 600; }
.ea { display: flex; gap: 10px; } .ea > div { flex: 1; min-width: 0; }
.problems { margin: 10px 0 0; padding: 8px 12px; border-left: 4px solid var(--fail);
            background: #ffebe9; }
.proves { margin-top: 8px; font-size: 12px; color: #57606a; max-width: 110ch; }
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
    parts = [
        f'<div class="rule"><b>rule</b> {e(r.case.rule)}</div>'
        f'<div class="rule"><b>acceptable</b> {e(r.case.acceptable)}</div>'
    ]
    if r.notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{e(x)}</li>" for x in r.notes) + "</ul>")
    if r.verdict is not Verdict.PASS:
        parts.append(
            '<div class="ea"><div><div class="wl">expected</div>'
            f"<pre>{e(_xml_text(r.expected_text))}</pre></div>"
            '<div><div class="wl">actual</div>'
            f"<pre>{e(_xml_text(r.actual_text))}</pre></div></div>"
        )
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
    problems = report.problems()
    if report.adapter_error is not None:
        verdict = "ADAPTER ERROR"
    else:
        verdict = "PASSED" if report.ok else "NOT PASSED"
    script = _extra_html(report.extra)
    ident = kit_identity()
    if problems:
        script = '<div class="problems">' + "<br>".join(e(p) for p in problems) + "</div>" + script
    if report.calibration:
        cal_rows = "".join(
            f"<li>{e(r.verdict.value)}: <code>{e(r.case.id)}</code> {e(r.detail)}</li>"
            for r in report.calibration
        )
        script += (
            '<details style="margin-top:10px"><summary>calibration '
            f"({len(report.calibration)} cases, "
            f"{'failed' if report.adapter_error else 'passed'})</summary>"
            f"<ul>{cal_rows}</ul></details>"
        )
    script += f'<div class="proves"><b>What passing proves:</b> {e(PROVES)}</div>'
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>FaxWS conformance: {e(report.target)}</title>"
        f'<meta name="viewport" content="width=device-width"><style>{_CSS}</style></head><body>'
        f"<header><h1>FaxWS conformance — {e(report.target)}: {verdict}</h1>"
        f'<div class="meta">Implementation: <code>{e(report.implementation)}</code> · '
        f"started {e(data['started'])} · {report.duration_s:.1f} s · "
        f"{len(report.results)} cases · coverage {report.coverage:.0f}%"
        f"{' · strict' if report.strict else ''} · "
        f'kit <code class="kit">{e(ident["kit_version"])}</code> · schema sha256 '
        f'<code class="schema">{e(ident["schema_sha256"])}</code></div>'
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
