"""Masking never changes the data: with any secret configured, every outcome is the same."""

from __future__ import annotations

import re
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import faxstatus
from faxstatus import FaxStatusClient, RetryPolicy
from faxstatus import strategies as fs
from faxstatus.client._results import check_job_id

from ..support.helpers import status_items

OP = "GetRealTimeFaxStatusEx3"
#: A credential that occurs in no response drawn here: the outcome with no secret to mask.
UNRELATED = "\u2603unrelated\u2603"


def _ids(payload: Any) -> list[str]:
    """The sendable job ids of the response's items (what a caller would have asked for)."""
    out = []
    for item in status_items(payload):
        if item is None:
            continue
        try:
            out.append(check_job_id(item.fax_job_id))
        except faxstatus.InvalidJobIdError:
            continue
    return list(dict.fromkeys(out)) or ["br1000000001"]


def _secrets(body: str, ids: list[str]) -> st.SearchStrategy[str]:
    """Secrets that occur in the data: digits, words of the body, prefixes of ids, years."""
    words = sorted(set(re.findall(r"[\w.-]+", body))) or ["x"]
    prefixes = sorted({j[:k] for j in ids for k in range(1, len(j) + 1)})
    return st.one_of(
        st.text("0123456789", min_size=1, max_size=10),
        st.sampled_from(words),
        st.sampled_from(prefixes),
        st.integers(1970, 2100).map(str),
        st.sampled_from(["0", "1", "ACME", "Success", "true", "item", "Fax", "br", "JRI-"]),
    )


def _data(report: faxstatus.StatusReport) -> Any:
    """Everything a report holds from the server; not the messages we wrote for people."""
    doc = report.as_dict()
    doc.pop("responses")
    for result, outcome in zip(doc["results"], report.outcomes, strict=True):
        if result["error"] is not None:
            result["error"].pop("message")
            error = outcome.error
            result["error"]["data"] = [
                getattr(error, name, None) for name in ("text", "fault", "item", "status")
            ]
    return doc, [repr(type(o.error)) for o in report.outcomes]


def _report(body: bytes, headers: dict[str, str], ids: list[str], pin: str) -> Any:
    reply = httpx.Response(200, headers=headers, content=body)
    with FaxStatusClient(
        "u",
        pin=pin,
        endpoint="http://faxws.test/fax/v5",
        transport=httpx.MockTransport(lambda request: reply),
        retry=RetryPolicy.never(),
    ) as client:
        return client.query(OP, ids)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    payload=fs.responses(OP),
    ct=st.sampled_from(["soap12", "soap11", "json"]),
    data=st.data(),
)
def test_any_secret_leaves_every_outcome_as_the_server_sent_it(payload, ct, data):
    enc = faxstatus.encode(payload, ct)
    text = enc.body.decode()
    ids = _ids(payload)
    secret = data.draw(_secrets(text, ids), label="secret")
    if "\x00" in secret or UNRELATED in text:
        return
    headers = dict(enc.headers)
    plain = _report(enc.body, headers, ids, UNRELATED)
    masked = _report(enc.body, headers, ids, secret)
    assert _data(masked) == _data(plain)
    assert [o.status for o in masked] == [o.status for o in plain]
    assert masked.unexpected == plain.unexpected


@settings(max_examples=40, deadline=None)
@given(secret=st.text("0123456789", min_size=1, max_size=6), n=st.integers(1, 12))
def test_a_digit_pin_never_changes_a_status_of_the_simulators_jobs(secret, n):
    """The simulator's own jobs, asked with a PIN of digits that its ids and dates hold."""
    from faxstatus.simulator import SimulatorTransport

    from ..support.helpers import make_simulator

    ids = [f"br10000000{k:02d}" for k in range(1, n + 1)]

    def ask(pin: str) -> faxstatus.StatusReport:
        sim = make_simulator(pin=pin)
        with FaxStatusClient("demo-user", pin=pin, transport=SimulatorTransport(sim)) as c:
            return c.get_real_time_fax_status_ex(ids)

    masked, plain = ask(secret), ask(UNRELATED)
    assert _data(masked) == _data(plain)
    assert not masked.unexpected
