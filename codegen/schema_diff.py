"""Compare a vendor WSDL (types inline, any subset of operations) with schema/ (make schema-diff).

Usage: ``python codegen/schema_diff.py VENDOR.wsdl [--schema DIR]``. Prints one line per
difference, per operation and per type reachable from the status operations: an element
added, removed or moved, its type, minOccurs, maxOccurs or nillable changed; an operation's
request or response element or soapAction changed; a status operation the vendor has and
schema/ has not. Operations of schema/ that the vendor file leaves out are listed as notes,
not differences (the file may describe any subset). Exit status 0 when the status operations
and their types agree, 1 when they differ, 2 when a file cannot be read. Types the WSDL
imports or includes (``xsd:import``/``xsd:include`` with a ``schemaLocation``) are read from
local files relative to the document naming them; a URL there is refused, never fetched.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import layout
from layout import XSD_NS, FieldSpec, OperationSpec, TypeSpec, Unsupported

ROOT = Path(__file__).resolve().parent.parent


def _vendor_types(
    schemas: list[Any], tns: str, where: str, base: Path
) -> tuple[dict[str, TypeSpec], dict[str, str]]:
    """Every type of the vendor's inline schemas in *tns*; unreadable ones with the reason."""
    types: dict[str, TypeSpec] = {}
    broken: dict[str, str] = {}
    schemas = _with_referenced(list(schemas), tns, base)
    for schema in schemas:
        if schema.get("targetNamespace", tns) != tns:
            continue
        for top in schema:
            if not isinstance(top.tag, str) or not top.tag.startswith(f"{{{XSD_NS}}}"):
                continue
            kind = top.tag.rpartition("}")[2]
            name = top.get("name")
            if kind not in ("complexType", "element") or name is None:
                continue
            try:
                if kind == "element":
                    inner = [c for c in top if c.tag == f"{{{XSD_NS}}}complexType"]
                    if top.get("type") is not None or len(inner) != 1:
                        raise Unsupported(f"{where}: type {name}, field -: not an inline wrapper")
                    fields = layout._read_complex(inner[0], name, tns, where)
                else:
                    fields = layout._read_complex(top, name, tns, where)
            except Unsupported as exc:
                broken[name] = str(exc).partition(": ")[2]
                continue
            types[name] = TypeSpec(name, kind, fields)
    return types, broken


def _with_referenced(schemas: list[Any], tns: str, base: Path) -> list[Any]:
    """*schemas* and every schema file they import or include, followed to any depth.

    Types kept in a separate file (as schema/faxws.wsdl keeps them) are read from it: an
    ``xsd:import`` of *tns* or an ``xsd:include`` with a ``schemaLocation`` is a local file
    relative to the document that names it; each file is read once. A location with a URL
    scheme is refused (nothing is fetched from the network).
    """
    out = list(schemas)
    seen: set[Path] = set()
    queue = [(schema, base) for schema in schemas]
    while queue:
        schema, where = queue.pop(0)
        for ref in schema.iter(f"{{{XSD_NS}}}import", f"{{{XSD_NS}}}include"):
            location = ref.get("schemaLocation")
            is_import = ref.tag == f"{{{XSD_NS}}}import"
            if not location or (is_import and ref.get("namespace") != tns):
                continue
            if "://" in location:
                raise Unsupported(
                    f"schemaLocation {location!r}: only local files are followed, "
                    "not URLs; save it beside the WSDL and point schemaLocation at it"
                )
            path = (where / location).resolve()
            if path in seen:
                continue
            seen.add(path)
            loaded = layout._parse(path)
            out.append(loaded)
            queue.append((loaded, path.parent))
    return out


def _occurs(n: int) -> str:
    return "unbounded" if n == layout.UNBOUNDED else str(n)


def _describe(f: FieldSpec) -> str:
    extra = []
    if f.min_occurs != 1:
        extra.append(f"minOccurs={f.min_occurs}")
    if f.max_occurs != 1:
        extra.append(f"maxOccurs={_occurs(f.max_occurs)}")
    if f.nillable:
        extra.append("nillable")
    return " ".join([f.name, f.type, *extra])


