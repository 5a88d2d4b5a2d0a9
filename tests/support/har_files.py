"""HAR files for the capture commands' tests: a zeep run as the recording proxy keeps it."""

from __future__ import annotations

import json

from .paths import ROOT, VECTORS

__all__ = ["REQUEST11", "RESPONSE11", "zeep_har"]

REQUEST11 = (VECTORS / "GetRealTimeFaxStatusEx" / "soap11" / "request.xml").read_bytes()
RESPONSE11 = (VECTORS / "GetRealTimeFaxStatusEx" / "soap11" / "response.xml").read_bytes()
WSDL = (ROOT / "schema" / "faxws.wsdl").read_bytes()


def zeep_har(*, bad_response: bool = False) -> bytes:
    """A HAR file as a zeep run through the proxy records it: ``GET ?wsdl``, then two polls.

    The second poll's response differs from the first in one job's status; with
    *bad_response*, its RecipientState is 'four' (no xsd:int), which decode refuses.
    """
    second = RESPONSE11.replace(b"<FaxJobStatusId>2<", b"<FaxJobStatusId>3<", 1)
    if bad_response:
        second = second.replace(b"<RecipientState>0<", b"<RecipientState>four<", 1)
    assert second != RESPONSE11

    def post(resp: bytes) -> dict[str, object]:
        return {
            "request": {
                "method": "POST",
                "url": "http://127.0.0.1:8081/fax/v5",
                "httpVersion": "HTTP/1.1",
                "headers": [{"name": "Content-Type", "value": "text/xml; charset=utf-8"}],
                "postData": {"mimeType": "text/xml; charset=utf-8", "text": REQUEST11.decode()},
            },
            "response": {
                "status": 200,
                "statusText": "OK",
                "headers": [{"name": "Content-Type", "value": "text/xml; charset=utf-8"}],
                "content": {"mimeType": "text/xml; charset=utf-8", "text": resp.decode()},
            },
        }

    wsdl_get = {
        "request": {"method": "GET", "url": "http://127.0.0.1:8081/fax/v5?wsdl", "headers": []},
        "response": {
            "status": 200,
            "content": {"mimeType": "text/xml", "text": WSDL.decode()},
        },
    }
    entries = [wsdl_get, post(RESPONSE11), post(second)]
    return json.dumps({"log": {"version": "1.2", "entries": entries}}).encode()
