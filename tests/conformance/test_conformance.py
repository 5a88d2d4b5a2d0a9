"""The conformance kit: its catalogue, its grading, its reports, and zeep graded through it."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from faxstatus.cli import main
from faxstatus.codec import OPERATIONS, ContentType, Direction
from faxstatus.codec._operations import IdCarrier
from faxstatus.conformance import Verdict, decoder_cases, encoder_cases
from faxstatus.conformance._adapter import Adapter, AdapterAnswer, grade_decoder, run_adapter
from faxstatus.conformance._catalogue import skipped_documents

from ..support.helpers import FIXED_EPOCH, make_simulator
from ..support.paths import ROOT, VECTORS

PY = sys.executable
#: The simulator's public demo credentials (no one's secret), given as the kit requires.
DEMO = ["--user", "demo-user", "--pin", "demo-pin", "--token", "demo-token"]
REFERENCE = [PY, str(ROOT / "tests" / "conformance" / "reference_adapter.py")]
ZEEP = [PY, str(ROOT / "examples" / "zeep_adapter.py")]


@pytest.fixture(scope="module")
def dec_cases():
    return decoder_cases()


@pytest.fixture(scope="module")
def enc_cases():
    return encoder_cases()


def test_cases_have_unique_ids_titles_and_sections(dec_cases, enc_cases):
    ids = [c.id for c in dec_cases + enc_cases]
    assert len(ids) == len(set(ids))
    for c in dec_cases + enc_cases:
        assert c.title and c.section and c.group
        assert c.expect in ("accept", "reject")
        assert (c.expected is None) == (c.expect == "reject")


def test_every_operation_form_and_direction_is_a_golden_decoder_case(dec_cases):
    ids = {c.id for c in dec_cases}
    for op in OPERATIONS:
        for ct in ContentType:
            for d in Direction:
                assert f"decoder/golden/{op}/{ct.value}/{d.value}" in ids
    for form in ("soap12", "soap11", "json"):
        assert f"decoder/golden/fault/{form}" in ids


def test_golden_expectations_are_the_json_twins(dec_cases):
    """The expected JSON form of every golden case is the vector's own JSON twin, verbatim."""
    checked = 0
    for c in dec_cases:
        parts = c.id.split("/")
        if parts[1] != "golden" or parts[2] == "fault":
            continue
        twin = VECTORS / parts[2] / "json" / f"{parts[4]}.json"
        assert c.expected == json.loads(twin.read_bytes()), c.id
        checked += 1
    assert checked == len(OPERATIONS) * len(ContentType) * 2


def test_catalogue_has_each_family_the_contract_asks_for(dec_cases):
    groups = {c.group for c in dec_cases}
    assert {"golden", "peer", "media", "encoding", "nil", "reject"} <= groups
    ids = {c.id for c in dec_cases}
    for needed in (
        "decoder/peer/gsoap-xml-nil-fault11",
        "decoder/peer/gsoap-xml-nil-fault12",
        "decoder/peer/gsoap-defaultns-ex2-response",
        "decoder/peer/soap11-envelope-as-soap12",
        "decoder/peer/jaxws-soap12-ex3-request",
        "decoder/encoding/utf-16le-bom",
        "decoder/encoding/iso-8859-1",
        "decoder/reject/out-of-order",
        "decoder/reject/hostile/billion-laughs",
        "decoder/reject/hostile/wrong-envelope-namespace",
        "decoder/reject/int-overflow",
    ):
        # A peer document of an operation the schema lacks is left out, with its reason.
        assert needed in ids or skipped_documents().get(needed), needed
    rejects = [c for c in dec_cases if c.expect == "reject"]
    # Security rejections are never softened to non-strict.
    assert all(c.lenient is None for c in rejects if "doctype" in c.id or "xxe" in c.id)


def _cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, out


