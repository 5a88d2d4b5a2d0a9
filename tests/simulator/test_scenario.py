"""Simulator scenarios: a file's jobs and rules drive the answers; the rule is named; errors."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from faxstatus import FaxStatusClient, RetryPolicy
from faxstatus._contract import STATUS_FAILED, STATUS_IN_PROGRESS, STATUS_SUCCEEDED
from faxstatus._http import RULE_HEADER
from faxstatus.codec import decode_response
from faxstatus.simulator import (
    ScenarioError,
    SimReply,
    Simulator,
    SimulatorServer,
    SimulatorTransport,
    default_scenario,
    demo_jobs,
    load_scenario,
    parse_scenario,
)

from ..support.helpers import FIXED_EPOCH, JobClock

JOB = "br4200000000"

#: One job through in progress, throttled, failed and succeeded (a second attempt), in
#: simulator seconds; and rules chosen by operation, credential and reference.
STORY = f"""
title = "one job's whole life"

[[job]]
id = "{JOB}"
pages = 2
submitted = 0
reference = "ORDER-7"
queue_seconds = 0

[[rule]]
name = "busy"
job = "{JOB}"
after = 20
before = 30
throttle = {{ status = 429, retry_after = 5 }}

[[rule]]
name = "story"
job = "{JOB}"
timeline = [
  {{ at = 0, status = "in_progress", pages_sent = 1 }},
  {{ at = 30, status = "failed", description = "Failed: busy", pages_sent = 1 }},
  {{ at = 60, status = "succeeded", description = "Success" }},
]

[[rule]]
name = "no-ex3-over-json"
operation = "GetRealTimeFaxStatusEx3"
content_type = "json"
fault = {{ code = "Receiver", reason = "Ex3 is down" }}

[[rule]]
name = "pin-refused"
credential = "pin"
reference = "LOCKED"
wserror = {{ code = -1000, text = "Account locked" }}

