"""Read schema/ once into the layout table: every type's fields and every operation's shape.

``make generate`` calls :func:`read` and renders the result as ``faxstatus/models/layout.py``;
the codec's plans, the operation table, the fast path, the strategies, the simulator, the
client's results and the CLI's operation list all derive from that table. ``make schema-diff``
reads a vendor WSDL (types inline) with the same functions.

Only the XSD constructs the FaxWS schema uses are accepted (named complex types and global
elements holding one ``sequence`` of child elements, built-in simple types, minOccurs,
maxOccurs, nillable, an element's ``default=``). An ``xsd:import`` that no declaration
references is ignored (:data:`NOTES` says so, once). Anything else stops generation before a
file is written, with one line naming the type, the field and the construct
(:class:`Unsupported`).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import tomllib
from pathlib import Path
from typing import Any

from lxml import etree


def _load_xsd_module() -> Any:
    """faxstatus/_xsd.py by path: importing the package would load the models being rebuilt."""
    path = Path(__file__).resolve().parent.parent / "faxstatus" / "_xsd.py"
    spec = importlib.util.spec_from_file_location("_faxstatus_codegen_xsd", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


XSD_BUILTINS = _load_xsd_module()
SUPPORTED: frozenset[str] = XSD_BUILTINS.SUPPORTED

XSD_NS = "http://www.w3.org/2001/XMLSchema"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP11_BINDING_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP12_BINDING_NS = "http://schemas.xmlsoap.org/wsdl/soap12/"
UNBOUNDED = -1

#: Names with a meaning to the client and simulator (the FaxWS vocabulary, contract in
#: schema/README.md). The generator finds them by name; an operation without them is still
#: encoded and decoded, it only has no job-id or status-list description.
CREDENTIALS = ("UserID", "strPIN")
JOB_ID = "FaxJobId"
#: The item field holding a job's status code: with JOB_ID it makes an item a job status.
JOB_STATUS = "FaxJobStatusId"
REFERENCE_ID = "ReferenceId"
RESULT = "return"
#: The status operation the CLI and client default to, when the schema has it.
DEFAULT_STATUS = "GetRealTimeFaxStatusEx"
#: Operation-name prefixes for the operations that act on jobs (the simulator acts them
#: out on its jobs): one that submits faxes and answers their new ids, one that cancels the
#: job its request names.
JOB_ACTIONS = (("SimpleSendFax", "submit"), ("SendFax", "submit"), ("CancelFax", "cancel"))
#: XSD integer built-ins a status code may be (the ``return`` of a single-id status operation).
STATUS_CODE_TYPES = ("xsd:int", "xsd:long", "xsd:short")

#: What the last :func:`read` ignored and said so once (one short line each).
NOTES: list[str] = []


class Unsupported(Exception):
    """A schema construct the generator does not handle: one line, type, field, construct."""


@dataclasses.dataclass
class FieldSpec:
    """One child element of a type, as the schema declares it."""

    name: str
    type: str  #: "xsd:<builtin>" or the name of a type in the table
    min_occurs: int = 1
    max_occurs: int = 1  #: UNBOUNDED (-1) for maxOccurs="unbounded"
    nillable: bool = False
    attr: str = ""  #: the generated dataclass attribute (filled from xsdata's output)
    #: XSD ``default=``: the value of the element when it is present and empty (XSD Part 1
    #: §3.3.1, cvc-elt.5.1.2), as its lexical form; None without one.
    default: str | None = None
    #: The name the element had before the vendor renamed it, as ``schema/renames.toml``
    #: records it; "" when it was not renamed.
    was: str = ""

    @property
    def meaning(self) -> str:
        """The name the client, the simulator and stored documents know the element by."""
        return self.was or self.name

    @property
    def builtin(self) -> str | None:
        """The built-in type's local name, or None for a complex type."""
        return self.type[4:] if self.type.startswith("xsd:") else None

    @property
    def is_list(self) -> bool:
        """True when the element may repeat."""
        return self.max_occurs != 1


