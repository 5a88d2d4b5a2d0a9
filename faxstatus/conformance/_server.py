"""The server target: drive another FaxWS status service over HTTP and grade every answer.

Requests are built by our client (``prepare``, so credentials, ``x-ch-request-id`` and media
types are exactly what faxstatus sends) and sent with httpx one at a time, without retries, so
that every exchange is kept as it happened. Answers are checked against the codec (strict,
then lenient), the XSD for XML forms, the response headers and the contract's semantics.

The cases are a catalogue (:data:`_CATALOGUE`): families of rows, each naming the operations
it runs for by their properties in the operation table (how ids travel, whether the answer
holds a status list), how its request is built and how its answer is graded. Payloads are
read through the table's attribute names, so a schema change that renames a field moves the
kit with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

import attrs
import httpx
from lxml import etree

from .._boundary import DEFAULT_MAX_BYTES, Deadline
from .._contract import (
    ACTIVITY_ID_HEADER,
    EXECUTION_TIME_HEADER,
    SOAP12_MEDIA,
    STATUS_FAILED,
    STATUS_IN_PROGRESS,
    STATUS_SUCCEEDED,
)
from .._errors import CodecError, DecodeError, TransportError
from .._redact import redact_headers, redact_text
from .._soap import SOAP11_NS, SOAP12_NS, Fault, SoapVersion
from ..client import FaxStatusClient, JobStatus
from ..client._transport import HttpxTransport, tls_verify
from ..codec import _api as codec
from ..codec._api import ContentType, DecodeOptions, Message
from ..codec._operations import (
    FAXWS_NS,
    JRI_PREFIX,
    OPERATIONS,
    STATUS_OPERATIONS,
    Direction,
    IdCarrier,
    Operation,
    operation,
)
from ._model import Case, Report, Result, Selection, Verdict, Wire, excluded_result

__all__ = ["ServerOptions", "list_server", "run_server"]

_FORMS = (ContentType.SOAP12, ContentType.SOAP11, ContentType.XML, ContentType.JSON)
_STATUS_CODES = (STATUS_SUCCEEDED, STATUS_FAILED, STATUS_IN_PROGRESS)


@attrs.frozen
class ServerOptions:
    """What the kit needs to know about the server under test."""

    url: str
    user: str
    #: The server's credentials: no default, so that the kit never grades with wrong ones.
    pin: str = ""
    token: str = ""
    jobs: tuple[str, ...] = ("br1000000001", "JRI-INV-1001")  #: ids the server knows
    unknown_job: str = "br9999999999"  #: an id it does not know
    timeout: float = 30.0  #: seconds for one exchange
    run_timeout: float | None = None  #: seconds for the whole run (``--timeout``)
    max_bytes: int = DEFAULT_MAX_BYTES  #: the cap on one answer's wire and decoded bytes
    cacert: str | None = None  #: a PEM CA bundle trusted alone for https (``--cacert``)
    trust_env: bool = True  #: honour HTTPS_PROXY/NO_PROXY/SSL_CERT_FILE

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
    def __init__(
        self, opts: ServerOptions, http: httpx.Client, deadline: Deadline | None = None
    ) -> None:
        self.opts = opts
        self.http = http
        # Our client's transport: caps while reading and a deadline for every socket wait.
        self.transport = HttpxTransport(http)
        self.deadline = deadline or Deadline(None)
        self.results: list[Result] = []
        self.timed_out = False

    # -- plumbing ------------------------------------------------------------------------

    def client(self, *, token: str | None = None, pin: str | None = None) -> FaxStatusClient:
        return FaxStatusClient(
            self.opts.user, token=token, pin=pin, endpoint=self.opts.url, http_client=self.http
        )

    def send(
        self, method: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[_Exchange, list[Wire]]:
        """One exchange through the guarded boundary; the wire kept is what was sent."""
        secrets = self.opts.secrets
        url = self.opts.url
        per_request = Deadline(self.opts.timeout)
        ends = [t for t in (per_request.at, self.deadline.at) if t is not None]

        def request_wire(sent: Mapping[str, str]) -> Wire:
            shown = redact_text(body.decode("utf-8", "replace"), secrets).encode()
            return Wire(f"request: {method} {url}", shown, redact_headers(dict(sent), secrets))

        try:
            resp = self.transport.request(
                method,
                url,
                headers,
                body,
                connect=self.opts.timeout,
                read=self.opts.timeout,
                max_bytes=self.opts.max_bytes,
                deadline=min(ends) if ends else None,
            )
        except (TransportError, DecodeError) as exc:
            if self.deadline.expired:
                self.timed_out = True
            text = redact_text(f"{type(exc).__name__}: {exc}", secrets)
            return _Exchange(None, {}, b"", text), [request_wire(headers)]
        wire = [request_wire(resp.sent or headers)]
        shown = redact_text(resp.body.decode("utf-8", "replace"), secrets).encode()
        wire.append(
            Wire("response", shown, redact_headers(dict(resp.headers), secrets), resp.status)
        )
        return _Exchange(resp.status, resp.headers, resp.body), wire

    def case(self, planned: _Planned) -> None:
        """Send *planned*'s request and keep its graded result."""
        case = planned.case()
        started = time.perf_counter()
        request = planned.request
        exchange, wire = self.send(request.method, request.headers, request.body)
        notes: list[str]
        if exchange.status is None:
            verdict, detail, notes = Verdict.FAIL, f"no HTTP answer: {exchange.error}", []
        else:
            verdict, detail, notes = planned.grade(exchange)
        if self.timed_out:
            return  # cut short by the run's --timeout: not a verdict on the server
        self.results.append(
            Result(
                case,
                verdict,
                detail,
                notes,
                wire,
                (time.perf_counter() - started) * 1000,
                actual=_actual(exchange, detail),
            )
        )


