"""Render faxstatus/models/fastpath.py: decoders specialised to the canonical shape of each type.

The generic decoders in faxstatus/_xml.py and _json.py walk a binding plan and can say exactly
what is wrong with any input. The functions rendered here do the same work for well-formed
input with the loop unrolled: fixed child positions, tags compared as constants, numbers
checked inline. On anything unusual they raise ``Fallback`` and the codec re-runs the generic
decoder, so errors, lenient mode and rare shapes keep one implementation.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

XSD_NS = "http://www.w3.org/2001/XMLSchema"
NS = "urn:FaxWS"
RANGES = {"int": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
SCALARS = {"string", "int", "long", "boolean"}


@dataclasses.dataclass
class Field:
    """One child element of a type, as the XSD declares it."""

    name: str
    kind: str  # string/int/long/boolean, or the name of a complex type
    is_list: bool
    nillable: bool
    attr: str = ""


def read_xsd(xsd: Path) -> dict[str, list[Field]]:
    """Owner name (complex type or global element) → its child elements in order."""
    from lxml import etree  # noqa: PLC0415 - only generation needs it

    root = etree.parse(str(xsd)).getroot()
    table: dict[str, list[Field]] = {}
    for owner in root:
        if owner.tag not in (f"{{{XSD_NS}}}complexType", f"{{{XSD_NS}}}element"):
            continue
        fields = []
        for el in owner.iter(f"{{{XSD_NS}}}element"):
            if el is owner:
                continue
            kind = str(el.get("type")).rpartition(":")[2]
            fields.append(
                Field(
                    str(el.get("name")),
                    kind,
                    el.get("maxOccurs") == "unbounded",
                    el.get("nillable") == "true",
                )
            )
        table[str(owner.get("name"))] = fields
    return table


def _attach_attrs(table: dict[str, list[Field]], module: ModuleType) -> None:
    for owner, fields in table.items():
        cls = getattr(module, owner)
        by_xml = {f.metadata.get("name", f.name): f.name for f in dataclasses.fields(cls)}
        for f in fields:
            f.attr = by_xml[f.name]


def _size(table: dict[str, list[Field]], owner: str) -> int | None:
    """Elements a value of *owner* occupies when it has a fixed shape (no list inside)."""
    total = 1
    for f in table[owner]:
        if f.is_list:
            return None
        if f.kind in SCALARS:
            total += 1
        else:
            sub = _size(table, f.kind)
            if sub is None:
                return None
            total += sub
    return total


def _blank(var: str, indent: str) -> list[str]:
    return [
        f"{indent}t = {var}",
        f"{indent}if t is not None and t.strip(_WS):",
        f"{indent}    raise Fallback",
    ]


def _xml_scalar(f: Field, el: str, var: str) -> list[str]:
    if f.kind == "string":
        return [f'    {var} = {el}.text or ""']
    if f.kind == "boolean":
        return [
            f'    {var} = _BOOL[({el}.text or "").strip(_WS)]',
        ]
    lo, hi = RANGES[f.kind]
    # int() alone would also take "1_000", non-ASCII digits and None: XSD takes none of them.
    return [
        f"    t = {el}.text",
        '    if t is None or not t.isascii() or "_" in t:',
        "        raise Fallback",
        f"    {var} = int(t)",
        f"    if not {lo} <= {var} <= {hi}:",
        "        raise Fallback",
    ]


def _xml_func(table: dict[str, list[Field]], owner: str) -> list[str]:
    fields = table[owner]
    out = [f"def x_{owner}(el: Any) -> {owner}:", *_blank("el.text", "    ")]
    if len(fields) == 1 and fields[0].is_list:
        f = fields[0]
        item = f"x_{f.kind}" if f.kind not in SCALARS else None
        assert item is not None, "lists of scalars do not occur in FaxWS"
        out += [
            "    items: list[Any] = []",
            "    append = items.append",
            "    for c in el:",
            f"        if c.tag != {'{' + NS + '}' + f.name!r}:",
            "            raise Fallback",
            *_blank("c.tail", "        "),
            "        try:",
            f"            append({item}(c))",
            "        except (Fallback, ValueError):",
        ]
        if f.nillable:
            out += [
                # A nil element has no children and no characters at all (cvc-elt.3.2.1).
                "            if len(c) or c.text or c.get(_NIL) not in _TRUE:",
                "                raise",
                "            append(None)",
            ]
        else:
            out += ["            raise"]
        out += [f"    return {owner}({f.attr}=items)", "", ""]
        return out
    n = len(fields)
    if n == 0:
        # Empty content admits no characters at all, not even white space (cvc-complex-type.2.1).
        return [
            f"def x_{owner}(el: Any) -> {owner}:",
            "    if len(el) or el.text:",
            "        raise Fallback",
            f"    return {owner}()",
            "",
            "",
        ]
    body, expr = _xml_sequence(table, owner, "el", "")
    return [*out, *body, f"    return {expr}", "", ""]


def _xml_sequence(
    table: dict[str, list[Field]], owner: str, el: str, prefix: str
) -> tuple[list[str], str]:
    """Lines that decode the sequence type *owner* from element *el*, and the value's expression.

    Nested types of fixed shape (WSError inside every item) are inlined under a variable
    *prefix* rather than called: a function call per item is a measurable share of the walk.
    """
    fields = table[owner]
    n = len(fields)
    names = [f"{prefix}c{i}" for i in range(n)]
    children = ", ".join(names) + ("," if n == 1 else "")
    out: list[str] = []
    if prefix:
        out += _blank(f"{el}.text", "    ")
    # Unpacking the element iterates its children in C; a different count raises ValueError,
    # which the codec treats as Fallback.
    out.append(f"    {children} = {el}")
    conds = [f"{c}.tag != {'{' + NS + '}' + f.name!r}" for c, f in zip(names, fields, strict=True)]
    out.append("    if " + " or ".join(conds) + ":")
    out.append("        raise Fallback")
    # Compact documents (ours, zeep's) have no tails at all: one test covers them; indented
    # ones (gSOAP's) take the loop, which rejects any tail that is not white space.
    out.append("    if " + " or ".join(f"{c}.tail is not None" for c in names) + ":")
    out += [f"        for x in ({children}):", *_blank("x.tail", "            ")]
    args = []
    for i, (c, f) in enumerate(zip(names, fields, strict=True)):
        var = f"{prefix}v{i}"
        if f.kind in SCALARS:
            out += _xml_scalar(f, c, var)
        elif table[f.kind] and _size(table, f.kind) is not None:
            sub, expr = _xml_sequence(table, f.kind, c, f"{prefix}n{i}_")
            out += [*sub, f"    {var} = {expr}"]
        else:
            out.append(f"    {var} = x_{f.kind}({c})")
        args.append(f"{f.attr}={var}")
    return out, f"{owner}({', '.join(args)})"


def _json_scalar(f: Field, src: str, var: str) -> list[str]:
    if f.kind == "string":
        return [f"    {var} = {src}", f"    if type({var}) is not str:", "        raise Fallback"]
    if f.kind == "boolean":
        return [f"    {var} = {src}", f"    if type({var}) is not bool:", "        raise Fallback"]
    lo, hi = RANGES[f.kind]
    return [
        f"    {var} = {src}",
        f"    if type({var}) is not int or not {lo} <= {var} <= {hi}:",
        "        raise Fallback",
    ]


def _json_func(table: dict[str, list[Field]], owner: str) -> list[str]:
    fields = table[owner]
    out = [
        f"def j_{owner}(d: Any) -> {owner}:",
        f"    if type(d) is not dict or len(d) != {len(fields)}:",
        "        raise Fallback",
    ]
    args = []
    for i, f in enumerate(fields):
        var = f"v{i}"
        src = f"d[{f.name!r}]"
        if f.kind in SCALARS:
            out += _json_scalar(f, src, var)
        else:
            sub = table[f.kind]
            if len(sub) == 1 and sub[0].is_list:
                # JSON has no "item" level: the array stands for the list type (CONTRACT.md §4.6).
                item = sub[0]
                out += [
                    f"    a{i} = {src}",
                    f"    if type(a{i}) is not list:",
                    "        raise Fallback",
                ]
                # Typed Any: the generated annotation says list[X], a nil item is None.
                if item.nillable:
                    conv = f"None if x is None else j_{item.kind}(x)"
                    out.append(f"    l{i}: list[Any] = [{conv} for x in a{i}]")
                else:
                    out.append(f"    l{i}: list[Any] = [j_{item.kind}(x) for x in a{i}]")
                out.append(f"    {var} = {f.kind}({item.attr}=l{i})")
            else:
                out.append(f"    {var} = j_{f.kind}({src})")
        args.append(f"{f.attr}={var}")
    out.append(f"    return {owner}({', '.join(args)})")
    out += ["", ""]
    return out


def _json_out(f: Field, src: str, var: str) -> list[str]:
    out = [f"    {var} = {src}"]
    if f.kind == "string":
        out += [f"    if type({var}) is not str:", "        raise Fallback"]
    elif f.kind == "boolean":
        out += [f"    if type({var}) is not bool:", "        raise Fallback"]
    else:
        lo, hi = RANGES[f.kind]
        out += [
            f"    if type({var}) is not int or not {lo} <= {var} <= {hi}:",
            "        raise Fallback",
        ]
    return out


def _json_encoder(table: dict[str, list[Field]], owner: str) -> list[str]:
    """``e_<Owner>(obj) -> dict``: the JSON form, checking every value's type and range."""
    out = [
        f"def e_{owner}(o: Any) -> dict[str, Any]:",
        f"    if type(o) is not {owner}:",
        "        raise Fallback",
    ]
    items = []
    for i, f in enumerate(table[owner]):
        var = f"v{i}"
        if f.kind in SCALARS:
            out += _json_out(f, f"o.{f.attr}", var)
        else:
            sub = table[f.kind]
            if len(sub) == 1 and sub[0].is_list:
                item = sub[0]
                conv = (
                    f"None if x is None else e_{item.kind}(x)"
                    if item.nillable
                    else f"e_{item.kind}(x)"
                )
                out += [
                    f"    w{i} = o.{f.attr}",
                    f"    if type(w{i}) is not {f.kind} or type(w{i}.{item.attr}) is not list:",
                    "        raise Fallback",
                    f"    {var}: Any = [{conv} for x in w{i}.{item.attr}]",
                ]
            else:
                out.append(f"    {var} = e_{f.kind}(o.{f.attr})")
        items.append(f"{f.name!r}: {var}")
    out.append("    return {" + ", ".join(items) + "}")
    return [*out, "", ""]


