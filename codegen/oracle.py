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
import json
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


#: The longest statement printed on one line: the repository's line length (pyproject.toml),
#: so that the entries, appended as printed, pass ``make lint``.
_WIDTH = 100


def _py(value: Any) -> str:
    """*value* (str, int, bool, tuples and lists of them) as ``ruff format`` writes it.

    Double-quoted strings, so that an entry appended as printed is already formatted.
    """
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple):
        inner = ", ".join(_py(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(_py(v) for v in value) + "]"
    return repr(value)


def _table_rows(
    name: str, rows: list[tuple[str, str]], old: list[tuple[str, str]] | None
) -> list[str]:
    """The statements that make ``CONTRACT[name]`` *rows*, each within :data:`_WIDTH`.

    From *old* (the transcription's rows, or None for a new type): its rows removed and the
    new ones inserted where that gives *rows* (the usual change: an element added, removed
    or retyped), else the whole list, on one line if it fits, else built row by row.
    """
    key = f"CONTRACT[{_py(name)}]"
    if old is not None:
        gone = [r for r in old if r not in rows]
        kept = [r for r in old if r in rows]
        if kept == [r for r in rows if r in kept]:
            # A copy first: the transcription may share one list between types (REQ).
            out = [f"{key} = list({key})"]
            out += [f"{key}.remove({_py(r)})" for r in gone]
            out += [f"{key}.insert({i}, {_py(r)})" for i, r in enumerate(rows) if r not in kept]
            if all(len(line) <= _WIDTH for line in out):
                return out
    whole = f"{key} = {_py(rows)}"
    if len(whole) <= _WIDTH:
        return [whole]
    return [f"{key} = []", *(f"{key}.append({_py(r)})" for r in rows)]


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

    Each line is ``<file>: <statement>``: the statement, appended to the file, settles it,
    and is already as ``make lint`` wants it (formatted, within the line length).

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
        out.append(f"NAMESPACE = {_py(table.namespace)}")
    responses: dict[str, str] = oracle.RESPONSES
    for op in table.operations:
        if op.name not in responses and op.name in vendor_ops:
            continue
        if responses.get(op.name) != op.response:
            out.append(f"RESPONSES[{_py(op.name)}] = {_py(op.response)}")
    for name in responses:
        if name not in {op.name for op in table.operations}:
            out.append(f"del RESPONSES[{_py(name)}]")
    for name, spec in table.types.items():
        if name not in contract and name in vendor_types:
            continue
        rows = [_row(f) for f in spec.fields]
        if contract.get(name) != rows:
            out += _table_rows(name, rows, contract.get(name))
        for f in spec.fields:
            found = _occurs(f)
            rule = _ITEM_RULE if f.name == "item" else _RULE
            want = occurs.get((name, f.name), rule)
            if found != want:
                entry = "" if found == rule else f" = {_py(found)}"
                verb = "del " if found == rule else ""
                out.append(f"{verb}OCCURS[{_py((name, f.name))}]{entry}")
    for name in contract:
        if name not in table.types:
            out.append(f"del CONTRACT[{_py(name)}]")
    for owner, field in occurs:
        held = table.types.get(owner)
        if held is None or field not in {f.name for f in held.fields}:
            out.append(f"del OCCURS[{_py((owner, field))}]")
    return [f"{where}: {statement}" for statement in out]
