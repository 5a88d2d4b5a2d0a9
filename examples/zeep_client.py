#!/usr/bin/env python3
"""zeep as the client under ``faxstatus conformance client``: make every call of the script.

The kit starts its grading simulator, writes the script of calls (endpoint, credentials, one
step per call) to a JSON file and runs this program with the file's path in FAXWS_SCRIPT. zeep
speaks SOAP only, so the optional XML and JSON steps are skipped. What zeep made of each answer
is printed as one JSON line per step, for the author to compare with the step's "expect".

    faxstatus conformance client -- python examples/zeep_client.py
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import requests
import zeep
from zeep.exceptions import Fault, TransportError
from zeep.helpers import serialize_object
from zeep.transports import Transport

WSDL_NS = "https://ws.concordfax.com/fax/v5/FaxWS.wsdl"
BINDINGS = {"soap12": f"{{{WSDL_NS}}}FaxWS12", "soap11": f"{{{WSDL_NS}}}FaxWS"}


def _arguments(step: dict[str, Any]) -> dict[str, Any]:
    shape = step["request_ids"]  # list, single or none: how the request carries the ids
    if shape == "none":
        return {}
    creds = step["credentials"]
    args: dict[str, Any] = {"UserID": step["UserID"], "strPIN": creds.get("strPIN", "")}
    if shape == "single":
        args["JobId"] = step["job_ids"][0]
    else:
        args["FaxJobIds"] = {"item": [{"JobId": j} for j in step["job_ids"]]}
    return args


def run(script: dict[str, Any], wsdl: str) -> list[dict[str, Any]]:
    """Make each call of *script* with zeep; return what zeep made of each answer."""
    session = requests.Session()
    last: dict[str, Any] = {}
    session.hooks["response"].append(lambda r, *a, **k: last.update(headers=r.headers))
    client = zeep.Client(wsdl, transport=Transport(session=session))
    outcomes: list[dict[str, Any]] = []
    for step in script["steps"]:
        out: dict[str, Any] = {"step": step["step"]}
        outcomes.append(out)
        binding = BINDINGS.get(step["content_type"])
        if binding is None:
            out["skipped"] = f"zeep has no {step['content_type']} form"
            continue
        service = client.create_service(binding, script["endpoint"])
        session.headers.pop("Authorization", None)
        if "Authorization" in step["credentials"]:
            session.headers["Authorization"] = step["credentials"]["Authorization"]
        # One id per call, kept for the retry of that call.
        session.headers["x-ch-request-id"] = str(uuid.uuid4())
        for attempt in (1, 2):
            try:
                result = getattr(service, step["operation"])(**_arguments(step))
            except TransportError as exc:
                if exc.status_code in (429, 503) and attempt == 1:
                    time.sleep(float(last.get("headers", {}).get("Retry-After", "1")))
                    continue
                out["error"] = f"HTTP {exc.status_code}"
            except Fault as exc:
                out["fault"] = {"code": exc.code, "message": exc.message}
            else:
                out["result"] = json.loads(json.dumps(serialize_object(result, dict), default=str))
            out["attempts"] = attempt
            break
    return outcomes


def main() -> int:
    """Read the script named by FAXWS_SCRIPT (or the first argument) and run it."""
    path = sys.argv[1] if len(sys.argv) > 1 else os.environ["FAXWS_SCRIPT"]
    script = json.loads(Path(path).read_text("utf-8"))
    default = Path(__file__).resolve().parent.parent / "schema" / "faxws.wsdl"
    for outcome in run(script, os.environ.get("FAXWS_WSDL", str(default))):
        print(summary(outcome))
    return 0


def status_items(result: dict[str, Any]) -> list[Any]:
    """The items of a status answer as zeep serialises it.

    Those of the field holding an ``item`` list: FaxStatusList in the contract, but the
    schema may name it otherwise.
    """
    for value in result.values():
        if isinstance(value, dict) and "item" in value:
            return list(value["item"] or [])
    return []


def summary(outcome: dict[str, Any]) -> str:
    """One line per step: what zeep made of the answer."""
    head = f"{outcome['step']}: "
    if "skipped" in outcome:
        return head + "skipped, " + outcome["skipped"]
    if "error" in outcome or "fault" in outcome:
        return head + json.dumps(outcome.get("error") or outcome["fault"])
    result = outcome["result"]
    tries = f" ({outcome['attempts']} attempts)" if outcome.get("attempts", 1) > 1 else ""
    if not isinstance(result, dict):
        return head + f"return {result!r}{tries}"
    if "WSError" not in result:  # a single-id answer: its fields as zeep made them
        return head + json.dumps(result, sort_keys=True) + tries
    items = status_items(result)
    shown = []
    for item in items:
        if not item or all(v is None for v in item.values()):
            shown.append("an item of Nones (nil)")
        else:
            code = (item.get("Error") or {}).get("ErrorCode")
            shown.append(f"{item['FaxJobId']} status {item['FaxJobStatusId']} error {code}")
    err = result["WSError"]
    return (
        head
        + f"return {result['return']}, WSError {err['ErrorCode']}; "
        + (" | ".join(shown) or "no items")
        + tries
    )


if __name__ == "__main__":
    sys.exit(main())
