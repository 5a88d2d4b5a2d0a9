"""Bring a vendor WSDL with inline types into schema/, then generate (make schema-import).

Usage: ``python codegen/schema_import.py VENDOR.wsdl [--schema DIR] [--out DIR] [--replace]
[--no-generate]``.

The vendor serves one WSDL with its XSD inline (``?wsdl``, as gSOAP writes it); schema/ keeps
the types once, in ``faxws.xsd``, and a WSDL that imports it (schema/README.md). This command
splits the vendor's file into those two:

* ``faxws.xsd``: the inline schema of the types' namespace, declarations in the vendor's order;
  an ``xsd:import`` that nothing references is left out (said once, in one line);
* ``faxws.wsdl``: the vendor's messages, portType, SOAP 1.1 binding and service, its
  ``<types>`` importing ``faxws.xsd``, plus our extension, the SOAP 1.2 binding ``FaxWS12``
  and its port at the same address, for every operation.

Declarations and operations that schema/ has and the vendor file lacks are kept (the vendor
file may be an older or partial rendering, as the 2.7.6c file lacks GetRealTimeFaxStatusEx3)
and listed in one line; ``--replace`` drops them instead. The new files are generated from in
a temporary folder first: when the generator refuses a construct (one line naming the type
and the field), neither schema/ nor faxstatus/models/ is touched.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate
import layout
from layout import SOAP11_BINDING_NS, SOAP12_BINDING_NS, WSDL_NS, XSD_NS, Unsupported

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCHEMA = ROOT / "schema"
#: Our extension's names (schema/README.md, "Where our files differ").
SOAP12_BINDING = "FaxWS12"
SOAP_HTTP = "http://schemas.xmlsoap.org/soap/http"


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def _parse(path: Path) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, remove_blank_text=True
    )
    return etree.parse(str(path), parser).getroot()


def _local(qname: str | None) -> str:
    return (qname or "").rpartition(":")[2]


class Vendor:
    """What one WSDL 1.1 file with inline types declares, read without generating anything."""

    def __init__(self, path: Path) -> None:
        root = _parse(path)
        where = path.name
        if root.tag != _q(WSDL_NS, "definitions"):
            raise Unsupported(f"{where}: type -, field -: not a WSDL 1.1 definitions document")
        self.name = root.get("name", "FaxWS")
        self.wsdl_ns = str(root.get("targetNamespace"))
        schemas = [s for t in root.iter(_q(WSDL_NS, "types")) for s in t.iter(_q(XSD_NS, "schema"))]
        messages = {
            str(m.get("name")): [p for p in m if p.tag == _q(WSDL_NS, "part")]
            for m in root.iter(_q(WSDL_NS, "message"))
        }
        element_ns = {
            p.nsmap.get(str(p.get("element")).rpartition(":")[0] or None)
            for parts in messages.values()
            for p in parts
            if p.get("element")
        }
        mine = [s for s in schemas if s.get("targetNamespace") in element_ns]
        if len(mine) != 1:
            raise Unsupported(
                f"{where}: type -, field -: expected one inline schema for the messages' "
                f"namespace ({', '.join(sorted(str(n) for n in element_ns))}), found {len(mine)}"
            )
        self.schema = mine[0]
        self.tns = str(self.schema.get("targetNamespace"))
        #: Top-level declarations (complexType/element/…) by name, in document order.
        self.decls: dict[str, Any] = {}
        self.imports: list[str] = []
        for top in self.schema:
            if not isinstance(top.tag, str):
                continue
            if top.tag == _q(XSD_NS, "import"):
                if top.get("schemaLocation"):
                    raise Unsupported(
                        f"{where}: type -, field -: an import with schemaLocation "
                        f"({top.get('schemaLocation')}); import a WSDL with its types inline"
                    )
                self.imports.append(str(top.get("namespace", "")))
                continue
            if top.tag == _q(XSD_NS, "annotation"):
                continue
            self.decls[str(top.get("name"))] = top
        #: Operations in portType order: name -> (request element, response element, doc).
        self.operations: dict[str, tuple[str, str, str]] = {}
        for pt in root.iter(_q(WSDL_NS, "portType")):
            for op in pt.iter(_q(WSDL_NS, "operation")):
                name = str(op.get("name"))
                ends = []
                for tag in ("input", "output"):
                    io = op.find(_q(WSDL_NS, tag))
                    if io is None:
                        raise Unsupported(f"{where}: type -, field -: operation {name} is one-way")
                    parts = messages.get(_local(io.get("message")), [])
                    if len(parts) != 1 or parts[0].get("element") is None:
                        raise Unsupported(
                            f"{where}: type -, field -: operation {name}'s {tag} is not one "
                            "element part (document/literal wrapped)"
                        )
                    ends.append(_local(parts[0].get("element")))
                doc = op.find(_q(WSDL_NS, "documentation"))
                text = doc.text.strip() if doc is not None and doc.text else ""
                self.operations[name] = (ends[0], ends[1], text)
        self.actions: dict[str, str] = {}
        for binding in root.iter(_q(WSDL_NS, "binding")):
            for bop in binding.iter(_q(WSDL_NS, "operation")):
                for ns in (SOAP11_BINDING_NS, SOAP12_BINDING_NS):
                    so = bop.find(_q(ns, "operation"))
                    if so is not None:
                        self.actions.setdefault(str(bop.get("name")), so.get("soapAction", ""))
        self.address = "https://ws.concordfax.com/fax/v5"
        for addr in root.iter(_q(SOAP11_BINDING_NS, "address"), _q(SOAP12_BINDING_NS, "address")):
            self.address = str(addr.get("location"))
            break
        service = root.find(_q(WSDL_NS, "service"))
        self.service = service.get("name", self.name) if service is not None else self.name
        self.port_type = next(
            (str(pt.get("name")) for pt in root.iter(_q(WSDL_NS, "portType"))), "FaxWSPortType"
        )
        self.binding = next(
            (str(b.get("name")) for b in root.iter(_q(WSDL_NS, "binding"))), self.name
        )


def _merge(new: list[str], old: list[str]) -> list[str]:
    """*new* in its order, each name of *old* missing from it placed after its old predecessor."""
    out = list(new)
    for i, name in enumerate(old):
        if name in out:
            continue
        before = next((p for p in reversed(old[:i]) if p in out), None)
        out.insert(out.index(before) + 1 if before is not None else len(out), name)
    return out


def _decl_text(el: Any, ns_prefix: str) -> str:
    """One top-level declaration as text, re-indented, with the schema's prefixes."""
    copy = etree.fromstring(etree.tostring(el))
    etree.indent(copy, space="  ", level=1)
    text = etree.tostring(copy, encoding="unicode")
    # lxml repeats the in-scope declarations on a serialised subtree: the schema element
    # declares them once instead.
    for prefix, uri in el.nsmap.items():
        decl = f' xmlns:{prefix}="{uri}"' if prefix else f' xmlns="{uri}"'
        text = text.replace(decl, "", 1) if text.find(decl) < text.find(">") else text
    return "  " + text.strip()


