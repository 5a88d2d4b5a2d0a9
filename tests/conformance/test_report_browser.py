"""The HTML conformance report in a real browser (headless Chromium): it renders, filters, opens.

Needs Chromium from the system packages (``apt-get install chromium``), so it runs under
``make report-check`` (which sets FAXSTATUS_BROWSER_CHECK=1) and is skipped elsewhere with the
reason. The screenshot lands in ``conformance-report/report-check.png`` for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from faxstatus.cli import main

from ..support.paths import ROOT

BROWSER = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
pytestmark = [
    pytest.mark.skipif(
        os.environ.get("FAXSTATUS_BROWSER_CHECK") != "1",
        reason="the browser check runs under `make report-check` (FAXSTATUS_BROWSER_CHECK=1)",
    ),
    pytest.mark.skipif(
        BROWSER is None,
        reason="headless Chromium is not installed (apt-get install chromium)",
    ),
]
FAIL_CASE = "decoder/peer/gsoap-xml-nil-fault12"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    zeep = [sys.executable, str(ROOT / "examples" / "zeep_adapter.py")]
    main(["conformance", "decoder", "--batch", "-q", "-o", str(out), "--", *zeep])
    return out / "conformance-decoder.html"


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            # Nothing may be fetched: every host name resolves nowhere.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _rows(dom: str) -> list[tuple[str, str, bool]]:
    """(case id, verdict, hidden) of every case row in a dumped DOM."""
    out = []
    for m in re.finditer(
        r'<tr class="case( hidden)?" data-n="\d+" data-id="([^"]+)" '
        r'data-verdict="([^"]+)"',
        dom,
    ):
        out.append((m.group(2), m.group(3), bool(m.group(1))))
    return out


def test_the_report_renders_and_its_script_runs(report):
    import json

    total = len(json.loads(report.with_suffix(".json").read_text())["results"])
    done = _chromium("--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    rows = _rows(done.stdout)
    assert len(rows) == total > 200 and not any(hidden for _, _, hidden in rows)
    assert f'<span id="shown">{total} shown</span>' in done.stdout  # the script ran to the end
    assert "Uncaught" not in done.stderr  # no script error on the console


def test_filters_from_the_address_hide_and_open(report):
    # Three gSOAP SOAP_XML_NIL faults fail for zeep; the text filter leaves one of them.
    view = f"#hide=pass,non-strict,informational&q=gsoap-xml-nil-fault12&open={FAIL_CASE}"
    done = _chromium("--dump-dom", report.as_uri() + view)
    rows = _rows(done.stdout)
    visible = [(cid, verdict) for cid, verdict, hidden in rows if not hidden]
    assert visible == [(FAIL_CASE, "fail")]
    assert '<span id="shown">1 shown</span>' in done.stdout
    assert re.search(r'<tr class="wire open" id="w-\d+">', done.stdout)  # its wire is open
    assert 'class="tile pass off"' in done.stdout


def test_screenshot_for_a_person(report):
    shots = ROOT / "conformance-report"
    shots.mkdir(exist_ok=True)
    png = shots / "report-check.png"
    png.unlink(missing_ok=True)
    url = (
        report.as_uri()
        + f"#hide=pass,non-strict,informational&q=gsoap-xml-nil-fault12&open={FAIL_CASE}"
    )
    done = _chromium("--window-size=1400,1000", f"--screenshot={png}", url)
    assert done.returncode == 0, done.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    overview = shots / "report-check-overview.png"
    _chromium("--window-size=1400,1000", f"--screenshot={overview}", report.as_uri())
    assert overview.stat().st_size > 20_000


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("matrix")
    adapters = {
        "faxstatus": [sys.executable, str(ROOT / "tests" / "conformance" / "reference_adapter.py")],
        "zeep": [sys.executable, str(ROOT / "examples" / "zeep_adapter.py")],
    }
    for name, argv in adapters.items():
        main(["conformance", "decoder", "--batch", "-q", "-o", str(out / name), "--", *argv])
    main(
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
            "gSOAP=not built in this check",
        ]
    )
    return out / "conformance-matrix.html"


def _matrix_rows(dom: str) -> list[tuple[str, bool]]:
    return [
        (m.group(2), bool(m.group(1)))
        for m in re.finditer(r'<tr class="case( hidden)?" data-id="([^"]+)"', dom)
    ]


def test_the_matrix_page_filters_in_a_browser(matrix):
    done = _chromium("--dump-dom", matrix.as_uri())
    assert done.returncode == 0 and "Uncaught" not in done.stderr
    rows = _matrix_rows(done.stdout)
    assert rows and not any(hidden for _, hidden in rows)
    assert f'<span id="shown">{len(rows)} cases shown</span>' in done.stdout
    done = _chromium("--dump-dom", matrix.as_uri() + "#only=fail")
    visible = [cid for cid, hidden in _matrix_rows(done.stdout) if not hidden]
    assert FAIL_CASE in visible and len(visible) < len(rows)
    shots = ROOT / "conformance-report"
    shots.mkdir(exist_ok=True)
    png = shots / "matrix-check.png"
    png.unlink(missing_ok=True)
    _chromium("--window-size=1400,1000", f"--screenshot={png}", matrix.as_uri() + "#only=differ")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
