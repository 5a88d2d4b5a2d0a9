"""codegen/oracle.py: the contract transcription entries make generate asks to review."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..support import schema_changes
from ..support.paths import ROOT

sys.path.insert(0, str(ROOT / "codegen"))
import layout
import oracle


def _changed(tmp_path: Path, change: str) -> tuple[list[str], dict[str, str]]:
    """The review entries *change* adds to those of schema/ as it stands, and its names.

    schema/ itself may be ahead of the transcription (after a change not yet reviewed: that
    is tests/codegen/test_schema.py's failure to report, not this file's).
    """
    before = oracle.review(layout.read(ROOT / "schema"))
    schema = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schema)
    names = schema_changes.CHANGES[change](schema)
    _skip_if_had(schema, change)
    return [e for e in oracle.review(layout.read(schema)) if e not in before], names


def _skip_if_had(schema: Path, change: str) -> None:
    """Skip when *change* left *schema* as it was: the schema has had that change already
    (a copy the change was applied to and committed, as a maintainer's trial leaves it)."""
    if (schema / "faxws.xsd").read_bytes() == (ROOT / "schema" / "faxws.xsd").read_bytes():
        pytest.skip(f"schema/ has the {change} change already")


def _position(name: str) -> int:
    """Where Ex3's element *name* stands in its type, in schema/ as it is."""
    fields = layout.read(ROOT / "schema").types["RealTimeFaxStatusEx3"].fields
    return [f.name for f in fields].index(name)


def test_an_optional_field_names_its_table_row_and_its_occurrence(tmp_path):
    entries, names = _changed(tmp_path, "optional_field")
    name = names["priority"]
    key = 'CONTRACT["RealTimeFaxStatusEx3"]'
    at = _position("Error")  # the change puts it just before Error
    assert entries == [
        f"contract_tables.py: {key} = list({key})",
        f'contract_tables.py: {key}.insert({at}, ("{name}", "int"))',
        f'contract_tables.py: OCCURS[("RealTimeFaxStatusEx3", "{name}")] = (0, 1, False)',
    ]


def test_a_retyped_element_is_removed_and_inserted_where_it_stands(tmp_path):
    entries, _ = _changed(tmp_path, "type_change")
    key = 'CONTRACT["RealTimeFaxStatusEx3"]'
    when, tries = _position("FaxDeliveryDateTime"), _position("FaxDeliveryAttempts")
    assert entries == [
        f"contract_tables.py: {key} = list({key})",
        f'contract_tables.py: {key}.remove(("FaxDeliveryDateTime", "string"))',
        f'contract_tables.py: {key}.remove(("FaxDeliveryAttempts", "int"))',
        f'contract_tables.py: {key}.insert({when}, ("FaxDeliveryDateTime", "dateTime"))',
        f'contract_tables.py: {key}.insert({tries}, ("FaxDeliveryAttempts", "unsignedInt"))',
    ]


def test_a_removed_operation_names_the_entries_to_delete(tmp_path):
    entries, names = _changed(tmp_path, "removed_operation")
    op, resp = names["op"], names["response"]
    item = resp.removesuffix("Response")
    assert entries == [
        f'contract_tables.py: del RESPONSES["{op}"]',
    ] + [f'contract_tables.py: del CONTRACT["{n}"]' for n in (item, f"{item}List", op, resp)]


def test_a_namespace_change_names_the_namespace(tmp_path):
    entries, names = _changed(tmp_path, "namespace_change")
    assert entries == [f'contract_tables.py: NAMESPACE = "{names["namespace"]}"']


@pytest.mark.parametrize(
    "change",
    [
        "optional_field",
        "optional_request_field",
        "removed_operation",
        "namespace_change",
        "new_single_operation",
        "new_operation",
        "every_construct",
        "type_change",
        "field_list",
    ],
)
def test_the_entries_copied_into_the_transcription_settle_the_review(tmp_path, change):
    """Each entry is a statement: appended to the transcription as printed, the review has
    nothing left, and the file is as `make lint` wants it (formatted, within the line length)."""
    schema = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schema)
    schema_changes.CHANGES[change](schema)
    _skip_if_had(schema, change)
    table = layout.read(schema)
    entries = oracle.review(table, vendor=schema / oracle.VENDOR_FILE)
    assert entries, change
    tables = tmp_path / "contract_tables.py"
    prefix = f"{oracle.TABLES.name}: "
    assert all(e.startswith(prefix) for e in entries), entries
    statements = [e.removeprefix(prefix) for e in entries]
    tables.write_text(oracle.TABLES.read_text() + "\n".join(statements) + "\n")
    assert oracle.review(table, tables, vendor=schema / oracle.VENDOR_FILE) == []
    ruff = [sys.executable, "-m", "ruff"]
    config = ["--config", str(ROOT / "pyproject.toml")]
    fmt = subprocess.run([*ruff, "format", *config, "--diff", str(tables)], capture_output=True)
    assert fmt.returncode == 0, fmt.stdout.decode() + fmt.stderr.decode()
    lint = subprocess.run(
        [*ruff, "check", *config, "--select", "E,W", str(tables)], capture_output=True
    )
    assert lint.returncode == 0, lint.stdout.decode()
