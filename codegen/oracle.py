"""The contract transcription entries a regenerated schema no longer matches (make generate).

tests/support/contract_tables.py is the one place kept by hand on purpose: an independent
transcription of schema/CONTRACT.md's tables that tests/codegen/test_schema.py checks the XSD
against. After a schema change, ``make generate`` prints here the exact entries to review
and, once the change is confirmed against the vendor's contract, to copy into that file;
every other test follows the schema by itself.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import layout

TABLES = Path(__file__).resolve().parent.parent / "tests" / "support" / "contract_tables.py"
_ITEM_RULE = (0, "unbounded", True)
_RULE = (1, 1, False)


def _load(path: Path) -> Any:
    """The tables module by path (plain data; importing tests/ as a package would need more)."""
    spec = importlib.util.spec_from_file_location("_faxstatus_contract_tables", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(f: layout.FieldSpec) -> tuple[str, str]:
    return (f.name, f.builtin if f.builtin is not None else f.type)


def _occurs(f: layout.FieldSpec) -> tuple[int, int | str, bool]:
    return (
        f.min_occurs,
        "unbounded" if f.max_occurs == layout.UNBOUNDED else f.max_occurs,
        f.nillable,
    )


def review(table: layout.Layout, tables: Path = TABLES) -> list[str]:
    """One line per transcription entry that differs from *table*; [] when all agree."""
    if not tables.exists():
        return []
    oracle = _load(tables)
    contract: dict[str, list[tuple[str, str]]] = oracle.CONTRACT
    occurs: dict[tuple[str, str], tuple[int, int | str, bool]] = oracle.OCCURS
    where = tables.name
    out = []
    if table.namespace != oracle.NAMESPACE:
        out.append(f"{where}: NAMESPACE = {table.namespace!r}")
    responses: dict[str, str] = oracle.RESPONSES
    for op in table.operations:
        if responses.get(op.name) != op.response:
            out.append(f"{where}: RESPONSES[{op.name!r}] = {op.response!r}")
    for name in responses:
        if name not in {op.name for op in table.operations}:
            out.append(f"{where}: del RESPONSES[{name!r}]")
    for name, spec in table.types.items():
        rows = [_row(f) for f in spec.fields]
        if name not in contract:
            out.append(f"{where}: add CONTRACT[{name!r}] = {rows!r}")
        elif contract[name] != rows:
            gone = [r for r in contract[name] if r not in rows]
            new = [r for r in rows if r not in contract[name]]
            change = "; ".join(
                [*(f"+ {r!r}" for r in new), *(f"- {r!r}" for r in gone)] or ["order"]
            )
            out.append(f"{where}: CONTRACT[{name!r}] = {rows!r}  ({change})")
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