def _actual(exchange: _Exchange, detail: str) -> str:
    """What the server did, in one paragraph: status, Content-Type, the verdict's reason."""
    if exchange.status is None:
        return f"no HTTP answer: {exchange.error}"
    ctype = exchange.headers.get("content-type", "(no Content-Type)")
    return f"HTTP {exchange.status}, {ctype}, {len(exchange.body)} bytes: {detail}"


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


def _result(op: Operation[Any, Any], payload: Any) -> Any:
    """The answer's ``return`` value, read through the operation table's attribute name."""
    return getattr(payload, op.result_attr) if op.result_attr is not None else None


def _items(op: Operation[Any, Any], payload: Any) -> list[Any]:
    """The items of the answer's status list, read through the operation table's names."""
    return list(getattr(getattr(payload, op.list_attr or ""), op.list_items_attr or ""))


def _wserror(payload: Any) -> tuple[int, str]:
    """(code, text) of the WSError a ``return`` false answer carries (the codec finds it)."""
    err = codec.service_error(payload)
    return (err.code, err.text) if err is not None else (0, "")


def _summary(op: Operation[Any, Any], payload: Any, unknown: str | None) -> str:
    if op.has_status_list:
        n = len(_items(op, payload))
        tail = ", the unknown id with a per-item error" if unknown else ""
        return f"return true, {n} items{tail}"
    return f"return {_result(op, payload)!r}"


def _semantics(
    op: Operation[Any, Any], payload: Any, asked: Sequence[str], unknown: str | None
) -> str:
    """The contract's meaning of the answer (CONTRACT.md §4.1-§4.3), or '' when it holds."""
    if op.has_status_list:
        return _list_semantics(op, payload, asked, unknown)
    if op.result_attr is None:
        return ""
    value = _result(op, payload)
    if op.ids is IdCarrier.SINGLE:  # the one id's status code, or a negative error code
        if unknown is not None:
            return "" if value < 0 else f"an unknown id answered status {value}, not an error"
        return (
            "" if value in _STATUS_CODES else f"status {value} is not 1, 2 or 3 (CONTRACT.md §4.2)"
        )
    return "" if value else f"{op.name} returned an empty string"


