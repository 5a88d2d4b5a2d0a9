"""The canonical-layout scanner: it agrees with the parser-based decoder or declines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import faxstatus
from faxstatus import ContentType, DecodeOptions, Direction, Message, _xsd
from faxstatus import models as m
from faxstatus import strategies as fs
from faxstatus._layouts import (
    LAYOUTS,
    canonical,
    default_namespaces,
    gsoap_layout,
    indented,
    message,
    simulator_reply,
    typed,
    with_nil_items,
    xml_nil,
)
from faxstatus.codec import OPERATIONS, _api, json_text
from faxstatus.codec.decoders import scan as _scan

from ..support import schema_changes
from ..support.helpers import make_simulator
from ..support.mutations import mutated
from ..support.paths import VECTORS
from ..support.vectors import fitting
from ..support.vectors import in_schema_namespace as _ns

XML_FORMS = [ContentType.SOAP12, ContentType.SOAP11, ContentType.XML]
OPS_DIRS = [(op, d) for op in OPERATIONS for d in Direction]
GENERIC = DecodeOptions(decoders=("generic",))
#: The scanner alone: what it declines raises instead of reaching the parser.
SCAN = DecodeOptions(decoders=("scan",))
CAP = _scan.DEFAULT_MAX_BYTES


def _cls(name: str) -> type[Any]:
    cls: type[Any] = getattr(m, name)
    return cls


def _json_text(msg: Message) -> str:
    """What ``faxstatus decode`` prints for *msg* (before visible_json)."""
    return json_text(msg)


def _agrees(body: bytes) -> bool:
    """Assert the scanner agrees with the generic decoder on *body*; True when it accepted."""
    found = _scan.scan(body, CAP, _cls)
    text = _scan.scan_json(body)
    # The JSON scanner reads a subset of what the object scanner reads (no optional, nillable
    # or repeated fields, no xsd:double): never more.
    assert text is None or found is not None, body
    if found is None:
        return False
    ref = faxstatus.decode(body, options=GENERIC)  # must not raise: the scanner accepted
    assert isinstance(ref, Message)
    ns, element, payload = found
    assert payload == ref.payload
    assert element == ref.operation.element(ref.direction)
    assert {None: ContentType.XML, faxstatus.codec.SOAP11_NS: ContentType.SOAP11}.get(
        ns, ContentType.SOAP12
    ) is ref.content_type
    assert text is None or text == _json_text(ref)
    for options in (DecodeOptions(), SCAN):
        scanned = faxstatus.decode(body, options=options)
        assert isinstance(scanned, Message)
        assert scanned.payload == ref.payload
        assert (scanned.operation, scanned.direction, scanned.content_type) == (
            ref.operation,
            ref.direction,
            ref.content_type,
        )
        assert scanned.skipped == ref.skipped and scanned.header_blocks == ref.header_blocks
    return True


#: The layouts of faxstatus._layouts that serve both SOAP versions (typed and the simulator's
#: reply are SOAP 1.2 only: they are checked on SOAP 1.2 bodies).
_EITHER_VERSION = ("gsoap", "canonical", "defaultns", "xmlnil")


@pytest.mark.slow
@pytest.mark.parametrize(("op", "direction"), OPS_DIRS, ids=[f"{o}-{d.value}" for o, d in OPS_DIRS])
@settings(max_examples=25)
@given(data=st.data())
def test_generated_messages_scan_as_the_parser_reads_them(op, direction, data):
    msg = data.draw(fs.messages(op, direction))
    for ct in XML_FORMS:
        body = faxstatus.encode(msg, ct).body
        accepted = _agrees(body)
        if ct is not ContentType.XML:
            # Every layout a server may send, as gSOAP's modes and the simulator write it.
            for name, lay in LAYOUTS.items():
                if ct is ContentType.SOAP12 or name in _EITHER_VERSION:
                    assert _agrees(lay(body)) == accepted, name
        # Pretty-printed (gSOAP's indent mode, SoapUI): white space between elements only.
        assert _agrees(indented(body, "\t ")) == accepted
        # Our encoder writes a layout the scanner reads: only shapes a schema change may bring
        # that it does not compile are left out.
        if samples_cover(type(msg)):
            assert accepted, body[:300]


def samples_cover(cls: type[Any]) -> bool:
    """True when the scanner compiles a scanner for *cls* (the FaxWS shapes of today)."""
    from faxstatus.codec._operations import lookup_class

    found = lookup_class(cls)
    assert found is not None
    op, direction = found
    return _scan._compile(op.element(direction), "", False, False, _cls) is not None


@pytest.mark.slow
@settings(max_examples=400)
@given(mutated())
def test_mutations_are_declined_or_read_alike(body):
    """Mutated bytes (well-formed tree changes, byte edits): equal results, or a decline."""
    _agrees(body)


@st.composite
def _edited(draw: st.DrawFn) -> bytes:
    """Byte edits aimed at the scanner's own grammar: declarations, entities, separators."""
    op, direction = draw(st.sampled_from(OPS_DIRS))
    ct = draw(st.sampled_from(XML_FORMS))
    body = faxstatus.encode(draw(fs.messages(op, direction, max_items=2)), ct).body
    pieces = [
        b"&amp;", b"&lt;", b"&#65;", b"&#13;", b"&#xD;", b"&bogus;", b"&", b"]]>", b"\r",
        b"\r\n", b" ", b"\t",
        b"\n", b"/>", b" />", b"<!-- c -->", b"<![CDATA[x]]>", b"<?pi x?>", b"\xef\xbb\xbf",
        b'xmlns:a="urn:a" ', b'xmlns:env="urn:x" ', b'xmlns="" ', b"+", b"-", b"0", b"9" * 12,
        b"\xc3\xa9", b"\xff", b"'", b'"', b"\x01", b"\xef\xbf\xbe", b"</item>", b"<item>",
    ]  # fmt: skip
    buf = bytearray(body)
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, len(buf)))
        if draw(st.booleans()):
            buf[pos:pos] = draw(st.sampled_from(pieces))
        else:
            del buf[pos : pos + draw(st.integers(1, 4))]
    return bytes(buf)


