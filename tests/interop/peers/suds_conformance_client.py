"""suds (the community fork, SOAP 1.1 only) under ``faxstatus conformance client``.

    faxstatus conformance client -- python suds_conformance_client.py schema/faxws.wsdl

Makes every SOAP 1.1 step of the script in WSDL mode with the step's credentials and a fresh
x-ch-request-id per call; SOAP 1.2, XML and JSON steps are skipped (suds has no such form).
One JSON line per step says what suds made of the answer.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import suds
import suds.client


def _plain(obj: Any) -> Any:
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    if hasattr(obj, "__keylist__"):
        return {k: _plain(getattr(obj, k)) for k in obj.__keylist__}
    return obj


def main(argv: list[str]) -> int:
    wsdl = Path(argv[0]).resolve().as_uri()
    script = json.loads(Path(os.environ["FAXWS_SCRIPT"]).read_text("utf-8"))
    client = suds.client.Client(wsdl, location=script["endpoint"], cache=None, timeout=20)
    for step in script["steps"]:
        out: dict[str, Any] = {"step": step["step"]}
        if step["content_type"] != "soap11":
            out["skipped"] = f"suds has no {step['content_type']} form"
            print(json.dumps(out))
            continue
        creds = step["credentials"]
        headers = {"x-ch-request-id": uuid.uuid4().hex}
        if "Authorization" in creds:
            headers["Authorization"] = creds["Authorization"]
        client.set_options(headers=headers)
        op = step["operation"]
        args: list[Any] = []
        if step["request_ids"] != "none":
            args = [step["UserID"], creds.get("strPIN", "")]
            if step["request_ids"] == "single":
                args.append(step["job_ids"][0])
            else:
                ids = client.factory.create("{urn:FaxWS}FaxJobIds")
                for job in step["job_ids"]:
                    item = client.factory.create("{urn:FaxWS}FaxJobId")
                    item.JobId = job
                    ids.item.append(item)
                args.append(ids)
        for attempt in (1, 2):
            try:
                out["result"] = _plain(getattr(client.service, op)(*args))
            except suds.WebFault as exc:
                out["fault"] = str(exc.fault.faultcode)
            except Exception as exc:
                if attempt == 1:
                    time.sleep(1)
                    continue
                out["error"] = f"{type(exc).__name__}: {exc}"
            break
        out["attempts"] = attempt
        print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
