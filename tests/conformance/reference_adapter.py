"""Our own codec behind the adapter protocol: the conformance kit's self-check (every case passes).

Speaks both the per-case protocol (``decode CONTENT-TYPE`` / ``encode FORM``) and ``batch``.
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

import faxstatus
from faxstatus.codec import encode_fault
from faxstatus.conformance._catalogue import expected_json


def answer(mode: str, content_type: str, body: bytes) -> tuple[str, Any]:
    try:
        if mode == "decode":
            return "ok", expected_json(faxstatus.decode(body, content_type or None))
        result = faxstatus.decode(body, "application/json")
        if isinstance(result, faxstatus.Fault):
            enc = encode_fault(result, content_type if content_type == "json" else None)
        else:
            enc = faxstatus.encode(result.payload, content_type)
        return "ok", enc.body
    except faxstatus.CodecError as exc:
        return "error", str(exc)


def main(argv: list[str]) -> int:
    if argv[:1] == ["batch"]:
        for line in sys.stdin.buffer:
            req = json.loads(line)
            status, value = answer(req["mode"], req["content_type"], base64.b64decode(req["body"]))
            out: dict[str, Any] = {"id": req["id"], "status": status}
            if status == "error":
                out["message"] = value
            elif req["mode"] == "decode":
                out["result"] = value
            else:
                out["output"] = base64.b64encode(value).decode()
            sys.stdout.write(json.dumps(out) + "\n")
            sys.stdout.flush()
        return 0
    status, value = answer(argv[0], argv[1], sys.stdin.buffer.read())
    if status == "error":
        print(value, file=sys.stderr)
        return 1
    if argv[0] == "decode":
        sys.stdout.write(json.dumps(value) + "\n")
    else:
        sys.stdout.buffer.write(value)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
