"""Render faxstatus/models/fastpath.py from the layout table: code specialised to each type.

The generic decoders in faxstatus/codec/_xml.py and _json.py walk a binding plan and can say
exactly what is wrong with any input. The functions rendered here do the same work for
well-formed input with the loop unrolled: fixed child positions, tags compared as constants,
numbers checked inline. On anything unusual they raise ``Fallback`` and the codec re-runs the
generic decoder, so errors, lenient mode and rare shapes keep one implementation.

A type whose fields are all required, single and not nillable gets the positional decoder
(the children unpacked at once); a type with an optional, nillable or repeated field gets a
sequential one (an index walks the children). Built-in types other than string, boolean and
the integers are converted by ``faxstatus._xsd``, the module the generic codec uses.
"""

from __future__ import annotations

from layout import XSD_BUILTINS, FieldSpec, Layout, TypeSpec

RANGES: dict[str, tuple[int, int]] = XSD_BUILTINS.INT_RANGES
#: Built-ins converted inline; the rest go through faxstatus._xsd.
INLINE = {"string", "boolean", *RANGES}

Table = dict[str, TypeSpec]


def _fixed(table: Table, owner: str) -> bool:
    """True when every field is one required, non-nillable element (positional decoding)."""
    return all(
        f.min_occurs == 1 and f.max_occurs == 1 and not f.nillable for f in table[owner].fields
    )


def _size(table: Table, owner: str) -> int | None:
    """Elements a value of *owner* occupies when it has a fixed shape (no list inside)."""
    if not _fixed(table, owner):
        return None
    total = 1
    for f in table[owner].fields:
        if f.builtin is not None:
            total += 1
        else:
            sub = _size(table, f.type)
            if sub is None:
                return None
            total += sub
    return total


def _wrapper(table: Table, f: FieldSpec) -> FieldSpec | None:
    """The ``item`` field when *f* is a single element of a FaxWS list type (JSON flattens it)."""
    if f.builtin is not None or f.is_list:
        return None
    return table[f.type].list_item


def _tag(ns: str, f: FieldSpec) -> str:
    return repr("{" + ns + "}" + f.name)


def _blank(var: str, indent: str) -> list[str]:
    return [
        f"{indent}t = {var}",
        f"{indent}if t is not None and t.strip(_WS):",
        f"{indent}    raise Fallback",
    ]


def _xml_scalar(kind: str, el: str, var: str, indent: str = "    ") -> list[str]:
    if kind == "string":
        return [f'{indent}{var} = {el}.text or ""']
    if kind == "boolean":
        return [f'{indent}{var} = _BOOL[({el}.text or "").strip(_WS)]']
    if kind not in RANGES:
        return [f'{indent}{var} = _parse({kind!r}, {el}.text or "")']
    lo, hi = RANGES[kind]
    # int() alone would also take "1_000", non-ASCII digits and None: XSD takes none of them.
    return [
        f"{indent}t = {el}.text",
        f'{indent}if t is None or not t.isascii() or "_" in t:',
        f"{indent}    raise Fallback",
        f"{indent}{var} = int(t)",
        f"{indent}if not {lo} <= {var} <= {hi}:",
        f"{indent}    raise Fallback",
    ]


def _header(owner: TypeSpec, family: str) -> str:
    return f"# {family} {owner.kind} {owner.name}"


