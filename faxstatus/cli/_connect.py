"""Options shared by the commands that talk to a FaxWS endpoint: where, who, how, which ids.

Every option has an environment variable (``FAXSTATUS_ENDPOINT``, ``FAXSTATUS_USER``, …);
an option given on the command line wins over its variable. Exactly one credential may be
given: a bearer token, OAuth 2.0 client credentials (or username/password), or a PIN.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from typing import Any

from .._contract import DEFAULT_ENDPOINT, SERVICE_PATH
from ._common import (
    CONTENT_TYPES,
    Fail,
    Usage,
    add_tls_options,
    positive_float,
    positive_int,
    read_input,
    tls_options,
)

__all__ = ["add_connection_options", "add_id_options", "make_client", "read_ids", "trace_out"]

#: option dest -> environment variable
ENV = {
    "endpoint": "FAXSTATUS_ENDPOINT",
    "user": "FAXSTATUS_USER",
    "token": "FAXSTATUS_TOKEN",
    "pin": "FAXSTATUS_PIN",
    "client_id": "FAXSTATUS_CLIENT_ID",
    "client_secret": "FAXSTATUS_CLIENT_SECRET",
    "token_url": "FAXSTATUS_TOKEN_URL",
    "username": "FAXSTATUS_USERNAME",
    "password": "FAXSTATUS_PASSWORD",
}


def _flag(dest: str) -> str:
    return "--" + dest.replace("_", "-")


def add_connection_options(
    p: argparse.ArgumentParser, *, batches: bool = True, timeout_flag: str = "--timeout"
) -> None:
    """Add endpoint, credential, wire-format and retry options to *p*.

    *timeout_flag* names the per-request deadline (``watch`` keeps ``--timeout`` for its own).
    """
    g = p.add_argument_group("service")
    g.add_argument(
        "--endpoint",
        help=f"service URL (or FAXSTATUS_ENDPOINT; default {DEFAULT_ENDPOINT}); "
        f"the simulator's is http://127.0.0.1:8080{SERVICE_PATH}",
    )
    g.add_argument("--user", help="UserID (or FAXSTATUS_USER)")
    add_tls_options(g)
    g.add_argument(
        "--content-type", choices=CONTENT_TYPES, default="soap12", help="wire format (soap12)"
    )
    c = p.add_argument_group(
        "credentials (give one; prefer the environment variables, process lists show arguments)"
    )
    c.add_argument("--token", help="OAuth 2.0 bearer token (FAXSTATUS_TOKEN)")
    c.add_argument("--pin", help="legacy strPIN (FAXSTATUS_PIN)")
    c.add_argument("--client-id", help="OAuth 2.0 client id (FAXSTATUS_CLIENT_ID)")
    c.add_argument("--client-secret", help="OAuth 2.0 client secret (FAXSTATUS_CLIENT_SECRET)")
    c.add_argument(
        "--token-url",
        help="OAuth 2.0 token endpoint (FAXSTATUS_TOKEN_URL); the simulator's is "
        "http://127.0.0.1:8080/oauth/token",
    )
    c.add_argument("--username", help="password grant: account name (FAXSTATUS_USERNAME)")
    c.add_argument("--password", help="password grant: password (FAXSTATUS_PASSWORD)")
    c.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="send the OAuth 2.0 credentials to a plain-http --token-url on a host that is not "
        "loopback (refused otherwise)",
    )
    r = p.add_argument_group("requests")
    if batches:
        r.add_argument("--batch-size", type=positive_int, default=100, help="ids per request (100)")
    r.add_argument("--attempts", type=positive_int, default=4, help="tries per request (4)")
    r.add_argument(
        timeout_flag,
        dest="timeout",
        type=positive_float,
        default=60.0,
        help="seconds per request, retries included (60)",
    )
    r.add_argument(
        "--trace", action="store_true", help="print each HTTP exchange to stderr, secrets masked"
    )
    r.add_argument(
        "--trace-file", metavar="FILE", help="write every exchange, whole, to FILE as HAR 1.2"
    )


def add_id_options(p: argparse.ArgumentParser) -> None:
    """Add the JOBID arguments (``-`` reads stdin) and ``--ids-file``."""
    p.add_argument(
        "job_ids",
        nargs="*",
        metavar="JOBID",
        help="br… job ids or JRI-<ReferenceId>; - reads ids from stdin, one per line",
    )
    p.add_argument("--ids-file", metavar="FILE", help="read ids from FILE, one per line")


def _lines(data: bytes, where: str) -> Iterator[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Fail(f"{where}: not UTF-8 text (byte {exc.start})") from None
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            yield line


def read_ids(args: argparse.Namespace) -> list[str]:
    """The job ids from the arguments, ``-`` (stdin) and ``--ids-file``, in that order.

    Blank lines and ``#`` comments in files are skipped; every id is checked as the client
    checks it, and a bad one is reported with where it came from.
    """
    from faxstatus import InvalidJobIdError
    from faxstatus.client import check_job_id

    ids: list[tuple[str, str]] = []
    for arg in args.job_ids:
        if arg == "-":
            source = "stdin"
            lines = _lines(read_input("-"), source)
            ids += [(j, f"{source} line {n}") for n, j in enumerate(lines, 1)]
        else:
            ids.append((arg, "argument"))
    if args.ids_file:
        data = read_input(args.ids_file)
        lines = _lines(data, args.ids_file)
        ids += [(j, f"{args.ids_file} line {n}") for n, j in enumerate(lines, 1)]
    if not ids:
        raise Usage("give at least one JOBID (or - to read them from stdin, or --ids-file)")
    for job_id, where in ids:
        try:
            check_job_id(job_id)
        except InvalidJobIdError as exc:
            if where == "argument":  # a mistake on the command line is a usage error
                raise Usage(str(exc)) from None
            raise Fail(f"{where}: {exc}") from None
    return [j for j, _ in ids]


def _value(args: argparse.Namespace, dest: str) -> tuple[str | None, str]:
    """The option's value (command line first, then environment) and how to name its source."""
    given = getattr(args, dest, None)
    if given:
        return given, _flag(dest)
    env = os.environ.get(ENV[dest])
    if env:
        return env, f"{ENV[dest]} (environment)"
    return None, _flag(dest)


