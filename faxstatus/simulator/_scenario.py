"""Simulator scenarios: jobs and request-matching rules read from a TOML or JSON file.

A scenario scripts the simulator's answers by request content, as Fiddler's AutoResponder
or a SoapUI mock's dispatch do: ``[[job]]`` tables give the jobs, ``[[rule]]`` tables say
what to answer when a request matches (job id, ``JRI-`` reference, operation, content type,
credential kind, a window of simulator time). A rule either sets the ``timeline`` of a job
(its status at each simulator second) or decides the whole answer: a ``wserror``, a SOAP
``fault``, an ``http`` status, a ``throttle`` (429 or 503 with Retry-After), each with an
optional ``delay``. Times are simulator seconds (the job clock: 0 is the epoch), never the
wall clock. The built-in demo jobs are the default scenario, ``scenarios/demo.toml``.

Which rule decided is said in every answer: the :data:`~faxstatus._http.RULE_HEADER`
header and the access log. ``SCENARIO_FORMAT`` in this module is the file format's
reference (also in ``faxstatus serve --help``).
"""

from __future__ import annotations

import functools
import http
import json
import math
import re
import threading
import tomllib
from collections.abc import Iterable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._contract import STATUS_FAILED, STATUS_IN_PROGRESS, STATUS_SUCCEEDED
from .._http import RULE_HEADER
from ..codec import _api as _codec
from ..codec._api import ContentType, XmlStyle
from ..codec._faults import Fault
from ..codec._operations import JRI_PREFIX, OPERATIONS, Operation
from ..codec._plan import plan_for
from ._service import SimJob, SimReply, _version_of
from ._service import _first_text as first_text

if TYPE_CHECKING:
    from ..codec._api import Message
    from ._service import Simulator

__all__ = [
    "CREDENTIALS",
    "DEFAULT_SCENARIO",
    "Decision",
    "Facts",
    "Rule",
    "Scenario",
    "ScenarioError",
    "Step",
    "Timeline",
    "default_scenario",
    "load_scenario",
    "parse_scenario",
    "request_facts",
]

#: The packaged default scenario: the demo jobs (``faxstatus serve`` without ``--scenario``).
DEFAULT_SCENARIO = "demo.toml"

#: The credential kinds a rule can match: ``pin`` (strPIN, no Authorization), ``token`` (a
#: bearer token the simulator was configured with), ``oauth`` (a bearer token its token
#: endpoint issued, live or expired), ``none`` (neither).
CREDENTIALS = ("pin", "token", "oauth", "none")

_STATUS_NAMES = {
    "in_progress": STATUS_IN_PROGRESS,
    "succeeded": STATUS_SUCCEEDED,
    "failed": STATUS_FAILED,
}
# The simulator's RecipientState for each status (SIMULATOR_CHOICES): 1 queued, 2 sending,
# 4 delivered, 5 failed.
_DEFAULTS = {
    STATUS_SUCCEEDED: ("Success", 4),
    STATUS_FAILED: ("Failed", 5),
}
_THROTTLE_STATUSES = (429, 503)
#: The longest delay a rule may ask for, in seconds: a client's patience, not a hang.
MAX_DELAY = 600.0
# Rule names go into an HTTP header and the access log: a token, never free text.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")

