"""The CLI competitor: ``python -m bench.zeep_cli WSDL FILE`` decodes with zeep, prints our JSON.

What a user would write with zeep to do what ``faxstatus decode`` does for a
GetRealTimeFaxStatusEx response: a client on the WSDL, the SOAP 1.2 binding's reply
processing, ``serialize_object`` to plain data, then the same JSON document through
``json.dump(indent=2)`` (the list flattened and empty strings kept as "", as our JSON form
does; zeep reads an empty element as None).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


class _Reply:
    def __init__(self, body: bytes) -> None:
        self.status_code = 200
        self.headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
        self.content = body
        self.encoding = "utf-8"


def _blank(value: Any) -> Any:
    """zeep reads an empty string element as None; our JSON form keeps it as ""."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return {k: _blank(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank(v) for v in value]
    return value


def main() -> None:
    import zeep
    from zeep.helpers import serialize_object

    wsdl, path = sys.argv[1], sys.argv[2]
    client = zeep.Client(wsdl)
    binding = client.wsdl.services["FaxWS"].ports["FaxWS12"].binding
    op = binding.get("GetRealTimeFaxStatusEx")
    result = binding.process_reply(client, op, _Reply(Path(path).read_bytes()))
    data: dict[str, Any] = _blank(serialize_object(result, dict))
    data["FaxStatusList"] = data["FaxStatusList"]["item"]
    json.dump({"GetRealTimeFaxStatusExResponse": data}, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
