"""Push notifications as the vendor's templates write them (CONTRACT.md §8), for the push tests."""

from __future__ import annotations

from faxstatus._contract import PUSH_FIELDS

#: One final notification's fields, in the vendor's template order.
FIELDS: list[tuple[str, str]] = [
    ("AccountId", "acct-77"),
    ("ReferenceId", "invoice 42 & co"),
    ("FaxJobId", "br1000000001"),
    ("FaxJobStatusId", "1"),
    ("StatusDescription", "Sent: ok"),
    ("PageCount", "3"),
    ("FaxDeliveryDateTime", "11/26/2026 9:05:00 AM"),
    ("FaxDeliveryDuration", "41"),
    ("RemoteFaxCSID", "+1 555 0100"),
    ("ErrorCode", "0"),
    ("ErrorString", ""),
]
assert [k for k, _ in FIELDS] == list(PUSH_FIELDS)

#: A TIFF-like image that is not UTF-8 (a lone 0xFF, a NUL, a CR LF and dashes).
IMAGE = b"II*\x00\xff\xfe\x00\r\n--\r\n\x80\x81binary\xc3\x28"


def fields(**changes: str) -> list[tuple[str, str]]:
    """:data:`FIELDS` with some values changed (keyword = field name)."""
    return [(k, changes.get(k, v)) for k, v in FIELDS]


#: The body of the P2 template, filled in by hand (not by our encoder).
FORM_BODY = (
    b"AccountId=acct-77&ReferenceId=invoice+42+%26+co&FaxJobId=br1000000001&FaxJobStatusId=1"
    b"&StatusDescription=Sent%3A+ok&PageCount=3&FaxDeliveryDateTime=11%2F26%2F2026+9%3A05%3A00+AM"
    b"&FaxDeliveryDuration=41&RemoteFaxCSID=%2B1+555+0100&ErrorCode=0&ErrorString="
)

#: The envelope of the P3 template, laid out as the page shows it, filled in by hand.
SOAP_BODY = b"""<soap:Envelope  xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xmlns:xsd="http://www.w3.org/2001/XMLSchema">
<soap:Body>
<FaxDeliveryNotification xmlns="C3FDNS">
  <AccountId>acct-77</AccountId>
  <ReferenceId>invoice 42 &amp; co</ReferenceId>
  <FaxJobId>br1000000001</FaxJobId>
  <FaxJobStatusId>1</FaxJobStatusId>
  <StatusDescription>Sent: ok</StatusDescription>
  <PageCount>3</PageCount>
  <FaxDeliveryDateTime>11/26/2026 9:05:00 AM</FaxDeliveryDateTime>
  <FaxDeliveryDuration>41</FaxDeliveryDuration>
  <RemoteFaxCSID>+1 555 0100</RemoteFaxCSID>
  <ErrorCode>0</ErrorCode>
  <ErrorString></ErrorString>
  <DeliveredImage>SUkqAP/+AA0KLS0NCoCBYmluYXJ5wyg=</DeliveredImage>
</FaxDeliveryNotification>
</soap:Body>
</soap:Envelope>"""


def multipart_body(boundary: str = "----vendor7d91a") -> bytes:
    """A multipart/form-data body written by hand: the fields, then the image part."""
    out = b""
    for name, value in FIELDS:
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    out += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="DeliveredImage"; '
        f'filename="fax.tif"\r\nContent-Type: image/tiff\r\n\r\n'
    ).encode()
    return out + IMAGE + f"\r\n--{boundary}--\r\n".encode()
