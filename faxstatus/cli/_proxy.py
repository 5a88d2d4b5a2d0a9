"""The ``proxy`` subcommand: arguments and terminal output for the recording proxy.

The engine is :class:`faxstatus.proxy.Proxy`; this module parses the command line, reports a
bad ``--upstream`` or an unusable port as the CLI's usage and failure errors, prints the
banner and serves until Ctrl-C.
"""

from __future__ import annotations

import argparse

from .._contract import DEFAULT_MAX_BYTES
from ._common import Fail, Usage, port_number, positive_int

__all__ = ["cmd_proxy", "register"]


def cmd_proxy(args: argparse.Namespace) -> int:
    """Run the recording proxy until interrupted."""
    from ..proxy import Proxy

    try:
        proxy = Proxy(
            args.upstream,
            args.host,
            args.port,
            har=args.har,
            keep=args.keep,
            max_body=args.max_body,
        )
    except ValueError as exc:  # --upstream is not a URL: a usage error
        raise Usage(str(exc)) from None
    except OSError as exc:
        raise Fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    print(
        f"faxstatus proxy at {proxy.url} -> {args.upstream}"
        + (f" (HAR: {args.har})" if args.har else "")
        + "; Ctrl-C stops",
        flush=True,
    )
    try:
        proxy.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        proxy.close()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``proxy`` subcommand to *sub*."""
    p = sub.add_parser(
        "proxy",
        help="a recording proxy in front of a FaxWS endpoint",
        description="Forward any client's traffic to --upstream unchanged, print each exchange "
        "as it completes (operation, status, time, decode summary, problems) and optionally "
        "write a HAR 1.2 file with secrets masked.",
    )
    p.add_argument("--upstream", required=True, metavar="URL", help="the FaxWS endpoint")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=port_number, default=8081, help="port to listen on (8081)")
    p.add_argument("--har", metavar="FILE", help="write every exchange to FILE as HAR 1.2")
    p.add_argument(
        "--keep",
        type=positive_int,
        default=DEFAULT_MAX_BYTES,
        metavar="BYTES",
        help="bytes of each body kept for the summary and the HAR "
        f"({DEFAULT_MAX_BYTES >> 20} MiB); more is forwarded, up to --max-body",
    )
    p.add_argument(
        "--max-body",
        type=positive_int,
        default=DEFAULT_MAX_BYTES,
        metavar="BYTES",
        help="the most bytes of a body forwarded either way "
        f"({DEFAULT_MAX_BYTES >> 20} MiB): a larger request is a 413, a larger answer a 502",
    )

    p.set_defaults(func=cmd_proxy)