@pytest.mark.slow
def test_our_own_codec_passes_every_decoder_and_encoder_case(tmp_path, capsys):
    """The self-check: behind the adapter protocol, faxstatus itself scores 100%, canonical."""
    code, out = _cli(
        capsys, "conformance", "decoder", "--batch", "-q", "-o", str(tmp_path), "--", *REFERENCE
    )
    assert code == 0, out
    report = json.loads((tmp_path / "conformance-decoder.json").read_text())
    assert report["summary"] == {
        "pass": report["summary"]["pass"],
        "non-strict": 0,
        "fail": 0,
        "informational": 0,
    }
    code, out = _cli(
        capsys, "conformance", "encoder", "--batch", "-q", "-o", str(tmp_path), "--", *REFERENCE
    )
    assert code == 0, out
    enc = json.loads((tmp_path / "conformance-encoder.json").read_text())
    assert enc["summary"]["fail"] == 0 and enc["summary"]["non-strict"] == 0
    accepted = [r for r in enc["results"] if r["expect"] == "accept"]
    assert accepted and all(r["canonical"] for r in accepted)


# What zeep 4.3.3 does differently, each explained (README "For binding authors").
ZEEP_DECODER_FAILS = {
    # zeep's Soap12Binding.process_error reads Subcode/Value without checking for a nil
    # Subcode and raises AttributeError on gSOAP's SOAP_XML_NIL faults.
    "decoder/peer/gsoap-xml-nil-fault12",
    "decoder/peer/gsoap/fault12-xml-nil",
    "decoder/peer/gsoap/fault12-xml-nil-subcode",
}
ZEEP_NON_STRICT_KINDS = (
    "absent and empty not told apart",  # zeep reads <x/> as None and a nil item as all-None
    "fault read with its code and first reason",  # zeep keeps one reason text, no Node/Role
    "accepted; ",  # zeep checks no int/long ranges, nil, order of unqualified children, …
)


@pytest.fixture(scope="module")
def zeep_decoder_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("zeep-decoder")
    code = main(["conformance", "decoder", "--batch", "-q", "-o", str(out), "--", *ZEEP])
    return code, out


@pytest.mark.slow
def test_zeep_decoder_every_non_pass_is_explained(zeep_decoder_run):
    code, out = zeep_decoder_run
    report = json.loads((out / "conformance-decoder.json").read_text())
    results = report["results"]
    fails = {r["id"] for r in results if r["verdict"] == "fail"}
    assert fails == ZEEP_DECODER_FAILS
    assert code == 1  # something failed: the exit status says so
    for r in results:
        if r["verdict"] == "non-strict":
            assert r["detail"].startswith(ZEEP_NON_STRICT_KINDS), (r["id"], r["detail"])
        if r["verdict"] == "informational":
            assert "zeep has no JSON form" in r["detail"], r["id"]
    # Every security rejection holds in zeep (its loader forbids DTDs and entities).
    for r in results:
        if "doctype" in r["id"] or "xxe" in r["id"] or "billion" in r["id"]:
            assert r["verdict"] == "pass", r["id"]
    assert sum(r["verdict"] == "pass" for r in results) >= 50


def test_reports_are_written_and_well_formed(zeep_decoder_run):
    _, out = zeep_decoder_run
    report = json.loads((out / "conformance-decoder.json").read_text())
    junit = ET.parse(out / "conformance-decoder.junit.xml").getroot()
    suite = junit.find("testsuite")
    assert suite is not None
    assert int(suite.get("tests", "0")) == len(report["results"])
    assert int(suite.get("failures", "0")) == report["summary"]["fail"]
    assert int(suite.get("skipped", "0")) == report["summary"]["informational"]
    html = (out / "conformance-decoder.html").read_text()
    # Self-contained: no external script, style sheet, image or font.
    assert "<script src" not in html and "<link" not in html and "<img" not in html
    assert "@import" not in html and "url(" not in html
    assert html.count('class="case"') == len(report["results"])
    for r in report["results"]:
        assert r["wire"], r["id"]  # the wire of every case is kept
        assert "base64" in r["wire"][0]


@pytest.mark.slow
def test_zeep_decoder_per_case_protocol(tmp_path, capsys):
    """One process per case: exit 0 / 1 / 3 become accepted / rejected / unsupported."""
    code, out = _cli(
        capsys,
        "conformance",
        "decoder",
        "-q",
        "-o",
        str(tmp_path),
        "--case",
        "decoder/peer/gsoap11-ex-response",
        "--case",
        "decoder/reject/hostile/xxe-file",
        "--case",
        "decoder/golden/CheckService/json/request",
        "--",
        *ZEEP,
    )
    assert code == 0, out
    report = json.loads((tmp_path / "conformance-decoder.json").read_text())
    verdicts = {r["id"]: r["verdict"] for r in report["results"]}
    assert verdicts == {
        "decoder/peer/gsoap11-ex-response": "non-strict",  # <ErrorString/> read as None
        "decoder/reject/hostile/xxe-file": "pass",
        "decoder/golden/CheckService/json/request": "informational",
    }
    assert "1 non-strict, 0 fail, 1 informational" in out


