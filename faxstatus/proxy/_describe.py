"""Service descriptions the proxy relays: addresses pointed at the proxy, nothing else changed.

A client built from a WSDL (zeep, PHP's SoapClient, node-soap, gSOAP's wsdl2h) posts to the
address the WSDL names. Relayed unchanged, the upstream's ``?wsdl`` sends those clients
straight past the proxy; so in a description the proxy rewrites the origin (scheme, host,
port) of

* every ``location`` of an ``address`` element (``soap:address``, ``soap12:address``,
  ``http:address``, WSDL 1.1 §3.8, §4.1 of the SOAP 1.2 binding note) and every ``address``
  of a WSDL 2.0 ``endpoint``, whatever host it names: the proxy forwards to ``--upstream``;
* every ``location``/``schemaLocation`` of an ``import``, ``include`` or ``redefine`` that
  names the upstream's own origin, so the schema is fetched through the proxy too.

The path, query and every other byte stay as they came: the rewrite is a byte substitution of
the origin inside the attribute value, not a re-serialisation. It works on documents in an
ASCII-compatible encoding (UTF-8, Latin-1), which covers every FaxWS description seen.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["is_description", "rewrite_description"]

#: The query names under which SOAP stacks serve their description (WCF's ``singleWsdl``).
_QUERIES = frozenset({"wsdl", "xsd", "singlewsdl"})
_PREFIX = rb"(?:[A-Za-z_][\w.\-]*:)?"
_VALUE = rb"\s*=\s*([\"'])([^\"'<>]*)\2"
_ADDRESS = re.compile(rb"(<" + _PREFIX + rb"address\b[^>]*?\slocation)" + _VALUE)
_ENDPOINT = re.compile(rb"(<" + _PREFIX + rb"endpoint\b[^>]*?\saddress)" + _VALUE)
_IMPORT = re.compile(
    rb"(<"
    + _PREFIX
    + rb"(?:import|include|redefine)\b[^>]*?\s(?:schemaLocation|location))"
    + _VALUE
)
_ORIGIN = re.compile(rb"[A-Za-z][A-Za-z0-9+.\-]*://[^/?#\"'<>\s]*")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_description(method: str, target: str) -> bool:
    """Whether a request asks for a service description (``GET …?wsdl``, ``….xsd``, …)."""
    if method not in ("GET", "HEAD"):
        return False
    path, _, query = target.partition("?")
    first = query.split("&", 1)[0].split("=", 1)[0].lower()
    return first in _QUERIES or path.lower().endswith((".wsdl", ".xsd"))


def _origin_key(origin: bytes) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(origin.decode("ascii"))
        port = parts.port
    except (UnicodeDecodeError, ValueError):
        return None
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def rewrite_description(
    body: bytes, proxy_origin: str, upstream_origin: str
) -> tuple[bytes, list[tuple[str, str]]]:
    """(*body* with its endpoint addresses at *proxy_origin*, the (old, new) values changed)."""
    new_origin = proxy_origin.encode("ascii")
    upstream = _origin_key(upstream_origin.encode("ascii"))
    changed: list[tuple[str, str]] = []

    def swap(m: re.Match[bytes], *, any_host: bool) -> bytes:
        value = m[3]
        origin = _ORIGIN.match(value)
        if origin is None or not (any_host or _origin_key(origin[0]) == upstream):
            return m[0]
        new = new_origin + value[origin.end() :]
        if new != value:
            changed.append((value.decode("latin-1"), new.decode("latin-1")))
        return m[1] + m[0][len(m[1]) : m.start(3) - m.start()] + new + m[2]

    out = _ADDRESS.sub(lambda m: swap(m, any_host=True), body)
    out = _ENDPOINT.sub(lambda m: swap(m, any_host=True), out)
    out = _IMPORT.sub(lambda m: swap(m, any_host=False), out)
    return out, changed
