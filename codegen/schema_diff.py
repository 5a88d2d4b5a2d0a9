"""Compare a vendor WSDL (types inline, any subset of operations) with schema/ (make schema-diff).

Usage: ``python codegen/schema_diff.py VENDOR.wsdl [--schema DIR]``. A drift report for
callers, in three parts:

1. ``blocked:`` the constructs ``make generate`` would refuse in the vendor's file, each with
   the fix. They are found by running the generator itself (codegen/layout.py's reader, then
   codegen/generate.py's whole build into a temporary folder) on a copy of the vendor's types,
   so that a construct the generator learns to support stops being reported here by itself.
   After each refusal the construct it names is left out of the copy and the generator runs
   again; a refusal that names no type is traced to a top-level declaration by leaving half
   of them out at a time.
2. ``callers:`` what each difference does to code that reads the generated classes and to
   messages stored before the change (a required element added makes older responses fail
   strict decoding; an element removed and one added with the same type may be a rename,
   whose value moves from its named attribute into ``JobStatus.extra`` unless
   ``schema/renames.toml`` records it: the line that does is printed).
3. The differences, one line each, per operation and per type reachable from the status
   operations: an element added, removed or moved, its type, minOccurs, maxOccurs or
   nillable changed; an operation's request or response element or soapAction changed; a
   status operation the vendor has and schema/ has not; the target namespace.

Operations of schema/ that the vendor file leaves out are listed as notes, not differences
(the file may describe any subset). Exit status 0 when the status operations and their types
agree, 1 when they differ, 2 when the generator would refuse the vendor's file or a file
cannot be read. Types the WSDL imports or includes (``xsd:import``/``xsd:include`` with a
``schemaLocation``) are read from local files relative to the document naming them; a URL
there is refused, never fetched.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import io
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate
import layout
import surface
from layout import (
    RENAMES,
    WSDL_NS,
    XSD_NS,
    FieldSpec,
    OperationSpec,
    TypeSpec,
    Unsupported,
    renames_entry,
)
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent


def _vendor_types(
    schemas: list[Any], tns: str, where: str, base: Path
) -> tuple[dict[str, TypeSpec], dict[str, str]]:
    """Every type of the vendor's inline schemas in *tns*; unreadable ones with the reason."""
    types: dict[str, TypeSpec] = {}
    broken: dict[str, str] = {}
    schemas = _with_referenced(list(schemas), tns, base)
    for schema in schemas:
        if schema.get("targetNamespace", tns) != tns:
            continue
        for top in schema:
            if not isinstance(top.tag, str) or not top.tag.startswith(f"{{{XSD_NS}}}"):
                continue
            kind = top.tag.rpartition("}")[2]
            name = top.get("name")
            if kind not in ("complexType", "element") or name is None:
                continue
            try:
                if kind == "element":
                    inner = [c for c in top if c.tag == f"{{{XSD_NS}}}complexType"]
                    if top.get("type") is not None or len(inner) != 1:
                        raise Unsupported(f"{where}: type {name}, field -: not an inline wrapper")
                    fields = layout._read_complex(inner[0], name, tns, where)
                else:
                    fields = layout._read_complex(top, name, tns, where)
            except Unsupported as exc:
                broken[name] = str(exc).partition(": ")[2]
                continue
            types[name] = TypeSpec(name, kind, fields)
    return types, broken


def _with_referenced(
    schemas: list[Any], tns: str, base: Path, *, any_namespace: bool = False
) -> list[Any]:
    """*schemas* and every schema file they import or include, followed to any depth.

    Types kept in a separate file (as schema/faxws.wsdl keeps them) are read from it: an
    ``xsd:import`` of *tns* or an ``xsd:include`` with a ``schemaLocation`` is a local file
    relative to the document that names it; each file is read once. A location with a URL
    scheme is refused (nothing is fetched from the network).
    """
    out = list(schemas)
    seen: set[Path] = set()
    queue = [(schema, base) for schema in schemas]
    while queue:
        schema, where = queue.pop(0)
        for ref in schema.iter(f"{{{XSD_NS}}}import", f"{{{XSD_NS}}}include"):
            location = ref.get("schemaLocation")
            is_import = ref.tag == f"{{{XSD_NS}}}import"
            if not location or (is_import and not any_namespace and ref.get("namespace") != tns):
                continue
            if "://" in location:
                raise Unsupported(
                    f"schemaLocation {location!r}: only local files are followed, "
                    "not URLs; save it beside the WSDL and point schemaLocation at it"
                )
            path = (where / location).resolve()
            if path in seen:
                continue
            seen.add(path)
            loaded = layout._parse(path)
            out.append(loaded)
            queue.append((loaded, path.parent))
    return out


