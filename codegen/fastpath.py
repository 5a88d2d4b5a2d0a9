"""Render faxstatus/models/fastpath.py from the layout table: code specialised to each type.

The generic JSON decoder and encoder in faxstatus/codec/_json.py walk a binding plan and can
say exactly what is wrong with any input. The functions rendered here do the same work for
well-formed input with the loop unrolled: keys looked up as constants, numbers checked
inline. On anything unusual they raise ``Fallback`` and the codec re-runs the generic walk,
so errors, lenient mode and rare shapes keep one implementation. (XML has its own fast
strategies, compiled at run time: faxstatus/codec/decoders/.)

Built-in types other than string, boolean and the integers are converted by
``faxstatus._xsd``, the module the generic codec uses.
"""

from __future__ import annotations

from layout import XSD_BUILTINS, FieldSpec, Layout, TypeSpec

RANGES: dict[str, tuple[int, int]] = XSD_BUILTINS.INT_RANGES
#: Built-ins converted inline; the rest go through faxstatus._xsd.
INLINE = {"string", "boolean", *RANGES}

Table = dict[str, TypeSpec]


def _wrapper(table: Table, f: FieldSpec) -> FieldSpec | None:
    """The ``item`` field when *f* is a single element of a FaxWS list type (JSON flattens it)."""
    if f.builtin is not None or f.is_list:
        return None
    return table[f.type].list_item


def _header(owner: TypeSpec, family: str) -> str:
    return f"# {family} {owner.kind} {owner.name}"


def _count_check(var: str, f: FieldSpec, indent: str) -> list[str]:
    conds = []
    if f.min_occurs > 0:
        conds.append(f"len({var}) < {f.min_occurs}")
    if f.max_occurs > 1:
        conds.append(f"len({var}) > {f.max_occurs}")
    if not conds:
        return []
    return [f"{indent}if {' or '.join(conds)}:", f"{indent}    raise Fallback"]


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


HEADER = '''"""Specialised JSON decoders and encoders for the canonical shape of each FaxWS type.

Generated by codegen/fastpath.py from the layout table (faxstatus/models/layout.py), which
make generate reads from schema/: do not edit by hand. Two function families, one function
per type or global element, each preceded by a comment naming its XSD type (the codec's
``generated`` decoder and encoder, faxstatus/codec/decoders/ and encoders/):

- ``j_<Type>(value)``: JSON decoder, from the parsed JSON value to the dataclass;
- ``e_<Type>(obj)``: JSON encoder, from the dataclass to plain JSON data.

Tables, keyed by generated class: ``JSON`` (j_) and ``JSON_OUT`` (e_); FaxWS list types have
no functions (their parent's array replaces them). Every function raises ``Fallback`` (or
ValueError) on input it does not fully understand; the codec then runs its generic plan
walker, which names the fault.
"""
'''


def render(layout: Layout) -> str:
    """The source of fastpath.py for *layout* (class and attribute names already attached)."""
    table = layout.types
    order = _order(table)
    lines = [
        HEADER,
        "from __future__ import annotations",
        "",
        "from typing import Any",
        "",
        "from .._xsd import from_json as _from_json",
        "from .._xsd import to_json as _to_json",
        "from .faxws import (",
        *[f"    {name}," for name in sorted({table[o].cls for o in order})],
        ")",
        "",
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
    # List types never stand alone in JSON (their parent's array replaces them).
    json_owners = [o for o in order if table[o].list_item is None]
    for owner in json_owners:
        lines += _json_func(table, owner)
    for owner in json_owners:
        lines += _json_encoder(table, owner)
    lines.append("JSON: dict[type[Any], Any] = {")
    lines += [f"    {table[o].cls}: j_{o}," for o in json_owners]
    lines.append("}")
    lines.append("JSON_OUT: dict[type[Any], Any] = {")
    lines += [f"    {table[o].cls}: e_{o}," for o in json_owners]
    lines.append("}")
    return "\n".join(lines) + "\n"
