"""Write the hostile-input corpus files (tests/hostile/files/) and cases.json.

Run with ``.venv/bin/python tests/hostile/build.py`` after changing a case; the files are
committed so that the corpus can be read and replayed without this script. Cases too large
to commit (100 MB, 11 MB, 10,000 levels deep) are described in cases.json and built by the
test at run time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
VECTORS = HERE.parent / "vectors"
S11 = "http://schemas.xmlsoap.org/soap/envelope/"
S12 = "http://www.w3.org/2003/05/soap-envelope"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

RESPONSE = (VECTORS / "GetRealTimeFaxStatusEx" / "soap12" / "response.xml").read_bytes()
REQUEST = (VECTORS / "GetRealTimeFaxStatusEx" / "soap11" / "request.xml").read_bytes()
SIMPLE = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope xmlns:env="{S12}"><env:Body>'
    '<SimpleFaxStatusResponse xmlns="urn:FaxWS"><return>{}</return></SimpleFaxStatusResponse>'
    "</env:Body></env:Envelope>"
)
ITEM = (
    "<FaxJobId>br1</FaxJobId><FaxJobStatusId>{status}</FaxJobStatusId>"
    "<StatusDescription>{desc}</StatusDescription><RecipientState>0</RecipientState>"
    "<RecipientCurrentPageCount>{sent}</RecipientCurrentPageCount>"
    "<RecipientTotalPageCount>{total}</RecipientTotalPageCount>"
    "<FaxDeliveryDateTime/><FaxDeliveryDuration>0</FaxDeliveryDuration>"
    "<RemoteFaxCSID/><Error><ErrorCode>0</ErrorCode><ErrorString/></Error>"
)


def ex(
    status: str = "1", desc: str = "ok", sent: str = "1", total: str = "2", env: str = S12
) -> bytes:
    item = ITEM.format(status=status, desc=desc, sent=sent, total=total)
    return (
        f'<e:Envelope xmlns:e="{env}"><e:Body><RealTimeFaxStatusExResponse xmlns="urn:FaxWS">'
        f"<return>true</return><FaxStatusList><item>{item}</item></FaxStatusList>"
        "<WSError><ErrorCode>0</ErrorCode><ErrorString/></WSError>"
        "</RealTimeFaxStatusExResponse></e:Body></e:Envelope>"
    ).encode()


def doc(prolog: str, body: bytes = RESPONSE) -> bytes:
    """*body* with its XML declaration replaced by *prolog*."""
    rest = body.split(b"?>", 1)[1] if body.startswith(b"<?xml") else body
    return prolog.encode() + rest


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


def cases() -> list[dict[str, Any]]:
    """Every committed case: name, file, content type, expectation, and its bytes."""
    out: list[dict[str, Any]] = []

    def add(
        name: str, body: bytes, expect: dict[str, Any], ctype: str | None = "application/soap+xml"
    ) -> None:
        out.append(
            {"name": name, "file": f"files/{name}", "content_type": ctype, **expect, "body": body}
        )

    def err(kind: str, match: str) -> dict[str, Any]:
        return {"error": kind, "match": match}

    big_entity = "x" * 100_000
    add(
        "billion-laughs.xml",
        doc(LAUGHS, ex(desc="&lol9;")),
        err("DecodeError", "document type declarations"),
    )
    add(
        "quadratic-blowup.xml",
        doc(
            f'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "{big_entity}">]>', ex(desc="&a;" * 2000)
        ),
        err("DecodeError", "document type declarations"),
    )
    add(
        "xxe-file.xml",
        doc('<!DOCTYPE x [<!ENTITY s SYSTEM "file:///etc/passwd">]>', ex(desc="[&s;]")),
        err("DecodeError", "document type declarations"),
    )
    add(
        "xxe-http.xml",
        doc('<!DOCTYPE x [<!ENTITY s SYSTEM "http://127.0.0.1:9/x">]>', ex(desc="[&s;]")),
        err("DecodeError", "document type declarations"),
    )
    add(
        "xxe-parameter-entity.xml",
        doc('<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>', ex()),
        err("DecodeError", "document type declarations"),
    )
    add(
        "external-dtd.xml",
        doc('<!DOCTYPE Envelope SYSTEM "file:///etc/passwd">', ex()),
        err("DecodeError", "document type declarations"),
    )
    add(
        "internal-dtd.xml",
        doc("<!DOCTYPE Envelope [<!ELEMENT Envelope ANY>]>", ex()),
        err("DecodeError", "document type declarations"),
    )
    add(
        "doctype-in-soap.xml",
        doc('<?xml version="1.0"?><!DOCTYPE html>', RESPONSE),
        err("DecodeError", "document type declarations"),
    )
    add("undefined-entity.xml", ex(desc="&nbsp;"), err("DecodeError", "Entity 'nbsp' not defined"))
    add("illegal-char-reference.xml", ex(desc="&#1;"), err("DecodeError", "malformed XML"))
    add(
        "invalid-utf8.xml",
        ex(desc="cafX").replace(b"cafX", b"caf\xc3\x28"),
        err("DecodeError", "malformed XML"),
    )
    add(
        "encoding-lies-utf16.xml",
        doc('<?xml version="1.0" encoding="UTF-16"?>'),
        err("DecodeError", ""),
    )
    add(
        "encoding-lies-latin1.xml",
        doc('<?xml version="1.0" encoding="ISO-8859-1"?>', ex(desc="d\u00e9j\u00e0")),
        {
            "accept": {
                "path": ["fax_status_list", "item", 0, "status_description"],
                "value": "d\u00c3\u00a9j\u00c3\u00a0",
            }
        },
    )
    add("nul-byte.xml", ex(desc="a\x00b"), err("DecodeError", "malformed XML"))
    for tenth in range(1, 10):
        add(
            f"truncated-{tenth}0pct.xml",
            RESPONSE[: len(RESPONSE) * tenth // 10],
            err("DecodeError", "malformed XML"),
        )
    add("truncated-0pct.xml", b"", err("ProtocolError", "empty body"))
    add(
        "mismatched-tags.xml",
        ex().replace(b"</StatusDescription>", b"</StatusDescriptio>"),
        err("DecodeError", "Opening and ending tag mismatch"),
    )
    add(
        "wrong-envelope-namespace.xml",
        ex(env="http://schemas.xmlsoap.org/soap/envelope"),
        err("VersionMismatchError", "neither SOAP 1.1 nor SOAP 1.2"),
    )
    add(
        "soap11-envelope-soap12-fault.xml",
        (
            f'<s:Envelope xmlns:s="{S11}"><s:Body><f:Fault xmlns:f="{S12}"><f:Code>'
            "<f:Value>f:Sender</f:Value></f:Code><f:Reason><f:Text>x</f:Text></f:Reason>"
            "</f:Fault></s:Body></s:Envelope>"
        ).encode(),
        err("DecodeError", "inside a soap11 message"),
        "text/xml",
    )
    add(
        "two-bodies.xml",
        ex().replace(b"</e:Body>", b"</e:Body><e:Body/>"),
        err("DecodeError", "unexpected element Body after Body"),
    )
    add(
        "body-two-children.xml",
        ex().replace(b"<e:Body>", b'<e:Body><x xmlns="urn:x"/>'),
        err("DecodeError", "exactly one element, found 2"),
    )
    add(
        "missing-body.xml",
        f'<e:Envelope xmlns:e="{S12}"><e:Header/></e:Envelope>'.encode(),
        err("DecodeError", "no Body"),
    )
    add(
        "empty-body.xml",
        f'<e:Envelope xmlns:e="{S12}"><e:Body/></e:Envelope>'.encode(),
        err("DecodeError", "found 0"),
    )
    add(
        "processing-instructions.xml",
        ex().replace(b"<FaxStatusList>", b"<?php echo 1 ?><FaxStatusList><?x y?>"),
        {"accept": {"path": ["fax_status_list", "item", 0, "fax_job_status_id"], "value": 1}},
    )
    add(
        "cdata-string.xml",
        ex(desc="<![CDATA[<b>&amp;]]>"),
        {
            "accept": {
                "path": ["fax_status_list", "item", 0, "status_description"],
                "value": "<b>&amp;",
            }
        },
    )
    add(
        "cdata-int.xml",
        ex(status="<![CDATA[3]]>"),
        {"accept": {"path": ["fax_status_list", "item", 0, "fax_job_status_id"], "value": 3}},
    )
    add(
        "int64-overflow.xml",
        SIMPLE.format("9223372036854775808").encode(),
        err("DecodeError", "outside the xsd:long range"),
    )
    add(
        "int32-overflow.xml",
        ex(status="2147483648"),
        err("DecodeError", "outside the xsd:int range"),
    )
    add(
        "huge-digit-string.xml",
        ex(status="1" * 5000),
        err("DecodeError", "outside the xsd:int range"),
    )
    add(
        "doctype-after-comment.xml",
        doc('<?xml version="1.0"?><!-- hi --><?pi x?>\n<!DOCTYPE x [<!ENTITY a "b">]>'),
        err("DecodeError", "document type declarations"),
    )
    add(
        "doctype-utf16.xml",
        (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>' + ex().decode()
        ).encode("utf-16"),
        err("DecodeError", "document type declarations"),
    )
    add(
        "negative-page-counts.xml",
        ex(sent="-3", total="-1"),
        {
            "accept": {
                "path": ["fax_status_list", "item", 0, "recipient_current_page_count"],
                "value": -3,
            }
        },
    )
    add(
        "unknown-status-code.xml",
        ex(status="42"),
        {"accept": {"path": ["fax_status_list", "item", 0, "fax_job_status_id"], "value": 42}},
    )
    add(
        "nil-on-scalar.xml",
        ex().replace(
            b"<RemoteFaxCSID/>", f'<RemoteFaxCSID xmlns:i="{XSI}" i:nil="true"/>'.encode()
        ),
        err("DecodeError", "not nillable"),
    )
    add(
        "undeclared-prefix.xml",
        ex().replace(b"<return>", b"<p:return>").replace(b"</return>", b"</p:return>"),
        err("DecodeError", "malformed XML"),
    )
    # Found by make fuzz: libxml2 only warns about an undeclared prefix, even on the root.
    add(
        "undeclared-prefix-root.xml",
        b'<soap:Envelope xmlns:smap="urn:x"><soap:Body><CheckService xmlns="urn:FaxWS"/>'
        b"</soap:Body></soap:Envelope>",
        err("DecodeError", "Namespace prefix soap on"),
    )
    add(
        "attributes-65.xml",
        ex().replace(
            b"<return>", b"<return " + b" ".join(b'a%d="1"' % i for i in range(65)) + b">"
        ),
        err("DecodeError", "more than 64 attributes on one element"),
    )
    add(
        "many-attributes.xml",
        ex().replace(
            b"<return>", b"<return " + b" ".join(b'a%d="1"' % i for i in range(5000)) + b">"
        ),
        err("DecodeError", "more than 64 attributes on one element"),
    )
    add(
        "html-error-page.html",
        b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
        err("ProtocolError", "unexpected content type 'text/html'"),
        "text/html; charset=utf-8",
    )
    add(
        "html-as-xml.xml",
        b"<html><body>Service Unavailable</body></html>",
        err("ProtocolError", "HTML page"),
        "text/xml",
    )
    add(
        "request-with-pin-bad-int.xml",
        REQUEST.replace(b"<strPIN></strPIN>", b"<strPIN>s3cr3t-PIN</strPIN>").replace(
            b"<UserID>", b"<UserID><x/>"
        ),
        {**err("DecodeError", "UserID must hold text"), "secret": "s3cr3t-PIN"},
        "text/xml",
    )
    add(
        "json-deep-nesting.json",
        b'{"CheckService":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        err("DecodeError", ""),
        "application/json",
    )
    add(
        "json-huge-number.json",
        b'{"SimpleGetFaxStatusResponse":{"return":' + b"9" * 5000 + b"}}",
        err("DecodeError", "unreadable JSON"),
        "application/json",
    )
    add(
        "json-nan.json",
        b'{"SimpleGetFaxStatusResponse":{"return":NaN}}',
        err("DecodeError", "unreadable JSON"),
        "application/json",
    )
    add(
        "json-duplicate-keys.json",
        b'{"SimpleGetFaxStatusResponse":{"return":1,"return":2}}',
        err("DecodeError", "duplicate JSON key"),
        "application/json",
    )
    add(
        "json-lone-surrogate.json",
        b'{"SimpleGetFaxStatus":{"UserID":"u","strPIN":"","JobId":"br\\ud800"}}',
        err("DecodeError", "lone surrogate"),
        "application/json",
    )
    add(
        "json-bool-as-int.json",
        b'{"SimpleGetFaxStatusResponse":{"return":true}}',
        err("DecodeError", "not boolean"),
        "application/json",
    )
    add(
        "json-invalid-utf8.json",
        b'{"CheckServiceResponse":{"return":"\xff\xfe"}}',
        err("DecodeError", ""),
        "application/json",
    )
    return out


ENV_OPEN = f'<e:Envelope xmlns:e="{S12}"'
PAYLOAD_OPEN = ENV_OPEN + '><e:Body><CheckServiceResponse xmlns="urn:FaxWS">'
PAYLOAD_CLOSE = "<return>x</return></CheckServiceResponse></e:Body></e:Envelope>"
CAP = 10 * 1024 * 1024 - 4096  # just under DecodeOptions().max_bytes


def at_the_cap() -> list[dict[str, Any]]:
    """Bodies that fill the default cap with one construct, built by the test at run time.

    ``head + unit * n + tail`` with n as large as the cap allows; ``{i}`` in the unit is the
    repetition's index. Each case states its own time and peak-memory bound.
    """

    def case(name: str, head: str, unit: str, tail: str, expect: dict[str, Any], **kw: Any) -> Any:
        return {
            "name": name,
            "generate": "repeat",
            "head": head,
            "unit": unit,
            "tail": tail,
            "size": CAP,
            "content_type": "application/soap+xml",
            **expect,
            **kw,
        }

    accept_x = {"accept": {"path": ["return_value"], "value": "x"}}
    return [
        case(
            "attributes-on-one-element-at-cap",
            ENV_OPEN,
            ' a{i}="1"',
            "><e:Body/></e:Envelope>",
            {"error": "DecodeError", "match": "has more than 64 attributes"},
        ),
        case(
            "namespace-declarations-on-one-element-at-cap",
            ENV_OPEN,
            ' xmlns:p{i}="urn:{i}"',
            "><e:Body/></e:Envelope>",
            {"error": "DecodeError", "match": "has more than 64 attributes"},
        ),
        case(
            "dense-tags-at-cap",
            PAYLOAD_OPEN,
            "<x/>",
            PAYLOAD_CLOSE,
            {"error": "DecodeError", "match": "denser than any FaxWS message"},
        ),
        case(
            "wide-unknown-siblings-at-cap",
            PAYLOAD_OPEN,
            "<unknown1234/>",
            PAYLOAD_CLOSE,
            {"error": "DecodeError", "match": "unexpected element unknown1234"},
            max_seconds=5.0,
            max_mib=128,
        ),
        case(
            "wide-unknown-siblings-lenient-at-cap",
            PAYLOAD_OPEN,
            "<unknown1234/>",
            PAYLOAD_CLOSE,
            accept_x,
            strict=False,
            max_seconds=5.0,
            max_mib=128,
        ),
        case(
            "attribute-on-every-sibling-lenient-at-cap",
            PAYLOAD_OPEN,
            '<unknown a="1234567890"/>',
            PAYLOAD_CLOSE,
            accept_x,
            strict=False,
            max_seconds=5.0,
            max_mib=160,
        ),
        case(
            "namespace-declaration-on-every-sibling-lenient-at-cap",
            PAYLOAD_OPEN,
            '<p:u xmlns:p="urn:p{i}"/>',
            PAYLOAD_CLOSE,
            accept_x,
            strict=False,
            max_seconds=5.0,
            max_mib=128,
        ),
    ]


def main() -> None:
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    built = []
    for c in cases():
        body = c.pop("body")
        (HERE / c["file"]).write_bytes(body)
        built.append(c)
    generated = [
        *at_the_cap(),
        {
            "name": "body-100MB",
            "generate": "size",
            "size": 100 * 1024 * 1024,
            "content_type": "application/soap+xml",
            "error": "DecodeError",
            "match": "over the 10485760-byte cap",
        },
        {
            "name": "text-node-11MB",
            "generate": "text",
            "size": 11 * 1024 * 1024,
            "max_bytes": 32 * 1024 * 1024,
            "content_type": "application/soap+xml",
            "error": "DecodeError",
            "match": "malformed XML",
        },
        {
            "name": "nesting-10000",
            "generate": "depth",
            "size": 10_000,
            "content_type": "application/xml",
            "error": "DecodeError",
            "match": "malformed XML",
        },
    ]
    (HERE / "cases.json").write_text(json.dumps({"cases": built + generated}, indent=1) + "\n")
    print(f"{len(built)} files, {len(generated)} generated cases")


if __name__ == "__main__":
    main()
