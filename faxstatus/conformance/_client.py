"""The client target: the simulator in grading mode, a script of calls, and a grade per request.

:class:`GradingSimulator` wraps the sans-IO simulator (it subclasses :class:`Simulator` and
overrides ``handle`` only), so any carrier of the simulator (the loopback HTTP server, the
in-process transport) serves it unchanged. Every request is graded on its own (envelope,
element names and order, Content-Type and ``action``, ``SOAPAction``, ``Authorization``,
``x-ch-request-id``, strPIN rules) and answered from a zoo of valid but tricky responses
chosen by the script step it belongs to; steps are told apart by their job ids.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from lxml import etree

from .._contract import (
    AUTHENTICATION_FAILED,
    INVALID_JOB_ID,
    REQUEST_ID_HEADER,
    SERVICE_PATH,
    SOAP12_MEDIA,
)
from .._errors import CodecError
from .._redact import redact_headers, redact_text
from .._soap import Fault, SoapVersion
from ..codec import _api as codec
from ..codec._api import ContentType, DecodeOptions, Message, XmlStyle
from ..codec._operations import OPERATIONS, IdCarrier, Operation
from ..simulator import SimJob, SimReply, Simulator, SimulatorServer
from ._catalogue import media_type
from ._model import Case, Report, Result, Verdict, Wire

__all__ = ["USER", "ClientGrader", "GradingSimulator", "Step", "script_steps"]

USER = "conformance-user"
PIN = "conformance-pin"
TOKEN = "conformance-token-4f8a1c2e9b7d"  # noqa: S105 - a made-up credential for the script
WRONG_PIN = "conformance-wrong-pin"
RETRY_AFTER = 1

_SEC = {
    "envelope": "SOAP 1.2 Part 1 §5; SOAP 1.1 §4; CONTRACT.md §2.4, §3",
    "auth": "CONTRACT.md §2.1 (strPIN), §4.4, §4.5; RFC 6750 §2.1 (Bearer)",
    "retry": "RFC 9110 §10.2.3 (Retry-After), §15.6.4 (503)",
}


@attrs.frozen
class Step:
    """One call the client under test is asked to make, and the answer it will get."""

    id: str
    title: str
    operation: str
    form: str  #: soap12, soap11, xml or json
    auth: str  #: token, pin, wrong-pin or none
    job_ids: tuple[str, ...]
    answer: str  #: the zoo entry: normal, nil-items, item-error, return-false, fault, …
    expect: str  #: what a correct client makes of the answer
    required: bool = True

    def to_json(self) -> dict[str, Any]:
        """The step as the script shows it to the client's author."""
        creds = {
            "token": {"Authorization": f"Bearer {TOKEN}", "strPIN": ""},
            "pin": {"strPIN": PIN},
            "wrong-pin": {"strPIN": WRONG_PIN},
            "none": {},
        }[self.auth]
        return {
            "step": self.id,
            "operation": self.operation,
            "content_type": self.form,
            "media_type": media_type(ContentType.from_name(self.form)),
            "UserID": USER if self.auth != "none" else None,
            "credentials": creds,
            "job_ids": list(self.job_ids),
            # How the request carries the ids: a FaxJobIds list, one JobId, or none. A
            # client script asks by this, not by the operation's name, so an operation the
            # vendor adds is asked in its own shape.
            "request_ids": OPERATIONS[self.operation].ids.value,
            "answer": self.answer,
            "expect": self.expect,
            "required": self.required,
        }


def _ids(n: int, count: int) -> tuple[str, ...]:
    return tuple(f"br9{n:03d}{k:06d}" for k in range(1, count + 1))


