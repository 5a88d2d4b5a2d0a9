"""faxstatus explain: every element of one message by the schema, hazards flagged."""

from __future__ import annotations

import json

import pytest

from faxstatus.codec import FAXWS_NS

from ..support.cli import run_cli as run
from ..support.har_files import zeep_har
from ..support.paths import VECTORS

pytestmark = pytest.mark.usefixtures("clean_env")

RESPONSE = (VECTORS / "GetRealTimeFaxStatusEx" / "soap12" / "response.xml").read_bytes()
REQUEST = (VECTORS / "GetRealTimeFaxStatusEx" / "soap11" / "request.xml").read_bytes()


def explain(capsys, tmp_path, data: bytes, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "msg.xml"
    path.write_bytes(data)
    return run(capsys, "explain", str(path), *extra)


def hazards(capsys, tmp_path, data: bytes) -> list[str]:
    code, out, _ = explain(capsys, tmp_path, data, "--json")
    found = [f"{r['path']}: {h}" for r in json.loads(out)["elements"] for h in r["hazards"]]
    assert code == (1 if found else 0)
    return found


def test_a_clean_request_has_every_element_and_no_hazard(capsys, tmp_path):
    code, out, _ = explain(capsys, tmp_path, REQUEST)
    assert code == 0 and out.endswith("decode: accepted\nno hazard\n")
    lines = out.splitlines()
    assert lines[0].endswith(
        ": GetRealTimeFaxStatusEx (GetRealTimeFaxStatusEx request, SOAP 1.1 envelope)"
    )
    assert '   2    strPIN  xsd:string 1..1  empty = ""' in lines
    assert "   2      item[3]  FaxJobId 0..* nillable  nil" in lines
    assert any(line.endswith(f"payload  {{{FAXWS_NS}}} (default namespace)") for line in lines)


def test_json_names_namespace_prefix_type_occurrence_and_state(capsys, tmp_path):
    code, out, _ = explain(capsys, tmp_path, REQUEST, "--json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["operation"], doc["direction"], doc["soap"]) == (
        "GetRealTimeFaxStatusEx",
        "request",
        "1.1",
    )
    envelope, payload, user = doc["elements"][:3]
    assert (envelope["prefix"], envelope["namespace"]) == (
        "soap",
        "http://schemas.xmlsoap.org/soap/envelope/",
    )
    assert (payload["prefix"], payload["namespace"]) == (None, FAXWS_NS)
    assert user == {
        "path": "/GetRealTimeFaxStatusEx/UserID",
        "line": 2,
        "name": "UserID",
        "prefix": None,
        "namespace": FAXWS_NS,
        "type": "xsd:string",
        "minOccurs": 1,
        "maxOccurs": 1,
        "nillable": False,
        "state": "value",
        "hazards": [],
        "value": "mbx1234567890",
    }


def test_a_word_and_an_empty_string_where_a_number_belongs(capsys, tmp_path):
    bad = RESPONSE.replace(b"<RecipientState>0<", b"<RecipientState>four<", 1)
    bad = bad.replace(b"<FaxJobStatusId>3<", b"<FaxJobStatusId><", 1)
    found = hazards(capsys, tmp_path, bad)
    item = "/RealTimeFaxStatusExResponse/FaxStatusList/item"
    assert f"{item}/RecipientState: 'four' is not an xsd:int" in found
    assert f"{item}[3]/FaxJobStatusId: '' where an xsd:int belongs" in found
    code, out, _ = explain(capsys, tmp_path, bad)
    assert code == 1
    assert "\ndecode: refused: RecipientState: 'four' is not an xsd:int (" in out


def test_dates_without_a_time_zone_are_flagged(capsys, tmp_path):
    found = hazards(capsys, tmp_path, RESPONSE)
    assert found == [
        "/RealTimeFaxStatusExResponse/FaxStatusList/item/FaxDeliveryDateTime: "
        "'11/26/2026 9:15:02 AM': a date without a time zone (CONTRACT.md §4.7)",
        "/RealTimeFaxStatusExResponse/FaxStatusList/item[3]/FaxDeliveryDateTime: "
        "'11/26/2026 9:15:02 AM': a date without a time zone (CONTRACT.md §4.7)",
    ]
    zoned = RESPONSE.replace(b"9:15:02 AM<", b"9:15:02 AM UTC<")
    assert hazards(capsys, tmp_path, zoned) == []


def test_unknown_misplaced_wrong_namespace_absent_and_nil(capsys, tmp_path):
    body = (
        f'<GetRealTimeFaxStatusEx xmlns="{FAXWS_NS}" xmlns:o="urn:Other" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<strPIN>p</strPIN><UserID xsi:nil='true'/><Extra/><o:FaxJobIds/>"
        "</GetRealTimeFaxStatusEx>"
    ).encode()
    found = hazards(capsys, tmp_path, body)
    assert found == [
        "/GetRealTimeFaxStatusEx/UserID: misplaced: the sequence puts UserID before strPIN",
        "/GetRealTimeFaxStatusEx/UserID: nil, but the schema does not make it nillable",
        "/GetRealTimeFaxStatusEx/Extra: unknown element: not in the type's sequence "
        "(UserID, strPIN, FaxJobIds)",
        f"/GetRealTimeFaxStatusEx/o:FaxJobIds: in namespace 'urn:Other', not '{FAXWS_NS}'",
    ]
    body = body.replace(b"<o:FaxJobIds/>", b"")
    assert hazards(capsys, tmp_path, body)[-1] == (
        "/GetRealTimeFaxStatusEx/FaxJobIds: absent, but required (1..1)"
    )


def test_the_pin_is_masked_in_the_text_form(capsys, tmp_path):
    secret = b"hunter2-pin-value"
    code, out, _ = explain(
        capsys, tmp_path, REQUEST.replace(b"<strPIN></strPIN>", b"<strPIN>" + secret + b"</strPIN>")
    )
    assert code == 0 and secret.decode() not in out and "strPIN  xsd:string 1..1  = ***" in out


def test_a_har_file_needs_one_message_picked(capsys, tmp_path):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har())
    code, out, err = run(capsys, "explain", str(path))
    assert (code, out) == (1, "")
    assert "explain reads one message, this holds 4 (entry 2 request, " in err
    code, out, _ = run(capsys, "explain", str(path), "--entry", "3", "--side", "response")
    assert code == 1 and "(GetRealTimeFaxStatusEx response, SOAP 1.1 envelope)" in out