def make_client(args: argparse.Namespace, *, need_user: bool = True) -> Any:
    """Build a FaxStatusClient from the options, or raise Usage naming what is wrong."""
    from faxstatus import FaxStatusClient, OAuth2, Recorder, RetryPolicy, Timeouts

    endpoint = _value(args, "endpoint")[0] or DEFAULT_ENDPOINT
    user, _ = _value(args, "user")
    token, token_src = _value(args, "token")
    pin, pin_src = _value(args, "pin")
    client_id, client_id_src = _value(args, "client_id")
    given = [
        src
        for value, src in ((token, token_src), (pin, pin_src), (client_id, client_id_src))
        if value
    ]
    if len(given) > 1:
        raise Usage(f"give one credential, not {' and '.join(given)}")
    if need_user and not user:
        raise Usage("--user (or FAXSTATUS_USER) is required")
    username, username_src = _value(args, "username")
    password, password_src = _value(args, "password")
    on_command_line = getattr(args, "username", None) or getattr(args, "password", None)
    if (username or password) and not client_id and (on_command_line or not given):
        named = " and ".join(
            src for v, src in ((username, username_src), (password, password_src)) if v
        )
        raise Usage(
            f"the OAuth 2.0 password grant needs --client-id (and --token-url) with {named}"
        )
    auth = None
    if client_id:
        secret, _ = _value(args, "client_secret")
        token_url, _ = _value(args, "token_url")
        if not token_url:
            raise Usage("--client-id needs --token-url (or FAXSTATUS_TOKEN_URL)")
        if secret and username:
            raise Usage("give --client-secret or --username/--password, not both")
        if not secret and not (username and password):
            raise Usage("--client-id needs --client-secret, or --username and --password")
        try:
            auth = OAuth2(
                token_url,
                client_id=client_id,
                client_secret=secret,
                username=username,
                password=password,
                allow_insecure_http=getattr(args, "allow_insecure_http", False),
            )
        except ValueError as exc:
            raise Usage(str(exc)) from None
    elif not given and need_user:
        raise Usage(
            "give a credential: --token, --pin or --client-id "
            "(or FAXSTATUS_TOKEN, FAXSTATUS_PIN, FAXSTATUS_CLIENT_ID)"
        )
    try:
        return FaxStatusClient(
            user or "-",
            token=token,
            pin=pin if (pin or auth or token) else "",
            auth=auth,
            endpoint=endpoint,
            content_type=args.content_type,
            batch_size=getattr(args, "batch_size", 100),
            recorder=_recorder(args, Recorder),
            retry=RetryPolicy(attempts=args.attempts),
            timeouts=Timeouts(total=args.timeout),
            **tls_options(args),
        )
    except ValueError as exc:  # the endpoint URL or the --cacert bundle, mostly
        raise Usage(str(exc)) from None


def _recorder(args: argparse.Namespace, recorder_cls: Any) -> Any:
    """A Recorder that prints each exchange as it happens (--trace) and/or writes HAR."""
    from ._tracing import live_recorder

    return live_recorder(args, recorder_cls)


def trace_out(client: Any) -> None:
    """Finish the trace: close the HAR file of --trace-file, if any."""
    from ._tracing import close_trace

    close_trace(client.recorder)