def _occurs(n: int) -> str:
    return "unbounded" if n == layout.UNBOUNDED else str(n)


def _describe(f: FieldSpec) -> str:
    extra = []
    if f.min_occurs != 1:
        extra.append(f"minOccurs={f.min_occurs}")
    if f.max_occurs != 1:
        extra.append(f"maxOccurs={_occurs(f.max_occurs)}")
    if f.nillable:
        extra.append("nillable")
    return " ".join([f.name, f.type, *extra])


def compare_type(name: str, ours: TypeSpec, theirs: TypeSpec) -> list[str]:
    """One line per field difference between two versions of a type."""
    out = []
    mine = {f.name: f for f in ours.fields}
    vendor = {f.name: f for f in theirs.fields}
    for i, f in enumerate(theirs.fields):
        if f.name not in mine:
            where = f"after {theirs.fields[i - 1].name}" if i else "first"
            out.append(f"type {name}: + {_describe(f)} ({where})")
    for f in ours.fields:
        if f.name not in vendor:
            out.append(f"type {name}: - {f.name}")
    for f in ours.fields:
        v = vendor.get(f.name)
        if v is None:
            continue
        for label, a, b in (
            ("type", f.type, v.type),
            ("minOccurs", str(f.min_occurs), str(v.min_occurs)),
            ("maxOccurs", _occurs(f.max_occurs), _occurs(v.max_occurs)),
            ("nillable", str(f.nillable).lower(), str(v.nillable).lower()),
        ):
            if a != b:
                out.append(f"type {name}: {f.name} {label} {a} -> {b}")
    common_ours = [f.name for f in ours.fields if f.name in vendor]
    common_theirs = [f.name for f in theirs.fields if f.name in mine]
    if common_ours != common_theirs:
        # Only the stretch that moved: from the first to the last position that differs.
        diff = [
            i for i, (a, b) in enumerate(zip(common_ours, common_theirs, strict=True)) if a != b
        ]
        lo, hi = diff[0], diff[-1] + 1
        out.append(
            f"type {name}: order {', '.join(common_ours[lo:hi])} -> "
            f"{', '.join(common_theirs[lo:hi])}"
        )
    return out


def _closure(types: dict[str, TypeSpec], roots: list[str]) -> list[str]:
    seen: list[str] = []

    def visit(name: str) -> None:
        if name in seen or name not in types:
            return
        seen.append(name)
        for f in types[name].fields:
            if f.builtin is None:
                visit(f.type)

    for root in roots:
        visit(root)
    return seen


@dataclasses.dataclass
class Report:
    """What ``make schema-diff`` prints: blockers, effects on callers, differences, notes."""

    blockers: list[str] = dataclasses.field(default_factory=list)
    callers: list[str] = dataclasses.field(default_factory=list)
    lines: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)


def _roles(types: dict[str, TypeSpec], ops: list[OperationSpec]) -> dict[str, set[str]]:
    """For each type reachable from *ops*: "request" and/or "response"."""
    roles: dict[str, set[str]] = {}
    for op in ops:
        for role, root in (("request", op.request), ("response", op.response)):
            for name in _closure(types, [root]):
                roles.setdefault(name, set()).add(role)
    return roles


def _stored(roles: set[str]) -> str:
    """The messages a change in a type of these *roles* affects, for a caller line."""
    if roles == {"request"}:
        return "requests"
    if roles == {"response"}:
        return "responses"
    return "messages"


