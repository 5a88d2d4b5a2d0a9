"""The server target: drive another FaxWS status service over HTTP and grade every answer.

Requests are built by our client (``prepare``, so credentials, ``x-ch-request-id`` and media
types are exactly what faxstatus sends) and sent with httpx one at a time, without retries, so
that every exchange is kept as it happened. Answers are checked against the codec (strict,
then lenient), the XSD for XML forms, the response headers and the contract's semantics.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

import attrs
import httpx
from lxml import etree

from .._contract import (
    ACTIVITY_ID_HEADER,
    EXECUTION_TIME_HEADER,
    SOAP12_MEDIA,
    STATUS_FAILED,
    STATUS_IN_PROGRESS,
    STATUS_SUCCEEDED,
)
from .._errors import CodecError
from .._redact import redact_headers, redact_text
from .._soap import SOAP11_NS, SOAP12_NS, Fault, SoapVersion
from ..client import FaxStatusClient
from ..codec import _api as codec
from ..codec._api import ContentType, DecodeOptions, Message
from ..codec._operations import JRI_PREFIX, OPERATIONS, Direction, Operation, operation
from ._model import Case, Report, Result, Verdict, Wire

__all__ = ["ServerOptions", "run_server"]

_FORMS = (ContentType.SOAP12, ContentType.SOAP11, ContentType.XML, ContentType.JSON)
_STATUS_CODES = (STATUS_SUCCEEDED, STATUS_FAILED, STATUS_IN_PROGRESS)


@attrs.frozen
class ServerOptions:
    """What the kit needs to know about the server under test."""

    url: str
    user: str = "demo-user"
    #: The simulator's demo credentials (public test values, not secrets).
    pin: str = "demo-pin"
    token: str = "demo-token"  # noqa: S105 - the simulator's public demo token
    jobs: tuple[str, ...] = ("br1000000001", "JRI-INV-1001")  #: ids the server knows
    unknown_job: str = "br9999999999"  #: an id it does not know
    timeout: float = 30.0

    @property
    def secrets(self) -> tuple[str, ...]:
        """The credentials, masked wherever the wire is shown."""
        return tuple(s for s in (self.pin, self.token) if s)


@attrs.frozen
class _Exchange:
    status: int | None
    headers: Mapping[str, str]
    body: bytes
    error: str = ""


@cache
def _schema() -> etree.XMLSchema:
    xsd = files("faxstatus.models").joinpath("faxws.xsd").read_bytes()
    return etree.XMLSchema(etree.fromstring(xsd))


class _Run:
    def __init__(self, opts: ServerOptions, http: httpx.Client) -> None:
        self.opts = opts
        self.http = http
        self.results: list[Result] = []

    # -- plumbing ------------------------------------------------------------------------

    def client(self, *, token: str | None = None, pin: str | None = None) -> FaxStatusClient:
        return FaxStatusClient(
            self.opts.user, token=token, pin=pin, endpoint=self.opts.url, http_client=self.http
        )

    def send(
        self, method: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[_Exchange, list[Wire]]:
        secrets = self.opts.secrets
        wire = [
            Wire(
                f"request: {method} {self.opts.url}",
                redact_text(body.decode("utf-8", "replace"), secrets).encode(),
                redact_headers(dict(headers), secrets),
            )
        ]
        try:
            resp = self.http.request(
                method,
                self.opts.url,
                headers=dict(headers),
                content=body,
                timeout=self.opts.timeout,
            )
        except httpx.HTTPError as exc:
            text = redact_text(f"{type(exc).__name__}: {exc}", secrets)
            return _Exchange(None, {}, b"", text), wire
        rheaders = {k.lower(): v for k, v in resp.headers.items()}
        shown = redact_text(resp.content.decode("utf-8", "replace"), secrets).encode()
        wire.append(
            Wire("response", shown, redact_headers(dict(resp.headers), secrets), resp.status_code)
        )
        return _Exchange(resp.status_code, rheaders, resp.content), wire

    def case(
        self,
        cid: str,
        title: str,
        section: str,
        group: str,
        method: str,
        headers: Mapping[str, str],
        body: bytes,
        grade: Callable[[_Exchange], tuple[Verdict, str, list[str]]],
    ) -> None:
        case = Case(
            f"server/{cid}",
            title,
            section,
            "server",
            group,
            content_type=headers.get("Content-Type", ""),
        )
        started = time.perf_counter()
        exchange, wire = self.send(method, headers, body)
        notes: list[str]
        if exchange.status is None:
            verdict, detail, notes = Verdict.FAIL, f"no HTTP answer: {exchange.error}", []
        else:
            verdict, detail, notes = grade(exchange)
        self.results.append(
            Result(case, verdict, detail, notes, wire, (time.perf_counter() - started) * 1000)
        )


# ----------------------------------------------------------------------------- checks


def _media(exchange: _Exchange) -> str:
    return codec.parse_content_type(exchange.headers.get("content-type"))[0]


def _header_notes(exchange: _Exchange) -> list[str]:
    """Deviations in the documented response headers (CONTRACT.md §4.4)."""
    notes = []
    if not exchange.headers.get(ACTIVITY_ID_HEADER, "").strip():
        notes.append(f"no {ACTIVITY_ID_HEADER} header (CONTRACT.md §4.4)")
    elapsed = exchange.headers.get(EXECUTION_TIME_HEADER)
    if elapsed is None:
        notes.append(f"no {EXECUTION_TIME_HEADER} header (CONTRACT.md §4.4)")
    else:
        try:
            if float(elapsed) < 0:
                raise ValueError(elapsed)
        except ValueError:
            notes.append(f"{EXECUTION_TIME_HEADER} is not a number of milliseconds: {elapsed!r}")
    return notes


def _decode(
    exchange: _Exchange, op: Operation[Any, Any] | None
) -> tuple[Message | Fault | None, list[str], str]:
    """(decoded, notes, error): strict first; a lenient success adds a note."""
    ctype = exchange.headers.get("content-type")
    kw: dict[str, Any] = {"direction": Direction.RESPONSE} if op is not None else {}
    if op is not None:
        kw["operation_name"] = op.name
    try:
        return codec.decode(exchange.body, ctype, **kw), [], ""
    except CodecError as exc:
        try:
            lenient = codec.decode(exchange.body, ctype, options=DecodeOptions(strict=False), **kw)
        except CodecError:
            return None, [], str(exc)
        return lenient, [f"decodes only leniently: {exc}"], ""


def _xsd_notes(exchange: _Exchange, result: Message) -> list[str]:
    """XSD validation of the payload of an XML answer."""
    if result.content_type is ContentType.JSON:
        return []
    from ..codec._xml import parse_document  # noqa: PLC0415 - the hardened parser

    root = parse_document(exchange.body)
    el = root
    if etree.QName(root).namespace in (SOAP11_NS, SOAP12_NS):
        body = root.find(f"{{{etree.QName(root).namespace}}}Body")
        assert body is not None
        el = body[0]
    schema = _schema()
    if schema.validate(etree.ElementTree(el)):
        return []
    errors = [f"XSD line {e.line}: {e.message}" for e in schema.error_log][:3]  # type: ignore[attr-defined]
    return errors


def _expect_form(form: ContentType, exchange: _Exchange, result: Message) -> list[str]:
    problems = []
    if result.content_type is not form:
        problems.append(f"answered {result.content_type.value} to a {form.value} request")
    want = form.media_type
    if _media(exchange) != want:
        problems.append(f"Content-Type {exchange.headers.get('content-type')!r}, expected {want}")
    return problems


def _grade_answer(
    op: Operation[Any, Any],
    form: ContentType,
    asked: Sequence[str],
    unknown: str | None,
) -> Callable[[_Exchange], tuple[Verdict, str, list[str]]]:
    def grade(exchange: _Exchange) -> tuple[Verdict, str, list[str]]:
        if exchange.status != 200:
            return Verdict.FAIL, f"HTTP {exchange.status}, expected 200", []
        result, notes, error = _decode(exchange, op)
        if result is None:
            return Verdict.FAIL, f"the answer does not decode: {error}", []
        if isinstance(result, Fault):
            return Verdict.FAIL, f"a {result.code_name} fault: {result.reason}", []
        problems = _expect_form(form, exchange, result)
        if problems:
            return Verdict.FAIL, "; ".join(problems), notes
        xsd = _xsd_notes(exchange, result)
        if xsd:
            return Verdict.FAIL, "the payload is not valid against the XSD: " + xsd[0], xsd
        semantic = _semantics(op, result.payload, asked, unknown)
        if semantic:
            return Verdict.FAIL, semantic, notes
        notes += _header_notes(exchange)
        if notes:
            return Verdict.NON_STRICT, "; ".join(notes), notes
        return Verdict.PASS, _summary(op, result.payload, unknown), notes

    return grade


def _summary(op: Operation[Any, Any], payload: Any, unknown: str | None) -> str:
    if op.has_status_list:
        n = len(payload.fax_status_list.item)
        tail = ", the unknown id with a per-item error" if unknown else ""
        return f"return true, {n} items{tail}"
    return f"return {payload.return_value!r}"


def _semantics(
    op: Operation[Any, Any], payload: Any, asked: Sequence[str], unknown: str | None
) -> str:
    """The contract's meaning of the answer (CONTRACT.md §4.1-§4.3), or '' when it holds."""
    if op.name == "CheckService":
        return "" if payload.return_value else "CheckService returned an empty string"
    if op.name == "SimpleGetFaxStatus":
        code = payload.return_value
        if unknown is not None:
            return "" if code < 0 else f"an unknown id answered status {code}, not an error"
        return "" if code in _STATUS_CODES else f"status {code} is not 1, 2 or 3 (CONTRACT.md §4.2)"
    if payload.return_value is not True:
        err = payload.wserror
        return f"return false: WSError {err.error_code} {err.error_string!r}"
    items = payload.fax_status_list.item
    if len(items) != len(asked):
        return f"{len(items)} items for {len(asked)} ids (one item per id expected)"
    for i, (job, item) in enumerate(zip(asked, items, strict=True)):
        if item is None:
            return f"item {i + 1} (for {job}) is nil"
        if not job.startswith(JRI_PREFIX) and item.fax_job_id != job:
            return f"item {i + 1} is for {item.fax_job_id!r}, not {job!r} (order or pairing)"
        failed = item.error.error_code != 0
        if job == unknown and not failed:
            return f"the unknown id {job} answered without a per-item error"
        if job != unknown and failed:
            return f"{job} answered error {item.error.error_code} {item.error.error_string!r}"
        if job != unknown and item.fax_job_status_id not in _STATUS_CODES:
            return f"{job}: FaxJobStatusId {item.fax_job_status_id} (CONTRACT.md §4.2)"
    return ""