def _list_semantics(
    op: Operation[Any, Any], payload: Any, asked: Sequence[str], unknown: str | None
) -> str:
    """A status list answer: return true, one item per id asked, in order (CONTRACT.md §2.2)."""
    if op.result_attr is not None and _result(op, payload) is not True:
        code, text = _wserror(payload)
        return f"return false: WSError {code} {text!r}"
    items = _items(op, payload)
    if len(items) != len(asked):
        return f"{len(items)} items for {len(asked)} ids (one item per id expected)"
    for i, (job, item) in enumerate(zip(asked, items, strict=True)):
        if item is None:
            return f"item {i + 1} (for {job}) is nil"
        status = JobStatus.from_item(item)  # the item's fields by the layout table's names
        if not job.startswith(JRI_PREFIX) and status.job_id != job:
            return f"item {i + 1} is for {status.job_id!r}, not {job!r} (order or pairing)"
        err = status.error  # None when the item's Error code is 0
        if job == unknown and err is None:
            return f"the unknown id {job} answered without a per-item error"
        if job != unknown and err is not None:
            return f"{job} answered error {err.code} {err.text!r}"
        if job != unknown and status.status_code not in _STATUS_CODES:
            return f"{job}: FaxJobStatusId {status.status_code} (CONTRACT.md §4.2)"
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
        value = _result(op, result.payload)
        if not op.has_status_list:  # a single result: refused credentials are an error code
            if value < 0:
                return Verdict.PASS, f"return {value} (an error code)", notes
            return Verdict.FAIL, f"wrong credentials answered status {value}", []
        if value is True:
            return Verdict.FAIL, "wrong credentials answered return true", []
        code, text = _wserror(result.payload)
        if code == 0:
            return Verdict.FAIL, "return false with WSError code 0", []
        detail = f"return false, WSError {code} {text!r}"
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


#: What passes (and what is only non-strict) for each section's cases.
_OUTCOMES = {
    "ops": "HTTP 200 in the request's form, a strict decode, an XSD-valid payload, return true "
    "with one item per id in order, status 1-3, a per-item error for the unknown id only "
    f"(a missing {ACTIVITY_ID_HEADER} or {EXECUTION_TIME_HEADER} is non-strict)",
    "auth": "return false with a non-zero WSError code (a single result: a negative code); "
    "HTTP 401/403 or a SOAP fault instead is non-strict",
    "malformed12": "a SOAP 1.2 Sender fault with HTTP 400 (another 4xx without a fault, or a "
    "Receiver fault, is non-strict)",
    "malformed11": "a SOAP 1.1 Client fault with HTTP 500 (another 4xx without a fault, or a "
    "Server fault, is non-strict)",
    "malformedjson": "HTTP 400 with the JSON fault form (another 4xx is non-strict)",
    "version": "a VersionMismatch fault with HTTP 500 (another fault code is non-strict)",
    "soap11as12": "an answer in SOAP 1.1, the envelope's version (a fault is informational, "
    "another form non-strict)",
    "get": "HTTP 405 (another 4xx is non-strict)",
}


_GOOD_XML = (
    f'<GetRealTimeFaxStatusEx xmlns="{FAXWS_NS}"><UserID>u</UserID><strPIN></strPIN>'
    "<FaxJobIds><item><JobId>br1</JobId></item></FaxJobIds></GetRealTimeFaxStatusEx>"
)

#: Malformed JSON requests: (case id, title, body).
_MALFORMED_JSON: tuple[tuple[str, str, bytes], ...] = (
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
)

