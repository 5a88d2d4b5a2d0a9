"""faxstatus fmt: any XML or JSON formatted as xmllint --format does; errors by position."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from faxstatus.codec import FAXWS_NS

from ..support.cli import run_cli as run
from ..support.paths import ROOT, VECTORS

EX_SOAP12 = VECTORS / "GetRealTimeFaxStatusEx" / "soap12" / "response.xml"
VENDOR_WSDL = ROOT / "schema" / "vendor" / "FaxWS-gsoap.wsdl"

pytestmark = pytest.mark.usefixtures("clean_env")


def invalid_message() -> bytes:
    """A FaxWS response that decode refuses: RecipientState 'four' is no xsd:int."""
    body = EX_SOAP12.read_bytes()
    bad = body.replace(b"<RecipientState>0<", b"<RecipientState>four<", 1)
    assert bad != body
    return bad


def truncated_message() -> bytes:
    """A FaxWS response cut short inside its first item, after a whole element."""
    body = EX_SOAP12.read_bytes()
    return body[: body.index(b"</FaxJobStatusId>") + len(b"</FaxJobStatusId>")]


#: Non-ASCII text, attribute, name, comment, CDATA and PI, and no encoding declared.
UNDECLARED = '<r a="é €"><!-- é --><ñ>é &amp;#233; 😀</ñ><![CDATA[é]]><?p é?></r>'.encode()

#: The three documents issue 24 names: invalid, truncated, not FaxWS at all; and one
#: without an encoding declaration.
CASES = {
    "invalid": invalid_message,
    "truncated": truncated_message,
    "not-faxws": VENDOR_WSDL.read_bytes,
    "undeclared-encoding": lambda: UNDECLARED,
}


def fmt(capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes) -> tuple[int, str, str]:
    path = tmp_path / "input"
    path.write_bytes(data)
    return run(capsys, "fmt", str(path))


def test_an_invalid_message_is_formatted_with_its_prefixes(capsys, tmp_path):
    code, out, err = fmt(capsys, tmp_path, invalid_message())
    assert (code, err) == (0, "")
    assert out.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">\n'
        "  <env:Body>\n"
        f'    <RealTimeFaxStatusExResponse xmlns="{FAXWS_NS}">\n'
        "      <return>true</return>\n"
    )
    assert "        <RecipientState>four</RecipientState>\n" in out
    # Text with a CR keeps its character reference; a nil item keeps its xsi declaration.
    assert "line one&#13;\nline two ]]&gt; &amp; done" in out
    assert '<item xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>' in out


def test_a_truncated_message_prints_what_was_read_and_the_error_position(capsys, tmp_path):
    data = truncated_message()
    # libxml2 reports the column just past the last byte of line 2, where the input stopped.
    column = len(data.split(b"\n")[1]) + 1
    code, out, err = fmt(capsys, tmp_path, data)
    assert code == 1
    # What libxml2 read, closed where the input stopped (xmllint --recover --format's output).
    assert out.endswith(
        "        <item>\n"
        "          <FaxJobId>br0000000001</FaxJobId>\n"
        "          <FaxJobStatusId>2</FaxJobStatusId>\n"
        "        </item>\n"
        "      </FaxStatusList>\n"
        "    </RealTimeFaxStatusExResponse>\n"
        "  </env:Body>\n"
        "</env:Envelope>\n"
    )
    assert err == (
        f"faxstatus: {tmp_path / 'input'}:2:{column}: malformed XML: "
        "Premature end of data in tag item line 2\n"
    )


def test_a_document_that_is_not_faxws_is_formatted(capsys, tmp_path):
    code, out, err = fmt(capsys, tmp_path, b'<a:x xmlns:a="urn:a"><!--c--><b> t </b><?p d?></a:x>')
    assert (code, err) == (0, "")
    assert out == (
        '<?xml version="1.0"?>\n'
        '<a:x xmlns:a="urn:a">\n'
        "  <!--c-->\n"
        "  <b> t </b>\n"
        "  <?p d?>\n"
        "</a:x>\n"
    )


def test_mixed_content_and_cdata_are_kept_as_they_are(capsys, tmp_path):
    code, out, _ = fmt(capsys, tmp_path, b"<r><a>x <b>y</b> z<![CDATA[<&>]]></a></r>")
    assert code == 0
    assert out == '<?xml version="1.0"?>\n<r>\n  <a>x <b>y</b> z<![CDATA[<&>]]></a>\n</r>\n'


def test_without_an_encoding_declaration_text_gets_character_references(capsysbinary, tmp_path):
    code, out, _ = run_bytes(capsysbinary, tmp_path, UNDECLARED)
    assert code == 0
    assert (
        out
        == (
            '<?xml version="1.0"?>\n<r a="&#xE9; &#x20AC;"><!-- é --><ñ>&#xE9; &amp;#233; '
            "&#x1F600;</ñ><![CDATA[é]]><?p é?></r>\n"
        ).encode()
    )


def test_the_declaration_keeps_encoding_and_standalone(capsysbinary, tmp_path):
    data = b"<?xml version='1.0' encoding='ISO-8859-1' standalone='yes'?><r>\xe9</r>"
    code, out, _ = run_bytes(capsysbinary, tmp_path, data)
    assert code == 0
    assert out == b'<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>\n<r>\xe9</r>\n'


def run_bytes(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, data: bytes
) -> tuple[int, bytes, str]:
    """fmt on *data* in-process, its stdout as bytes (an encoding is written as declared)."""
    from faxstatus.cli import main

    path = tmp_path / "input"
    path.write_bytes(data)
    code = main(["fmt", str(path)])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


def test_an_entity_reference_is_kept_and_nothing_is_expanded(capsys, tmp_path):
    data = b'<!DOCTYPE r [<!ENTITY e "expanded">]><r>&e;</r>'
    code, out, _ = fmt(capsys, tmp_path, data)
    assert code == 0 and "<r>&e;</r>" in out and "expanded</r>" not in out


@pytest.mark.parametrize(
    ("data", "position", "what"),
    [
        (b"# faxstatus\n\nA README, not a message.\n", "1:1", "malformed XML"),
        (b"<Envelope>\n<Body>", "2:7", "malformed XML"),
        (b'{"GetRealTimeFaxStatusExResponse": {', "1:37", "malformed JSON"),
        (b"", "1:1", "empty input"),
    ],
)
def test_malformed_input_names_line_and_column(capsys, tmp_path, data, position, what):
    code, _, err = fmt(capsys, tmp_path, data)
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith(f"faxstatus: {tmp_path / 'input'}:{position}: {what}"), err


def test_json_is_indented_with_every_value_as_written(capsys, tmp_path):
    code, out, _ = fmt(capsys, tmp_path, b'{"a":[1.0e5,{},[]],"b":{"c":"x\\"y"}}')
    assert code == 0
    assert out == (
        '{\n  "a": [\n    1.0e5,\n    {},\n    []\n  ],\n  "b": {\n    "c": "x\\"y"\n  }\n}\n'
    )


def test_fmt_takes_many_files_and_reads_every_one(capsys, tmp_path):
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_bytes(b"<a><b/></a>")
    bad.write_bytes(b"<a><b>")
    code, out, err = run(capsys, "fmt", str(bad), str(good))
    assert code == 1
    assert out.count('<?xml version="1.0"?>') == 2 and out.endswith("<a>\n  <b/>\n</a>\n")
    assert err.startswith(f"faxstatus: {bad}:1:7: malformed XML") and err.count("\n") == 1


def test_fmt_still_formats_a_message(capsys):
    vector = VECTORS / "GetRealTimeFaxStatusEx" / "json" / "response.json"
    code, out, _ = run(capsys, "fmt", str(vector))
    assert code == 0 and out.startswith('{\n  "GetRealTimeFaxStatusExResponse"')


XMLLINT = shutil.which("xmllint")


@pytest.mark.skipif(
    XMLLINT is None, reason="xmllint is not installed (apt-get install libxml2-utils)"
)
@pytest.mark.parametrize("case", sorted(CASES))
def test_fmt_prints_what_xmllint_format_prints(capsysbinary, tmp_path, case):
    assert XMLLINT is not None
    data = CASES[case]()
    path = tmp_path / "input"
    path.write_bytes(data)
    # --recover: for malformed input, xmllint then prints what it could read, as fmt does.
    done = subprocess.run(
        [XMLLINT, "--format", "--recover", "--nonet", str(path)],
        capture_output=True,
        check=False,
    )
    code, out, _ = run_bytes(capsysbinary, tmp_path, data)
    assert out == done.stdout
    assert code == (1 if case == "truncated" else 0)


@pytest.mark.parametrize("kind", ["external subset", "parameter entity", "external entity"])
def test_nothing_outside_the_document_is_read(capsys, tmp_path, kind):
    # A file the document names: were it read, its garbage would be a parse error.
    outside = tmp_path / "outside.dtd"
    outside.write_bytes(b"this is not markup <<<")
    uri = outside.as_uri()
    doctype = {
        "external subset": f'<!DOCTYPE r SYSTEM "{uri}">',
        "parameter entity": f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{uri}"> %p;]>',
        "external entity": f'<!DOCTYPE r [<!ENTITY e SYSTEM "{uri}">]>',
    }[kind]
    code, out, err = fmt(capsys, tmp_path, f"{doctype}<r><a>&e;</a></r>".encode())
    assert "this is not markup" not in out + err
    assert "external subset" not in err and "Content error" not in err, err
    assert "<r>\n  <a>&e;</a>\n</r>\n" in out
    assert code in (0, 1)  # an undeclared &e; is an error of its own; reading is what matters


VECTOR_XML = sorted(VECTORS.rglob("*.xml"))


@pytest.mark.skipif(
    XMLLINT is None, reason="xmllint is not installed (apt-get install libxml2-utils)"
)
def test_every_xml_vector_is_formatted_as_xmllint_formats_it(capsysbinary, tmp_path):
    assert XMLLINT is not None and len(VECTOR_XML) > 50
    differ = []
    for vector in VECTOR_XML:
        done = subprocess.run(
            [XMLLINT, "--format", "--nonet", str(vector)], capture_output=True, check=False
        )
        code, out, _ = run_bytes(capsysbinary, tmp_path, vector.read_bytes())
        if (code, out) != (0, done.stdout):
            differ.append(str(vector.relative_to(VECTORS)))
    assert differ == []