def _grade_auth_failure(op: Operation[Any, Any]) -> Callable[[_Exchange], Any]:
    def grade(exchange: _Exchange) -> tuple[Verdict, str, list[str]]:
        if exchange.status in (401, 403):
            return (
                Verdict.NON_STRICT,
                f"HTTP {exchange.status} instead of return false with a WSError (CONTRACT.md §4.3)",
                [],
            )
        result, notes, error = _decode(exchange, op)
        if result is None:
            return Verdict.FAIL, f"HTTP {exchange.status}; the answer does not decode: {error}", []
        if isinstance(result, Fault):
            return (
                Verdict.NON_STRICT,
                f"a {result.code_name} fault instead of return false (CONTRACT.md §4.3)",
                [],
            )
        payload = result.payload
        if op.name == "SimpleGetFaxStatus":
            if payload.return_value < 0:
                return Verdict.PASS, f"return {payload.return_value} (an error code)", notes
            return Verdict.FAIL, f"wrong credentials answered status {payload.return_value}", []
        if payload.return_value is True:
            return Verdict.FAIL, "wrong credentials answered return true", []
        if payload.wserror.error_code == 0:
            return Verdict.FAIL, "return false with WSError code 0", []
        detail = (
            f"return false, WSError {payload.wserror.error_code} {payload.wserror.error_string!r}"
        )
        if exchange.status != 200:
            return Verdict.NON_STRICT, f"{detail}, but HTTP {exchange.status}", notes
        return Verdict.PASS, detail, notes

    return grade