[[rule]]
name = "slow-once"
job = "br1"
delay = 0.25
times = 1
"""


def _sim(text: str = STORY, now: float = 0.0) -> tuple[Simulator, JobClock]:
    clock = JobClock(now)
    sim = Simulator(
        scenario=parse_scenario(text, "story.toml"),
        clock=clock,
        epoch=FIXED_EPOCH,
        tokens=("demo-token",),
    )
    return sim, clock


def _ask(
    sim: Simulator,
    ids: list[str],
    op: str = "GetRealTimeFaxStatusEx",
    ct: str = "soap12",
    **cred: Any,
) -> SimReply:
    cred = cred or {"pin": "demo-pin"}
    with FaxStatusClient("demo-user", endpoint="http://sim.test/fax/v5", **cred) as client:
        prep = client.prepare(op, ids, content_type=ct)
    headers = {k.lower(): v for k, v in prep.headers.items()}
    return sim.handle("POST", headers, bytes(prep.body), path=sim.path)


def _item(reply: SimReply, op: str = "GetRealTimeFaxStatusEx") -> Any:
    payload = decode_response(op, reply.body, reply.headers["Content-Type"])
    (item,) = payload.fax_status_list.item
    return item


def test_a_scenario_drives_a_job_through_in_progress_throttled_failed_and_succeeded():
    sim, clock = _sim()
    seen = []
    for now in (5, 25, 35, 65):
        clock.now = now
        reply = _ask(sim, [JOB])
        if reply.status != 200:
            seen.append((now, reply.status, reply.headers.get("Retry-After"), reply.rule))
            continue
        item = _item(reply)
        seen.append((now, item.fax_job_status_id, item.status_description, reply.rule))
    assert seen == [
        (5, STATUS_IN_PROGRESS, "Sending", "story"),
        (25, 429, "5", "busy"),
        (35, STATUS_FAILED, "Failed: busy", "story"),
        (65, STATUS_SUCCEEDED, "Success", "story"),
    ]
    # SimpleGetFaxStatus follows the same timeline.
    clock.now = 35
    with FaxStatusClient("demo-user", pin="demo-pin", transport=SimulatorTransport(sim)) as c:
        assert c.simple_get_fax_status(JOB).code == STATUS_FAILED
    # The rule is said in the answer's header too; a JRI- lookup of its reference matches.
    clock.now = 65
    reply = _ask(sim, ["JRI-ORDER-7"])
    assert reply.headers[RULE_HEADER] == "story" and _item(reply).recipient_current_page_count == 2


def test_rules_by_operation_content_type_credential_reference_and_times():
    sim, _ = _sim()
    # A SOAP fault for one operation in one content type only.
    fault = _ask(sim, ["br2"], op="GetRealTimeFaxStatusEx3", ct="json")
    assert fault.status == 500 and b"Ex3 is down" in fault.body
    assert fault.headers[RULE_HEADER] == "no-ex3-over-json"
    assert _ask(sim, ["br2"], op="GetRealTimeFaxStatusEx3", ct="soap12").status == 200
    # A WSError for a PIN login naming the LOCKED reference; a token login is not matched.
    refused = _ask(sim, ["JRI-LOCKED"])
    payload = decode_response(
        "GetRealTimeFaxStatusEx", refused.body, refused.headers["Content-Type"], check=False
    )
    assert payload.wserror.error_code == -1000
    assert payload.wserror.error_string == "Account locked"
    assert refused.rule == "pin-refused"
    assert _ask(sim, ["JRI-LOCKED"], token="demo-token").rule == "-"
    # A request that does not decode matches no rule, and its fault says so.
    broken = sim.handle("POST", {"content-type": "application/soap+xml"}, b"<nope", sim.path)
    assert broken.status == 400 and broken.headers[RULE_HEADER] == "-"
    # A delay for the first matching request only.
    first, second = _ask(sim, ["br1"]), _ask(sim, ["br1"])
    assert (first.delay, first.rule, second.delay, second.rule) == (0.25, "slow-once", 0.0, "-")


def test_a_request_reads_the_job_clock_once():
    # A stepping test clock moves once per request, with rules as without: seconds 0 to 60.
    sim, clock = _sim()
    clock.step = 10
    replies = [_ask(sim, [JOB]) for _ in range(7)]
    seen = [r.status if r.status != 200 else _item(r).fax_job_status_id for r in replies]
    ip, failed = STATUS_IN_PROGRESS, STATUS_FAILED
    assert seen == [ip, ip, 429, failed, failed, failed, STATUS_SUCCEEDED]


def test_the_access_log_names_the_rule():
    sim, clock = _sim(now=25)
    log = io.StringIO()
    with SimulatorServer(sim, access_log=log) as server:
        # One attempt: a retry would wait out the Retry-After, and the clock stands still.
        never = RetryPolicy.never()
        with FaxStatusClient(
            "demo-user", pin="demo-pin", endpoint=server.url, retry=never
        ) as client:
            report = client.get_real_time_fax_status_ex([JOB])
            clock.now = 65
            again = client.get_real_time_fax_status_ex([JOB])
    assert report[JOB].kind == "throttled" and again[JOB].kind == "succeeded"  # a 429
    lines = log.getvalue().splitlines()
    assert " 429 " in lines[0] and lines[0].endswith("rule=busy")
    assert lines[-1].endswith("rule=story")


def test_the_demo_jobs_are_the_packaged_default_scenario():
    scenario = default_scenario()
    assert scenario.rules == () and [j.job_id for j in demo_jobs()] == [
        f"br100000000{n}" for n in range(1, 7)
    ]
    # Without rules, answers carry no rule header (make demo's output is unchanged).
    sim = Simulator(clock=JobClock(), epoch=FIXED_EPOCH)
    reply = _ask(sim, ["br1000000001"])
    assert RULE_HEADER not in reply.headers and reply.rule == ""


def test_a_json_scenario_reads_as_the_toml_one(tmp_path):
    doc = {
        "job": [{"id": JOB, "pages": 2}],
        "rule": [{"name": "down", "job": JOB, "http": {"status": 503, "body": "maintenance"}}],
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    sim = Simulator(
        scenario=load_scenario(path),
        clock=JobClock(),
        epoch=FIXED_EPOCH,
    )
    reply = _ask(sim, [JOB])
    assert (reply.status, reply.body, reply.rule) == (503, b"maintenance", "down")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[job]]\nid = "a"\n\n[[rule]]\nname = "x"\njob = "a"\nthrotle = {}\n',
            "story.toml: rule 1 'x', line 4: unknown key 'throtle'; the keys are name,",
        ),
        (
            '[[rule]]\nname = "ok"\ndelay = 1\n\n[[rule]]\nname = "y"\nfault = { code = "Oops" }\n',
            "story.toml: rule 2 'y', line 5: fault key 'code' must be Sender or Receiver",
        ),
        ('[[rule]]\nname = "y"\nthrottle = { status = 500 }\n', "must be 429 or 503, not 500"),
        (
            '[[rule]]\nname = "y"\noperation = "Nope"\ndelay = 1\n',
            "key 'operation': unknown 'Nope'",
        ),
        (
            '[[rule]]\nname = "y"\ntimeline = [{ at = 0, status = "in_progress" }]\n',
            "needs key 'job'",
        ),
        (
            '[[rule]]\nname = "y"\njob = "a"\ntimeline = [{ at = 5, status = "failed" }, '
            '{ at = 5, status = "succeeded" }]\n',
            "timeline step 2: key 'at' (5) must be after step 1's (5)",
        ),
        ('[[rule]]\nname = "has space"\ndelay = 1\n', "rule 1, line 1: key 'name' must be"),
        ('[[rule]]\nname = "y"\n', "no effect"),
        ('[[rule]]\nname = "y"\ndelay = 1\n[[rule]]\nname = "y"\ndelay = 2\n', "given twice"),
        ('[[job]]\nid = "a"\npages = 0\n', "job 1, line 1: key 'pages' must be in 1.., not 0"),
        ('[[job]]\nid = "a"\n[[job]]\nid = "a"\n', "job 2, line 3: job id 'a' is given twice"),
        ('[[rule]\nname = "y"\n', "story.toml: not TOML: "),
        ("jobs = 1\n", "story.toml: the scenario: unknown key 'jobs'"),
        ("title = 1\n", "story.toml: the scenario: key 'title' must be a string"),
    ],
)
def test_a_bad_scenario_names_the_rule_key_and_line(text: str, message: str):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "story.toml")
    assert message in str(caught.value)


def test_an_unreadable_or_malformed_json_file_is_named(tmp_path):
    with pytest.raises(ScenarioError, match=r"missing\.toml: cannot read the scenario"):
        load_scenario(tmp_path / "missing.toml")
    bad = tmp_path / "bad.json"
    bad.write_text('{"rule": [}', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bad\.json: not JSON: .*line 1, column 11"):
        load_scenario(bad)


def test_a_toml_syntax_error_gives_its_line():
    with pytest.raises(ScenarioError, match=r"line 3"):
        parse_scenario('[[rule]]\nname = "y"\ndelay = = 1\n', "story.toml")
