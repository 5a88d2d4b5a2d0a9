"""The one way run-time generated source becomes functions: bound constants, shared tables, linecache.

The codec's strategies that compile code at first use (the scanner, the validated walk, the
XML writer, the JSON text writer) build Python source as lines and hand it here. A
:class:`Source` binds each non-literal value the lines refer to under a fresh name
(:meth:`Source.const`), puts the shared tables below in every namespace, compiles the lines
and registers them with :mod:`linecache` under a filename of their own, so that a traceback
or pdb inside a generated function shows the generated line. Identical source compiled twice
shares one entry: the builders cache what they compile per type, so the entries are bounded
by the number of distinct sources, never by the number of calls.
"""

from __future__ import annotations

import linecache
from collections.abc import Mapping
from typing import Any

__all__ = ["BOOL", "BOOL_TEXT", "XML_WS", "Source"]

#: XSD's lexical booleans (XSD Part 2 §3.2.2) to their values.
BOOL: Mapping[str, bool] = {"true": True, "1": True, "false": False, "0": False}
#: XSD's lexical booleans to their canonical form, the JSON literal (``1`` is written ``true``).
BOOL_TEXT: Mapping[str, str] = {"true": "true", "1": "true", "false": "false", "0": "false"}
#: XML 1.0 §2.3 white space; XSD's "collapse" facet strips exactly these (XSD Part 2 §4.3.6).
XML_WS = " \t\n\r"

#: Names every generated namespace holds, besides what a Source binds.
_SHARED: Mapping[str, Any] = {
    "new": object.__new__,
    "BOOL": BOOL,
    "BOOL_TEXT": BOOL_TEXT,
    "WS": XML_WS,
}


class Source:
    """Lines of generated Python for one thing (a type's scanner, walk or writer), compiled once.

    *label* says what the code is; it names the linecache entry (``<faxstatus: label>``), so
    a traceback reads ``File "<faxstatus: XML writer of FaxStatus>", line 7, in write``.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.lines: list[str] = []
        self.names: dict[str, Any] = {}

    def const(self, value: Any) -> str:
        """Bind *value* (a class, a pattern, a template); return its name in the code."""
        name = f"K{len(self.names)}"
        self.names[name] = value
        return name

    def compile(self, helpers: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Compile the lines with the bound constants, *helpers* and the shared tables.

        Returns the namespace the code ran in (its functions by name).
        """
        text = "\n".join(self.lines) + "\n"
        filename = _register(f"<faxstatus: {self.label}>", text)
        namespace: dict[str, Any] = {**_SHARED, **(helpers or {}), **self.names}
        exec(compile(text, filename, "exec"), namespace)  # noqa: S102 - our own source
        return namespace


def _register(base: str, text: str) -> str:
    """A linecache filename holding *text*: *base*, or *base* with a number when taken.

    An entry with no modification time is never dropped by ``linecache.checkcache``; the same
    text under the same label reuses its entry.
    """
    entry = (len(text), None, text.splitlines(True), base)
    n = 1
    filename = base
    while True:
        held = linecache.cache.setdefault(filename, entry)
        if held[2:3] == entry[2:3]:
            return filename
        n += 1
        filename = f"{base[:-1]} #{n}>"
        entry = (len(text), None, text.splitlines(True), filename)