def _grade_sender_fault(form: ContentType) -> Callable[[_Exchange], Any]:
    """A malformed request: a Sender (1.2) or Client (1.1) fault and the status SOAP prescribes."""

    def grade(exchange: _Exchange) -> tuple[Verdict, str, list[str]]:
        status = exchange.status or 0
        if 200 <= status < 300:
            return Verdict.FAIL, f"HTTP {status}: a malformed request was answered as valid", []
        result, _, error = _decode(exchange, None)
        if form is ContentType.JSON:
            if status == 400 and isinstance(result, Fault):
                return Verdict.PASS, f"HTTP 400 with a JSON fault: {result.reason[:80]}", []
            if 400 <= status < 500:
                return Verdict.NON_STRICT, f"HTTP {status} without the JSON fault form", []
            return Verdict.FAIL, f"HTTP {status} for a malformed JSON request (400 expected)", []
        if not isinstance(result, Fault):
            why = error or "not a fault"
            if 400 <= status < 500:
                return Verdict.NON_STRICT, f"HTTP {status} without a SOAP fault ({why})", []
            return Verdict.FAIL, f"HTTP {status} without a SOAP fault ({why})", []
        want_version = SoapVersion.SOAP11 if form is ContentType.SOAP11 else SoapVersion.SOAP12
        want_status = 500 if want_version is SoapVersion.SOAP11 else 400
        what = f"SOAP {result.version.label} {result.code_name} fault, HTTP {status}"
        if result.version is not want_version:
            return Verdict.FAIL, f"{what}: the request was SOAP {want_version.label}", []
        if not result.is_sender_fault:
            return Verdict.NON_STRICT, f"{what}: blames the receiver for the sender's error", []
        if status != want_status:
            return Verdict.FAIL, f"{what}: SOAP {want_version.label} prescribes {want_status}", []
        return Verdict.PASS, what, []

    return grade