@pytest.mark.slow
@settings(max_examples=600)
@given(_edited())
def test_edits_at_the_grammar_are_declined_or_read_alike(body):
    _agrees(body)


def test_every_vector_is_declined_or_read_alike():
    seen = 0
    for path in sorted(VECTORS.rglob("*.xml")):
        body = path.read_bytes()
        try:
            faxstatus.decode(body, options=GENERIC)
        except faxstatus.CodecError:
            assert _scan.scan(body, CAP, _cls) is None, path
            continue
        seen += _agrees(body)
    # The status vectors hold nil items and CR references on purpose (declined); those of
    # CheckService and SimpleGetFaxStatus are in the canonical layout and are scanned.
    assert seen >= 12


def _item(n: int) -> m.RealTimeFaxStatusEx:
    return m.RealTimeFaxStatusEx(
        fax_job_id=f"br{n}",
        fax_job_status_id=1,
        status_description="Success",
        recipient_state=4,
        recipient_current_page_count=n,
        recipient_total_page_count=7,
        fax_delivery_date_time="2026-11-26T09:15:02Z",
        fax_delivery_duration=143,
        remote_fax_csid="ACME",
        error=m.WSError(error_code=0, error_string=""),
    )


CANONICAL = faxstatus.encode(
    m.RealTimeFaxStatusExResponse(
        return_value=True,
        fax_status_list=m.RealTimeFaxStatusExList(item=[_item(1), _item(2)]),
        wserror=m.WSError(error_code=0, error_string=""),
    ),
    ContentType.SOAP12,
).body


@pytest.mark.parametrize("version", ["11", "12"])
def test_a_gsoap_server_response_is_scanned(version):
    # Captured from the gSOAP 2.8 peer (tests/interop) in its default output mode: the
    # layout of the vendor's gSOAP server (CONTRACT.md §7), CRLF after the Envelope.
    body = fitting(VECTORS / "gsoap" / f"response{version}-plain-ex.xml")
    assert _agrees(body)
    found = _scan.scan(body, CAP, _cls)
    assert found is not None
    assert [i.fax_job_id for i in found[2].fax_status_list.item][-1] == "gs-none"


def test_a_dotnet_style_envelope_is_scanned():
    # ASP.NET writes xsi/xsd declarations on the Envelope, another prefix, "utf-8", and
    # self-closing empty strings.
    body = (
        CANONICAL.replace(b"UTF-8", b"utf-8")
        .replace(
            b'<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">',
            b'<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            b'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
            b'xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">',
        )
        .replace(b"env:", b"soap12:")
        .replace(b"<ErrorString></ErrorString>", b"<ErrorString />")
    )
    assert _agrees(body)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'xmlns:env="http://www.w3.org/2003/05/soap-envelope"', b'xmlns:envx="urn:x"'),
        (b"<env:Envelope ", b'<env:Envelope xmlns:a="urn:a" xmlns:a="urn:b" '),
        (b"<env:Envelope ", b'<env:Envelope xmlns:a="" '),
        (b"<env:Envelope ", b'<env:Envelope xmlns:xmlx="urn:a" '),
        (b"<env:Envelope ", b'<env:Envelope a="1" '),
        (b"<env:Body>", b"<env:Header/><env:Body>"),
        (b"<env:Body>", b'<env:Body a="1">'),
        (b"</env:Body></env:Envelope>", b"</env:Body></env:Envelope><x/>"),
        (b"</env:Body></env:Envelope>", b"</env:Body></envx:Envelope>"),
        (b'encoding="UTF-8"', b'encoding="ISO-8859-1"'),
        (b"<?xml", b" <?xml"),
        (b"<FaxJobId>", b"<FaxJobId>&#65;"),
        (b"<FaxJobId>", b"<FaxJobId>a]]>"),
        (b"<FaxJobId>", b"<FaxJobId>\r"),
        (b"<FaxJobId>", b"<FaxJobId><!-- c -->"),
        (b"<FaxJobStatusId>", b"<FaxJobStatusId> "),
        (b"<item>", b"<item >"),
        (b"<item>", _ns(b'<item xmlns="urn:FaxWS">')),
        (b"<FaxJobStatusId>1<", b"<FaxJobStatusId>1 <"),
    ],
)
def test_outside_the_canonical_layout_is_declined(old, new):
    assert old in CANONICAL
    body = CANONICAL.replace(old, new, 1)
    assert _scan.scan(body, CAP, _cls) is None
    assert _scan.scan_json(body) is None
    _agrees(body)


