"""Each FaxWS wire fact is spelled once, in ``faxstatus/_contract.py``; other modules import it.

The scan reads the code tokens of every hand-written module of the package (``models/`` is
generated from ``schema/`` and holds the schema's own namespace): numbers, and string or bytes
constants, the literal parts of f-strings included. What it leaves alone, and why:

* comments and docstrings: they explain a fact and may name it, they do not define it;
* markup, a string holding an XML tag (``<env:Envelope xmlns:env="…">``): a sample document,
  as the files under ``tests/vectors/`` are, shows the wire as it is and is not a restatement.

A number is a fact when its value is one (``-5019``, ``-1000``, or any constant expression
worth ``10 * 1024 * 1024``); a string when it holds one (``"text/xml; charset=utf-8"``,
``"no x-ch-activity-id header"``): a message that names a header takes the constant too, so
that it cannot name an old one. Header names match in any case; media types and URIs only as
written (``"Application/SOAP+XML"`` is a sample of a case variant, not the fact).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from faxstatus import DecodeError, _contract, decode
from faxstatus.codec._api import is_json, parse_content_type
from faxstatus.models import layout

from ..support.helpers import make_simulator
from ..support.paths import ROOT

PKG = ROOT / "faxstatus"

#: The numbers that are wire facts, by value.
NUMBERS = {
    _contract.INVALID_JOB_ID: "INVALID_JOB_ID",
    _contract.AUTHENTICATION_FAILED: "AUTHENTICATION_FAILED",
    _contract.DEFAULT_MAX_BYTES: "DEFAULT_MAX_BYTES",
}
#: The strings that are wire facts, with the constant that holds each.
STRINGS = {
    _contract.SOAP11_NS: "SOAP11_NS",
    _contract.SOAP12_NS: "SOAP12_NS",
    layout.NAMESPACE: "layout.NAMESPACE (FAXWS_NS)",
    _contract.SOAP11_MEDIA: "SOAP11_MEDIA",
    _contract.SOAP12_MEDIA: "SOAP12_MEDIA",
    _contract.JSON_MEDIA: "JSON_MEDIA",
    _contract.XML_MEDIA: "XML_MEDIA",
    _contract.SERVICE_PATH: "SERVICE_PATH",
    _contract.DEFAULT_ENDPOINT: "DEFAULT_ENDPOINT",
    _contract.REQUEST_ID_HEADER: "REQUEST_ID_HEADER",
    _contract.ACTIVITY_ID_HEADER: "ACTIVITY_ID_HEADER",
    _contract.EXECUTION_TIME_HEADER: "EXECUTION_TIME_HEADER",
    _contract.PUSH_NS: "PUSH_NS",
    _contract.PUSH_SOAP_ACTION: "PUSH_SOAP_ACTION",
    _contract.FORM_MEDIA: "FORM_MEDIA",
    _contract.MULTIPART_MEDIA: "MULTIPART_MEDIA",
}
# A code inside text: the number alone, not part of a longer one.
_CODES_IN_TEXT = re.compile(
    "|".join(rf"(?<![\w.]){re.escape(str(n))}(?![\w.])" for n in NUMBERS if n < 0)
)
# A tag: what makes a string a sample document.
_MARKUP = re.compile(r"<[A-Za-z_/?!]")


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (module, class, function)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _value(node: ast.AST | None) -> int | None:
    """The value of a constant integer expression (``10 * 1024 * 1024``, ``-5019``), else None."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _value(node.operand)
        if inner is None:
            return None
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.LShift | ast.Pow):
        left, right = _value(node.left), _value(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Mult):
            return left * right
        if not 0 <= right <= 64:  # a shift or power this large is no cap
            return None
        return left << right if isinstance(node.op, ast.LShift) else left**right
    return None