def script_steps() -> list[Step]:
    """The script: every status operation, both SOAP versions required, XML and JSON optional."""
    rows: list[tuple[str, str, str, str, int, str, str, bool]] = [
        (
            "GetRealTimeFaxStatusEx",
            "soap12",
            "token",
            "normal",
            2,
            "a gSOAP SOAP 1.2 answer (SOAP-ENV:, FaxWS: prefixes)",
            "two ok outcomes",
            True,
        ),
        (
            "GetRealTimeFaxStatusEx",
            "soap11",
            "pin",
            "normal",
            2,
            "a gSOAP SOAP 1.1 answer, UserID + strPIN credentials",
            "two ok outcomes",
            True,
        ),
        (
            "GetFaxStatus",
            "soap12",
            "token",
            "nil-items",
            3,
            "a nil item in the middle (SOAP_XML_NIL)",
            "ids 1 and 3 ok; id 2 missing from the response (nil item)",
            True,
        ),
        (
            "GetRealTimeFaxStatusEx2",
            "soap11",
            "token",
            "item-error",
            2,
            f"a per-item {INVALID_JOB_ID} for the second id",
            f"id 1 ok; id 2 an item error {INVALID_JOB_ID}",
            True,
        ),
        (
            "GetRealTimeFaxStatusEx3",
            "soap12",
            "wrong-pin",
            "return-false",
            1,
            "return false with a WSError (wrong strPIN on purpose)",
            f"a service error {AUTHENTICATION_FAILED} for every id, no retry",
            True,
        ),
        (
            "GetRealTimeFaxStatus",
            "soap12",
            "token",
            "fault",
            1,
            "a SOAP 1.2 Receiver fault, HTTP 500",
            "a SOAP fault (Receiver), no retry",
            True,
        ),
        (
            "GetRealTimeFaxStatus",
            "soap11",
            "token",
            "fault",
            1,
            "a SOAP 1.1 Server fault, HTTP 500",
            "a SOAP fault (Server), no retry",
            True,
        ),
        (
            "GetRealTimeFaxStatusEx",
            "soap12",
            "token",
            "retry-503",
            1,
            f"HTTP 503 with Retry-After: {RETRY_AFTER}, then a normal answer",
            f"a retry after {RETRY_AFTER} s, then an ok outcome",
            True,
        ),
        (
            "SimpleGetFaxStatus",
            "soap11",
            "pin",
            "normal",
            1,
            "SimpleGetFaxStatus: a single xsd:long",
            "status 1 (succeeded)",
            True,
        ),
        (
            "CheckService",
            "soap12",
            "none",
            "normal",
            0,
            "CheckService: a string",
            "the liveness string",
            True,
        ),
        (
            "GetRealTimeFaxStatusEx3",
            "soap11",
            "token",
            "defaultns",
            2,
            "no prefixes at all (SOAP_XML_DEFAULTNS)",
            "two ok outcomes",
            True,
        ),
        (
            "GetRealTimeFaxStatusEx",
            "soap12",
            "token",
            "indent",
            2,
            "an indented answer with a Header block to ignore",
            "two ok outcomes",
            True,
        ),
        (
            "GetRealTimeFaxStatusEx",
            "xml",
            "token",
            "normal",
            2,
            "the plain XML form",
            "two ok outcomes",
            False,
        ),
        (
            "GetRealTimeFaxStatusEx",
            "json",
            "token",
            "normal",
            2,
            "the JSON form",
            "two ok outcomes",
            False,
        ),
        (
            "GetFaxStatus",
            "json",
            "token",
            "nil-items",
            3,
            "a JSON null item",
            "ids 1 and 3 ok; id 2 missing from the response",
            False,
        ),
    ]
    steps = []
    for n, (name, form, auth, answer, count, title, expect, required) in enumerate(rows, 1):
        op = _stand_in(name)
        if op is None:
            continue  # the schema has no operation of the shape this scenario was written for
        ids = () if op.ids is IdCarrier.NONE else _ids(n, count)
        steps.append(Step(f"c{n:02d}", title, op.name, form, auth, ids, answer, expect, required))
    # An operation no scenario names (one the vendor added) is still asked once, plainly.
    named = {s.operation for s in steps}
    n = len(rows)
    for op in OPERATIONS.values():
        if not op.askable or op.name in named:
            continue
        n += 1
        count = {IdCarrier.LIST: 2, IdCarrier.SINGLE: 1}.get(op.ids, 0)
        steps.append(
            Step(
                f"c{n:02d}",
                f"{op.name}: a plain answer",
                op.name,
                "soap12",
                "token" if op.user_attr else "none",
                _ids(n, count) if count else (),
                "normal",
                "an ok outcome for every id" if count else "the answer",
                True,
            )
        )
    return steps


#: The request shape a scenario was written for, where it is not a list of job ids.
_SHAPE = {"SimpleGetFaxStatus": IdCarrier.SINGLE, "CheckService": IdCarrier.NONE}