def test_white_space_between_elements_only():
    pretty = indented(CANONICAL, "\t ")
    assert b"\n\t " in pretty and _agrees(pretty)
    # Inside a type of empty content white space is refused (cvc-complex-type.2.1): declined.
    check = faxstatus.encode(m.CheckService(), ContentType.SOAP12).body
    assert _agrees(check)
    spaced = check.replace(b"></CheckService>", b"> </CheckService>")
    assert spaced != check and _scan.scan(spaced, CAP, _cls) is None
    _agrees(spaced)
    # ... but around it, in the Body, it is not.
    assert _agrees(check.replace(b"<env:Body>", b"<env:Body>\n  "))
    # A string's white space is its value.
    spaced_value = b"<ErrorString> </ErrorString>"
    assert _agrees(CANONICAL.replace(b"<ErrorString></ErrorString>", spaced_value))


def test_out_of_range_and_over_cap_are_declined():
    big = CANONICAL.replace(b"<FaxJobStatusId>", b"<FaxJobStatusId>9999999999", 1)
    assert _scan.scan(big, CAP, _cls) is None
    assert _scan.scan(CANONICAL, len(CANONICAL) - 1, _cls) is None
    assert _scan.scan(CANONICAL, len(CANONICAL), _cls) is not None
    with pytest.raises(faxstatus.DecodeError, match="cap"):
        faxstatus.decode(CANONICAL, options=DecodeOptions(max_bytes=len(CANONICAL) - 1))


def test_a_carriage_return_reference_is_read():
    # Our encoder writes CR as "&#13;" (a literal one becomes LF, XML 1.0 §2.11); the scanner
    # reads that reference, and leaves every other character reference to the parser.
    body = CANONICAL.replace(b"<FaxJobId>", b"<FaxJobId>a&#13;\nb&amp;#13;", 1)
    assert _agrees(body)
    found = _scan.scan(body, CAP, _cls)
    assert found is not None
    assert found[2].fax_status_list.item[0].fax_job_id.startswith("a\r\nb&#13;")
    for ref in (b"&#xD;", b"&#013;", b"&#10;", b"&#13"):
        changed = CANONICAL.replace(b"<FaxJobId>", b"<FaxJobId>" + ref, 1)
        assert _scan.scan(changed, CAP, _cls) is None, ref
        _agrees(changed)


def test_entities_signs_and_empty_forms_are_read():
    body = (
        CANONICAL.replace(b"<FaxJobId>", b"<FaxJobId>&lt;a&amp;b&gt;&quot;&apos;", 1)
        .replace(b"<FaxJobStatusId>", b"<FaxJobStatusId>+00", 1)
        .replace(b"<return>true</return>", b"<return>1</return>")
    )
    assert _agrees(body)
    found = _scan.scan(body, CAP, _cls)
    assert found is not None
    item = found[2].fax_status_list.item[0]
    assert item.fax_job_id.startswith("<a&b>\"'")


def test_a_wrong_operation_is_left_to_the_parser_to_name():
    with pytest.raises(faxstatus.DecodeError, match="expected"):
        faxstatus.decode(CANONICAL, operation_name="GetFaxStatus")
    with pytest.raises(faxstatus.DecodeError, match="expected"):
        faxstatus.decode(CANONICAL, direction=Direction.REQUEST)


def test_the_scanner_runs_for_canonical_input():
    # The scanner alone: it decodes canonical input, and declines the rest (nothing behind
    # it parses); the whole chain then decodes what it declined.
    out = faxstatus.decode(CANONICAL, options=SCAN)
    assert isinstance(out, Message)
    spaced = CANONICAL.replace(b"<item>", b"<item >", 1)
    with pytest.raises(faxstatus.DecodeError, match=r"chain \(scan\) declined"):
        faxstatus.decode(spaced, options=SCAN)
    assert isinstance(faxstatus.decode(spaced), Message)
    assert _api._scanned(CANONICAL, None, None, CAP) is not None


def test_tables_match_the_codec():
    assert _scan.INT_RANGES is _xsd.INT_RANGES  # one table (faxstatus._contract), not two
    from faxstatus.codec import _xml

    assert _xml.DEFAULT_MAX_BYTES == _scan.DEFAULT_MAX_BYTES == DecodeOptions().max_bytes
    dense = b"<x/>" * 120_000
    assert _scan.dense(dense)
    with pytest.raises(faxstatus.DecodeError, match="denser"):
        faxstatus.decode(dense)
    assert not _scan.dense(CANONICAL)