def compare_type(name: str, ours: TypeSpec, theirs: TypeSpec) -> list[str]:
    """One line per field difference between two versions of a type."""
    out = []
    mine = {f.name: f for f in ours.fields}
    vendor = {f.name: f for f in theirs.fields}
    for i, f in enumerate(theirs.fields):
        if f.name not in mine:
            where = f"after {theirs.fields[i - 1].name}" if i else "first"
            out.append(f"type {name}: + {_describe(f)} ({where})")
    for f in ours.fields:
        if f.name not in vendor:
            out.append(f"type {name}: - {f.name}")
    for f in ours.fields:
        v = vendor.get(f.name)
        if v is None:
            continue
        for label, a, b in (
            ("type", f.type, v.type),
            ("minOccurs", str(f.min_occurs), str(v.min_occurs)),
            ("maxOccurs", _occurs(f.max_occurs), _occurs(v.max_occurs)),
            ("nillable", str(f.nillable).lower(), str(v.nillable).lower()),
        ):
            if a != b:
                out.append(f"type {name}: {f.name} {label} {a} -> {b}")
    common_ours = [f.name for f in ours.fields if f.name in vendor]
    common_theirs = [f.name for f in theirs.fields if f.name in mine]
    if common_ours != common_theirs:
        # Only the stretch that moved: from the first to the last position that differs.
        diff = [
            i for i, (a, b) in enumerate(zip(common_ours, common_theirs, strict=True)) if a != b
        ]
        lo, hi = diff[0], diff[-1] + 1
        out.append(
            f"type {name}: order {', '.join(common_ours[lo:hi])} -> "
            f"{', '.join(common_theirs[lo:hi])}"
        )
    return out


def _closure(types: dict[str, TypeSpec], roots: list[str]) -> list[str]:
    seen: list[str] = []

    def visit(name: str) -> None:
        if name in seen or name not in types:
            return
        seen.append(name)
        for f in types[name].fields:
            if f.builtin is None:
                visit(f.type)

    for root in roots:
        visit(root)
    return seen


def diff(schema_dir: Path, wsdl: Path) -> tuple[list[str], list[str]]:
    """(differences, notes) between *schema_dir* and the vendor *wsdl*, one line each."""
    ours = layout.read(schema_dir)
    _, vendor_ops, schemas = layout.read_wsdl(wsdl)
    theirs, broken = _vendor_types(schemas, ours.namespace, wsdl.name, wsdl.parent)
    lines: list[str] = []
    notes: list[str] = []
    mine_ops = {op.name: op for op in ours.operations}
    vendor_by_name: dict[str, OperationSpec] = {}
    for op in vendor_ops:
        if op.request in theirs and op.response in theirs:
            # A reference to a type that could not be read is reported below.
            with contextlib.suppress(KeyError):
                layout.describe(op, theirs)
        vendor_by_name[op.name] = op
    roots_ours: list[str] = []
    roots_theirs: list[str] = []
    for name, mine in mine_ops.items():
        v = vendor_by_name.get(name)
        if v is None:
            notes.append(f"operation {name}: not in {wsdl.name} (not compared)")
            continue
        for label, a, b in (
            ("request element", mine.request, v.request),
            ("response element", mine.response, v.response),
            ("soapAction", repr(mine.soap_action), repr(v.soap_action)),
        ):
            if a != b:
                lines.append(f"operation {name}: {label} {a} -> {b}")
        for element in (v.request, v.response):
            if element in broken:
                lines.append(f"operation {name}: {element} cannot be read: {broken[element]}")
        roots_ours += [mine.request, mine.response]
        roots_theirs += [v.request, v.response]
    others = 0
    for name, v in vendor_by_name.items():
        if name in mine_ops:
            continue
        if v.ids == "list" and v.item_type is not None:
            lines.append(
                f"+ operation {name} ({v.request} -> {v.response}): a status operation "
                "schema/ does not describe"
            )
            roots_theirs += [v.request, v.response]
        else:
            others += 1
    if others:
        notes.append(f"{others} other operation(s) in {wsdl.name}, not status operations")
    names_ours = _closure(ours.types, roots_ours)
    names_theirs = _closure(theirs, roots_theirs)
    for name in names_ours:
        if name in theirs:
            lines += compare_type(name, ours.types[name], theirs[name])
        elif name in broken:
            lines.append(f"type {name}: cannot be read in {wsdl.name}: {broken[name]}")
        else:
            lines.append(f"- type {name}: not in {wsdl.name}")
    for name in names_theirs:
        if name not in ours.types:
            fields = ", ".join(_describe(f) for f in theirs[name].fields)
            lines.append(f"+ type {name}: {fields}")
    return lines, notes


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wsdl", type=Path, help="the vendor's WSDL, types inline")
    parser.add_argument("--schema", type=Path, default=ROOT / "schema", help="default: schema/")
    args = parser.parse_args(argv)
    try:
        lines, notes = diff(args.schema, args.wsdl)
    except (OSError, Unsupported) as exc:
        print(f"schema-diff: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # lxml's XMLSyntaxError and friends: one line, not a traceback
        print(f"schema-diff: cannot read {args.wsdl}: {exc}", file=sys.stderr)
        return 2
    for line in lines:
        print(line)
    for note in notes:
        print(f"note: {note}")
    if lines:
        print(f"schema-diff: {len(lines)} difference(s) between {args.wsdl.name} and schema/")
        return 1
    print(f"schema-diff: the status operations and their types agree with {args.wsdl.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
