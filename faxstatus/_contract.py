"""FaxWS wire facts in one place, importing nothing: namespaces, media types, endpoint, codes, caps.

Every layer imports these names instead of spelling the values, the fast-starting scanner and
command modules included (this module costs them nothing). ``tests/docs/test_contract.py`` fails
on a restated literal anywhere else in the package. The FaxWS namespace itself is the
schema's (``faxstatus.models.layout.NAMESPACE``, generated from ``schema/``), not restated here.
"""

__all__ = [
    "ACTIVITY_ID_HEADER",
    "AUTHENTICATION_FAILED",
    "DEFAULT_ENDPOINT",
    "DEFAULT_GIVE_UP_AFTER",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PER_MINUTE",
    "EXECUTION_TIME_HEADER",
    "FORM_MEDIA",
    "INT_RANGES",
    "INVALID_JOB_ID",
    "JSON_MEDIA",
    "MAX_EXPIRES_IN",
    "MAX_MULTIPART_BOUNDARY",
    "MAX_PUSH_FIELDS",
    "MAX_TOKEN_RESPONSE_BYTES",
    "MULTIPART_MEDIA",
    "PULL_AFTER_SECONDS",
    "PULL_EVERY_SECONDS",
    "PUSH_FIELDS",
    "PUSH_IMAGE_FIELD",
    "PUSH_NS",
    "PUSH_SOAP_ACTION",
    "PUSH_SOAP_ELEMENT",
    "PUSH_SOAP_RESPONSE",
    "REQUEST_ID_HEADER",
    "SERVICE_PATH",
    "SOAP11_MEDIA",
    "SOAP11_NS",
    "SOAP12_MEDIA",
    "SOAP12_NS",
    "STATUS_FAILED",
    "STATUS_IN_PROGRESS",
    "STATUS_SUCCEEDED",
    "TOKEN_LIFETIME_DEFAULT",
    "XML_ILLEGAL_CHARS",
    "XML_MEDIA",
    "XML_WHITESPACE",
    "XSD_BOOLEAN",
]

#: SOAP 1.1 envelope namespace (SOAP 1.1 §4; the WSDL's only binding, CONTRACT.md §1).
SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/"
#: SOAP 1.2 envelope namespace (SOAP 1.2 Part 1 §5; inferred accepted, CONTRACT.md §1).
SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"

#: Media type of a SOAP 1.2 envelope, the vendor's default (CONTRACT.md §1).
SOAP12_MEDIA = "application/soap+xml"
#: Media type of a SOAP 1.1 envelope, as a JAX-WS client sends it (CONTRACT.md §1).
SOAP11_MEDIA = "text/xml"
#: Media type of the payload element alone, without an envelope: faxstatus's plain-XML form
#: of the CONTRACT.md §2.4 wire shape, not one the vendor names.
XML_MEDIA = "application/xml"
#: Media type of the JSON form (CONTRACT.md §1, §4.6).
JSON_MEDIA = "application/json"

#: The path FaxWS is served on (CONTRACT.md §1).
SERVICE_PATH = "/fax/v5"
#: The vendor's endpoint (CONTRACT.md §1).
DEFAULT_ENDPOINT = "https://ws.concordfax.com" + SERVICE_PATH

#: Status code of a job delivered (CONTRACT.md §4.2).
STATUS_SUCCEEDED = 1
#: Status code of a job that failed (CONTRACT.md §4.2).
STATUS_FAILED = 2
#: Status code of a job still in progress (CONTRACT.md §4.2).
STATUS_IN_PROGRESS = 3
#: Item (and SimpleGetFaxStatus) code for a job id the service does not know (CONTRACT.md §4.2).
INVALID_JOB_ID = -5019
#: WSError code for refused credentials: the simulator's choice, as no code table is public
#: (CONTRACT.md §4.3; schema/README.md, "What the simulator adds").
AUTHENTICATION_FAILED = -1000

#: Request header carrying the client's unique id of the call (CONTRACT.md §4.4).
REQUEST_ID_HEADER = "x-ch-request-id"
#: Response header carrying the service's id of the call (CONTRACT.md §4.4).
ACTIVITY_ID_HEADER = "x-ch-activity-id"
#: Response header carrying the service's time in milliseconds, as a string (CONTRACT.md §4.4).
EXECUTION_TIME_HEADER = "x-ch-execution-time"

#: Most bytes of a body, decoded, that the codec reads by default and the simulator accepts:
#: faxstatus's own cap (SECURITY.md), as CONTRACT.md §6 lists no limit of the service.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Most bytes of an OAuth 2.0 token response (RFC 6749 §5.1), wire or decoded, read before it is
#: refused: a token answer is a few hundred bytes of JSON (CONTRACT.md §4.5).
MAX_TOKEN_RESPONSE_BYTES = 64 * 1024
#: Longest ``expires_in`` accepted from a token endpoint, in seconds (one year): faxstatus's
#: range check (CONTRACT.md §4.5), as RFC 6749 §5.1 sets no bound.
MAX_EXPIRES_IN = 365 * 24 * 3600
#: Lifetime assumed for a token answered without ``expires_in`` (RECOMMENDED, not required by
#: RFC 6749 §5.1), in seconds (CONTRACT.md §4.5).
TOKEN_LIFETIME_DEFAULT = 3600