@dataclasses.dataclass
class TypeSpec:
    """A named complex type or a global element (a message wrapper)."""

    name: str
    kind: str  #: "complexType" or "element"
    fields: list[FieldSpec]
    cls: str = ""  #: the generated class name

    @property
    def list_item(self) -> FieldSpec | None:
        """For a FaxWS list type (one repeated ``item`` and nothing else): that field."""
        if len(self.fields) == 1 and self.fields[0].is_list and self.fields[0].name == "item":
            return self.fields[0]
        return None


@dataclasses.dataclass
class OperationSpec:
    """One WSDL operation and what the client and simulator need to know about it."""

    name: str
    request: str
    response: str
    soap_action: str = ""
    bindings: tuple[str, ...] = ()
    #: How the request carries job ids: "list" (a list type of one-string items), "single"
    #: (one string element), "none" (no element besides the credentials) or "other".
    ids: str = "other"
    ids_field: str | None = None  #: the request element carrying the ids
    #: What the response answers about jobs: "list" (one job-status item per id: FaxJobId
    #: and FaxJobStatusId), "single" (the one id's status code as ``return``) or None. A
    #: status operation is one that answers statuses for ids the client can send.
    status: str | None = None
    #: "submit" or "cancel" for the operations that act on jobs (:data:`JOB_ACTIONS`), or None.
    action: str | None = None
    #: For "submit": the response element that carries the new job ids, and how ("list" of
    #: one-string items, or "single" string).
    new_ids_field: str | None = None
    new_ids: str | None = None
    credentials: tuple[str, ...] = ()
    list_field: str | None = None  #: the response element holding the status list
    list_type: str | None = None
    item_type: str | None = None
    job_id_field: str | None = None  #: the item field naming the job
    reference_field: str | None = None  #: the item field holding the ReferenceId, if any
    result_field: str | None = None  #: the response's ``return`` element


@dataclasses.dataclass
class Layout:
    """Everything ``make generate`` knows about the schema."""

    namespace: str
    wsdl_namespace: str
    types: dict[str, TypeSpec]
    operations: list[OperationSpec]


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def _occurs(el: Any, attr: str, where: str) -> int:
    raw = el.get(attr, "1").strip()
    if raw == "unbounded" and attr == "maxOccurs":
        return UNBOUNDED
    if not raw.isdigit():
        raise Unsupported(f"{where}: {attr}={raw!r} is not supported")
    return int(raw)


_FIELD_ATTRS = {"name", "type", "minOccurs", "maxOccurs", "nillable", "form", "default"}


def _check_default(spec: FieldSpec, where: str) -> None:
    """A ``default=`` must belong to a built-in scalar and be a valid value of its type."""
    if spec.default is None:
        return
    if spec.builtin is None or spec.is_list:
        what = "a list" if spec.is_list else f"complex type {spec.type}"
        raise Unsupported(f"{where}: default= on {what} is not supported (XSD: simple content)")
    try:
        XSD_BUILTINS.parse_text(spec.builtin, spec.default)
    except ValueError as exc:
        raise Unsupported(
            f"{where}: default={spec.default!r} is not an xsd:{spec.builtin}: {exc}"
        ) from None


def _read_field(el: Any, owner: str, tns: str, where_file: str) -> FieldSpec:
    name = el.get("name")
    where = f"{where_file}: type {owner}, field {name or el.get('ref') or '?'}"
    if name is None:
        raise Unsupported(f"{where}: element ref= is not supported (declare the element inline)")
    for attr in el.attrib:
        if attr not in _FIELD_ATTRS:
            raise Unsupported(f"{where}: attribute {etree.QName(attr).localname}= is not supported")
    if el.get("form", "qualified") != "qualified":
        raise Unsupported(f"{where}: form={el.get('form')!r} is not supported")
    for child in el:
        if child.tag == _q(XSD_NS, "annotation"):
            continue
        construct = etree.QName(child).localname
        raise Unsupported(f"{where}: an anonymous {construct} inside a field is not supported")
    qname = el.get("type")
    if qname is None:
        raise Unsupported(f"{where}: an element without type= (xsd:anyType) is not supported")
    prefix, _, local = qname.rpartition(":")
    ns = el.nsmap.get(prefix or None)
    if ns == XSD_NS:
        if local not in SUPPORTED:
            raise Unsupported(f"{where}: built-in type xsd:{local} is not supported")
        type_name = f"xsd:{local}"
    elif ns == tns:
        type_name = local
    else:
        raise Unsupported(f"{where}: type {qname!r} is in namespace {ns!r}, not {tns!r}")
    nillable = el.get("nillable", "false").strip()
    if nillable not in ("true", "false", "1", "0"):
        raise Unsupported(f"{where}: nillable={nillable!r} is not supported")
    spec = FieldSpec(
        name,
        type_name,
        _occurs(el, "minOccurs", where),
        _occurs(el, "maxOccurs", where),
        nillable in ("true", "1"),
        default=el.get("default"),
    )
    if spec.max_occurs != UNBOUNDED and spec.max_occurs < max(spec.min_occurs, 1):
        raise Unsupported(f"{where}: maxOccurs below minOccurs is not supported")
    _check_default(spec, where)
    return spec


