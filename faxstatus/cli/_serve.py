"""Subcommands that run the simulator: serve (foreground) and demo (the main job end to end)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._contract import ACTIVITY_ID_HEADER, EXECUTION_TIME_HEADER, SERVICE_PATH
from .._http import RULE_HEADER
from ._common import (
    CONTENT_TYPES,
    EXIT_LOOKUP,
    Fail,
    Usage,
    port_number,
    positive_factor,
    positive_float,
    positive_int,
)
from ._status import format_table

__all__ = ["register"]


def _instant(text: str) -> Any:
    """An argparse type: an ISO 8601 date-time with ``Z`` or an offset (``--epoch``)."""
    from datetime import datetime

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date-time such as 2026-11-26T09:00:00Z: {text!r}"
        ) from None
    if value.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"needs a time zone (Z or +hh:mm): {text!r}")
    return value


def _second(text: str) -> float:
    """An argparse type: a finite number of simulator seconds (``--at``; negative allowed)."""
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number of seconds: {text!r}")
    return value


def _scenario(path: str | None) -> Any:
    """The scenario in the file *path* (None: the simulator's default); Fail when unusable."""
    if path is None:
        return None
    from faxstatus.simulator import ScenarioError, load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise Fail(str(exc)) from None


def _simulator(args: argparse.Namespace, **more: Any) -> Any:
    from faxstatus.simulator import Simulator

    try:
        return Simulator(
            user_id=args.user,
            pin=args.pin,
            tokens=(args.token,),
            token_lifetime=getattr(args, "token_lifetime", 60.0),
            path=getattr(args, "path", SERVICE_PATH),
            strict=getattr(args, "strict", False),
            epoch=args.epoch,
            speed=args.speed,
            **more,
        )
    except ValueError as exc:  # an option the simulator refuses: --path nope, --user ''
        raise Usage(str(exc)) from None


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the FaxWS simulator until interrupted; one access-log line per request on stderr."""
    from faxstatus.simulator import SimulatorServer

    if args.scenario_keys:
        from faxstatus.simulator._scenario import SCENARIO_FORMAT

        print(SCENARIO_FORMAT)
        return 0
    if args.check_scenario:
        return _check_scenario(args, *args.check_scenario)
    where = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
    scenario = _scenario(args.scenario)
    sim = _simulator(args, scenario=scenario)
    if args.throttle is not None:
        sim.throttle(args.throttle, status=args.throttle_status)
    try:
        server = SimulatorServer(sim, host=args.host, port=args.port, access_log=sys.stderr)
    except (OSError, ValueError, OverflowError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise Fail(f"cannot listen on {where}: {reason}") from None
    print(f"FaxWS simulator at {server.url} (user {args.user!r}; Ctrl-C stops)", flush=True)
    print(f"OAuth 2.0 token endpoint at {server.token_url}", flush=True)
    if scenario is not None:
        print(f"Scenario {args.scenario}: {scenario.summary()}", flush=True)
    pushes = None
    try:
        if args.push_url is not None:
            pushes = push_sender(sim, args, log=sys.stderr)
            pushes.start()
            print(f"pushing final statuses to {pushes.shown_url} ({args.push_format})", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if pushes is not None:
            pushes.close()
        server.close()
    return 0


def _check_scenario(args: argparse.Namespace, path: str, request: str) -> int:
    """Dry-run the request in the file *request* against the scenario *path*; 3: no rule."""
    from faxstatus import CodecError
    from faxstatus.codec import decode_request
    from faxstatus.simulator._scenario import request_facts

    from ._capture import parse_captures, pick
    from ._common import read_input

    scenario = _scenario(path)
    captures = parse_captures(read_input(request), name=request)
    cap = pick([c for c in captures if "request" in c.label] or captures, request)
    headers = {k.lower(): v for k, v in cap.headers}
    if cap.content_type:
        headers["content-type"] = cap.content_type
    at = args.at
    sim = _simulator(args, scenario=scenario, clock=lambda: at)
    try:
        msg = decode_request(cap.body, headers.get("content-type"))
    except CodecError as exc:
        raise Fail(f"{request}: not a FaxWS request the rules can match: {exc}") from None
    facts = request_facts(sim, msg, headers)
    jobs = " ".join(sorted(facts.job_ids)) or "none"
    print(
        f"{request}: {facts.operation} as {facts.content_type}, credential {facts.credential}, "
        f"jobs {jobs}, at simulator second {at:g}"
    )
    reply = sim.handle("POST", headers, cap.body, path=sim.path)
    names = [] if reply.rule in ("", "-") else reply.rule.split(", ")
    by_name = {r.name: (i, r) for i, r in enumerate(scenario.rules, 1)}
    for name in names:
        i, rule = by_name[name]
        print(f"matches rule {i} {name!r}: {rule.describe()}")
    if not names:
        print(f"matches no rule of {path}: the simulator answers as it would without one")
    extra = "".join(f", {k} {v}" for k, v in reply.headers.items() if k.lower() == "retry-after")
    delay = f", after {reply.delay:g} s" if reply.delay else ""
    print(f"answer: HTTP {reply.status}{extra}{delay}")
    return 0 if names else EXIT_LOOKUP


def push_sender(sim: Any, args: argparse.Namespace, log: Any = None) -> Any:
    """The :class:`~faxstatus.simulator.PushSender` the ``--push-*`` options ask for."""
    from faxstatus.push import encode_notification
    from faxstatus.simulator import PushFaults, PushSender

    url, flavour, headers = args.push_url, args.push_format, list(args.push_header)

    def encode(fields: Any) -> Any:
        return encode_notification(fields, flavour, url=url, headers=headers)

    try:
        faults = PushFaults(
            delay=args.push_delay,
            duplicate=args.push_duplicates,
            reorder=args.push_reorder,
            loss=args.push_loss,
            lose=frozenset(args.push_lose),
            seed=args.push_seed,
        )
        return PushSender(sim, encode, url=url, faults=faults, log=log)
    except ValueError as exc:  # a share past 1, a URL that is not http(s)
        raise Usage(str(exc)) from None


#: The characters of a header name (RFC 9110 §5.6.2 tchar).
_TCHAR = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def header_pair(text: str) -> tuple[str, str]:
    """An argparse type: ``NAME=VALUE``, a request header (a token of RFC 9110 §5.6.2 as name)."""
    name, sep, value = text.partition("=")
    if not sep or not name or any(c not in _TCHAR for c in name):
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE with a header name, got {text!r}")
    if any(c in value for c in "\r\n\x00"):
        raise argparse.ArgumentTypeError("a header value cannot hold a line break or NUL")
    return name, value


def share(text: str) -> float:
    """An argparse type: a share from 0 to 1 (a probability)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a share from 0 to 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"a share is from 0 to 1, got {text}")
    return value


