"""make bench: decode and encode after a schema change, against the unchanged schema.

A copy of schema/ gains one optional element in the status item type (``FaxPriority``, an
xsd:int with minOccurs 0, before ``Error`` in ``RealTimeFaxStatusEx``), and a copy of the
package is regenerated from it by codegen/generate.py, as a maintainer's ``make generate``
would. The two packages cannot share a process, so each round runs two children per package
in the order A B B A (A alternating between rounds), and each child times the same 10k-item
message (the new element absent, so the bytes are the same) in gSOAP's layout: decode, and
SOAP 1.2 encode. The ratio of the round's sums is the cost of the change.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The element the copy adds, and the item type it goes into.
ADDED = '<element name="FaxPriority" type="xsd:int" minOccurs="0" maxOccurs="1"/>'
ITEM_TYPE = "RealTimeFaxStatusEx"

# One child's work: build the message, check both routes, time decode and encode.
_CHILD = """
import gc, json, sys, time
import faxstatus
from faxstatus import DecodeOptions, EncodeOptions
from faxstatus._layouts import gsoap_layout, message

n, loops = int(sys.argv[1]), int(sys.argv[2])
msg = message(n)
body = gsoap_layout(faxstatus.encode(msg, "soap12").body)
opts = DecodeOptions(max_bytes=1 << 30)
assert faxstatus.decode(body, options=opts).payload == msg
routes = {}
try:
    faxstatus.decode(body, options=DecodeOptions(decoders=("scan",), max_bytes=1 << 30))
    routes["decode"] = "scan"
except faxstatus.DecodeError:
    routes["decode"] = "parser"
try:
    faxstatus.encode(msg, "soap12", options=EncodeOptions(encoders=("xmlwriter",)))
    routes["encode"] = "xmlwriter"
except faxstatus.EncodeError:
    routes["encode"] = "generic"

def timed(fn):
    fn()
    gc.collect()
    gc.disable()
    start = time.process_time()
    for _ in range(loops):
        fn()
    gc.enable()
    return (time.process_time() - start) / loops

out = {
    "decode": timed(lambda: faxstatus.decode(body, options=opts)),
    "encode": timed(lambda: faxstatus.encode(msg, "soap12")),
    "routes": routes,
}
print(json.dumps(out))
"""


def make_copy(tmp: Path) -> Path:
    """The regenerated package root (holding ``faxstatus/``) of a changed copy, under *tmp*."""
    schema = tmp / "schema"
    shutil.copytree(ROOT / "schema", schema)
    pkg = tmp / "pkg"
    shutil.copytree(
        ROOT / "faxstatus", pkg / "faxstatus", ignore=shutil.ignore_patterns("__pycache__")
    )
    xsd = schema / "faxws.xsd"
    text = xsd.read_text()
    item = re.compile(
        rf'(<complexType name="{ITEM_TYPE}">.*?)(\n(\s*)<element name="Error")', re.DOTALL
    )
    changed, n = item.subn(lambda m: f"{m.group(1)}\n{m.group(3)}{ADDED}{m.group(2)}", text, 1)
    assert n == 1, f"no {ITEM_TYPE} with an Error element in {xsd}"
    xsd.write_text(changed)
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "codegen" / "generate.py"),
            "--schema",
            str(schema),
            "--out",
            str(pkg / "faxstatus" / "models"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return pkg


def _child(path: Path, n: int, loops: int) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(path)
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(n), str(loops)],
        env=env,
        cwd=path,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def measure(rounds: int, n: int = 10_000, loops: int = 5) -> dict[str, Any]:
    """Per round, the changed copy's decode and encode CPU time over the unchanged one's.

    Also each package's routes (the strategy that decoded and encoded the message).
    """
    with tempfile.TemporaryDirectory() as t:
        changed = make_copy(Path(t))
        paths = {"unchanged": ROOT, "changed": changed}
        samples: dict[str, list[dict[str, Any]]] = {name: [] for name in paths}
        names = list(paths)
        for r in range(rounds):
            # A B B A (which is A rotating): a load that rises or falls through the round
            # weighs on both alike.
            a, b = names[r % 2], names[1 - r % 2]
            for name in (a, b, b, a):
                samples[name].append(_child(paths[name], n, loops))
    ratios = {
        what: [
            (c1[what] + c2[what]) / (u1[what] + u2[what])
            for c1, c2, u1, u2 in zip(
                samples["changed"][::2],
                samples["changed"][1::2],
                samples["unchanged"][::2],
                samples["unchanged"][1::2],
                strict=True,
            )
        ]
        for what in ("decode", "encode")
    }
    return {
        "ratios": ratios,
        "routes": {name: s[0]["routes"] for name, s in samples.items()},
        "seconds": {
            name: {what: [x[what] for x in s] for what in ("decode", "encode")}
            for name, s in samples.items()
        },
    }