def _read_complex(ct: Any, owner: str, tns: str, where_file: str) -> list[FieldSpec]:
    where = f"{where_file}: type {owner}"
    for attr in ct.attrib:
        if attr != "name":
            raise Unsupported(
                f"{where}, field -: complexType {etree.QName(attr).localname}= is not supported"
            )
    seqs = []
    for child in ct:
        if child.tag == _q(XSD_NS, "annotation"):
            continue
        if child.tag != _q(XSD_NS, "sequence"):
            construct = etree.QName(child).localname
            raise Unsupported(f"{where}, field -: {construct} is not supported (only sequence)")
        seqs.append(child)
    if len(seqs) > 1:
        raise Unsupported(f"{where}, field -: more than one sequence is not supported")
    fields: list[FieldSpec] = []
    for seq in seqs:
        for attr in seq.attrib:
            raise Unsupported(
                f"{where}, field -: sequence {etree.QName(attr).localname}= is not supported"
            )
        for child in seq:
            if child.tag == _q(XSD_NS, "annotation"):
                continue
            if child.tag != _q(XSD_NS, "element"):
                construct = etree.QName(child).localname
                field = fields[-1].name + "+1" if fields else "-"
                raise Unsupported(
                    f"{where}, field {field}: {construct} inside a sequence is not supported"
                )
            fields.append(_read_field(child, owner, tns, where_file))
    names = [f.name for f in fields]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise Unsupported(f"{where}, field {min(dup)}: a repeated element name is not supported")
    return fields


_SKIPPED_TOP = {"annotation"}


