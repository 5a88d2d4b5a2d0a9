"""The ``diff`` subcommand: compare two messages by meaning, across content types."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ._common import Fail, add_capture_options, read_input

__all__ = ["differences", "message_form", "register"]


def message_form(body: bytes, content_type: str | None, name: str) -> Any:
    """The decoded message's JSON form (faults included); a :class:`Fail` naming *name*."""
    import faxstatus
    from faxstatus.codec._api import json_form
    from faxstatus.codec._faults import fault_to_json

    try:
        result = faxstatus.decode(body, content_type)
    except faxstatus.CodecError as exc:
        raise Fail(f"{name}: {exc}") from None
    if isinstance(result, faxstatus.Fault):
        return fault_to_json(result)
    key = result.operation.json_key(result.direction)
    return {key: json_form(result.payload, key)}


def differences(a: Any, b: Any, path: str = "$") -> list[str]:
    """Every place where *a* and *b* differ, as ``path: a-value -> b-value`` lines."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in list(a) + [k for k in b if k not in a]:
            if key not in b:
                out.append(f"{path}.{key}: only in A ({json.dumps(a[key])})")
            elif key not in a:
                out.append(f"{path}.{key}: only in B ({json.dumps(b[key])})")
            else:
                out += differences(a[key], b[key], f"{path}.{key}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = []
        for i in range(max(len(a), len(b))):
            if i >= len(a):
                out.append(f"{path}[{i}]: only in B ({json.dumps(b[i])})")
            elif i >= len(b):
                out.append(f"{path}[{i}]: only in A ({json.dumps(a[i])})")
            else:
                out += differences(a[i], b[i], f"{path}[{i}]")
        return out
    if a != b or type(a) is not type(b):
        return [f"{path}: {json.dumps(a)} -> {json.dumps(b)}"]
    return []


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare two captured messages by meaning; exit 0 when they say the same, else 1.

    From a capture of several messages (an HTTP exchange, a HAR file) the first FaxWS one is
    compared, or the one ``--entry``/``--side`` (for both files) or ``--entry-a``/``--side-a``
    and ``--entry-b``/``--side-b`` pick.
    """
    from ._capture import pick, read_captures

    forms = []
    for name, entry, side in (
        (args.a, args.entry_a or args.entry, args.side_a or args.side),
        (args.b, args.entry_b or args.entry, args.side_b or args.side),
    ):
        found = read_captures(read_input(name), name, entry=entry, side=side, faxws_only=True)
        capture = pick(found.captures, name)
        where = f"{name} ({capture.label})" if capture.label else name
        forms.append(message_form(capture.body, capture.content_type, where))
    found_diffs = differences(forms[0], forms[1])
    if not found_diffs:
        print(f"same message ({next(iter(forms[0]))})")
        return 0
    for line in found_diffs:
        print(line)
    print(f"{len(found_diffs)} difference(s)", file=sys.stderr)
    return 1


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` subcommand to *sub*."""
    d = sub.add_parser(
        "diff",
        help="compare two messages by meaning",
        description="Decode two messages (any content type, any capture form) and list where "
        "they differ, by JSON path; prefixes, white space and content type do not count. Two "
        "responses of one HAR file: diff run.har run.har --entry-a 2 --entry-b 3 --side "
        "response.",
        epilog="exit status: 0 the same message; 1 they differ, or one cannot be decoded or "
        "read; 2 usage error.",
    )
    d.add_argument("a", metavar="A", help="first message file")
    d.add_argument("b", metavar="B", help="second message file")
    add_capture_options(d, of="both")
    add_capture_options(d, suffix="-a", of="A")
    add_capture_options(d, suffix="-b", of="B")
    d.set_defaults(func=cmd_diff)