_JOB_KEYS = {
    "id": "the FaxJobId (required)",
    "pages": "pages in the fax (default 1)",
    "submitted": "simulator second it was submitted (default 0; negative: before the epoch)",
    "reference": "its ReferenceId (a JRI-<reference> lookup finds the latest such job)",
    "fax_number": "its FaxNumber",
    "queue_seconds": "seconds queued before sending starts (default 5)",
    "seconds_per_page": "seconds to send one page (default 4)",
    "fail_after_pages": "fails once this many pages are sent (default: never)",
    "csid": "RemoteFaxCSID once delivered",
    "attempts": "FaxDeliveryAttempts (default 1)",
}
_MATCH_KEYS = {
    "job": "a requested job id, or the id a JRI- lookup resolves to (one or a list)",
    "reference": "a requested JRI-<reference>, or the ReferenceId of a job asked for",
    "operation": "the operation, e.g. GetRealTimeFaxStatusEx (one or a list)",
    "content_type": "soap12, soap11, xml or json (one or a list)",
    "credential": "pin, token, oauth or none (one or a list)",
    "after": "only from this simulator second on",
    "before": "only before this simulator second",
}
_EFFECT_KEYS = {
    "timeline": "the job's states: [{at, status, description, pages_sent, recipient_state}]",
    "wserror": "answer return=false with {code, text}",
    "fault": "a SOAP fault {code = Sender|Receiver, reason}",
    "http": "an HTTP status {status, body, content_type} instead of an answer",
    "throttle": "{status = 429|503, retry_after = seconds}",
}
_RULE_KEYS = {
    "name": "the rule's name, said in the answer (required, unique)",
    **_MATCH_KEYS,
    **_EFFECT_KEYS,
    "delay": "seconds to wait before answering (alone or with another effect)",
    "times": "take effect for the first N matching requests only",
}
_STEP_KEYS = {
    "at": "simulator second the state starts (required, increasing)",
    "status": "in_progress, succeeded, failed, or a FaxJobStatusId (required)",
    "description": "StatusDescription",
    "pages_sent": "RecipientCurrentPageCount",
    "recipient_state": "RecipientState",
}


def _reference(title: str, keys: Mapping[str, str]) -> str:
    return f"{title}\n" + "\n".join(f"  {k:<17} {v}" for k, v in keys.items())


#: The file format, key by key (``faxstatus serve --help`` prints it).
SCENARIO_FORMAT = "\n".join(
    (
        _reference("[[job]] keys:", _JOB_KEYS),
        _reference("[[rule]] keys (every condition given must hold):", _RULE_KEYS),
        _reference("timeline steps:", _STEP_KEYS),
    )
)


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file, table, key and line."""


@attrs.frozen
class Step:
    """One state of a timeline, from simulator second ``at`` until the next step."""

    at: float
    status: int
    description: str
    pages_sent: int | None
    recipient_state: int


@attrs.frozen
class Timeline:
    """A job's states over simulator time (a rule's ``timeline``)."""

    steps: tuple[Step, ...]

    def state(self, job: SimJob, now: float) -> dict[str, Any]:
        """The job's fields at *now*, shaped as :meth:`SimJob.state` gives them.

        Before the first step the job is queued; a final step (succeeded, failed) sets the
        delivery time to its ``at``.
        """
        current = None
        for step in self.steps:
            if step.at <= now:
                current = step
        if current is None:
            return {
                "status": STATUS_IN_PROGRESS,
                "desc": "Queued",
                "rstate": 1,
                "sent": 0,
                "done_at": None,
            }
        final = current.status in (STATUS_SUCCEEDED, STATUS_FAILED)
        sent = current.pages_sent
        if sent is None:
            sent = job.pages if current.status == STATUS_SUCCEEDED else 0
        return {
            "status": current.status,
            "desc": current.description,
            "rstate": current.recipient_state,
            "sent": sent,
            "done_at": max(current.at, job.submitted + job.queue_seconds) if final else None,
        }


@attrs.frozen
class Facts:
    """What a rule can match in one request."""

    operation: str
    content_type: str
    credential: str
    job_ids: frozenset[str]  #: the ids asked for, and the ids JRI- lookups resolve to
    references: frozenset[str]  #: JRI- references asked for, and those of the jobs asked for


@attrs.define(eq=False)
class Rule:
    """One ``[[rule]]``: conditions on a request, and what to answer when they all hold."""

    name: str
    jobs: frozenset[str] = frozenset()
    references: frozenset[str] = frozenset()
    operations: frozenset[str] = frozenset()
    content_types: frozenset[str] = frozenset()
    credentials: frozenset[str] = frozenset()
    after: float | None = None
    before: float | None = None
    timeline: Timeline | None = None
    wserror: tuple[int, str] | None = None
    fault: tuple[str, str] | None = None
    http: tuple[int, bytes, str] | None = None
    throttle: tuple[int, int | None] | None = None
    delay: float = 0.0
    times: int | None = None
    used: int = 0  #: requests it took effect for (``times`` counts these)

    @property
    def delay_only(self) -> bool:
        """True for a rule that only delays the normal answer."""
        effects = (self.timeline, self.wserror, self.fault, self.http, self.throttle)
        return all(e is None for e in effects)

    def matches(self, facts: Facts, now: float) -> bool:
        """True when every condition the rule gives holds for *facts* at simulator *now*."""
        if self.after is not None and now < self.after:
            return False
        if self.before is not None and now >= self.before:
            return False
        return (
            (not self.jobs or bool(self.jobs & facts.job_ids))
            and (not self.references or bool(self.references & facts.references))
            and (not self.operations or facts.operation in self.operations)
            and (not self.content_types or facts.content_type in self.content_types)
            and (not self.credentials or facts.credential in self.credentials)
        )

    def describe(self) -> str:
        """What the rule answers, in a few words (the dry run prints it)."""
        parts = []
        if self.timeline is not None:
            parts.append(f"timeline of {next(iter(self.jobs))} ({len(self.timeline.steps)} steps)")
        if self.wserror is not None:
            parts.append(f"WSError {self.wserror[0]} {self.wserror[1]!r}")
        if self.fault is not None:
            parts.append(f"SOAP {self.fault[0]} fault {self.fault[1]!r}")
        if self.http is not None:
            parts.append(f"HTTP {self.http[0]}")
        if self.throttle is not None:
            status, after = self.throttle
            parts.append(
                f"throttle HTTP {status}" + ("" if after is None else f", Retry-After {after}")
            )
        if self.delay:
            parts.append(f"after {self.delay:g} s")
        return ", ".join(parts)


@attrs.frozen
class Decision:
    """What the rules decided for one request: the answer rule, the job timelines, the names."""

    rule: Rule | None  #: the first matching rule that decides the answer (not a timeline)
    timelines: Mapping[str, Timeline]  #: job id -> the timeline its first matching rule sets
    names: tuple[str, ...]  #: every rule that took effect, in file order
    now: float = 0.0  #: the simulator second it was decided at (the request's one reading)

    @property
    def header(self) -> str:
        """The value of the rule header: the rules' names, or ``-`` when none matched."""
        return ", ".join(self.names) or "-"