@pytest.mark.slow
def test_zeep_encoder_fails_only_where_zeep_cannot_write_it(tmp_path, capsys):
    code, _ = _cli(
        capsys, "conformance", "encoder", "--batch", "-q", "-o", str(tmp_path), "--", *ZEEP
    )
    assert code == 1
    report = json.loads((tmp_path / "conformance-encoder.json").read_text())
    for r in report["results"]:
        if r["verdict"] != "fail":
            continue
        source = json.loads(next(w for w in r["wire"] if w["label"].startswith("input"))["text"])
        # zeep cannot write a nil list item, and does not range-check xsd:int.
        assert "null" in json.dumps(source) or r["id"].startswith("encoder/refuse/int-overflow"), r
    assert sum(r["verdict"] == "pass" for r in report["results"]) >= 40


def _case(expect="accept", lenient=None):
    cases = [c for c in decoder_cases() if c.expect == expect and c.lenient == lenient]
    return cases[0]


def test_grading_of_wrong_answers():
    accept = _case()
    good = json.dumps(accept.expected).encode()
    assert grade_decoder(accept, AdapterAnswer("ok", good)).verdict is Verdict.PASS
    wrong = json.loads(good)
    key = next(iter(wrong))
    wrong[key] = {"something": "else"}
    r = grade_decoder(accept, AdapterAnswer("ok", json.dumps(wrong).encode()))
    assert r.verdict is Verdict.FAIL and "wrong JSON form" in r.detail
    r = grade_decoder(accept, AdapterAnswer("ok", b"<not json>"))
    assert r.verdict is Verdict.FAIL and "not JSON" in r.detail
    r = grade_decoder(accept, AdapterAnswer("error", message="no"))
    assert r.verdict is Verdict.FAIL and "rejected a valid document" in r.detail
    strict_reject = _case("reject", None)
    assert grade_decoder(strict_reject, AdapterAnswer("ok", b"{}")).verdict is Verdict.FAIL
    assert grade_decoder(strict_reject, AdapterAnswer("error", message="x")).verdict is Verdict.PASS
    lenient = next(c for c in decoder_cases() if c.lenient)
    plausible = json.dumps({"GetRealTimeFaxStatusEx": {"UserID": "u"}}).encode()
    assert grade_decoder(lenient, AdapterAnswer("ok", plausible)).verdict is Verdict.NON_STRICT
    # Garbage on a must-reject case is a fail, even where accepting is only non-strict.
    for garbage in (b"{}", b"", b"ok", b'{"Nonsense": 1}', b"[1]"):
        r = grade_decoder(lenient, AdapterAnswer("ok", garbage))
        assert r.verdict is Verdict.FAIL and "must be rejected" in r.detail, garbage
    assert grade_decoder(accept, AdapterAnswer("crash", message="boom")).verdict is Verdict.FAIL


def test_crashing_and_silent_adapters_fail_cleanly(tmp_path):
    cases = decoder_cases()[:2]
    crash = [PY, "-c", "import sys; sys.exit(7)"]
    with Adapter(crash) as a:
        report = run_adapter("decoder", cases, a, calibrate=False)
    assert all(r.verdict is Verdict.FAIL and "exit status 7" in r.detail for r in report.results)
    with Adapter(crash) as a:  # calibrated, the same adapter is an adapter error, no verdicts
        report = run_adapter("decoder", cases, a)
    assert report.adapter_error and "exit status 7" in report.adapter_error
    assert not report.results and not report.ok
    sleeper = [PY, "-c", "import time; time.sleep(30)"]
    with Adapter(sleeper, batch=True, timeout=0.5) as a:
        report = run_adapter("decoder", cases[:1], a, calibrate=False)
    assert report.results[0].verdict is Verdict.FAIL
    assert "no answer within" in report.results[0].detail
    assert not report.ok


def test_usage_error_without_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["conformance", "decoder"])
    assert exc.value.code == 2