def read_schema(schema: Any, where_file: str) -> tuple[str, dict[str, TypeSpec]]:
    """The target namespace and the types of one ``xsd:schema`` element."""
    tns = schema.get("targetNamespace")
    if tns is None:
        raise Unsupported(f"{where_file}: type -, field -: a schema without targetNamespace")
    if schema.get("elementFormDefault") != "qualified":
        raise Unsupported(
            f"{where_file}: type -, field -: elementFormDefault must be qualified "
            f"(found {schema.get('elementFormDefault')!r})"
        )
    types: dict[str, TypeSpec] = {}
    simple: dict[str, str] = {}  #: named simpleTypes -> what they are (refused where used)
    imported: list[str] = []
    for top in schema:
        if not isinstance(top.tag, str):
            continue
        local = etree.QName(top).localname
        if top.tag == _q(XSD_NS, "import"):
            imported.append(str(top.get("namespace", "")))
            continue
        if top.tag == _q(XSD_NS, "simpleType") and top.get("name"):
            inner = [etree.QName(c).localname for c in top if isinstance(c.tag, str)]
            enum = top.find(f"{{{XSD_NS}}}restriction/{{{XSD_NS}}}enumeration") is not None
            simple[str(top.get("name"))] = "an enumeration" if enum else "/".join(inner)
            continue
        if top.tag == _q(XSD_NS, "complexType"):
            name = str(top.get("name"))
            types[name] = TypeSpec(name, "complexType", _read_complex(top, name, tns, where_file))
        elif top.tag == _q(XSD_NS, "element"):
            name = str(top.get("name"))
            where = f"{where_file}: type {name}, field -"
            if top.get("type") is not None:
                raise Unsupported(
                    f"{where}: a global element with type= is not supported "
                    "(declare its complexType inline, as gSOAP does)"
                )
            inner = [c for c in top if c.tag == _q(XSD_NS, "complexType")]
            others = [
                c for c in top if c.tag not in (_q(XSD_NS, "complexType"), _q(XSD_NS, "annotation"))
            ]
            if len(inner) != 1 or others:
                raise Unsupported(f"{where}: a global element needs exactly one inline complexType")
            for attr in top.attrib:
                if attr != "name":
                    raise Unsupported(
                        f"{where}: global element {etree.QName(attr).localname}= is not supported"
                    )
            if name in types:
                raise Unsupported(f"{where}: the name is used by a type and an element")
            types[name] = TypeSpec(name, "element", _read_complex(inner[0], name, tns, where_file))
        elif tns and local in _SKIPPED_TOP and top.tag.startswith(f"{{{XSD_NS}}}"):
            continue
        else:
            raise Unsupported(f"{where_file}: type {top.get('name', '-')}, field -: {local}")
    for spec in types.values():
        for f in spec.fields:
            if f.builtin is None and f.type in simple:
                raise Unsupported(
                    f"{where_file}: type {spec.name}, field {f.name}: its type {f.type} is a "
                    f"simpleType ({simple[f.type]}), which is not supported: declare the field "
                    "with the built-in type it restricts"
                )
            if f.builtin is None and (f.type not in types or types[f.type].kind != "complexType"):
                raise Unsupported(
                    f"{where_file}: type {spec.name}, field {f.name}: "
                    f"type {f.type!r} is not defined in the schema"
                )
    for name, what in simple.items():
        raise Unsupported(
            f"{where_file}: type {name}, field -: simpleType ({what}) that no field uses"
        )
    # Every field's type is a built-in or in tns (anything else was refused above), so an
    # import is referenced by nothing: it is ignored, and left out of xsdata's copy.
    for ns in imported:
        note(f"{where_file}: ignored the import of {ns or 'no namespace'} (nothing references it)")
    _check_acyclic(types, where_file)
    return tns, types


def note(line: str) -> None:
    """Record *line* in :data:`NOTES` once."""
    if line not in NOTES:
        NOTES.append(line)


def without_imports(xsd: bytes) -> bytes:
    """*xsd* without its top-level ``xsd:import`` elements (nothing references them).

    :func:`read_schema` refuses a field typed from another namespace, so once it accepted
    the schema an import is dead weight; xsdata and libxml2 would try to resolve it.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(xsd, parser)
    dropped = [c for c in root if c.tag == _q(XSD_NS, "import")]
    if not dropped:
        return xsd
    for c in dropped:
        root.remove(c)
    out: bytes = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")
    return out + b"\n"


def _check_acyclic(types: dict[str, TypeSpec], where_file: str) -> None:
    state: dict[str, int] = {}

    def visit(name: str) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise Unsupported(f"{where_file}: type {name}, field -: a recursive type")
        state[name] = 1
        for f in types[name].fields:
            if f.builtin is None:
                visit(f.type)
        state[name] = 2

    for name in types:
        visit(name)


def _parse(path: Path) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    return etree.parse(str(path), parser).getroot()


def read_wsdl(path: Path) -> tuple[str, list[OperationSpec], list[Any]]:
    """The WSDL's targetNamespace, its operations, and any inline ``xsd:schema`` elements."""
    root = _parse(path)
    where = path.name
    if root.tag != _q(WSDL_NS, "definitions"):
        raise Unsupported(f"{where}: type -, field -: not a WSDL 1.1 definitions document")
    messages: dict[str, str] = {}
    for msg in root.iter(_q(WSDL_NS, "message")):
        parts = [p for p in msg if p.tag == _q(WSDL_NS, "part")]
        if len(parts) != 1 or parts[0].get("element") is None:
            raise Unsupported(
                f"{where}: type -, field -: message {msg.get('name')} is not one element part "
                "(document/literal wrapped)"
            )
        messages[str(msg.get("name"))] = str(parts[0].get("element")).rpartition(":")[2]
    ops: dict[str, OperationSpec] = {}
    for pt in root.iter(_q(WSDL_NS, "portType")):
        for op in pt.iter(_q(WSDL_NS, "operation")):
            inp = op.find(_q(WSDL_NS, "input"))
            out = op.find(_q(WSDL_NS, "output"))
            if inp is None or out is None:
                raise Unsupported(
                    f"{where}: type -, field -: operation {op.get('name')} is one-way"
                )
            name = str(op.get("name"))
            ops[name] = OperationSpec(
                name,
                messages[str(inp.get("message")).rpartition(":")[2]],
                messages[str(out.get("message")).rpartition(":")[2]],
            )
    for binding in root.iter(_q(WSDL_NS, "binding")):
        bname = str(binding.get("name"))
        for bop in binding.iter(_q(WSDL_NS, "operation")):
            spec = ops.get(str(bop.get("name")))
            if spec is None:
                continue
            spec.bindings = (*spec.bindings, bname)
            for ns in (SOAP11_BINDING_NS, SOAP12_BINDING_NS):
                so = bop.find(_q(ns, "operation"))
                if so is not None:
                    spec.soap_action = so.get("soapAction", "")
    schemas = [s for t in root.iter(_q(WSDL_NS, "types")) for s in t.iter(_q(XSD_NS, "schema"))]
    return str(root.get("targetNamespace")), list(ops.values()), schemas


