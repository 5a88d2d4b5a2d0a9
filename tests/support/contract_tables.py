"""The contract's tables, transcribed by hand: the independent oracle schema/ is checked against.

schema/CONTRACT.md §2.3 and §3 give every FaxWS type's elements in order with their XSD types;
tests/codegen/test_schema.py checks schema/faxws.xsd against these tables, so this file is the
one place a schema change is reviewed by hand on purpose. ``make generate`` prints the exact
entries that no longer match the regenerated schema (codegen/oracle.py); copy them here only
once the change is confirmed against the vendor's published contract.

Plain data, no imports: codegen/oracle.py loads this file by path.
"""

#: The types' target namespace (schema/CONTRACT.md §1).
NAMESPACE = "urn:FaxWS"

#: CONTRACT.md §3: operation -> response element (not "<Operation>Response"); the request
#: element is named after the operation.
RESPONSES = {
    "GetFaxStatus": "FaxStatusResponse",
    "GetRealTimeFaxStatus": "RealTimeFaxStatusResponse",
    "GetRealTimeFaxStatusEx": "RealTimeFaxStatusExResponse",
    "GetRealTimeFaxStatusEx2": "RealTimeFaxStatusEx2Response",
    "GetRealTimeFaxStatusEx3": "RealTimeFaxStatusEx3Response",
    "SimpleGetFaxStatus": "SimpleFaxStatusResponse",
    "CheckService": "CheckServiceResponse",
}

EX = [
    ("FaxJobId", "string"),
    ("FaxJobStatusId", "int"),
    ("StatusDescription", "string"),
    ("RecipientState", "int"),
    ("RecipientCurrentPageCount", "int"),
    ("RecipientTotalPageCount", "int"),
    ("FaxDeliveryDateTime", "string"),
    ("FaxDeliveryDuration", "int"),
    ("RemoteFaxCSID", "string"),
]
REQ = [("UserID", "string"), ("strPIN", "string"), ("FaxJobIds", "FaxJobIds")]
#: The tables of schema/CONTRACT.md §2.3 and §3, transcribed independently of schema/faxws.xsd:
#: type or wrapper element -> its elements in order, (name, XSD type without prefix).
CONTRACT = {
    "WSError": [("ErrorCode", "int"), ("ErrorString", "string")],
    "FaxJobId": [("JobId", "string")],
    "FaxJobIds": [("item", "FaxJobId")],
    "FaxStatus": [*EX[:3], ("Error", "WSError")],
    "RealTimeFaxStatus": [*EX[:6], ("Error", "WSError")],
    "RealTimeFaxStatusEx": [*EX, ("Error", "WSError")],
    "RealTimeFaxStatusEx2": [*EX, ("ReferenceId", "string"), ("Error", "WSError")],
    "RealTimeFaxStatusEx3": [
        *EX,
        ("ReferenceId", "string"),
        ("FaxNumber", "string"),
        ("FaxSubmitDateTime", "string"),
        ("FaxStartDateTime", "string"),
        ("FaxDeliveryAttempts", "int"),
        ("Error", "WSError"),
    ],
    **{
        f"{t}List": [("item", t)]
        for t in (
            "FaxStatus",
            "RealTimeFaxStatus",
            "RealTimeFaxStatusEx",
            "RealTimeFaxStatusEx2",
            "RealTimeFaxStatusEx3",
        )
    },
    "SimpleGetFaxStatus": [("UserID", "string"), ("strPIN", "string"), ("JobId", "string")],
    "SimpleFaxStatusResponse": [("return", "long")],
    "CheckService": [],
    "CheckServiceResponse": [("return", "string")],
}
STATUS_OPS = {
    "GetFaxStatus": ("FaxStatusResponse", "FaxStatusList"),
    "GetRealTimeFaxStatus": ("RealTimeFaxStatusResponse", "RealTimeFaxStatusList"),
    "GetRealTimeFaxStatusEx": ("RealTimeFaxStatusExResponse", "RealTimeFaxStatusExList"),
    "GetRealTimeFaxStatusEx2": ("RealTimeFaxStatusEx2Response", "RealTimeFaxStatusEx2List"),
    "GetRealTimeFaxStatusEx3": ("RealTimeFaxStatusEx3Response", "RealTimeFaxStatusEx3List"),
}
for _op, (_resp, _list) in STATUS_OPS.items():
    CONTRACT[_op] = REQ
    CONTRACT[_resp] = [("return", "boolean"), ("FaxStatusList", _list), ("WSError", "WSError")]

#: Occurrence: a list type's ``item`` is (0, "unbounded", True) and every other element
#: (1, 1, False), as (minOccurs, maxOccurs, nillable); the exceptions, by (type, element):
OCCURS: dict[tuple[str, str], tuple[int, int | str, bool]] = {}
