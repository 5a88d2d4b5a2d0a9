"""parse_notification: every flavour as the vendor writes it, raw values kept, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faxstatus import DecodeError, FaxJobStatus, LimitError
from faxstatus._contract import MAX_PUSH_FIELDS, PUSH_FIELDS, PUSH_IMAGE_FIELD
from faxstatus.push import Notification, NotificationError, parse_notification

from ..support.push import FIELDS, FORM_BODY, IMAGE, SOAP_BODY, fields, multipart_body

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SOAP = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": "C3FDNS/FaxDeliveryNotification"}


def _check_final(n: Notification, flavour: str) -> None:
    assert n.flavour == flavour
    assert n.job_id == "br1000000001"
    assert n.final is True
    assert n.problems == ()
    st = n.status
    assert st.status is FaxJobStatus.SUCCEEDED
    assert st.job_id == "br1000000001"
    assert st.description == "Sent: ok"
    assert st.reference_id == "invoice 42 & co"
    assert st.pages_total == 3
    assert st.duration_seconds == 41
    assert st.remote_csid == "+1 555 0100"
    assert st.delivered_at_raw == "11/26/2026 9:05:00 AM"
    assert st.delivered_at is not None and st.delivered_at.hour == 9
    # What a push does not carry stays absent, as in the operations that lack it.
    assert st.recipient_state is None and st.pages_sent is None and st.fax_number is None
    assert st.error is None
    assert st.extra == {"AccountId": "acct-77", "ErrorCode": 0, "ErrorString": ""}


def test_form_flavour_with_the_vendors_names_and_order() -> None:
    n = parse_notification("POST", "/ConcordFaxDeliveryNotification.Asp", FORM, FORM_BODY)
    _check_final(n, "form")
    assert list(n.fields) == FIELDS
    assert n.image is None


def test_get_flavour_reads_the_query_string() -> None:
    target = "/notify?" + FORM_BODY.decode()
    n = parse_notification("GET", target, {}, b"")
    _check_final(n, "get")
    assert list(n.fields) == FIELDS


def test_multipart_flavour_keeps_a_binary_image_as_bytes() -> None:
    body = multipart_body()
    headers = {"Content-Type": 'multipart/form-data; boundary="----vendor7d91a"'}
    n = parse_notification("POST", "/n", headers, body)
    _check_final(n, "multipart")
    assert list(n.fields) == FIELDS
    assert n.image == IMAGE  # invalid UTF-8, CR LF and dashes inside: byte for byte
    with pytest.raises(UnicodeDecodeError):
        IMAGE.decode("utf-8")


def test_soap_flavour_as_the_template_lays_it_out() -> None:
    n = parse_notification("POST", "/ConcordFaxDeliveryNotificationService.Asmx", SOAP, SOAP_BODY)
    _check_final(n, "soap")
    assert [k for k, _ in n.fields] == [*PUSH_FIELDS, PUSH_IMAGE_FIELD]
    assert list(n.fields)[:-1] == FIELDS
    assert n.image == IMAGE


def test_soap_action_may_be_quoted_or_absent_but_not_another() -> None:
    for action in ('"C3FDNS/FaxDeliveryNotification"', None):
        headers = {"Content-Type": "text/xml"}
        if action:
            headers["SOAPAction"] = action
        assert parse_notification("POST", "/", headers, SOAP_BODY).final
    with pytest.raises(NotificationError) as err:
        parse_notification("POST", "/", {**SOAP, "SOAPAction": "urn:Other"}, SOAP_BODY)
    assert err.value.field == "SOAPAction"


def test_the_repr_never_dumps_the_image() -> None:
    n = parse_notification("POST", "/", SOAP, SOAP_BODY)
    text = repr(n)
    assert "SUkqAP" not in text and "<32 characters>" in text and "<23 bytes>" in text
    assert "br1000000001" in text  # data is not masked


def test_unparseable_values_are_kept_raw_and_reported() -> None:
    body = fields(
        FaxJobStatusId="Delivered",
        PageCount="three",
        FaxDeliveryDuration="00:41",
        FaxDeliveryDateTime="26.11.2026 um 9 Uhr",
    )
    from faxstatus.push import notification_from_fields

    n = notification_from_fields("form", body)
    assert n.final is False  # no status code to go by: a poll finds out
    assert int(n.status.status) == 0
    assert n.status.extra["FaxJobStatusId"] == "Delivered"
    assert n.status.extra["PageCount"] == "three"
    assert n.status.extra["FaxDeliveryDuration"] == "00:41"
    assert n.status.pages_total is None and n.status.duration_seconds is None
    assert n.status.delivered_at is None
    assert n.status.delivered_at_raw == "26.11.2026 um 9 Uhr"
    named = {p.split(":")[0] for p in n.problems}
    assert named == {"FaxJobStatusId", "PageCount", "FaxDeliveryDuration", "FaxDeliveryDateTime"}
    assert list(n.fields) == body


def test_a_failed_job_is_final_and_an_undocumented_code_is_kept() -> None:
    from faxstatus.push import notification_from_fields

    failed = notification_from_fields("get", fields(FaxJobStatusId="2", ErrorCode="-31"))
    assert failed.final and failed.status.status is FaxJobStatus.FAILED
    assert failed.status.extra["ErrorCode"] == -31
    odd = notification_from_fields("get", fields(FaxJobStatusId="77"))
    assert odd.status.status == 77 and not odd.final and odd.problems == ()


def test_a_form_value_that_is_not_utf8_is_kept_as_latin1() -> None:
    body = FORM_BODY.replace(b"Sent%3A+ok", b"Envoy%E9")
    n = parse_notification("POST", "/", FORM, body)
    assert n.status.description == "Envoy\xe9"
    assert n.problems == ("StatusDescription: not UTF-8, read as Latin-1",)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"FaxJobId": ""}, "FaxJobId"),
        ({"FaxJobId": "br1\x00"}, "FaxJobId"),
    ],
)
def test_a_notification_without_a_usable_job_id_is_refused(
    changes: dict[str, str], field: str
) -> None:
    from faxstatus.push import notification_from_fields

    with pytest.raises(NotificationError) as err:
        notification_from_fields("form", fields(**changes))
    assert err.value.field == field


def test_a_missing_job_id_and_contradicting_duplicates_are_refused() -> None:
    from faxstatus.push import notification_from_fields

    with pytest.raises(NotificationError, match="FaxJobId: missing"):
        notification_from_fields("form", [p for p in FIELDS if p[0] != "FaxJobId"])
    with pytest.raises(NotificationError) as err:
        notification_from_fields("form", [*FIELDS, ("FaxJobStatusId", "2")])
    assert err.value.field == "FaxJobStatusId"
    same = notification_from_fields("form", [*FIELDS, ("FaxJobStatusId", "1")])
    assert same.final  # a repeated field with the same value is harmless


# -- hostile input, through the guarded boundary ---------------------------------------------


def test_an_oversize_body_is_refused_before_it_is_read() -> None:
    with pytest.raises(LimitError) as err:
        parse_notification(
            "POST", "/", FORM, FORM_BODY + b"&x=" + b"a" * 100, max_bytes=len(FORM_BODY)
        )
    assert err.value.field == "notification body"


def test_too_many_fields_are_refused() -> None:
    body = FORM_BODY + b"&x=1" * MAX_PUSH_FIELDS
    with pytest.raises(LimitError):
        parse_notification("POST", "/", FORM, body)


def test_a_huge_multipart_is_refused_at_the_part_cap() -> None:
    part = b'--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n'
    body = part * (MAX_PUSH_FIELDS + 5) + b"--b--\r\n"
    with pytest.raises(LimitError):
        parse_notification("POST", "/", {"Content-Type": "multipart/form-data; boundary=b"}, body)


@pytest.mark.parametrize(
    "ctype",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=" + "x" * 71,
        'multipart/form-data; boundary="bad\x01char"',
        'multipart/form-data; boundary="ends in space "',
    ],
)
def test_a_bad_boundary_is_refused(ctype: str) -> None:
    with pytest.raises(NotificationError) as err:
        parse_notification("POST", "/", {"Content-Type": ctype}, multipart_body())
    assert err.value.field == "Content-Type"


def test_a_multipart_body_that_never_closes_is_refused() -> None:
    body = multipart_body().rsplit(b"\r\n--", 1)[0]
    headers = {"Content-Type": "multipart/form-data; boundary=----vendor7d91a"}
    with pytest.raises(NotificationError, match="closing boundary"):
        parse_notification("POST", "/", headers, body)
    with pytest.raises(NotificationError, match="starts with the boundary"):
        parse_notification("POST", "/", headers, b"no parts at all")


def test_a_part_without_a_name_is_refused() -> None:
    body = b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n"
    with pytest.raises(NotificationError) as err:
        parse_notification("POST", "/", {"Content-Type": "multipart/form-data; boundary=b"}, body)
    assert err.value.field == "Content-Disposition"


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>' + SOAP_BODY,
        SOAP_BODY.replace(
            b"<soap:Envelope", b'<!DOCTYPE soap:Envelope SYSTEM "file:///etc/passwd"><soap:Envelope'
        ),
        SOAP_BODY.replace(b"acct-77", b"&xxe;"),
    ],
    ids=["internal-entity", "external-dtd", "undeclared-entity"],
)
def test_entities_and_doctypes_in_soap_are_refused(body: bytes) -> None:
    with pytest.raises(DecodeError):
        parse_notification("POST", "/", SOAP, body)


def test_soap_that_is_not_the_notification_is_refused() -> None:
    other = SOAP_BODY.replace(b'xmlns="C3FDNS"', b'xmlns="urn:other"')
    with pytest.raises(NotificationError) as err:
        parse_notification("POST", "/", SOAP, other)
    assert err.value.field == "Body"
    nested = SOAP_BODY.replace(
        b"<AccountId>acct-77</AccountId>", b"<AccountId><a>1</a></AccountId>"
    )
    with pytest.raises(NotificationError) as err:
        parse_notification("POST", "/", SOAP, nested)
    assert err.value.field == "AccountId"


def test_a_soap_image_that_is_not_base64_is_kept_as_text() -> None:
    body = SOAP_BODY.replace(b"SUkqAP/+AA0KLS0NCoCBYmluYXJ5wyg=", b"not base64!")
    n = parse_notification("POST", "/", SOAP, body)
    assert n.image is None and n.field(PUSH_IMAGE_FIELD) == "not base64!"
    assert n.problems == ("DeliveredImage: not base64, kept as text",)


@pytest.mark.parametrize(
    ("method", "headers"), [("PUT", FORM), ("POST", {"Content-Type": "application/json"})]
)
def test_other_methods_and_media_types_are_refused(method: str, headers: dict[str, str]) -> None:
    with pytest.raises(NotificationError) as err:
        parse_notification(method, "/", headers, FORM_BODY)
    assert err.value.field in ("method", "Content-Type")


_VALID = {
    "application/x-www-form-urlencoded": FORM_BODY,
    'multipart/form-data; boundary="----vendor7d91a"': multipart_body(),
    "text/xml": SOAP_BODY,
}


@given(
    ctype=st.sampled_from(sorted(_VALID)),
    start=st.integers(0, 2000),
    length=st.integers(0, 40),
    junk=st.binary(max_size=40),
)
def test_any_mangled_body_gives_a_notification_or_a_decode_error(
    ctype: str, start: int, length: int, junk: bytes
) -> None:
    """Only typed errors leave the parser, whatever part of a valid push is mangled."""
    body = _VALID[ctype]
    start %= len(body) + 1
    mangled = body[:start] + junk + body[start + length :]
    try:
        n = parse_notification("POST", "/", {"Content-Type": ctype}, mangled)
    except DecodeError as exc:
        assert str(exc)
    else:
        assert n.job_id and isinstance(n.fields, tuple)


@given(query=st.text(max_size=200))
def test_any_query_string_gives_a_notification_or_a_decode_error(query: str) -> None:
    try:
        parse_notification("GET", "/n?" + query + "&FaxJobId=br1", {}, b"")
    except DecodeError as exc:
        assert str(exc)
