"""Decoding stays linear and bounded: attribute limits, markup density, lenient skipping, the
DOCTYPE pre-scan in every encoding libxml2 reads.

The time bounds are CPU seconds of this process (``time.process_time``), so a loaded machine
does not fail them; each is far below what the quadratic behaviour they guard against took.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

import faxstatus
from faxstatus import DecodeError, DecodeOptions
from faxstatus.codec import _xml

S12 = "http://www.w3.org/2003/05/soap-envelope"
#: The schema's target namespace (it follows schema/ after make generate).
NS = faxstatus.codec.FAXWS_NS
LENIENT = DecodeOptions(strict=False)


def check_service(inner: str = "", attrs: str = "", envelope_attrs: str = "") -> bytes:
    return (
        f'<e:Envelope xmlns:e="{S12}"{envelope_attrs}><e:Body>'
        f'<CheckServiceResponse xmlns="{NS}"{attrs}>{inner}<return>x</return>'
        "</CheckServiceResponse></e:Body></e:Envelope>"
    ).encode()


def attributes(n: int, prefix: str = "a") -> str:
    return "".join(f' {prefix}{i}="1"' for i in range(n))


@pytest.mark.parametrize("options", [DecodeOptions(), LENIENT], ids=["strict", "lenient"])
@pytest.mark.parametrize("n", [65, 19_000])
def test_too_many_attributes_on_one_element_is_a_typed_error(options, n):
    # Was: strict quadratic (lxml's attrib.items()), lenient accepted all of them, slowly.
    started = time.process_time()
    with pytest.raises(DecodeError, match="more than 64 attributes on one element"):
        faxstatus.decode(check_service(attrs=attributes(n)), options=options)
    assert time.process_time() - started < 5


def test_sixty_four_attributes_are_still_read():
    msg = faxstatus.decode(check_service(attrs=attributes(64)), options=LENIENT)
    assert isinstance(msg, faxstatus.Message) and len(msg.skipped) == 64


@pytest.mark.parametrize("kind", ["attributes", "namespaces"])
def test_a_crowded_start_tag_is_refused_before_libxml2_builds_it(kind, monkeypatch):
    n = 25_000  # past the pre-scan's threshold of "=" in a body
    extra = attributes(n) if kind == "attributes" else attributes(n, "xmlns:p")
    body = check_service(envelope_attrs=extra)

    def never(*args, **kw):
        raise AssertionError("libxml2 was given the body")

    monkeypatch.setattr(_xml.etree, "fromstring", never)
    with pytest.raises(DecodeError, match="has more than 64 attributes"):
        faxstatus.decode(body)


def test_markup_denser_than_any_faxws_message_is_refused_before_parsing(monkeypatch):
    body = check_service(inner="<x/>" * 200_000)
    monkeypatch.setattr(_xml.etree, "fromstring", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(DecodeError, match="denser than any FaxWS message"):
        faxstatus.decode(body)


@pytest.mark.parametrize("n", [16_000, 200_000])
def test_lenient_skipping_is_linear_and_lists_a_bounded_number(n):
    # Was: 16,000 unknown siblings (64 KiB) took 30-250 s (a path per sibling, each O(n)).
    started = time.process_time()
    msg = faxstatus.decode(check_service(inner="<unknown123/>" * n), options=LENIENT)
    assert time.process_time() - started < 5
    assert isinstance(msg, faxstatus.Message) and msg.payload.return_value == "x"
    assert len(msg.skipped) == _xml.MAX_SKIPPED + 1
    assert msg.skipped[0] == "/Envelope/Body/CheckServiceResponse/unknown123[1]"
    assert msg.skipped[-1].startswith("…")


def test_lenient_paths_keep_their_form_in_narrow_elements():
    msg = faxstatus.decode(check_service(inner="<a/><b/><a/>"), options=LENIENT)
    assert msg.skipped == (
        "/Envelope/Body/CheckServiceResponse/a[1]",
        "/Envelope/Body/CheckServiceResponse/b",
        "/Envelope/Body/CheckServiceResponse/a[2]",
    )


def test_an_error_deep_in_a_wide_list_names_its_index_without_a_list_of_siblings():
    body = check_service(inner="<x/>" * 50_000 + "<y/>" + "<x/>" * 3)
    started = time.process_time()
    with pytest.raises(DecodeError) as info:
        faxstatus.decode(body)
    assert time.process_time() - started < 5
    assert "/CheckServiceResponse/x[1]" in str(info.value)


# -- the DOCTYPE pre-scan, in every encoding family ------------------------------------------

DTD_DOC = (
    '<!DOCTYPE r [<!ENTITY x "y">]><e:Envelope xmlns:e="' + S12 + '"><e:Body>'
    f'<CheckServiceResponse xmlns="{NS}"><return>&x;</return></CheckServiceResponse>'
    "</e:Body></e:Envelope>"
)


def declared(enc: str) -> str:
    return f'<?xml version="1.0" encoding="{enc}"?>' + DTD_DOC


BODIES = {
    "utf-32-bom": declared("UTF-32").encode("utf-32"),
    "utf-32-le": declared("UTF-32LE").encode("utf-32-le"),
    "utf-32-be": declared("UTF-32BE").encode("utf-32-be"),
    "utf-32-le-bom": b"\xff\xfe\x00\x00" + declared("UTF-32").encode("utf-32-le"),
    "utf-16": declared("UTF-16").encode("utf-16"),
    "utf-16-be-no-bom": declared("UTF-16BE").encode("utf-16-be"),
    "utf-8-bom": b"\xef\xbb\xbf" + declared("UTF-8").encode(),
    "latin-1": declared("ISO-8859-1").encode("latin-1"),
    "utf-7": b'<?xml version="1.0" encoding="UTF-7"?>'
    + b"+ADwAIQ-DOCTYPE r +AFs-+ADw-!ENTITY x +ACI-y+ACI-+AD4AXQA+-"
    + DTD_DOC.split("]>", 1)[1].encode(),
}


@pytest.mark.parametrize("name", list(BODIES))
def test_the_doctype_prescan_covers_every_encoding_libxml2_reads(name, monkeypatch):
    monkeypatch.setattr(_xml.etree, "fromstring", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(DecodeError, match=r"document type declarations|declared encoding"):
        faxstatus.decode(BODIES[name])


@pytest.mark.parametrize(
    "start",
    [b"\x00\x00<\x00", b"\x00<\x00\x00", b"\x4c\x6f\xa7\x94"],
    ids=["2143", "3412", "ebcdic"],
)
def test_byte_orders_and_ebcdic_are_refused_before_parsing(start, monkeypatch):
    monkeypatch.setattr(_xml.etree, "fromstring", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(DecodeError, match="unsupported document encoding"):
        faxstatus.decode(start + b"\x00" * 40)


@pytest.mark.parametrize("enc", ["utf-8", "UTF-16", "iso-8859-1", "windows-1252", "US-ASCII"])
def test_ordinary_declared_encodings_still_decode(enc):
    text = check_service().decode()
    body = (f'<?xml version="1.0" encoding="{enc}"?>' + text).encode(enc.lower())
    assert faxstatus.decode(body).payload.return_value == "x"


def test_libxml2_would_have_read_those_doctypes():
    # What the pre-scan guards against: libxml2 itself reads UTF-32 and UTF-7 documents.
    root = etree.fromstring(BODIES["utf-32-le"], etree.XMLParser(resolve_entities=False))
    assert root.getroottree().docinfo.doctype


@settings(max_examples=300)
@given(st.lists(st.sampled_from([b"<", b"=", b"a", b" ", b'="x"', b"<t"]), max_size=400))
@example([b"<t", *[b' a="x"'] * 65])  # crowded
@example([b"<t", *[b' a="x"'] * 64, b"<", b"="])  # 64, then one more after the next "<"
@example([b"=" * 64, b"a", b"="])  # 65 before any "<"
def test_the_crowded_stretch_check_counts_equals_between_tags(pieces):
    # bytes.translate leaves "<" and "="; a run of 65 "=" is a stretch between two "<" with
    # more than 64 of them: what counting "=" in every piece between "<" finds.
    data = b"".join(pieces) * 3
    counted = max(piece.count(b"=") for piece in data.split(b"<")) > _xml.MAX_ATTRIBUTES
    assert (_xml._CROWDED_RUN in data.translate(None, _xml._NOT_MARKUP)) == counted
