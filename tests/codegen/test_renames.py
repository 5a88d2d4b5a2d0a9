"""schema/renames.toml: a rename the maintainer confirms keeps the element's meaning."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from ..support.paths import ROOT

sys.path.insert(0, str(ROOT / "codegen"))
import layout


def _schema(tmp_path: Path, *edits: tuple[str, str], renames: str = "") -> Path:
    schema = tmp_path / "schema"
    schema.mkdir(parents=True)
    for name in ("faxws.xsd", "faxws.wsdl"):
        shutil.copyfile(ROOT / "schema" / name, schema / name)
    xsd = schema / "faxws.xsd"
    text = xsd.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    xsd.write_text(text)
    (schema / "renames.toml").write_text(renames)
    return schema


_EX3 = '<complexType name="RealTimeFaxStatusEx3">'


def _named(meaning: str) -> str:
    """The element of Ex3 known as *meaning*, under its name in schema/ (renamed or not)."""
    ex3 = layout.read(ROOT / "schema").types["RealTimeFaxStatusEx3"]
    return next(f.name for f in ex3.fields if f.meaning == meaning)


def _in_ex3(old: str, new: str) -> tuple[str, str]:
    """An edit renaming element *old* of RealTimeFaxStatusEx3 (the first after its start)."""
    text = (ROOT / "schema" / "faxws.xsd").read_text()
    start = text.index(_EX3)
    at = text.index(f'<element name="{old}"', start)
    return text[start : at + len(f'<element name="{old}"')], text[
        start:at
    ] + f'<element name="{new}"'


def test_a_recorded_rename_marks_the_field_and_is_rendered(tmp_path):
    schema = _schema(
        tmp_path,
        _in_ex3(_named("StatusDescription"), "Renamed"),
        renames=f'[RealTimeFaxStatusEx3]\nRenamed = "{_named("StatusDescription")}"\n',
    )
    table = layout.read(schema)
    fields = {f.name: f for f in table.types["RealTimeFaxStatusEx3"].fields}
    assert fields["Renamed"].was == fields["Renamed"].meaning == _named("StatusDescription")
    number = fields[_named("FaxNumber")]
    assert number.was == "" and number.meaning == number.name
    for spec in table.types.values():
        spec.cls = spec.name
        for f in spec.fields:
            f.attr = f.name.lower()
    rendered = layout.render(table)
    entry = f"    'RealTimeFaxStatusEx3': {{'Renamed': {_named('StatusDescription')!r}}},"
    assert f"RENAMED: dict[str, dict[str, str]] = {{\n{entry}\n}}" in rendered


def test_a_renamed_job_id_still_names_the_job(tmp_path):
    # Without the record, an item without FaxJobId is no job status: Ex3 would leave `status`.
    edit = _in_ex3(_named("FaxJobId"), "JobIdentifier")
    unconfirmed = {op.name: op for op in layout.read(_schema(tmp_path / "a", edit)).operations}
    assert unconfirmed["GetRealTimeFaxStatusEx3"].status is None
    schema = _schema(
        tmp_path / "b", edit, renames='[RealTimeFaxStatusEx3]\nJobIdentifier = "FaxJobId"\n'
    )
    op = {op.name: op for op in layout.read(schema).operations}["GetRealTimeFaxStatusEx3"]
    assert (op.status, op.job_id_field) == ("list", "JobIdentifier")


_NUMBER, _REF = _named("FaxNumber"), _named("ReferenceId")


@pytest.mark.parametrize(
    ("renames", "message"),
    [
        ('[NoSuchType]\nA = "B"\n', "type NoSuchType, field -: faxws.xsd has no such type"),
        (
            "RealTimeFaxStatusEx3 = 1\n",
            "type RealTimeFaxStatusEx3, field -: not a table of renames",
        ),
        (
            '[RealTimeFaxStatusEx3]\nNoSuchElement = "Other"\n',
            "type RealTimeFaxStatusEx3, field NoSuchElement: faxws.xsd's RealTimeFaxStatusEx3 has "
            "no element NoSuchElement",
        ),
        (
            f'[RealTimeFaxStatusEx3]\n{_NUMBER} = "{_REF}"\n',
            f"type RealTimeFaxStatusEx3, field {_NUMBER}: RealTimeFaxStatusEx3 still has an "
            f"element {_REF}",
        ),
        (
            f'[RealTimeFaxStatusEx3]\n{_NUMBER} = "Old"\n{_REF} = "Old"\n',
            f"type RealTimeFaxStatusEx3, field {_REF}: Old is given as the old name twice",
        ),
        (
            f"[RealTimeFaxStatusEx3]\n{_NUMBER} = 3\n",
            f"type RealTimeFaxStatusEx3, field {_NUMBER}: the old name must be another element "
            "name",
        ),
        ("[RealTimeFaxStatusEx3\n", "type -, field -: not TOML"),
    ],
)
def test_a_wrong_record_is_refused_naming_the_type_and_field(tmp_path, renames, message):
    with pytest.raises(layout.Unsupported) as info:
        layout.read(_schema(tmp_path, renames=renames))
    assert str(info.value).startswith(f"renames.toml: {message}"), str(info.value)
    assert "\n" not in str(info.value)
