"""The schema changes a maintainer meets, as edits of copies of schema/faxws.xsd and faxws.wsdl.

tests/test_schema_change.py applies each to a temporary copy of schema/, regenerates a copy of
the package from it and runs tests/schema_trial.py against the result: nothing outside
schema/ may need a hand edit.
"""

from __future__ import annotations

import re
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


def optional_field(schema: Path) -> None:
    """FaxPriority, an optional xsd:int, in RealTimeFaxStatusEx3 just before Error."""
    _edit(
        schema / "faxws.xsd",
        _EX3_ERROR,
        r'\1\n      <element name="FaxPriority" type="xsd:int" minOccurs="0" maxOccurs="1"/>\2',
    )


def new_operation(schema: Path) -> None:
    """GetRealTimeFaxStatusEx4: Ex3 plus FaxCost (xsd:decimal), messages, portType, bindings."""
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
    ex4 = ex3.group().replace("Ex3", "Ex4")
    ex4 = ex4.replace(
        '\n      <element name="Error"',
        '\n      <element name="FaxCost" type="xsd:decimal" minOccurs="1" maxOccurs="1"/>'
        '\n      <element name="Error"',
    )
    added = "\n".join([ex4, *(m.group().replace("Ex3", "Ex4") for m in (lst, req, resp))])
    xsd.write_text(text.replace("\n</schema>", "\n" + added + "\n</schema>"))
    wsdl = schema / "faxws.wsdl"
    text = wsdl.read_text()
    for pattern in (
        r'<message name="GetRealTimeFaxStatusEx3">.*?</message>\n',
        r'<message name="RealTimeFaxStatusEx3Response">.*?</message>\n',
        r' <operation name="GetRealTimeFaxStatusEx3">.*?</operation>\n',
    ):
        for m in reversed(list(re.finditer(pattern, text, re.S))):
            text = text[: m.end()] + m.group().replace("Ex3", "Ex4") + text[m.end() :]
    wsdl.write_text(text)


def type_change(schema: Path) -> None:
    """FaxDeliveryDateTime becomes xsd:dateTime and FaxDeliveryAttempts xsd:unsignedInt."""
    xsd = schema / "faxws.xsd"
    _edit(
        xsd,
        '<element name="FaxDeliveryDateTime" type="xsd:string"',
        '<element name="FaxDeliveryDateTime" type="xsd:dateTime"',
        -1,
    )
    _edit(
        xsd,
        '<element name="FaxDeliveryAttempts" type="xsd:int"',
        '<element name="FaxDeliveryAttempts" type="xsd:unsignedInt"',
    )


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


def every_construct(schema: Path) -> None:
    """Ex3 items gain one optional element of every supported built-in, a nillable scalar,
    a list of scalars, and an optional nested type holding a bounded list."""
    fields = "".join(
        f'\n      <element name="Opt{t[0].upper()}{t[1:]}" type="xsd:{t}" minOccurs="0"/>'
        for t in _EVERY_BUILTIN
    )
    fields += (
        '\n      <element name="NilCount" type="xsd:int" minOccurs="1" nillable="true"/>'
        '\n      <element name="Tag" type="xsd:string" minOccurs="0" maxOccurs="unbounded"/>'
        '\n      <element name="Route" type="FaxWS:Route" minOccurs="0"/>'
    )
    _edit(schema / "faxws.xsd", _EX3_ERROR, lambda m: m.group(1) + fields + m.group(2))
    _edit(
        schema / "faxws.xsd",
        '<complexType name="FaxJobId">',
        '<complexType name="Route">\n    <sequence>\n'
        '      <element name="Hop" type="xsd:string" minOccurs="1" maxOccurs="3"/>\n'
        '      <element name="Cost" type="xsd:decimal" nillable="true"/>\n'
        "    </sequence>\n  </complexType>\n\n  "
        '<complexType name="FaxJobId">',
    )


def unsupported_attribute(schema: Path) -> None:
    """An attribute on WSError: the generator must refuse it up front."""
    _edit(
        schema / "faxws.xsd",
        '<complexType name="WSError">\n    <sequence>',
        '<complexType name="WSError">\n    <attribute name="lang" type="xsd:string"/>\n'
        "    <sequence>",
    )


CHANGES: dict[str, Callable[[Path], None]] = {
    "optional_field": optional_field,
    "new_operation": new_operation,
    "type_change": type_change,
    "every_construct": every_construct,
}