def _cli(body: bytes, scanner: bool) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of ``faxstatus decode FILE``, the scanner on or off."""
    import contextlib
    import io
    import tempfile
    from unittest import mock

    from faxstatus.cli import _codec_cmds, main

    off = mock.patch.object(_codec_cmds, "_scanned_json", lambda data: None)
    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.xml"
        path.write_bytes(body)
        with (
            off if not scanner else contextlib.nullcontext(),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            code = main(["decode", str(path)])
    return code, out.getvalue(), err.getvalue().replace(str(path), "FILE")


@pytest.mark.slow
@settings(max_examples=150)
@given(st.one_of(_edited(), mutated()))
def test_cli_decode_prints_the_same_with_or_without_the_scanner(body):
    assert _cli(body, True) == _cli(body, False)


def test_cli_decode_of_canonical_input_uses_the_scanner():
    lean = _cli(CANONICAL, True)
    assert lean == _cli(CANONICAL, False)
    assert lean[0] == 0 and '"GetRealTimeFaxStatusExResponse"' in lean[1]
    assert _scan.scan_json(CANONICAL) is not None
    # Text that would pass for curl -v output ("> " starting a line) is left to the capture
    # parser, which reads it as such.
    curlish = CANONICAL.replace(b"<FaxJobId>", b"<FaxJobId>\n> x", 1)
    assert _cli(curlish, True) == _cli(curlish, False)
    # A CR inside the Envelope's start tag, then "> ": a curl -v line to splitlines() too.
    cr = CANONICAL.replace(b'envelope">', b'envelope"\r> ', 1)
    assert cr != CANONICAL and _scan.scan_json(cr) is not None
    assert _cli(cr, True) == _cli(cr, False)


def test_no_memo_outlives_a_call():
    body = CANONICAL.replace(b"<FaxJobStatusId>1<", b"<FaxJobStatusId>77<", 1)
    first = _scan.scan(body, CAP, _cls)
    again = _scan.scan(CANONICAL, CAP, _cls)
    assert first is not None and again is not None
    assert first[2].fax_status_list.item[0].fax_job_status_id == 77
    assert again[2].fax_status_list.item[0].fax_job_status_id == 1
    for scanner in _scan._CACHE.values():
        if scanner is not None:
            held = scanner.__globals__.values()
            assert not any(isinstance(v, _scan._IntMemo) for v in held)


GSOAP12 = fitting(VECTORS / "gsoap" / "response12-plain-ex.xml")
_GSOAP_DECL = _ns(b'xmlns:FaxWS="urn:FaxWS"')


def _declaring(value: bytes) -> bytes:
    """The gSOAP response with one more namespace declaration on its Envelope."""
    assert _GSOAP_DECL in GSOAP12
    return GSOAP12.replace(_GSOAP_DECL, _GSOAP_DECL + b' xmlns:a="' + value + b'"', 1)


@pytest.mark.parametrize(
    "value",
    [
        b"urn:a b",  # not a URI: libxml2 reports it in the namespace domain, which is refused
        b"urn:a%zz",
        b"http://h:/",
        b"urn:a\x7f",
        b"urn:\xc3\xa9",
        b"urn:\xef\xbf\xbe",  # U+FFFE: not even a character
        b"urn:a>b",
        b"urn:{a}",
        b"foo",  # relative: libxml2 before 2.11 warns "is not absolute" (namespace domain)
        b"http://www.w3.org/XML/1998/namespace",  # bound to another prefix than xml
        b"http://www.w3.org/2000/xmlns/",
        b"urn:" + b"a" * 10_000_001,  # over libxml2's limit on an attribute value
    ],
    ids=lambda v: repr(v[:40]),
)
def test_namespace_names_the_parser_refuses_are_declined(value):
    body = _declaring(value)
    assert _scan.scan(body, CAP, _cls) is None
    assert _scan.scan_json(body) is None
    if len(body) < 10_000:
        _agrees(body)


@pytest.mark.slow
@settings(max_examples=300)
@given(st.from_regex(_scan._URI, fullmatch=True))
def test_namespace_names_in_the_uri_grammar_are_read_alike(value):
    """Every namespace name the scanner's grammar admits is one libxml2 takes quietly."""
    body = _declaring(value.encode("ascii"))
    assert _agrees(body) == (value not in _scan._RESERVED_NS)


@settings(max_examples=300)
@given(st.text(st.characters(codec="utf-8", exclude_characters='"&<'), max_size=30))
def test_any_namespace_name_is_declined_or_read_alike(value):
    _agrees(_declaring(value.encode("utf-8")))


@pytest.mark.parametrize("length", [64, 65, 50_001])
def test_names_are_short_or_declined(length):
    # libxml2 refuses a name over 50,000 characters without huge_tree; the scanner takes
    # prefixes of up to 64 characters.
    env = b"e" * length
    body = CANONICAL.replace(b"env:", env + b":").replace(b"xmlns:env=", b"xmlns:" + env + b"=")
    decl = CANONICAL.replace(b"<env:Envelope ", b'<env:Envelope xmlns:%s="urn:a" ' % env, 1)
    for b in (body, decl):
        assert (_scan.scan(b, CAP, _cls) is not None) == (length <= 64)
        _agrees(b)


