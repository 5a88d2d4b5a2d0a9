"""The ``faxstatus`` command: query, decode, encode and validate messages, run the simulator.

Imports are deferred to the command that needs them, so ``faxstatus decode`` starts without
httpx (start-up time matters for a tool run once per captured file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

__all__ = ["main"]

CONTENT_TYPES = ("soap12", "soap11", "xml", "json")
STATUS_OPS = (
    "GetRealTimeFaxStatusEx",
    "GetFaxStatus",
    "GetRealTimeFaxStatus",
    "GetRealTimeFaxStatusEx2",
    "GetRealTimeFaxStatusEx3",
)


class _Fail(Exception):
    """A user-facing failure: one line on stderr, exit status 1."""


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _Fail(f"cannot read {path}: {exc.strerror}") from None


# ----------------------------------------------------------------------------- decode/encode


def _json_form(result: Any) -> Any:
    from faxstatus import Fault
    from faxstatus._codec import json_form
    from faxstatus._faults import fault_to_json

    if isinstance(result, Fault):
        return fault_to_json(result)
    key = result.operation.json_key(result.direction)
    return {key: json_form(result.payload, key)}


def cmd_decode(args: argparse.Namespace) -> int:
    """Decode a captured message and print its JSON form."""
    import faxstatus

    body = _read(args.file)
    ctype = _media_for(args.content_type) if args.content_type else None
    options = faxstatus.DecodeOptions(strict=not args.lenient)
    try:
        result = faxstatus.decode(body, ctype, options=options)
    except faxstatus.CodecError as exc:
        raise _Fail(f"{args.file}: {exc}") from None
    if isinstance(result, faxstatus.Message):
        for path in result.skipped:
            print(f"skipped unknown element {path}", file=sys.stderr)
    json.dump(_json_form(result), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _media_for(name: str) -> str:
    return {
        "soap12": "application/soap+xml",
        "soap11": "text/xml",
        "xml": "application/xml",
        "json": "application/json",
    }[name]


def cmd_encode(args: argparse.Namespace) -> int:
    """Read the JSON form of a message and write its wire encoding."""
    import faxstatus

    body = _read(args.file)
    try:
        result = faxstatus.decode(body, "application/json")
    except faxstatus.CodecError as exc:
        raise _Fail(f"{args.file}: not the JSON form of a FaxWS message: {exc}") from None
    try:
        if isinstance(result, faxstatus.Fault):
            enc = faxstatus.encode_fault(
                result, args.content_type if args.content_type == "json" else None
            )
        else:
            enc = faxstatus.encode(result.payload, args.content_type)
    except faxstatus.EncodeError as exc:
        raise _Fail(f"cannot encode as {args.content_type}: {exc}") from None
    out = sys.stdout.buffer
    if args.headers:
        for k, v in enc.headers.items():
            out.write(f"{k}: {v}\r\n".encode())
        out.write(b"\r\n")
    out.write(enc.body)
    if not enc.body.endswith(b"\n"):
        out.write(b"\n")
    out.flush()
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a message's payload (envelope stripped) against the packaged XSD."""
    from importlib.resources import files

    from lxml import etree

    import faxstatus
    from faxstatus._xml import parse_document

    body = _read(args.file)
    try:
        root = parse_document(body)
    except faxstatus.CodecError as exc:
        raise _Fail(f"{args.file}: {exc}") from None
    el = root
    if etree.QName(root).namespace in (faxstatus.SOAP11_NS, faxstatus.SOAP12_NS):
        bodies = [c for c in root if etree.QName(c).localname == "Body"]
        if len(bodies) != 1 or len(bodies[0]) != 1:
            raise _Fail(f"{args.file}: the envelope must hold one Body with one element")
        el = bodies[0][0]
    xsd_bytes = files("faxstatus.models").joinpath("faxws.xsd").read_bytes()
    schema = etree.XMLSchema(etree.fromstring(xsd_bytes))
    if schema.validate(el):
        print(f"{args.file}: valid ({etree.QName(el).localname})")
        return 0
    for err in schema.error_log:  # type: ignore[attr-defined]
        print(f"{args.file}:{err.line}: {err.message}")
    return 1


# ----------------------------------------------------------------------------- status