class Scenario:
    """Jobs and rules from one scenario file; :meth:`decide` is thread-safe.

    A rule's ``times`` counts the requests of every simulator given this scenario: load the
    file once per simulator for counts of its own.
    """

    def __init__(self, jobs: Iterable[Mapping[str, Any]], rules: Iterable[Rule], name: str) -> None:
        self._jobs = tuple(dict(j) for j in jobs)
        self.rules = tuple(rules)
        self.name = name
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<Scenario {self.name}: {len(self._jobs)} jobs, {len(self.rules)} rules>"

    def summary(self) -> str:
        """``1 job, 2 rules (busy, story)``: what ``faxstatus serve`` says it loaded."""
        names = f" ({', '.join(r.name for r in self.rules)})" if self.rules else ""
        jobs, rules = len(self.sim_jobs()), len(self.rules)
        return f"{jobs} job{'s' * (jobs != 1)}, {rules} rule{'s' * (rules != 1)}{names}"

    def sim_jobs(self) -> list[SimJob]:
        """Fresh jobs (a simulator changes them: CancelFax), one per ``[[job]]``.

        A job that only a timeline rule names is added too: its pages are the most any
        step sends (at least 1), submitted at its first step.
        """
        jobs = [SimJob(**j) for j in self._jobs]
        known = {j.job_id for j in jobs}
        for rule in self.rules:
            if rule.timeline is None:
                continue
            (job_id,) = rule.jobs
            if job_id not in known:
                steps = rule.timeline.steps
                pages = max([s.pages_sent or 0 for s in steps] + [1])
                jobs.append(SimJob(job_id, pages, steps[0].at, queue_seconds=0.0))
                known.add(job_id)
        return jobs

    def decide_request(
        self, sim: Simulator, msg: Message, headers: Mapping[str, str], now: float
    ) -> Decision:
        """The rules that take effect for the decoded request *msg* that *sim* received."""
        return self.decide(request_facts(sim, msg, headers), now)

    def reply(
        self, sim: Simulator, decision: Decision, msg: Message, body: bytes, started: float
    ) -> SimReply | None:
        """The answer a fault, HTTP status or throttle rule gives instead of the service's.

        None when the service answers (no rule, a delay, a timeline, a WSError).
        """
        rule = decision.rule
        if rule is None or rule.delay_only or rule.wserror is not None:
            return None
        if rule.fault is not None:
            # As an injected fault: the request's SOAP version, JSON for a JSON request.
            code, reason = rule.fault
            make = Fault.sender if code == "Sender" else Fault.receiver
            fault = make(reason, _version_of(msg.content_type))
            as_json = ContentType.JSON if msg.content_type is ContentType.JSON else None
            enc = _codec.encode_fault(fault, as_json, style=XmlStyle.GSOAP)
            reply = sim._reply(fault.http_status, enc.headers["Content-Type"], enc.body, started)
        elif rule.http is not None:
            status, text, media = rule.http
            reply = sim._reply(status, media, text, started)
        else:
            assert rule.throttle is not None
            status, after = rule.throttle
            extra = {} if after is None else {"Retry-After": str(after)}
            phrase = http.HTTPStatus(status).phrase
            text = f"{phrase} (scenario rule {rule.name})\n".encode()
            reply = sim._reply(status, "text/plain; charset=utf-8", text, started, extra)
        return self.said(attrs.evolve(reply, operation=msg.operation.name), decision)

    def unmatched(self, reply: SimReply) -> SimReply:
        """*reply* saying that no rule matched (a request that does not decode)."""
        return self.said(reply, Decision(None, {}, ()))

    def said(self, reply: SimReply, decision: Decision) -> SimReply:
        """*reply* naming the rules that decided it, and waiting as long as its rule says."""
        headers = {**reply.headers, RULE_HEADER: decision.header}
        delay = 0.0 if decision.rule is None else decision.rule.delay
        return attrs.evolve(reply, headers=headers, rule=decision.header, delay=reply.delay + delay)

    def decide(self, facts: Facts, now: float) -> Decision:
        """The rules that take effect for a request with *facts* at simulator second *now*."""
        answer: Rule | None = None
        timelines: dict[str, Timeline] = {}
        taken: list[Rule] = []
        with self._lock:
            for rule in self.rules:
                if not rule.matches(facts, now):
                    continue
                if rule.timeline is not None:
                    (job_id,) = rule.jobs
                    if job_id not in timelines:
                        timelines[job_id] = rule.timeline
                        taken.append(rule)
                elif answer is None and (rule.times is None or rule.used < rule.times):
                    answer = rule
                    rule.used += 1
                    taken.append(rule)
        if answer is not None and not answer.delay_only:
            # An answer without job items (a refusal, a fault, an HTTP status): no timeline
            # shows in it, so none is said to have matched.
            taken = [answer]
            timelines = {}
        names = tuple(r.name for r in self.rules if r in taken)
        return Decision(answer, timelines, names, now)