def render_xsd(
    vendor: Vendor, decls: list[tuple[str, Any]], source: str, notes: dict[str, str]
) -> str:
    """The text of ``faxws.xsd``: *decls* under one ``xsd:schema`` of the vendor's namespace.

    *notes* are comments to write before the declarations they name.
    """
    head = f"""<?xml version="1.0" encoding="UTF-8"?>
<!--
  FaxWS v5 types, schema namespace {vendor.tns}.

  Source of truth for the types: this file (schema/README.md). Written by
  make schema-import from the inline schema of {source}
  (declarations in its order, kept ones from the previous schema/ in place);
  schema/faxws.wsdl imports it and faxstatus/models/ is generated from it
  (make generate). Edit it by hand for a change the vendor has not published.
-->
<schema xmlns="http://www.w3.org/2001/XMLSchema"
        xmlns:xsd="http://www.w3.org/2001/XMLSchema"
        xmlns:FaxWS="{vendor.tns}"
        targetNamespace="{vendor.tns}"
        elementFormDefault="qualified"
        attributeFormDefault="qualified">
"""
    body = []
    for name, el in decls:
        note = f"  <!--{notes[name]}-->\n" if name in notes else ""
        body.append(note + _decl_text(el, "FaxWS"))
    return head + "\n" + "\n\n".join(body) + "\n\n</schema>\n"