def _row(outcome: Any) -> list[str]:
    st = outcome.status
    if st is None:
        return [outcome.requested_id, "—", "", "", "", "", "", str(outcome.error)]
    status = (
        st.status.name.lower().replace("_", " ") if hasattr(st.status, "name") else str(st.status)
    )
    pages = "" if st.pages_sent is None else f"{st.pages_sent}/{st.pages_total}"
    delivered = st.delivered_at_raw or ""
    duration = f"{st.duration_seconds}s" if st.duration_seconds else ""
    err = "" if st.error is None else f"{st.error.code} {st.error.text}"
    ref = st.reference_id or ""
    return [
        outcome.requested_id,
        status,
        pages,
        delivered,
        duration,
        st.remote_csid or "",
        ref,
        err,
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


def _report_json(report: Any) -> dict[str, Any]:
    return {
        "operation": report.operation,
        "results": [
            {
                "job_id": o.requested_id,
                "status": None if o.status is None else o.status.as_dict(),
                "error": None
                if o.error is None
                else {"type": type(o.error).__name__, "message": str(o.error)},
            }
            for o in report.outcomes
        ],
        "unexpected": [s.as_dict() for s in report.unexpected],
        "duplicates": list(report.duplicates),
        "responses": [
            {
                "request_id": r.request_id,
                "activity_id": r.activity_id,
                "execution_time_ms": r.execution_time_ms,
                "http_status": r.http_status,
                "content_type": r.content_type.value,
                "attempts": r.attempts,
            }
            for r in report.responses
        ],
    }


def cmd_status(args: argparse.Namespace) -> int:
    """Query job statuses from a FaxWS endpoint."""
    import faxstatus
    from faxstatus import FaxStatusClient, Recorder, RetryPolicy, Timeouts

    user = args.user or os.environ.get("FAXSTATUS_USER")
    token = args.token or os.environ.get("FAXSTATUS_TOKEN")
    pin = args.pin or os.environ.get("FAXSTATUS_PIN")
    if not user:
        raise _Usage("--user (or FAXSTATUS_USER) is required")
    if not token and not pin:
        raise _Usage("give --token/FAXSTATUS_TOKEN or --pin/FAXSTATUS_PIN")
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
        raise _Fail(str(exc)) from None
    except ValueError as exc:
        raise _Usage(str(exc)) from None
    finally:
        if recorder is not None:
            for ex in recorder:
                print(ex.format(), file=sys.stderr)
                print(file=sys.stderr)
    if args.json:
        json.dump(_report_json(report), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(format_table(report))
    return 0 if not report.failures else 1


# ----------------------------------------------------------------------------- simulator


def _simulator(args: argparse.Namespace) -> Any:
    from faxstatus._simulator import Simulator

    return Simulator(user_id=args.user, pin=args.pin, tokens=(args.token,))


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the FaxWS simulator on loopback until interrupted."""
    from faxstatus._simulator import SimulatorServer

    server = SimulatorServer(_simulator(args), host=args.host, port=args.port)
    print(f"FaxWS simulator at {server.url} (user {args.user!r}; Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Start the simulator on a free loopback port and query it in every content type."""
    from faxstatus import FaxStatusClient, Recorder
    from faxstatus._simulator import SimulatorServer

    jobs = [
        "br1000000001",
        "br1000000002",
        "br1000000003",
        "br1000000004",
        "JRI-INV-1001",
        "br9999999999",
    ]
    with SimulatorServer(_simulator(args)) as server:
        print(f"FaxWS simulator listening on {server.url}\n")
        recorder = Recorder(maxlen=10)
        for ct in CONTENT_TYPES:
            with FaxStatusClient(
                args.user, token=args.token, endpoint=server.url, content_type=ct, recorder=recorder
            ) as client:
                report = client.get_real_time_fax_status_ex(jobs)
            meta = report.responses[0]
            print(
                f"GetRealTimeFaxStatusEx over HTTP as {ct} ({meta.content_type.value}): "
                f"HTTP {meta.http_status}, x-ch-activity-id {meta.activity_id}, "
                f"x-ch-execution-time {meta.execution_time_ms} ms"
            )
            print(format_table(report))
            print()
        with FaxStatusClient(
            args.user, pin=args.pin, endpoint=server.url, recorder=recorder
        ) as client:
            simple = client.simple_get_fax_status("JRI-INV-1003")
        name = getattr(simple.status, "name", simple.status)
        print(f"SimpleGetFaxStatus JRI-INV-1003 (UserID + strPIN): {simple.code} ({name})")
        last = recorder.last
        if last is not None:
            print("One exchange, as --trace shows it (secrets masked):")
            print(last.format())
    return 0


# ----------------------------------------------------------------------------- main


class _Usage(Exception):
    """A usage error: the usage line, then exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``faxstatus`` command."""
    p = _Parser(
        prog="faxstatus",
        description="Concord FaxWS v5 status toolkit: query, decode, encode, validate, simulate.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

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
        default="GetRealTimeFaxStatusEx",
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

    d = sub.add_parser(
        "decode",
        help="decode a captured message to its JSON form",
        description="Decode a request, response or fault (any content type); print its JSON form.",
    )
    d.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="file to read, or - for stdin"
    )
    d.add_argument("--content-type", choices=CONTENT_TYPES, help="skip detection")
    d.add_argument(
        "--lenient", action="store_true", help="skip unknown elements (listed on stderr)"
    )
    d.set_defaults(func=cmd_decode)

    e = sub.add_parser(
        "encode",
        help="encode the JSON form of a message for the wire",
        description="Read the JSON form of a message and write it in a wire format.",
    )
    e.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="file to read, or - for stdin"
    )
    e.add_argument("--content-type", choices=CONTENT_TYPES, required=True, help="wire format")
    e.add_argument("--headers", action="store_true", help="write the HTTP headers first")
    e.set_defaults(func=cmd_encode)

    v = sub.add_parser(
        "validate",
        help="validate a message against the XSD",
        description="Validate a message's payload (envelope stripped) against the FaxWS XSD.",
    )
    v.add_argument("file", metavar="FILE", help="file to validate, or - for stdin")
    v.set_defaults(func=cmd_validate)

    for name, func, text in (
        ("serve", cmd_serve, "run the FaxWS simulator"),
        ("demo", cmd_demo, "query the embedded simulator over loopback HTTP"),
    ):
        c = sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        c.add_argument("--user", default="demo-user", help="UserID the simulator accepts")
        c.add_argument("--pin", default="demo-pin", help="strPIN the simulator accepts")
        c.add_argument("--token", default="demo-token", help="bearer token the simulator accepts")
        if name == "serve":
            c.add_argument(
                "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
            )
            c.add_argument("--port", type=int, default=8080, help="port (default: %(default)s)")
        c.set_defaults(func=func)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except _Usage as exc:
        parser.error(str(exc))
    except _Fail as exc:
        print(f"faxstatus: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