def restated(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each wire fact spelled out in the code of *source*."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        # The outermost constant expression only: -5019 is one fact, not 5019 and -5019.
        value = _value(node) if not isinstance(node, ast.Constant | ast.UnaryOp) else None
        if isinstance(node, ast.Constant | ast.UnaryOp) and _value(parents.get(id(node))) is None:
            value = _value(node)
        if value is not None and value in NUMBERS and isinstance(node, ast.expr):
            yield node.lineno, f"{value} (use {NUMBERS[value]})"
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        text = node.value
        if isinstance(text, bytes):
            text = text.decode("latin-1")
        if not isinstance(text, str) or _MARKUP.search(text):
            continue
        for fact, name in STRINGS.items():
            # Field names are case-insensitive and code writes them either way; a media type
            # or URI in another case is a deliberate variant, as a sample is.
            where = text.lower() if fact.startswith("x-ch-") else text
            if fact in where:
                yield node.lineno, f"{fact!r} in {text[:60]!r} (use {name})"
        for m in _CODES_IN_TEXT.finditer(text):
            yield node.lineno, f"{m.group()} in {text[:60]!r} (use {NUMBERS[int(m.group())]})"


def _hand_written() -> list[Path]:
    generated = PKG / "models"
    return sorted(
        p for p in PKG.rglob("*.py") if generated not in p.parents and p != PKG / "_contract.py"
    )


def test_no_module_restates_a_wire_fact() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in _hand_written()
        for line, what in restated(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("if code == -5019:\n    pass\n", 1),
        ("x = 1\nAUTH = -1000\n", 2),
        ("CAP = 10 * 1024 * 1024\n", 1),
        ("CAP = 10 << 20\n", 1),
        ("CAP = 10485760\n", 1),
        ('ct = "text/xml; charset=utf-8"\n', 1),
        ("sniff = b'2003/05/soap-envelope' in b'http://www.w3.org/2003/05/soap-envelope'\n", 1),
        ('h = {"X-CH-Request-Id": rid}\n', 1),
        ('msg = f"no x-ch-activity-id header, got {x}"\n', 1),
        ("def f(path='/fax/v5'):\n    pass\n", 1),
        ('url = "https://ws.concordfax.com/fax/v5"\n', 1),
        (f'NS = "{layout.NAMESPACE}"\n', 1),  # the schema's target namespace
        ('why = "a per-item -5019 for the second id"\n', 1),
        ('class C:\n    """Doc."""\n\n    NS = "http://schemas.xmlsoap.org/soap/envelope/"\n', 4),
    ],
)
def test_the_scan_finds_an_injected_literal(source: str, line: int) -> None:
    assert {n for n, _ in restated(source)} == {line}


@pytest.mark.parametrize(
    "source",
    [
        '"""Module docstring naming -5019, text/xml and x-ch-request-id."""\n',
        "def f():\n    '''The endpoint https://ws.concordfax.com/fax/v5.'''\n",
        "x = 1  # -5019 is CONTRACT.md §4.2's invalid job id\n",
        "DOC = '<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\">'\n",
        "ids = (-50190, 5019, -1000.5, 1000, 10 * 1024)\n",
        "n = -10000\n",
        'upper = "Application/SOAP+XML; Charset=UTF-8"\n',  # a sample of a case variant
        'text = "job br15019 done in -1000000 ms"\n',
        "from faxstatus._contract import INVALID_JOB_ID\nok = code == INVALID_JOB_ID\n",
    ],
)
def test_the_scan_leaves_prose_samples_and_other_numbers_alone(source: str) -> None:
    assert list(restated(source)) == []


def test_every_constant_cites_the_contract_or_its_source() -> None:
    # Each fact says where it comes from, in the #: line(s) right above it.
    lines = (PKG / "_contract.py").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if re.match(r"[A-Z_0-9]+(: [^=]+)? = ", line):
            above: list[str] = []
            j = i - 1
            while j >= 0 and lines[j].startswith("#:"):
                above.insert(0, lines[j])
                j -= 1
            assert above, f"_contract.py:{i + 1}: {line.split()[0]} has no #: comment"
            assert re.search(r"CONTRACT\.md §|XSD Part|SOAP 1\.", " ".join(above)), line


# -- one "is this JSON?" rule -------------------------------------------------------------

JSON_CASES = [
    ("application/json", b'{"nope": 1}', True),
    ("application/problem+json", b'{"nope": 1}', True),
    ("Application/JSON; charset=utf-8", b"[]", True),
    (None, b'\xef\xbb\xbf  {"nope": 1}', True),
    (None, b"<nope/>", False),
    ("text/xml", b'{"nope": 1}', False),
    ("application/soap+xml", b"<nope/>", False),
]


@pytest.mark.parametrize(("ctype", "body", "json"), JSON_CASES)
def test_the_simulator_reads_json_by_the_codecs_rule(ctype, body, json) -> None:
    assert is_json(parse_content_type(ctype)[0], body) is json
    # The codec reads it as JSON (a JSON path in the error) or as XML ...
    with pytest.raises(DecodeError) as err:
        decode(body, ctype)
    assert (err.value.path or "").startswith("$") is json, err.value
    # ... and the simulator answers its fault in the same form.
    headers = {"content-type": ctype} if ctype else {}
    reply = make_simulator().handle("POST", headers, body, _contract.SERVICE_PATH)
    assert reply.status in (400, 500)
    assert reply.headers["Content-Type"].startswith(_contract.JSON_MEDIA) is json