def render_wsdl(vendor: Vendor, ops: list[tuple[str, str, str, str, str]], source: str) -> str:
    """The text of ``faxws.wsdl``: messages, portType, both bindings and the service.

    *ops* are (name, request element, response element, documentation, soapAction).
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!--",
        "  FaxWS v5: WSDL 1.1, document/literal wrapped. Written by make schema-import from",
        f"  {source}: its names, namespaces, messages, portType, SOAP 1.1 binding and",
        "  service address. Differences, all listed in schema/README.md:",
        "    * <types> imports schema/faxws.xsd instead of carrying the schema inline;",
        f'    * OUR EXTENSION: the SOAP 1.2 binding "{SOAP12_BINDING}" and its port.',
        "-->",
        f'<definitions name="{vendor.name}"',
        f' targetNamespace="{vendor.wsdl_ns}"',
        f' xmlns:tns="{vendor.wsdl_ns}"',
        f' xmlns:FaxWS="{vendor.tns}"',
        ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"',
        f' xmlns:soap="{SOAP11_BINDING_NS}"',
        f' xmlns:soap12="{SOAP12_BINDING_NS}"',
        f' xmlns="{WSDL_NS}">',
        "",
        "<types>",
        f' <schema xmlns="{XSD_NS}" targetNamespace="{vendor.tns}:import">',
        f'  <import namespace="{vendor.tns}" schemaLocation="faxws.xsd"/>',
        " </schema>",
        "</types>",
        "",
    ]
    seen: set[str] = set()
    for _, req, resp, _, _ in ops:
        for element in (req, resp):
            if element in seen:
                continue
            seen.add(element)
            lines += [
                f'<message name="{element}">',
                f' <part name="parameters" element="FaxWS:{element}"/>',
                "</message>",
                "",
            ]
    lines.append(f'<portType name="{vendor.port_type}">')
    for name, req, resp, doc, _ in ops:
        lines.append(f' <operation name="{name}">')
        if doc:
            lines.append(f"  <documentation>{doc}</documentation>")
        lines += [
            f'  <input message="tns:{req}"/>',
            f'  <output message="tns:{resp}"/>',
            " </operation>",
        ]
    lines += ["</portType>", ""]
    for binding, prefix, comment in (
        (vendor.binding, "soap", None),
        (SOAP12_BINDING, "soap12", "OUR EXTENSION: not in the vendor's WSDL (schema/README.md)."),
    ):
        if comment:
            lines.append(f"<!-- {comment} -->")
        lines += [
            f'<binding name="{binding}" type="tns:{vendor.port_type}">',
            f' <{prefix}:binding style="document" transport="{SOAP_HTTP}"/>',
        ]
        for name, _, _, _, action in ops:
            lines += [
                f' <operation name="{name}">',
                f'  <{prefix}:operation soapAction="{action}"/>',
                f'  <input><{prefix}:body use="literal"/></input>',
                f'  <output><{prefix}:body use="literal"/></output>',
                " </operation>",
            ]
        lines += ["</binding>", ""]
    lines += [
        f'<service name="{vendor.service}">',
        f' <port name="{vendor.binding}" binding="tns:{vendor.binding}">',
        f'  <soap:address location="{vendor.address}"/>',
        " </port>",
        " <!-- OUR EXTENSION: a SOAP 1.2 port at the same address. -->",
        f' <port name="{SOAP12_BINDING}" binding="tns:{SOAP12_BINDING}">',
        f'  <soap12:address location="{vendor.address}"/>',
        " </port>",
        "</service>",
        "",
        "</definitions>",
    ]
    return "\n".join(lines) + "\n"


def _comments(xsd: Path) -> dict[str, str]:
    """The comment right before each top-level declaration of *xsd*, by its name."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    out: dict[str, str] = {}
    for top in etree.parse(str(xsd), parser).getroot():
        before = top.getprevious()
        named = isinstance(top.tag, str) and top.get("name")
        if named and before is not None and before.tag is etree.Comment and before.text:
            out[str(top.get("name"))] = before.text
    return out


def _old(
    schema_dir: Path,
) -> tuple[dict[str, Any], dict[str, tuple[str, str, str, str]], dict[str, str]]:
    """schema/'s declarations, operations and comments (empty when it has none yet)."""
    xsd, wsdl = schema_dir / "faxws.xsd", schema_dir / "faxws.wsdl"
    if not xsd.exists() or not wsdl.exists():
        return {}, {}, {}
    decls = {
        str(top.get("name")): top
        for top in _parse(xsd)
        if isinstance(top.tag, str) and top.get("name") is not None
    }
    _, specs, _ = layout.read_wsdl(wsdl)
    root = _parse(wsdl)
    docs = {
        str(op.get("name")): (op.findtext(_q(WSDL_NS, "documentation")) or "").strip()
        for pt in root.iter(_q(WSDL_NS, "portType"))
        for op in pt.iter(_q(WSDL_NS, "operation"))
    }
    ops = {s.name: (s.request, s.response, docs.get(s.name, ""), s.soap_action) for s in specs}
    return decls, ops, _comments(xsd)


