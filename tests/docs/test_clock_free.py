"""No test reads the date, the time of day or the time zone: checked on the tests' own source.

A simulator left to its default epoch writes today's date into every reply, so the tests build
theirs with :func:`tests.support.helpers.make_simulator` (fixed epoch, frozen job clock) or pass
``epoch=`` themselves, and start ``faxstatus serve``/``demo`` with ``--epoch``. Wall-clock reads
(``datetime.now``, ``time.time``, ``date.today``, ...) have no place in a test at all; a test
that needs time moving uses a clock it controls. ``make test-dates`` then runs the whole
suite under two other dates and time zones (``tests/timetravel/``), for what this reading of
the source cannot see.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ..support.paths import TESTS

#: Where the helpers that build simulators live: the only place a bare construction may be.
HELPERS = {TESTS / "support" / "helpers.py"}
#: Names whose construction reads the wall clock unless an epoch is passed.
#: (``tests.support.helpers.Recording`` defaults the epoch itself.)
SIMULATORS = {"Simulator", "GradingSimulator"}
#: Calls that read the wall clock or the machine's time zone.
WALL_CLOCK = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
    ("time", "asctime"),
    ("time", "mktime"),
    ("time", "strftime"),
}
#: Module attributes that hold the machine's time zone.
ZONE_ATTRIBUTES = {("time", "timezone"), ("time", "altzone"), ("time", "tzname")}


def _aliases(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """Local name -> what it stands for: ``import time as t``, ``from time import time``."""
    names: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                names[a.asname or a.name.split(".")[0]] = tuple(
                    a.name.split(".") if a.asname else a.name.split(".")[:1]
                )
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                names[a.asname or a.name] = (*node.module.split("."), a.name)
    return names


def _resolved(dotted: tuple[str, ...], aliases: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """*dotted* with its first name replaced by what it was imported as."""
    if not dotted or dotted[0] not in aliases:
        return dotted
    return (*aliases[dotted[0]], *dotted[1:])


def _dotted(node: ast.expr) -> tuple[str, ...]:
    """``datetime.datetime.now`` -> ("datetime", "datetime", "now"); () for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return tuple(reversed(parts))
    return ()


def _words(node: ast.Call) -> tuple[list[str], set[str]]:
    """The string constants and names among a call's arguments (list arguments flattened)."""
    words: list[str] = []
    names: set[str] = set()
    for arg in node.args:
        for e in arg.elts if isinstance(arg, ast.List | ast.Tuple) else [arg]:
            if isinstance(e, ast.Constant) and isinstance(e.value, str):
                words.append(e.value)
            elif isinstance(e, ast.Name):
                names.add(e.id)
            elif isinstance(e, ast.Starred) and isinstance(e.value, ast.Name):
                names.add(e.value.id)
    return words, names


def _starts_a_simulator(node: ast.Call) -> bool:
    """Whether *node* runs ``faxstatus serve`` or ``demo`` (a process or ``main``) sans --epoch.

    ``--help`` runs and argument parsing alone (``parse_args``, ``parametrize``) date nothing.
    """
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    words, names = _words(node)
    ours = "faxstatus" in words or called in {"main", "run", "cli", "run_cli"}
    if not ours or not {"serve", "demo"} & set(words) or "--help" in words:
        return False
    return not any(w.startswith("--epoch") for w in words) and "FIXED_EPOCH_ARG" not in names


def clock_reads(source: str, name: str = "<test>") -> list[str]:
    """Every place in *source* that reads the wall clock, as ``name:line: what`` lines."""
    found: list[str] = []
    tree = ast.parse(source)
    aliases = _aliases(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Name) and isinstance(node.ctx, ast.Load):
            attribute = _resolved(_dotted(node), aliases)
            if attribute[-2:] in ZONE_ATTRIBUTES:
                found.append(f"{name}:{node.lineno}: {'.'.join(attribute)} reads the time zone")
        if not isinstance(node, ast.Call):
            continue
        dotted = _resolved(_dotted(node.func), aliases)
        if dotted[-1:] == ("astimezone",) and not node.args and not node.keywords:
            found.append(f"{name}:{node.lineno}: astimezone() with no zone reads the local one")
        elif len(dotted) >= 2 and dotted[-2:] in WALL_CLOCK:
            found.append(f"{name}:{node.lineno}: {'.'.join(dotted)}() reads the wall clock")
        elif dotted and dotted[-1] in SIMULATORS:
            if not any(k.arg in {"epoch", None} for k in node.keywords):
                found.append(
                    f"{name}:{node.lineno}: {dotted[-1]}() without epoch= dates its replies "
                    "today (use tests.support.helpers.make_simulator)"
                )
        elif _starts_a_simulator(node):
            found.append(
                f"{name}:{node.lineno}: a simulator command without --epoch "
                "(add tests.support.helpers.FIXED_EPOCH_ARG)"
            )
    return found