def test_cases_without_a_vectors_folder_still_run(tmp_path):
    """An installed kit without tests/vectors still has its own documents and rejections."""
    cases = decoder_cases(Path(tmp_path))
    assert not any(c.group == "golden" for c in cases)
    assert any(c.group == "peer" for c in cases) and any(c.group == "reject" for c in cases)


def test_gsoap_xml_nil_faults_read_as_their_own_version():
    """gSOAP's SOAP_XML_NIL faults: the other version's nil members and a nil Subcode are absent."""
    import faxstatus
    from faxstatus.conformance._catalogue import _documents

    f11 = faxstatus.decode((_documents() / "gsoap-xml-nil-fault11.xml").read_bytes(), "text/xml")
    assert isinstance(f11, faxstatus.Fault)
    assert (f11.version, f11.code_name, f11.reason) == (
        faxstatus.SoapVersion.SOAP11,
        "Client",
        "Validation constraint violation",
    )
    assert f11.actor is None and f11.detail is None
    f12 = faxstatus.decode(
        (_documents() / "gsoap-xml-nil-fault12.xml").read_bytes(), "application/soap+xml"
    )
    assert isinstance(f12, faxstatus.Fault)
    assert (f12.code_name, f12.subcodes, f12.node, f12.detail) == ("Sender", (), None, None)
    # A nil member that is not the other version's, or one with content, is still an error.
    body = (_documents() / "gsoap-xml-nil-fault12.xml").read_bytes()
    with pytest.raises(faxstatus.DecodeError, match="unexpected element faultcode"):
        faxstatus.decode(body.replace(b'<faultcode xsi:nil="true"/>', b"<faultcode>x</faultcode>"))


# ----------------------------------------------------------------------------- server target


def test_server_target_grades_our_simulator_over_loopback(server, tmp_path, capsys):
    code, out = _cli(capsys, "conformance", "server", server.url, *DEMO, "-q", "-o", str(tmp_path))
    report = json.loads((tmp_path / "conformance-server.json").read_text())
    assert code == 0, out
    assert report["summary"]["fail"] == 0 and report["summary"]["non-strict"] == 0
    ids = {r["id"] for r in report["results"]}
    for op in (n for n, o in OPERATIONS.items() if o.askable):
        for ct in ContentType:
            assert f"server/ops/{op}/{ct.value}" in ids
    assert {"server/version/unknown-envelope", "server/http/get"} <= ids
    assert any(i.startswith("server/malformed/soap11/") for i in ids)
    text = json.dumps(report)
    assert "demo-token" not in text and "demo-pin" not in text  # credentials masked in the wire


def _distorted(sim, distort):
    """An httpx transport: the simulator's answer, then *distort*(request, reply) -> reply."""
    import httpx

    def handle(request: httpx.Request) -> httpx.Response:
        headers = {k.lower(): v for k, v in request.headers.items()}
        reply = sim.handle(request.method, headers, request.read())
        status, rheaders, body = distort(request, reply.status, dict(reply.headers), reply.body)
        return httpx.Response(status, headers=rheaders, content=body)

    return httpx.MockTransport(handle)


def test_server_target_catches_a_broken_server():
    from faxstatus.conformance._server import ServerOptions, run_server

    def distort(request, status, headers, body):
        headers.pop("x-ch-activity-id", None)  # an undocumented gateway
        if status == 400 and b"Sender" in body:
            status = 500  # SOAP 1.2 prescribes 400 for a Sender fault
        if b"wrong" in request.read() or "wrong" in request.headers.get("authorization", ""):
            return 401, {"Content-Type": "text/plain"}, b"unauthorized"
        return status, headers, body.replace(b"br1000000001", b"br1000000009")

    opts = ServerOptions("http://faxws.test/fax/v5", "demo-user", "demo-pin", "demo-token")
    report = run_server(opts, transport=_distorted(make_simulator(), distort))
    by_id = {r.case.id: r for r in report.results}
    ex = by_id["server/ops/GetRealTimeFaxStatusEx/soap12"]
    assert ex.verdict is Verdict.FAIL and "not 'br1000000001'" in ex.detail
    check = by_id["server/ops/CheckService/json"]
    assert check.verdict is Verdict.NON_STRICT and "x-ch-activity-id" in check.detail
    wrong = by_id["server/auth/soap11/wrong-token"]
    assert wrong.verdict is Verdict.NON_STRICT and "HTTP 401" in wrong.detail
    sender = by_id["server/malformed/soap12/doctype"]
    assert sender.verdict is Verdict.FAIL and "prescribes 400" in sender.detail
    assert by_id["server/malformed/soap11/doctype"].verdict is Verdict.PASS
    assert not report.ok


