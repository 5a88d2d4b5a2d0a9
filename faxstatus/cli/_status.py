"""The ``status`` subcommand: query job statuses and print them as a table or JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from ._common import CONTENT_TYPES, STATUS_OPS, Fail, Usage, exit_code

__all__ = ["register"]


def _row(outcome: Any) -> list[str]:
    label = outcome.kind.replace("_", " ")
    st = outcome.status
    if st is None:
        return [outcome.requested_id, label, "", "", "", "", "", str(outcome.error)]
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
        "",
    ]


def format_table(report: Any) -> str:
    """Render a StatusReport as an aligned text table."""
    head = ["JOB ID", "STATUS", "PAGES", "DELIVERED", "DURATION", "CSID", "REFERENCE", "ERROR"]
    rows = [head] + [_row(o) for o in report.outcomes]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    for st in report.unexpected:
        lines.append(f"(unexpected item for {st.job_id!r}: not asked for)")
    return "\n".join(lines)


def cmd_status(args: argparse.Namespace) -> int:
    """Query job statuses from a FaxWS endpoint."""
    import faxstatus
    from faxstatus import FaxStatusClient, Recorder, RetryPolicy, Timeouts

    user = args.user or os.environ.get("FAXSTATUS_USER")
    token = args.token or os.environ.get("FAXSTATUS_TOKEN")
    pin = args.pin or os.environ.get("FAXSTATUS_PIN")
    if not user:
        raise Usage("--user (or FAXSTATUS_USER) is required")
    if not token and not pin:
        raise Usage("give --token/FAXSTATUS_TOKEN or --pin/FAXSTATUS_PIN")
    recorder = Recorder(maxlen=1000) if args.trace else None
    try:
        client = FaxStatusClient(
            user,
            token=token,
            pin=pin,
            endpoint=args.endpoint,
            content_type=args.content_type,
            batch_size=args.batch_size,
            recorder=recorder,
            retry=RetryPolicy(attempts=args.attempts),
            timeouts=Timeouts(total=args.timeout),
        )
        with client:
            report = client.query(args.operation, args.job_ids)
    except faxstatus.InvalidJobIdError as exc:
        raise Fail(str(exc)) from None
    except ValueError as exc:
        raise Usage(str(exc)) from None
    finally:
        if recorder is not None:
            for ex in recorder:
                print(ex.format(), file=sys.stderr)
                print(file=sys.stderr)
    if args.json:
        json.dump(report.as_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(format_table(report))
    return exit_code(report.outcomes)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's subcommands to *sub*."""
    s = sub.add_parser(
        "status", help="query job statuses", description="Query the status of fax jobs."
    )
    s.add_argument("job_ids", nargs="+", metavar="JOBID", help="br… job ids, or JRI-<ReferenceId>")
    s.add_argument(
        "--endpoint",
        default="https://ws.concordfax.com/fax/v5",
        help="service URL (default: %(default)s)",
    )
    s.add_argument("--user", help="UserID (or FAXSTATUS_USER)")
    auth = s.add_mutually_exclusive_group()
    auth.add_argument(
        "--token", help="OAuth 2.0 bearer token (or FAXSTATUS_TOKEN; prefer the variable)"
    )
    auth.add_argument("--pin", help="legacy strPIN (or FAXSTATUS_PIN; prefer the variable)")
    s.add_argument(
        "--content-type",
        choices=CONTENT_TYPES,
        default="soap12",
        help="wire format (default: %(default)s)",
    )
    s.add_argument(
        "--operation",
        choices=STATUS_OPS,
        default=STATUS_OPS[0],
        help="default: %(default)s",
    )
    s.add_argument(
        "--batch-size", type=int, default=100, help="ids per request (default: %(default)s)"
    )
    s.add_argument(
        "--attempts", type=int, default=4, help="tries per request (default: %(default)s)"
    )
    s.add_argument(
        "--timeout", type=float, default=60.0, help="seconds per batch, retries included"
    )
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.add_argument(
        "--trace", action="store_true", help="print each HTTP exchange to stderr, secrets masked"
    )
    s.set_defaults(func=cmd_status)
