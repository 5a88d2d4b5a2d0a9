"""The ``conformance`` subcommand: grade another binding (decoder, encoder, client, server)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from .._contract import REQUEST_ID_HEADER, SERVICE_PATH
from ._common import (
    CONTENT_TYPES,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_TIMEOUT,
    Fail,
    Usage,
    add_tls_options,
    positive_float,
    tls_options,
)
from ._progress import Progress

__all__ = ["register"]


def _outputs(args: argparse.Namespace, report: Any) -> int:
    from faxstatus.conformance import format_terminal, write_html, write_json, write_junit

    report.strict = args.strict
    if args.min_coverage is not None:
        report.min_coverage = args.min_coverage
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
    if report.timed_out:
        return EXIT_TIMEOUT
    return EXIT_OK if report.ok else EXIT_FAILED


def _progress(args: argparse.Namespace, total: int | None = None) -> Progress | None:
    """The run's progress line (cases done, rate, time left), unless --quiet."""
    if args.quiet:
        return None
    return Progress(f"conformance {args.target}", total, unit="cases")


def _each_result(progress: Progress | None) -> Any:
    """The kit's per-result callback, advancing *progress* (None: no callback)."""
    if progress is None or not progress.enabled:
        return None

    def show(result: Any) -> None:
        progress.advance(note=f"{result.verdict.value} {result.case.id}")

    return show


def _exclusion(text: str) -> tuple[str, str]:
    """An argparse type: ``CASE=REASON`` (a pattern, and why it is not run)."""
    pattern, sep, reason = text.partition("=")
    if not sep or not pattern.strip() or not reason.strip():
        raise argparse.ArgumentTypeError(f"expected CASE=REASON, got {text!r}")
    return pattern.strip(), reason.strip()


def _named(text: str) -> tuple[str, str]:
    """An argparse type: ``NAME=VALUE``."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value.strip()


def _percent(text: str) -> float:
    """An argparse type: a percentage from 0 to 100."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage, got {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"a percentage is 0 to 100, got {text}")
    return value


def _selection(args: argparse.Namespace) -> Any:
    from faxstatus.conformance._model import Selection

    return Selection(tuple(args.case or ()), dict(args.exclude or ()))


def _selected(cases: list[Any], selection: Any) -> tuple[list[Any], list[Any]]:
    send, excluded = selection.apply(cases)
    if not send and not excluded:
        raise Fail(f"no case matches {', '.join(selection.include)}")
    return send, excluded


def _list(cases: list[Any], selection: Any, calibration: list[Any] = ()) -> int:  # type: ignore[assignment]
    """``--list``: what a run would send, one case a line, nothing sent."""
    for case in calibration:
        print(f"calibrate  {case.id}  {case.title}")
    n = 0
    for case in cases:
        if not selection.chosen(case.id):
            continue
        reason = selection.excluded(case.id)
        mark = "exclude" if reason else "run"
        print(f"{mark:<10} {case.id}  {case.title}")
        print(f"{'':<10} rule: {case.rule}")
        print(
            f"{'':<10} acceptable: {case.acceptable}" + (f"; excluded: {reason}" if reason else "")
        )
        n += 1
    print(f"{n} cases listed (--list: nothing was sent)")
    return EXIT_OK


def _deadline(args: argparse.Namespace) -> Any:
    from faxstatus._boundary import Deadline

    return Deadline(args.timeout)


def cmd_adapter(args: argparse.Namespace) -> int:
    """Run the decoder or encoder cases through an adapter command."""
    from faxstatus.conformance import decoder_cases, encoder_cases
    from faxstatus.conformance._adapter import Adapter, calibration_cases, for_role, run_adapter

    command = list(args.command)
    if command[:1] == ["--"]:
        command = command[1:]
    vectors = Path(args.vectors) if args.vectors else None
    build = decoder_cases if args.target == "decoder" else encoder_cases
    cases = for_role(args.target, build(vectors), args.role)
    selection = _selection(args)
    if args.list:
        return _list(cases, selection, calibration_cases(args.target, args.role))
    if not command:
        raise Usage(f"conformance {args.target}: give the adapter command after --")
    send, excluded = _selected(cases, selection)
    progress = _progress(args, len(send))
    with Adapter(
        command,
        batch=args.batch,
        timeout=args.case_timeout,
        deadline=_deadline(args),
        numbers_as_strings=args.numbers_as_strings,
    ) as adapter:
        report = run_adapter(
            args.target,
            send,
            adapter,
            progress=_each_result(progress),
            role=args.role,
            excluded=excluded,
        )
    report.options = {
        "role": args.role,
        "numbers_as_strings": args.numbers_as_strings,
        "exclude": dict(args.exclude or ()),
        "case": list(args.case or ()),
    }
    if progress is not None:
        progress.close()
    return _outputs(args, report)