def test_the_server_target_reads_answers_through_the_operation_table():
    # An operation whose list, items and return live under other attribute names (what a
    # schema rename gives; tests/support/schema_changes.py renamed_list runs it end to end) is
    # graded by those names alone.
    import dataclasses
    from types import SimpleNamespace

    import attrs

    from faxstatus.conformance import _server

    from ..support import samples
    from ..support.helpers import wserror

    real = OPERATIONS["GetRealTimeFaxStatusEx"]
    fake = attrs.evolve(real, list_attr="jobs", list_items_attr="entries", result_attr="ok")
    first = samples.response(real.name).fax_status_list.item[0]

    def item(job: str, status: int = 2, error: int = 0):
        return dataclasses.replace(
            first, fax_job_id=job, fax_job_status_id=status, error=wserror(error, "x" * bool(error))
        )

    asked = ["br1000000001", "br1000000002", "br9999999999"]
    entries = [item(asked[0]), item(asked[1], 3), item(asked[2], 0, -5019)]
    payload = SimpleNamespace(jobs=SimpleNamespace(entries=entries), ok=True)
    assert _server._semantics(fake, payload, asked, asked[2]) == ""
    assert _server._summary(fake, payload, asked[2]) == (
        "return true, 3 items, the unknown id with a per-item error"
    )
    with pytest.raises(AttributeError):  # the codec's own names are not looked at
        _server._semantics(real, payload, asked, asked[2])
    entries.reverse()
    assert _server._semantics(fake, payload, asked, asked[2]) == (
        "item 1 is for 'br9999999999', not 'br1000000001' (order or pairing)"
    )
    entries.reverse()
    entries[1] = item(asked[1], 7)
    assert "FaxJobStatusId 7" in _server._semantics(fake, payload, asked, asked[2])
    payload.ok = False
    assert _server._semantics(fake, payload, asked, asked[2]).startswith("return false")
    # One id, one status code; no ids, one text: by IdCarrier and result_attr, not by name.
    single = attrs.evolve(OPERATIONS["SimpleGetFaxStatus"], name="Renamed1", result_attr="code")
    assert _server._semantics(single, SimpleNamespace(code=2), asked[:1], None) == ""
    assert "status 7 is not 1, 2 or 3" in _server._semantics(
        single, SimpleNamespace(code=7), asked[:1], None
    )
    assert _server._semantics(single, SimpleNamespace(code=-5019), asked[2:], asked[2]) == ""
    assert _server._summary(single, SimpleNamespace(code=3), None) == "return 3"
    check = attrs.evolve(OPERATIONS["CheckService"], name="Renamed2", result_attr="text")
    assert _server._semantics(check, SimpleNamespace(text="up"), [], None) == ""
    assert _server._semantics(check, SimpleNamespace(text=""), [], None) == (
        "Renamed2 returned an empty string"
    )


def test_the_server_catalogue_picks_operations_by_their_properties():
    import httpx

    from faxstatus.conformance import _server

    opts = _server.ServerOptions("http://faxws.test/fax/v5", "demo-user", "demo-pin", "demo-token")
    with httpx.Client() as http:
        run = _server._Run(opts, http)
        ops = [OPERATIONS[n] for n in ("GetFaxStatus", "SimpleGetFaxStatus", "CheckService")]
        ctx = _server._Context(opts, run, ops, [ContentType.JSON], run.client(pin=opts.pin))
        # Credentials go to the codec's first served status operation, the single-id case to
        # the operation with one id and one result.
        assert ctx.status_op is OPERATIONS["GetFaxStatus"]
        assert ctx.single_op is OPERATIONS["SimpleGetFaxStatus"]
        assert ctx.asked(OPERATIONS["CheckService"]) == ([], None)
        assert ctx.asked(OPERATIONS["SimpleGetFaxStatus"]) == ([opts.jobs[0]], None)
        assert ctx.asked(OPERATIONS["GetFaxStatus"]) == (
            [*opts.jobs, opts.unknown_job],
            opts.unknown_job,
        )
        full = _server._Context(opts, run, list(OPERATIONS.values()), [], run.client(pin="p"))
        assert full.status_op is OPERATIONS["GetRealTimeFaxStatusEx"]
        ids = [case.cid for case in _server._cases(ctx)]
    assert ids[:4] == [
        "ops/GetFaxStatus/json",
        "ops/SimpleGetFaxStatus/json",
        "ops/SimpleGetFaxStatus/json/unknown-id",
        "ops/CheckService/json",
    ]
    assert "auth/json/wrong-token" in ids and "auth/json/simple-wrong-pin" in ids
    assert ids[-1] == "http/get" and not any(i.startswith("version/") for i in ids)