#: Malformed XML requests: (case id, title, body from the form's wrapper function).
_MALFORMED_XML: tuple[tuple[str, str, Callable[[Callable[[str], bytes]], bytes]], ...] = (
    ("not-well-formed", "a truncated document", lambda wrap: wrap(_GOOD_XML)[:-20]),
    (
        "unknown-operation",
        "an operation the service does not have",
        lambda wrap: wrap(
            f'<GetFaxStatusEx9 xmlns="{FAXWS_NS}"><UserID>u</UserID></GetFaxStatusEx9>'
        ),
    ),
    (
        "doctype",
        "a document type declaration (SOAP forbids one)",
        lambda wrap: (
            b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n'
            + wrap(_GOOD_XML).split(b"\n", 1)[1]
        ),
    ),
)


def _wrapper(form: ContentType) -> Callable[[str], bytes]:
    """A function putting a request element in *form*'s envelope (none for plain XML)."""
    env = {ContentType.SOAP12: SOAP12_NS, ContentType.SOAP11: SOAP11_NS}.get(form)

    def wrap(inner: str) -> bytes:
        if env is None:
            return f'<?xml version="1.0"?>\n{inner}'.encode()
        return (
            f'<?xml version="1.0"?>\n<e:Envelope xmlns:e="{env}"><e:Body>{inner}'
            "</e:Body></e:Envelope>"
        ).encode()

    return wrap


# ----------------------------------------------------------------------------- the catalogue

_Grade = Callable[[_Exchange], tuple[Verdict, str, list[str]]]


@attrs.frozen
class _Request:
    """What one case sends."""

    method: str
    headers: Mapping[str, str]
    body: bytes


@attrs.frozen
class _Planned:
    """One case of a run: id, title, section and group, what it sends, how it is graded."""

    cid: str
    title: str
    section: str
    group: str
    request: _Request
    grade: _Grade
    outcomes: str = ""

    def case(self) -> Case:
        """The case as the report shows it."""
        return Case(
            f"server/{self.cid}",
            self.title,
            self.section,
            "server",
            self.group,
            content_type=self.request.headers.get("Content-Type", ""),
            body=self.request.body,
            outcomes=self.outcomes,
        )


@attrs.frozen
class _Context:
    """What one run knows: the options, the operations and forms chosen, the good client."""

    opts: ServerOptions
    run: _Run
    ops: Sequence[Operation[Any, Any]]
    forms: Sequence[ContentType]
    good: FaxStatusClient

    @property
    def status_op(self) -> Operation[Any, Any] | None:
        """The multi-job operation credentials are tried on: the codec's first served one."""
        served = [o for o in self.ops if o.has_status_list]
        return min(served, key=lambda o: STATUS_OPERATIONS.index(o.name), default=None)

    @property
    def single_op(self) -> Operation[Any, Any] | None:
        """The first served operation asking for one id and answering one result."""
        return next((o for o in self.ops if _one_id(o)), None)

    @property
    def soap(self) -> list[ContentType]:
        """The chosen forms that are SOAP envelopes."""
        return [f for f in self.forms if f.soap_version is not None]

    def asked(self, op: Operation[Any, Any]) -> tuple[list[str], str | None]:
        """(ids to ask for, the unknown one among them) for *op*, by how it carries ids."""
        if op.ids is IdCarrier.NONE:
            return [], None
        if op.ids is IdCarrier.SINGLE:
            return [self.opts.jobs[0]], None
        return [*self.opts.jobs, self.opts.unknown_job], self.opts.unknown_job


#: What a family runs on: an operation (or None) and a form (or None).
_Subject = tuple[Operation[Any, Any] | None, ContentType | None]


@attrs.frozen
class _Row:
    """One server case, for each subject of its family that *when* admits."""

    cid: str  #: with ``{op}`` and ``{form}`` filled in
    title: str  #: likewise
    section: str | Callable[[ContentType], str]  #: a key of _SEC, or the form's key
    group: str
    request: Callable[[_Context, Any, Any], _Request]
    grade: Callable[[_Context, Any, Any], _Grade]
    when: Callable[[_Context, Any, Any], bool] = lambda ctx, op, form: True


@attrs.frozen
class _Family:
    """Rows run in turn for every subject the selector picks, in the selector's order."""

    subjects: Callable[[_Context], list[_Subject]]
    rows: tuple[_Row, ...]