def type_effects(name: str, ours: TypeSpec, theirs: TypeSpec, roles: set[str]) -> list[str]:
    """What each difference between two versions of a type does to callers and stored messages.

    *roles* says whether the type travels in requests, responses or both: a required element
    added to a request type is a field callers must now fill; to a response type, it makes
    responses stored before the change fail strict decoding.
    """
    out: list[str] = []
    msgs = _stored(roles)
    mine = {f.name: f for f in ours.fields}
    vendor = {f.name: f for f in theirs.fields}
    added = [f for f in theirs.fields if f.name not in mine]
    removed = [f for f in ours.fields if f.name not in vendor]
    renamed: set[str] = set()
    for old in removed:
        twin = next(
            (
                f
                for f in added
                if f.name not in renamed
                and (f.type, f.min_occurs, f.max_occurs, f.nillable)
                == (old.type, old.min_occurs, old.max_occurs, old.nillable)
            ),
            None,
        )
        if twin is not None:
            renamed |= {old.name, twin.name}
            if twin.was == old.meaning:
                out.append(
                    f"{name}: {old.name} renamed {twin.name} (schema/{RENAMES}): JobStatus and "
                    f"the simulator know it as {old.meaning} still; pytest --update-vectors "
                    f"renames it in the stored documents"
                )
                continue
            entry = renames_entry(name, twin.name, old.meaning).replace("\n", "; ")
            out.append(
                f"{name}: {old.name} removed and {twin.name} added with the same type "
                f"({old.type}): a rename? Where JobStatus named it, its value moves to "
                f"JobStatus.extra['{twin.name}']; {msgs} stored with {old.name} fail strict "
                f"decoding. If it is one, record it in schema/{RENAMES} ({entry}) and run "
                "make generate again"
            )
    for f in added:
        if f.name in renamed:
            continue
        if f.min_occurs >= 1 and "response" in roles:
            out.append(
                f"{name} gains a required element {f.name}: older {msgs} (without it) will "
                "fail strict decoding"
            )
        elif f.min_occurs >= 1:
            out.append(
                f"{name} gains a required element {f.name}: callers must fill it, and a "
                "strict server refuses older requests without it"
            )
        else:
            out.append(
                f"{name} gains an optional element {f.name}: older {msgs} still decode "
                f"({f.name} absent is None); callers find it in the generated class (and in "
                "JobStatus.extra for an item type)"
            )
    for f in removed:
        if f.name in renamed:
            continue
        out.append(
            f"{name} loses {f.name}: code reading it breaks; {msgs} stored with it fail strict "
            "decoding (lenient decoding skips it)"
        )
    for f in ours.fields:
        v = vendor.get(f.name)
        if v is None:
            continue
        if f.type != v.type:
            out.append(
                f"{name}.{f.name} changes type {f.type} -> {v.type}: callers get another Python "
                f"type; stored {msgs} whose value is not a valid {v.type} fail decoding"
            )
        if f.min_occurs >= 1 > v.min_occurs:
            out.append(f"{name}.{f.name} becomes optional: callers may now get None")
        elif v.min_occurs > f.min_occurs:
            out.append(
                f"{name}.{f.name} now needs {v.min_occurs} occurrence(s): stored {msgs} with "
                "fewer fail strict decoding"
            )
        if f.max_occurs == 1 and v.max_occurs != 1:
            out.append(
                f"{name}.{f.name} becomes a list (maxOccurs={_occurs(v.max_occurs)}): callers "
                f"get a list instead of a value; stored {msgs} still decode"
            )
        elif f.max_occurs != 1 and v.max_occurs == 1:
            out.append(
                f"{name}.{f.name} is no longer a list: callers get one value; stored {msgs} "
                "with more than one fail decoding"
            )
        elif v.max_occurs not in (f.max_occurs, layout.UNBOUNDED) and (
            f.max_occurs == layout.UNBOUNDED or f.max_occurs > v.max_occurs
        ):
            out.append(
                f"{name}.{f.name} allows fewer occurrences ({_occurs(v.max_occurs)}): stored "
                f"{msgs} with more fail decoding"
            )
        if not f.nillable and v.nillable:
            out.append(f"{name}.{f.name} becomes nillable: callers may now get None")
        elif f.nillable and not v.nillable:
            out.append(f"{name}.{f.name} is no longer nillable: stored {msgs} with a nil fail")
    common_ours = [f.name for f in ours.fields if f.name in vendor]
    common_theirs = [f.name for f in theirs.fields if f.name in mine]
    if common_ours != common_theirs:
        out.append(
            f"{name}: its elements change order: stored {msgs} in the old order fail strict "
            "decoding"
        )
    return out