# ----------------------------------------------------------------------------- client target


def _zeep_client_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "zeep_client", ROOT / "examples" / "zeep_client.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_client_target_grades_zeep_driven_from_the_test():
    """zeep as the client: every request graded; its handling of each answer of the zoo."""
    from faxstatus.conformance._client import ClientGrader

    zeep_client = _zeep_client_module()
    with ClientGrader() as grader:
        outcomes = {
            o["step"]: o
            for o in zeep_client.run(grader.script(), str(ROOT / "schema" / "faxws.wsdl"))
        }
        assert grader.wait(5)
        report = grader.report()
    verdicts = {r.case.id: r.verdict for r in report.results}
    assert report.ok, [(r.case.id, r.detail) for r in report.results if r.verdict.failed]
    assert all(v is Verdict.PASS for k, v in verdicts.items() if "/request-" in k), verdicts
    assert verdicts["client/c08/retry"] is Verdict.PASS  # waited for Retry-After
    for step in ("c13", "c14", "c15"):  # XML and JSON: zeep speaks SOAP only
        assert verdicts[f"client/{step}/called"] is Verdict.INFO
    # What zeep made of the zoo (the author's side of the check).
    items = zeep_client.status_items(outcomes["c03"]["result"])
    assert items[1] == {
        "FaxJobId": None,
        "FaxJobStatusId": None,
        "StatusDescription": None,
        "Error": None,
    }  # a nil item: zeep gives an object of Nones
    bad = zeep_client.status_items(outcomes["c04"]["result"])[1]
    assert bad["Error"]["ErrorCode"] == -5019
    assert outcomes["c05"]["result"]["return"] is False
    assert outcomes["c05"]["result"]["WSError"]["ErrorCode"] == -1000
    assert outcomes["c06"]["fault"]["code"].endswith("Receiver")
    assert outcomes["c07"]["fault"]["code"].endswith("Server")
    assert outcomes["c08"]["attempts"] == 2
    assert outcomes["c09"]["result"] == 1
    assert len(zeep_client.status_items(outcomes["c11"]["result"])) == 2  # default namespaces
    assert len(zeep_client.status_items(outcomes["c12"]["result"])) == 2  # indented, a Header
    text = json.dumps(report.to_json())
    from faxstatus.conformance._client import PIN, TOKEN

    assert TOKEN not in text and PIN not in text  # credentials masked in the kept wire


@pytest.mark.slow
def test_client_target_grades_our_own_client_in_every_form():
    from faxstatus import FaxStatusClient, ServiceError, SoapFault
    from faxstatus.conformance._client import PIN, TOKEN, USER, WRONG_PIN, ClientGrader

    with ClientGrader() as grader:
        for step in grader.script()["steps"]:
            auth = {
                "token": {"token": TOKEN},
                "pin": {"pin": PIN},
                "wrong-pin": {"pin": WRONG_PIN},
            }.get(_auth(step), {"token": TOKEN})
            with FaxStatusClient(USER, endpoint=grader.url, **auth) as client:
                form = step["content_type"]
                if step["request_ids"] == "none":
                    assert client.check_service(content_type=form)
                elif step["request_ids"] == "single":
                    assert client.simple_get_fax_status(
                        step["job_ids"][0], content_type=form, operation=step["operation"]
                    )
                else:
                    with contextlib.suppress(ServiceError, SoapFault):
                        client.query(step["operation"], step["job_ids"], content_type=form)
        report = grader.report()
    assert report.ok
    assert all(r.verdict is Verdict.PASS for r in report.results), [
        (r.case.id, r.detail) for r in report.results if r.verdict is not Verdict.PASS
    ]


def _auth(step):
    creds = step["credentials"]
    if "Authorization" in creds:
        return "token"
    if not creds:
        return "none"
    return "pin" if creds["strPIN"] == "conformance-pin" else "wrong-pin"