def _id_list(spec: FieldSpec, types: dict[str, TypeSpec]) -> bool:
    """True when *spec* is a single element of a list type whose items hold one string."""
    if spec.builtin is not None or spec.is_list:
        return False
    item = types[spec.type].list_item
    if item is None or item.builtin is not None:
        return False
    inner = types[item.type].fields
    return len(inner) == 1 and inner[0].builtin == "string" and not inner[0].is_list


def describe(op: OperationSpec, types: dict[str, TypeSpec]) -> None:
    """Fill in how *op* carries job ids, what its response answers and where.

    The request side says how a client sends ids: its elements besides the credentials,
    optional ones left out (a client need not send them), are one list of one-string items,
    one string, or nothing. The response side says what the operation *is*: a status
    operation answers job statuses (a list of items carrying FaxJobId and FaxJobStatusId,
    or one integer ``return`` for one id), whatever else its request holds.
    """
    req = types[op.request].fields
    resp = types[op.response].fields
    op.credentials = tuple(f.name for f in req if f.name in CREDENTIALS)
    rest = [f for f in req if f.name not in CREDENTIALS and f.min_occurs > 0]
    if not rest:
        op.ids = "none"
    elif len(rest) == 1 and rest[0].builtin == "string" and not rest[0].is_list:
        op.ids, op.ids_field = "single", rest[0].name
    elif len(rest) == 1 and _id_list(rest[0], types):
        op.ids, op.ids_field = "list", rest[0].name
    for f in resp:
        if f.name == RESULT and f.builtin is not None:
            op.result_field = f.name
        if f.builtin is None and not f.is_list:
            item = types[f.type].list_item
            if item is not None and item.builtin is None and op.list_field is None:
                # By meaning: a renamed FaxJobId still names the job (schema/renames.toml).
                item_fields = {x.meaning: x for x in types[item.type].fields}
                job = item_fields.get(JOB_ID)
                if job is not None and job.builtin == "string":
                    op.list_field, op.list_type, op.item_type = f.name, f.type, item.type
                    op.job_id_field = job.name
                    ref = item_fields.get(REFERENCE_ID)
                    if ref is not None and ref.builtin == "string":
                        op.reference_field = ref.name
                    code = item_fields.get(JOB_STATUS)
                    if op.ids == "list" and code is not None and code.type in STATUS_CODE_TYPES:
                        op.status = "list"
    if op.ids == "single" and op.list_field is None:
        # One id's status code as ``return``; other elements beside it (a page count, say)
        # are more about that job, shown whole by ``status --json``.
        result = [f for f in resp if f.name == RESULT]
        if result and result[0].type in STATUS_CODE_TYPES and not result[0].is_list:
            op.status = "single"
    for prefix, action in JOB_ACTIONS:
        if op.name.startswith(prefix) and op.status is None:
            op.action = action
            break
    if op.action == "submit":
        for f in resp:
            if _id_list(f, types):
                op.new_ids_field, op.new_ids = f.name, "list"
                break
            if f.builtin == "string" and not f.is_list and f.name in (JOB_ID, RESULT):
                op.new_ids_field, op.new_ids = f.name, "single"
                break
        else:
            op.action = None  # nowhere to answer the new ids: answered as any operation
    elif op.action == "cancel" and op.ids != "single":
        op.action = None


