"""The ``status`` subcommand: query job statuses and print them as a table or JSON."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from .._contract import INVALID_JOB_ID
from .._visible import visible, visible_json
from ._common import (
    EXIT_LOOKUP,
    EXIT_OK,
    SINGLE_OPS,
    STATUS_OPS,
    Fail,
    Usage,
    exit_code,
    failure_lines,
)
from ._connect import add_connection_options, add_id_options, make_client, read_ids, trace_out
from ._progress import Progress

__all__ = ["format_table", "register", "single_json", "write_json"]


def _row(outcome: Any) -> list[str]:
    label = outcome.kind.replace("_", " ")
    st = outcome.status
    if st is None:
        err = outcome.error
        text = f"{err.code} {err.text}" if hasattr(err, "text") else str(err)
        return [outcome.requested_id, label, "", "", "", "", "", "", text]
    pages = "" if st.pages_sent is None else f"{st.pages_sent}/{st.pages_total}"
    duration = f"{st.duration_seconds}s" if st.duration_seconds else ""
    return [
        outcome.requested_id,
        label,
        pages,
        st.delivered_at_raw or "",
        duration,
        st.remote_csid or "",
        st.reference_id or "",
        st.description or "",  # why a fax failed ("Failed: no answer") is said here
        "",
    ]


def _resolved(outcome: Any) -> str:
    """The FaxJobId a lookup by another id (``JRI-<ReferenceId>``) was answered with, or ""."""
    st = outcome.status
    if st is None or not st.job_id or st.job_id == outcome.requested_id:
        return ""
    return str(st.job_id)


def _cell(value: Any) -> str:
    """An ``extra`` field's value as its cell shows it: the data, never a repr.

    A list or a complex value is shown as its JSON form: ``str()`` of a list would show its
    strings' reprs, which mask an echoed secret, and a table is data exactly as sent.
    """
    from faxstatus.client._results import _plain

    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) or dataclasses.is_dataclass(value):
        return json.dumps(_plain(value), ensure_ascii=False)
    return str(_plain(value))  # bytes as base64 and a Decimal as its text, not their reprs


def format_table(report: Any) -> str:
    """Render a StatusReport as an aligned text table."""
    head = ["JOB ID", "STATUS", "PAGES", "DELIVERED", "DURATION", "CSID", "REFERENCE"]
    head += ["DESCRIPTION", "ERROR"]
    table = [_row(o) for o in report.outcomes]
    # A JRI- lookup is answered under the job's own id: which job it found gets a column,
    # shown when some row has one.
    resolved = [_resolved(o) for o in report.outcomes]
    if any(resolved):
        head.insert(1, "JOB")
        for row, job in zip(table, resolved, strict=True):
            row.insert(1, job)
    # Item fields without a column of their own (JobStatus.extra: fields the schema gained
    # after this table was designed) share one last column as name=value pairs.
    if any(o.status is not None and o.status.extra for o in report.outcomes):
        head.append("MORE")
        for row, o in zip(table, report.outcomes, strict=True):
            extra = o.status.extra if o.status is not None else {}
            row.append(" ".join(f"{k}={_cell(v)}" for k, v in extra.items()))
    # Every cell may hold text a server chose: its control characters are shown, not obeyed.
    rows = [head] + [[visible(c) for c in row] for row in table]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    for st in report.unexpected:
        lines.append(visible(f"(unexpected item for {st.job_id!r}: not asked for)"))
    return "\n".join(lines)


def write_json(doc: Any, stream: Any = None) -> None:
    """Write *doc* as indented JSON and a newline to *stream* (stdout) in one write.

    The text is built whole and made terminal-safe in one pass (characters a terminal could
    act on only occur inside JSON strings, so escaping the whole text is exact), then
    written at once: ``json.dump`` would write it token by token, one call per token, which
    unbuffered (``PYTHONUNBUFFERED=1``) is one system call per token.
    """
    out = sys.stdout if stream is None else stream
    out.write(visible_json(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n")


def single_json(op: str, result: Any, payload: Any) -> dict[str, Any]:
    """The ``--json`` document of a single-id operation's answer.

    ``response`` holds every field of the operation's response, by its schema name, as the
    generated model declares them (so a field the schema gains is shown with no edit here);
    ``status`` and ``error`` read its ``return`` code.
    """
    from faxstatus.client._results import _plain, status_json

    err = result.error
    return {
        "operation": op,
        "job_id": result.job_id,
        "ok": result.ok,
        "status": status_json(result.status) if result.ok else None,
        "response": _plain(payload),
        "error": None
        if err is None
        else {
            "kind": "not_found" if type(err).__name__ == "JobNotFoundError" else "item_error",
            "type": type(err).__name__,
            "code": err.code,
            "message": str(err),
        },
    }


def _simple(client: Any, op: str, ids: list[str], as_json: bool) -> int:
    if len(ids) != 1:
        raise Usage(f"{op} takes exactly one JOBID, got {len(ids)}")
    from faxstatus.client import SimpleStatus
    from faxstatus.codec import OPERATIONS

    # The whole response, not only its ``return`` (simple_get_fax_status keeps that alone).
    payload, meta = client._exchange(client.prepare(op, ids))
    result_attr = OPERATIONS[op].result_attr
    result = SimpleStatus(ids[0], getattr(payload, result_attr or ""), meta)
    err = result.error
    if as_json:
        write_json(single_json(op, result, payload))
    elif err is None:
        from faxstatus.client._results import status_label

        print(f"{result.job_id}  {status_label(result.status).replace('_', ' ')}  ({result.code})")
    else:
        label = "not found" if result.code == INVALID_JOB_ID else "error"
        print(visible(f"{result.job_id}  {label}  {err}"))
    return EXIT_OK if err is None else EXIT_LOOKUP


def cmd_status(args: argparse.Namespace) -> int:
    """Query job statuses from a FaxWS endpoint."""
    import faxstatus

    ids = read_ids(args)
    client = make_client(args)
    bar = Progress(args.operation, unit="batches")
    try:
        with client:
            if args.operation in SINGLE_OPS:
                return _simple(client, args.operation, ids, args.json)
            report = client.query(args.operation, ids, progress=bar)
    except faxstatus.FaxStatusError as exc:  # SimpleGetFaxStatus raises; query does not
        raise Fail(str(exc)) from None
    finally:
        bar.close()
        trace_out(client)
    if args.json:
        write_json(report.as_dict())
    else:
        print(format_table(report))
    sys.stdout.flush()
    for line in failure_lines(report.outcomes):  # docs/cli.md: one line on stderr
        print(line, file=sys.stderr)
    return exit_code(report.outcomes)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's subcommands to *sub*."""
    s = sub.add_parser(
        "status",
        help="query job statuses",
        description="Query the status of fax jobs. Exit status: 0 every id answered without "
        "a lookup error; 3 some id not found, answered with an error or missing; 1 a "
        "transport, authentication or decode failure; 2 a usage error.",
    )
    add_id_options(s)
    s.add_argument(
        "--operation",
        choices=(*STATUS_OPS, *SINGLE_OPS),
        default=STATUS_OPS[0],
        help="default: %(default)s (SimpleGetFaxStatus takes one JOBID)",
    )
    s.add_argument("--json", action="store_true", help="machine-readable output")
    add_connection_options(s)
    s.set_defaults(func=cmd_status)
