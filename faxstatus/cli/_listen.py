"""The ``listen`` subcommand: receive the vendor's push notifications, store and print each one."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from typing import Any, TextIO

from .._visible import visible_line
from ._common import Fail, Usage, port_number

__all__ = ["ENV_REQUIRE_HEADER", "notification_json", "notification_line", "register"]

#: Environment variable read when ``--require-header`` is not given (keeps the secret out of
#: the process list).
ENV_REQUIRE_HEADER = "FAXSTATUS_REQUIRE_HEADER"


def notification_line(notification: Any, recorded: Any) -> str:
    """One terminal line: seq, job, status, description, flavour, and what storing it did.

    The data is shown as received (never masked), control characters and newlines as escapes.
    """
    from faxstatus.client._results import status_label

    st = notification.status
    notes = []
    if not recorded.changed:
        notes.append("final already" if recorded.final else "no change")
    if not recorded.known:
        notes.append("job not watched")
    notes += notification.problems
    if notification.image is not None:
        notes.append(f"image {len(notification.image)} bytes")
    text = (
        f"#{recorded.seq} {notification.job_id} {status_label(st.status)} ({int(st.status)})"
        f" {st.description!r} via {notification.flavour}"
        + (f" [{'; '.join(notes)}]" if notes else "")
    )
    return visible_line(text)


def notification_json(notification: Any, recorded: Any) -> str:
    """One JSON object on one line: the notification's data and what storing it did."""
    data = notification.as_dict()
    data["recorded"] = {
        "seq": recorded.seq,
        "changed": recorded.changed,
        "final": recorded.final,
        "known": recorded.known,
    }
    return json.dumps(data, ensure_ascii=True)


class _Printer:
    """Prints each stored notification on *out*, one line at a time from any worker."""

    def __init__(self, out: TextIO, as_json: bool) -> None:
        self.out = out
        self.as_json = as_json
        self._lock = threading.Lock()

    def __call__(self, notification: Any, recorded: Any) -> None:
        line = (notification_json if self.as_json else notification_line)(notification, recorded)
        with self._lock:
            print(line, file=self.out, flush=True)


def cmd_listen(args: argparse.Namespace) -> int:
    """Serve the push receiver until interrupted."""
    from faxstatus.push import NotificationStore, StoreError
    from faxstatus.push._receiver import Receiver
    from faxstatus.push._server import ListenServer

    header = args.require_header or os.environ.get(ENV_REQUIRE_HEADER) or None
    if header and args.require_path_secret:
        raise Usage("give --require-header or --require-path-secret, not both")
    try:
        store = NotificationStore(args.state)
    except StoreError as exc:
        raise Fail(str(exc)) from None
    where = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
    try:
        receiver = Receiver(
            store,
            require_header=header,
            require_path_secret=args.require_path_secret,
            on_notification=_Printer(sys.stdout, args.json),
            access_log=sys.stderr,
        )
    except ValueError as exc:
        store.close()
        raise Usage(str(exc)) from None
    try:
        server = ListenServer(receiver, host=args.host, port=args.port)
    except (OSError, ValueError, OverflowError) as exc:
        store.close()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise Fail(f"cannot listen on {where}: {reason}") from None
    kept = f"stored in {args.state}" if args.state else "in memory only: --state FILE keeps them"
    print(
        f"listening for push notifications on {server.url} ({kept}; Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )
    if not header and not args.require_path_secret:
        print(
            "faxstatus listen: no --require-header or --require-path-secret: anyone who can "
            "reach this port can post notifications",
            file=sys.stderr,
            flush=True,
        )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        receiver.close()
        store.close()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``listen`` subcommand to *sub*."""
    c = sub.add_parser(
        "listen",
        help="receive push notifications of final fax status",
        description="Receive Concord's push notifications of final fax status (HTTP POST form "
        "or multipart, HTTP GET, or SOAP FaxDeliveryNotification), store each one before "
        "answering 200, and print one line per notification (one JSON object with --json).",
        epilog="The vendor documents no signature: configure its notification template to "
        f"send a header (HTTP_name=value) and give it here, or set {ENV_REQUIRE_HEADER}; "
        "or put a secret first segment in the URL path (--require-path-secret).",
    )
    c.add_argument("--port", type=port_number, default=8090, help="port (default: %(default)s)")
    c.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    c.add_argument(
        "--require-header",
        metavar="NAME=VALUE",
        help="refuse (401) any request without this header and value, compared in constant "
        f"time (default: ${ENV_REQUIRE_HEADER})",
    )
    c.add_argument(
        "--require-path-secret",
        metavar="SECRET",
        help="refuse (401) any request whose path does not start with /SECRET/ (letters, "
        "digits, - . _ ~)",
    )
    c.add_argument(
        "--state",
        metavar="FILE",
        help="SQLite file keeping every notification and job status across restarts "
        "(default: memory only)",
    )
    c.add_argument("--json", action="store_true", help="one JSON object per notification")
    c.set_defaults(func=cmd_listen)
