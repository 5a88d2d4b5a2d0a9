"""Regenerate faxstatus/models/ from schema/faxws.xsd with xsdata (make generate / check-generated)."""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "codegen" / "xsdata.xml"
DEFAULT_XSD = ROOT / "schema" / "faxws.xsd"
DEFAULT_OUT = ROOT / "faxstatus" / "models"
# The files xsdata writes for package faxstatus.models with Structure=filenames.
GENERATED = ("__init__.py", "faxws.py")


def _run_xsdata(xsd: Path, workdir: Path) -> Path:
    """Run ``xsdata generate`` in *workdir*; return the generated package directory."""
    shutil.copyfile(xsd, workdir / "faxws.xsd")
    env = dict(os.environ)
    # xsdata formats its output by running ruff found on PATH (xsdata-notes §3):
    # put this interpreter's bin directory first so the venv's pinned ruff is used.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    xsdata = Path(sys.executable).parent / "xsdata"
    proc = subprocess.run(
        [str(xsdata), "generate", "-c", str(CONFIG), "faxws.xsd"],
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


def generate(xsd: Path, out: Path) -> None:
    """Write the generated models for *xsd* into *out*, replacing what was there."""
    with tempfile.TemporaryDirectory(prefix="faxstatus-gen-") as tmp:
        pkg = _run_xsdata(xsd, Path(tmp))
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob("*.py"):
            if stale.name not in GENERATED:
                stale.unlink()
        for name in GENERATED:
            shutil.copyfile(pkg / name, out / name)


def check(xsd: Path, committed: Path) -> int:
    """Regenerate into a temporary directory and diff against *committed*; 0 when equal."""
    with tempfile.TemporaryDirectory(prefix="faxstatus-check-") as tmp:
        fresh = Path(tmp) / "models"
        generate(xsd, fresh)
        drift = 0
        names = sorted({p.name for p in committed.glob("*.py")} | {p.name for p in fresh.glob("*.py")})
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
                f"\n{drift} generated file(s) differ from {xsd.name}: run 'make generate' "
                "and commit schema/ and faxstatus/models/ together.",
                file=sys.stderr,
            )
            return 1
        print(f"faxstatus/models/ is up to date with {xsd.name}")
        return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``generate.py [--check] [--xsd F] [--out D]``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="diff instead of writing")
    parser.add_argument("--xsd", type=Path, default=DEFAULT_XSD, help="schema to generate from")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="models package directory")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.xsd, args.out)
    generate(args.xsd, args.out)
    print(f"generated {args.out} from {args.xsd}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