def add_push_options(c: argparse.ArgumentParser) -> None:
    """The ``--push-*`` options of ``serve``: where and how the simulator pushes final statuses."""
    g = c.add_argument_group(
        "push notifications",
        "POST (or GET) a notification to --push-url when each job becomes final, as Concord's "
        "Outbound Fax Delivery does; the faults are seeded, so every run is the same",
    )
    g.add_argument("--push-url", metavar="URL", help="where to push (default: no pushes)")
    g.add_argument(
        "--push-format",
        choices=("form", "multipart", "get", "soap"),
        default="form",
        help="the vendor's flavour (default: %(default)s)",
    )
    g.add_argument(
        "--push-header",
        type=header_pair,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a header every push carries (a shared secret); repeatable",
    )
    g.add_argument(
        "--push-delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait before each push, the vendor's lag (default: %(default)s)",
    )
    for name, what in (
        ("duplicates", "sent twice"),
        ("reorder", "held back and sent after the next one"),
        ("loss", "never sent (only a poll finds them)"),
    ):
        g.add_argument(
            f"--push-{name}",
            type=share,
            default=0.0,
            metavar="SHARE",
            help=f"the share of pushes {what}, 0 to 1 (default: %(default)s)",
        )
    g.add_argument(
        "--push-lose",
        action="append",
        default=[],
        metavar="JOBID",
        help="never push this job's final status; repeatable",
    )
    g.add_argument(
        "--push-seed",
        type=int,
        default=0,
        metavar="N",
        help="the faults' seed (default: %(default)s)",
    )


def cmd_demo(args: argparse.Namespace) -> int:
    """Start the simulator on a free loopback port and query it in every content type."""
    if not args.user:  # refused before anything is printed
        raise Usage("--user must not be empty (the UserID element is 1..1)")
    try:
        return _demo(args)
    except ValueError as exc:  # an option the client refuses (an empty user, a bad token)
        raise Usage(str(exc)) from None


def _demo(args: argparse.Namespace) -> int:
    from faxstatus import FaxStatusClient, Recorder
    from faxstatus.simulator import SimulatorServer

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
            answered = meta.content_type.value
            print(
                f"GetRealTimeFaxStatusEx over HTTP as {ct}"
                + ("" if answered == ct else f" (answered as {answered})")
                + ": "
                f"HTTP {meta.http_status}, {ACTIVITY_ID_HEADER} {meta.activity_id}, "
                f"{EXECUTION_TIME_HEADER} {meta.execution_time_ms} ms"
            )
            print(format_table(report))
            print()
        with FaxStatusClient(
            args.user, pin=args.pin, endpoint=server.url, recorder=recorder
        ) as client:
            simple = client.simple_get_fax_status("JRI-INV-1003")
        name = getattr(simple.status, "name", simple.status)
        print(f"SimpleGetFaxStatus JRI-INV-1003 (UserID + strPIN): {simple.code} ({name})")
        _oauth_demo(server, args.user)
        last = recorder.last
        if last is not None:
            print("One exchange, as --trace shows it (secrets masked):")
            print(last.format())
    _push_pull_demo(args)
    return 0


