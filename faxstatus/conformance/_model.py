"""Cases, verdicts, results and reports of the conformance kit (plain data, no I/O)."""

from __future__ import annotations

import enum
import hashlib
import time
from collections.abc import Iterable, Mapping, Sequence
from fnmatch import fnmatchcase
from functools import cache
from importlib.resources import files
from typing import Any

import attrs

from ._rules import PROVES, rule_for

__all__ = [
    "DEFAULT_MIN_COVERAGE",
    "Case",
    "Report",
    "Result",
    "Selection",
    "Verdict",
    "Wire",
    "excluded_result",
    "kit_identity",
]

#: The share of cases (percent) a run must grade, by default, to count as a run at all.
DEFAULT_MIN_COVERAGE = 50.0


@cache
def kit_identity() -> dict[str, str]:
    """The kit's version and the SHA-256 of the XSD its expectations come from."""
    from .. import __version__  # noqa: PLC0415 - the package imports this module

    xsd = files("faxstatus.models").joinpath("faxws.xsd").read_bytes()
    return {"kit_version": __version__, "schema_sha256": hashlib.sha256(xsd).hexdigest()}


class Verdict(enum.Enum):
    """How one case went (Autobahn|Testsuite's scale, plus informational)."""

    #: did what the strict reading of the contract says
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    NON_STRICT = "non-strict"  #: accepted, but deviates from the strict reading (detail says how)
    FAIL = "fail"  #: wrong answer, wrong outcome, crash or timeout
    INFO = "informational"  #: recorded, not graded (an unsupported form, an observation)

    @property
    def failed(self) -> bool:
        """True only for FAIL: the one verdict that makes the run exit non-zero."""
        return self is Verdict.FAIL


@attrs.frozen
class Case:
    """One conformance case: what is checked, and the section of the contract or spec behind it.

    ``expect`` is ``"accept"`` (the implementation must produce ``expected``) or ``"reject"``
    (it must end in a clean error). For a reject case ``lenient`` says why accepting is only
    non-strict rather than a failure (None: accepting fails).
    """

    id: str
    title: str
    section: str
    target: str  #: decoder, encoder, client or server
    group: str  #: a family of cases, for the report's filters
    expect: str = "accept"
    content_type: str = ""  #: the Content-Type header value (decoder) or form name (encoder)
    body: bytes = b""  #: what the implementation is given
    expected: Any = None  #: the expected JSON form (decoder) or message (encoder)
    lenient: str | None = None
    canonical: bytes | None = None  #: the byte-exact form our encoder writes (encoder cases)
    #: request, response or fault: what the message is ("" when a must-reject document is none)
    direction: str = ""
    outcomes: str = ""  #: the acceptable outcomes, when the default wording does not fit

    @property
    def rule(self) -> str:
        """The rule this case checks, quoted from its section (see :mod:`._rules`)."""
        return rule_for(self.section)

    @property
    def acceptable(self) -> str:
        """What the implementation may do for this case to pass (or be non-strict)."""
        if self.outcomes:
            return self.outcomes
        if self.target == "decoder":
            if self.expect == "reject":
                tail = f"; accepting is non-strict ({self.lenient})" if self.lenient else ""
                return "reject: exit 1 (batch: status error)" + tail
            return "accept: exit 0 with the expected JSON form on stdout"
        if self.target == "encoder":
            if self.expect == "reject":
                return "refuse: exit 1 (batch: status error)"
            return f"encode: a {self.content_type} body that decodes to the same message"
        return "the contract's answer (see the rule)"