def test_payload_prefixes_other_than_gsoaps_are_declined_and_compile_nothing():
    # A scanner is compiled per payload prefix: one per prefix a peer may choose would grow
    # the cache (and cost a compile, tens of milliseconds) with every new prefix.
    assert _agrees(GSOAP12)
    before = len(_scan._CACHE)
    for n in range(20):
        p = b"F%d" % n
        body = GSOAP12.replace(b"FaxWS:", p + b":").replace(b"xmlns:FaxWS=", b"xmlns:" + p + b"=")
        assert _scan.scan(body, CAP, _cls) is None
        assert _scan.scan_json(body) is None
        _agrees(body)
    assert len(_scan._CACHE) == before


@pytest.mark.parametrize("form", XML_FORMS)
@pytest.mark.parametrize("tag", [b"<CheckService/>", b"<CheckService />"])
def test_a_self_closed_empty_payload_is_scanned(form, tag):
    body = faxstatus.encode(m.CheckService(), form).body
    empty = _ns(b'<CheckService xmlns="urn:FaxWS"></CheckService>')
    assert empty in body
    closed = body.replace(
        empty, tag.replace(b"CheckService", _ns(b'CheckService xmlns="urn:FaxWS"'))
    )
    assert _agrees(closed)
    if form is not ContentType.XML:
        assert _agrees(gsoap_layout(closed))


@pytest.mark.parametrize(
    ("occurs", "counts"), [((1, -1), (1, 0)), ((0, 2), (2, 3)), ((2, 2), (2, 1))]
)
def test_list_bounds_are_checked(monkeypatch, occurs, counts):
    # The scanner checks a list's count against the layout table's bounds: within them it
    # reads, outside it declines (the checked decoder names the count). Only the scanner's
    # table is changed here, so only the scanner's verdict is compared.
    from faxstatus.models import layout

    kind, cls, [(name, attr, ftype, _, _, nillable)] = layout.TYPES["FaxJobIds"]
    changed = (kind, cls, ((name, attr, ftype, *occurs, nillable),))
    monkeypatch.setitem(layout.TYPES, "FaxJobIds", changed)
    monkeypatch.setattr(_scan, "_CACHE", {})
    within, outside = counts
    for n, ok in ((within, True), (outside, False)):
        ids = m.FaxJobIds(item=[m.FaxJobId(job_id=f"br{i}") for i in range(n)])
        body = faxstatus.encode(m.GetFaxStatus(user_id="u", str_pin="p", fax_job_ids=ids)).body
        assert (_scan.scan(body, CAP, _cls) is not None) is ok, n


def test_white_space_runs_are_bounded_and_linear():
    import time

    # libxml2 refuses a text node (white space included) over 10,000,000 bytes without
    # huge_tree; the scanner declines runs over 1,000,000, and never searches: a long run
    # followed by junk costs one pass, not one per position.
    long_run = CANONICAL.replace(b"<FaxStatusList>", b"<FaxStatusList>" + b" " * 1_000_001, 1)
    assert _scan.scan(long_run, 1 << 30, _cls) is None
    ok_run = CANONICAL.replace(b"<FaxStatusList>", b"<FaxStatusList>" + b"\n" * 1_000_000, 1)
    assert _scan.scan(ok_run, 1 << 30, _cls) is not None
    junk = CANONICAL.replace(b"<FaxStatusList>", b"<FaxStatusList>" + b" " * 200_000 + b"x", 1)
    start = time.process_time()
    assert _scan.scan(junk, 1 << 30, _cls) is None
    # Quadratic retrying would take minutes here; linear work takes milliseconds.
    assert time.process_time() - start < 5


def _big_decode(body: bytes) -> Any:
    return faxstatus.decode(body, options=DecodeOptions(decoders=("generic",), max_bytes=1 << 30))


_ENV_TAG = b'<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">'


@pytest.mark.parametrize(
    "body",
    [
        # 16 declarations, each after a run under the between-elements bound: 16 MB in a tag.
        CANONICAL.replace(
            _ENV_TAG,
            b"<env:Envelope"
            + b"".join(b" " * 999_999 + b'xmlns:a%d="urn:a"' % i for i in range(15))
            + b"\n" * 999_999
            + _ENV_TAG[len(b"<env:Envelope ") :],
        ),
        CANONICAL.replace(b" xmlns:env=", b" " * 10_100_000 + b"xmlns:env="),
        faxstatus.encode(m.CheckService(), ContentType.XML).body.replace(
            b" xmlns=", b"\n" * 10_100_000 + b"xmlns="
        ),
    ],
    ids=["envelope-16-runs", "envelope-one-run", "plain-root"],
)
def test_white_space_inside_start_tags_is_bounded(body):
    # libxml2 refuses a start tag spanning over 10,000,000 bytes without huge_tree ("Buffer
    # size limit exceeded"), whatever max_bytes allows: the scanner declines such tags long
    # before (runs of at most 10,000 characters inside a tag).
    assert len(body) > 10_000_000
    with pytest.raises(faxstatus.DecodeError, match="limit"):
        _big_decode(body)
    assert _scan.scan(body, 1 << 30, _cls) is None
    assert _scan.scan_json(body, 1 << 30) is None


