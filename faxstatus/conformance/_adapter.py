"""Running another binding's adapter command, and grading what it answers (decoder, encoder).

The adapter protocol (docs/conformance.md has the full text):

* one process per case: ``CMD… decode CONTENT-TYPE`` with the message on stdin prints the JSON
  form on stdout; ``CMD… encode FORM`` with the JSON form on stdin prints the wire body. Exit
  status 0 accepted, 1 rejected (a clean error, one line on stderr), 3 unsupported; anything
  else, or no answer within the timeout, is a crash. ``FAXWS_MODE``, ``FAXWS_CONTENT_TYPE``
  and ``FAXWS_CASE`` carry the same facts in the environment, and ``FAXWS_INPUT`` names a
  file holding the same bytes as stdin.
* batch (``--batch``): ``CMD… batch`` stays up and answers one JSON line per request line:
  request ``{"id", "mode", "content_type", "body"}`` (body in base64); answer ``{"id",
  "status": "ok"|"error"|"unsupported", "result"}`` for decode (the JSON form) or ``{"id",
  "status", "output"}`` for encode (base64), plus ``"message"`` for error/unsupported.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from .._boundary import DEFAULT_MAX_BYTES, Deadline, read_bounded, readline_bounded
from .._errors import CodecError, LimitError
from ..codec import _api as codec
from ..codec._api import ContentType, DecodeOptions, Message
from ..codec._operations import OPERATIONS, Direction
from ._catalogue import expected_json, media_type
from ._model import Case, Report, Result, Verdict, Wire

__all__ = [
    "ROLES",
    "Adapter",
    "AdapterAnswer",
    "calibration_cases",
    "for_role",
    "grade_decoder",
    "grade_encoder",
    "numbers_to_strings",
    "run_adapter",
]

#: Exit statuses of the per-case protocol.
EXIT_OK, EXIT_REJECTED, EXIT_UNSUPPORTED = 0, 1, 3


@attrs.frozen
class AdapterAnswer:
    """What the adapter said about one case."""

    status: str  #: ok, error, unsupported or crash
    output: bytes = b""  #: stdout (per case) or the decoded/encoded output (batch)
    message: str = ""  #: the rejection or crash reason (stderr's last line, or the batch message)
    stderr: bytes = b""
    exit_code: int | None = None


def _last_line(data: bytes) -> str:
    lines = [x for x in data.decode("utf-8", "replace").splitlines() if x.strip()]
    return lines[-1].strip()[:300] if lines else ""


class Adapter:
    """An adapter command, run once per case or kept up in batch mode; a context manager.

    Its output passes through the guarded boundary: stdout and stderr are read with a cap
    (:func:`~faxstatus._boundary.read_bounded`, one batch line with
    :func:`~faxstatus._boundary.readline_bounded`), and each case has a
    :class:`~faxstatus._boundary.Deadline` of *timeout* seconds, cut to the whole run's
    *deadline*. *numbers_as_strings* tells the adapter (``FAXWS_NUMBERS=strings``) that
    integers may travel as JSON strings both ways, for languages whose JSON numbers are
    doubles (±2^63 does not fit).
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        batch: bool = False,
        timeout: float = 30.0,
        deadline: Deadline | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        numbers_as_strings: bool = False,
    ) -> None:
        if not argv:
            raise ValueError("the adapter command is empty")
        self.argv = list(argv)
        self.batch = batch
        self.timeout = timeout
        self.deadline = deadline or Deadline(None)
        self.max_bytes = max_bytes
        self.numbers_as_strings = numbers_as_strings
        self._proc: subprocess.Popen[bytes] | None = None
        self._lines: queue.Queue[bytes | LimitError | None] = queue.Queue()
        self._stderr = bytearray()
        self._readers: list[threading.Thread] = []
        self._input_dir: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> Adapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _env(self, mode: str, content_type: str, case_id: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(FAXWS_MODE=mode, FAXWS_CONTENT_TYPE=content_type, FAXWS_CASE=case_id)
        if self.numbers_as_strings:
            env["FAXWS_NUMBERS"] = "strings"
        return env

    def _case_seconds(self) -> float:
        """Seconds for one case: *timeout*, cut to what the run has left."""
        left = self.deadline.left()
        return self.timeout if left is None else min(self.timeout, left)

    def ask(self, mode: str, content_type: str, body: bytes, case_id: str) -> AdapterAnswer:
        """Give the adapter one message; return its answer (never raises for adapter faults)."""
        if self.batch:
            return self._ask_batch(mode, content_type, body, case_id)
        env = self._env(mode, content_type, case_id)
        # The same bytes as a file too, for adapters that would rather open a path.
        if self._input_dir is None:
            self._input_dir = tempfile.TemporaryDirectory(prefix="faxstatus-conformance-")
        path = Path(self._input_dir.name) / "input"
        path.write_bytes(body)
        env["FAXWS_INPUT"] = str(path)
        return self._run_once([*self.argv, mode, content_type], body, env)

    def _run_once(self, argv: list[str], body: bytes, env: dict[str, str]) -> AdapterAnswer:
        seconds = self._case_seconds()
        deadline = Deadline(seconds)
        try:
            proc = subprocess.Popen(  # noqa: S603 - the user's own adapter command, no shell
                argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
            )
        except OSError as exc:
            return AdapterAnswer("crash", message=f"cannot run the adapter: {exc.strerror}")
        read: dict[str, bytes] = {}
        over: list[LimitError] = []

        def collect(name: str, stream: IO[bytes]) -> None:
            try:
                read[name] = read_bounded(stream, self.max_bytes, f"adapter {name}")
            except LimitError as exc:
                over.append(exc)
                proc.kill()  # no more of it is read, so no more may be written
            except (OSError, ValueError):
                read[name] = b""

        def feed(stream: IO[bytes]) -> None:
            with contextlib.suppress(OSError, ValueError):
                stream.write(body)
            with contextlib.suppress(OSError, ValueError):
                stream.close()

        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        threads = [
            threading.Thread(target=feed, args=(proc.stdin,), daemon=True),
            threading.Thread(target=collect, args=("stdout", proc.stdout), daemon=True),
            threading.Thread(target=collect, args=("stderr", proc.stderr), daemon=True),
        ]
        for t in threads:
            t.start()
        timed_out = False
        try:
            proc.wait(timeout=deadline.left())
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.kill()
            proc.wait()
        for t in threads:
            # A grandchild holding the pipes open must not hold the kit: the pipes close below.
            t.join(timeout=1.0)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            with contextlib.suppress(OSError):
                stream.close()
        stdout, stderr = read.get("stdout", b""), read.get("stderr", b"")
        if over:
            return AdapterAnswer("crash", b"", f"{over[0]} (the adapter was stopped)", b"")
        if timed_out:
            return AdapterAnswer("crash", stdout, f"no answer within {seconds:g} s", stderr)
        code = proc.returncode
        status = {EXIT_OK: "ok", EXIT_REJECTED: "error", EXIT_UNSUPPORTED: "unsupported"}.get(
            code, "crash"
        )
        message = _last_line(stderr)
        if status == "crash":
            message = f"exit status {code}" + (f": {message}" if message else "")
        return AdapterAnswer(status, stdout, message, stderr, code)

    # -- batch ---------------------------------------------------------------------------

    def _start(self) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(  # noqa: S603 - the user's own adapter command, no shell
            [*self.argv, "batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self._env("batch", "", ""),
        )
        self._lines = queue.Queue()
        self._stderr = bytearray()
        assert proc.stdout is not None and proc.stderr is not None
        self._readers = [
            threading.Thread(target=self._pump, args=(proc.stdout,), daemon=True),
            threading.Thread(target=self._drain, args=(proc.stderr,), daemon=True),
        ]
        for t in self._readers:
            t.start()
        return proc

    def _pump(self, stream: IO[bytes]) -> None:
        try:
            while line := readline_bounded(stream, self.max_bytes, "adapter batch line"):
                self._lines.put(line)
        except LimitError as exc:
            self._lines.put(exc)
        except (OSError, ValueError):
            pass
        self._lines.put(None)

    def _drain(self, stream: IO[bytes]) -> None:
        # What is kept is bounded by the cap; the rest is read and dropped so the adapter
        # never blocks on a full stderr pipe.
        with contextlib.suppress(OSError, ValueError):
            while chunk := stream.read1(1 << 16):  # type: ignore[attr-defined]
                room = self.max_bytes - len(self._stderr)
                if room > 0:
                    self._stderr += chunk[:room]

    def _restart(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._reap(self._proc)
        self._proc = None

    def _reap(self, proc: subprocess.Popen[bytes]) -> None:
        """Wait for *proc*, let the reader threads reach end of file, close every pipe."""
        proc.wait()
        for t in self._readers:
            t.join(timeout=5)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def _ask_batch(self, mode: str, content_type: str, body: bytes, case_id: str) -> AdapterAnswer:
        if self._proc is None or self._proc.poll() is not None:
            try:
                self._proc = self._start()
            except OSError as exc:
                return AdapterAnswer("crash", message=f"cannot run the adapter: {exc.strerror}")
        proc = self._proc
        assert proc.stdin is not None
        request = {
            "id": case_id,
            "mode": mode,
            "content_type": content_type,
            "body": base64.b64encode(body).decode("ascii"),
        }
        if self.numbers_as_strings:
            request["numbers"] = "strings"
        try:
            proc.stdin.write(json.dumps(request).encode() + b"\n")
            proc.stdin.flush()
        except OSError:
            self._restart()
            return AdapterAnswer("crash", message="the batch adapter closed its input")
        seconds = self._case_seconds()
        try:
            line = self._lines.get(timeout=seconds)
        except queue.Empty:
            self._restart()
            return AdapterAnswer("crash", message=f"no answer within {seconds:g} s")
        if isinstance(line, LimitError):
            self._restart()
            return AdapterAnswer("crash", message=f"{line} (the adapter was stopped)")
        if line is None:
            proc.wait()
            self._readers[1].join(timeout=5)  # the whole traceback, not half of it
            err = bytes(self._stderr)
            self._restart()
            return AdapterAnswer("crash", b"", f"the batch adapter exited: {_last_line(err)}", err)
        return _batch_answer(line, case_id, mode)

    def close(self) -> None:
        """Stop the batch process, if one is running, and remove the input file."""
        if self._input_dir is not None:
            self._input_dir.cleanup()
            self._input_dir = None
        if self._proc is None:
            return
        proc, self._proc = self._proc, None
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
        self._reap(proc)


def _batch_answer(line: bytes, case_id: str, mode: str) -> AdapterAnswer:
    try:
        doc = json.loads(line)
    except ValueError:
        return AdapterAnswer("crash", line, "the batch answer is not one JSON line")
    if not isinstance(doc, dict) or doc.get("id") != case_id:
        return AdapterAnswer("crash", line, f"the batch answer is not for case {case_id}")
    status = doc.get("status")
    message = str(doc.get("message") or "")
    if status not in ("ok", "error", "unsupported"):
        return AdapterAnswer("crash", line, f"unknown batch status {status!r}")
    if status != "ok":
        return AdapterAnswer(status, b"", message)
    if mode == "decode":
        return AdapterAnswer("ok", json.dumps(doc.get("result"), ensure_ascii=False).encode())
    try:
        return AdapterAnswer("ok", base64.b64decode(str(doc.get("output", "")), validate=True))
    except ValueError:
        return AdapterAnswer("crash", line, "the batch output is not base64")


# ----------------------------------------------------------------------------- grading


def _diff(
    expected: Any, got: Any, path: str = "$", *, numbers: bool = False
) -> list[tuple[str, Any, Any]]:
    """Differences between two JSON values as (path, expected, got), depth first.

    With *numbers* (the numbers-as-strings option) an integer may come back as the string
    of its decimal digits.
    """
    if numbers and _is_int(expected) and isinstance(got, str) and got == str(expected):
        return []
    if isinstance(expected, dict) and isinstance(got, dict):
        out = []
        for key in expected.keys() | got.keys():
            if key not in got:
                if expected[key] is not None:
                    out.append((f"{path}.{key}", expected[key], "(missing)"))
            elif key not in expected:
                # An absent optional element: in the JSON form a missing key and null are the
                # same (schema/README.md, JSON form).
                if got[key] is not None:
                    out.append((f"{path}.{key}", "(absent)", got[key]))
            else:
                out.extend(_diff(expected[key], got[key], f"{path}.{key}", numbers=numbers))
        return sorted(out, key=lambda d: d[0])
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return [(path, f"{len(expected)} items", f"{len(got)} items")]
        out = []
        for i, (a, b) in enumerate(zip(expected, got, strict=True)):
            out.extend(_diff(a, b, f"{path}[{i}]", numbers=numbers))
        return out
    if type(expected) is type(got) and expected == got:
        return []
    if (
        path == "$.Fault.Detail"
        and isinstance(expected, str)
        and isinstance(got, str)
        and _canonical_xml(expected) == _canonical_xml(got)
    ):
        return []
    return [(path, expected, got)]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def numbers_to_strings(value: Any) -> Any:
    """*value* with every integer (not a boolean) written as the string of its digits."""
    if isinstance(value, dict):
        return {k: numbers_to_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [numbers_to_strings(v) for v in value]
    return str(value) if _is_int(value) else value


def _canonical_xml(fragment: str) -> str:
    """A fault detail's XML in canonical form (C14N 2.0, unused namespaces dropped)."""
    from lxml import etree  # noqa: PLC0415 - only fault details need it

    try:
        root = etree.fromstring(f"<detail>{fragment}</detail>".encode())
    except etree.XMLSyntaxError:
        return fragment
    etree.cleanup_namespaces(root)
    return str(etree.canonicalize(etree.tostring(root).decode(), strip_text=False))


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _describe(diffs: list[tuple[str, Any, Any]], limit: int = 3) -> str:
    """The differences in one line, the deciding ones (not absent-versus-empty) first.

    Nothing is summarised away as "more": past *limit* the line says how many differences
    there are in all, and the notes (terminal, JSON, JUnit, HTML) list every one.
    """
    deciding = [d for d in diffs if _absent_or_empty(d[1], d[2]) is None]
    ordered = deciding + [d for d in diffs if d not in deciding]
    parts = [f"{p}: expected {_short(a)}, got {_short(b)}" for p, a, b in ordered[:limit]]
    tail = ""
    if len(diffs) > limit:
        tail = f"; {len(diffs)} differences in all, {len(deciding)} of them deciding (see notes)"
    return "; ".join(parts) + tail


def _note_lines(diffs: list[tuple[str, Any, Any]]) -> list[str]:
    deciding = [d for d in diffs if _absent_or_empty(d[1], d[2]) is None]
    ordered = deciding + [d for d in diffs if d not in deciding]
    return [f"{p}: expected {_short(a)}, got {_short(b)}" for p, a, b in ordered]


_FAULT_EXTRAS = ("Actor", "Node", "Role", "Detail")


def _all_null(value: Any) -> bool:
    """Null all through: None, a repeated element with no occurrence ([]), an object of those."""
    if isinstance(value, dict):
        return all(_all_null(v) for v in value.values())
    if isinstance(value, list):
        return not value
    return value is None


def _absent_or_empty(expected: Any, got: Any) -> str | None:
    """How *got* blurs absent and empty, or None when it is a different value."""
    if expected == "" and got is None:
        return "empty strings read as null"
    if expected == [] and got is None:
        return "empty lists read as null"
    if expected is None and isinstance(got, dict) and got and _all_null(got):
        return "nil items read as objects whose fields are all null (or empty lists)"
    return None


def _tolerable(expected: Any, diffs: list[tuple[str, Any, Any]]) -> str | None:
    """Why *diffs* are a non-strict reading rather than a wrong answer, or None.

    Two kinds qualify: a reader that does not tell absent, nil and empty apart (null for
    ``<ErrorString/>``, an object of nulls for a nil item), and a fault read with its code and
    first reason but without the optional parts.
    """
    kinds = [_absent_or_empty(a, b) for _, a, b in diffs]
    if all(kinds):
        paths = ", ".join(p for p, _, _ in diffs[:3]) + (" …" if len(diffs) > 3 else "")
        how = "; ".join(dict.fromkeys(k for k in kinds if k))
        return f"absent and empty not told apart ({how}): {paths}"
    if isinstance(expected, dict) and "Fault" in expected:
        lost = []
        for path, _, _ in diffs:
            field = path.removeprefix("$.Fault.")
            if field.startswith("Reason") and path != "$.Fault.Reason[0].text":
                lost.append("reason languages or further reasons")
            elif field in _FAULT_EXTRAS:
                lost.append(field)
            else:
                return None
        return "fault read with its code and first reason; lost: " + ", ".join(dict.fromkeys(lost))
    return None


def _kept(case: Case, answer: AdapterAnswer, *, input_label: str) -> list[Wire]:
    headers = {"Content-Type": case.content_type} if case.target == "decoder" else {}
    wire = [Wire(input_label, case.body, headers)]
    if answer.output:
        wire.append(Wire("adapter output", answer.output))
    if answer.stderr:
        wire.append(Wire("adapter stderr", answer.stderr[-4096:]))
    return wire


def _common(case: Case, answer: AdapterAnswer) -> tuple[Verdict, str] | None:
    if answer.status == "unsupported":
        return Verdict.INFO, "the adapter does not support this form" + (
            f": {answer.message}" if answer.message else ""
        )
    if answer.status == "crash":
        return Verdict.FAIL, f"the adapter crashed: {answer.message or 'no message'}"
    return None


#: The top-level keys a JSON form can have: every operation's request and response, and Fault.
_JSON_KEYS = frozenset(
    {op.json_key(d) for op in OPERATIONS.values() for d in Direction} | {"Fault"}
)


def _json_form_problem(output: bytes) -> str | None:
    """Why *output* is no JSON form of any message at all (garbage), or None."""
    try:
        doc = json.loads(output)
    except ValueError:
        return "not JSON"
    if not isinstance(doc, dict) or len(doc) != 1:
        return "not a JSON object with one key"
    (key,) = doc
    if key not in _JSON_KEYS:
        return f"{key!r} names no operation and is not Fault"
    return None


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)


def _output_text(answer: AdapterAnswer) -> str:
    if answer.status == "ok":
        try:
            return _pretty(json.loads(answer.output))
        except ValueError:
            return answer.output[:65536].decode("utf-8", "replace")
    word = {"error": "rejected", "unsupported": "unsupported", "crash": "crashed"}[answer.status]
    return f"{word}: {answer.message}" if answer.message else word


def grade_decoder(case: Case, answer: AdapterAnswer, *, numbers: bool = False) -> Result:
    """Grade a decoder's answer to *case* against the expected JSON form or a clean error.

    *numbers* accepts integers written as strings (the numbers-as-strings option).
    """
    wire = _kept(case, answer, input_label=f"input ({case.content_type or 'no Content-Type'})")
    actual = _output_text(answer)
    expected = case.acceptable if case.expect == "reject" else _pretty(case.expected)

    def result(verdict: Verdict, detail: str, notes: list[str] | None = None) -> Result:
        return Result(case, verdict, detail, notes or [], wire, expected=expected, actual=actual)

    early = _common(case, answer)
    if early is not None:
        return result(*early)
    if case.expect == "reject":
        if answer.status == "error":
            return result(Verdict.PASS, f"rejected: {answer.message}")
        garbage = _json_form_problem(answer.output)
        if garbage is not None:
            # An adapter that prints anything and exits 0 would otherwise score non-strict.
            return result(
                Verdict.FAIL,
                f"accepted a document that must be rejected, and its output is {garbage}",
            )
        if case.lenient:
            return result(Verdict.NON_STRICT, f"accepted; {case.lenient}")
        return result(Verdict.FAIL, "accepted a document that must be rejected")
    if answer.status == "error":
        return result(Verdict.FAIL, f"rejected a valid document: {answer.message}")
    try:
        got = json.loads(answer.output)
    except ValueError as exc:
        return result(Verdict.FAIL, f"the output is not JSON: {exc}")
    diffs = _diff(case.expected, got, numbers=numbers)
    if not diffs:
        return result(Verdict.PASS, "the expected JSON form")
    notes = _note_lines(diffs)
    why = _tolerable(case.expected, diffs)
    if why is not None:
        return result(Verdict.NON_STRICT, why, notes)
    return result(Verdict.FAIL, "wrong JSON form: " + _describe(diffs), notes)


def grade_encoder(case: Case, answer: AdapterAnswer, *, numbers: bool = False) -> Result:
    """Grade an encoder's output: decode it with our codec and compare the messages."""
    del numbers  # the output is wire bytes, whose numbers are digits in every form
    wire = _kept(case, answer, input_label="input (the JSON form)")
    if case.canonical is not None:
        wire.append(Wire("faxstatus's encoding (for comparison)", case.canonical))
    expected = case.acceptable if case.expect == "reject" else _pretty(case.expected)
    actual = (
        answer.output[:65536].decode("utf-8", "replace")
        if answer.status == "ok"
        else _output_text(answer)
    )

    def result(
        verdict: Verdict, detail: str, notes: list[str] | None = None, canonical: bool | None = None
    ) -> Result:
        return Result(
            case,
            verdict,
            detail,
            notes or [],
            wire,
            0.0,
            canonical,
            expected=expected,
            actual=actual,
        )

    early = _common(case, answer)
    if early is not None:
        return result(*early)
    form = ContentType.from_name(case.content_type)
    if case.expect == "reject":
        if answer.status == "error":
            return result(Verdict.PASS, f"refused: {answer.message}")
        return result(Verdict.FAIL, "wrote a value the wire cannot carry")
    if answer.status == "error":
        return result(Verdict.FAIL, f"refused a valid message: {answer.message}")
    output = answer.output
    media = form.media_type
    try:
        decoded = codec.decode(output, media)
    except CodecError as exc:
        try:
            lenient = codec.decode(output, media, options=DecodeOptions(strict=False))
        except CodecError:
            return result(Verdict.FAIL, f"the output does not decode: {exc}")
        if expected_json(lenient) == case.expected:
            return result(Verdict.NON_STRICT, f"decodes only leniently: {exc}")
        return result(Verdict.FAIL, f"the output does not decode: {exc}")
    got_form = decoded.content_type if isinstance(decoded, Message) else None
    canonical = output == case.canonical or output.rstrip(b"\r\n") == case.canonical
    got = expected_json(decoded)
    diffs = _diff(case.expected, got)
    if diffs:
        actual = f"decodes to:\n{_pretty(got)}"
        detail = "decodes to another message: " + _describe(diffs)
        return result(Verdict.FAIL, detail, _note_lines(diffs), canonical=False)
    if got_form is not None and got_form is not form:
        detail = f"asked for {form.value}, wrote {got_form.value}"
        return result(Verdict.FAIL, detail, canonical=False)
    detail = "decodes to the same message" + (", byte for byte" if canonical else "")
    return result(Verdict.PASS, detail, canonical=canonical)


# ----------------------------------------------------------------------------- roles

#: What each role of an implementation handles: (decoder directions, encoder directions).
#: A client-only library decodes responses and faults and encodes requests; a server the
#: reverse. "" is a must-reject document that is no message of either direction.
ROLES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "both": (
        frozenset({"request", "response", "fault", ""}),
        frozenset({"request", "response", "fault", ""}),
    ),
    "client": (frozenset({"response", "fault", ""}), frozenset({"request"})),
    "server": (frozenset({"request", ""}), frozenset({"response", "fault", ""})),
}


def for_role(target: str, cases: Iterable[Case], role: str) -> list[Case]:
    """The cases of *target* (decoder or encoder) an implementation in *role* takes part in."""
    decode, encode = ROLES[role]
    keep = decode if target == "decoder" else encode
    return [c for c in cases if c.direction in keep]


# ----------------------------------------------------------------------------- calibration


def calibration_cases(target: str, role: str = "both") -> list[Case]:
    """A few plain cases any working adapter gets right, in every SOAP version.

    They are graded before anything else: an adapter whose plumbing is broken (input cut
    short, output wrapped or mangled, exit statuses swapped, "unsupported" for everything)
    fails here, and the run reports an adapter error instead of the implementation's verdicts.
    """
    from ..models import (  # noqa: PLC0415
        CheckServiceResponse,
        FaxJobId,
        FaxJobIds,
        SimpleFaxStatusResponse,
    )

    section = "calibration: the adapter protocol (README, For binding authors)"
    ex = OPERATIONS["GetRealTimeFaxStatusEx"]
    messages: list[tuple[str, Any, str]] = [
        ("check-service-response", CheckServiceResponse(return_value="calibration"), "response"),
        ("simple-status-response", SimpleFaxStatusResponse(return_value=1), "response"),
        (
            "status-request",
            ex.request(
                user_id="calibration-user",
                str_pin="calibration-pin",
                fax_job_ids=FaxJobIds(item=[FaxJobId(job_id="br0000000001")]),
            ),
            "request",
        ),
    ]
    decode, encode = ROLES[role]
    keep = decode if target == "decoder" else encode
    out: list[Case] = []
    for name, msg, direction in messages:
        if direction not in keep:
            continue
        for ct in (ContentType.SOAP12, ContentType.SOAP11):
            enc = codec.encode(msg, ct)
            decoded = codec.decode(enc.body, enc.headers["Content-Type"])
            assert isinstance(decoded, Message)
            form = expected_json(decoded)
            if target == "decoder":
                out.append(
                    Case(
                        f"calibration/decoder/{name}/{ct.value}",
                        f"calibration: {name.replace('-', ' ')} as {ct.value}",
                        section,
                        "decoder",
                        "calibration",
                        "accept",
                        enc.headers["Content-Type"],
                        enc.body,
                        form,
                        direction=direction,
                    )
                )
            else:
                out.append(
                    Case(
                        f"calibration/encoder/{name}/{ct.value}",
                        f"calibration: {name.replace('-', ' ')} as {ct.value}",
                        section,
                        "encoder",
                        "calibration",
                        "accept",
                        ct.value,
                        json.dumps(form).encode(),
                        form,
                        None,
                        enc.body,
                        direction=direction,
                    )
                )
    if target == "decoder":
        for ct in (ContentType.SOAP12, ContentType.SOAP11):
            out.append(
                Case(
                    f"calibration/decoder/not-a-message/{ct.value}",
                    f"calibration: plain text that is no message, sent as {ct.value}",
                    section,
                    "decoder",
                    "calibration",
                    "reject",
                    media_type(ct),
                    b"this is not a FaxWS message\n",
                )
            )
    return out


def _calibrate(results: list[Result]) -> str | None:
    """Why the calibration *results* show a broken adapter, or None when they pass.

    Per form (SOAP 1.2, SOAP 1.1) the accept cases must all pass (non-strict is the
    implementation's reading, not the adapter's plumbing, and counts as passing here), or
    all be refused or unsupported (a binding may lack that version); at least one form must
    pass, and the must-reject cases of the forms that passed must be rejected.
    """
    good = (Verdict.PASS, Verdict.NON_STRICT)
    by_form: dict[str, list[Result]] = {}
    for r in results:
        by_form.setdefault(r.case.id.rsplit("/", 1)[1], []).append(r)
    passed = []
    for form, rs in by_form.items():
        accepts = [r for r in rs if r.case.expect == "accept"]
        crashed = [r for r in rs if r.detail.startswith("the adapter crashed")]
        if crashed:
            return f"{crashed[0].case.id}: {crashed[0].detail}"
        if accepts and all(r.verdict in good for r in accepts):
            passed.append(form)
            wrong = [r for r in rs if r.case.expect == "reject" and r.verdict is not Verdict.PASS]
            if wrong:
                return f"{wrong[0].case.id}: {wrong[0].detail}"
            continue
        declined = all(
            r.verdict is Verdict.INFO
            or r.detail.startswith(("rejected a valid", "refused a valid"))
            for r in accepts
        )
        if not declined:
            bad = next(r for r in accepts if r.verdict not in good)
            return f"{bad.case.id}: {bad.detail}"
    if not passed:
        return (
            "no calibration form passed: every plain SOAP 1.2 and SOAP 1.1 case was refused or "
            "unsupported, so the adapter grades nothing (check its plumbing: stdin, exit "
            "statuses, the JSON form on stdout)"
        )
    return None


# ----------------------------------------------------------------------------- the run


def run_adapter(
    target: str,
    cases: Iterable[Case],
    adapter: Adapter,
    *,
    progress: Callable[[Result], None] | None = None,
    calibrate: bool = True,
    role: str = "both",
    excluded: Iterable[Result] = (),
) -> Report:
    """Calibrate *adapter*, then run every case through it and grade it.

    *target* is decoder or encoder. A failed calibration ends the run with the report's
    ``adapter_error`` set and no verdicts; the run's deadline (``adapter.deadline``) ending
    sets ``timed_out``. *excluded* results (the user's ``--exclude``) are listed, not sent.
    """
    grade = grade_decoder if target == "decoder" else grade_encoder
    mode = "decode" if target == "decoder" else "encode"
    mode_word = " (batch)" if adapter.batch else ""
    report = Report(target, " ".join(adapter.argv) + mode_word)
    numbers = adapter.numbers_as_strings

    def one(case: Case) -> Result:
        t0 = time.perf_counter()
        body = case.body
        if numbers and target == "encoder":
            body = json.dumps(numbers_to_strings(json.loads(body)), ensure_ascii=False).encode()
        answer = adapter.ask(mode, case.content_type, body, case.id)
        result = grade(case, answer, numbers=numbers)
        result.duration_ms = (time.perf_counter() - t0) * 1000
        return result

    started = time.perf_counter()
    if calibrate:
        for case in calibration_cases(target, role):
            if adapter.deadline.expired:
                report.timed_out = True
                break
            report.calibration.append(one(case))
        if not report.timed_out:
            report.adapter_error = _calibrate(report.calibration)
    if report.adapter_error is None and not report.timed_out:
        for case in cases:
            if adapter.deadline.expired:
                report.timed_out = True
                break
            report.results.append(one(case))
            if progress is not None:
                progress(report.results[-1])
        report.results.extend(excluded)
    report.duration_s = time.perf_counter() - started
    return report