@attrs.frozen
class Wire:
    """One piece of the wire kept for a case: a label, headers and the bytes."""

    label: str
    body: bytes
    headers: Mapping[str, str] = attrs.field(factory=dict)
    status: int | None = None  #: the HTTP status, for a response

    def text(self, limit: int = 65536) -> str:
        """The bytes as text for people (UTF-8 with replacement, cut at *limit* bytes)."""
        data = self.body[:limit]
        # UTF-16 documents are shown decoded rather than as a field of NUL bytes.
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
            text = data.decode("utf-16", "replace")
        else:
            text = data.decode("utf-8", "replace")
        if len(self.body) > limit:
            text += f"\n… ({len(self.body) - limit} more bytes)"
        return text

    def to_json(self) -> dict[str, Any]:
        """JSON form: label, status, headers, the text and the exact bytes in base64."""
        import base64  # noqa: PLC0415 - only the JSON reporter needs it

        return {
            "label": self.label,
            "status": self.status,
            "headers": dict(self.headers),
            "text": self.text(),
            "base64": base64.b64encode(self.body).decode("ascii"),
        }


@attrs.define
class Result:
    """The outcome of one case: verdict, a one-line reason, notes, and the wire kept."""

    case: Case
    verdict: Verdict
    detail: str = ""
    notes: list[str] = attrs.field(factory=list)
    wire: list[Wire] = attrs.field(factory=list)
    duration_ms: float = 0.0
    canonical: bool | None = None  #: encoder: byte-identical to our encoder's output
    expected: str | None = None  #: what was expected, as text (the JSON form, an outcome)
    actual: str | None = None  #: what the implementation did, as text

    @property
    def expected_text(self) -> str:
        """What was expected: the recorded text, else the case's acceptable outcomes."""
        return self.expected if self.expected is not None else self.case.acceptable

    @property
    def actual_text(self) -> str:
        """What happened: the recorded text, else the one-line reason."""
        return self.actual if self.actual is not None else self.detail

    def to_json(self) -> dict[str, Any]:
        """JSON form of the result, its case and its wire."""
        c = self.case
        return {
            "id": c.id,
            "title": c.title,
            "section": c.section,
            "rule": c.rule,
            "acceptable": c.acceptable,
            "group": c.group,
            "direction": c.direction,
            "expect": c.expect,
            "content_type": c.content_type,
            "verdict": self.verdict.value,
            "detail": self.detail,
            "notes": list(self.notes),
            "expected": self.expected_text,
            "actual": self.actual_text,
            "canonical": self.canonical,
            "duration_ms": round(self.duration_ms, 1),
            "wire": [w.to_json() for w in self.wire],
        }


@attrs.frozen
class Selection:
    """Which cases a run sends: ``--case`` patterns, and ``--exclude CASE=REASON``.

    A pattern is an fnmatch pattern or a substring of the case id. An excluded case is not
    sent; the report lists it as informational with the reason given.
    """

    include: Sequence[str] = ()
    exclude: Mapping[str, str] = attrs.field(factory=dict)

    def chosen(self, case_id: str) -> bool:
        """True when *case_id* is selected by ``--case`` (every case without patterns)."""
        return not self.include or any(_matches(case_id, p) for p in self.include)

    def excluded(self, case_id: str) -> str | None:
        """The reason *case_id* is excluded, or None."""
        return next((r for p, r in self.exclude.items() if _matches(case_id, p)), None)

    def apply(self, cases: Iterable[Case]) -> tuple[list[Case], list[Result]]:
        """(cases to send, excluded results) among *cases* (unchosen ones are dropped)."""
        send: list[Case] = []
        skipped: list[Result] = []
        for case in cases:
            if not self.chosen(case.id):
                continue
            reason = self.excluded(case.id)
            if reason is None:
                send.append(case)
            else:
                skipped.append(excluded_result(case, reason))
        return send, skipped


def _matches(case_id: str, pattern: str) -> bool:
    return fnmatchcase(case_id, pattern) or pattern in case_id


def excluded_result(case: Case, reason: str) -> Result:
    """The informational result of a case the user excluded (nothing was sent)."""
    return Result(case, Verdict.INFO, f"excluded: {reason}", actual="not sent (excluded)")


