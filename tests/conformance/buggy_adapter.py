"""The reference adapter with one deliberate fault, for the kit's calibration and exit tests.

``buggy_adapter.py BUG decode CONTENT-TYPE`` (per case) or ``buggy_adapter.py BUG batch``:

* ``truncated-input``: drops the last 40 bytes of stdin (a plumbing bug)
* ``wrapped-output``: prints ``{"result": <the JSON form>}`` (a plumbing bug)
* ``swapped-exit``: exits 1 after a good answer and 0 after a rejection (a plumbing bug)
* ``accept-everything``: prints ``{}`` and exits 0 for every message
* ``calibration-only``: answers the calibration cases, "unsupported" (3) for every other
* ``soap-only``: answers SOAP, "unsupported" for plain XML and JSON
* ``numbers-as-strings``: writes every integer of its JSON form as a string
* ``empty-as-null``: writes null for every empty string (a non-strict reader)
* ``flood``: prints 8 MiB without a newline and exits 0
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from faxstatus.conformance._adapter import numbers_to_strings
from tests.conformance.reference_adapter import answer


def _nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _nulls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nulls(v) for v in value]
    return None if value == "" else value


def one(bug: str, mode: str, content_type: str, body: bytes, case: str) -> tuple[int, Any]:
    """(exit status, output) of one case; output is the JSON value or the wire bytes."""
    if bug == "accept-everything":
        return 0, {}
    if bug == "calibration-only" and not case.startswith("calibration/"):
        return 3, "only calibration"
    plain = ("application/json", "application/xml", "json", "xml")
    if bug == "soap-only" and content_type.split(";", maxsplit=1)[0].strip().lower() in plain:
        return 3, "no plain XML or JSON"
    if bug == "truncated-input":
        body = body[:-40]
    status, value = answer(mode, content_type, body)
    code = 0 if status == "ok" else 1
    if status == "ok" and mode == "decode":
        if bug == "wrapped-output":
            value = {"result": value}
        elif bug == "numbers-as-strings":
            value = numbers_to_strings(value)
        elif bug == "empty-as-null":
            value = _nulls(value)
    if bug == "swapped-exit":
        code = 1 - code
    return code, value


def main(argv: list[str]) -> int:
    bug = argv[0]
    if bug == "flood":
        sys.stdout.write("x" * (8 << 20))
        return 0
    if argv[1:2] == ["batch"]:
        for line in sys.stdin.buffer:
            req = json.loads(line)
            body = base64.b64decode(req["body"])
            code, value = one(bug, req["mode"], req["content_type"], body, req["id"])
            out: dict[str, Any] = {"id": req["id"]}
            if code == 3:
                out.update(status="unsupported", message=value)
            elif code == 1:
                out.update(status="error", message=str(value))
            elif req["mode"] == "decode":
                out.update(status="ok", result=value)
            else:
                out.update(status="ok", output=base64.b64encode(value).decode())
            sys.stdout.write(json.dumps(out) + "\n")
            sys.stdout.flush()
        return 0
    mode, content_type = argv[1], argv[2]
    code, value = one(bug, mode, content_type, sys.stdin.buffer.read(), os.environ["FAXWS_CASE"])
    if code == 0 and mode == "decode":
        sys.stdout.write(json.dumps(value) + "\n")
    elif code == 0:
        sys.stdout.buffer.write(value)
    elif not isinstance(value, dict):
        print(value, file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