def _test_sources() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if p not in HELPERS and p != Path(__file__))


@pytest.mark.parametrize("path", _test_sources(), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_reads_the_wall_clock(path: Path) -> None:
    problems = clock_reads(path.read_text(encoding="utf-8"), str(path.relative_to(TESTS)))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from datetime import datetime\nx = datetime.now()", "datetime.now() reads"),
        ("import datetime\nx = datetime.datetime.now(datetime.UTC)", "datetime.datetime.now()"),
        ("import time\nt = time.time()", "time.time() reads"),
        ("from datetime import date\nd = date.today()", "date.today() reads"),
        ("s = Simulator()", "Simulator() without epoch="),
        ("s = GradingSimulator()", "GradingSimulator() without epoch="),
        ("from time import time\nt = time()", "time.time() reads"),
        ("import time as t\nx = t.time()", "time.time() reads"),
        ("from datetime import datetime as dt\nx = dt.now()", "datetime.datetime.now() reads"),
        ("import time\nx = time.asctime()", "time.asctime() reads"),
        ("import time\noffset = time.timezone", "time.timezone reads the time zone"),
        ("from time import tzname\nx = tzname", "time.tzname reads the time zone"),
        ("x = when.astimezone()", "astimezone() with no zone"),
        ("from faxstatus.simulator import Simulator as S\ns = S()", "Simulator() without"),
        ("run([sys.executable, '-m', 'faxstatus', 'serve', '--port', '0'])", "without --epoch"),
        ("cli('demo')", "without --epoch"),
    ],
)
def test_the_check_finds_each_kind_of_clock_read(source: str, expected: str) -> None:
    assert any(expected in p for p in clock_reads(source)), clock_reads(source)


@pytest.mark.parametrize(
    "source",
    [
        "s = Simulator(epoch=EPOCH)",
        "s = Simulator(**kw)",
        "s = make_simulator()",
        "run([sys.executable, '-m', 'faxstatus', 'serve', FIXED_EPOCH_ARG])",
        "cli('serve', '--epoch=2026-01-01T00:00:00Z')",
        "main(['serve', '--help'])",
        "Popen([str(gsoap_peer()), 'serve', 'plain'])",
        "build_parser().parse_args(['serve', '--strict'])",
        "t = time.monotonic()",
        "x = datetime(2026, 1, 1, tzinfo=UTC)",
        "x = when.astimezone(UTC)",
        "from time import monotonic\nt = monotonic()",
    ],
)
def test_the_check_lets_fixed_time_through(source: str) -> None:
    assert clock_reads(source) == []


def test_the_date_check_moves_the_clock_of_every_python_process_it_starts() -> None:
    """``make test-dates`` is no check unless its date reaches the tests' subprocesses too."""
    env = {
        **os.environ,
        "TIMETRAVEL_NOW": "2028-02-29T23:59:30Z",
        "TZ": "<+14>-14",
        "PYTHONPATH": str(TESTS / "timetravel"),
    }
    code = (
        "import datetime, time\n"
        "print(datetime.datetime.now(datetime.UTC).isoformat(), time.strftime('%z'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0].startswith("2028-02-29T23:5") or out[0].startswith("2028-03-01T00:0"), out
    assert out[1] == "+1400", out


@pytest.mark.skipif("TIMETRAVEL_NOW" not in os.environ, reason="only under make test-dates")
def test_this_run_lives_on_the_shifted_date() -> None:
    now = datetime.now(UTC)  # the point of this test: the shifted wall clock
    target = datetime.fromisoformat(os.environ["TIMETRAVEL_NOW"])
    assert abs((now - target).total_seconds()) < 3600, (now, target)