def diff(schema_dir: Path, wsdl: Path) -> Report:
    """The report for the vendor *wsdl* against *schema_dir* (blockers excluded: see blockers)."""
    ours = layout.read(schema_dir)
    _, vendor_ops, schemas = layout.read_wsdl(wsdl)
    tns = _types_namespace(schemas, wsdl.parent) or ours.namespace
    theirs, broken = _vendor_types(schemas, tns, wsdl.name, wsdl.parent)
    report = Report()
    lines, notes, callers = report.lines, report.notes, report.callers
    if tns != ours.namespace:
        lines.append(f"namespace {ours.namespace} -> {tns}")
        callers.append(
            f"the types' namespace changes ({ours.namespace} -> {tns}): every stored message "
            "(its elements in the old namespace) fails decoding, and peers still writing the old "
            "one are refused"
        )
    mine_ops = {op.name: op for op in ours.operations}
    vendor_by_name: dict[str, OperationSpec] = {}
    for op in vendor_ops:
        if op.request in theirs and op.response in theirs:
            # A reference to a type that could not be read is reported below.
            with contextlib.suppress(KeyError):
                layout.describe(op, theirs)
        vendor_by_name[op.name] = op
    roots_ours: list[str] = []
    roots_theirs: list[str] = []
    for name, mine in mine_ops.items():
        v = vendor_by_name.get(name)
        if v is None:
            notes.append(f"operation {name}: not in {wsdl.name} (not compared)")
            continue
        for label, a, b in (
            ("request element", mine.request, v.request),
            ("response element", mine.response, v.response),
            ("soapAction", repr(mine.soap_action), repr(v.soap_action)),
        ):
            if a != b:
                lines.append(f"operation {name}: {label} {a} -> {b}")
                if label == "soapAction":
                    callers.append(
                        f"{name}: requests must carry soapAction {b}; a server that checks it "
                        f"refuses requests sending {a}"
                    )
                else:
                    callers.append(
                        f"{name}: its {label} becomes {b}: stored {label.split()[0]}s ({a}) "
                        f"no longer decode as {name}"
                    )
        for element in (v.request, v.response):
            if element in broken:
                lines.append(f"operation {name}: {element} cannot be read: {broken[element]}")
        roots_ours += [mine.request, mine.response]
        roots_theirs += [v.request, v.response]
    others = 0
    added_ops: list[OperationSpec] = []
    for name, v in vendor_by_name.items():
        if name in mine_ops:
            continue
        if v.ids == "list" and v.item_type is not None:
            lines.append(
                f"+ operation {name} ({v.request} -> {v.response}): a status operation "
                "schema/ does not describe"
            )
            callers.append(
                f"new status operation {name}: after make generate, a client method, "
                f"decode_response overload and `faxstatus status --operation {name}`; nothing "
                "existing changes"
            )
            roots_theirs += [v.request, v.response]
            added_ops.append(v)
        else:
            others += 1
    if others:
        notes.append(f"{others} other operation(s) in {wsdl.name}, not status operations")
    names_ours = _closure(ours.types, roots_ours)
    names_theirs = _closure(theirs, roots_theirs)
    compared = [op for op in ours.operations if op.name in vendor_by_name]
    roles = _roles(ours.types, compared)
    for name in names_ours:
        if name in theirs:
            lines += compare_type(name, ours.types[name], theirs[name])
            callers += type_effects(
                name, ours.types[name], theirs[name], roles.get(name, {"request", "response"})
            )
        elif name in broken:
            lines.append(f"type {name}: cannot be read in {wsdl.name}: {broken[name]}")
        else:
            lines.append(f"- type {name}: not in {wsdl.name}")
            callers.append(
                f"{name} is gone from {wsdl.name}: the operations using it change (see the list)"
            )
    for name in names_theirs:
        if name not in ours.types:
            fields = ", ".join(_describe(f) for f in theirs[name].fields)
            lines.append(f"+ type {name}: {fields}")
    return report


def _types_namespace(schemas: list[Any], base: Path) -> str | None:
    """The target namespace of the vendor's types: the first schema that declares any."""
    for schema in _with_referenced(list(schemas), "", base, any_namespace=True):
        if any(
            isinstance(c.tag, str) and c.tag in (f"{{{XSD_NS}}}complexType", f"{{{XSD_NS}}}element")
            for c in schema
        ):
            tns = schema.get("targetNamespace")
            return str(tns) if tns is not None else None
    return None


# ----------------------------------------------------------------------------- blockers

#: Where a generator refusal points: ``<file>: type <T>, field <F>: <what>`` (layout.Unsupported).
_WHERE = re.compile(
    r"^(?P<file>[^:]+): type (?P<type>[^,]+), field (?P<field>[^:]+): (?P<what>.*)$"
)
_MAX_MESSAGE = 120
_TOP = (f"{{{XSD_NS}}}complexType", f"{{{XSD_NS}}}element", f"{{{XSD_NS}}}simpleType")


def _short(text: str) -> str:
    """*text* on one line, cut to a readable length."""
    one = " ".join(text.split())
    return one if len(one) <= _MAX_MESSAGE else one[: _MAX_MESSAGE - 1] + "…"


