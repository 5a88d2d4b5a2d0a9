"""The rule each family of conformance cases checks, quoted from the contract or the spec it cites.

Every case names its section (``Case.section``, for example "SOAP 1.2 Part 1 §5.4 (Fault)");
:func:`rule_for` gives the sentence of that section the case holds an implementation to, so a
failure can be read without opening the contract. The keys are the section texts themselves,
so a section without its rule is caught by ``tests/conformance/test_conformance.py``.
"""

from __future__ import annotations

from .._contract import ACTIVITY_ID_HEADER, EXECUTION_TIME_HEADER, INVALID_JOB_ID, SOAP12_MEDIA
from ..codec._operations import FAXWS_NS

__all__ = ["PROVES", "RULES", "rule_for"]

#: What a passing run shows, and what it does not (printed in every report and the README).
PROVES = (
    "Passing shows that, on these cases, the implementation reads and writes the FaxWS v5 "
    "status messages as faxstatus's reading of the contract does (schema/CONTRACT.md and the "
    "SOAP, XSD and XML clauses each case quotes), rejects the documents that must be "
    "rejected, and (client, server) puts on the wire what the contract asks. It does not "
    "show that the implementation agrees with Concord's real service (the contract is "
    "inferred from public material, CONTRACT.md §6), that it handles inputs outside the "
    "catalogue, that it is safe under load or hostile peers beyond the rejected documents, "
    "or anything about operations outside the status subset; informational and excluded "
    "cases were not graded at all."
)

