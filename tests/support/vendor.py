"""The vendor's own WSDL (schema/vendor/FaxWS-gsoap.wsdl), read as an oracle for the tests.

schema/ holds the vendor's whole published contract; the tables of schema/CONTRACT.md are
transcribed in the tests for the status operations, and the vendor's file itself is the
independent source for the rest (its operations' wire names and its declarations).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .paths import ROOT

#: The gSOAP 2.7.6c WSDL the real service was built from (schema/README.md names its source).
VENDOR_WSDL = ROOT / "schema" / "vendor" / "FaxWS-gsoap.wsdl"
_W = "{http://schemas.xmlsoap.org/wsdl/}"


def vendor_operations() -> dict[str, tuple[str, str]]:
    """Operation name -> (request element, response element), in the file's portType order."""
    root: Any = etree.parse(str(VENDOR_WSDL)).getroot()
    messages = {
        m.get("name"): m.find(f"{_W}part").get("element").split(":")[1]
        for m in root.iter(f"{_W}message")
    }
    out = {}
    for op in root.find(f"{_W}portType").iter(f"{_W}operation"):
        req = op.find(f"{_W}input").get("message").split(":")[1]
        resp = op.find(f"{_W}output").get("message").split(":")[1]
        out[str(op.get("name"))] = (messages[req], messages[resp])
    return out