def _merged_schema(wsdl: Path) -> Any:
    """One ``xsd:schema`` holding every type of the vendor's WSDL (inline or imported files).

    The first schema that declares types keeps its attributes and namespace declarations; the
    types of the others in its namespace are appended, and imports of that namespace dropped
    (they are the files merged here).
    """
    _, _, schemas = layout.read_wsdl(wsdl)
    found = _with_referenced(list(schemas), "", wsdl.parent, any_namespace=True)
    declaring = [s for s in found if any(isinstance(c.tag, str) and c.tag in _TOP for c in s)]
    if not declaring:
        raise Unsupported(f"{wsdl.name}: type -, field -: the WSDL declares no types")
    merged = copy.deepcopy(declaring[0])
    tns = merged.get("targetNamespace")
    for other in declaring[1:]:
        if other.get("targetNamespace") == tns:
            for child in other:
                if isinstance(child.tag, str) and child.tag in _TOP:
                    merged.append(copy.deepcopy(child))
    for ref in list(merged):
        located = ref.get("schemaLocation") is not None
        if located and (
            ref.tag == f"{{{XSD_NS}}}include"
            or (ref.tag == f"{{{XSD_NS}}}import" and ref.get("namespace") == tns)
        ):
            merged.remove(ref)
    return merged


def _empty_wsdl(tns: str) -> bytes:
    return f'<definitions xmlns="{WSDL_NS}" targetNamespace="{tns}"/>'.encode()


def _label(el: Any) -> str:
    """How a top-level declaration is named in a blocker line."""
    kind = etree.QName(el).localname
    if kind == "import":
        return f"import {el.get('namespace') or el.get('schemaLocation') or '?'}"
    return f"{kind} {el.get('name') or '?'}"


def _type_refs(schema: Any, names: set[str]) -> list[Any]:
    """The element declarations in *schema* whose ``type=`` names one of *names* (in its tns)."""
    tns = schema.get("targetNamespace")
    out = []
    for el in schema.iter(f"{{{XSD_NS}}}element"):
        qname = el.get("type")
        if qname is None:
            continue
        prefix, _, local = qname.rpartition(":")
        if el.nsmap.get(prefix or None) == tns and local in names:
            out.append(el)
    return out


def _without(schema: Any, drop: list[Any]) -> Any:
    """A copy of *schema* without the top-level declarations *drop* and the fields using them."""
    keep = copy.deepcopy(schema)
    index = [i for i, c in enumerate(schema) if any(c is d for d in drop)]
    kids = list(keep)
    names = set()
    for i in index:
        names.add(str(kids[i].get("name")))
        keep.remove(kids[i])
    for el in _type_refs(keep, names):
        el.getparent().remove(el)
    return keep


def _drop_named(schema: Any, type_name: str, field: str) -> bool:
    """Leave out what a refusal names: field *field* of type *type_name*, or the type's content.

    False when the schema holds no such type (the refusal cannot be stepped over).
    """
    top = next(
        (
            c
            for c in schema
            if isinstance(c.tag, str) and c.tag in _TOP and c.get("name") == type_name
        ),
        None,
    )
    if top is None:
        return False
    field = field.strip()
    if field not in ("-", "?"):
        before = field.endswith("+1")
        name = field[:-2] if before else field
        for el in top.iter(f"{{{XSD_NS}}}element"):
            if el is not top and (el.get("name") == name or el.get("ref") == name):
                target = el.getnext() if before else el
                if target is not None:
                    target.getparent().remove(target)
                    return True
    # The type itself: keep its name (others refer to it) with empty content.
    for attr in list(top.attrib):
        if attr != "name":
            del top.attrib[attr]
    for child in list(top):
        top.remove(child)
    if etree.QName(top).localname == "element":
        etree.SubElement(top, f"{{{XSD_NS}}}complexType")
    return True


def _refusal(schema: Any, wsdl: bytes) -> str | None:
    """The generator's refusal of *schema* (with the operations of *wsdl*), or None.

    Runs what ``make generate`` runs (codegen/generate.py's build, then the typed surface),
    into temporary folders, with its stderr kept for the message.
    """
    with tempfile.TemporaryDirectory(prefix="schema-diff-") as tmp:
        folder = Path(tmp) / "schema"
        out = Path(tmp) / "models"
        folder.mkdir()
        out.mkdir()
        (folder / "faxws.xsd").write_bytes(etree.tostring(schema, xml_declaration=True))
        (folder / "faxws.wsdl").write_bytes(wsdl)
        err = io.StringIO()
        try:
            with contextlib.redirect_stderr(err):
                table = generate.build(folder, out)
                surface.rewrite(table, ROOT / "faxstatus", generate.PYPROJECT)
        except Unsupported as exc:
            return str(exc)
        except SystemExit as exc:
            said = [x for x in err.getvalue().splitlines() if x.strip()]
            detail = f" ({said[-1]})" if said and str(exc.code) not in said[-1] else ""
            return f"{exc.code}{detail}"
        except Exception as exc:  # the generator's own failure, whatever it is: one line
            return f"{type(exc).__name__}: {exc}"
    return None