#: Section text -> the rule it states (quoted from CONTRACT.md, or the spec clause's sentence).
RULES: dict[str, str] = {
    "CONTRACT.md §2.3, §3 (names, order, types, occurrence)": (
        "CONTRACT.md §2.3: fields come in the schema's order, each exactly once, none nillable "
        "unless stated; §2.4: every element is namespace-qualified and carries no attributes; "
        "clients must accept any prefixes."
    ),
    "schema/README.md: Inferences and choices the contract leaves open": (
        "schema/README.md, Inferences: where the contract is silent, the reading faxstatus "
        "chose (the envelope, not the media type, decides the SOAP version; absent, nil and "
        "empty stay distinct)."
    ),
    "CONTRACT.md §7 (what a gSOAP peer writes); JAX-WS: CONTRACT.md §1": (
        "CONTRACT.md §7: a gSOAP peer declares SOAP-ENV, SOAP-ENC, xsi, xsd, tns and FaxWS on "
        "the Envelope, writes <FaxWS:ErrorString/> for an empty string and may use tab "
        "indentation, canonical form, default namespaces or SOAP_XML_NIL; CONTRACT.md §1: a JAX-WS "
        f"client sends children unprefixed under a default {FAXWS_NS} namespace. Readers must not "
        "depend on prefixes."
    ),
    "CONTRACT.md §4.6 (JSON form); schema/README.md: Inferences": (
        'CONTRACT.md §4.6: the request is {"<Operation>": {…}} with the SOAP field names, '
        'arrays flattened (no item level); the response is {"<Operation>Response": {…}}, keyed '
        "by the operation and not by the XML wrapper name."
    ),
    "SOAP 1.2 Part 2 §7.1.4; CONTRACT.md §1, §7 (media types)": (
        f"SOAP 1.2 Part 2 §7.1.4: the media type is {SOAP12_MEDIA}, with an optional "
        "action parameter; RFC 9110 §8.3.1: type, subtype and parameter names are "
        "case-insensitive."
    ),
    "SOAP 1.1 §6.1.1; CONTRACT.md §4.4 (SOAPAction)": (
        "SOAP 1.1 §6.1.1: a SOAP 1.1 request carries a SOAPAction header; CONTRACT.md §4.4: "
        'it is "" per the WSDL.'
    ),
    "CONTRACT.md §1; schema/README.md: Inferences (the envelope decides)": (
        f"CONTRACT.md §1: a public client posts a SOAP 1.1 envelope as {SOAP12_MEDIA}, "
        "so the envelope namespace, not the media type, must decide the SOAP version."
    ),
    "SOAP 1.2 Part 1 §5.1-5.3 (Envelope, Header, Body)": (
        "SOAP 1.2 Part 1 §5.1: the Envelope is the document element; it has an optional "
        "Header followed by exactly one Body (§5.2, §5.3); Header blocks not understood "
        "without mustUnderstand are ignored."
    ),
    "SOAP 1.1 §4.1-4.3 (Envelope, Header, Body)": (
        "SOAP 1.1 §4.1: the Envelope is the top element; an optional Header is its first "
        "child, and the Body follows it."
    ),
    "WS-I Basic Profile 1.1 R2201 (document/literal: one Body child)": (
        "WS-I Basic Profile 1.1 R2201: a document-literal envelope's soap:Body has exactly one "
        "child element, the wrapper named by the operation's part."
    ),
    "SOAP 1.2 Part 1 §5.4.7; SOAP 1.1 §4.4.1 (VersionMismatch)": (
        "SOAP 1.2 Part 1 §5.4.7 and SOAP 1.1 §4.4.1: an Envelope in an unknown namespace is "
        "not a SOAP message of either version; a receiver answers it with a VersionMismatch "
        "fault."
    ),
    "SOAP 1.2 Part 1 §5.4 (Fault)": (
        "SOAP 1.2 Part 1 §5.4: a Fault has a Code (Value, optional Subcodes), one or more "
        "Reason Text elements each with xml:lang, and optional Node, Role and Detail; all of "
        "them are part of the message."
    ),
    "SOAP 1.1 §4.4 (Fault)": (
        "SOAP 1.1 §4.4: a Fault has faultcode and faultstring, and optional faultactor and detail."
    ),
    "SOAP 1.2 Part 1 §5 and SOAP 1.1 §3 (no document type declaration)": (
        "SOAP 1.2 Part 1 §5: a SOAP message MUST NOT contain a document type declaration; "
        "SOAP 1.1 §3: a SOAP message MUST NOT contain a DTD."
    ),
    "XML 1.0 §2.1 (well-formed documents)": (
        "XML 1.0 §2.1: a document that is not well-formed (unclosed or mismatched tags, "
        "undefined entities, undeclared prefixes) is a fatal error."
    ),
    "XML 1.0 §4.3.3 (character encodings: UTF-16 and declared encodings)": (
        "XML 1.0 §4.3.3: a UTF-16 document begins with a byte order mark; other encodings are "
        "declared in the XML declaration, and bytes invalid in the encoding are a fatal error."
    ),
    "XSD Part 1 §2.6.2, cvc-elt.3 (xsi:nil only on nillable elements)": (
        'XSD Part 1 cvc-elt.3: xsi:nil="true" is allowed only on an element declared '
        "nillable; FaxJobIds and the status lists' items are nillable, scalars are not."
    ),
    "XSD Part 2 §3.3.17 xsd:int, §3.3.16 xsd:long (value ranges)": (
        "XSD Part 2: xsd:int is -2147483648 to 2147483647, xsd:long -9223372036854775808 to "
        "9223372036854775807, both written as optionally signed decimal digits."
    ),
    "XSD Part 2 §3.2.2 (xsd:boolean lexical space)": (
        "XSD Part 2 §3.2.2: xsd:boolean's lexical space is true, false, 1 and 0."
    ),
    "XSD Part 1 §3.8 (xs:sequence: order and occurrence)": (
        "XSD Part 1 §3.8: the children of an xs:sequence appear in order, each within its "
        "minOccurs and maxOccurs, and no other elements appear."
    ),
    "XSD Part 1 §3.3.2 (elementFormDefault); CONTRACT.md §1": (
        "CONTRACT.md §1: both form defaults are qualified, so every child element (UserID, "
        f"item, …) is in {FAXWS_NS}."
    ),
    "XML 1.0 §2.2 (characters a document can hold)": (
        "XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | "
        "[#x10000-#x10FFFF]; other characters cannot be written, even as references."
    ),
    "RFC 8259 §4, §6 (JSON objects and numbers)": (
        "RFC 8259 §4: the names within an object SHOULD be unique; §6: numeric values that "
        "cannot be represented as sequences of digits (such as Infinity and NaN) are not "
        "permitted."
    ),
    # The server target.
    "CONTRACT.md §2, §3 (operations), §4.2 (status codes), §4.4 (headers)": (
        "CONTRACT.md §2.2: return true, one FaxStatusList entry per requested id; §4.2: status "
        f"1 succeeded, 2 failed, 3 in progress, {INVALID_JOB_ID} an invalid job id; "
        f"CONTRACT.md §4.4: the response carries {ACTIVITY_ID_HEADER} and "
        f"{EXECUTION_TIME_HEADER} (milliseconds)."
    ),
    "CONTRACT.md §4.3 (errors travel as return false with a WSError), §4.5": (
        "CONTRACT.md §4.3: failure travels in the body as return=false plus a WSError; the WSDL "
        "declares no SOAP faults."
    ),
    "SOAP 1.2 Part 1 §5.4.6, Part 2 §7.5.1.2 (Sender fault, HTTP 400)": (
        "SOAP 1.2 Part 1 §5.4.6: a malformed message is the sender's fault (env:Sender); Part "
        "2 §7.5.1.2: a Sender fault goes with HTTP 400 Bad Request."
    ),
    "SOAP 1.1 §4.4.1, §6.2 (Client fault, HTTP 500)": (
        "SOAP 1.1 §4.4.1: a malformed message is a Client fault; §6.2: a SOAP fault is "
        "answered with HTTP 500 Internal Server Error."
    ),
    "CONTRACT.md §4.6; schema/README.md: Inferences (JSON faults, HTTP 400)": (
        "schema/README.md, Inferences: a malformed JSON request is answered with HTTP 400 and "
        'the JSON fault form {"Fault": {…}}.'
    ),
    f"CONTRACT.md §1 (a SOAP 1.1 envelope as {SOAP12_MEDIA})": (
        "CONTRACT.md §1: the envelope namespace, not the media type, must decide the SOAP "
        "version; §7: a gSOAP peer answers in the request's SOAP version."
    ),
    "CONTRACT.md §7 (GET answers 405); RFC 9110 §15.5.6": (
        "CONTRACT.md §7: GET answers 405; RFC 9110 §15.5.6: 405 Method Not Allowed names a "
        "method the target resource does not support."
    ),
    # The client target.
    "SOAP 1.2 Part 1 §5; SOAP 1.1 §4; CONTRACT.md §2.4, §3": (
        "CONTRACT.md §2.4: every element is namespace-qualified and carries no attributes; §3: "
        "request wrappers are named after the operation; SOAP 1.2 Part 1 §5, SOAP 1.1 §4: one "
        "Envelope, one Body."
    ),
    "CONTRACT.md §2.1 (strPIN), §4.4, §4.5; RFC 6750 §2.1 (Bearer)": (
        "CONTRACT.md §2.1: strPIN is still required by the schema, sent empty with OAuth; "
        "§4.4: Authorization: Bearer <token> and a unique x-ch-request-id per call; RFC 6750 "
        "§2.1: the credentials are 'Bearer' 1*SP b64token."
    ),
    "RFC 9110 §10.2.3 (Retry-After), §15.6.4 (503)": (
        "RFC 9110 §15.6.4: 503 means the server is temporarily unable to handle the request; "
        "§10.2.3: Retry-After says how long the client ought to wait before a follow-up "
        "request."
    ),
    # Calibration (the adapter's plumbing, before any verdict counts).
    "calibration: the adapter protocol (README, For binding authors)": (
        "README, The adapter protocol: the message bytes on stdin exactly as on the wire, the "
        "JSON form on stdout, exit 0 accepted, 1 rejected, 3 unsupported; a working adapter "
        "gets these plain cases right whatever the implementation behind it does elsewhere."
    ),
}


def rule_for(section: str) -> str:
    """The rule *section* states; KeyError for a section with no rule (a catalogue bug)."""
    return RULES[section]
