"""Regenerate faxstatus/models/ from schema/ (make generate, make check-generated).

One pass: codegen/layout.py reads ``schema/faxws.xsd`` and ``schema/faxws.wsdl`` into the
layout table, failing up front on any construct it does not support; xsdata writes the
dataclasses; the layout table and the fast path are rendered; the pinned ruff formats every
generated module. Everything is written to a temporary directory beside
``faxstatus/models/``, which replaces the old directory only once all of it succeeded; then
codegen/surface.py rewrites the typed surface (decode_response overloads, client methods, the
root's type-checking imports) in the marked regions of the package that holds the models,
and, for this checkout's own package, codegen/docs_cli.py rewrites docs/cli.md's command
reference (its operation choices follow the schema).
"""

from __future__ import annotations

import argparse
import ast
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
import oracle
import surface

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "codegen" / "xsdata.xml"
PYPROJECT = ROOT / "pyproject.toml"
DEFAULT_SCHEMA = ROOT / "schema"
DEFAULT_OUT = ROOT / "faxstatus" / "models"
# What make generate writes into faxstatus/models/: the dataclasses xsdata writes for package
# faxstatus.models (Structure=filenames) and a lazy package __init__ naming them, the layout
# table, the fast path, and copies of the schema files so that an installed faxstatus can
# validate and hand its WSDL to consumers.
GENERATED = ("__init__.py", "faxws.py", "layout.py", "fastpath.py", "faxws.xsd", "faxws.wsdl")
# xsdata types xsd:dateTime and xsd:date with its own classes, which would make xsdata a
# run-time dependency; faxstatus keeps both as the checked lexical string (faxstatus/_xsd.py).
_XSDATA_RUNTIME = re.compile(r"^from xsdata\.models\.datatype import [^\n]*\n", re.MULTILINE)
_XSDATA_TYPES = re.compile(r"\bXml(DateTime|Date)\b")


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _run_xsdata(xsd: Path, workdir: Path) -> Path:
    """Run ``xsdata generate`` in *workdir*; return the generated package directory."""
    (workdir / "faxws.xsd").write_bytes(layout.without_imports(xsd.read_bytes()))
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


def _class_names(init_text: str) -> list[str]:
    """The class names xsdata's ``__init__.py`` imports from ``.faxws``, in its order.

    Fails when that file holds anything else (another module, names missing from
    ``__all__``): the lazy ``__init__`` rendered from it would then lose a name.
    """
    names: list[str] = []
    exported: list[str] | None = None
    for node in ast.parse(init_text).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module == "faxws":
            names += [alias.name for alias in node.names if alias.asname is None]
        elif (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == ["__all__"]
            and isinstance(node.value, ast.List)
        ):
            exported = [ast.literal_eval(e) for e in node.value.elts]
        else:
            # One short line: what the statement is and where it imports from (an ast.dump
            # of a long import is a line of a thousand characters).
            what = type(node).__name__
            source = getattr(node, "module", None)
            where = f" from .{source}" if source else ""
            raise SystemExit(
                f"xsdata's __init__.py holds an unexpected {what}{where} (line {node.lineno}): "
                "a type the schema does not declare, from an import it references?"
            )
    # The two lists are compared as sets: xsdata writes __all__ in its order while ruff's
    # isort sorts the import (all-capital names such as DID first), so only membership says
    # whether a name would be lost.
    if not names or exported is None or sorted(exported) != sorted(names):
        raise SystemExit("xsdata's __init__.py: its imports from .faxws and __all__ differ")
    return names


def _models_init(names: list[str]) -> str:
    """Source of ``faxstatus/models/__init__.py``: *names* from ``.faxws``, loaded on first use.

    The layout table (``faxstatus.models.layout``) is a submodule of this package, and the
    lean decode path reads it without the dataclasses: so this ``__init__`` imports nothing,
    and ``faxws`` loads when a class is first asked for (PEP 562). The TYPE_CHECKING import
    keeps the names visible to mypy.
    """
    imports = "".join(f"        {n},\n" for n in names)
    listed = "".join(f'    "{n}",\n' for n in names)
    return f'''"""The generated dataclasses of the FaxWS types, loaded on first use.

Generated by codegen/generate.py from schema/faxws.xsd (make generate): do not edit by hand.
The classes are defined in ``faxws``; each name here imports that module on first access
(PEP 562), so that the layout table (``layout``) loads without the dataclasses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .faxws import (
{imports}    )

__all__ = [
{listed}]


def __getattr__(name: str) -> Any:
    """Import ``faxws`` on the first access to one of its classes and keep them all here."""
    if name not in __all__:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    from . import faxws

    classes = {{n: getattr(faxws, n) for n in __all__}}
    globals().update(classes)
    return classes[name]


def __dir__() -> list[str]:
    """The module's attributes, with the classes not loaded yet."""
    return sorted(set(globals()) | set(__all__))
'''


def _format(paths: list[Path]) -> None:
    """Run the pinned ruff's formatter (the project's settings) over *paths*."""
    surface.ruff(["format", "--quiet"], paths, PYPROJECT, "the generated code")