#: How much of a refusal's text identifies it while the culprit is searched for.
_SAME = 80


def _culprit(schema: Any, wsdl: bytes, said: str) -> Any | None:
    """The top-level declaration whose absence ends the refusal *said*, or None.

    Half of the candidates is left out at a time (with the fields that use them): when the
    generator still refuses in the same words, the culprit is among the rest.
    """
    candidates = [
        c
        for c in schema
        if isinstance(c.tag, str)
        and c.tag.startswith(f"{{{XSD_NS}}}")
        and etree.QName(c).localname != "annotation"
    ]

    def same(drop: list[Any]) -> bool:
        again = _refusal(_without(schema, drop), wsdl)
        return again is not None and again[:_SAME] == said[:_SAME]

    gone: list[Any] = []
    while len(candidates) > 1:
        half = candidates[: len(candidates) // 2]
        if same(gone + half):
            gone += half
            candidates = candidates[len(half) :]
        else:
            candidates = half
    if not candidates or same(gone + candidates):
        return None
    return candidates[0]


def _fix(where: str, stage: str) -> str:
    return f"fix: change {where} in a copy of the vendor's file, or support it in {stage}"


def blockers(wsdl: Path) -> list[str]:
    """The constructs of *wsdl* that ``make generate`` refuses, one line each with the fix.

    The generator itself decides (see the module docstring); after each refusal the
    construct it names is left out of a copy and the generator runs again.
    """
    schema = _merged_schema(wsdl)
    operations = wsdl.read_bytes()
    found: list[str] = []
    for _ in range(200):
        said = _refusal(schema, operations)
        if said is None:
            return found
        where = _WHERE.match(said)
        if where is not None and where["type"] != "-":
            type_name, field = where["type"], where["field"]
            place = f"type {type_name}" + ("" if field in ("-", "?") else f", field {field}")
            found.append(
                f"blocked: {place}: {_short(where['what'])}; " + _fix(place, "codegen/layout.py")
            )
            if _drop_named(schema, type_name, field):
                continue
            return found
        # The refusal names no type: with the operations set aside, find the declaration.
        bare = _empty_wsdl(str(schema.get("targetNamespace")))
        alone = _refusal(schema, bare)
        if alone is None:
            found.append(f"blocked: {_short(said)}; " + _fix("its operations", "codegen/layout.py"))
            return found
        culprit = _culprit(schema, bare, alone)
        if culprit is None:
            found.append(f"blocked: {_short(said)}; " + _fix("the schema", "codegen/generate.py"))
            return found
        place = _label(culprit)
        found.append(
            f"blocked: {place}: make generate stops: {_short(said)}; "
            + _fix(place, "codegen/generate.py")
        )
        schema = _without(schema, [culprit])
    return found


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wsdl", type=Path, help="the vendor's WSDL, types inline")
    parser.add_argument("--schema", type=Path, default=ROOT / "schema", help="default: schema/")
    args = parser.parse_args(argv)
    try:
        report = diff(args.schema, args.wsdl)
        report.blockers = blockers(args.wsdl)
    except (OSError, Unsupported) as exc:
        print(f"schema-diff: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # lxml's XMLSyntaxError and friends: one line, not a traceback
        print(f"schema-diff: cannot read {args.wsdl}: {exc}", file=sys.stderr)
        return 2
    for line in report.blockers:
        print(line)
    for line in report.callers:
        print(f"callers: {line}")
    for line in report.lines:
        print(line)
    for note in report.notes:
        print(f"note: {note}")
    name = args.wsdl.name
    if report.blockers:
        print(
            f"schema-diff: make generate would refuse {name} ({len(report.blockers)} "
            f"blocker(s)); {len(report.lines)} difference(s) with schema/"
        )
        return 2
    if report.lines:
        print(f"schema-diff: {len(report.lines)} difference(s) between {name} and schema/")
        return 1
    print(f"schema-diff: the status operations and their types agree with {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
