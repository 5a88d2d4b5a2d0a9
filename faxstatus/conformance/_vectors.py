"""The golden vectors' index and expected JSON twins, for bindings in any language.

Every vector (a message file under ``tests/vectors``) is listed in ``tests/vectors/index.json``
with its operation, direction, Content-Type, the file of its expected JSON form (its *twin*)
and the rule it checks. A golden request or response has its twin in the operation's
``json/`` folder (the JSON form is the JSON wire form), as has a SOAP 1.2 fault; a SOAP 1.1
fault and the hand-written and gSOAP documents have theirs under ``expected/``, at the same
relative path with ``.json``. The twin is what our codec decodes, so writing them is a
function of the vectors; ``codegen/vectors_index.py`` writes or checks them, and
``tests/conformance/test_vectors.py`` fails when a vector lacks its twin.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from ..codec import _api as codec
from ..codec._api import ContentType, Message
from ..codec._operations import FAXWS_NS
from ._catalogue import SECTIONS, expected_json, media_type, schema_misfit
from ._rules import rule_for

__all__ = ["EXPECTED", "INDEX", "LICENCE", "Vector", "index", "twins", "vectors"]

#: The folder of twins that have no JSON vector of their own, and the index's file name.
EXPECTED = "expected"
INDEX = "index.json"
#: Folders under tests/vectors that hold no messages (a HAR capture), or the twins.
_NOT_MESSAGES = frozenset({"har", EXPECTED})

LICENCE = (
    "The vectors are part of faxstatus and under its MIT licence (LICENSE at the top of the "
    "repository): copy, change and ship them with a binding of any licence, keeping the "
    "copyright notice. Every message is made up (no real account, job or traffic); the "
    "gsoap/ documents are the output of a gSOAP 2.8 service built here from "
    "schema/faxws.wsdl (tests/interop), and contain no gSOAP code."
)


@attrs.frozen
class Vector:
    """One message file and what a binding should make of it."""

    id: str
    operation: str  #: "" for a fault (the same fault answers every operation)
    direction: str  #: request, response or fault
    content_type: str
    file: str  #: relative to the vectors folder
    expected: str  #: the twin, relative to the vectors folder
    rule: str
    section: str
    form: dict[str, Any] = attrs.field(repr=False, eq=False)  #: the expected JSON form

    def to_json(self) -> dict[str, str]:
        """The vector's row in the index."""
        return {
            "id": self.id,
            "operation": self.operation,
            "direction": self.direction,
            "content_type": self.content_type,
            "file": self.file,
            "expected": self.expected,
            "section": self.section,
            "rule": self.rule,
        }


def _decode(body: bytes, ctype: str | None) -> tuple[dict[str, Any], str, str, ContentType]:
    result = codec.decode(body, ctype)
    form = expected_json(result)
    if isinstance(result, Message):
        return form, result.operation.name, result.direction.value, result.content_type
    version = form["Fault"]["version"]
    ct = ContentType.SOAP11 if version == "1.1" else ContentType.SOAP12
    return form, "", "fault", ct


def vectors(folder: Path) -> Iterator[Vector]:
    """Every message vector under *folder*, in a stable order (golden first)."""
    for op_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        if op_dir.name in _NOT_MESSAGES:
            continue
        for form_dir in sorted(p for p in op_dir.iterdir() if p.is_dir()):
            headers = json.loads((form_dir / "headers.json").read_text("utf-8"))
            for path in sorted(form_dir.iterdir()):
                if path.name == "headers.json":
                    continue
                kind = path.stem
                ctype = headers[kind]["Content-Type"]
                form, op, direction, _ = _decode(path.read_bytes(), ctype)
                twin = form_dir.parent / "json" / f"{kind}.json"
                if not twin.is_file() or json.loads(twin.read_bytes()) != form:
                    twin = folder / EXPECTED / path.relative_to(folder).with_suffix(".json")
                if form_dir.name == "json":
                    key = "json"
                else:
                    key = _fault_key(form) if direction == "fault" else "certain"
                yield _vector(folder, path, op or op_dir.name, direction, ctype, twin, key, form)
    for name in ("handwritten", "gsoap"):
        for path in sorted((folder / name).glob("*.xml")):
            body = path.read_bytes()
            if schema_misfit(body) is not None:
                continue  # listed by skipped(): no message of this schema
            form, op, direction, ct = _decode(body, None)
            twin = folder / EXPECTED / path.relative_to(folder).with_suffix(".json")
            key = _fault_key(form) if direction == "fault" else "peers"
            yield _vector(folder, path, op, direction, media_type(ct), twin, key, form)


def skipped(folder: Path) -> dict[str, str]:
    """Peer documents under *folder* left out of the index, by file, with the reason.

    A hand-written or gSOAP document that is no message of this schema (an operation
    removed, an element added, retyped or removed since it was written:
    :func:`~faxstatus.conformance._catalogue.schema_misfit`) stays on disk, as it records a
    peer's style, but is no vector of this schema; the index says why.
    """
    out = {}
    for name in ("handwritten", "gsoap"):
        for path in sorted((folder / name).glob("*.xml")):
            reason = schema_misfit(path.read_bytes())
            if reason is not None:
                out[path.relative_to(folder).as_posix()] = reason
    return out


def _fault_key(form: dict[str, Any]) -> str:
    return "fault11" if form["Fault"]["version"] == "1.1" else "fault12"


def _vector(
    folder: Path,
    path: Path,
    op: str,
    direction: str,
    ctype: str,
    twin: Path,
    key: str,
    form: dict[str, Any],
) -> Vector:
    rel = path.relative_to(folder).as_posix()
    section = SECTIONS[key]
    return Vector(
        rel.rsplit(".", 1)[0],
        op if direction != "fault" else "",
        direction,
        ctype,
        rel,
        twin.relative_to(folder).as_posix(),
        rule_for(section),
        section,
        form,
    )


def _twin_bytes(form: dict[str, Any]) -> bytes:
    # The JSON vectors' own style: compact, UTF-8 as is.
    return json.dumps(form, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def twins(folder: Path) -> dict[Path, bytes]:
    """The twin files under ``expected/`` the vectors need, with their bytes."""
    out: dict[Path, bytes] = {}
    for v in vectors(folder):
        if v.expected.startswith(f"{EXPECTED}/"):
            out[folder / v.expected] = _twin_bytes(v.form)
    return out


def index(folder: Path) -> bytes:
    """``index.json``: the WSDL to build from, the licence, and one row per vector."""
    doc = {
        "about": (
            "FaxWS v5 conformance vectors: each file is one message as on the wire; a binding "
            "decodes it to the JSON form in its expected twin (README: For binding authors, "
            "the JSON form) and, for byte equality, encodes the twin back to the same bytes."
        ),
        "wsdl": f"schema/faxws.wsdl (types in schema/faxws.xsd, namespace {FAXWS_NS})",
        "licence": LICENCE,
        "vectors": [v.to_json() for v in vectors(folder)],
    }
    left_out = skipped(folder)
    if left_out:
        doc["skipped"] = [{"file": f, "reason": r} for f, r in left_out.items()]
    return json.dumps(doc, indent=1, ensure_ascii=False).encode() + b"\n"
