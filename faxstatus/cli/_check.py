"""The ``check`` subcommand: CheckService, the service's liveness probe."""

from __future__ import annotations

import argparse

from .._visible import visible
from ._common import Fail
from ._connect import add_connection_options, make_client, trace_out

__all__ = ["register"]


def cmd_check(args: argparse.Namespace) -> int:
    """Call CheckService and print what the service says about itself."""
    import faxstatus

    client = make_client(args, need_user=False)
    try:
        with client:
            answer = client.check_service()
    except faxstatus.FaxStatusError as exc:
        raise Fail(f"CheckService failed: {exc}") from None
    finally:
        trace_out(client)
    print(visible(answer))  # the service's own text
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's subcommands to *sub*."""
    c = sub.add_parser(
        "check",
        help="ask the service whether it is up (CheckService)",
        description="Call CheckService and print its answer. Credentials are optional "
        "(CheckService carries none; an OAuth-protected gateway may still want a token). "
        "Exit status 0 when the service answered, 1 otherwise.",
    )
    add_connection_options(c, batches=False)
    c.set_defaults(func=cmd_check)