def _credentials(args: argparse.Namespace) -> tuple[str, str, str]:
    """(user, pin, token) for ``conformance server``: given explicitly, never a default."""
    import os

    pin = args.pin if args.pin is not None else os.environ.get("FAXSTATUS_PIN", "")
    token = args.token if args.token is not None else os.environ.get("FAXSTATUS_TOKEN", "")
    if not args.user or not (pin or token):
        raise Usage(
            "conformance server: give the credentials the server accepts: --user with "
            "--token (or FAXSTATUS_TOKEN) and/or --pin (or FAXSTATUS_PIN); the kit has no "
            "default credentials (a wrong default would grade the kit, not the server)"
        )
    return args.user, pin, token


def cmd_server(args: argparse.Namespace) -> int:
    """Grade the FaxWS status service at URL with our client."""
    from faxstatus.conformance._server import ServerOptions, list_server, run_server

    if not args.url.startswith(("http://", "https://")):
        raise Usage(f"conformance server: URL must be http(s), got {args.url!r}")
    selection = _selection(args)
    if args.list:
        user, pin, token = args.user or "user", args.pin or "", args.token or "token"
    else:
        user, pin, token = _credentials(args)
    opts = ServerOptions(
        url=args.url,
        user=user,
        pin=pin,
        token=token,
        jobs=tuple(args.job or ("br1000000001", "JRI-INV-1001")),
        unknown_job=args.unknown_job,
        timeout=args.request_timeout,
        run_timeout=args.timeout,
        **tls_options(args),
    )
    try:
        if args.list:
            return _list(list_server(opts, operations=args.operation, forms=args.form), selection)
        progress = _progress(args)
        report = run_server(
            opts,
            operations=args.operation,
            forms=args.form,
            progress=_each_result(progress),
            selection=selection,
        )
    except ValueError as exc:  # an unknown operation or form name, a --cacert that is no bundle
        raise Usage(f"conformance server: {exc}") from None
    if not report.results and not report.timed_out:
        raise Fail(f"no case matches {', '.join(selection.include)}")
    if progress is not None:
        progress.close()
    report.options = {"exclude": dict(args.exclude or ()), "case": list(args.case or ())}
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
    if args.list:
        from faxstatus.conformance._client import script_steps

        for step in script_steps():
            need = "required" if step.required else "optional"
            print(
                f"run        client/{step.id}/*  {step.operation} {step.form} ({need}): "
                f"{step.title}"
            )
            print(f"{'':<10} acceptable: {step.expect}")
        print("--list: nothing was started")
        return EXIT_OK
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
    selection = _selection(args)
    kept = []
    for r in report.results:
        if not selection.chosen(r.case.id):
            continue
        reason = selection.excluded(r.case.id)
        kept.append(r if reason is None else _excluded(r.case, reason))
    report.results = kept
    return _outputs(args, report)


def cmd_matrix(args: argparse.Namespace) -> int:
    """Put several implementations' reports side by side: one HTML page and its JSON."""
    from faxstatus.conformance._matrix import Column, build_matrix, load_column, write_matrix

    columns = []
    for name, value in args.impl or ():
        columns.append(load_column(name, Path(value)))
    for name, reason in args.skip or ():
        columns.append(Column(name, skipped=reason))
    if not columns:
        raise Usage("conformance matrix: give at least one --impl NAME=DIR")
    matrix = build_matrix(columns)
    data, page = write_matrix(matrix, Path(args.output))
    for impl in matrix["implementations"]:
        if impl["skipped"]:
            print(f"{impl['name']}: skipped: {impl['skipped']}")
            continue
        s = impl["summary"]
        roles = ", ".join(r["target"] for r in impl["roles"])
        print(
            f"{impl['name']} ({roles}): {impl['cases']} cases, {s['pass']} pass, "
            f"{s['non-strict']} non-strict, {s['fail']} fail, {s['informational']} informational"
        )
    print(f"matrix: {page}, {data}")
    return EXIT_OK


def _excluded(case: Any, reason: str) -> Any:
    from faxstatus.conformance._model import excluded_result

    return excluded_result(case, reason)


def _auth_word(step: dict[str, Any]) -> str:
    creds = step["credentials"]
    if "Authorization" in creds:
        return "bearer"
    if not creds:
        return "none"
    return "pin" if creds["strPIN"] == "conformance-pin" else f"strPIN={creds['strPIN']}"


