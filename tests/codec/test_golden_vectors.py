"""Golden conformance vectors (tests/vectors/<Operation>/<content-type>/), byte for byte.

Refresh them only on purpose, and review the diff:
``.venv/bin/pytest tests/codec/test_golden_vectors.py --update-vectors``.
"""

from __future__ import annotations

import json

import pytest
import xmlschema
from lxml import etree

import faxstatus
import faxstatus.codec
from faxstatus import ContentType, Direction, Fault, Message, SoapVersion
from faxstatus.codec import OPERATIONS

from ..support import samples, vectors
from ..support.helpers import XSD_PATH, assert_valid, payload_element
from ..support.paths import ROOT, VECTORS

EXT = {
    ContentType.SOAP12: "xml",
    ContentType.SOAP11: "xml",
    ContentType.XML: "xml",
    ContentType.JSON: "json",
}
CASES = [(op, ct) for op in OPERATIONS for ct in ContentType]


def _fault_for(ct: ContentType) -> tuple[Fault, ContentType] | None:
    if ct is ContentType.XML:
        return None  # a fault has no plain-XML form
    version = SoapVersion.SOAP11 if ct is ContentType.SOAP11 else SoapVersion.SOAP12
    return samples.fault(version), ct


def _check(path, data: bytes, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"{path} missing: run pytest --update-vectors"
    assert path.read_bytes() == data, f"{path} differs from the encoder's output"


@pytest.mark.parametrize(("op", "ct"), CASES, ids=[f"{o}-{c.value}" for o, c in CASES])
def test_golden_vectors(op, ct, update_vectors):
    folder = VECTORS / op / ct.value
    headers = {}
    for direction in Direction:
        msg = samples.sample(op, direction)
        enc = faxstatus.encode(msg, ct)
        path = folder / f"{direction.value}.{EXT[ct]}"
        _check(path, enc.body, update_vectors)
        headers[direction.value] = dict(enc.headers)
        decoded = faxstatus.decode(path.read_bytes(), enc.headers["Content-Type"])
        assert isinstance(decoded, Message)
        assert decoded.payload == msg
        assert (decoded.operation.name, decoded.direction, decoded.content_type) == (
            op,
            direction,
            ct,
        )
        if ct is not ContentType.JSON:
            assert_valid(path.read_bytes())
    fault_case = _fault_for(ct)
    if fault_case is not None:
        fault, fct = fault_case
        enc = faxstatus.codec.encode_fault(fault, fct)
        path = folder / f"fault.{EXT[ct]}"
        _check(path, enc.body, update_vectors)
        headers["fault"] = dict(enc.headers)
        assert faxstatus.decode(path.read_bytes(), enc.headers["Content-Type"]) == fault
    text = (json.dumps(headers, indent=2, sort_keys=True) + "\n").encode()
    _check(folder / "headers.json", text, update_vectors)


def test_no_stray_vectors(update_vectors):
    """Every vectors folder belongs to an operation of the schema; --update-vectors removes
    the folders of an operation the schema no longer has (with the operation folder itself)."""
    expected = [VECTORS / op / ct.value for op, ct in CASES]
    if update_vectors:
        vectors.prune(VECTORS, expected)
    found = vectors.stray(VECTORS, expected)
    assert not found, f"{[str(p) for p in found]}: run pytest --update-vectors"


def test_the_recorded_integration_vector_is_current(tmp_path, update_vectors):
    """tests/vectors/har/ (tests/support/har_vector.py) is rewritten with the others."""
    from ..support import har_vector

    stored, fresh = har_vector.current(tmp_path, update_vectors)
    assert har_vector.bodies(stored) == har_vector.bodies(fresh), "run pytest --update-vectors"


def test_update_prunes_an_operations_stale_folders(tmp_path):
    """After an operation leaves the schema its folders go, and nothing else does."""
    for op in ("Kept", "Gone"):
        for ct in ContentType:
            (tmp_path / op / ct.value).mkdir(parents=True)
            (tmp_path / op / ct.value / "request.xml").write_text("x")
    (tmp_path / "handwritten").mkdir()
    (tmp_path / "handwritten" / "Gone.request.xml").write_text("x")
    expected = [tmp_path / "Kept" / ct.value for ct in ContentType]
    assert vectors.stray(tmp_path, expected) == sorted(
        tmp_path / "Gone" / ct.value for ct in ContentType
    )
    vectors.prune(tmp_path, expected)
    assert not (tmp_path / "Gone").exists()
    assert all(p.is_dir() for p in expected) and (tmp_path / "handwritten").is_dir()
    assert vectors.stray(tmp_path, expected) == []


def test_the_peer_documents_are_in_the_schemas_namespace(update_vectors):
    """The hand-written and gSOAP documents record a peer's style, not a namespace:
    --update-vectors moves them into the schema's (tests/support/vectors.stored), and the
    example requests the documentation runs (examples/*.xml, docs/simulator.md) with them."""
    moved = []
    peers = [*VECTORS.glob("handwritten/*.xml"), *VECTORS.glob("gsoap/*.xml")]
    for path in sorted([*peers, *(ROOT / "examples").glob("*.xml")]):
        fresh = vectors.stored(path)
        if fresh != path.read_bytes():
            if update_vectors:
                path.write_bytes(fresh)
            else:
                moved.append(path.name)
    assert not moved, f"{moved}: run pytest --update-vectors"


def test_the_index_and_twins_follow_the_vectors(update_vectors):
    """index.json and the expected twins (codegen/vectors_index.py) are rewritten with the
    vectors by --update-vectors, after the documents above."""
    import sys

    sys.path.insert(0, str(ROOT / "codegen"))
    import vectors_index

    if update_vectors:
        assert vectors_index.main([]) == 0
    assert vectors_index.main(["--check"]) == 0, "run pytest --update-vectors"


def test_xml_vectors_validate_with_xmlschema():
    """A second, independent validator (xmlschema) over every XML vector we emit."""
    schema = xmlschema.XMLSchema(str(XSD_PATH))
    count = 0
    for path in sorted(VECTORS.glob("*/*/*.xml")):
        if path.name == "fault.xml" or path.parent.parent.name == "handwritten":
            continue
        schema.validate(etree.tostring(payload_element(path.read_bytes())).decode())
        count += 1
    assert count == len(OPERATIONS) * 3 * 2
