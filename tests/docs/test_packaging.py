"""The sdist and the wheel carry LICENSE and CHANGELOG.md; the version has one source."""

from __future__ import annotations

import os
import tarfile
import zipfile
from pathlib import Path

import pytest

import faxstatus

from ..support.paths import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    pytest.importorskip("hatchling", reason="the build backend is in the dev extra")
    from hatchling.builders.sdist import SdistBuilder
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        sdist = Path(next(SdistBuilder(str(ROOT)).build(directory=str(out))))
        wheel = Path(next(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    finally:
        os.chdir(cwd)
    return sdist, wheel


def test_license_and_changelog_in_the_sdist(built):
    sdist, _ = built
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {"LICENSE", "CHANGELOG.md", "README.md"} <= names
    assert sdist.name == f"faxstatus-{faxstatus.__version__}.tar.gz"


def test_license_and_changelog_in_the_wheel(built):
    _, wheel = built
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        dist_info = f"faxstatus-{faxstatus.__version__}.dist-info"
        metadata = zf.read(f"{dist_info}/METADATA").decode()
    assert f"{dist_info}/licenses/LICENSE" in names
    assert (
        f"{dist_info}/extra_metadata/CHANGELOG.md" in names or f"{dist_info}/CHANGELOG.md" in names
    )
    assert "License-Expression: MIT" in metadata
    assert f"Version: {faxstatus.__version__}" in metadata
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_the_default_scenario_ships_in_the_sdist_and_the_wheel(built):
    # The simulator's demo jobs are package data (faxstatus serve without --scenario).
    sdist, wheel = built
    with zipfile.ZipFile(wheel) as zf:
        assert "faxstatus/simulator/scenarios/demo.toml" in zf.namelist()
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert "faxstatus/simulator/scenarios/demo.toml" in names
