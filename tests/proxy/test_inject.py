"""--inject: the fault grammar, its refusals, and draws that a seed makes reproducible."""

from __future__ import annotations

import pytest

from faxstatus.proxy._inject import Fault, Injector, parse_inject


def test_the_documented_example_parses():
    faults = parse_inject("delay=2s@0.2,reset@0.05,status=503@0.1,slow=100B/s@0.1")
    assert faults == [
        Fault("delay", 0.2, seconds=2.0),
        Fault("reset", 0.05),
        Fault("status", 0.1, status=503),
        Fault("slow", 0.1, rate=100),
    ]
    assert [str(f) for f in faults] == ["delay 2s", "reset", "status 503", "slow 100B/s"]


def test_units_shares_and_repeated_options():
    faults = parse_inject(["delay=250ms", "slow=2KiB/s@50%", " reset "])
    assert faults == [
        Fault("delay", 1.0, seconds=0.25),
        Fault("slow", 0.5, rate=2048),
        Fault("reset", 1.0),
    ]


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("explode@0.1", "the fault is one of"),
        ("delay@0.1", "needs a value"),
        ("delay=soon", "a duration"),
        ("delay=99999s", "a duration"),
        ("reset=1", "takes no value"),
        ("status=200", "400-599"),
        ("status=5031", "400-599"),
        ("slow=fast", "bytes a second"),
        ("slow=0B/s", "bytes a second"),
        ("reset@0", "(0, 1]"),
        ("reset@1.5", "(0, 1]"),
        ("reset@nan", "(0, 1]"),
    ],
)
def test_a_bad_fault_is_refused_naming_it(spec, says):
    with pytest.raises(ValueError, match=r"--inject") as info:
        parse_inject(spec)
    assert says in str(info.value) and spec in str(info.value)


def test_the_same_seed_draws_the_same_faults_and_another_seed_others():
    faults = parse_inject("reset@0.3,status=503@0.3")
    one = [Injector(faults, 7).draw(n) for n in range(1, 201)]
    again = [Injector(faults, 7).draw(n) for n in range(200, 0, -1)][::-1]  # any order of asking
    other = [Injector(faults, 8).draw(n) for n in range(1, 201)]
    assert one == again
    assert one != other
    # Each fault hits about its share (fixed draws, so these bounds are checked once, not luck).
    for fault in faults:
        hits = sum(fault in drawn for drawn in one)
        assert 35 <= hits <= 85, (fault, hits)


def test_no_faults_draw_nothing():
    assert Injector([], 1).draw(1) == []
