"""The ``proxy`` subcommand: arguments and terminal output for the recording proxy.

The engine is :class:`faxstatus.proxy.Proxy`; this module parses the command line, reports a
bad ``--upstream``, ``--inject`` or ``--cacert`` or an unusable port as the CLI's usage and
failure errors, prints the banner and serves until Ctrl-C. ``--show-bodies formatted`` is
the ``fmt`` command's view of each body, printed beside the raw text the HAR keeps.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .._contract import DEFAULT_MAX_BYTES
from ._common import Fail, Usage, add_tls_options, port_number, positive_int, tls_options

__all__ = ["cmd_proxy", "register"]


def cmd_proxy(args: argparse.Namespace) -> int:
    """Run the recording proxy until interrupted."""
    from ..proxy import Proxy, parse_inject

    try:
        faults = parse_inject(args.inject or [])
    except ValueError as exc:
        raise Usage(str(exc)) from None
    try:
        proxy = Proxy(
            args.upstream,
            args.host,
            args.port,
            har=args.har,
            keep=args.keep,
            max_body=args.max_body,
            inject=faults,
            inject_seed=args.inject_seed,
            show_bodies=_view(args.show_bodies),
            rewrite=args.rewrite,
            **tls_options(args),
        )
    except ValueError as exc:  # --upstream is not a URL, --cacert no CA bundle: usage errors
        raise Usage(str(exc)) from None
    except OSError as exc:
        raise Fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    print(
        f"faxstatus proxy at {proxy.url} -> {args.upstream}"
        + (f" (HAR: {args.har})" if args.har else "")
        + (f"; injecting {', '.join(map(str, faults))}, seed {args.inject_seed}" if faults else "")
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


def _raw_view(body: bytes, content_type: str | None) -> bytes:
    """The body as it came (masked when printed)."""
    return body


def _view(name: str | None) -> Callable[[bytes, str | None], bytes] | None:
    if name is None:
        return None
    if name == "formatted":
        from ._fmt import pretty_body

        return pretty_body
    return _raw_view


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
        f"({DEFAULT_MAX_BYTES >> 20} MiB): a larger request is a 413, a larger answer a 502 "
        "(or cut, once streaming)",
    )
    p.add_argument(
        "--show-bodies",
        choices=("raw", "formatted"),
        help="print each body under its line, secrets masked: raw (as it came) or formatted "
        "(indented, as fmt does); the HAR keeps the bytes either way",
    )
    p.add_argument(
        "--no-rewrite",
        dest="rewrite",
        action="store_false",
        help="relay service descriptions (?wsdl, ?xsd) unchanged; by default their "
        "soap:address locations name the proxy, so WSDL-built clients post through it",
    )
    p.add_argument(
        "--inject",
        action="append",
        metavar="FAULTS",
        help="faults on a share of exchanges, e.g. delay=2s@0.2,reset@0.05,status=503@0.1,"
        "slow=100B/s@0.1 (kind[=value][@share]; repeatable)",
    )
    p.add_argument(
        "--inject-seed",
        type=int,
        default=0,
        metavar="N",
        help="seed of the fault draws (0): the same seed hits the same exchanges",
    )
    add_tls_options(p.add_argument_group("upstream TLS and proxies"))

    p.set_defaults(func=cmd_proxy)