def _one_id(op: Operation[Any, Any]) -> bool:
    return op.is_single_status


def _prepared(
    client: Callable[[_Context], FaxStatusClient],
    ids: Callable[[_Context, Operation[Any, Any]], list[str]],
) -> Callable[[_Context, Any, Any], _Request]:
    """A request builder: *client*'s prepared request for the subject's operation and form."""

    def build(ctx: _Context, op: Operation[Any, Any], form: ContentType) -> _Request:
        prep = client(ctx).prepare(op, ids(ctx, op), content_type=form)
        return _Request("POST", prep.headers, prep.body)

    return build


def _raw(body: Callable[[ContentType], bytes]) -> Callable[[_Context, Any, Any], _Request]:
    """A request builder: *body* (form) -> bytes, sent with the form's media type."""

    def build(ctx: _Context, op: None, form: ContentType) -> _Request:
        headers = {"Content-Type": _content_type(form)}
        if form is ContentType.SOAP11:
            headers["SOAPAction"] = '""'
        return _Request("POST", headers, body(form))

    return build


def _as_is(body: bytes) -> Callable[[ContentType], bytes]:
    """*body* in every form (a malformed JSON text)."""
    return lambda form: body


def _enveloped(
    make: Callable[[Callable[[str], bytes]], bytes],
) -> Callable[[ContentType], bytes]:
    """The body *make* writes with the form's envelope wrapper."""
    return lambda form: make(_wrapper(form))


def _unknown_envelope(ctx: _Context, op: Operation[Any, Any], form: ContentType) -> _Request:
    prep = ctx.good.prepare(op, list(ctx.opts.jobs), content_type=form)
    env_ns = (SOAP12_NS if form is ContentType.SOAP12 else SOAP11_NS).encode()
    return _Request(
        "POST", prep.headers, prep.body.replace(env_ns, b"http://example.org/not-a-soap-envelope")
    )


def _soap11_as_soap12(ctx: _Context, op: Operation[Any, Any], form: ContentType) -> _Request:
    prep11 = ctx.good.prepare(op, list(ctx.opts.jobs), content_type="soap11")
    headers = dict(prep11.headers)
    headers["Content-Type"] = _content_type(ContentType.SOAP12)
    headers.pop("SOAPAction", None)
    return _Request("POST", headers, prep11.body)


def _malformed_section(form: ContentType) -> str:
    return {ContentType.SOAP11: "malformed11", ContentType.JSON: "malformedjson"}.get(
        form, "malformed12"
    )


def _answer(ctx: _Context, op: Operation[Any, Any], form: ContentType) -> _Grade:
    asked, unknown = ctx.asked(op)
    return _grade_answer(op, form, asked, unknown)


def _good_client(ctx: _Context) -> FaxStatusClient:
    return ctx.good


def _pin_client(ctx: _Context) -> FaxStatusClient:
    return ctx.run.client(pin=ctx.opts.pin)


def _wrong(**credential: str) -> Callable[[_Context], FaxStatusClient]:
    """A client with *credential* (a wrong pin or token) instead of the good one."""
    return lambda ctx: ctx.run.client(**credential)


def _jobs(ctx: _Context, op: Operation[Any, Any]) -> list[str]:
    return list(ctx.opts.jobs)