def _stand_in(name: str) -> Operation[Any, Any] | None:
    """The operation a scenario written for *name* runs on.

    *name* itself, or, when the schema no longer has it, the first askable operation of the
    same shape (the scenarios test the client's handling of an answer, not one operation);
    None when the schema has none.
    """
    if name in OPERATIONS:
        return OPERATIONS[name]
    shape = _SHAPE.get(name, IdCarrier.LIST)
    for op in OPERATIONS.values():
        same = op.has_status_list if shape is IdCarrier.LIST else op.ids is shape
        if op.askable and op.ids is shape and same:
            return op
    return None


def _worst(verdicts: list[Verdict]) -> Verdict:
    for v in (Verdict.FAIL, Verdict.NON_STRICT):
        if v in verdicts:
            return v
    return Verdict.PASS


@attrs.define
class _Seen:
    step: Step | None
    request_id: str | None
    at: float
    status: int


class GradingSimulator(Simulator):
    """The simulator in grading mode: grades each request and answers from the script's zoo."""

    def __init__(self, steps: list[Step] | None = None, *, epoch: datetime | None = None) -> None:
        self.steps = steps or script_steps()
        jobs: list[SimJob] = []
        for step in self.steps:
            known = step.job_ids[:-1] if step.answer == "item-error" else step.job_ids
            jobs.extend(SimJob(j, 2, -600, reference_id=f"CONF-{j}") for j in known)
        super().__init__(jobs, user_id=USER, pin=PIN, tokens=(TOKEN,), epoch=epoch)
        self.results: list[Result] = []
        self._seen: list[_Seen] = []
        self._grade_lock = threading.Lock()

    # -- matching ------------------------------------------------------------------------

    def _step_for(self, msg: Message | None) -> Step | None:
        if msg is None:
            return None
        payload = msg.payload
        if hasattr(payload, "fax_job_ids"):
            ids = [i.job_id for i in payload.fax_job_ids.item if i is not None]
        elif hasattr(payload, "job_id"):
            ids = [payload.job_id]
        else:
            ids = []
        for step in self.steps:
            if step.operation == msg.operation.name and sorted(step.job_ids) == sorted(ids):
                if not ids and step.form != msg.content_type.value:
                    continue
                return step
        return None

    # -- grading -------------------------------------------------------------------------

    def _grade(
        self, method: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[Message | None, list[tuple[Verdict, str]]]:
        checks: list[tuple[Verdict, str]] = []
        if method != "POST":
            return None, [(Verdict.FAIL, f"{method}, not POST (SOAP 1.2 Part 2 §7.4)")]
        ctype = headers.get("content-type")
        msg: Message | None = None
        try:
            msg = codec.decode_request(body, ctype)
        except CodecError as exc:
            try:
                msg = codec.decode_request(body, ctype, options=DecodeOptions(strict=False))
            except CodecError:
                return None, [(Verdict.FAIL, f"the request does not decode: {exc}")]
            checks.append((Verdict.NON_STRICT, f"decodes only leniently: {exc}"))
        form = msg.content_type
        media, params = codec.parse_content_type(ctype)
        want = ContentType(form).media_type
        if media != want:
            if form is ContentType.SOAP11 and media == SOAP12_MEDIA:
                checks.append(
                    (
                        Verdict.NON_STRICT,
                        f"a SOAP 1.1 envelope sent as {SOAP12_MEDIA}"
                        " (CONTRACT.md §1 knows a client that does)",
                    )
                )
            else:
                checks.append(
                    (
                        Verdict.FAIL,
                        f"Content-Type {media or '(none)'} for a "
                        f"{form.value} body; {want} expected",
                    )
                )
        charset = params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            checks.append((Verdict.NON_STRICT, f"charset={charset}; FaxWS peers expect utf-8"))
        if form is ContentType.SOAP12 and params.get("action", "") != "":
            checks.append(
                (
                    Verdict.NON_STRICT,
                    f"action={params['action']!r}, but the WSDL's "
                    'soapAction is "" (SOAP 1.2 Part 2 §7.1.4)',
                )
            )
        if form is ContentType.SOAP11:
            action = headers.get("soapaction")
            if action is None:
                checks.append((Verdict.FAIL, "no SOAPAction header (SOAP 1.1 §6.1.1)"))
            elif action.strip() != '""':
                checks.append(
                    (
                        Verdict.NON_STRICT,
                        f"SOAPAction {action!r}; the WSDL gives "
                        '"" as a quoted string (SOAP 1.1 §6.1.1)',
                    )
                )
        return msg, checks

    def _grade_step(
        self, step: Step, msg: Message, headers: Mapping[str, str]
    ) -> list[tuple[Verdict, str]]:
        checks: list[tuple[Verdict, str]] = []
        if msg.content_type.value != step.form:
            checks.append(
                (Verdict.FAIL, f"sent {msg.content_type.value}; the script asked for {step.form}")
            )
        payload = msg.payload
        auth = headers.get("authorization")
        if step.operation != "CheckService":
            if payload.user_id != USER:
                checks.append((Verdict.FAIL, "UserID is not the script's"))
            pin = payload.str_pin
            if step.auth == "token":
                checks.extend(_bearer_checks(auth))
                if pin:
                    checks.append(
                        (
                            Verdict.NON_STRICT,
                            "strPIN sent with a bearer token; with "
                            "OAuth it goes empty (CONTRACT.md §2.1)",
                        )
                    )
            else:
                want_pin = PIN if step.auth == "pin" else WRONG_PIN
                if pin != want_pin:
                    checks.append((Verdict.FAIL, "strPIN is not the script's"))
                if auth is not None:
                    checks.append(
                        (Verdict.NON_STRICT, "an Authorization header on a UserID + strPIN call")
                    )
            ids = (
                [i.job_id for i in payload.fax_job_ids.item if i is not None]
                if hasattr(payload, "fax_job_ids")
                else [payload.job_id]
            )
            if tuple(ids) != step.job_ids:
                checks.append((Verdict.NON_STRICT, "job ids in another order than the script's"))
        return checks

    def _request_id_checks(self, step: Step | None, rid: str | None) -> list[tuple[Verdict, str]]:
        if rid is None or not rid.strip():
            return [(Verdict.NON_STRICT, f"no {REQUEST_ID_HEADER} header (CONTRACT.md §4.4)")]
        out: list[tuple[Verdict, str]] = []
        if not rid.isascii() or not rid.isprintable() or len(rid) > 200:
            out.append((Verdict.NON_STRICT, f"{REQUEST_ID_HEADER} is not short printable ASCII"))
        for seen in self._seen:
            if seen.request_id != rid:
                continue
            if seen.step is not None and seen.step == step and seen.status in (429, 503):
                continue  # the same id again on a retry of the same call is fine
            out.append(
                (
                    Verdict.FAIL,
                    f"{REQUEST_ID_HEADER} {rid!r} was already used by another "
                    "call (it must be unique per call)",
                )
            )
            break
        return out

    # -- answering -----------------------------------------------------------------------

    def _zoo_answer(
        self,
        step: Step | None,
        msg: Message | None,
        method: str,
        headers: Mapping[str, str],
        body: bytes,
        path: str,
    ) -> SimReply:
        normal = super().handle(method, headers, body, path)
        if step is None or msg is None or normal.status != 200:
            return normal
        version = (
            SoapVersion.SOAP11 if msg.content_type is ContentType.SOAP11 else SoapVersion.SOAP12
        )
        if step.answer == "fault":
            fault = Fault.receiver("conformance: a fault on purpose", version)
            enc = codec.encode_fault(fault, style=XmlStyle.GSOAP)
            return self._reply(
                fault.http_status, enc.headers["Content-Type"], enc.body, time.perf_counter()
            )
        if step.answer == "retry-503" and not any(s.step == step for s in self._seen):
            return self._reply(
                503,
                "text/plain",
                b"Service Unavailable\n",
                time.perf_counter(),
                {"Retry-After": str(RETRY_AFTER)},
            )
        if step.answer in ("nil-items", "defaultns", "indent"):
            answer = codec.decode(normal.body, normal.headers["Content-Type"])
            assert isinstance(answer, Message)
            payload = answer.payload
            style = XmlStyle.GSOAP if msg.content_type.soap_version else XmlStyle()
            if step.answer == "nil-items":
                op = answer.operation  # the operation table: where the status list lives
                getattr(getattr(payload, op.list_attr or ""), op.list_items_attr or "")[1] = None
            if step.answer == "defaultns":
                style = XmlStyle(envelope_prefix="", payload_prefix="")
            enc = codec.encode(payload, msg.content_type, style=style)
            out = enc.body
            if step.answer == "defaultns" and msg.content_type.soap_version:
                out = _default_namespaces(out)
            if step.answer == "indent":
                out = _indented_with_header(out)
            return attrs.evolve(normal, body=out)
        return normal

    def handle(
        self, method: str, headers: Mapping[str, str], body: bytes, path: str = SERVICE_PATH
    ) -> SimReply:
        """Grade the request, record the grade, and answer it from the zoo."""
        with self._grade_lock:
            msg, checks = self._grade(method, headers, body)
            step = self._step_for(msg)
            if step is not None and msg is not None:
                checks += self._grade_step(step, msg, headers)
            checks += self._request_id_checks(step, headers.get(REQUEST_ID_HEADER))
            started = time.perf_counter()
            reply = self._zoo_answer(step, msg, method, headers, body, path)
            n = sum(1 for s in self._seen if s.step == step) + 1
            self._seen.append(
                _Seen(step, headers.get(REQUEST_ID_HEADER), time.monotonic(), reply.status)
            )
            self._record(step, n, checks, headers, body, reply, started)
            problems = tuple(m for v, m in checks if v in (Verdict.FAIL, Verdict.NON_STRICT))
            # The carrier's access log shows what the request got wrong, as for any deviation.
            return attrs.evolve(reply, deviations=(*reply.deviations, *problems))

    def _record(
        self,
        step: Step | None,
        n: int,
        checks: list[tuple[Verdict, str]],
        headers: Mapping[str, str],
        body: bytes,
        reply: SimReply,
        started: float,
    ) -> None:
        secrets = (PIN, TOKEN, WRONG_PIN)
        if step is None:
            cid = f"client/unscripted/request-{len(self._seen)}"
            title = "a request that matches no step of the script"
            group = "unscripted"
            checks = [*checks, (Verdict.INFO, "not in the script (its ids match no step)")]
        else:
            cid, title = f"client/{step.id}/request-{n}", f"{step.title} (request {n})"
            group = step.answer
        verdict = (
            _worst([v for v, _ in checks])
            if step is not None
            else (Verdict.FAIL if any(v is Verdict.FAIL for v, _ in checks) else Verdict.INFO)
        )
        problems = [m for v, m in checks if v is not Verdict.PASS]
        detail = "; ".join(problems) if problems else _checked(step, headers)
        wire = [
            Wire(
                "request",
                redact_text(body.decode("utf-8", "replace"), secrets).encode(),
                redact_headers(dict(headers), secrets),
            ),
            Wire("answer from the zoo", reply.body, dict(reply.headers), reply.status),
        ]
        case = Case(
            cid,
            title,
            _SEC["envelope"] if step is None else _section(step),
            "client",
            group,
            content_type=headers.get("content-type", ""),
        )
        self.results.append(
            Result(case, verdict, detail, problems, wire, (time.perf_counter() - started) * 1000)
        )

    # -- the end -------------------------------------------------------------------------

    def done(self) -> bool:
        """True when every required step has been called (and the 503 step retried or not)."""
        called = {s.step for s in self._seen if s.step is not None}
        return all(step in called for step in self.steps if step.required)

    def step_results(self) -> list[Result]:
        """Per-step verdicts: steps never called, and how the 503 step was retried."""
        out = []
        for step in self.steps:
            seen = [s for s in self._seen if s.step == step]
            case = Case(
                f"client/{step.id}/called",
                f"{step.title}: the call was made",
                _section(step),
                "client",
                step.answer,
                content_type=step.form,
            )
            if not seen:
                verdict = Verdict.FAIL if step.required else Verdict.INFO
                why = "never called" + ("" if step.required else f" ({step.form} is optional)")
                out.append(Result(case, verdict, why))
                continue
            if step.answer == "retry-503":
                rcase = attrs.evolve(
                    case,
                    id=f"client/{step.id}/retry",
                    title="retried after 503 honouring Retry-After",
                    section=_SEC["retry"],
                )
                if len(seen) < 2:
                    out.append(
                        Result(
                            rcase,
                            Verdict.INFO,
                            "no retry after the 503 (a client may leave retries to its caller)",
                        )
                    )
                else:
                    waited = seen[1].at - seen[0].at
                    if waited + 0.05 >= RETRY_AFTER:
                        out.append(Result(rcase, Verdict.PASS, f"retried after {waited:.2f} s"))
                    else:
                        out.append(
                            Result(
                                rcase,
                                Verdict.NON_STRICT,
                                f"retried after {waited:.2f} s; Retry-After said {RETRY_AFTER}",
                            )
                        )
        return out


def _checked(step: Step | None, headers: Mapping[str, str]) -> str:
    """What was checked on a request that passed, in one line."""
    if step is None:
        return "not in the script"
    parts = [f"{step.form} decodes strictly", f"Content-Type {headers.get('content-type')}"]
    if step.form == "soap11":
        parts.append(f"SOAPAction {headers.get('soapaction')}")
    parts.append(
        {
            "token": "Bearer token, strPIN empty",
            "pin": "UserID + strPIN",
            "wrong-pin": "UserID + the script's wrong strPIN",
            "none": "no credentials",
        }[step.auth]
    )
    parts.append(f"{REQUEST_ID_HEADER} present and unique")
    return "; ".join(parts)


def _section(step: Step) -> str:
    return _SEC["auth"] if step.auth != "none" else _SEC["envelope"]


def _bearer_checks(auth: str | None) -> list[tuple[Verdict, str]]:
    if auth is None:
        return [(Verdict.FAIL, "no Authorization header; the script gives a bearer token")]
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer":
        return [(Verdict.FAIL, f"Authorization scheme {scheme!r}, not Bearer (RFC 6750 §2.1)")]
    if token != TOKEN:
        if token.strip() == TOKEN:
            return [(Verdict.NON_STRICT, "extra white space around the bearer token")]
        return [(Verdict.FAIL, "the bearer token is not the script's")]
    return []


def _default_namespaces(body: bytes) -> bytes:
    """Rewrite a prefixed envelope with default namespaces only (gSOAP SOAP_XML_DEFAULTNS)."""
    root = etree.fromstring(body)
    env_ns = etree.QName(root).namespace
    # lxml takes None as the default namespace's key; its stubs say str only.
    out = etree.Element(f"{{{env_ns}}}Envelope", nsmap={None: env_ns})  # type: ignore[dict-item]
    out_body = etree.SubElement(out, f"{{{env_ns}}}Body")
    payload = root[0][0]
    out_body.append(_copy_default(payload))
    return bytes(etree.tostring(out, xml_declaration=True, encoding="UTF-8"))


def _copy_default(el: etree._Element) -> etree._Element:
    ns = etree.QName(el).namespace
    new = etree.Element(str(el.tag), nsmap={None: ns} if ns else None)  # type: ignore[dict-item]
    for k, v in el.attrib.items():
        new.set(k, v)
    new.text = el.text
    for child in el:
        new.append(_copy_default(child))
    return new


def _indented_with_header(body: bytes) -> bytes:
    root = etree.fromstring(body)
    env_ns = etree.QName(root).namespace
    header = etree.Element(f"{{{env_ns}}}Header")
    trace = etree.SubElement(header, "{urn:example:trace}Trace", nsmap={"t": "urn:example:trace"})
    trace.text = "conformance"
    root.insert(0, header)
    etree.indent(root, space="\t")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


class ClientGrader:
    """The grading simulator over loopback HTTP, with its script; a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.simulator = GradingSimulator()
        self.server = SimulatorServer(self.simulator, host=host, port=port)
        self.started = time.time()

    @property
    def url(self) -> str:
        """The endpoint the client under test calls."""
        return self.server.url

    def script(self) -> dict[str, Any]:
        """The script handed to the client's author (credentials are the kit's own)."""
        return {
            "endpoint": self.url,
            "UserID": USER,
            "strPIN": PIN,
            "bearer_token": TOKEN,
            REQUEST_ID_HEADER: "a unique id per call (the same one on a retry of that call)",
            "steps": [s.to_json() for s in self.simulator.steps],
        }

    def __enter__(self) -> ClientGrader:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.close()

    def wait(self, timeout: float, *, grace: float = 0.0) -> bool:
        """Wait until every required step was called (True) or *timeout* passes (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.simulator.done():
                time.sleep(grace)
                return True
            time.sleep(0.05)
        return False

    def report(self) -> Report:
        """Every request's grade, then each step's: the report of this run."""
        with self.simulator._grade_lock:
            results = list(self.simulator.results) + self.simulator.step_results()
        order = {s.id: i for i, s in enumerate(self.simulator.steps)}
        results.sort(key=lambda r: (order.get(r.case.id.split("/")[1], len(order)),))
        # The script as the report shows it: the kit's credentials masked like any others.
        text = redact_text(json.dumps(self.script()), (PIN, TOKEN, WRONG_PIN))
        script = json.loads(text)
        report = Report("client", self.url, results, started=self.started, extra={"script": script})
        report.duration_s = time.time() - self.started
        return report
