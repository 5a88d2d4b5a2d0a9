"""faxstatus's own client under ``faxstatus conformance client``: every step of the script.

Run by the kit with the script's path in FAXWS_SCRIPT (the conformance matrix's faxstatus
column); prints one JSON line per step with the outcome our client reported.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from faxstatus import FaxStatusClient, FaxStatusError


def _client(step: dict[str, Any], script: dict[str, Any]) -> FaxStatusClient:
    creds = step["credentials"]
    user, url = step["UserID"] or script["UserID"], script["endpoint"]
    if "strPIN" in creds and "Authorization" not in creds:
        return FaxStatusClient(user, pin=creds["strPIN"], endpoint=url)
    # A call without credentials (CheckService) gets the token too: the probe's request has
    # no field for one, and our client always carries one.
    token = creds.get("Authorization", "Bearer " + script["bearer_token"]).removeprefix("Bearer ")
    return FaxStatusClient(user, token=token, endpoint=url)


def main() -> int:
    script = json.loads(Path(os.environ["FAXWS_SCRIPT"]).read_text("utf-8"))
    for step in script["steps"]:
        out: dict[str, Any] = {"step": step["step"]}
        form = step["content_type"]
        with _client(step, script) as client:
            try:
                if step["request_ids"] == "none":
                    out["result"] = client.check_service(content_type=form)
                elif step["request_ids"] == "single":
                    out["result"] = client.simple_get_fax_status(
                        step["job_ids"][0], content_type=form, operation=step["operation"]
                    )
                else:
                    report = client.query(step["operation"], step["job_ids"], content_type=form)
                    out["result"] = [str(o) for o in report]
            except FaxStatusError as exc:
                out["error"] = f"{type(exc).__name__}: {exc}"
        print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
