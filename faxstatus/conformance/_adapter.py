"""Running another binding's adapter command, and grading what it answers (decoder, encoder).

The adapter protocol (README "For binding authors" has the full text):

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

from .._errors import CodecError
from ..codec import _api as codec
from ..codec._api import ContentType, DecodeOptions, Message
from ._catalogue import expected_json
from ._model import Case, Report, Result, Verdict, Wire

__all__ = ["Adapter", "AdapterAnswer", "grade_decoder", "grade_encoder", "run_adapter"]

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
    """An adapter command, run once per case or kept up in batch mode; a context manager."""

    def __init__(self, argv: Sequence[str], *, batch: bool = False, timeout: float = 30.0) -> None:
        if not argv:
            raise ValueError("the adapter command is empty")
        self.argv = list(argv)
        self.batch = batch
        self.timeout = timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._lines: queue.Queue[bytes | None] = queue.Queue()
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
        return env

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
        try:
            done = subprocess.run(  # noqa: S603 - the user's own adapter command, no shell
                [*self.argv, mode, content_type],
                input=body,
                capture_output=True,
                timeout=self.timeout,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            return AdapterAnswer(
                "crash",
                exc.stdout or b"",
                f"no answer within {self.timeout:g} s",
                exc.stderr or b"",
            )
        except OSError as exc:
            return AdapterAnswer("crash", message=f"cannot run the adapter: {exc.strerror}")
        code = done.returncode
        status = {EXIT_OK: "ok", EXIT_REJECTED: "error", EXIT_UNSUPPORTED: "unsupported"}.get(
            code, "crash"
        )
        message = _last_line(done.stderr)
        if status == "crash":
            message = f"exit status {code}" + (f": {message}" if message else "")
        return AdapterAnswer(status, done.stdout, message, done.stderr, code)

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
        for line in stream:
            self._lines.put(line)
        self._lines.put(None)

    def _drain(self, stream: IO[bytes]) -> None:
        for line in stream:
            if len(self._stderr) < 1 << 20:
                self._stderr += line

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
        try:
            proc.stdin.write(json.dumps(request).encode() + b"\n")
            proc.stdin.flush()
        except OSError:
            self._restart()
            return AdapterAnswer("crash", message="the batch adapter closed its input")
        try:
            line = self._lines.get(timeout=self.timeout)
        except queue.Empty:
            self._restart()
            return AdapterAnswer("crash", message=f"no answer within {self.timeout:g} s")
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


def _diff(expected: Any, got: Any, path: str = "$") -> list[tuple[str, Any, Any]]:
    """Differences between two JSON values as (path, expected, got), depth first."""
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
                out.extend(_diff(expected[key], got[key], f"{path}.{key}"))
        return sorted(out, key=lambda d: d[0])
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return [(path, f"{len(expected)} items", f"{len(got)} items")]
        out = []
        for i, (a, b) in enumerate(zip(expected, got, strict=True)):
            out.extend(_diff(a, b, f"{path}[{i}]"))
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
    parts = [f"{p}: expected {_short(a)}, got {_short(b)}" for p, a, b in diffs[:limit]]
    more = f" (+{len(diffs) - limit} more)" if len(diffs) > limit else ""
    return "; ".join(parts) + more


_FAULT_EXTRAS = ("Actor", "Node", "Role", "Detail")


def _all_null(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_all_null(v) for v in value.values())
    return value is None


def _absent_or_empty(expected: Any, got: Any) -> str | None:
    """How *got* blurs absent and empty, or None when it is a different value."""
    if expected == "" and got is None:
        return "empty strings read as null"
    if expected == [] and got is None:
        return "empty lists read as null"
    if expected is None and isinstance(got, dict) and got and _all_null(got):
        return "nil items read as objects whose fields are all null"
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


def grade_decoder(case: Case, answer: AdapterAnswer) -> Result:
    """Grade a decoder's answer to *case* against the expected JSON form or a clean error."""
    wire = _kept(case, answer, input_label=f"input ({case.content_type or 'no Content-Type'})")
    early = _common(case, answer)
    if early is not None:
        return Result(case, early[0], early[1], wire=wire)
    if case.expect == "reject":
        if answer.status == "error":
            return Result(case, Verdict.PASS, f"rejected: {answer.message}", wire=wire)
        if case.lenient:
            return Result(case, Verdict.NON_STRICT, f"accepted; {case.lenient}", wire=wire)
        return Result(case, Verdict.FAIL, "accepted a document that must be rejected", wire=wire)
    if answer.status == "error":
        return Result(case, Verdict.FAIL, f"rejected a valid document: {answer.message}", wire=wire)
    try:
        got = json.loads(answer.output)
    except ValueError as exc:
        return Result(case, Verdict.FAIL, f"the output is not JSON: {exc}", wire=wire)
    diffs = _diff(case.expected, got)
    if not diffs:
        return Result(case, Verdict.PASS, "the expected JSON form", wire=wire)
    notes = [f"{p}: expected {_short(a)}, got {_short(b)}" for p, a, b in diffs[:20]]
    why = _tolerable(case.expected, diffs)
    if why is not None:
        return Result(case, Verdict.NON_STRICT, why, notes, wire)
    return Result(case, Verdict.FAIL, "wrong JSON form: " + _describe(diffs), notes, wire)


