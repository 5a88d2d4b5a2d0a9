"""The ``watch`` subcommand: poll jobs until every one is final, with a live display."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import time
from typing import Any, TextIO

from .._contract import (
    DEFAULT_GIVE_UP_AFTER,
    DEFAULT_MAX_PER_MINUTE,
    PULL_AFTER_SECONDS,
    PULL_EVERY_SECONDS,
)
from .._visible import visible, visible_line
from ._common import (
    EXIT_FAILED,
    EXIT_TIMEOUT,
    STATUS_OPS,
    Fail,
    Usage,
    exit_code,
    failure_lines,
    port_number,
    positive_float,
    positive_int,
)
from ._connect import add_connection_options, add_id_options, make_client, read_ids, trace_out

__all__ = [
    "EXIT_TIMEOUT",
    "LiveDisplay",
    "PlainLines",
    "follow",
    "give_up_line",
    "register",
    "summary",
    "trouble_note",
]


def _pages(o: Any) -> tuple[int, int]:
    st = o.status if o.status is not None else getattr(o.error, "item", None)
    if st is None or st.pages_total is None:
        return 0, 0
    return st.pages_sent or 0, st.pages_total


def _label(o: Any) -> str:
    return str(o.kind).replace("_", " ")


def _bar(done: int, total: int, width: int) -> str:
    if total <= 0:
        return ""
    filled = min(width, width * done // total)
    return "█" * filled + "░" * (width - filled)


def summary(outcomes: list[Any], total: int) -> str:
    """``3/6 final · pages 20/62 · 2 succeeded, 1 failed, …`` for the outcomes so far."""
    final = sum(1 for o in outcomes if o.final)
    sent = sum(_pages(o)[0] for o in outcomes)
    pages = sum(_pages(o)[1] for o in outcomes)
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[_label(o)] = counts.get(_label(o), 0) + 1
    kinds = ", ".join(f"{n} {k}" for k, n in counts.items())
    return f"{final}/{total} final · pages {sent}/{pages}" + (f" · {kinds}" if kinds else "")


class LiveDisplay:
    """Redraws a status block in place on a terminal: totals, then one line per job.

    The block never grows past the terminal's height (a cursor cannot move above the top
    of the screen, so a taller block could not be redrawn in place): when the jobs do not
    fit, the ones not final yet are listed first and the rest counted on one line. Each draw
    costs one pass over the jobs and writes at most a screenful.
    """

    def __init__(self, stream: TextIO, ids: list[str], header: str) -> None:
        self.stream = stream
        self.ids = ids
        self.header = header
        self.started = time.monotonic()
        self._lines = 0
        self._idw = max(len(j) for j in ids)

    def _job_line(self, j: str, o: Any) -> str:
        if o is None:
            return f"  {j:<{self._idw}}  …"
        sent, total = _pages(o)
        pages = f"{sent}/{total}" if total else ""
        bar = _bar(sent, total, 12) if o.status is not None and not o.final else ""
        return f"  {j:<{self._idw}}  {_label(o):<12}  {pages:>7}  {bar}".rstrip()

    def lines(self, current: dict[str, Any], note: str, size: os.terminal_size) -> list[str]:
        """The block for a terminal of *size*: header, totals, then as many jobs as fit."""
        outs = [current[j] for j in self.ids if j in current]
        elapsed = int(time.monotonic() - self.started)
        lines = [self.header, f"{summary(outs, len(self.ids))} · {elapsed} s{note}"]
        room = max(1, size.lines - len(lines) - 1)  # the last row stays for the cursor
        if len(self.ids) <= room:
            shown = self.ids
        else:
            # Jobs still moving first (the ones worth watching), in the order asked.
            shown = [j for j in self.ids if j not in current or not current[j].final]
            if len(shown) < room - 1:
                done = set(shown)
                shown += [j for j in self.ids if j not in done][: room - 1 - len(shown)]
            shown = shown[: room - 1]
        lines += [self._job_line(j, current.get(j)) for j in shown]
        if len(shown) < len(self.ids):
            hidden = len(self.ids) - len(shown)
            lines.append(f"  … {hidden} more not shown (the jobs still moving come first)")
        return lines

    def draw(self, current: dict[str, Any], note: str = "") -> None:
        """Draw the block again, replacing the previous one."""
        size = shutil.get_terminal_size((100, 24))
        width = max(40, size.columns - 1)
        lines = self.lines(current, note, size)
        out = []
        if self._lines:
            out.append(f"\x1b[{self._lines}F")  # back to the first line of the last block
        out += [f"\x1b[2K{visible_line(line)[:width]}\n" for line in lines]
        if len(lines) < self._lines:
            out.append("\x1b[J")  # the last block was taller: clear what is left of it
        self.stream.write("".join(out))
        self.stream.flush()
        self._lines = len(lines)


class PlainLines:
    """One line per change, for a pipe or a file (no cursor movement)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def change(self, o: Any, source: str = "") -> None:
        """Print one changed outcome (with where it came from: push, poll, state)."""
        sent, total = _pages(o)
        pages = f" {sent}/{total}" if total else ""
        if o.status is not None and o.status.pages_sent is None and total:
            pages = f" {total} pages"  # a push says how many pages, not how many were sent
        if o.error is not None:
            err = o.error
            detail = f" ({err.code} {err.text})" if hasattr(err, "text") else f" ({err})"
        else:
            detail = f" ({o.status.description})" if o.status.description else ""
        stamp = time.strftime("%H:%M:%S")
        came = f" [{source}]" if source else ""
        line = f"{stamp} {o.requested_id} {_label(o)}{pages}{detail}{came}"
        self.stream.write(visible_line(line) + "\n")
        self.stream.flush()

    def trouble(self, note: str) -> None:
        """Print one line about a round that did not get through."""
        self.stream.write(visible_line(f"{time.strftime('%H:%M:%S')} {note}") + "\n")
        self.stream.flush()