@attrs.define
class Report:
    """Every result of one run against one implementation."""

    target: str
    implementation: str  #: the adapter command line or the URL, secrets removed
    results: list[Result] = attrs.field(factory=list)
    started: float = attrs.field(factory=time.time)
    duration_s: float = 0.0
    extra: dict[str, Any] = attrs.field(factory=dict)  #: e.g. the client script
    strict: bool = False  #: non-strict counts as fail (``--strict``)
    min_coverage: float = DEFAULT_MIN_COVERAGE  #: percent of cases that must be graded
    calibration: list[Result] = attrs.field(factory=list)  #: the adapter's own check
    #: Why the adapter cannot be trusted (a failed calibration): no verdict then counts.
    adapter_error: str | None = None
    timed_out: bool = False  #: the run's ``--timeout`` passed before every case ran
    options: dict[str, Any] = attrs.field(factory=dict)  #: role, numbers, excludes, …

    def failed(self, result: Result) -> bool:
        """True when *result* counts as a failure in this run (non-strict too with strict)."""
        return result.verdict.failed or (self.strict and result.verdict is Verdict.NON_STRICT)

    @property
    def graded(self) -> int:
        """How many cases got a verdict other than informational."""
        return sum(r.verdict is not Verdict.INFO for r in self.results)

    @property
    def coverage(self) -> float:
        """Percent of the cases that were graded (0 when there are none)."""
        return 100.0 * self.graded / len(self.results) if self.results else 0.0

    def problems(self) -> list[str]:
        """Every reason this run does not pass, one sentence each (empty: it passes)."""
        out = []
        if self.adapter_error is not None:
            out.append(f"adapter error: {self.adapter_error}")
        if self.timed_out:
            out.append("the run's --timeout passed before every case ran")
        fails = sum(self.failed(r) for r in self.results)
        if fails:
            word = "fail (non-strict counts as fail with --strict)" if self.strict else "fail"
            out.append(f"{fails} cases {word}")
        if self.adapter_error is None and not self.graded:
            out.append("nothing was graded: every case was informational (unsupported or excluded)")
        elif self.adapter_error is None and self.coverage < self.min_coverage:
            out.append(
                f"coverage {self.coverage:.0f}% ({self.graded} of {len(self.results)} cases "
                f"graded) is below --min-coverage {self.min_coverage:g}%"
            )
        return out

    def add(self, results: Iterable[Result]) -> None:
        """Append *results*."""
        self.results.extend(results)

    def counts(self) -> dict[Verdict, int]:
        """How many results have each verdict (every verdict present, zeros included)."""
        out = dict.fromkeys(Verdict, 0)
        for r in self.results:
            out[r.verdict] += 1
        return out

    @property
    def ok(self) -> bool:
        """True when the run passes: calibrated, no failure, enough graded, not timed out."""
        return not self.problems()

    def summary_line(self) -> str:
        """``conformance decoder: 118 cases, 100 pass, 12 non-strict, 0 fail, 6 informational``."""
        c = self.counts()
        canonical = [r.canonical for r in self.results if r.canonical is not None]
        tail = f", {sum(canonical)}/{len(canonical)} canonical" if canonical else ""
        return (
            f"conformance {self.target}: {len(self.results)} cases, {c[Verdict.PASS]} pass, "
            f"{c[Verdict.NON_STRICT]} non-strict, {c[Verdict.FAIL]} fail, "
            f"{c[Verdict.INFO]} informational{tail}"
        )

    def to_json(self) -> dict[str, Any]:
        """The whole report as JSON data (what ``--json`` writes)."""
        return {
            "tool": "faxstatus conformance",
            **kit_identity(),
            "target": self.target,
            "implementation": self.implementation,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
            "duration_s": round(self.duration_s, 2),
            "summary": {v.value: n for v, n in self.counts().items()},
            "summary_line": self.summary_line(),
            "ok": self.ok,
            "problems": self.problems(),
            "strict": self.strict,
            "coverage_percent": round(self.coverage, 1),
            "min_coverage_percent": self.min_coverage,
            "adapter_error": self.adapter_error,
            "timed_out": self.timed_out,
            "options": self.options,
            "proves": PROVES,
            "extra": self.extra,
            "calibration": [r.to_json() for r in self.calibration],
            "results": [r.to_json() for r in self.results],
        }