#: Inclusive (min, max) of the integer types the schema uses (XSD Part 2 §3.3.13-§3.3.22),
#: read by ``_xsd`` and the scanner alike.
INT_RANGES: dict[str, tuple[int, int]] = {
    "int": (-(2**31), 2**31 - 1),
    "long": (-(2**63), 2**63 - 1),
    "short": (-(2**15), 2**15 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedLong": (0, 2**64 - 1),
}

#: XSD's lexical booleans (XSD Part 2 §3.2.2) to their values: the one table every reader of a
#: boolean uses (``_xsd``, the scanner, the compiled walks).
XSD_BOOLEAN: dict[str, bool] = {"true": True, "1": True, "false": False, "0": False}
#: XML 1.0 §2.3 white space; XSD's "collapse" facet strips exactly these (XSD Part 2 §4.3.6).
XML_WHITESPACE = " \t\n\r"
#: The characters outside XML 1.0 §2.2 Char, the characters of xsd:string (XSD Part 2
#: §3.2.1): C0 controls but tab, LF and CR; surrogates; U+FFFE and U+FFFF; as the body of a
#: regular-expression class. Written as that set, not
#: as the complement of Char: the same class, but a negated class over the whole of Unicode
#: takes milliseconds to compile, on every command's start-up.
XML_ILLEGAL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"

#: A watch's default ceiling on requests per minute. Concord publishes no rate limit for the
#: status operations (CONTRACT.md §4.8, §6), so this is faxstatus's conservative guess, one
#: request a second on average: an option.
DEFAULT_MAX_PER_MINUTE = 60
#: Seconds of rounds without any answer (a server down, refusing, throttling every request)
#: after which a watch ends with the reason (exit 1): faxstatus's choice (CONTRACT.md §4.8).
DEFAULT_GIVE_UP_AFTER = 300.0
#: With push notifications, pull a job's status when no final one arrived this many seconds
#: after it was expected (CONTRACT.md §4.8: the vendor's Design Guidelines, "no final
#: notification after 5 minutes" for a 1-page fax sent at once), ...
PULL_AFTER_SECONDS = 300.0
#: ... then every this many seconds until it does (CONTRACT.md §4.8: "every minute").
PULL_EVERY_SECONDS = 60.0

# -- push notifications (CONTRACT.md §8) --------------------------------------------------

#: Namespace of the SOAP push notification's body element, the default namespace of it and
#: its unprefixed children (CONTRACT.md §8, P3).
PUSH_NS = "C3FDNS"
#: The SOAP push notification's body element (CONTRACT.md §8, P3).
PUSH_SOAP_ELEMENT = "FaxDeliveryNotification"
#: The SOAPAction header the vendor's SOAP push carries, unquoted (CONTRACT.md §8, P3).
PUSH_SOAP_ACTION = PUSH_NS + "/" + PUSH_SOAP_ELEMENT
#: The element a receiver answers a SOAP push with: the WSDL that would name it was not
#: readable, so this is the SOAP 1.1 convention of ``<operation>Response`` (CONTRACT.md §8, I).
PUSH_SOAP_RESPONSE = PUSH_SOAP_ELEMENT + "Response"
#: The fields of every push notification, in the vendor's template order (CONTRACT.md §8,
#: P2 and P3): the form, query string and SOAP children all use these names.
PUSH_FIELDS = (
    "AccountId",
    "ReferenceId",
    "FaxJobId",
    "FaxJobStatusId",
    "StatusDescription",
    "PageCount",
    "FaxDeliveryDateTime",
    "FaxDeliveryDuration",
    "RemoteFaxCSID",
    "ErrorCode",
    "ErrorString",
)
#: The image of the delivered fax: the SOAP flavour's last child (P3), and the name a
#: multipart part holding it is read under (CONTRACT.md §8; the part's name is I).
PUSH_IMAGE_FIELD = "DeliveredImage"
#: Media type of the HTTP POST push without an image (CONTRACT.md §8, P2).
FORM_MEDIA = "application/x-www-form-urlencoded"
#: Media type of the HTTP POST push with an image (CONTRACT.md §8, P2; RFC 7578).
MULTIPART_MEDIA = "multipart/form-data"
#: Longest multipart boundary, in characters (CONTRACT.md §8; RFC 2046 §5.1.1).
MAX_MULTIPART_BOUNDARY = 70
#: Most fields (form pairs, query pairs, multipart parts, SOAP children) read from one
#: push: faxstatus's cap, as a notification has a dozen (CONTRACT.md §8).
MAX_PUSH_FIELDS = 256