#: The server target's cases, in report order.
_CATALOGUE: tuple[_Family, ...] = (
    # Every operation in every form, answered as the contract says.
    _Family(
        lambda ctx: [(op, form) for op in ctx.ops for form in ctx.forms],
        (
            _Row(
                "ops/{op}/{form}",
                "{op} as {form}",
                "ops",
                "operations",
                _prepared(_good_client, lambda ctx, op: ctx.asked(op)[0]),
                _answer,
            ),
            _Row(
                "ops/{op}/{form}/unknown-id",
                "{op} for an unknown id as {form}",
                "ops",
                "operations",
                _prepared(_good_client, lambda ctx, op: [ctx.opts.unknown_job]),
                lambda ctx, op, form: _grade_answer(
                    op, form, [ctx.opts.unknown_job], ctx.opts.unknown_job
                ),
                when=lambda ctx, op, form: _one_id(op),
            ),
        ),
    ),
    # Credentials, tried on one multi-job operation in every form.
    _Family(
        lambda ctx: [(ctx.status_op, form) for form in ctx.forms] if ctx.status_op else [],
        (
            _Row(
                "auth/{form}/pin",
                "UserID + strPIN credentials as {form}",
                "auth",
                "auth",
                _prepared(_pin_client, _jobs),
                lambda ctx, op, form: _grade_answer(op, form, list(ctx.opts.jobs), None),
                when=lambda ctx, op, form: bool(ctx.opts.pin),
            ),
            _Row(
                "auth/{form}/wrong-pin",
                "a wrong strPIN as {form}",
                "auth",
                "auth",
                _prepared(_wrong(pin="conformance-wrong-pin"), _jobs),
                lambda ctx, op, form: _grade_auth_failure(op),
            ),
            _Row(
                "auth/{form}/wrong-token",
                "a wrong bearer token as {form}",
                "auth",
                "auth",
                _prepared(_wrong(token="conformance-wrong-token"), _jobs),  # noqa: S106 - wrong on purpose
                lambda ctx, op, form: _grade_auth_failure(op),
            ),
        ),
    ),
    # A wrong strPIN for the single-id operation, in the first form.
    _Family(
        lambda ctx: [(ctx.single_op, ctx.forms[0])] if ctx.single_op and ctx.forms else [],
        (
            _Row(
                "auth/{form}/simple-wrong-pin",
                "{op} with a wrong strPIN",
                "auth",
                "auth",
                _prepared(_wrong(pin="conformance-wrong-pin"), lambda ctx, op: [ctx.opts.jobs[0]]),
                lambda ctx, op, form: _grade_auth_failure(op),
            ),
        ),
    ),
    # Malformed requests in every form: a Sender (Client) fault with SOAP's status.
    _Family(
        lambda ctx: [(None, form) for form in ctx.forms],
        (
            *(
                _Row(
                    f"malformed/{{form}}/{cid}",
                    f"{title} as {{form}}",
                    _malformed_section,
                    "malformed",
                    _raw(_as_is(body)),
                    lambda ctx, op, form: _grade_sender_fault(form),
                    when=lambda ctx, op, form: form is ContentType.JSON,
                )
                for cid, title, body in _MALFORMED_JSON
            ),
            *(
                _Row(
                    f"malformed/{{form}}/{cid}",
                    f"{title} as {{form}}",
                    _malformed_section,
                    "malformed",
                    _raw(_enveloped(make)),
                    lambda ctx, op, form: _grade_sender_fault(form),
                    when=lambda ctx, op, form: form is not ContentType.JSON,
                )
                for cid, title, make in _MALFORMED_XML
            ),
        ),
    ),
    # Envelope versions, on the multi-job operation in the first SOAP form.
    _Family(
        lambda ctx: [(ctx.status_op, ctx.soap[0])] if ctx.soap and ctx.status_op else [],
        (
            _Row(
                "version/unknown-envelope",
                "an Envelope in neither SOAP namespace",
                "version",
                "version",
                _unknown_envelope,
                lambda ctx, op, form: _grade_version_mismatch,
            ),
        ),
    ),
    _Family(
        lambda ctx: (
            [(ctx.status_op, ContentType.SOAP11)]
            if ContentType.SOAP11 in ctx.soap and ctx.status_op
            else []
        ),
        (
            _Row(
                "version/soap11-as-soap12",
                f"a SOAP 1.1 envelope sent as {SOAP12_MEDIA}",
                "soap11as12",
                "version",
                _soap11_as_soap12,
                lambda ctx, op, form: _grade_soap11_as_soap12(op),
            ),
        ),
    ),
    # Plain HTTP: a GET is refused.
    _Family(
        lambda ctx: [(None, None)],
        (
            _Row(
                "http/get",
                "GET instead of POST",
                "get",
                "http",
                lambda ctx, op, form: _Request("GET", {}, b""),
                lambda ctx, op, form: _grade_get,
            ),
        ),
    ),
)


