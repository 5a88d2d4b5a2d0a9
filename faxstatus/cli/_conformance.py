"""The ``conformance`` subcommand: grade another binding (decoder, encoder, client, server)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from .._contract import REQUEST_ID_HEADER, SERVICE_PATH
from ._common import CONTENT_TYPES, Fail, Usage, add_tls_options, tls_options

__all__ = ["register"]


def _outputs(args: argparse.Namespace, report: Any) -> int:
    from faxstatus.conformance import format_terminal, write_html, write_json, write_junit

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"conformance-{report.target}"
    paths = {
        "json": stem.with_suffix(".json"),
        "junit": stem.with_suffix(".junit.xml"),
        "html": stem.with_suffix(".html"),
    }
    write_json(report, paths["json"])
    write_junit(report, paths["junit"])
    write_html(report, paths["html"])
    print(format_terminal(report, verbose=args.verbose))
    print("reports: " + ", ".join(str(p) for p in paths.values()))
    return 0 if report.ok else 1


def _progress(args: argparse.Namespace) -> Any:
    if args.quiet or not sys.stderr.isatty():
        return None

    def show(result: Any) -> None:
        sys.stderr.write(f"\r{result.verdict.value:<14} {result.case.id[:80]:<80}")
        sys.stderr.flush()

    return show


def _select(cases: list[Any], patterns: list[str] | None, key: Any = lambda c: c.id) -> list[Any]:
    if not patterns:
        return cases
    from fnmatch import fnmatchcase

    chosen = [c for c in cases if any(fnmatchcase(key(c), p) or p in key(c) for p in patterns)]
    if not chosen:
        raise Fail(f"no case matches {', '.join(patterns)}")
    return chosen


def cmd_adapter(args: argparse.Namespace) -> int:
    """Run the decoder or encoder cases through an adapter command."""
    from faxstatus.conformance import decoder_cases, encoder_cases
    from faxstatus.conformance._adapter import Adapter, run_adapter

    command = list(args.command)
    if command[:1] == ["--"]:
        command = command[1:]
    if not command:
        raise Usage(f"conformance {args.target}: give the adapter command after --")
    vectors = Path(args.vectors) if args.vectors else None
    build = decoder_cases if args.target == "decoder" else encoder_cases
    cases = _select(build(vectors), args.case)
    progress = _progress(args)
    with Adapter(command, batch=args.batch, timeout=args.timeout) as adapter:
        report = run_adapter(args.target, cases, adapter, progress=progress)
    if progress is not None:
        sys.stderr.write("\r" + " " * 96 + "\r")
    return _outputs(args, report)


def cmd_server(args: argparse.Namespace) -> int:
    """Grade the FaxWS status service at URL with our client."""
    import os

    from faxstatus.conformance._server import ServerOptions, run_server

    if not args.url.startswith(("http://", "https://")):
        raise Usage(f"conformance server: URL must be http(s), got {args.url!r}")
    opts = ServerOptions(
        url=args.url,
        user=args.user,
        pin=os.environ.get("FAXSTATUS_PIN", args.pin),
        token=os.environ.get("FAXSTATUS_TOKEN", args.token),
        jobs=tuple(args.job or ("br1000000001", "JRI-INV-1001")),
        unknown_job=args.unknown_job,
        timeout=args.timeout,
        **tls_options(args),
    )
    progress = _progress(args)
    try:
        report = run_server(opts, operations=args.operation, forms=args.form, progress=progress)
    except ValueError as exc:  # an unknown operation or form name, a --cacert that is no bundle
        raise Usage(f"conformance server: {exc}") from None
    if progress is not None:
        sys.stderr.write("\r" + " " * 96 + "\r")
    report.results = _select(report.results, args.case, key=lambda r: r.case.id)
    return _outputs(args, report)


def cmd_client(args: argparse.Namespace) -> int:
    """Run the grading simulator, hand out the script, grade the client's requests."""
    import json
    import os
    import subprocess

    from faxstatus.conformance._client import ClientGrader

    command = list(args.command)
    if command[:1] == ["--"]:
        command = command[1:]
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    with ClientGrader(host=args.host, port=args.port) as grader:
        script = grader.script()
        script_path = out / "conformance-client-script.json"
        script_path.write_text(json.dumps(script, indent=1) + "\n", "utf-8")
        print(f"grading simulator at {grader.url}; the script of calls is in {script_path}")
        # The kit's own made-up credentials (public constants, no one's secret): the client
        # under test needs them to make the calls.
        print(
            f"UserID {script['UserID']}, strPIN {script['strPIN']}, "
            f"bearer token {script['bearer_token']}; a fresh {REQUEST_ID_HEADER} per call"
        )
        if not args.quiet:
            for step in script["steps"]:
                ids = " ".join(step["job_ids"]) or "-"
                optional = "" if step["required"] else " (optional)"
                print(
                    f"  {step['step']} {step['operation']} {step['content_type']} "
                    f"auth={_auth_word(step)} ids={ids}{optional}: {step['expect']}"
                )
        sys.stdout.flush()
        if command:
            env = dict(os.environ, FAXWS_SCRIPT=str(script_path), FAXWS_URL=grader.url)
            try:
                done = subprocess.run(command, env=env, timeout=args.wait, check=False)  # noqa: S603
            except subprocess.TimeoutExpired:
                print(f"the client did not finish within {args.wait:g} s", file=sys.stderr)
            except OSError as exc:
                raise Fail(f"cannot run {command[0]}: {exc.strerror}") from None
            else:
                if done.returncode:
                    print(f"the client exited with status {done.returncode}", file=sys.stderr)
            grader.wait(2.0)
        else:
            print(f"waiting up to {args.wait:g} s for the required calls (Ctrl-C ends early)")
            with contextlib.suppress(KeyboardInterrupt):
                grader.wait(args.wait, grace=2.0)
        report = grader.report()
    report.results = _select(report.results, args.case, key=lambda r: r.case.id)
    return _outputs(args, report)


