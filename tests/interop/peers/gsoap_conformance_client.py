"""The gSOAP 2.8 client (gsoap_peer client) under ``faxstatus conformance client``.

    faxstatus conformance client -- python gsoap_conformance_client.py PATH/TO/gsoap_peer

gsoap_peer's client implements four operations (ex, ex3, simple, check) in SOAP 1.1 and 1.2,
with a bearer token or a strPIN; the other steps are skipped and say why. A 503 is retried
once after the script's Retry-After (gsoap_peer reports no response headers). One JSON line
per step says what gsoap_peer printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

OPS = {
    "GetRealTimeFaxStatusEx": "ex",
    "GetRealTimeFaxStatusEx3": "ex3",
    "SimpleGetFaxStatus": "simple",
    "CheckService": "check",
}
VERSIONS = {"soap11": "11", "soap12": "12"}
#: gsoap_peer's "HTTP error" exit status for an answer that is no SOAP message (the 503).
RETRY_AFTER = 1.0


def main(argv: list[str]) -> int:
    peer = argv[0]
    script = json.loads(Path(os.environ["FAXWS_SCRIPT"]).read_text("utf-8"))
    for step in script["steps"]:
        out: dict[str, Any] = {"step": step["step"]}
        op, version = OPS.get(step["operation"]), VERSIONS.get(step["content_type"])
        if op is None or version is None:
            out["skipped"] = (
                f"gsoap_peer's client has no {step['operation']} {step['content_type']}"
            )
            print(json.dumps(out))
            continue
        creds = step["credentials"]
        if "Authorization" in creds:
            pin = "bearer:" + creds["Authorization"].removeprefix("Bearer ")
        else:
            pin = creds.get("strPIN", "")
        user = step["UserID"] or script["UserID"]
        cmd = [
            peer,
            "client",
            script["endpoint"],
            version,
            "plain",
            user,
            pin,
            op,
            *step["job_ids"],
        ]
        for attempt in (1, 2):
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
            if done.returncode == 1 and attempt == 1:
                time.sleep(RETRY_AFTER)
                continue
            break
        out.update(
            exit=done.returncode, stdout=done.stdout.strip(), stderr=done.stderr.strip()[-300:]
        )
        out["attempts"] = attempt
        print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
