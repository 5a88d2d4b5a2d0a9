"""codegen/generate.py: deterministic output, and check mode catches drift from schema/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

GENERATE = ROOT / "codegen" / "generate.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATE), *args], capture_output=True, text=True, check=False
    )


def _schema_copy(tmp_path: Path) -> Path:
    for name in ("faxws.xsd", "faxws.wsdl"):
        shutil.copyfile(ROOT / "schema" / name, tmp_path / name)
    return tmp_path / "faxws.xsd"


def test_generate_is_deterministic_and_matches_committed(tmp_path):
    xsd = _schema_copy(tmp_path)
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        assert _run("--xsd", str(xsd), "--out", str(out)).returncode == 0
    committed = ROOT / "faxstatus" / "models"
    names = sorted(p.name for p in committed.iterdir() if p.is_file())
    assert names == sorted(p.name for p in outs[0].iterdir())
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
        assert (outs[0] / name).read_bytes() == (committed / name).read_bytes(), name


def test_check_mode_reports_an_added_field(tmp_path):
    xsd = _schema_copy(tmp_path)
    text = xsd.read_text()
    marker = '<element name="ErrorString" type="xsd:string" minOccurs="1" maxOccurs="1"/>'
    assert marker in text
    xsd.write_text(
        text.replace(
            marker,
            marker + '\n      <element name="ErrorDetail" type="xsd:string"/>',
            1,
        )
    )
    proc = _run("--check", "--xsd", str(xsd))
    assert proc.returncode == 1
    assert "+    error_detail: str = field(" in proc.stdout
    assert '"ErrorDetail": "string"' in proc.stdout  # the XSD-type table drifts too
    assert "make generate" in proc.stderr


def test_check_mode_passes_on_the_committed_schema():
    proc = _run("--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
