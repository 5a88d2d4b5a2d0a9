"""The README's Python examples run as written (against the simulator, not the network)."""

from __future__ import annotations

import asyncio
import functools
import re
import textwrap
from typing import Any

import faxstatus
from faxstatus.simulator import Simulator, SimulatorTransport

from .conftest import ROOT
from .samples import response

README = (ROOT / "README.md").read_text()


def _block(after: str) -> str:
    section = README[README.index(after) :]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_quickstart_runs(monkeypatch, capsys):
    sim = Simulator(user_id="mbx1234567890", tokens=("tok", "async-tok"))
    # Point both clients at the in-process simulator instead of the vendor's endpoint.
    monkeypatch.setattr(
        faxstatus,
        "FaxStatusClient",
        functools.partial(faxstatus.FaxStatusClient, transport=SimulatorTransport(sim)),
    )
    monkeypatch.setattr(
        faxstatus,
        "AsyncFaxStatusClient",
        functools.partial(faxstatus.AsyncFaxStatusClient, transport=SimulatorTransport(sim)),
    )
    code = "async def main():\n" + textwrap.indent(_block("## Python quickstart"), "    ")
    scope: dict[str, Any] = {
        "get_token": lambda: "tok",
        "TOKEN": "async-tok",
        "many_ids": ["br1000000001"] * 3,
    }
    exec(compile(code, "README.md", "exec"), scope)
    asyncio.run(scope["main"]())
    out = capsys.readouterr().out
    # Unknown to the simulator: an error outcome, never a success.
    assert "br0000000001 -> job 'br0000000001': FaxWS item error -5019" in out
    assert "br1000000005 1 1 1 " in out  # JRI-INV-1001 finds the most recent job, delivered


def test_codec_example_runs():
    scope: dict[str, Any] = {"faxstatus": faxstatus, "message": response("GetRealTimeFaxStatusEx")}
    enc = faxstatus.encode(scope["message"], "soap12")
    scope.update(body=enc.body, content_type=enc.headers["Content-Type"])
    exec(compile(_block("## The codec (sans-IO)"), "README.md", "exec"), scope)
    assert scope["resp"] == scope["message"] == scope["msg"].payload