#: The push-and-pull demo's jobs: (id, pages, seconds to final, fails after pages or None).
_PUSH_JOBS = (
    ("br3000000001", 1, 20, None),
    ("br3000000002", 2, 45, None),  # its push is lost: only the poll finds it
    ("br3000000003", 3, 90, 1),
    ("br3000000004", 2, 420, None),  # final after the first poll: polled, then pushed
)
_PUSH_LOST = "br3000000002"
_PUSH_SEED = 17  # the seed whose rolls send br3000000003's push, and only it, twice


def _push_pull_demo(args: argparse.Namespace) -> None:
    """Push and pull end to end on loopback: the simulator pushes, a watch listens and polls.

    The clock is the demo's own (no second of it is waited for), so the run is short and
    the same every time: the vendor's guideline pace (first poll after 300 s, then every
    60 s), one push lost on purpose and found by the poll, one sent twice and harmless.
    """
    from faxstatus import FaxStatusClient
    from faxstatus.push import (
        ListenServer,
        NotificationStore,
        PushPullWatch,
        Receiver,
        encode_notification,
    )
    from faxstatus.simulator import PushFaults, PushSender, SimJob, Simulator, SimulatorServer

    now = [0.0]
    jobs = [
        SimJob(j, pages, 0, queue_seconds=done - pages, seconds_per_page=1, fail_after_pages=fail)
        for j, pages, done, fail in _PUSH_JOBS
    ]
    sim = Simulator(jobs, user_id=args.user, pin=args.pin, epoch=args.epoch, clock=lambda: now[0])
    store = NotificationStore(None)
    try:  # closed however the demo ends: its SQLite connection too
        receiver = Receiver(store)
        with SimulatorServer(sim) as server, ListenServer(receiver) as listener:
            url = listener.url + "push"

            def encode(fields: Any) -> Any:
                return encode_notification(fields, "form", url=url)

            faults = PushFaults(lose=frozenset({_PUSH_LOST}), duplicate=0.3, seed=_PUSH_SEED)
            with (
                PushSender(sim, encode, url=url, faults=faults, tick=0.01) as sender,
                FaxStatusClient(args.user, pin=args.pin, endpoint=server.url) as client,
            ):

                def sleep(seconds: float) -> None:
                    now[0] += seconds
                    sender.flush(timeout=30)  # what became final is pushed (and stored) first

                watch = PushPullWatch(
                    client,
                    [j for j, *_ in _PUSH_JOBS],
                    store,
                    clock=lambda: now[0],
                    sleep=sleep,
                    tick=1.0,
                )
                print(
                    "\nPush and pull (demo time, not waited for): the simulator pushes each final "
                    "status to\na watch listening on loopback, which polls as the vendor's "
                    "guideline says: after\n300 s for a job no final push came for, then every "
                    f"60 s. The push of {_PUSH_LOST} is lost\non purpose; one push is sent twice."
                )
                for o in watch:
                    source = watch.sources[o.requested_id]
                    why = ""
                    if source == "poll" and o.requested_id in sender.lost:
                        why = " (its push was lost)"
                    elif source == "poll" and not o.final:
                        why = " (no final push yet)"
                    copies = store.count(o.requested_id)
                    if copies > 1:
                        why = f" (pushed {copies} times: the copy changed nothing)"
                    kind = o.kind.replace("_", " ")
                    print(f"  t={now[0]:4.0f} s  {o.requested_id}  {kind:<11}  by {source}{why}")
        print(
            f"  {store.count()} pushes stored ({len(sender.delivered)} acknowledged, "
            f"{len(sender.lost)} lost), {sim.requests} poll requests; "
            f"{sum(o.final for o in watch.report)}/{len(_PUSH_JOBS)} final"
        )
    finally:
        store.close()