def status_operations(ops: list[OperationSpec], kind: str) -> tuple[str, ...]:
    """The names of the status operations answering *kind* ("list" or "single").

    In portType order, :data:`DEFAULT_STATUS` first when it is one of them.
    """
    names = [op.name for op in ops if op.status == kind]
    return tuple(sorted(names, key=lambda n: n != DEFAULT_STATUS))


def read(schema_dir: Path) -> Layout:
    """Read ``faxws.xsd`` and ``faxws.wsdl`` from *schema_dir* into a :class:`Layout`."""
    NOTES.clear()
    xsd = schema_dir / "faxws.xsd"
    tns, types = read_schema(_parse(xsd), xsd.name)
    wsdl_ns, ops, _ = read_wsdl(schema_dir / "faxws.wsdl")
    read_renames(schema_dir / RENAMES, types)
    for op in ops:
        for element in (op.request, op.response):
            if element not in types or types[element].kind != "element":
                raise Unsupported(
                    f"faxws.wsdl: type {element}, field -: operation {op.name} names an element "
                    "faxws.xsd does not declare"
                )
        describe(op, types)
    return Layout(tns, wsdl_ns, types, ops)


#: The file in schema/ that records the vendor's renames, kept by hand (docs/maintaining.md).
RENAMES = "renames.toml"


def renames_entry(type_name: str, new: str, old: str) -> str:
    """The lines of ``schema/renames.toml`` that record *old* renamed *new* in *type_name*."""
    return f'[{type_name}]\n{new} = "{old}"'


def read_renames(path: Path, types: dict[str, TypeSpec]) -> None:
    """Mark each renamed field of *types* with the name it had (``schema/renames.toml``).

    One table per type, one ``New = "Old"`` line per renamed element. Refused, in one line
    naming the type and the field: a type or a field the schema lacks, an old name the type
    still has, one old name given twice.
    """
    if not path.exists():
        return
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise Unsupported(f"{path.name}: type -, field -: not TOML ({exc})") from None
    for type_name, table in doc.items():
        spec = types.get(type_name)
        if spec is None or not isinstance(table, dict):
            raise Unsupported(
                f"{path.name}: type {type_name}, field -: "
                + ("faxws.xsd has no such type" if spec is None else "not a table of renames")
            )
        fields = {f.name: f for f in spec.fields}
        olds: set[str] = set()
        for new, old in table.items():
            where = f"{path.name}: type {type_name}, field {new}"
            if new not in fields:
                raise Unsupported(f"{where}: faxws.xsd's {type_name} has no element {new}")
            if not isinstance(old, str) or not old or old == new:
                raise Unsupported(f"{where}: the old name must be another element name")
            if old in fields:
                raise Unsupported(f"{where}: {type_name} still has an element {old}")
            if old in olds:
                raise Unsupported(f"{where}: {old} is given as the old name twice")
            olds.add(old)
            fields[new].was = old


def attach_classes(layout: Layout, module: Any) -> None:
    """Record the generated class and attribute names (xsdata's choice) in *layout*."""
    by_name: dict[str, Any] = {}
    for obj in vars(module).values():
        if isinstance(obj, type) and dataclasses.is_dataclass(obj):
            meta = getattr(obj, "Meta", None)
            by_name[getattr(meta, "name", obj.__name__)] = obj
    for spec in layout.types.values():
        cls = by_name.get(spec.name)
        if cls is None:
            raise Unsupported(f"faxws.xsd: type {spec.name}, field -: xsdata made no class for it")
        spec.cls = cls.__name__
        by_xml = {f.metadata.get("name", f.name): f.name for f in dataclasses.fields(cls)}
        for f in spec.fields:
            f.attr = by_xml[f.name]
        if len(by_xml) != len(spec.fields):
            raise Unsupported(
                f"faxws.xsd: type {spec.name}, field -: xsdata's class has other fields "
                f"({sorted(set(by_xml) - {f.name for f in spec.fields})})"
            )