_TAG_RUNS = [
    (b" xmlns:env=", b"%sxmlns:env="),
    (b'envelope">', b'envelope"%s>'),
    (_ns(b' xmlns="urn:FaxWS">'), _ns(b'%sxmlns="urn:FaxWS">')),
    (_ns(b' xmlns="urn:FaxWS">'), _ns(b' xmlns="urn:FaxWS"%s>')),
    (b"<ErrorString></ErrorString>", b"<ErrorString%s/>"),
]


@pytest.mark.parametrize(("old", "new"), _TAG_RUNS)
def test_white_space_inside_start_tags_up_to_the_bound_is_read(old, new):
    run = b"\r\n" + b"\t" * 9_998
    assert old in CANONICAL
    assert _agrees(CANONICAL.replace(old, new % run, 1))
    over = CANONICAL.replace(old, new % (run + b" "), 1)
    assert _scan.scan(over, CAP, _cls) is None
    _agrees(over)


_NIL_MSG = with_nil_items(message(6), every=3)
_SOAP = faxstatus.encode(message(6), ContentType.SOAP12).body
_NIL_SOAP = faxstatus.encode(_NIL_MSG, ContentType.SOAP12).body


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_layout_a_server_may_send_is_scanned(name):
    # gSOAP's modes (default, canonical, defaultns, SOAP_XML_NIL, indent, soapcpp2 -t) and
    # the simulator's reply: the scanner reads each and agrees with the checked decoder.
    body = LAYOUTS[name](_NIL_SOAP if name == "xmlnil" else _SOAP)
    assert _agrees(body), body[:300]
    assert _scan.scan_json(body) is not None