def test_client_target_catches_bad_requests():
    """Raw requests that break the rules: each deviation gets the verdict it deserves."""
    import httpx

    from faxstatus.codec import encode
    from faxstatus.conformance._client import PIN, TOKEN, USER, ClientGrader
    from faxstatus.models import FaxJobId, FaxJobIds

    with ClientGrader() as grader, httpx.Client() as http:
        steps = {s["step"]: s for s in grader.script()["steps"]}

        def send(step, *, pin="", headers=None, form=None):
            s = steps[step]
            op = OPERATIONS[s["operation"]]
            ids = FaxJobIds(item=[FaxJobId(job_id=j) for j in s["job_ids"]])
            enc = encode(
                op.request(user_id=USER, str_pin=pin, fax_job_ids=ids), form or s["content_type"]
            )
            base = {k: v for k, v in enc.headers.items() if k != "SOAPAction"}
            http.post(grader.url, content=enc.body, headers={**base, **(headers or {})})

        bearer = {"Authorization": f"Bearer {TOKEN}"}
        # c01 (SOAP 1.2, token): strPIN sent along with the token, no x-ch-request-id.
        send("c01", pin=PIN, headers=bearer)
        # c02 (SOAP 1.1, pin): no SOAPAction header.
        h = {"x-ch-request-id": "r-2"}
        send("c02", pin=PIN, headers={**h})
        # c04 (SOAP 1.1, token): the x-ch-request-id of c02 again, SOAPAction not quoted.
        send("c04", headers={**bearer, **h, "SOAPAction": ""})
        # c11 (SOAP 1.1, token): no Authorization at all.
        send("c11", headers={"x-ch-request-id": "r-11"})
        # c12 (SOAP 1.2, token): sent as SOAP 1.1 instead.
        send("c12", headers={**bearer, "x-ch-request-id": "r-12"}, form="soap11")
        report = grader.report()
    by_id = {r.case.id: r for r in report.results}
    c01 = by_id["client/c01/request-1"]
    assert c01.verdict is Verdict.NON_STRICT
    assert "strPIN sent with a bearer token" in c01.detail and "x-ch-request-id" in c01.detail
    c02 = by_id["client/c02/request-1"]
    assert c02.verdict is Verdict.FAIL and "SOAPAction" in c02.detail
    c04 = by_id["client/c04/request-1"]
    assert c04.verdict is Verdict.FAIL and "already used" in c04.detail
    assert "quoted string" in c04.detail
    c11 = by_id["client/c11/request-1"]
    assert c11.verdict is Verdict.FAIL and "no Authorization header" in c11.detail
    c12 = by_id["client/c12/request-1"]
    assert c12.verdict is Verdict.FAIL and "the script asked for soap12" in c12.detail
    assert by_id["client/c03/called"].verdict is Verdict.FAIL  # required, never called
    assert not report.ok


@pytest.mark.slow
def test_client_cli_runs_the_client_under_test(tmp_path, capsys):
    code, out = _cli(
        capsys,
        "conformance",
        "client",
        "-q",
        "-o",
        str(tmp_path),
        "--wait",
        "120",
        "--",
        PY,
        str(ROOT / "examples" / "zeep_client.py"),
    )
    assert code == 0, out
    from faxstatus.conformance._client import script_steps

    # A case per step, and two more for the 503 step (its retried request and the retry);
    # zeep has neither the optional xml form nor the json one: 3 steps informational. The
    # steps follow the schema: an operation the vendor adds is asked once more.
    steps = len(script_steps())
    cases = steps + 2
    summary = f"{cases} cases, {cases - 3} pass, 0 non-strict, 0 fail, 3 informational"
    assert f"conformance client: {summary}" in out
    script = json.loads((tmp_path / "conformance-client-script.json").read_text())
    assert len(script["steps"]) == steps
    for suffix in (".json", ".junit.xml", ".html"):
        assert (tmp_path / f"conformance-client{suffix}").is_file()