def build(vendor_path: Path, schema_dir: Path, replace: bool) -> tuple[str, str, list[str]]:
    """The new ``faxws.xsd`` and ``faxws.wsdl`` texts and the lines to say about them."""
    vendor = Vendor(vendor_path)
    said: list[str] = []
    for ns in vendor.imports:
        said.append(f"ignored the import of {ns or 'no namespace'} (nothing references it)")
    old_decls, old_ops, notes = ({}, {}, {}) if replace else _old(schema_dir)
    names = _merge(list(vendor.decls), list(old_decls))
    decls = [(n, vendor.decls.get(n, old_decls.get(n))) for n in names]
    op_names = _merge(list(vendor.operations), list(old_ops))
    ops = []
    for name in op_names:
        if name in vendor.operations:
            req, resp, doc = vendor.operations[name]
            ops.append((name, req, resp, doc, vendor.actions.get(name, "")))
        else:
            req, resp, doc, action = old_ops[name]
            ops.append((name, req, resp, doc, action))
    kept_ops = [n for n in op_names if n not in vendor.operations]
    kept = [n for n in names if n not in vendor.decls]
    if kept_ops or kept:
        said.append(
            f"kept from {schema_dir.name}/ (not in {vendor_path.name}): "
            f"{len(kept_ops)} operation(s) {', '.join(kept_ops) or '-'}; "
            f"{len(kept)} declaration(s) {', '.join(kept) or '-'} (--replace drops them)"
        )
    source = vendor_path.name
    # A kept declaration keeps the comment that says where it comes from (Ex3's source).
    kept_notes = {n: notes[n] for n in kept if n in notes}
    return render_xsd(vendor, decls, source, kept_notes), render_wsdl(vendor, ops, source), said


def run(
    vendor_path: Path,
    schema_dir: Path,
    *,
    replace: bool,
    generate_models: bool,
    out: Path = generate.DEFAULT_OUT,
) -> int:
    """Import *vendor_path* into *schema_dir*; then regenerate *out*. 0, or 2 when refused."""
    try:
        xsd, wsdl, said = build(vendor_path, schema_dir, replace)
    except (Unsupported, etree.XMLSyntaxError, OSError) as exc:
        print(f"make schema-import: {exc}", file=sys.stderr)
        return 2
    for line in said:
        print(f"make schema-import: {line}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="faxstatus-import-") as tmp:
        staged = Path(tmp)
        (staged / "faxws.xsd").write_text(xsd, encoding="utf-8")
        (staged / "faxws.wsdl").write_text(wsdl, encoding="utf-8")
        try:
            if generate_models:
                generate.generate(staged, out)
            else:
                layout.read(staged)
        except Unsupported as exc:
            print(f"make schema-import: {exc}", file=sys.stderr)
            print(
                f"make schema-import: nothing written ({schema_dir} and faxstatus/models/ "
                "unchanged)",
                file=sys.stderr,
            )
            return 2
        finally:
            for line in layout.NOTES:
                if "ignored the import" not in line:  # said above, once
                    print(f"make schema-import: {line}", file=sys.stderr)
        schema_dir.mkdir(parents=True, exist_ok=True)
        for name in ("faxws.xsd", "faxws.wsdl"):
            shutil.copyfile(staged / name, schema_dir / name)
    table = layout.read(schema_dir)
    status = layout.status_operations(table.operations, "list")
    single = layout.status_operations(table.operations, "single")
    print(
        f"imported {vendor_path} into {schema_dir}: {len(table.operations)} operations, "
        f"{len(table.types)} types and elements; status operations: "
        f"{', '.join((*status, *single)) or '-'}"
    )
    if generate_models:
        print(
            "next: review the diff of schema/ and faxstatus/models/, then run the README's "
            "'After a schema change' steps (vectors, make test)"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wsdl", type=Path, help="the vendor's WSDL, types inline")
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA, help="schema folder")
    parser.add_argument(
        "--replace", action="store_true", help="drop what schema/ has and the vendor file lacks"
    )
    parser.add_argument(
        "--no-generate", action="store_true", help="write schema/ only (still checked)"
    )
    parser.add_argument(
        "--out", type=Path, default=generate.DEFAULT_OUT, help="models package directory"
    )
    args = parser.parse_args(argv)
    return run(
        args.wsdl,
        args.schema,
        replace=args.replace,
        generate_models=not args.no_generate,
        out=args.out,
    )


if __name__ == "__main__":
    raise SystemExit(main())