def request_facts(sim: Simulator, msg: Message, headers: Mapping[str, str]) -> Facts:
    """The facts of a decoded request *msg* that the simulator *sim* received."""
    op: Operation[Any, Any] = msg.operation
    payload = msg.payload
    asked: list[str] = []
    if op.ids_attr is not None and op.has_status_list:
        refs = getattr(getattr(payload, op.ids_attr), op.ids_items_attr or "")
        asked = [getattr(r, op.ids_item_attr or "") for r in refs if r is not None]
    elif op.ids_attr is not None and op.is_single_status:
        asked = [getattr(payload, op.ids_attr)]
    else:
        found = first_text(plan_for(op.request), payload, ("JobId", "FaxJobId"))
        asked = [] if found is None else [found]
    ids = {a for a in asked if isinstance(a, str)}
    references = {a[len(JRI_PREFIX) :] for a in ids if a.startswith(JRI_PREFIX)}
    sent = first_text(plan_for(op.request), payload, ("ReferenceId",))
    if sent:
        references.add(sent)
    for a in list(ids):
        job = sim._find(a)
        if job is not None:
            ids.add(job.job_id)
            if job.reference_id:
                references.add(job.reference_id)
    return Facts(
        operation=op.name,
        content_type=msg.content_type.value,
        credential=_credential(sim, op, payload, headers),
        job_ids=frozenset(ids),
        references=frozenset(references),
    )