def test_per_case_adapters_get_the_input_as_a_file_too(tmp_path):
    """FAXWS_INPUT names a file with the same bytes as stdin."""
    script = tmp_path / "cat_adapter.py"
    script.write_text(
        "import os, sys\n"
        "data = open(os.environ['FAXWS_INPUT'], 'rb').read()\n"
        "sys.exit(0 if data == sys.stdin.buffer.read() else 9)\n"
    )
    cases = [c for c in decoder_cases() if c.group == "encoding"]
    with Adapter([PY, str(script)]) as a:
        answers = [a.ask("decode", c.content_type, c.body, c.id) for c in cases]
    assert [x.status for x in answers] == ["ok"] * len(cases)


def test_the_client_script_covers_every_operation():
    from faxstatus.conformance._client import script_steps

    steps = script_steps()
    assert {s.operation for s in steps} == {n for n, o in OPERATIONS.items() if o.askable}
    assert {s.form for s in steps if s.required} == {"soap12", "soap11"}
    assert {s.form for s in steps} == {c.value for c in ContentType}
    ids = [j for s in steps for j in s.job_ids]
    assert len(ids) == len(set(ids))  # steps are told apart by their job ids


def test_each_step_says_how_its_request_carries_the_ids():
    # Client scripts ask by request_ids, not by the operation's name: a single-id operation
    # the vendor adds is asked with one JobId (it was sent a FaxJobIds list).
    from faxstatus.conformance._client import script_steps

    for step in script_steps():
        shown = step.to_json()
        carrier = OPERATIONS[step.operation].ids
        assert shown["request_ids"] == carrier.value
        count = len(shown["job_ids"])
        if carrier is IdCarrier.SINGLE:
            assert count == 1, step
        else:
            assert (count == 0) is (carrier is IdCarrier.NONE), step
    shapes = {s.operation: s.to_json()["request_ids"] for s in script_steps()}
    assert shapes["SimpleGetFaxStatus"] == "single"
    assert shapes["CheckService"] == "none"


def test_client_grades_reach_the_replies_deviations():
    """The grading simulator's findings travel on the reply, where the server's log shows them."""
    from faxstatus.conformance._client import GradingSimulator

    sim = GradingSimulator(epoch=FIXED_EPOCH)
    step = sim.steps[1]  # SOAP 1.1 with UserID + strPIN
    from faxstatus.codec import encode
    from faxstatus.models import FaxJobId, FaxJobIds

    op = OPERATIONS[step.operation]
    ids = FaxJobIds(item=[FaxJobId(job_id=j) for j in step.job_ids])
    enc = encode(
        op.request(user_id="conformance-user", str_pin="conformance-pin", fax_job_ids=ids), "soap11"
    )
    reply = sim.handle("POST", {"content-type": enc.headers["Content-Type"]}, enc.body)
    assert reply.status == 200
    assert any("SOAPAction" in d for d in reply.deviations)
    assert any("x-ch-request-id" in d for d in reply.deviations)


def test_server_target_narrowed_to_what_a_server_serves(server, tmp_path, capsys):
    code, out = _cli(
        capsys,
        "conformance",
        "server",
        server.url,
        *DEMO,
        "-q",
        "-o",
        str(tmp_path),
        "--operation",
        "SimpleGetFaxStatus",
        "--operation",
        "CheckService",
        "--form",
        "soap11",
    )
    assert code == 0, out
    ids = {
        r["id"] for r in json.loads((tmp_path / "conformance-server.json").read_text())["results"]
    }
    assert all("/soap12/" not in i and "/json/" not in i and "/xml/" not in i for i in ids), ids
    assert "server/ops/SimpleGetFaxStatus/soap11/unknown-id" in ids
    assert not any("GetRealTimeFaxStatusEx" in i for i in ids)
    assert "server/auth/soap11/simple-wrong-pin" in ids
    with pytest.raises(SystemExit):
        main(["conformance", "server", server.url, *DEMO, "--operation", "GetFaxStatusEx9"])


def test_a_missing_key_and_null_grade_alike():
    """An optional element a decoder writes as null, where the expected form leaves it out
    (or the reverse), is the same JSON form, not a difference."""
    from faxstatus.conformance._adapter import _diff

    assert _diff({"a": 1}, {"a": 1, "FaxPriority": None}) == []
    assert _diff({"a": 1, "FaxPriority": None}, {"a": 1}) == []
    assert _diff({"a": 1}, {"a": 1, "b": 0}) == [("$.b", "(absent)", 0)]
    assert _diff({"a": 1, "b": 0}, {"a": 1}) == [("$.b", 0, "(missing)")]