def grade_encoder(case: Case, answer: AdapterAnswer) -> Result:
    """Grade an encoder's output: decode it with our codec and compare the messages."""
    wire = _kept(case, answer, input_label="input (the JSON form)")
    if case.canonical is not None:
        wire.append(Wire("faxstatus's encoding (for comparison)", case.canonical))
    early = _common(case, answer)
    if early is not None:
        return Result(case, early[0], early[1], wire=wire)
    form = ContentType.from_name(case.content_type)
    if case.expect == "reject":
        if answer.status == "error":
            return Result(case, Verdict.PASS, f"refused: {answer.message}", wire=wire)
        return Result(case, Verdict.FAIL, "wrote a value the wire cannot carry", wire=wire)
    if answer.status == "error":
        return Result(case, Verdict.FAIL, f"refused a valid message: {answer.message}", wire=wire)
    output = answer.output
    media = form.media_type
    try:
        decoded = codec.decode(output, media)
    except CodecError as exc:
        try:
            lenient = codec.decode(output, media, options=DecodeOptions(strict=False))
        except CodecError:
            return Result(case, Verdict.FAIL, f"the output does not decode: {exc}", wire=wire)
        if expected_json(lenient) == case.expected:
            return Result(case, Verdict.NON_STRICT, f"decodes only leniently: {exc}", wire=wire)
        return Result(case, Verdict.FAIL, f"the output does not decode: {exc}", wire=wire)
    got_form = decoded.content_type if isinstance(decoded, Message) else None
    canonical = output == case.canonical or output.rstrip(b"\r\n") == case.canonical
    diffs = _diff(case.expected, expected_json(decoded))
    if diffs:
        detail = "decodes to another message: " + _describe(diffs)
        return Result(case, Verdict.FAIL, detail, wire=wire, canonical=False)
    if got_form is not None and got_form is not form:
        detail = f"asked for {form.value}, wrote {got_form.value}"
        return Result(case, Verdict.FAIL, detail, wire=wire, canonical=False)
    detail = "decodes to the same message" + (", byte for byte" if canonical else "")
    return Result(case, Verdict.PASS, detail, wire=wire, canonical=canonical)


def run_adapter(
    target: str,
    cases: Iterable[Case],
    adapter: Adapter,
    *,
    progress: Callable[[Result], None] | None = None,
) -> Report:
    """Run every case through *adapter* and grade it; *target* is decoder or encoder."""
    grade = grade_decoder if target == "decoder" else grade_encoder
    mode = "decode" if target == "decoder" else "encode"
    mode_word = " (batch)" if adapter.batch else ""
    report = Report(target, " ".join(adapter.argv) + mode_word)
    started = time.perf_counter()
    for case in cases:
        t0 = time.perf_counter()
        answer = adapter.ask(mode, case.content_type, case.body, case.id)
        result = grade(case, answer)
        result.duration_ms = (time.perf_counter() - t0) * 1000
        report.results.append(result)
        if progress is not None:
            progress(result)
    report.duration_s = time.perf_counter() - started
    return report
