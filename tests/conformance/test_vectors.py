"""The vectors' index and expected JSON twins: every vector listed with a current twin."""

from __future__ import annotations

import json
import sys

from faxstatus.conformance import decoder_cases
from faxstatus.conformance._vectors import EXPECTED, INDEX, skipped, vectors

from ..support.paths import ROOT, VECTORS

sys.path.insert(0, str(ROOT / "codegen"))
import vectors_index


def _message_files() -> set[str]:
    """Every message file under tests/vectors, found without the index's own rules."""
    out = set()
    for path in VECTORS.rglob("*"):
        rel = path.relative_to(VECTORS).as_posix()
        if not path.is_file() or path.suffix not in (".xml", ".json"):
            continue
        if path.name in ("headers.json", INDEX) or rel.startswith((f"{EXPECTED}/", "har/")):
            continue
        out.add(rel)
    return out


def test_the_index_and_twins_are_current():
    stale = [
        str(p.relative_to(ROOT))
        for p, data in vectors_index.wanted().items()
        if not p.is_file() or p.read_bytes() != data
    ]
    assert stale == [], "run: .venv/bin/python codegen/vectors_index.py"


def test_every_vector_is_indexed_with_a_twin():
    doc = json.loads((VECTORS / INDEX).read_text("utf-8"))
    rows = {row["file"]: row for row in doc["vectors"]}
    # A peer document of an operation the schema lacks is listed apart, with its reason.
    left_out = {row["file"]: row["reason"] for row in doc.get("skipped", [])}
    assert all(left_out.values()) and not set(left_out) & set(rows)
    assert set(rows) | set(left_out) == _message_files()
    for row in rows.values():
        twin = VECTORS / row["expected"]
        assert twin.is_file(), f"{row['file']} has no expected JSON twin ({row['expected']})"
        assert row["direction"] in ("request", "response", "fault")
        assert row["content_type"] and row["rule"] and row["section"]
        assert row["operation"] or row["direction"] == "fault"
        assert json.loads(twin.read_bytes())  # a JSON form
    assert "MIT" in doc["licence"] and doc["wsdl"].startswith("schema/faxws.wsdl")
    kinds = {(r["file"].split("/")[0], r["direction"]) for r in rows.values()}
    assert ("handwritten", "request") in kinds and ("gsoap", "fault") in kinds


def test_a_vector_without_its_twin_fails_the_check(tmp_path):
    import shutil

    copy = tmp_path / "vectors"
    shutil.copytree(VECTORS, copy)
    twin = copy / EXPECTED / "gsoap" / "fault11-xml-nil.json"
    twin.unlink()
    wanted = vectors_index.wanted(copy)
    missing = [p for p, data in wanted.items() if not p.is_file() or p.read_bytes() != data]
    assert missing == [twin]


def test_the_decoder_catalogue_expects_each_peer_document_s_twin():
    by_file = {v.file: v for v in vectors(VECTORS)}
    cases = {c.id: c for c in decoder_cases()}
    checked = 0
    for file, v in by_file.items():
        folder, _, name = file.partition("/")
        if folder == "gsoap":
            cid = f"decoder/peer/gsoap/{name.removesuffix('.xml')}"
        elif folder == "handwritten":
            op, direction, _ = name.split(".")
            cid = f"decoder/peer/handwritten/{op}/{direction}"
        else:
            continue
        twin = json.loads((VECTORS / v.expected).read_bytes())
        assert cases[cid].expected == twin, cid
        checked += 1
    peer_files = [*VECTORS.glob("gsoap/*.xml"), *VECTORS.glob("handwritten/*.xml")]
    # Every peer document is checked, but one of an operation the schema lacks (left out).
    assert checked == len(peer_files) - len(skipped(VECTORS)) > 0