def _oauth_demo(server: Any, user: str) -> None:
    """OAuth 2.0 end to end: a token, its reuse, renewal before expiry, a 401 and one retry."""
    import time

    from faxstatus import FaxStatusClient, OAuth2

    sim = server.simulator
    sim.oauth.lifetime = 2.0  # short-lived tokens, so that the demo sees them expire
    auth = OAuth2(
        server.token_url,
        client_id="demo-client",
        client_secret="demo-secret",  # noqa: S106 - the simulator's public demo client
    )
    print(f"\nOAuth 2.0 against {server.token_url} (client demo-client; secrets never shown):")

    def call(label: str) -> None:
        before = sim.requests
        kind = client.get_real_time_fax_status_ex(["br1000000001"])["br1000000001"].kind
        sent = sim.requests - before
        print(
            f"  {label}: {kind}; {sent} request{'s' if sent > 1 else ''}, "
            f"{auth.fetches} token{'s' if auth.fetches > 1 else ''} so far "
            f"(last from the {auth.last_grant} grant)"
        )

    with FaxStatusClient(user, auth=auth, endpoint=server.url) as client:
        call("first call")
        call("second call, token reused")
        time.sleep(1.2)  # past the renewal point (half of a 2 s token's life)
        call("1.2 s later, renewed before it expired")
        sim.oauth.expire_all()  # the service now refuses the token the client holds
        call("after the service expired it: HTTP 401, then one retry")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's subcommands to *sub*."""
    for name, func, text in (
        ("serve", cmd_serve, "run the FaxWS simulator"),
        ("demo", cmd_demo, "query the embedded simulator over loopback HTTP"),
    ):
        c = sub.add_parser(
            name,
            help=text,
            description=text[0].upper() + text[1:] + ".",
            epilog="The simulator's OAuth 2.0 token endpoint (/oauth/token) knows the client "
            "demo-client with secret demo-secret, and the password grant for demo-user with "
            "password demo-password. These are made-up demo credentials."
            if name == "serve"
            else None,
        )
        c.add_argument(
            "--user", default="demo-user", help="UserID the simulator accepts (%(default)s)"
        )
        c.add_argument(
            "--pin", default="demo-pin", help="strPIN the simulator accepts (%(default)s)"
        )
        c.add_argument(
            "--token", default="demo-token", help="bearer token the simulator accepts (%(default)s)"
        )
        c.add_argument(
            "--epoch",
            type=_instant,
            default=None,
            metavar="DATETIME",
            help="the wall-clock time the simulator's dates count from, e.g. "
            "2026-11-26T09:00:00Z, for reproducible dates (default: now)",
        )
        c.add_argument(
            "--speed",
            type=positive_factor,
            default=1.0,
            metavar="FACTOR",
            help="jobs advance FACTOR times faster than real time; token lifetimes stay in "
            "real seconds (default: %(default)s)",
        )
        if name == "serve":
            c.add_argument(
                "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
            )
            c.add_argument(
                "--port", type=port_number, default=8080, help="port (default: %(default)s)"
            )
            c.add_argument(
                "--token-lifetime",
                type=positive_float,
                default=60.0,
                help="seconds an OAuth access token lives (default: %(default)s)",
            )
            c.add_argument(
                "--path", default=SERVICE_PATH, help="endpoint path (default: %(default)s)"
            )
            c.add_argument(
                "--scenario",
                metavar="FILE",
                help="jobs and rules from a TOML (or .json) file: rules matched by job id, "
                "JRI- reference, operation, content type, credential kind or simulator time "
                "set a job's timeline, a WSError, a SOAP fault, an HTTP status, a delay or a "
                "throttle (429/503 with Retry-After); each answer names its rule in the "
                f"{RULE_HEADER} header and the access log. Default: the demo jobs, the "
                "package's faxstatus/simulator/scenarios/demo.toml (a starting point to copy)",
            )
            c.add_argument(
                "--check-scenario",
                nargs=2,
                metavar=("FILE", "REQUEST"),
                help="dry-run: match the request in the file REQUEST (a body, a raw HTTP "
                "request, curl -v output or a HAR) against the rules of FILE, print the rule "
                "that matches and the answer, and exit (0: a rule matched; 3: none did)",
            )
            c.add_argument(
                "--at",
                type=_second,
                default=0.0,
                metavar="SECONDS",
                help="with --check-scenario: the simulator second to match at (default 0)",
            )
            c.add_argument(
                "--scenario-keys",
                action="store_true",
                help="print every key a scenario file takes, and exit",
            )
            c.add_argument(
                "--throttle",
                type=positive_int,
                metavar="N",
                help="answer FaxWS requests past N a minute (of the simulator's clock: real "
                "time times --speed) with --throttle-status and a Retry-After (default: none)",
            )
            c.add_argument(
                "--throttle-status",
                type=int,
                choices=(429, 503),
                default=429,
                help="the status of a throttled request (default: %(default)s)",
            )
            add_push_options(c)
            c.add_argument(
                "--strict",
                action="store_true",
                help="reject requests the real (gSOAP) service tolerates: unknown, unqualified, "
                "reordered or missing elements (a SOAP fault names the element and the rule)",
            )
        c.set_defaults(func=func)