def _grade_version_mismatch(exchange: _Exchange) -> tuple[Verdict, str, list[str]]:
    result, _, error = _decode(exchange, None)
    if not isinstance(result, Fault):
        return Verdict.FAIL, f"HTTP {exchange.status} without a fault ({error or 'a message'})", []
    what = f"SOAP {result.version.label} {result.code_name} fault, HTTP {exchange.status}"
    if result.code_name != "VersionMismatch":
        return Verdict.NON_STRICT, f"{what}; VersionMismatch expected", []
    if exchange.status != 500:
        return Verdict.FAIL, f"{what}; SOAP 1.2 Part 2 §7.5.1.2 prescribes 500", []
    return Verdict.PASS, what, []


def _grade_soap11_as_soap12(op: Operation[Any, Any]) -> Callable[[_Exchange], Any]:
    return lambda exchange: _grade_soap11_as_soap12_for(op, exchange)


def _grade_soap11_as_soap12_for(
    op: Operation[Any, Any], exchange: _Exchange
) -> tuple[Verdict, str, list[str]]:
    result, notes, error = _decode(exchange, op)
    if isinstance(result, Fault):
        return Verdict.INFO, f"refused with a {result.code_name} fault (SOAP 1.2 allows that)", []
    if result is None:
        return Verdict.FAIL, f"HTTP {exchange.status}; the answer does not decode: {error}", []
    if exchange.status != 200:
        return Verdict.FAIL, f"HTTP {exchange.status} with a message", []
    if result.content_type is not ContentType.SOAP11:
        return Verdict.NON_STRICT, f"answered in {result.content_type.value}, not SOAP 1.1", notes
    return Verdict.PASS, "answered in SOAP 1.1, the request's envelope version", notes


def _grade_get(exchange: _Exchange) -> tuple[Verdict, str, list[str]]:
    status = exchange.status or 0
    if status == 405:
        return Verdict.PASS, "HTTP 405", []
    if 400 <= status < 500:
        return Verdict.NON_STRICT, f"HTTP {status}; 405 Method Not Allowed expected", []
    return Verdict.FAIL, f"HTTP {status} for a GET; 405 expected", []


# ----------------------------------------------------------------------------- the run

_SEC = {
    "ops": "CONTRACT.md §2, §3 (operations), §4.2 (status codes), §4.4 (headers)",
    "auth": "CONTRACT.md §4.3 (errors travel as return false with a WSError), §4.5",
    "malformed12": "SOAP 1.2 Part 1 §5.4.6, Part 2 §7.5.1.2 (Sender fault, HTTP 400)",
    "malformed11": "SOAP 1.1 §4.4.1, §6.2 (Client fault, HTTP 500)",
    "malformedjson": "CONTRACT.md §4.6; schema/README.md: Inferences (JSON faults, HTTP 400)",
    "version": "SOAP 1.2 Part 1 §5.4.7; SOAP 1.1 §4.4.1 (VersionMismatch)",
    "soap11as12": f"CONTRACT.md §1 (a SOAP 1.1 envelope as {SOAP12_MEDIA})",
    "get": "CONTRACT.md §7 (GET answers 405); RFC 9110 §15.5.6",
}