def build(schema_dir: Path, dest: Path) -> layout.Layout:
    """Write every generated file for *schema_dir* into the empty directory *dest*; its table."""
    xsd = schema_dir / "faxws.xsd"
    table = layout.read(schema_dir)  # unsupported constructs stop here, before any writing
    with tempfile.TemporaryDirectory(prefix="faxstatus-xsdata-") as tmp:
        pkg = _run_xsdata(xsd, Path(tmp))
        names = _class_names((pkg / "__init__.py").read_text())
        (dest / "__init__.py").write_text(_models_init(names))
        (dest / "faxws.py").write_text(_models_source((pkg / "faxws.py").read_text()))
    layout.attach_classes(table, load_module(dest / "faxws.py"))
    (dest / "layout.py").write_text(layout.render(table))
    (dest / "fastpath.py").write_text(fastpath.render(table))
    (dest / "faxws.xsd").write_bytes(layout.without_imports(xsd.read_bytes()))
    shutil.copyfile(schema_dir / "faxws.wsdl", dest / "faxws.wsdl")
    _format([dest / name for name in GENERATED if name.endswith(".py")])
    return table


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
    """Regenerate *out* and the typed surface of its package from *schema_dir*.

    Nothing is written unless everything rendered: *out* is replaced, then the surface's
    regions in the package's hand-written modules.
    """
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        table = build(schema_dir, staging)
        texts = surface.rewrite(table, out.parent, PYPROJECT)
        old = out.with_name(f".{out.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        staging.rename(out)
        if old.exists():
            shutil.rmtree(old)
        for path, text in texts.items():
            if path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def check(schema_dir: Path, committed: Path) -> int:
    """Regenerate into a temporary directory and diff against *committed* and the surface.

    0 when the models and the surface's regions are as *schema_dir* makes them.
    """
    with tempfile.TemporaryDirectory(prefix="faxstatus-check-") as tmp:
        fresh = Path(tmp) / "models"
        fresh.mkdir()
        table = build(schema_dir, fresh)
        drift = 0
        package = committed.parent
        for path, text in surface.rewrite(table, package, PYPROJECT).items():
            before = path.read_text(encoding="utf-8")
            if before != text:
                drift += 1
                shown = path.relative_to(package.parent).as_posix()
                sys.stdout.writelines(
                    difflib.unified_diff(
                        before.splitlines(keepends=True),
                        text.splitlines(keepends=True),
                        f"committed/{shown}",
                        f"regenerated/{shown}",
                    )
                )
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
                "and commit schema/, faxstatus/models/ and the surface together.",
                file=sys.stderr,
            )
            return 1
        print(f"faxstatus/models/ is up to date with {schema_dir}")
        return 0


def _committed_types(path: Path) -> dict[str, layout.TypeSpec]:
    """The types of the layout table *path* as committed (before regenerating), or {}."""
    if not path.exists():
        return {}
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("_faxstatus_committed_layout", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        rows = module.TYPES
    except Exception:  # a table from another generator version: nothing to compare
        return {}
    renamed = getattr(module, "RENAMED", {})
    return {
        name: layout.TypeSpec(
            name,
            kind,
            [
                layout.FieldSpec(
                    f[0], f[2], f[3], f[4], f[5], f[1], was=renamed.get(name, {}).get(f[0], "")
                )
                for f in fields
            ],
            cls,
        )
        for name, (kind, cls, fields) in rows.items()
    }


def _effects(before: dict[str, layout.TypeSpec], table: layout.Layout) -> list[str]:
    """What changed between the committed table and *table*, for callers (codegen/schema_diff.py).

    A field renamed keeps no named attribute: its value moves to ``JobStatus.extra``, so the
    generator says so (an element removed and one added with the same type) as schema-diff does.
    """
    import schema_diff  # noqa: PLC0415 - it imports this module

    roles = schema_diff._roles(table.types, table.operations)
    out: list[str] = []
    for name, spec in table.types.items():
        old = before.get(name)
        if old is not None:
            out += schema_diff.type_effects(
                name, old, spec, roles.get(name, {"request", "response"})
            )
    return out


def _rewrite_cli_reference() -> None:
    """Rewrite docs/cli.md's command reference (codegen/docs_cli.py) from the new package.

    ``status --operation`` and its kin list the schema's operations, so the page follows the
    schema without a separate ``make docs``. A fresh interpreter imports the new models; main()
    calls this only when the package generated is this checkout's own.
    """
    subprocess.run([sys.executable, str(ROOT / "codegen" / "docs_cli.py")], check=True)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``generate.py [--check] [--schema DIR] [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="diff instead of writing")
    parser.add_argument(
        "--schema", type=Path, default=DEFAULT_SCHEMA, help="folder with faxws.xsd and faxws.wsdl"
    )
    parser.add_argument("--xsd", type=Path, help="same as --schema with the XSD's folder")
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="models package directory (in the package whose typed surface is regenerated)",
    )
    args = parser.parse_args(argv)
    schema_dir = args.xsd.parent if args.xsd is not None else args.schema
    try:
        if args.check:
            return check(schema_dir, args.out)
        before = _committed_types(args.out / "layout.py")
        generate(schema_dir, args.out)
    except layout.Unsupported as exc:
        print(f"make generate: {exc}", file=sys.stderr)
        return 2
    finally:
        for line in layout.NOTES:
            print(f"make generate: {line}", file=sys.stderr)
    print(f"generated {args.out} from {schema_dir}")
    if args.out.resolve() == DEFAULT_OUT.resolve():
        _rewrite_cli_reference()
    table = layout.read(schema_dir)
    effects = _effects(before, table)
    if effects:
        print("make generate: what the change does to callers and stored messages:")
        for line in effects:
            print(f"  {line}")
    # The one hand-kept place (an independent oracle, codegen/oracle.py): name what to review.
    entries = oracle.review(table, vendor=schema_dir / oracle.VENDOR_FILE)
    if entries:
        print(
            f"make generate: {len(entries)} entry(ies) of the contract transcription "
            f"({oracle.TABLES.relative_to(ROOT)}) differ from {schema_dir}; review each against "
            "the vendor's contract and copy it there (until then tests/codegen/test_schema.py "
            "fails, on purpose):"
        )
        for entry in entries:
            print(f"  {entry}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