def render(layout: Layout) -> str:
    """The source of ``faxstatus/models/layout.py``."""
    out = [
        '"""The wire layout of every FaxWS type and operation: the one table the runtime reads.',
        "",
        "Generated by codegen/generate.py from schema/faxws.xsd and schema/faxws.wsdl (make",
        "generate): do not edit by hand. faxstatus.codec builds its field plans and operation",
        "table from it; the fast path, strategies, simulator, client results and CLI follow.",
        '"""',
        "",
        "from typing import Any",
        "",
        f"NAMESPACE = {layout.namespace!r}",
        f"WSDL_NAMESPACE = {layout.wsdl_namespace!r}",
        "",
        "#: Type or global element name -> (kind, generated class, fields in schema order).",
        "#: A field is (element name, attribute, type, minOccurs, maxOccurs, nillable); type is",
        '#: "xsd:<built-in>" or another entry\'s name; maxOccurs -1 stands for "unbounded".',
        "TYPES: dict[str, tuple[str, str, tuple[tuple[str, str, str, int, int, bool], ...]]] = {",
    ]
    for spec in layout.types.values():
        out.append(f"    # {spec.kind} {spec.name}")
        out.append(f"    {spec.name!r}: ({spec.kind!r}, {spec.cls!r}, (")
        for f in spec.fields:
            out.append(
                f"        ({f.name!r}, {f.attr!r}, {f.type!r}, {f.min_occurs}, {f.max_occurs}, "
                f"{f.nillable}),"
            )
        out.append("    )),")
    out.append("}")
    out += [
        "",
        "#: Type or element name -> {element name: XSD default=, the value of the element when",
        "#: it is present and empty (XSD Part 1 cvc-elt.5.1.2)}, as its lexical form.",
        "DEFAULTS: dict[str, dict[str, str]] = {",
    ]
    for spec in layout.types.values():
        found = {f.name: f.default for f in spec.fields if f.default is not None}
        if found:
            out.append(f"    {spec.name!r}: {found!r},")
    out.append("}")
    out += [
        "",
        "#: Type name -> {element name: the name it had before the vendor renamed it}, as",
        "#: schema/renames.toml records it: the client, the simulator and the stored documents",
        "#: know a renamed element by its old name.",
        "RENAMED: dict[str, dict[str, str]] = {",
    ]
    for spec in layout.types.values():
        was = {f.name: f.was for f in spec.fields if f.was}
        if was:
            out.append(f"    {spec.name!r}: {was!r},")
    out.append("}")
    out += [
        "",
        "#: Operations in WSDL portType order. ids: how the request carries job ids (list,",
        "#: single, none, other); list_field/list_type/item_type: where the response keeps one",
        "#: item per job; job_id_field and reference_field: the item fields naming the job;",
        "#: status: what the response answers (list: one job status per id, single: the one",
        "#: id's status code, None: not a status operation); action: submit or cancel for the",
        "#: operations that act on jobs, new_ids_field/new_ids where a submit answers the ids.",
        "OPERATIONS: tuple[dict[str, Any], ...] = (",
    ]
    for op in layout.operations:
        out.append("    {")
        for key in (
            "name",
            "request",
            "response",
            "soap_action",
            "bindings",
            "ids",
            "ids_field",
            "credentials",
            "list_field",
            "list_type",
            "item_type",
            "job_id_field",
            "reference_field",
            "result_field",
            "status",
            "action",
            "new_ids_field",
            "new_ids",
        ):
            out.append(f"        {key!r}: {getattr(op, key)!r},")
        out.append("    },")
    out.append(")")
    out += [
        "",
        "#: The status operations: job ids in a list, one job status per id in the answer",
        f"#: ({DEFAULT_STATUS} first when present). The one list the client, CLI and",
        "#: simulator offer as status queries.",
        f"STATUS_OPERATIONS: tuple[str, ...] = {status_operations(layout.operations, 'list')!r}",
        "#: The single-id status operations (one job id in, its status code as ``return``).",
        "SINGLE_STATUS_OPERATIONS: tuple[str, ...] = "
        f"{status_operations(layout.operations, 'single')!r}",
    ]
    return "\n".join(out) + "\n"
