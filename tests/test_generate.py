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
    # the layout table drifts too
    assert '("ErrorDetail", "error_detail", "xsd:string", 1, 1, False)' in proc.stdout
    assert "make generate" in proc.stderr


def test_check_mode_passes_on_the_committed_schema():
    proc = _run("--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_runtime_never_imports_xsdata():
    """xsdata only generates the models: import faxstatus and every codec path run without it."""
    code = (
        "import json, pathlib, sys, faxstatus, faxstatus.strategies\n"
        "from faxstatus import simulator, cli\n"
        "n = 0\n"
        "for f in sorted(pathlib.Path('tests/vectors').glob('*/*/[rq]*.*')):\n"
        "    ctype = json.loads((f.parent / 'headers.json').read_text())[f.stem]['Content-Type']\n"
        "    for chain in (faxstatus.codec.DECODERS, ('generic',)):\n"
        "        opts = faxstatus.DecodeOptions(decoders=chain)\n"
        "        msg = faxstatus.decode(f.read_bytes(), ctype, options=opts)\n"
        "        assert faxstatus.encode(msg.payload, msg.content_type).body == f.read_bytes()\n"
        "        n += 1\n"
        "assert n > 50, n\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'xsdata')\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr


def test_models_package_loads_the_dataclasses_on_first_use():
    """The layout table imports without faxws (the dataclasses); a class name loads them."""
    code = (
        "import sys, faxstatus.models.layout, faxstatus.models as models\n"
        "assert 'faxstatus.models.faxws' not in sys.modules\n"
        "assert set(models.__all__) <= set(dir(models))\n"
        "try:\n"
        "    models.NoSuchClass\n"
        "except AttributeError as exc:\n"
        "    assert 'NoSuchClass' in str(exc)\n"
        "else:\n"
        "    raise AssertionError('expected AttributeError')\n"
        "assert 'faxstatus.models.faxws' not in sys.modules\n"
        "from faxstatus.models import WSError\n"
        "from faxstatus.models import faxws\n"
        "assert WSError is faxws.WSError\n"
        "assert all(getattr(models, n) is getattr(faxws, n) for n in models.__all__)\n"
        "here = faxws.__name__\n"
        "defined = [n for n, v in vars(faxws).items() if getattr(v, '__module__', '') == here]\n"
        "assert sorted(models.__all__) == sorted(defined)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr


def test_unsupported_construct_fails_up_front_and_leaves_models_untouched(tmp_path):
    xsd = _schema_copy(tmp_path)
    text = xsd.read_text()
    marker = '<element name="ErrorString" type="xsd:string" minOccurs="1" maxOccurs="1"/>'
    xsd.write_text(text.replace(marker, marker + '\n      <element name="When" type="xsd:QName"/>'))
    out = tmp_path / "models"
    shutil.copytree(ROOT / "faxstatus" / "models", out, ignore=shutil.ignore_patterns("__py*"))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = _run("--schema", str(tmp_path), "--out", str(out))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines == [
        "make generate: faxws.xsd: type WSError, field When: built-in type xsd:QName "
        "is not supported"
    ], proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".models")]