def test_our_nil_items_and_gsoaps_are_scanned():
    assert b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>' in _NIL_SOAP
    for body in (_NIL_SOAP, xml_nil(_NIL_SOAP), indented(xml_nil(_NIL_SOAP))):
        assert _agrees(body)
        found = _scan.scan(body, CAP, _cls)
        assert found is not None and found[2] == _NIL_MSG
    gs = xml_nil(_NIL_SOAP)
    assert b'<FaxWS:item xsi:nil="true"/>' in gs
    for old, new in [
        (b'xsi:nil="true"/>', b'xsi:nil="1"/>'),  # XSD Part 2 §3.2.2: "1" is true
        (b'xsi:nil="true"/>', b'xsi:nil="true" />'),
    ]:
        assert _agrees(gs.replace(old, new))
    for old, new in [
        (b'xsi:nil="true"/>', b'xsi:nil="false"/>'),  # not nil: then the item lacks content
        (b'xsi:nil="true"/>', b'xsi:nil="true"></FaxWS:item>'),
        (b'xsi:nil="true"/>', b"xsi:nil='true'/>"),
        (b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', b""),  # xsi unbound
        (b'<FaxWS:item xsi:nil="true"/>', b'<FaxWS:item xsi:nil="true" xsi:type="x"/>'),
    ]:
        changed = gs.replace(old, new)
        assert changed != gs
        assert _scan.scan(changed, CAP, _cls) is None, new
        _agrees(changed)
    # A nil element the schema does not make nillable is the checked decoder's to refuse.
    bad = gs.replace(b"<FaxWS:ErrorCode>0</FaxWS:ErrorCode>", b'<FaxWS:ErrorCode xsi:nil="true"/>')
    assert bad != gs and _scan.scan(bad, CAP, _cls) is None
    with pytest.raises(faxstatus.DecodeError, match="not nillable"):
        faxstatus.decode(bad)


def test_xsi_type_is_read_only_when_it_names_the_declared_type():
    body = typed(_SOAP)
    assert b'<FaxJobStatusId xsi:type="xsd:int">' in body
    assert _agrees(body)
    # soapcpp2 -t names the complex types too, under the target namespace's prefix.
    every = typed(_SOAP, "FaxWS")
    assert b'<Error xsi:type="FaxWS:WSError">' in every
    assert _agrees(every)
    for old, new in [
        (b'xsi:type="xsd:int"', b'xsi:type="xsd:long"'),  # valid or not, another type
        (b'xsi:type="xsd:int"', b'xsi:type="xs:int"'),  # xs is not bound
        (b'xsi:type="xsd:int"', b'xsi:type="int"'),
        (b'xsi:type="xsd:int"', b"xsi:type='xsd:int'"),
        (b'xsi:type="xsd:int"', b'xsi:type="xsd:int" a="1"'),
        (b'xsi:type="xsd:string"', b'xsi:type="xsd:int"'),
    ]:
        changed = body.replace(old, new, 1)
        assert changed != body
        assert _scan.scan(changed, CAP, _cls) is None, new
        _agrees(changed)
    # Another prefix bound to the XSD namespace is read like xsd.
    xs = body.replace(b'xmlns:xsd="', b'xmlns:xs="').replace(b'"xsd:', b'"xs:')
    assert _agrees(xs)


def test_declarations_on_the_payload_and_default_namespaces_are_scanned():
    canon = canonical(_SOAP)
    assert not canon.startswith(b"<?xml") and _ns(b'Response xmlns:FaxWS="urn:FaxWS">') in canon
    assert _agrees(canon)
    dns = default_namespaces(_SOAP)
    assert dns.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Envelope xmlns="')
    assert _agrees(dns)
    for body, old, new in [
        (canon, _ns(b' xmlns:FaxWS="urn:FaxWS"'), b""),  # unbound
        (
            canon,
            _ns(b' xmlns:FaxWS="urn:FaxWS"'),
            _ns(b' xmlns:FaxWS="urn:FaxWS"') + b' xmlns:FaxWS="urn:x"',
        ),
        (canon, _ns(b' xmlns:FaxWS="urn:FaxWS"'), _ns(b' xmlns:FaxWS="urn:FaxWS"')[:-1] + b'x"'),
        (canon, b"</SOAP-ENV:Body></SOAP-ENV:Envelope>", b"</Body></SOAP-ENV:Envelope>"),
        (dns, b"<Body>", b"<x:Body>"),
        (dns, b"</Body></Envelope>", b"</Body></x:Envelope>"),
        (dns, b'<Envelope xmlns="', b'<Envelope xmlns:x="urn:a" xmlns="urn:x" xmlns:y="'),
    ]:
        changed = body.replace(old, new, 1)
        assert changed != body
        assert _scan.scan(changed, CAP, _cls) is None, new
        _agrees(changed)
    # The payload may rebind what the Envelope bound: its own declaration is in force.
    rebound = gsoap_layout(_SOAP).replace(
        b"<FaxWS:RealTimeFaxStatusExResponse>",
        b'<FaxWS:RealTimeFaxStatusExResponse xmlns:FaxWS="urn:x">',
    )
    assert _scan.scan(rebound, CAP, _cls) is None
    _agrees(rebound)


def test_the_simulators_own_reply_is_scanned():
    sim = make_simulator()
    ids = m.FaxJobIds(item=[m.FaxJobId(job_id=f"br100000000{i}") for i in range(1, 4)])
    req = faxstatus.encode(
        m.GetRealTimeFaxStatusEx(user_id="demo-user", str_pin="demo-pin", fax_job_ids=ids),
        ContentType.SOAP12,
    )
    reply = sim.handle("POST", req.headers, req.body)
    assert reply.status == 200
    # The layout the bench times as the simulator's is this one.
    ours = faxstatus.encode(faxstatus.decode(reply.body).payload, ContentType.SOAP12).body
    assert simulator_reply(ours) == reply.body
    assert _agrees(reply.body)
    assert _scan.scan(reply.body, CAP, _cls) is not None


def test_a_changed_target_namespace_is_followed(monkeypatch):
    # The scanner takes the target namespace from the layout table (schema/): documents in
    # another namespace are declined, those in the table's are read.
    from faxstatus.models import layout

    gs = gsoap_layout(_SOAP)
    assert _scan.scan(gs, CAP, _cls) is not None
    here, other = layout.NAMESPACE, f"{layout.NAMESPACE}:moved"
    monkeypatch.setattr(layout, "NAMESPACE", other)
    assert _scan.scan(gs, CAP, _cls) is None
    assert _scan.scan(_SOAP, CAP, _cls) is None
    moved = gs.replace(f'xmlns:FaxWS="{here}"'.encode(), f'xmlns:FaxWS="{other}"'.encode())
    assert _scan.scan(moved, CAP, _cls) is not None
    assert gsoap_layout(_SOAP) != gs and f'xmlns:FaxWS="{other}"'.encode() in gsoap_layout(_SOAP)


def test_a_typed_message_with_many_attributes_is_scanned():
    # Past PRESCAN_EQUALS "=" the codec checks start tags for more than MAX_ATTRIBUTES
    # attributes before parsing; the scanner's grammar admits at most 16 on any tag, so it
    # reads such bodies itself.
    from faxstatus.codec import _xml

    assert _scan._XMLNS.count("{0,16}") == 1 and _xml.MAX_ATTRIBUTES > 16
    body = typed(faxstatus.encode(message(2000), ContentType.SOAP12).body)
    assert body.count(b"=") > _scan.PRESCAN_EQUALS
    assert _scan.scan(body, CAP, _cls) is not None
    assert _agrees(body)


def test_the_scanner_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(_scan, "_CACHE", {})
    monkeypatch.setattr(_scan, "_CACHE_SIZE", 3)
    gs = gsoap_layout(_SOAP)
    for p in sorted(_scan.PAYLOAD_PREFIXES)[:5]:
        # Tags and the declaration only: the namespace's own name may hold "FaxWS:" too.
        body = re.sub(rb"(</?)FaxWS:", rb"\1" + p.encode() + b":", gs).replace(
            b"xmlns:FaxWS=", b"xmlns:" + p.encode() + b"="
        )
        assert _scan.scan(body, CAP, _cls) is not None, p
        assert len(_scan._CACHE) <= 3


_NEW_NAMESPACE_CHECK = """
import sys
import faxstatus
from faxstatus import ContentType, DecodeOptions
from faxstatus._layouts import LAYOUTS, message
from faxstatus.codec.decoders import scan
from faxstatus.models import layout

old = open(sys.argv[1], "rb").read()
assert layout.NAMESPACE == sys.argv[2], layout.NAMESPACE
for chain in (("scan", "validated", "generic"), ("generic",)):
    try:
        faxstatus.decode(old, options=DecodeOptions(decoders=chain))
    except faxstatus.CodecError:
        continue
    raise SystemExit(f"an old-namespace document decoded with {chain}")
body = faxstatus.encode(message(3), ContentType.SOAP12).body
for name, lay in LAYOUTS.items():
    got = faxstatus.decode(lay(body), options=DecodeOptions(decoders=("scan",)))
    assert got.payload == message(3), name
print("ok")
"""


def _run_on_changed_copy(tmp_path: Path, change: str, script: str, *args: str) -> dict[str, str]:
    """Run *script* in a Python whose faxstatus is regenerated from schema/ with *change*.

    Asserts that it printed "ok"; returns the change's names.
    """
    import os
    import shutil
    import subprocess
    import sys

    from ..support.paths import ROOT

    schema, pkg = tmp_path / "schema", tmp_path / "pkg"
    shutil.copytree(ROOT / "schema", schema)
    shutil.copytree(
        ROOT / "faxstatus", pkg / "faxstatus", ignore=shutil.ignore_patterns("__pycache__")
    )
    names = schema_changes.CHANGES[change](schema)
    gen = [sys.executable, str(ROOT / "codegen" / "generate.py"), "--schema", str(schema)]
    subprocess.run([*gen, "--out", str(pkg / "faxstatus" / "models")], check=True)
    proc = subprocess.run(
        [sys.executable, "-c", script, *(a.format(**names) for a in args)],
        env={**os.environ, "PYTHONPATH": str(pkg)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stdout + proc.stderr
    return names


@pytest.mark.slow
def test_a_target_namespace_changed_in_the_schema_is_followed(tmp_path):
    # schema/ with another targetNamespace, the package regenerated from it: documents in the
    # old namespace decode by no chain, and every layout in the new one is scanned.
    old = tmp_path / "old.xml"  # a gSOAP response in the namespace before the change
    old.write_bytes(fitting(VECTORS / "gsoap" / "response12-plain-ex.xml"))
    _run_on_changed_copy(
        tmp_path, "namespace_change", _NEW_NAMESPACE_CHECK, str(old), "{namespace}"
    )


_RETYPED_CHECK = """
import json
import faxstatus
from faxstatus import ContentType, DecodeOptions, models as m
from faxstatus._layouts import LAYOUTS
from faxstatus.codec._plan import plan_for
from faxstatus.codec._values import fill
from faxstatus.codec import json_text
from faxstatus.codec.decoders import scan

msg = fill(plan_for(m.RealTimeFaxStatusEx3Response), {"return": True}, "2026-11-26T09:15:02Z")
op = faxstatus.codec.OPERATIONS["GetRealTimeFaxStatusEx3"]
item = getattr(getattr(msg, op.list_attr), op.list_items_attr)[0]
assert item.fax_delivery_date_time == "2026-11-26T09:15:02Z", item
fields = plan_for(type(item)).fields
plain = not any(f.optional or f.nillable or f.is_list for f in fields)
body = faxstatus.encode(msg, ContentType.SOAP12).body
want = json.loads(faxstatus.encode(msg, ContentType.JSON).body)
for name, lay in LAYOUTS.items():
    if name == "xmlnil":
        continue  # a layout of nil items; this message has none
    doc = lay(body)
    got = faxstatus.decode(doc, options=DecodeOptions(decoders=("scan",)))
    assert got.payload == msg, name
    text = scan.scan_json(doc)
    # The JSON scanner reads required, single, non-nillable elements only (else `decode`
    # writes the objects' JSON text): where Ex3's items are all such, it must read them.
    assert text is not None or not plain, name
    assert text is None or text == json_text(got), name  # what `faxstatus decode` prints
    assert text is None or json.loads(text) == want, name
print("ok")
"""


@pytest.mark.slow
def test_a_string_retyped_as_datetime_is_still_scanned_to_objects_and_json(tmp_path):
    # The vendor retypes Ex3's FaxDeliveryDateTime as xsd:dateTime and FaxDeliveryAttempts as
    # xsd:unsignedInt: both scanners, to objects and to `faxstatus decode`'s JSON text, read
    # an Ex3 response in every layout.
    _run_on_changed_copy(tmp_path, "type_change", _RETYPED_CHECK)
