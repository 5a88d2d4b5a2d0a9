"""encode_notification: the vendor's order, headers and namespace; what it writes reads back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from faxstatus._contract import PUSH_FIELDS, PUSH_IMAGE_FIELD
from faxstatus.push import FLAVOURS, encode_notification, parse_notification, vendor_order

from ..support.push import FIELDS, FORM_BODY, IMAGE

URL = "http://127.0.0.1:8080/ConcordFaxDeliveryNotification.Asp"


def test_form_is_the_templates_body_byte_for_byte() -> None:
    method, target, headers, body = encode_notification(FIELDS, "form", url=URL)
    assert (method, target) == ("POST", "/ConcordFaxDeliveryNotification.Asp")
    assert body == FORM_BODY
    assert ("Content-Type", "application/x-www-form-urlencoded") in headers
    assert ("Content-Length", str(len(body))) in headers
    assert ("Host", "127.0.0.1:8080") in headers


def test_any_order_given_is_sent_in_the_vendors_order() -> None:
    shuffled = dict(reversed(FIELDS))
    _, _, _, body = encode_notification(shuffled, "form", url=URL)
    assert body == FORM_BODY
    assert vendor_order([("Extra", "1"), *reversed(FIELDS)]) == [*FIELDS, ("Extra", "1")]


def test_soap_has_the_action_header_and_the_default_namespace() -> None:
    _, _, headers, body = encode_notification(FIELDS, "soap", url=URL, image=IMAGE)
    assert ("SOAPAction", "C3FDNS/FaxDeliveryNotification") in headers
    assert dict(headers)["Content-Type"].startswith("text/xml")
    root = etree.fromstring(body)
    payload = root[0][0]
    assert payload.tag == "{C3FDNS}FaxDeliveryNotification" and payload.prefix is None
    assert [etree.QName(c).localname for c in payload] == [*PUSH_FIELDS, PUSH_IMAGE_FIELD]
    assert all(c.prefix is None and etree.QName(c).namespace == "C3FDNS" for c in payload)


def test_get_appends_to_a_query_the_url_already_has() -> None:
    method, target, _, body = encode_notification(FIELDS, "get", url=URL + "?k=v")
    assert method == "GET" and body == b""
    assert target == "/ConcordFaxDeliveryNotification.Asp?k=v&" + FORM_BODY.decode()


def test_the_multipart_boundary_never_occurs_in_the_content() -> None:
    _, _, headers, body = encode_notification(FIELDS, "multipart", url=URL, image=IMAGE)
    boundary = dict(headers)["Content-Type"].split('boundary="')[1].rstrip('"')
    marker = ("--" + boundary).encode()
    assert body.count(marker) == len(FIELDS) + 2  # one per part, and the close delimiter
    hostile = IMAGE + b"\r\n" + marker + b"\r\n"
    _, _, headers2, body2 = encode_notification(FIELDS, "multipart", url=URL, image=hostile)
    assert parse_notification("POST", "/", headers2, body2).image == hostile


# XML 1.0 §2.2 has no C0 controls but tab and LF: values a SOAP push can carry.
_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\t\n"),
    max_size=30,
)


@given(
    flavour=st.sampled_from(FLAVOURS),
    values=st.lists(_XML_TEXT, min_size=len(PUSH_FIELDS), max_size=len(PUSH_FIELDS)),
    status=st.sampled_from(["1", "2", "3", "-5019", "x"]),
    image=st.none() | st.binary(max_size=64),
)
def test_what_is_encoded_parses_back_to_the_same_fields(
    flavour: str, values: list[str], status: str, image: bytes | None
) -> None:
    pairs = [(k, v) for k, v in zip(PUSH_FIELDS, values, strict=True)]
    pairs[PUSH_FIELDS.index("FaxJobId")] = ("FaxJobId", "br42")
    pairs[PUSH_FIELDS.index("FaxJobStatusId")] = ("FaxJobStatusId", status)
    if flavour in ("form", "get"):
        image = None
    method, target, headers, body = encode_notification(pairs, flavour, url=URL, image=image)
    n = parse_notification(method, target, headers, body)
    assert [p for p in n.fields if p[0] != PUSH_IMAGE_FIELD] == pairs
    # An empty image is an empty part, but an empty DeliveredImage element is no image.
    assert n.image == (image if flavour == "multipart" else image or None)
    assert n.final == (status in ("1", "2"))