def _malformed_bodies(form: ContentType) -> list[tuple[str, str, bytes]]:
    env = {ContentType.SOAP12: SOAP12_NS, ContentType.SOAP11: SOAP11_NS}.get(form)
    if form is ContentType.JSON:
        return [
            ("not-json", "a body that is not JSON", b'{"GetRealTimeFaxStatusEx": {"UserID": '),
            (
                "unknown-operation",
                "an operation the service does not have",
                b'{"GetFaxStatusEx9": {"UserID": "u", "strPIN": ""}}',
            ),
            (
                "wrong-type",
                "FaxJobIds as a string",
                b'{"GetRealTimeFaxStatusEx": {"UserID": "u", "strPIN": "", "FaxJobIds": "br1"}}',
            ),
        ]

    def wrap(inner: str) -> bytes:
        if env is None:
            return f'<?xml version="1.0"?>\n{inner}'.encode()
        return (
            f'<?xml version="1.0"?>\n<e:Envelope xmlns:e="{env}"><e:Body>{inner}'
            "</e:Body></e:Envelope>"
        ).encode()

    good = (
        '<GetRealTimeFaxStatusEx xmlns="urn:FaxWS"><UserID>u</UserID><strPIN></strPIN>'
        "<FaxJobIds><item><JobId>br1</JobId></item></FaxJobIds></GetRealTimeFaxStatusEx>"
    )
    return [
        ("not-well-formed", "a truncated document", wrap(good)[:-20]),
        (
            "unknown-operation",
            "an operation the service does not have",
            wrap('<GetFaxStatusEx9 xmlns="urn:FaxWS"><UserID>u</UserID></GetFaxStatusEx9>'),
        ),
        (
            "doctype",
            "a document type declaration (SOAP forbids one)",
            b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n'
            + wrap(good).split(b"\n", 1)[1],
        ),
    ]