def trouble_note(state: Any) -> str:
    """What went wrong in the last round, for people, or "" when it got through."""
    if state.trouble is None:
        return ""
    throttled = getattr(state, "throttled", None)
    if throttled is not None:
        told = (
            "" if throttled.retry_after is None else f", asked to wait {throttled.retry_after:g} s"
        )
        return f"throttled (HTTP {throttled.status}{told}): polling more slowly"
    n = state.trouble_ids
    return f"poll failed for {n} job{'s' if n != 1 else ''}, polling again: {state.trouble}"


def give_up_line(state: Any) -> str:
    """The one line saying why a watch gave up: how long nothing got through, and the last error."""
    seconds = f"{state.give_up_after:g}"
    why = state.trouble if state.trouble is not None else "no answer"
    return f"faxstatus: gave up after {seconds} s without an answer (--give-up-after): {why}"


def _code(watch: Any) -> int:
    outcomes = watch.report.outcomes
    if watch.state.gave_up:
        return EXIT_FAILED
    if watch.timed_out:
        # The run ran out before every job was final: 124 (as timeout(1)), unless a batch
        # failed for good (a failure polling again would only repeat).
        from faxstatus.client._results import PER_ID_KINDS

        failed = any(not o.ok and o.final and o.kind not in PER_ID_KINDS for o in outcomes)
        return EXIT_FAILED if failed else EXIT_TIMEOUT
    return exit_code(outcomes)


def follow(
    watch: Any,
    display: LiveDisplay | None,
    plain: PlainLines | None,
    errors: TextIO | None = None,
) -> None:
    """Wire *watch* to its output: the live block, or a line per failed round.

    The block is redrawn once per round and once a second while waiting, never once per
    change (that made a round cost the square of its jobs). A round that did not get through
    is said as it happens (on *errors* when there is no other output), so a server that is
    down is reported while the watch goes on, not only at its end.
    """
    if display is not None:
        display.draw(watch.state.current, " · polling")
        real_sleep = watch.sleep

        def ticking(seconds: float) -> None:
            # Keep the clock on the display moving while waiting for the next round.
            end = time.monotonic() + seconds
            while (left := end - time.monotonic()) > 0:
                real_sleep(min(1.0, left))
                note = trouble_note(watch.state)
                note = f" · {note}" if note else ""
                display.draw(watch.state.current, f" · next poll in {max(0, round(left))} s{note}")

        watch.sleep = ticking

    def round_done(state: Any) -> None:
        note = trouble_note(state)
        if display is not None:
            display.draw(state.current, f" · {note}" if note else "")
        elif plain is not None and note:
            plain.trouble(note)
        elif errors is not None and note:
            errors.write(visible_line(f"faxstatus: {note}") + "\n")
            errors.flush()

    watch.on_round = round_done


def cmd_watch(args: argparse.Namespace) -> int:
    """Poll job statuses until every job is final, showing progress."""
    if args.listen is not None:
        from .._errors import StoreError

        try:
            return _push_and_pull(args)
        except StoreError as exc:  # a write failed (disk full), a row does not read
            raise Fail(str(exc)) from None
    if args.state is not None:
        raise Usage("--state keeps pushes and statuses: it goes with --listen PORT")
    ids = read_ids(args)
    client = make_client(args)
    watch = client.watch(
        ids,
        interval=args.interval,
        max_interval=max(args.interval, args.max_interval),
        timeout=args.timeout_total,
        operation=args.operation,
        max_per_minute=args.max_per_minute,
        give_up_after=args.give_up_after,
    )
    return _run(args, client, watch, ids)