def _shape_func(table: dict[str, list[Field]], owner: str) -> list[str]:
    """``s_<Owner>(obj) -> (elements, nil items)`` for a value decoded by the fast path."""
    fields = table[owner]
    fixed = _size(table, owner)
    out = [f"def s_{owner}(obj: Any) -> tuple[int, int]:"]
    if fixed is not None:
        return [*out, f"    return {fixed}, 0", "", ""]
    if len(fields) == 1 and fields[0].is_list:
        f = fields[0]
        size = _size(table, f.kind)
        assert size is not None, "FaxWS list items have a fixed shape"
        return [
            *out,
            f"    items = obj.{f.attr}",
            # filter(None, …) tests identity-free truthiness in C; list.count(None) would call
            # every dataclass's __eq__.
            "    nils = len(items) - len(list(filter(None, items)))",
            f"    return 1 + (len(items) - nils) * {size} + nils, nils",
            "",
            "",
        ]
    out.append("    n, nils = 1, 0")
    for f in fields:
        if f.kind in SCALARS:
            out.append("    n += 1")
        else:
            out += [f"    a, b = s_{f.kind}(obj.{f.attr})", "    n += a", "    nils += b"]
    return [*out, "    return n, nils", "", ""]


def _order(table: dict[str, list[Field]]) -> list[str]:
    done: list[str] = []

    def visit(owner: str) -> None:
        if owner in done:
            return
        for f in table[owner]:
            if f.kind not in SCALARS:
                visit(f.kind)
        done.append(owner)

    for owner in table:
        visit(owner)
    return done


