"""Regenerate faxstatus/models/ from schema/ (make generate, make check-generated).

One pass: codegen/layout.py reads ``schema/faxws.xsd`` and ``schema/faxws.wsdl`` into the
layout table, failing up front on any construct it does not support; xsdata writes the
dataclasses; the layout table and the fast path are rendered; the pinned ruff formats every
generated module. Everything is written to a temporary directory beside
``faxstatus/models/``, which replaces the old directory only once all of it succeeded.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fastpath
import layout

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "codegen" / "xsdata.xml"
PYPROJECT = ROOT / "pyproject.toml"
DEFAULT_SCHEMA = ROOT / "schema"
DEFAULT_OUT = ROOT / "faxstatus" / "models"
# What make generate writes into faxstatus/models/: the two modules xsdata writes for package
# faxstatus.models (Structure=filenames), the layout table, the fast path, and copies of the
# schema files so that an installed faxstatus can validate and hand its WSDL to consumers.
GENERATED = ("__init__.py", "faxws.py", "layout.py", "fastpath.py", "faxws.xsd", "faxws.wsdl")
# xsdata types xsd:dateTime and xsd:date with its own classes, which would make xsdata a
# run-time dependency; faxstatus keeps both as the checked lexical string (faxstatus/_xsd.py).
_XSDATA_RUNTIME = re.compile(r"^from xsdata\.models\.datatype import [^\n]*\n", re.MULTILINE)
_XSDATA_TYPES = re.compile(r"\bXml(DateTime|Date)\b")


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _run_xsdata(xsd: Path, workdir: Path) -> Path:
    """Run ``xsdata generate`` in *workdir*; return the generated package directory."""
    shutil.copyfile(xsd, workdir / "faxws.xsd")
    env = dict(os.environ)
    # xsdata formats its output by running ruff found on PATH: put this interpreter's bin
    # directory first so the venv's pinned ruff is used.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run(
        [_bin("xsdata"), "generate", "-c", str(CONFIG), "faxws.xsd"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"xsdata generate failed with exit status {proc.returncode}")
    return workdir / "faxstatus" / "models"


def _models_source(text: str) -> str:
    """Xsdata's faxws.py without run-time xsdata imports (dateTime and date become str)."""
    text = _XSDATA_TYPES.sub("str", _XSDATA_RUNTIME.sub("", text))
    if "xsdata" in text:
        raise layout.Unsupported(
            "faxws.xsd: type -, field -: xsdata's output imports xsdata at run time"
        )
    return text


def _format(paths: list[Path]) -> None:
    """Run the pinned ruff's formatter (the project's settings) over *paths*."""
    proc = subprocess.run(
        [_bin("ruff"), "format", "--config", str(PYPROJECT), "--no-cache", "--quiet"]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit("ruff format failed on the generated code")


def build(schema_dir: Path, dest: Path) -> None:
    """Write every generated file for *schema_dir* into the empty directory *dest*."""
    xsd = schema_dir / "faxws.xsd"
    table = layout.read(schema_dir)  # unsupported constructs stop here, before any writing
    with tempfile.TemporaryDirectory(prefix="faxstatus-xsdata-") as tmp:
        pkg = _run_xsdata(xsd, Path(tmp))
        shutil.copyfile(pkg / "__init__.py", dest / "__init__.py")
        (dest / "faxws.py").write_text(_models_source((pkg / "faxws.py").read_text()))
    layout.attach_classes(table, load_module(dest / "faxws.py"))
    (dest / "layout.py").write_text(layout.render(table))
    (dest / "fastpath.py").write_text(fastpath.render(table))
    shutil.copyfile(xsd, dest / "faxws.xsd")
    shutil.copyfile(schema_dir / "faxws.wsdl", dest / "faxws.wsdl")
    _format([dest / name for name in GENERATED if name.endswith(".py")])


def load_module(path: Path) -> object:
    """Import the freshly generated ``faxws.py`` at *path* under a private name."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("_faxstatus_codegen_faxws", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses looks the defining module up in sys.modules while it builds the classes.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def generate(schema_dir: Path, out: Path) -> None:
    """Regenerate *out* from *schema_dir*; *out* is replaced only when everything succeeded."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        build(schema_dir, staging)
        old = out.with_name(f".{out.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        staging.rename(out)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def check(schema_dir: Path, committed: Path) -> int:
    """Regenerate into a temporary directory and diff against *committed*; 0 when equal."""
    with tempfile.TemporaryDirectory(prefix="faxstatus-check-") as tmp:
        fresh = Path(tmp) / "models"
        fresh.mkdir()
        build(schema_dir, fresh)
        drift = 0
        names = sorted(
            {p.name for p in committed.iterdir() if p.is_file()}
            | {p.name for p in fresh.iterdir() if p.is_file()}
        )
        for name in names:
            a, b = committed / name, fresh / name
            if a.exists() and b.exists() and filecmp.cmp(a, b, shallow=False):
                continue
            drift += 1
            old = a.read_text().splitlines(keepends=True) if a.exists() else []
            new = b.read_text().splitlines(keepends=True) if b.exists() else []
            sys.stdout.writelines(
                difflib.unified_diff(old, new, f"committed/{name}", f"regenerated/{name}")
            )
        if drift:
            print(
                f"\n{drift} generated file(s) differ from {schema_dir}: run 'make generate' "
                "and commit schema/ and faxstatus/models/ together.",
                file=sys.stderr,
            )
            return 1
        print(f"faxstatus/models/ is up to date with {schema_dir}")
        return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``generate.py [--check] [--schema DIR] [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="diff instead of writing")
    parser.add_argument(
        "--schema", type=Path, default=DEFAULT_SCHEMA, help="folder with faxws.xsd and faxws.wsdl"
    )
    parser.add_argument("--xsd", type=Path, help="same as --schema with the XSD's folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="models package directory")
    args = parser.parse_args(argv)
    schema_dir = args.xsd.parent if args.xsd is not None else args.schema
    try:
        if args.check:
            return check(schema_dir, args.out)
        generate(schema_dir, args.out)
    except layout.Unsupported as exc:
        print(f"make generate: {exc}", file=sys.stderr)
        return 2
    print(f"generated {args.out} from {schema_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
