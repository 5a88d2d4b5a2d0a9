"""The schema changes a maintainer meets, as edits of copies of schema/faxws.xsd and faxws.wsdl.

tests/codegen/test_schema_change.py applies each to a temporary copy of schema/, regenerates a
copy of the package from it and runs tests/support/schema_trial.py against the result: nothing
outside schema/ may need a hand edit.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

_EX3_ERROR = re.compile(
    r'(<complexType name="RealTimeFaxStatusEx3">.*?)(\n\s*<element name="Error")', re.DOTALL
)


def _edit(
    path: Path,
    old: str | re.Pattern[str],
    new: str | Callable[[re.Match[str]], str],
    count: int = 1,
) -> None:
    text = path.read_text()
    if isinstance(old, str):
        assert old in text and isinstance(new, str), old
        path.write_text(text.replace(old, new, count))
    else:
        edited, n = old.subn(new, text, count)
        assert n, old.pattern
        path.write_text(edited)


def _fresh(schema: Path, base: str) -> str:
    """*base*, or *base* with a number, so that no name in the schema collides with it."""
    text = (schema / "faxws.xsd").read_text()
    n = 0
    name = base
    while f'name="{name}"' in text or f"{name}List" in text:
        n += 1
        name = f"{base}{n}"
    return name


def optional_field(schema: Path) -> dict[str, str]:
    """FaxPriority, an optional xsd:int, in RealTimeFaxStatusEx3 just before Error."""
    name = _fresh(schema, "FaxPriority")
    _edit(
        schema / "faxws.xsd",
        _EX3_ERROR,
        rf'\1\n      <element name="{name}" type="xsd:int" minOccurs="0" maxOccurs="1"/>\2',
    )
    return {"priority": name}


def optional_request_field(schema: Path) -> dict[str, str]:
    """StatusFilter, an optional xsd:int, in the GetRealTimeFaxStatusEx3 request after
    FaxJobIds (a filter the vendor might add): Ex3 stays a status operation."""
    name = _fresh(schema, "StatusFilter")
    _edit(
        schema / "faxws.xsd",
        re.compile(
            r'(<element name="GetRealTimeFaxStatusEx3">.*?<element name="FaxJobIds"[^>]*/>)',
            re.S,
        ),
        rf'\1\n        <element name="{name}" type="xsd:int" minOccurs="0" maxOccurs="1"/>',
    )
    return {"filter": name}


def new_operation(schema: Path) -> dict[str, str]:
    """GetRealTimeFaxStatusEx4 (or the next free number): Ex3 plus FaxCost (xsd:decimal), with its
    messages, portType and binding operations."""
    n = 4
    while f"RealTimeFaxStatusEx{n}" in (schema / "faxws.xsd").read_text():
        n += 1
    new = f"Ex{n}"
    xsd = schema / "faxws.xsd"
    text = xsd.read_text()
    ex3 = re.search(r'  <complexType name="RealTimeFaxStatusEx3">.*?</complexType>\n', text, re.S)
    lst = re.search(
        r'  <complexType name="RealTimeFaxStatusEx3List">.*?</complexType>\n', text, re.S
    )
    req = re.search(r'  <element name="GetRealTimeFaxStatusEx3">.*?</element>\n', text, re.S)
    resp = re.search(
        r'  <element name="RealTimeFaxStatusEx3Response">.*?\n  </element>\n', text, re.S
    )
    assert ex3 and lst and req and resp
    ex4 = ex3.group().replace("Ex3", new)
    ex4 = ex4.replace(
        '\n      <element name="Error"',
        '\n      <element name="FaxCost" type="xsd:decimal" minOccurs="1" maxOccurs="1"/>'
        '\n      <element name="Error"',
    )
    added = "\n".join([ex4, *(m.group().replace("Ex3", new) for m in (lst, req, resp))])
    xsd.write_text(text.replace("\n</schema>", "\n" + added + "\n</schema>"))
    wsdl = schema / "faxws.wsdl"
    text = wsdl.read_text()
    for pattern in (
        r'<message name="GetRealTimeFaxStatusEx3">.*?</message>\n',
        r'<message name="RealTimeFaxStatusEx3Response">.*?</message>\n',
        r' <operation name="GetRealTimeFaxStatusEx3">.*?</operation>\n',
    ):
        for m in reversed(list(re.finditer(pattern, text, re.S))):
            text = text[: m.end()] + m.group().replace("Ex3", new) + text[m.end() :]
    wsdl.write_text(text)
    # The client method the generated typed surface must give it (codegen/surface.py).
    return {
        "op": f"GetRealTimeFaxStatus{new}",
        "cost": "FaxCost",
        "method": f"get_real_time_fax_status_{new.lower()}",
    }


def type_change(schema: Path) -> dict[str, str]:
    """In RealTimeFaxStatusEx3, FaxDeliveryDateTime becomes xsd:dateTime and
    FaxDeliveryAttempts xsd:unsignedInt.

    Ex3 is the newer WSDL's (schema/README.md): a change to the vendor file's own types comes
    with a new vendor file, through ``make schema-import``, not as an edit of faxws.xsd.
    """
    xsd = schema / "faxws.xsd"
    text = xsd.read_text()
    start = text.index('<complexType name="RealTimeFaxStatusEx3">')
    end = text.index("</complexType>", start)
    block = text[start:end]
    for name, xsd_type in (
        ("FaxDeliveryDateTime", "dateTime"),
        ("FaxDeliveryAttempts", "unsignedInt"),
    ):
        block, n = re.subn(
            rf'<element name="{name}" type="xsd:\w+"',
            f'<element name="{name}" type="xsd:{xsd_type}"',
            block,
        )
        assert n == 1, name
    xsd.write_text(text[:start] + block + text[end:])
    return {}


_EVERY_BUILTIN = (
    "string",
    "int",
    "long",
    "short",
    "boolean",
    "double",
    "decimal",
    "dateTime",
    "date",
    "base64Binary",
    "unsignedInt",
    "unsignedLong",
)


def every_construct(schema: Path) -> dict[str, str]:
    """Ex3 items gain one optional element of every supported built-in, a nillable scalar,
    a list of scalars, and an optional nested type holding a bounded list.

    The names are fresh (``_fresh``), so that the change applies to a schema that had it
    once already; the result maps ``opt:<built-in>``, ``nil``, ``tag``, ``route`` and
    ``route_type`` to them.
    """
    names = {f"opt:{t}": _fresh(schema, f"Opt{t[0].upper()}{t[1:]}") for t in _EVERY_BUILTIN}
    names |= {
        "nil": _fresh(schema, "NilCount"),
        "tag": _fresh(schema, "Tag"),
        "route": _fresh(schema, "Route"),
    }
    names["route_type"] = names["route"]
    fields = "".join(
        f'\n      <element name="{names[f"opt:{t}"]}" type="xsd:{t}" minOccurs="0"/>'
        for t in _EVERY_BUILTIN
    )
    fields += (
        f'\n      <element name="{names["nil"]}" type="xsd:int" minOccurs="1" nillable="true"/>'
        f'\n      <element name="{names["tag"]}" type="xsd:string" minOccurs="0"'
        ' maxOccurs="unbounded"/>'
        f'\n      <element name="{names["route"]}" type="FaxWS:{names["route_type"]}"'
        ' minOccurs="0"/>'
    )
    _edit(schema / "faxws.xsd", _EX3_ERROR, lambda m: m.group(1) + fields + m.group(2))
    _edit(
        schema / "faxws.xsd",
        '<complexType name="FaxJobId">',
        f'<complexType name="{names["route_type"]}">\n    <sequence>\n'
        '      <element name="Hop" type="xsd:string" minOccurs="1" maxOccurs="3"/>\n'
        '      <element name="Cost" type="xsd:decimal" nillable="true"/>\n'
        "    </sequence>\n  </complexType>\n\n  "
        '<complexType name="FaxJobId">',
    )
    return names


def renamed_list(schema: Path) -> dict[str, str]:
    """RealTimeFaxStatusEx3Response's FaxStatusList element is renamed (JobStatusList): the
    operation table's list attribute changes, and nothing that follows the table may care.

    Ex3 is the newer WSDL's (see :func:`type_change`): the vendor file's own types change
    with a new vendor file.
    """
    name = _fresh(schema, "JobStatusList")
    # Whatever the list element is called now (a schema renamed once already, too).
    _edit(
        schema / "faxws.xsd",
        re.compile(r'<element name="\w+" type="FaxWS:RealTimeFaxStatusEx3List"'),
        f'<element name="{name}" type="FaxWS:RealTimeFaxStatusEx3List"',
    )
    return {"list": name}


#: Status operations of the contract a change may remove, with their response element (not
#: "<Operation>Response", CONTRACT.md §3): the first the schema still has is removed.
_REMOVABLE = (
    ("GetRealTimeFaxStatusEx2", "RealTimeFaxStatusEx2Response"),
    ("GetRealTimeFaxStatus", "RealTimeFaxStatusResponse"),
)


def _remove(path: Path, op: str, resp: str, *, wsdl: bool, types: bool) -> None:
    """Remove *op*'s declarations from *path*: its types and wrapper elements (*types*), its
    messages, portType and binding operations (*wsdl*)."""
    item = resp.removesuffix("Response")
    patterns = []
    if types:
        patterns += [
            rf'  <complexType name="{item}(List)?">.*?</complexType>\n',
            rf'  <element name="{op}">.*?\n  </element>\n',
            rf'  <element name="{resp}">.*?\n  </element>\n',
        ]
    if wsdl:
        patterns += [
            rf'<message name="{op}">.*?</message>\n',
            rf'<message name="{resp}">.*?</message>\n',
            rf' <operation name="{op}">.*?</operation>\n',
        ]
    text = path.read_text()
    for pattern in patterns:
        text, n = re.subn(pattern, "", text, flags=re.S)
        assert n, pattern
    path.write_text(text)


def removed_operation(schema: Path) -> dict[str, str]:
    """A status operation leaves the vendor's contract (GetRealTimeFaxStatusEx2, or the next
    of _REMOVABLE once that one is gone): its types, messages, portType and binding
    operations, from schema/ and from the vendor's file kept there (schema/vendor/, which the
    vendor's new WSDL replaces). Messages of it written before the change must now be
    refused, by decode and by validate alike."""
    xsd = schema / "faxws.xsd"
    op, resp = next(p for p in _REMOVABLE if f'<element name="{p[0]}">' in xsd.read_text())
    _remove(xsd, op, resp, wsdl=False, types=True)
    _remove(schema / "faxws.wsdl", op, resp, wsdl=True, types=False)
    vendor = schema / "vendor" / "FaxWS-gsoap.wsdl"
    if vendor.exists() and f'<operation name="{op}">' in vendor.read_text():
        _remove(vendor, op, resp, wsdl=True, types=True)
    return {"op": op, "response": resp}


class NotApplicable(Exception):
    """The schema lacks what a change changes (an element renamed before with no record)."""


def _known_as(schema: Path, type_name: str, meaning: str) -> str:
    """The element of *type_name* known as *meaning*, under its name (after any rename).

    NotApplicable when the type has no such element: renamed before, and not recorded.
    """
    path = schema / "renames.toml"
    table = tomllib.loads(path.read_text()).get(type_name, {}) if path.exists() else {}
    name = next((new for new, old in table.items() if old == meaning), meaning)
    text = (schema / "faxws.xsd").read_text()
    start = text.index(f'<complexType name="{type_name}">')
    if f'<element name="{name}"' not in text[start : text.index("</complexType>", start)]:
        raise NotApplicable(f"{type_name} has no element known as {meaning}")
    return name


def _record_rename(schema: Path, type_name: str, new: str | None, was: str, meaning: str) -> None:
    """Record in schema/renames.toml that *was* (known as *meaning*) is now *new*; with no
    *new*, only drop the record naming *was*."""
    path = schema / "renames.toml"
    text = path.read_text() if path.exists() else ""
    doc = tomllib.loads(text)
    table = {k: v for k, v in doc.get(type_name, {}).items() if k != was}
    doc[type_name] = table if new is None else {**table, new: meaning}
    doc = {name: fields for name, fields in doc.items() if fields}
    lines = [line for line in text.splitlines() if line.startswith("#")]
    for name, fields in doc.items():
        lines += ["", f"[{name}]", *(f'{k} = "{v}"' for k, v in fields.items())]
    path.write_text("\n".join(lines) + "\n")


def unconfirmed_rename(schema: Path) -> dict[str, str]:
    """RealTimeFaxStatusEx3's RemoteFaxCSID is renamed (RemoteCSID) and nobody says so: to
    the generator an element removed and one added, so JobStatus has no named attribute for
    the new name and the value lands in JobStatus.extra; make generate says so (the same type:
    a rename?) and prints the line of schema/renames.toml that would confirm it."""
    was = _known_as(schema, "RealTimeFaxStatusEx3", "RemoteFaxCSID")
    name = _fresh(schema, "RemoteCSID")
    ex3 = re.compile(rf'(<complexType name="RealTimeFaxStatusEx3">.*?)<element name="{was}"', re.S)
    _edit(schema / "faxws.xsd", ex3, rf'\1<element name="{name}"')
    # A record of the element's earlier rename names an element gone now: the generator
    # refuses it (one line naming it), and the maintainer deletes it.
    _record_rename(schema, "RealTimeFaxStatusEx3", None, was, "RemoteFaxCSID")
    return {"field": name, "was": was}


def renamed_field(schema: Path) -> dict[str, str]:
    """The same rename, confirmed as the generator asks: one table in schema/renames.toml
    (the maintainer's hand edit). JobStatus.remote_csid keeps the value, the simulator fills
    the new element, and the stored documents written with the old name are read (and moved
    by --update-vectors) with the new one."""
    names = unconfirmed_rename(schema)
    _record_rename(schema, "RealTimeFaxStatusEx3", names["field"], names["was"], "RemoteFaxCSID")
    return names


def field_list(schema: Path) -> dict[str, str]:
    """RealTimeFaxStatusEx3's FaxNumber may repeat (maxOccurs="unbounded").

    Only in Ex3's type; a schema whose Ex3 FaxNumber repeats already is left as it is.
    """
    xsd = schema / "faxws.xsd"
    text = xsd.read_text()
    start = text.index('<complexType name="RealTimeFaxStatusEx3">')
    end = text.index("</complexType>", start)
    block = re.sub(
        r'(<element name="FaxNumber" type="xsd:string" minOccurs="1") maxOccurs="1"',
        r'\1 maxOccurs="unbounded"',
        text[start:end],
    )
    assert 'name="FaxNumber" type="xsd:string" minOccurs="1" maxOccurs="unbounded"' in block
    xsd.write_text(text[:start] + block + text[end:])
    return {"field": "FaxNumber"}


def new_single_operation(schema: Path) -> dict[str, str]:
    """SimpleGetFaxStatus2 (or the next free number): one JobId in, ``return`` (xsd:long) and
    FaxPages (xsd:int) out, with its messages, portType and binding operations."""
    n = 2
    while f"SimpleGetFaxStatus{n}" in (schema / "faxws.xsd").read_text():
        n += 1
    op, resp = f"SimpleGetFaxStatus{n}", f"SimpleFaxStatus{n}Response"
    xsd = schema / "faxws.xsd"
    text = xsd.read_text()
    req = re.search(r'  <element name="SimpleGetFaxStatus">.*?\n  </element>\n', text, re.S)
    out = re.search(r'  <element name="SimpleFaxStatusResponse">.*?\n  </element>\n', text, re.S)
    assert req and out
    added = req.group().replace("SimpleGetFaxStatus", op) + out.group().replace(
        "SimpleFaxStatusResponse", resp
    ).replace(
        '<element name="return" type="xsd:long" minOccurs="1" maxOccurs="1"/>',
        '<element name="return" type="xsd:long" minOccurs="1" maxOccurs="1"/>\n'
        '        <element name="FaxPages" type="xsd:int" minOccurs="1" maxOccurs="1"/>',
    )
    xsd.write_text(text.replace("\n</schema>", "\n" + added + "</schema>"))
    wsdl = schema / "faxws.wsdl"
    text = wsdl.read_text()
    for pattern in (
        r'<message name="SimpleGetFaxStatus">.*?</message>\n',
        r'<message name="SimpleFaxStatusResponse">.*?</message>\n',
        r' <operation name="SimpleGetFaxStatus">.*?</operation>\n',
    ):
        for m in reversed(list(re.finditer(pattern, text, re.S))):
            copied = m.group().replace("SimpleGetFaxStatus", op)
            copied = copied.replace("SimpleFaxStatusResponse", resp)
            text = text[: m.end()] + copied + text[m.end() :]
    wsdl.write_text(text)
    return {"op": op, "field": "FaxPages"}


def namespace_change(schema: Path) -> dict[str, str]:
    """The types move to another target namespace (urn:FaxWS:v6, from urn:FaxWS), in schema/
    and in the vendor's file kept there (the vendor's new WSDL): messages in the old one are
    refused, in the new one read, everywhere the schema's namespace is used."""
    found = re.search(r'targetNamespace="([^"]+)"', (schema / "faxws.xsd").read_text())
    assert found, "faxws.xsd: no targetNamespace"
    old = found.group(1)
    new = f"{old}:v6"
    for path in (
        schema / "faxws.xsd",
        schema / "faxws.wsdl",
        schema / "vendor" / "FaxWS-gsoap.wsdl",
    ):
        if path.exists():
            _edit(path, re.compile(rf'"{re.escape(old)}"'), f'"{new}"', 0)
    return {"namespace": new, "old": old}


def unsupported_attribute(schema: Path) -> None:
    """An attribute on WSError: the generator must refuse it up front."""
    _edit(
        schema / "faxws.xsd",
        '<complexType name="WSError">\n    <sequence>',
        '<complexType name="WSError">\n    <attribute name="lang" type="xsd:string"/>\n'
        "    <sequence>",
    )


#: Each change returns the names it chose (fresh ones, should schema/ already use them).
CHANGES: dict[str, Callable[[Path], dict[str, str]]] = {
    "optional_field": optional_field,
    "optional_request_field": optional_request_field,
    "new_operation": new_operation,
    "type_change": type_change,
    "every_construct": every_construct,
    "renamed_list": renamed_list,
    "removed_operation": removed_operation,
    "renamed_field": renamed_field,
    "unconfirmed_rename": unconfirmed_rename,
    "field_list": field_list,
    "namespace_change": namespace_change,
    "new_single_operation": new_single_operation,
}