def _xml_func(table: Table, ns: str, owner: str) -> list[str]:
    spec = table[owner]
    fields = spec.fields
    cls = spec.cls
    head = [_header(spec, "XML decoder of"), f"def x_{owner}(el: Any) -> {cls}:"]
    if spec.list_item is not None and spec.list_item.builtin is None:
        f = spec.list_item
        out = [*head, *_blank("el.text", "    ")]
        out += [
            "    items: list[Any] = []",
            "    append = items.append",
            "    for c in el:",
            f"        if c.tag != {_tag(ns, f)}:",
            "            raise Fallback",
            *_blank("c.tail", "        "),
            "        try:",
            f"            append(x_{f.type}(c))",
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
        out += _count_check("items", f, "    ")
        out += [f"    return {cls}({f.attr}=items)", "", ""]
        return out
    if not fields:
        # Empty content admits no characters at all, not even white space (cvc-complex-type.2.1).
        return [
            *head,
            "    if len(el) or el.text:",
            "        raise Fallback",
            f"    return {cls}()",
            "",
            "",
        ]
    if not _fixed(table, owner):
        return [*head, *_blank("el.text", "    "), *_xml_sequential(table, ns, owner), "", ""]
    body, expr = _xml_sequence(table, ns, owner, "el", "")
    return [*head, *_blank("el.text", "    "), *body, f"    return {expr}", "", ""]


def _count_check(var: str, f: FieldSpec, indent: str) -> list[str]:
    conds = []
    if f.min_occurs > 0:
        conds.append(f"len({var}) < {f.min_occurs}")
    if f.max_occurs > 1:
        conds.append(f"len({var}) > {f.max_occurs}")
    if not conds:
        return []
    return [f"{indent}if {' or '.join(conds)}:", f"{indent}    raise Fallback"]


def _xml_value(table: Table, f: FieldSpec, c: str, var: str, indent: str) -> list[str]:
    """Lines that set *var* from element *c* for one occurrence of *f* (nil handled)."""
    if f.builtin is not None:
        conv = _xml_scalar(f.builtin, c, var, indent + ("    " if f.nillable else ""))
    else:
        conv = [f"{indent}{'    ' if f.nillable else ''}{var} = x_{f.type}({c})"]
    if not f.nillable:
        return conv
    return [
        f"{indent}if {c}.get(_NIL) in _TRUE:",
        f"{indent}    if len({c}) or {c}.text:",
        f"{indent}        raise Fallback",
        f"{indent}    {var} = None",
        f"{indent}else:",
        *conv,
    ]


def _xml_sequential(table: Table, ns: str, owner: str) -> list[str]:
    """A decoder that walks the children with an index: optional, nillable, repeated fields."""
    spec = table[owner]
    out = [
        "    kids = list(el)",
        "    n = len(kids)",
        "    i = 0",
        "    for x in kids:",
        *_blank("x.tail", "        "),
    ]
    args = []
    for k, f in enumerate(spec.fields):
        var = f"v{k}"
        tag = _tag(ns, f)
        if f.is_list:
            out += [
                f"    {var}: list[Any] = []",
                f"    while i < n and kids[i].tag == {tag}:",
                "        c = kids[i]",
                "        i += 1",
                *_xml_value(table, f, "c", "w", "        "),
                f"        {var}.append(w)",
                *_count_check(var, f, "    "),
            ]
        elif f.min_occurs == 0:
            out += [
                f"    if i < n and kids[i].tag == {tag}:",
                "        c = kids[i]",
                "        i += 1",
                *_xml_value(table, f, "c", var, "        "),
                "    else:",
                f"        {var} = None",
            ]
        else:
            out += [
                f"    if i >= n or kids[i].tag != {tag}:",
                "        raise Fallback",
                "    c = kids[i]",
                "    i += 1",
                *_xml_value(table, f, "c", var, "    "),
            ]
        args.append(f"{f.attr}={var}")
    out += ["    if i != n:", "        raise Fallback", f"    return {spec.cls}({', '.join(args)})"]
    return out


def _xml_sequence(table: Table, ns: str, owner: str, el: str, prefix: str) -> tuple[list[str], str]:
    """Lines that decode the fixed-shape type *owner* from element *el*, and the value's expression.

    Nested types of fixed shape (WSError inside every item) are inlined under a variable
    *prefix* rather than called: a function call per item is a measurable share of the walk.
    """
    spec = table[owner]
    fields = spec.fields
    n = len(fields)
    names = [f"{prefix}c{i}" for i in range(n)]
    children = ", ".join(names) + ("," if n == 1 else "")
    out: list[str] = []
    if prefix:
        out += _blank(f"{el}.text", "    ")
    # Unpacking the element iterates its children in C; a different count raises ValueError,
    # which the codec treats as Fallback.
    out.append(f"    {children} = {el}")
    conds = [f"{c}.tag != {_tag(ns, f)}" for c, f in zip(names, fields, strict=True)]
    out.append("    if " + " or ".join(conds) + ":")
    out.append("        raise Fallback")
    # Compact documents (ours, zeep's) have no tails at all: one test covers them; indented
    # ones (gSOAP's) take the loop, which rejects any tail that is not white space.
    out.append("    if " + " or ".join(f"{c}.tail is not None" for c in names) + ":")
    out += [f"        for x in ({children}):", *_blank("x.tail", "            ")]
    args = []
    for i, (c, f) in enumerate(zip(names, fields, strict=True)):
        var = f"{prefix}v{i}"
        if f.builtin is not None:
            out += _xml_scalar(f.builtin, c, var)
        elif table[f.type].fields and _size(table, f.type) is not None:
            sub, expr = _xml_sequence(table, ns, f.type, c, f"{prefix}n{i}_")
            out += [*sub, f"    {var} = {expr}"]
        else:
            out.append(f"    {var} = x_{f.type}({c})")
        args.append(f"{f.attr}={var}")
    return out, f"{spec.cls}({', '.join(args)})"


def _json_scalar(kind: str, src: str, var: str, indent: str = "    ") -> list[str]:
    if kind == "string":
        check = f"type({var}) is not str"
    elif kind == "boolean":
        check = f"type({var}) is not bool"
    elif kind in RANGES:
        lo, hi = RANGES[kind]
        check = f"type({var}) is not int or not {lo} <= {var} <= {hi}"
    else:
        return [f"{indent}{var} = _from_json({kind!r}, {src})"]
    return [f"{indent}{var} = {src}", f"{indent}if {check}:", f"{indent}    raise Fallback"]


def _json_one(table: Table, f: FieldSpec, src: str, var: str, indent: str) -> list[str]:
    """Lines that set *var* from the JSON value *src* for one (non-null) occurrence of *f*."""
    if f.builtin is not None:
        return _json_scalar(f.builtin, src, var, indent)
    item = _wrapper(table, f)
    if item is None:
        return [f"{indent}{var} = j_{f.type}({src})"]
    # JSON has no "item" level: the array stands for the list type (schema/README.md).
    conv = (
        _json_item_expr(table, item, "x")
        if not item.nillable
        else f"None if x is None else {_json_item_expr(table, item, 'x')}"
    )
    a, lst = f"a_{var}", f"l_{var}"
    return [
        f"{indent}{a} = {src}",
        f"{indent}if type({a}) is not list:",
        f"{indent}    raise Fallback",
        # Typed Any: the generated annotation says list[X], a nil item is None.
        f"{indent}{lst}: list[Any] = [{conv} for x in {a}]",
        *_count_check(lst, item, indent),
        f"{indent}{var} = {table[f.type].cls}({item.attr}={lst})",
    ]


def _json_item_expr(table: Table, f: FieldSpec, x: str) -> str:
    if f.builtin is None:
        return f"j_{f.type}({x})"
    if f.builtin == "string":
        return f"_str({x})"
    return f"_from_json({f.builtin!r}, {x})"


def _json_func(table: Table, owner: str) -> list[str]:
    spec = table[owner]
    fields = spec.fields
    out = [_header(spec, "JSON decoder of"), f"def j_{owner}(d: Any) -> {spec.cls}:"]
    simple = all(not f.nillable and f.min_occurs == 1 and not f.is_list for f in fields)
    if simple:
        out += [f"    if type(d) is not dict or len(d) != {len(fields)}:", "        raise Fallback"]
    else:
        names = ", ".join(repr(f.name) for f in fields) + ("," if len(fields) == 1 else "")
        out += [
            "    if type(d) is not dict:",
            "        raise Fallback",
            "    for k in d:",
            f"        if k not in ({names}):",
            "            raise Fallback",
        ]
    args = []
    for i, f in enumerate(fields):
        var = f"v{i}"
        src = f"d[{f.name!r}]"
        if simple:
            if f.builtin is not None:
                out += _json_scalar(f.builtin, src, var)
            else:
                out += _json_one(table, f, src, var, "    ")
        else:
            # Optional: a missing key and null both mean absent. Required: the key must be there.
            get = f"d.get({f.name!r})" if f.min_occurs == 0 else src
            out.append(f"    r{i} = {get}")
            if f.is_list:
                conv = _json_item_expr(table, f, "x")
                if f.nillable:
                    conv = f"None if x is None else {conv}"
                if f.min_occurs == 0:
                    out += [f"    if r{i} is None:", f"        r{i} = []"]
                out += [
                    f"    if type(r{i}) is not list:",
                    "        raise Fallback",
                    f"    {var}: Any = [{conv} for x in r{i}]",
                    *_count_check(var, f, "    "),
                ]
            else:
                out += [f"    if r{i} is None:"]
                if f.min_occurs == 0 or f.nillable:
                    out.append(f"        {var} = None")
                else:
                    out.append("        raise Fallback")
                out.append("    else:")
                out += _json_one(table, f, f"r{i}", var, "        ")
        args.append(f"    o.{f.attr} = {var}")
    # object.__new__ and slot stores: a generated dataclass __init__ with keyword arguments
    # costs four times as much (0.7 against 0.19 us for a status item), and every field is
    # set here anyway.
    out += [f"    o: {spec.cls} = _new({spec.cls})", *args, "    return o", "", ""]
    return out


def _json_out_scalar(kind: str, src: str, var: str, indent: str) -> list[str]:
    if kind not in INLINE:
        return [f"{indent}{var} = _to_json({kind!r}, {src})"]
    out = [f"{indent}{var} = {src}"]
    if kind == "string":
        out += [f"{indent}if type({var}) is not str:", f"{indent}    raise Fallback"]
    elif kind == "boolean":
        out += [f"{indent}if type({var}) is not bool:", f"{indent}    raise Fallback"]
    else:
        lo, hi = RANGES[kind]
        out += [
            f"{indent}if type({var}) is not int or not {lo} <= {var} <= {hi}:",
            f"{indent}    raise Fallback",
        ]
    return out


def _json_out_item(table: Table, f: FieldSpec, x: str) -> str:
    if f.builtin is None:
        return f"e_{f.type}({x})"
    return f"_to_json({f.builtin!r}, {x})"


def _json_out_one(table: Table, f: FieldSpec, src: str, var: str, indent: str) -> list[str]:
    if f.builtin is not None:
        return _json_out_scalar(f.builtin, src, var, indent)
    item = _wrapper(table, f)
    if item is None:
        return [f"{indent}{var} = e_{f.type}({src})"]
    conv = _json_out_item(table, item, "x")
    if item.nillable:
        conv = f"None if x is None else {conv}"
    cls = table[f.type].cls
    w = f"w_{var}"
    return [
        f"{indent}{w} = {src}",
        f"{indent}if type({w}) is not {cls} or type({w}.{item.attr}) is not list:",
        f"{indent}    raise Fallback",
        f"{indent}{var} = [{conv} for x in {w}.{item.attr}]",
    ]


def _json_encoder(table: Table, owner: str) -> list[str]:
    """``e_<Owner>(obj) -> dict``: the JSON form, checking every value's type and range."""
    spec = table[owner]
    out = [
        _header(spec, "JSON encoder of"),
        f"def e_{owner}(o: Any) -> dict[str, Any]:",
        f"    if type(o) is not {spec.cls}:",
        "        raise Fallback",
    ]
    simple = all(not f.nillable and f.min_occurs == 1 and not f.is_list for f in spec.fields)
    if simple:
        items = []
        for i, f in enumerate(spec.fields):
            var = f"v{i}"
            if f.builtin is None and _wrapper(table, f) is not None:
                out += [f"    {var}: Any", *_json_out_one(table, f, f"o.{f.attr}", var, "    ")]
            else:
                out += _json_out_one(table, f, f"o.{f.attr}", var, "    ")
            items.append(f"{f.name!r}: {var}")
        out.append("    return {" + ", ".join(items) + "}")
        return [*out, "", ""]
    out.append("    d: dict[str, Any] = {}")
    for i, f in enumerate(spec.fields):
        var = f"v{i}"
        out.append(f"    r{i} = o.{f.attr}")
        if f.is_list:
            conv = _json_out_item(table, f, "x")
            if f.nillable:
                conv = f"None if x is None else {conv}"
            out += [
                f"    if type(r{i}) is not list:",
                "        raise Fallback",
                *_count_check(f"r{i}", f, "    "),
                f"    d[{f.name!r}] = [{conv} for x in r{i}]",
            ]
            continue
        out.append(f"    if r{i} is None:")
        if f.min_occurs == 0:
            out.append("        pass  # optional: omitted")
        elif f.nillable:
            out.append(f"        d[{f.name!r}] = None")
        else:
            out.append("        raise Fallback")
        out.append("    else:")
        out += _json_out_one(table, f, f"r{i}", f"{var}", "        ")
        out.append(f"        d[{f.name!r}] = {var}")
    out.append("    return d")
    return [*out, "", ""]


def _shape_func(table: Table, owner: str) -> list[str]:
    """``s_<Owner>(obj) -> (elements, nil elements)`` for a value decoded by the fast path."""
    spec = table[owner]
    fixed = _size(table, owner)
    out = [_header(spec, "Element count of"), f"def s_{owner}(obj: Any) -> tuple[int, int]:"]
    if fixed is not None:
        return [*out, f"    return {fixed}, 0", "", ""]
    f = spec.list_item
    if f is not None and f.builtin is None and _size(table, f.type) is not None:
        size = _size(table, f.type)
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
    for f in spec.fields:
        value = f"obj.{f.attr}"
        if f.is_list:
            out.append(f"    for x in {value}:")
            out += _shape_one(f, "x", "        ")
        elif f.min_occurs == 0:
            out.append(f"    if {value} is not None:")
            out += _shape_one(f, value, "        ")
        else:
            out += _shape_one(f, value, "    ")
    return [*out, "    return n, nils", "", ""]


def _shape_one(f: FieldSpec, value: str, indent: str) -> list[str]:
    if f.builtin is not None and not f.nillable:
        return [f"{indent}n += 1"]
    out = []
    if f.nillable:
        out += [f"{indent}if {value} is None:", f"{indent}    n += 1", f"{indent}    nils += 1"]
        if f.builtin is not None:
            return [*out, f"{indent}else:", f"{indent}    n += 1"]
        out.append(f"{indent}else:")
        indent += "    "
    out += [f"{indent}a, b = s_{f.type}({value})", f"{indent}n += a", f"{indent}nils += b"]
    return out


def _order(table: Table) -> list[str]:
    done: list[str] = []

    def visit(owner: str) -> None:
        if owner in done:
            return
        for f in table[owner].fields:
            if f.builtin is None:
                visit(f.type)
        done.append(owner)

    for owner in table:
        visit(owner)
    return done


HEADER = '''"""Specialised XML and JSON code for the canonical shape of each FaxWS type.

Generated by codegen/fastpath.py from the layout table (faxstatus/models/layout.py), which
make generate reads from schema/: do not edit by hand. Four function families, one function
per type or global element, each preceded by a comment naming its XSD type:

- ``x_<Type>(element)``: XML decoder, from an lxml element to the generated dataclass;
- ``j_<Type>(value)``: JSON decoder, from the parsed JSON value to the dataclass;
- ``e_<Type>(obj)``: JSON encoder, from the dataclass to plain JSON data;
- ``s_<Type>(obj)``: element count, ``(elements, nil elements)`` a decoded value occupies,
  which the codec compares with counts made in C to prove that nothing was skipped.

Tables, keyed by generated class: ``XML`` (x_), ``JSON`` (j_), ``JSON_OUT`` (e_) and ``SHAPE``
(s_); FaxWS list types have no JSON functions (their parent's array replaces them). Every
function raises ``Fallback`` (or ValueError) on input it does not fully understand; the codec
then runs its generic plan walker, which names the fault.
"""
'''


def render(layout: Layout) -> str:
    """The source of fastpath.py for *layout* (class and attribute names already attached)."""
    table = layout.types
    ns = layout.namespace
    order = _order(table)
    lines = [
        HEADER,
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        "from .._xsd import from_json as _from_json",
        "from .._xsd import parse_text as _parse",
        "from .._xsd import to_json as _to_json",
        "from .faxws import (",
        *[f"    {name}," for name in sorted({table[o].cls for o in order})],
        ")",
        "",
        '_WS = " \\t\\n\\r"',
        '_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"',
        '_TRUE = ("true", "1")',
        '_BOOL = {"true": True, "1": True, "false": False, "0": False}',
        "_new = object.__new__",
        "",
        "",
        "class Fallback(Exception):",
        '    """The input is not in the canonical shape: use the generic decoder."""',
        "",
        "",
        "def _str(x: Any) -> str:",
        "    if type(x) is not str:",
        "        raise Fallback",
        "    return x",
        "",
        "",
    ]
    for owner in order:
        lines += _xml_func(table, ns, owner)
    # List types never stand alone in JSON (their parent's array replaces them).
    json_owners = [o for o in order if table[o].list_item is None]
    for owner in json_owners:
        lines += _json_func(table, owner)
    for owner in json_owners:
        lines += _json_encoder(table, owner)
    for owner in order:
        lines += _shape_func(table, owner)
    lines.append("XML: dict[type[Any], Any] = {")
    lines += [f"    {table[o].cls}: x_{o}," for o in order]
    lines.append("}")
    lines.append("JSON: dict[type[Any], Any] = {")
    lines += [f"    {table[o].cls}: j_{o}," for o in json_owners]
    lines.append("}")
    lines.append("JSON_OUT: dict[type[Any], Any] = {")
    lines += [f"    {table[o].cls}: e_{o}," for o in json_owners]
    lines.append("}")
    lines.append("SHAPE: dict[type[Any], Any] = {")
    lines += [f"    {table[o].cls}: s_{o}," for o in order]
    lines.append("}")
    return "\n".join(lines) + "\n"