def _common_args(c: argparse.ArgumentParser, *, timeout: bool = True) -> None:
    c.add_argument(
        "--output",
        "-o",
        default="conformance-report",
        metavar="DIR",
        help="folder for the JSON, JUnit XML and HTML reports (default: %(default)s)",
    )
    c.add_argument(
        "--case", action="append", metavar="PATTERN", help="run only matching cases (repeat)"
    )
    c.add_argument(
        "--exclude",
        action="append",
        type=_exclusion,
        metavar="CASE=REASON",
        help="do not send matching cases; the report lists them with REASON (repeat)",
    )
    c.add_argument("--list", action="store_true", help="list the cases a run sends; send nothing")
    c.add_argument("--strict", action="store_true", help="count non-strict verdicts as failures")
    c.add_argument(
        "--min-coverage",
        type=_percent,
        metavar="PERCENT",
        help="fail unless this share of the cases is graded, not informational "
        "(default: the kit's, 50)",
    )
    if timeout:
        c.add_argument(
            "--timeout",
            type=positive_float,
            metavar="SECONDS",
            help="seconds for the whole run; exit 124 when it runs out (default: none)",
        )
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
    # The adapter protocol in brief; docs/conformance.md "The adapter protocol" has the full text.
    calls = {
        "decoder": "Per case the kit runs CMD … decode CONTENT-TYPE with the message bytes on "
        "stdin; the adapter prints the JSON form (tests/vectors/<Operation>/json/) and exits "
        "0 accepted, 1 rejected, 3 unsupported.",
        "encoder": "Per case the kit runs CMD … encode FORM (soap12, soap11, xml or json) with "
        "the JSON form on stdin; the adapter prints the wire body and exits 0 encoded, "
        "1 refused, 3 unsupported.",
    }
    for target, text in (
        ("decoder", "run an adapter command on every decoder case"),
        ("encoder", "run an adapter command on every encoder case"),
    ):
        t = targets.add_parser(
            target,
            help=text,
            description=f"{text[0].upper()}{text[1:]}. {calls[target]} With --batch it runs "
            "CMD … batch once, one JSON line per case each way. Exit 0 when the run passes, "
            "1 when not, 124 when --timeout runs out.",
        )
        t.add_argument(
            "command",
            nargs=argparse.REMAINDER,
            metavar="-- CMD …",
            help="the adapter command, e.g. -- node examples/conformance/node_soap_adapter.js "
            "(README.md, 'For binding authors')",
        )
        t.add_argument("--batch", action="store_true", help="start the adapter once (CMD … batch)")
        t.add_argument(
            "--case-timeout",
            type=positive_float,
            default=30.0,
            metavar="SECONDS",
            help="seconds for one case (default: %(default)s)",
        )
        t.add_argument(
            "--role",
            choices=("both", "client", "server"),
            default="both",
            help="client: responses and faults to decode, requests to encode (a client-only "
            "library); server: the reverse (default: both)",
        )
        t.add_argument(
            "--numbers-as-strings",
            action="store_true",
            help="integers may travel as JSON strings, in and out (FAXWS_NUMBERS=strings)",
        )
        t.add_argument("--vectors", metavar="DIR", help="golden vectors folder (tests/vectors)")
        _common_args(t)
        t.set_defaults(func=cmd_adapter)

    text = "grade a FaxWS status service at URL with our client"
    srv = targets.add_parser("server", help=text, description=text[0].upper() + text[1:] + ".")
    srv.add_argument(
        "url", metavar="URL", help=f"the endpoint, e.g. http://127.0.0.1:8080{SERVICE_PATH}"
    )
    srv.add_argument("--user", help="UserID the server accepts (required)")
    add_tls_options(srv)
    srv.add_argument("--pin", help="strPIN it accepts (prefer FAXSTATUS_PIN in the environment)")
    srv.add_argument(
        "--token", help="bearer token it accepts (prefer FAXSTATUS_TOKEN in the environment)"
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
        "--request-timeout",
        type=positive_float,
        default=30.0,
        metavar="SECONDS",
        help="seconds for one exchange (default: %(default)s)",
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
    _common_args(cl, timeout=False)
    cl.set_defaults(func=cmd_client)

    text = "put several implementations' reports side by side (one HTML page and JSON)"
    mx = targets.add_parser("matrix", help=text, description=text[0].upper() + text[1:] + ".")
    mx.add_argument(
        "--impl",
        action="append",
        type=_named,
        metavar="NAME=DIR",
        help="an implementation and the folder of its conformance-*.json reports (repeat)",
    )
    mx.add_argument(
        "--skip",
        action="append",
        type=_named,
        metavar="NAME=REASON",
        help="an implementation that could not be run, and why (repeat)",
    )
    mx.add_argument(
        "--output",
        "-o",
        default="conformance-report",
        metavar="DIR",
        help="folder for conformance-matrix.html and .json (default: %(default)s)",
    )
    mx.set_defaults(func=cmd_matrix)