def _credential(
    sim: Simulator, op: Operation[Any, Any], payload: Any, headers: Mapping[str, str]
) -> str:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "token" if sim.oauth.check(token.strip()) is None else "oauth"
    pin = getattr(payload, op.pin_attr, None) if op.pin_attr else None
    return "pin" if pin else "none"


# -- reading a scenario file --------------------------------------------------------------


def default_scenario() -> Scenario:
    """The packaged default scenario: the demo jobs, no rules."""
    return _parse_cached(_default_text(), f"faxstatus/simulator/scenarios/{DEFAULT_SCENARIO}")


@functools.cache
def _default_text() -> str:
    return files("faxstatus.simulator").joinpath("scenarios", DEFAULT_SCENARIO).read_text("utf-8")


@functools.cache
def _parse_cached(text: str, name: str) -> Scenario:
    return parse_scenario(text, name)


def load_scenario(path: str | Path) -> Scenario:
    """The scenario in the file *path*: JSON when it ends in ``.json``, TOML otherwise."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ScenarioError(f"{path}: cannot read the scenario: {reason}") from None
    return parse_scenario(text, str(path), json_format=p.suffix.lower() == ".json")


def parse_scenario(text: str, name: str = "scenario", *, json_format: bool = False) -> Scenario:
    """The scenario in *text* (TOML, or JSON with *json_format*); *name* is said in errors."""
    try:
        doc = json.loads(text) if json_format else tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            f"{name}: not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{name}: not TOML: {exc}") from None
    reader = _Reader(name, text if not json_format else "")
    if not isinstance(doc, dict):
        raise ScenarioError(f"{name}: the scenario must be a table (object) of job and rule")
    reader.keys(doc, {"title": "", "job": "", "rule": ""}, f"{name}: the scenario")
    _text(doc, "title", f"{name}: the scenario")
    jobs = [reader.job(j, i) for i, j in enumerate(reader.tables(doc, "job"), 1)]
    ids = [j["job_id"] for j in jobs]
    for i, job_id in enumerate(ids):
        if job_id in ids[:i]:
            raise ScenarioError(f"{reader.where('job', i + 1)}: job id {job_id!r} is given twice")
    rules = [reader.rule(r, i) for i, r in enumerate(reader.tables(doc, "rule"), 1)]
    names = [r.name for r in rules]
    for i, rule_name in enumerate(names):
        if rule_name in names[:i]:
            raise ScenarioError(
                f"{reader.where('rule', i + 1, rule_name)}: the name is given twice"
            )
    return Scenario(jobs, rules, name)


class _Reader:
    """Checks one document's tables, naming file, table, key and (TOML) line in errors."""

    def __init__(self, name: str, toml_text: str) -> None:
        self.name = name
        # tomllib gives no positions for valid documents: the Nth [[job]] / [[rule]] header
        # line is where that table starts.
        self.lines: dict[str, list[int]] = {"job": [], "rule": []}
        for n, line in enumerate(toml_text.splitlines(), 1):
            m = re.match(r"\s*\[\[\s*(job|rule)\s*\]\]", line)
            if m:
                self.lines[m.group(1)].append(n)

    def where(self, kind: str, index: int, rule_name: str | None = None) -> str:
        starts = self.lines[kind]
        line = f", line {starts[index - 1]}" if index <= len(starts) else ""
        named = f" {rule_name!r}" if rule_name else ""
        return f"{self.name}: {kind} {index}{named}{line}"

    def tables(self, doc: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
        value = doc.get(kind, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            raise ScenarioError(f"{self.name}: {kind!r} must be a list of tables ([[{kind}]])")
        return value

    def keys(self, table: Mapping[str, Any], allowed: Mapping[str, str], where: str) -> None:
        for key in table:
            if key not in allowed:
                raise ScenarioError(
                    f"{where}: unknown key {key!r}; the keys are {', '.join(allowed)}"
                )

    def job(self, table: Mapping[str, Any], index: int) -> dict[str, Any]:
        where = self.where("job", index)
        self.keys(table, _JOB_KEYS, where)
        out: dict[str, Any] = {"job_id": _text(table, "id", where, required=True)}
        out["pages"] = _int(table, "pages", where, low=1, default=1)
        out["submitted"] = _number(table, "submitted", where, default=0.0)
        for key, attr in (
            ("reference", "reference_id"),
            ("fax_number", "fax_number"),
            ("csid", "csid"),
        ):
            if key in table:
                out[attr] = _text(table, key, where)
        for key in ("queue_seconds", "seconds_per_page"):
            if key in table:
                out[key] = _number(table, key, where, low=0.0, strict=key == "seconds_per_page")
        if "fail_after_pages" in table:
            out["fail_after_pages"] = _int(table, "fail_after_pages", where, low=0)
        if "attempts" in table:
            out["attempts"] = _int(table, "attempts", where, low=0)
        return out

    def rule(self, table: Mapping[str, Any], index: int) -> Rule:
        where = self.where("rule", index)
        name = table.get("name")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ScenarioError(
                f"{where}: key 'name' must be 1 to 64 letters, digits and . _ : - "
                f"(it goes into an HTTP header), not {name!r}"
            )
        where = self.where("rule", index, name)
        self.keys(table, _RULE_KEYS, where)
        ops = _names(table, "operation", where, OPERATIONS)
        kinds = _names(table, "content_type", where, [c.value for c in ContentType])
        creds = _names(table, "credential", where, CREDENTIALS)
        after = _number(table, "after", where) if "after" in table else None
        before = _number(table, "before", where) if "before" in table else None
        if after is not None and before is not None and not after < before:
            raise ScenarioError(
                f"{where}: key 'after' ({after:g}) must be less than 'before' ({before:g})"
            )
        effects = [k for k in _EFFECT_KEYS if k in table]
        if len(effects) > 1:
            raise ScenarioError(f"{where}: one effect per rule, not {' and '.join(effects)}")
        if not effects and "delay" not in table:
            raise ScenarioError(
                f"{where}: no effect; give one of {', '.join(_EFFECT_KEYS)} or delay"
            )
        rule = Rule(
            name,
            jobs=_names(table, "job", where),
            references=_names(table, "reference", where),
            operations=ops,
            content_types=kinds,
            credentials=creds,
            after=after,
            before=before,
            delay=_number(table, "delay", where, low=0.0, high=MAX_DELAY, default=0.0),
            times=_int(table, "times", where, low=1) if "times" in table else None,
        )
        if "timeline" in table:
            if len(rule.jobs) != 1:
                raise ScenarioError(
                    f"{where}: key 'timeline' needs key 'job' naming exactly one job"
                )
            if "delay" in table or "times" in table:
                raise ScenarioError(f"{where}: key 'timeline' takes no 'delay' or 'times'")
            rule.timeline = self.timeline(table["timeline"], where)
        elif "wserror" in table:
            t = _table(table, "wserror", where, {"code": "", "text": ""})
            rule.wserror = (
                _int(t, "code", f"{where}: wserror", required=True),
                _text(t, "text", f"{where}: wserror", default=""),
            )
        elif "fault" in table:
            t = _table(table, "fault", where, {"code": "", "reason": ""})
            code = _text(t, "code", f"{where}: fault", default="Receiver")
            if code not in ("Sender", "Receiver"):
                raise ScenarioError(
                    f"{where}: fault key 'code' must be Sender or Receiver, not {code!r}"
                )
            rule.fault = (code, _text(t, "reason", f"{where}: fault", default="scenario fault"))
        elif "http" in table:
            t = _table(table, "http", where, {"status": "", "body": "", "content_type": ""})
            status = _int(t, "status", f"{where}: http", low=200, high=599, required=True)
            body = _text(t, "body", f"{where}: http", default="").encode()
            rule.http = (
                status,
                body,
                _text(t, "content_type", f"{where}: http", default="text/plain"),
            )
        elif "throttle" in table:
            t = _table(table, "throttle", where, {"status": "", "retry_after": ""})
            status = _int(t, "status", f"{where}: throttle", default=429)
            if status not in _THROTTLE_STATUSES:
                raise ScenarioError(
                    f"{where}: throttle key 'status' must be 429 or 503, not {status}"
                )
            after_s = (
                _int(t, "retry_after", f"{where}: throttle", low=0) if "retry_after" in t else None
            )
            rule.throttle = (status, after_s)
        return rule

    def timeline(self, value: Any, where: str) -> Timeline:
        if not isinstance(value, list) or not value or not all(isinstance(s, dict) for s in value):
            raise ScenarioError(f"{where}: key 'timeline' must be a non-empty list of tables")
        steps: list[Step] = []
        for n, s in enumerate(value, 1):
            here = f"{where}: timeline step {n}"
            self.keys(s, _STEP_KEYS, here)
            at = _number(s, "at", here, required=True)
            if steps and not at > steps[-1].at:
                raise ScenarioError(
                    f"{here}: key 'at' ({at:g}) must be after step {n - 1}'s ({steps[-1].at:g})"
                )
            raw = s.get("status")
            if isinstance(raw, str) and raw in _STATUS_NAMES:
                status = _STATUS_NAMES[raw]
            elif isinstance(raw, int) and not isinstance(raw, bool):
                status = raw
            else:
                raise ScenarioError(
                    f"{here}: key 'status' must be {', '.join(_STATUS_NAMES)} or a number, "
                    f"not {raw!r}"
                )
            sent = _int(s, "pages_sent", here, low=0) if "pages_sent" in s else None
            desc, rstate = _DEFAULTS.get(
                status, ("Sending" if sent else "Queued", 2 if sent else 1)
            )
            steps.append(
                Step(
                    at,
                    status,
                    _text(s, "description", here, default=desc),
                    sent,
                    _int(s, "recipient_state", here, default=rstate),
                )
            )
        return Timeline(tuple(steps))


def _table(
    table: Mapping[str, Any], key: str, where: str, allowed: Mapping[str, str]
) -> Mapping[str, Any]:
    value = table[key]
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: key {key!r} must be a table, not {value!r}")
    for k in value:
        if k not in allowed:
            raise ScenarioError(
                f"{where}: {key} key {k!r} is unknown; the keys are {', '.join(allowed)}"
            )
    return value


def _text(
    table: Mapping[str, Any], key: str, where: str, *, required: bool = False, default: str = ""
) -> str:
    if key not in table:
        if required:
            raise ScenarioError(f"{where}: key {key!r} is required")
        return default
    value = table[key]
    if not isinstance(value, str):
        raise ScenarioError(f"{where}: key {key!r} must be a string, not {value!r}")
    return value


def _number(
    table: Mapping[str, Any],
    key: str,
    where: str,
    *,
    low: float | None = None,
    high: float | None = None,
    strict: bool = False,
    required: bool = False,
    default: float = 0.0,
) -> float:
    if key not in table:
        if required:
            raise ScenarioError(f"{where}: key {key!r} is required")
        return default
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"{where}: key {key!r} must be a number, not {value!r}")
    if not math.isfinite(value):
        raise ScenarioError(f"{where}: key {key!r} must be a finite number, not {value!r}")
    if low is not None and (value < low or (strict and value == low)):
        raise ScenarioError(
            f"{where}: key {key!r} must be {'over' if strict else 'at least'} {low:g}, "
            f"not {value!r}"
        )
    if high is not None and value > high:
        raise ScenarioError(f"{where}: key {key!r} must be at most {high:g}, not {value!r}")
    return float(value)


def _int(
    table: Mapping[str, Any],
    key: str,
    where: str,
    *,
    low: int | None = None,
    high: int | None = None,
    required: bool = False,
    default: int = 0,
) -> int:
    if key not in table:
        if required:
            raise ScenarioError(f"{where}: key {key!r} is required")
        return default
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(f"{where}: key {key!r} must be a whole number, not {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{'' if low is None else low}..{'' if high is None else high}"
        raise ScenarioError(f"{where}: key {key!r} must be in {bounds}, not {value}")
    return value


def _names(
    table: Mapping[str, Any], key: str, where: str, choices: Iterable[str] | None = None
) -> frozenset[str]:
    if key not in table:
        return frozenset()
    value = table[key]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) and v for v in items):
        raise ScenarioError(
            f"{where}: key {key!r} must be a string or a list of strings, not {value!r}"
        )
    if choices is not None:
        known = list(choices)
        for v in items:
            if v not in known:
                raise ScenarioError(
                    f"{where}: key {key!r}: unknown {v!r}; one of {', '.join(known)}"
                )
    return frozenset(items)