def _push_and_pull(args: argparse.Namespace) -> int:
    """``watch --listen``: the receiver in the background, pushes first, polls as the backstop."""
    from faxstatus.push import NotificationStore, PushPullWatch, StoreError

    from ._listen import ENV_REQUIRE_HEADER

    try:
        store = NotificationStore(args.state)
    except StoreError as exc:
        raise Fail(str(exc)) from None
    with contextlib.ExitStack() as stack:
        stack.callback(store.close)
        resumed = list(store.tracked_jobs())
        # Every job the state tracks is watched again, with any JOBID given (none needed).
        given = read_ids(args) if args.job_ids or args.ids_file or not resumed else []
        ids = list(dict.fromkeys([*given, *resumed]))
        client = make_client(args)
        watch = PushPullWatch(
            client,
            ids,
            store,
            first_poll_after=args.first_poll_after,
            poll_every=args.poll_every,
            timeout=args.timeout_total,
            operation=args.operation,
            max_per_minute=args.max_per_minute,
            give_up_after=args.give_up_after,
        )
        header = args.require_header or os.environ.get(ENV_REQUIRE_HEADER) or None
        where = f"{args.listen_host}:{args.listen}"
        try:
            server = watch.serve(args.listen_host, args.listen, require_header=header)
        except (OSError, OverflowError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise Fail(f"cannot listen on {where}: {reason}") from None
        except ValueError as exc:  # a malformed --require-header, an unknown host
            raise Usage(str(exc)) from None
        stack.callback(server.receiver.close)
        stack.enter_context(server)
        kept = f"state in {args.state}" if args.state else "in memory only: --state FILE keeps it"
        told = f", resuming {len(resumed)} jobs" if resumed else ""
        print(
            f"listening for push notifications on {server.url} ({kept}{told}); first poll "
            f"after {args.first_poll_after:g} s, then every {args.poll_every:g} s",
            file=sys.stderr,
            flush=True,
        )
        return _run(args, client, watch, ids)
    raise AssertionError("unreachable")  # pragma: no cover - the block returns


def _run(args: argparse.Namespace, client: Any, watch: Any, ids: list[str]) -> int:
    """Run *watch* (a client watch or a push-and-pull one) with its output; the exit status."""
    pushpull = hasattr(watch, "sources")
    # Where progress goes: stdout unless --json owns it; then stderr, and only on a terminal.
    stream: TextIO | None = sys.stderr if args.json else sys.stdout
    if args.json and not sys.stderr.isatty():
        stream = None
    live = stream is not None and stream.isatty()
    order = list(dict.fromkeys(ids))
    header = f"watching {len(order)} jobs at {client.endpoint} · Ctrl-C stops"
    display = LiveDisplay(stream, order, header) if live and stream is not None else None
    plain = PlainLines(stream) if stream is not None and not live else None
    follow(watch, display, plain, errors=sys.stderr if stream is None else None)
    if pushpull:
        watch.on_unknown = _unknown_note(plain, sys.stderr if stream is None else None)
    interrupted = False
    try:
        with client:
            for change in watch:
                if plain is not None:
                    source = watch.sources.get(change.requested_id, "") if pushpull else ""
                    plain.change(change, source)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        trace_out(client)
    report = watch.report
    outcomes = list(report.outcomes)
    if args.json:
        doc = report.as_dict()
        doc.update(
            timed_out=watch.timed_out,
            gave_up=watch.state.gave_up,
            interrupted=interrupted,
            rounds=watch.state.rounds,
            requests=watch.state.requests,
            throttled_rounds=watch.state.throttles,
        )
        if pushpull:
            doc.update(
                sources=dict(watch.sources),
                notifications=watch.store.count(),
                unknown_jobs={j: _kind(st) for j, st in watch.unknown.items()},
            )
        from ._status import write_json

        write_json(doc)
    else:
        if display is not None:
            display.draw(watch.state.current)
            sys.stdout.write("\x1b[2K")  # the terminal may have echoed ^C on this line
        end = (
            "interrupted; last known state"
            if interrupted
            else "timed out"
            if watch.timed_out
            else "gave up"
            if watch.state.gave_up
            else "stopped: " + str(watch.state.stopped_by)
            if watch.state.stopped_by is not None
            else "done"
        )
        came = ""
        if pushpull:
            by = list(watch.sources.values())
            kinds = [f"{by.count(k)} by {k}" for k in ("push", "poll", "state") if k in by]
            came = " · " + ", ".join(kinds) if kinds else ""
            if watch.unknown:
                came += f" · {len(watch.unknown)} notified but not watched (kept)"
        print(visible(f"{end}: {summary(outcomes, len(order))}{came}"))
        if interrupted and display is None:
            from ._status import format_table

            print(format_table(report))  # escapes each cell
    sys.stdout.flush()
    if watch.state.gave_up and not interrupted:
        print(visible_line(give_up_line(watch.state)), file=sys.stderr)  # one line: why it ended
    else:
        for line in failure_lines(outcomes):  # docs/cli.md: one line on stderr
            print(line, file=sys.stderr)
    return 130 if interrupted else _code(watch)


def non_negative_float(text: str) -> float:
    """An argparse type: a number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, got {text}")
    return value


def _kind(status: Any) -> str:
    from faxstatus.client._results import status_label

    return "unknown" if status is None else status_label(status.status)


def _unknown_note(plain: PlainLines | None, errors: TextIO | None) -> Any:
    """What says a notification came for a job nobody asked about (it is kept in the store)."""

    def note(job_id: str, status: Any) -> None:
        text = f"{job_id} notified {_kind(status)}: not watched, kept in the store"
        if plain is not None:
            plain.trouble(text)
        elif errors is not None:
            errors.write(visible_line(f"faxstatus: {text}") + "\n")
            errors.flush()

    return note


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's subcommands to *sub*."""
    w = sub.add_parser(
        "watch",
        help="poll jobs until every one is final",
        description="Poll the status of fax jobs until every one is final (succeeded, failed, "
        "or a lookup error), one request per batch per round, waiting longer while nothing "
        "changes. On a terminal the display updates in place; otherwise one line per change. "
        "Exit status as for status (0, 3, 1, 2), 124 when --timeout ends the watch first, "
        "130 after Ctrl-C (the last known state is printed).",
    )
    add_id_options(w)
    w.add_argument("--interval", type=positive_float, default=5.0, help="seconds between polls (5)")
    w.add_argument(
        "--max-interval",
        type=positive_float,
        default=60.0,
        help="longest wait while nothing changes (60)",
    )
    w.add_argument(
        "--timeout",
        dest="timeout_total",
        type=positive_float,
        metavar="SECONDS",
        help="give up after this many seconds, the whole run (each request included); exit "
        "124 (default: wait until final)",
    )
    w.add_argument(
        "--max-per-minute",
        type=positive_int,
        default=DEFAULT_MAX_PER_MINUTE,
        metavar="N",
        help="most requests in any minute, retries included (default: %(default)s; Concord "
        "publishes no rate limit, so this is a conservative guess). HTTP 429, or 503 with "
        "Retry-After, slows the watch (kind throttled) instead of failing it",
    )
    w.add_argument(
        "--give-up-after",
        type=positive_float,
        default=DEFAULT_GIVE_UP_AFTER,
        metavar="SECONDS",
        help="end the watch (exit 1, one line saying why) when no poll got an answer for "
        "this long; each failed round is shown as it happens (default: %(default)g)",
    )
    g = w.add_argument_group(
        "push and pull",
        "With --listen, take the vendor's push notifications as they come and poll only as "
        "its Design Guidelines advise, for jobs no final push came for (schema/CONTRACT.md "
        "§4.8): --interval and --max-interval give way to --first-poll-after and --poll-every",
    )
    g.add_argument(
        "--listen",
        type=port_number,
        metavar="PORT",
        help="receive push notifications on this port (0: any free one) while watching",
    )
    g.add_argument(
        "--listen-host",
        default="127.0.0.1",
        metavar="HOST",
        help="address to listen on (default: %(default)s)",
    )
    g.add_argument(
        "--state",
        metavar="FILE",
        help="SQLite file keeping every job and notification: a watch started again with it "
        "(even after SIGKILL) resumes, with no JOBID needed (default: memory only)",
    )
    g.add_argument(
        "--require-header",
        metavar="NAME=VALUE",
        help="refuse (401) pushes without this header and value (default: "
        "$FAXSTATUS_REQUIRE_HEADER)",
    )
    g.add_argument(
        "--first-poll-after",
        type=non_negative_float,
        default=PULL_AFTER_SECONDS,
        metavar="SECONDS",
        help="poll a job no final push came for only after this long (default: %(default)g, "
        "the guideline's 5 minutes)",
    )
    g.add_argument(
        "--poll-every",
        type=positive_float,
        default=PULL_EVERY_SECONDS,
        metavar="SECONDS",
        help="then poll every this long until final (default: %(default)g, the guideline's "
        "every minute)",
    )
    w.add_argument("--operation", choices=STATUS_OPS, default=STATUS_OPS[0], help="(%(default)s)")
    w.add_argument("--json", action="store_true", help="print only the final result, as JSON")
    add_connection_options(w, timeout_flag="--request-timeout")
    w.set_defaults(func=cmd_watch)