def _auth_word(step: dict[str, Any]) -> str:
    creds = step["credentials"]
    if "Authorization" in creds:
        return "bearer"
    if not creds:
        return "none"
    return "pin" if creds["strPIN"] == "conformance-pin" else f"strPIN={creds['strPIN']}"


def _common_args(c: argparse.ArgumentParser) -> None:
    c.add_argument(
        "--output",
        "-o",
        default="conformance-report",
        metavar="DIR",
        help="folder for the JSON, JUnit XML and HTML reports (default: %(default)s)",
    )
    c.add_argument("--case", action="append", metavar="PATTERN", help="run only matching cases")
    c.add_argument("--verbose", "-v", action="store_true", help="list passing cases too")
    c.add_argument("--quiet", "-q", action="store_true", help="no progress line")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``conformance`` and its targets to *sub*."""
    from ._common import Parser

    c = sub.add_parser(
        "conformance",
        help="grade another FaxWS implementation (decoder, encoder, client, server)",
        description=(
            "Grade another FaxWS binding from the outside: its decoder or encoder through an "
            "adapter command, its client or server over HTTP. Writes a terminal summary, JSON, "
            "JUnit XML and a self-contained HTML report; exits 0 only when no case fails."
        ),
    )
    targets = c.add_subparsers(dest="target", required=True, metavar="TARGET", parser_class=Parser)
    for target, text in (
        ("decoder", "run an adapter command on every decoder case"),
        ("encoder", "run an adapter command on every encoder case"),
    ):
        t = targets.add_parser(target, help=text, description=text[0].upper() + text[1:] + ".")
        t.add_argument(
            "command",
            nargs=argparse.REMAINDER,
            metavar="-- CMD …",
            help="the adapter command (see the README, 'For binding authors')",
        )
        t.add_argument("--batch", action="store_true", help="start the adapter once (CMD … batch)")
        t.add_argument(
            "--timeout", type=float, default=30.0, help="seconds per case (default: %(default)s)"
        )
        t.add_argument("--vectors", metavar="DIR", help="golden vectors folder (tests/vectors)")
        _common_args(t)
        t.set_defaults(func=cmd_adapter)

    text = "grade a FaxWS status service at URL with our client"
    srv = targets.add_parser("server", help=text, description=text[0].upper() + text[1:] + ".")
    srv.add_argument(
        "url", metavar="URL", help=f"the endpoint, e.g. http://127.0.0.1:8080{SERVICE_PATH}"
    )
    srv.add_argument("--user", default="demo-user", help="UserID (default: %(default)s)")
    add_tls_options(srv)
    srv.add_argument(
        "--pin",
        default="demo-pin",
        help="strPIN it accepts (prefer FAXSTATUS_PIN in the environment)",
    )
    srv.add_argument(
        "--token",
        default="demo-token",
        help="bearer token it accepts (prefer FAXSTATUS_TOKEN in the environment)",
    )
    srv.add_argument(
        "--job",
        action="append",
        metavar="ID",
        help="a job id it knows (repeat; default: the simulator's br1000000001 and JRI-INV-1001)",
    )
    srv.add_argument(
        "--unknown-job", default="br9999999999", metavar="ID", help="an id it does not know"
    )
    srv.add_argument(
        "--operation",
        action="append",
        metavar="OP",
        help="grade only this operation (repeat; default: every one)",
    )
    srv.add_argument(
        "--form",
        action="append",
        choices=CONTENT_TYPES,
        help="grade only this content type (repeat; default: all four)",
    )
    srv.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per request (default: %(default)s)"
    )
    _common_args(srv)
    srv.set_defaults(func=cmd_server)

    text = "run the grading simulator and grade another client's requests"
    cl = targets.add_parser("client", help=text, description=text[0].upper() + text[1:] + ".")
    cl.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    cl.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    cl.add_argument(
        "--wait", type=float, default=300.0, help="seconds to wait for the client (default: 300)"
    )
    cl.add_argument(
        "command",
        nargs=argparse.REMAINDER,
        metavar="-- CMD …",
        help="run the client under test with FAXWS_SCRIPT and FAXWS_URL set, then grade",
    )
    _common_args(cl)
    cl.set_defaults(func=cmd_client)
