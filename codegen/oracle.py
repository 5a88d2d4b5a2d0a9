"""The contract transcription entries a regenerated schema no longer matches (make generate).

tests/support/contract_tables.py is the one place kept by hand on purpose: an independent
transcription of schema/CONTRACT.md's tables that tests/codegen/test_schema.py checks the XSD
against. After a schema change, ``make generate`` prints here the exact entries to review
and, once the change is confirmed against the vendor's contract, to copy into that file;
every other test follows the schema by itself. The vendor's own declarations that the
transcription does not cover (sending, cancelling, broadcasts: schema/vendor/FaxWS-gsoap.wsdl)
have that file as their oracle (tests/codegen/test_schema.py), so they are not named here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import layout
from lxml import etree

_ROOT = Path(__file__).resolve().parent.parent
TABLES = _ROOT / "tests" / "support" / "contract_tables.py"
#: The vendor's WSDL in schema/ (schema/README.md), the oracle for what the tables leave out.
VENDOR_FILE = Path("vendor") / "FaxWS-gsoap.wsdl"
VENDOR = _ROOT / "schema" / VENDOR_FILE
_XS = "{http://www.w3.org/2001/XMLSchema}"
_W = "{http://schemas.xmlsoap.org/wsdl/}"
_ITEM_RULE = (0, "unbounded", True)
_RULE = (1, 1, False)


def _load(path: Path) -> Any:
    """The tables module by path (plain data; importing tests/ as a package would need more)."""
    spec = importlib.util.spec_from_file_location("_faxstatus_contract_tables", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _vendor_names(vendor: Path) -> tuple[set[str], set[str]]:
    """The vendor file's operation names and its schemas' top-level declaration names."""
    if not vendor.exists():
        return set(), set()
    root: Any = etree.parse(str(vendor)).getroot()
    ops = {
        str(op.get("name")) for pt in root.iter(f"{_W}portType") for op in pt.iter(f"{_W}operation")
    }
    types = {
        str(decl.get("name"))
        for schema in root.iter(f"{_XS}schema")
        for decl in schema
        if isinstance(decl.tag, str) and decl.get("name") is not None
    }
    return ops, types


def _row(f: layout.FieldSpec) -> tuple[str, str]:
    return (f.name, f.builtin if f.builtin is not None else f.type)


def _occurs(f: layout.FieldSpec) -> tuple[int, int | str, bool]:
    return (
        f.min_occurs,
        "unbounded" if f.max_occurs == layout.UNBOUNDED else f.max_occurs,
        f.nillable,
    )


def review(table: layout.Layout, tables: Path = TABLES, vendor: Path = VENDOR) -> list[str]:
    """One line per transcription entry that differs from *table*; [] when all agree.

    Each line is ``<file>: <statement>``: the statement, appended to the file, settles it.

    An operation or type the transcription does not list but *vendor* declares is the vendor
    file's to check, not an entry to add.
    """
    if not tables.exists():
        return []
    oracle = _load(tables)
    vendor_ops, vendor_types = _vendor_names(vendor)
    contract: dict[str, list[tuple[str, str]]] = oracle.CONTRACT
    occurs: dict[tuple[str, str], tuple[int, int | str, bool]] = oracle.OCCURS
    where = tables.name
    out = []
    if table.namespace != oracle.NAMESPACE:
        out.append(f"{where}: NAMESPACE = {table.namespace!r}")
    responses: dict[str, str] = oracle.RESPONSES
    for op in table.operations:
        if op.name not in responses and op.name in vendor_ops:
            continue
        if responses.get(op.name) != op.response:
            out.append(f"{where}: RESPONSES[{op.name!r}] = {op.response!r}")
    for name in responses:
        if name not in {op.name for op in table.operations}:
            out.append(f"{where}: del RESPONSES[{name!r}]")
    for name, spec in table.types.items():
        if name not in contract and name in vendor_types:
            continue
        rows = [_row(f) for f in spec.fields]
        if name not in contract:
            out.append(f"{where}: CONTRACT[{name!r}] = {rows!r}")
        elif contract[name] != rows:
            gone = [r for r in contract[name] if r not in rows]
            new = [r for r in rows if r not in contract[name]]
            change = "; ".join(
                [*(f"+ {r!r}" for r in new), *(f"- {r!r}" for r in gone)] or ["order"]
            )
            out.append(f"{where}: CONTRACT[{name!r}] = {rows!r}  # {change}")
        for f in spec.fields:
            found = _occurs(f)
            rule = _ITEM_RULE if f.name == "item" else _RULE
            want = occurs.get((name, f.name), rule)
            if found != want:
                entry = "" if found == rule else f" = {found!r}"
                verb = "del " if found == rule else ""
                out.append(f"{where}: {verb}OCCURS[({name!r}, {f.name!r})]{entry}")
    for name in contract:
        if name not in table.types:
            out.append(f"{where}: del CONTRACT[{name!r}]")
    for owner, field in occurs:
        held = table.types.get(owner)
        if held is None or field not in {f.name for f in held.fields}:
            out.append(f"{where}: del OCCURS[({owner!r}, {field!r})]")
    return out
