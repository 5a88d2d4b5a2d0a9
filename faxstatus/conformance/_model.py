"""Cases, verdicts, results and reports of the conformance kit (plain data, no I/O)."""

from __future__ import annotations

import enum
import time
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = ["Case", "Report", "Result", "Verdict", "Wire"]


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

    def to_json(self) -> dict[str, Any]:
        """JSON form of the result, its case and its wire."""
        c = self.case
        return {
            "id": c.id,
            "title": c.title,
            "section": c.section,
            "group": c.group,
            "expect": c.expect,
            "content_type": c.content_type,
            "verdict": self.verdict.value,
            "detail": self.detail,
            "notes": list(self.notes),
            "canonical": self.canonical,
            "duration_ms": round(self.duration_ms, 1),
            "wire": [w.to_json() for w in self.wire],
        }


@attrs.define
class Report:
    """Every result of one run against one implementation."""

    target: str
    implementation: str  #: the adapter command line or the URL, secrets removed
    results: list[Result] = attrs.field(factory=list)
    started: float = attrs.field(factory=time.time)
    duration_s: float = 0.0
    extra: dict[str, Any] = attrs.field(factory=dict)  #: e.g. the client script

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
        """True when no case failed (the exit status is 0 exactly then)."""
        return not any(r.verdict.failed for r in self.results)

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
            "target": self.target,
            "implementation": self.implementation,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
            "duration_s": round(self.duration_s, 2),
            "summary": {v.value: n for v, n in self.counts().items()},
            "summary_line": self.summary_line(),
            "ok": self.ok,
            "extra": self.extra,
            "results": [r.to_json() for r in self.results],
        }
