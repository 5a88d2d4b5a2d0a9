"""The push receiver's "an answer, never a traceback" check, for tests and the fuzzer.

Shared by tests/security/test_fuzz_push.py and the atheris harness fuzz/fuzz_push.py; it
imports nothing but faxstatus and the standard library. The first byte picks how the rest
reaches :class:`~faxstatus.push.Receiver` (a form, multipart with boundary ``b``, SOAP, a
GET query string, or any of those gzip-coded); the answer must be 200, 400 or 413, and a
200 must have stored exactly one more notification, which reads back from the store.
"""

from __future__ import annotations

import gzip
import io

from faxstatus.push import NotificationStore, Receiver

#: How each first byte (modulo the count) delivers the rest: (method, Content-Type).
MODES: tuple[tuple[str, str | None], ...] = (
    ("POST", "application/x-www-form-urlencoded"),
    ("POST", "multipart/form-data; boundary=b"),
    ("POST", "text/xml; charset=utf-8"),
    ("GET", None),
)
_CAP = 16 * 1024


def check_push_input(data: bytes) -> None:
    """AssertionError unless the receiver answers *data* (see the module docs) as it should."""
    mode = data[0] if data else 0
    body = data[1:]
    method, ctype = MODES[mode % len(MODES)]
    coded = (mode // len(MODES)) % 2 == 1
    headers = [] if ctype is None else [("Content-Type", ctype)]
    target = "/notify"
    if method == "GET":
        target += "?" + body.decode("latin-1")
        body = b""
    elif coded:
        body = gzip.compress(body, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    with NotificationStore() as store:
        receiver = Receiver(store, max_bytes=_CAP, access_log=io.StringIO())
        reply = receiver.handle(method, target, headers, body)
        receiver.close()
        assert reply.status in (200, 400, 413), reply
        kept = list(store.notifications())
    assert len(kept) == (1 if reply.status == 200 else 0), (reply.status, len(kept))
    if kept:
        assert kept[0].job_id and kept[0].received_seq == 1