def test_the_json_form_member_by_member(capsys, tmp_path):
    body = (
        b'{"GetRealTimeFaxStatusEx": {"UserID": "u", "strPIN": "", '
        b'"FaxJobIds": [{"JobId": "br1"}, null, {"JobId": 5}], "Extra": 1}}'
    )
    code, out, _ = explain(capsys, tmp_path, body, "--json")
    assert code == 1
    doc = json.loads(out)
    assert (doc["operation"], doc["direction"], doc["soap"]) == (
        "GetRealTimeFaxStatusEx",
        "request",
        None,
    )
    rows = {r["path"]: r for r in doc["elements"]}
    assert rows["$.GetRealTimeFaxStatusEx.FaxJobIds[1]"]["state"] == "nil"
    assert rows["$.GetRealTimeFaxStatusEx.strPIN"]["state"] == "empty"
    found = [f"{r['path']}: {h}" for r in doc["elements"] for h in r["hazards"]]
    assert found == [
        "$.GetRealTimeFaxStatusEx.FaxJobIds[2].JobId: JobId must be a string, not number",
        "$.GetRealTimeFaxStatusEx.Extra: unknown member: not in the type "
        "(UserID, strPIN, FaxJobIds)",
    ]
    assert doc["decode"].startswith("unexpected key 'Extra'")


def test_a_json_response_vector_flags_its_dates_only(capsys):
    vector = VECTORS / "GetRealTimeFaxStatusEx" / "json" / "response.json"
    code, out, _ = run(capsys, "explain", str(vector))
    assert code == 1 and "(GetRealTimeFaxStatusEx response, the JSON form)" in out
    assert out.count("a date without a time zone") == 2 and "2 hazard(s):" in out


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"<a", "malformed XML"),
        (b'{"CheckService": ', "JSON"),
        (b'{"A": 1, "B": 2}', "the JSON form is an object of one member"),
    ],
)
def test_what_cannot_be_explained_is_one_line(capsys, tmp_path, data, what):
    code, out, err = explain(capsys, tmp_path, data)
    assert (code, out) == (1, "") and err.count("\n") == 1 and what in err, err
