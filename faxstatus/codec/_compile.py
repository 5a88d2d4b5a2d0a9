"""How run-time generated source becomes functions: bound constants, shared tables, linecache.

The codec's strategies that compile code at first use (the scanner, the validated walk, the
XML writer, the JSON text writer) build Python source as lines and hand it here. A
:class:`Source` binds each non-literal value the lines refer to under a fresh name
(:meth:`Source.const`), puts the shared tables below in every namespace, compiles the lines
under a filename of their own and makes them known to :mod:`linecache`, so that a traceback
or pdb inside a generated function shows the generated line. Identical source compiled twice
shares one filename: the builders cache what they compile per type, so the entries are
bounded by the number of distinct sources, never by the number of calls.

linecache (with tokenize) is not imported for this: ``faxstatus decode`` compiles a scanner on
every run and needs neither. When it is loaded, the source goes into its cache at once;
otherwise the namespace's ``__loader__`` hands it over the first time a traceback or pdb asks
(``linecache.lazycache``, PEP 302's ``get_source``).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from .._contract import XML_WHITESPACE, XSD_BOOLEAN

__all__ = ["BOOL", "BOOL_TEXT", "XML_WS", "Source"]

#: XSD's lexical booleans (XSD Part 2 §3.2.2) to their values.
BOOL: Mapping[str, bool] = XSD_BOOLEAN
#: XSD's lexical booleans to their canonical form, the JSON literal (``1`` is written ``true``).
BOOL_TEXT: Mapping[str, str] = {k: "true" if v else "false" for k, v in XSD_BOOLEAN.items()}
#: XML 1.0 §2.3 white space; XSD's "collapse" facet strips exactly these (XSD Part 2 §4.3.6).
XML_WS = XML_WHITESPACE

#: Names every generated namespace holds, besides what a Source binds.
_SHARED: Mapping[str, Any] = {
    "new": object.__new__,
    "BOOL": BOOL,
    "BOOL_TEXT": BOOL_TEXT,
    "WS": XML_WS,
}


class Source:
    """Lines of generated Python for one thing (a type's scanner, walk or writer), compiled once.

    *label* says what the code is and names its file (``faxstatus generated: <label>``), so a
    traceback reads ``File "faxstatus generated: XML writer of …", line 7, in write``.
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
        filename = _register(f"faxstatus generated: {self.label}", text)
        namespace: dict[str, Any] = {
            **_SHARED,
            **(helpers or {}),
            **self.names,
            "__name__": _MODULE,
            "__loader__": _Loader(text),
        }
        exec(compile(text, filename, "exec"), namespace)  # noqa: S102 - our own source
        return namespace


#: The ``__name__`` of every generated namespace (its functions' ``__module__``).
_MODULE = "faxstatus.codec._generated"
#: Filename -> source of everything compiled here (distinct sources only).
_FILES: dict[str, str] = {}


class _Loader:
    """The source of one generated namespace, for ``linecache.lazycache``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def get_source(self, name: str) -> str:
        """The generated source (*name* is the namespace's ``__name__``)."""
        return self.text


def _register(base: str, text: str) -> str:
    """A filename for *text*: *base*, or *base* with a number when another text holds it.

    A filename in angle brackets would keep ``linecache.lazycache`` from asking the loader;
    one that names no file on disk is left alone by ``linecache.checkcache`` once cached.
    """
    n = 1
    filename = base
    while _FILES.setdefault(filename, text) != text:
        n += 1
        filename = f"{base} #{n}"
    linecache = sys.modules.get("linecache")
    if linecache is not None and filename not in linecache.cache:
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    return filename