def _cases(ctx: _Context) -> Iterator[_Planned]:
    """Every case the catalogue gives *ctx*, in report order."""
    for family in _CATALOGUE:
        for op, form in family.subjects(ctx):
            for row in family.rows:
                if not row.when(ctx, op, form):
                    continue
                names = {"op": op.name if op else "", "form": form.value if form else ""}
                section = row.section if isinstance(row.section, str) else row.section(form)  # type: ignore[arg-type]
                yield _Planned(
                    row.cid.format(**names),
                    row.title.format(**names),
                    _SEC[section],
                    row.group,
                    row.request(ctx, op, form),
                    row.grade(ctx, op, form),
                    _OUTCOMES[section],
                )


def _context(
    opts: ServerOptions,
    run: _Run,
    operations: Sequence[str] | None,
    forms: Sequence[str] | None,
) -> _Context:
    # By default the operations a client asks (status queries and the probe): sending or
    # cancelling a fax is not the kit's to grade.
    ops = (
        [operation(n) for n in operations]
        if operations
        else [o for o in OPERATIONS.values() if o.askable]
    )
    chosen = [ContentType.from_name(f) for f in forms] if forms else list(_FORMS)
    form_list = [f for f in _FORMS if f in chosen]
    good = run.client(token=opts.token) if opts.token else run.client(pin=opts.pin)
    return _Context(opts, run, ops, form_list, good)


def list_server(
    opts: ServerOptions,
    *,
    operations: Sequence[str] | None = None,
    forms: Sequence[str] | None = None,
) -> list[Case]:
    """Every case a run with these options would send, in order; nothing is sent."""
    with httpx.Client() as http:
        ctx = _context(opts, _Run(opts, http), operations, forms)
        return [planned.case() for planned in _cases(ctx)]


def run_server(
    opts: ServerOptions,
    *,
    operations: Sequence[str] | None = None,
    forms: Sequence[str] | None = None,
    progress: Callable[[Result], None] | None = None,
    transport: httpx.BaseTransport | None = None,
    selection: Selection | None = None,
) -> Report:
    """Grade the FaxWS status service at ``opts.url``; returns the report.

    *operations* and *forms* narrow the run to what the server claims to implement (a gSOAP
    service speaks SOAP only, a mock may serve a few operations); by default everything.
    *selection* (``--case``, ``--exclude``) decides which cases are sent at all. The whole
    run ends by ``opts.run_timeout`` (the report's ``timed_out`` then says so).
    """
    started = time.perf_counter()
    selection = selection or Selection()
    deadline = Deadline(opts.run_timeout)
    excluded: list[Result] = []
    verify = tls_verify(opts.cacert)
    with httpx.Client(
        follow_redirects=False, transport=transport, verify=verify, trust_env=opts.trust_env
    ) as http:
        run = _Run(opts, http, deadline)
        ctx = _context(opts, run, operations, forms)
        for planned in _cases(ctx):
            case_id = f"server/{planned.cid}"
            if not selection.chosen(case_id):
                continue
            reason = selection.excluded(case_id)
            if reason is not None:
                excluded.append(excluded_result(planned.case(), reason))
                continue
            if deadline.expired:
                run.timed_out = True
            if run.timed_out:
                break
            run.case(planned)
            if progress is not None and run.results:
                progress(run.results[-1])
    report = Report("server", opts.url, run.results + excluded)
    report.timed_out = run.timed_out
    report.duration_s = time.perf_counter() - started
    return report


def _content_type(form: ContentType) -> str:
    from ._catalogue import media_type  # noqa: PLC0415

    return media_type(form)