def render(xsd: Path, models: ModuleType) -> str:
    """The source of fastpath.py for *xsd*, with attribute names from the generated *models*."""
    table = read_xsd(xsd)
    _attach_attrs(table, models)
    order = _order(table)
    lines = [
        '"""Specialised XML and JSON decoders for the canonical shape of each FaxWS type.',
        "",
        "Generated by codegen/fastpath.py from schema/faxws.xsd (make generate): do not edit by",
        "hand. Each function raises Fallback on any input it does not fully understand; the codec",
        "then runs its generic decoder, which names the fault.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        "from .faxws import (",
        *[f"    {name}," for name in sorted(order)],
        ")",
        "",
        '_WS = " \\t\\n\\r"',
        '_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"',
        '_TRUE = ("true", "1")',
        '_BOOL = {"true": True, "1": True, "false": False, "0": False}',
        "",
        "",
        "class Fallback(Exception):",
        '    """The input is not in the canonical shape: use the generic decoder."""',
        "",
        "",
    ]
    for owner in order:
        lines += _xml_func(table, owner)
    # List types never stand alone in JSON (their parent's array replaces them).
    json_owners = [o for o in order if not (len(table[o]) == 1 and table[o][0].is_list)]
    for owner in json_owners:
        lines += _json_func(table, owner)
    for owner in json_owners:
        lines += _json_encoder(table, owner)
    for owner in order:
        lines += _shape_func(table, owner)
    lines.append("XML: dict[type[Any], Any] = {")
    lines += [f"    {o}: x_{o}," for o in order]
    lines.append("}")
    lines.append("JSON: dict[type[Any], Any] = {")
    lines += [f"    {o}: j_{o}," for o in json_owners]
    lines.append("}")
    lines.append("JSON_OUT: dict[type[Any], Any] = {")
    lines += [f"    {o}: e_{o}," for o in json_owners]
    lines.append("}")
    lines.append("SHAPE: dict[type[Any], Any] = {")
    lines += [f"    {o}: s_{o}," for o in order]
    lines.append("}")
    return "\n".join(lines) + "\n"


def load_module(path: Path) -> Any:
    """Import the freshly generated ``faxws.py`` at *path* under a private name."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("_faxstatus_codegen_faxws", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses looks the defining module up in sys.modules while it builds the classes.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module
