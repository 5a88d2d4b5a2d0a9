"""A schema change is absorbed by ``make generate`` alone.

Each kind of change a maintainer meets (an optional field, a new status operation, a type
change; tests/support/schema_changes.py) is applied to a temporary copy of schema/; the generator
regenerates a temporary copy of the package from it, and tests/support/schema_trial.py then runs
decode, encode, strategies, the client over the simulator and the CLI against the result.
If any of them needed a hand edit outside schema/, this test fails. An unsupported construct
must stop the generator up front with one line and leave the models untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..support import schema_changes
from ..support.paths import ROOT

pytestmark = pytest.mark.slow

GENERATE = ROOT / "codegen" / "generate.py"
#: What make generate must print for a change (given the names it chose): the effect on
#: callers, the oracle entries to review.
NOTICES = {
    "unconfirmed_rename": lambda n: (
        f"{n['was']} removed and {n['field']} added with the same type (xsd:string): a rename?"
        f" Where JobStatus named it, its value moves to JobStatus.extra['{n['field']}']; responses"
        f" stored with {n['was']} fail strict decoding. If it is one, record it in"
        f' schema/renames.toml ([RealTimeFaxStatusEx3]; {n["field"]} = "RemoteFaxCSID") and run'
        " make generate again"
    ),
    "renamed_field": lambda n: (
        f"RealTimeFaxStatusEx3: {n['was']} renamed {n['field']} (schema/renames.toml)"
    ),
    "optional_field": lambda n: (
        f'OCCURS[("RealTimeFaxStatusEx3", "{n["priority"]}")] = (0, 1, False)'
    ),
    "removed_operation": lambda n: f'del CONTRACT["{n["response"]}"]',
}


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    schema = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schema)
    pkg = tmp_path / "pkg"
    shutil.copytree(
        ROOT / "faxstatus", pkg / "faxstatus", ignore=shutil.ignore_patterns("__pycache__")
    )
    return schema, pkg


def _generate(schema: Path, pkg: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(GENERATE),
            "--schema",
            str(schema),
            "--out",
            str(pkg / "faxstatus" / "models"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("change", sorted(schema_changes.CHANGES))
def test_schema_change_needs_no_hand_edit(change, tmp_path):
    schema, pkg = _copy(tmp_path)
    try:
        names = schema_changes.CHANGES[change](schema)
    except schema_changes.NotApplicable as exc:  # a schema renamed so before, unrecorded
        pytest.skip(f"{change} does not apply to schema/: {exc}")
    gen = _generate(schema, pkg)
    assert gen.returncode == 0, gen.stdout + gen.stderr
    if change in NOTICES:
        assert NOTICES[change](names) in gen.stdout, gen.stdout
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(pkg), str(ROOT)])}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.support.schema_trial",
            change,
            str(tmp_path),
            json.dumps(names),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok: round trip" in proc.stdout
    assert proc.stdout.splitlines()[-1] == f"done: {change}", proc.stdout


def test_unsupported_construct_stops_generation(tmp_path):
    schema, pkg = _copy(tmp_path)
    schema_changes.unsupported_attribute(schema)
    models = pkg / "faxstatus" / "models"
    before = {p.name: p.read_bytes() for p in models.iterdir() if p.is_file()}
    gen = _generate(schema, pkg)
    assert gen.returncode == 2
    assert gen.stderr.strip().splitlines() == [
        "make generate: faxws.xsd: type WSError, field -: attribute is not supported "
        "(only sequence)"
    ]
    assert {p.name: p.read_bytes() for p in models.iterdir() if p.is_file()} == before
    assert not [p for p in models.parent.iterdir() if p.name.startswith(".models")]