def run_server(
    opts: ServerOptions,
    *,
    operations: Sequence[str] | None = None,
    forms: Sequence[str] | None = None,
    progress: Callable[[Result], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Report:
    """Grade the FaxWS status service at ``opts.url``; returns the report.

    *operations* and *forms* narrow the run to what the server claims to implement (a gSOAP
    service speaks SOAP only, a mock may serve a few operations); by default everything.
    """
    started = time.perf_counter()
    ops = [operation(n) for n in operations] if operations else list(OPERATIONS.values())
    chosen = [ContentType.from_name(f) for f in forms] if forms else list(_FORMS)
    form_list = [f for f in _FORMS if f in chosen]
    with httpx.Client(follow_redirects=False, transport=transport) as http:
        run = _Run(opts, http)
        good = run.client(token=opts.token) if opts.token else run.client(pin=opts.pin)

        def emit(*args: Any) -> None:
            run.case(*args)
            if progress is not None:
                progress(run.results[-1])

        for op in ops:
            for form in form_list:
                if op.name == "CheckService":
                    asked: list[str] = []
                    unknown: str | None = None
                elif op.name == "SimpleGetFaxStatus":
                    asked = [opts.jobs[0]]
                    unknown = None
                else:
                    asked = [*opts.jobs, opts.unknown_job]
                    unknown = opts.unknown_job
                prep = good.prepare(op, asked, content_type=form)
                emit(
                    f"ops/{op.name}/{form.value}",
                    f"{op.name} as {form.value}",
                    _SEC["ops"],
                    "operations",
                    "POST",
                    prep.headers,
                    prep.body,
                    _grade_answer(op, form, asked, unknown),
                )
                if op.name == "SimpleGetFaxStatus":
                    prep = good.prepare(op, [opts.unknown_job], content_type=form)
                    emit(
                        f"ops/{op.name}/{form.value}/unknown-id",
                        f"SimpleGetFaxStatus for an unknown id as {form.value}",
                        _SEC["ops"],
                        "operations",
                        "POST",
                        prep.headers,
                        prep.body,
                        _grade_answer(op, form, [opts.unknown_job], opts.unknown_job),
                    )
        # Credentials are tried on one multi-job operation: Ex if it is served, else the first.
        status_ops = [o for o in ops if o.has_status_list]
        ex = next((o for o in status_ops if o.name == "GetRealTimeFaxStatusEx"), None) or (
            status_ops[0] if status_ops else None
        )
        simple = OPERATIONS["SimpleGetFaxStatus"]
        if ex is not None:
            for form in form_list:
                if opts.pin:
                    prep = run.client(pin=opts.pin).prepare(ex, list(opts.jobs), content_type=form)
                    emit(
                        f"auth/{form.value}/pin",
                        f"UserID + strPIN credentials as {form.value}",
                        _SEC["auth"],
                        "auth",
                        "POST",
                        prep.headers,
                        prep.body,
                        _grade_answer(ex, form, list(opts.jobs), None),
                    )
                for cid, client, title in (
                    ("wrong-pin", run.client(pin="conformance-wrong-pin"), "a wrong strPIN"),
                    (
                        "wrong-token",
                        run.client(token="conformance-wrong-token"),  # noqa: S106 - wrong on purpose
                        "a wrong bearer token",
                    ),
                ):
                    prep = client.prepare(ex, list(opts.jobs), content_type=form)
                    emit(
                        f"auth/{form.value}/{cid}",
                        f"{title} as {form.value}",
                        _SEC["auth"],
                        "auth",
                        "POST",
                        prep.headers,
                        prep.body,
                        _grade_auth_failure(ex),
                    )
        if simple in ops and form_list:
            prep = run.client(pin="conformance-wrong-pin").prepare(
                simple, [opts.jobs[0]], content_type=form_list[0]
            )
            emit(
                f"auth/{form_list[0].value}/simple-wrong-pin",
                "SimpleGetFaxStatus with a wrong strPIN",
                _SEC["auth"],
                "auth",
                "POST",
                prep.headers,
                prep.body,
                _grade_auth_failure(simple),
            )
        for form in form_list:
            sec = {ContentType.SOAP11: "malformed11", ContentType.JSON: "malformedjson"}.get(
                form, "malformed12"
            )
            for cid, title, body in _malformed_bodies(form):
                headers = {"Content-Type": _content_type(form)}
                if form is ContentType.SOAP11:
                    headers["SOAPAction"] = '""'
                emit(
                    f"malformed/{form.value}/{cid}",
                    f"{title} as {form.value}",
                    _SEC[sec],
                    "malformed",
                    "POST",
                    headers,
                    body,
                    _grade_sender_fault(form),
                )
        soap = [f for f in form_list if f.soap_version is not None]
        if not soap or ex is None:
            emit("http/get", "GET instead of POST", _SEC["get"], "http", "GET", {}, b"", _grade_get)
            report = Report("server", opts.url, run.results)
            report.duration_s = time.perf_counter() - started
            return report
        prep = good.prepare(ex, list(opts.jobs), content_type=soap[0])
        env_ns = (SOAP12_NS if soap[0] is ContentType.SOAP12 else SOAP11_NS).encode()
        body = prep.body.replace(env_ns, b"http://example.org/not-a-soap-envelope")
        emit(
            "version/unknown-envelope",
            "an Envelope in neither SOAP namespace",
            _SEC["version"],
            "version",
            "POST",
            prep.headers,
            body,
            _grade_version_mismatch,
        )
        if ContentType.SOAP11 in soap:
            prep11 = good.prepare(ex, list(opts.jobs), content_type="soap11")
            headers = dict(prep11.headers)
            headers["Content-Type"] = _content_type(ContentType.SOAP12)
            headers.pop("SOAPAction", None)
            emit(
                "version/soap11-as-soap12",
                f"a SOAP 1.1 envelope sent as {SOAP12_MEDIA}",
                _SEC["soap11as12"],
                "version",
                "POST",
                headers,
                prep11.body,
                _grade_soap11_as_soap12(ex),
            )
        emit("http/get", "GET instead of POST", _SEC["get"], "http", "GET", {}, b"", _grade_get)
    report = Report("server", opts.url, run.results)
    report.duration_s = time.perf_counter() - started
    return report


def _content_type(form: ContentType) -> str:
    from ._catalogue import media_type  # noqa: PLC0415

    return media_type(form)
