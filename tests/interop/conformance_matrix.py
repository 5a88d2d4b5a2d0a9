"""``make conformance-matrix``: grade every implementation at hand, then one matrix page.

    python -m tests.interop.conformance_matrix [OUT]     (default: conformance-report/matrix)

faxstatus itself (decoder, encoder, client, server), zeep (decoder, encoder, client), suds,
PHP's SoapClient and node-soap (clients), and gSOAP 2.8 built from schema/faxws.wsdl (client
and server), each where it can play the role. An implementation that is not installed is a
column with the reason it was skipped (``make interop`` installs them as root). Every run
goes through the ``faxstatus conformance`` command line, as a binding author's CI would; the
servers are loopback only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from faxstatus.conformance._client import script_steps
from faxstatus.simulator import SimulatorServer

from ..support.helpers import make_simulator
from ._peers import CACHE, HERE, WSDL, gsoap_peer

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
REFERENCE = [PY, str(ROOT / "tests" / "conformance" / "reference_adapter.py")]
ZEEP = [PY, str(ROOT / "examples" / "zeep_adapter.py")]
#: Seconds for one whole kit run (generous: the per-case runs start a process per case).
RUN_TIMEOUT = 900
#: The gSOAP peer's fixed jobs and operations (tests/interop/gsoap/gsoap_peer.c).
GSOAP_SERVED = ("GetRealTimeFaxStatusEx", "SimpleGetFaxStatus", "CheckService")
GSOAP_CLIENT_OPS = (
    "GetRealTimeFaxStatusEx",
    "GetRealTimeFaxStatusEx3",
    "SimpleGetFaxStatus",
    "CheckService",
)


def kit(out: Path, *argv: str, env: dict[str, str] | None = None) -> int:
    """One ``faxstatus conformance`` run writing into *out*; its exit status."""
    cmd = [PY, "-m", "faxstatus", "conformance", argv[0], "-q", "-o", str(out), *argv[1:]]
    done = subprocess.run(
        cmd,
        timeout=RUN_TIMEOUT,
        check=False,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )
    last = done.stdout.strip().splitlines()
    summary = next((x for x in reversed(last) if x.startswith("conformance ")), "")
    print(f"  {argv[0]}: exit {done.returncode}; {summary or done.stderr.strip()[-200:]}")
    return done.returncode


def _excluding(steps: list[str], reason: str) -> list[str]:
    return [x for s in steps for x in ("--exclude", f"client/{s}/*={reason}")]


@contextmanager
def _simulator() -> Iterator[str]:
    with SimulatorServer(make_simulator()) as server:
        yield server.url


@contextmanager
def _gsoap_server(peer: Path) -> Iterator[str]:
    proc = subprocess.Popen(
        [str(peer), "serve", "plain"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    try:
        port = int(proc.stdout.readline().split()[1])
        yield f"http://127.0.0.1:{port}/fax/v5"
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def faxstatus(out: Path) -> str | None:
    kit(out, "decoder", "--batch", "--", *REFERENCE)
    kit(out, "encoder", "--batch", "--", *REFERENCE)
    kit(
        out,
        "client",
        "--wait",
        "120",
        "--",
        PY,
        str(ROOT / "tests" / "conformance" / "faxstatus_client.py"),
    )
    with _simulator() as url:
        kit(out, "server", url, "--user", "demo-user", "--pin", "demo-pin", "--token", "demo-token")
    return None


def zeep(out: Path) -> str | None:
    kit(out, "decoder", "--batch", "--", *ZEEP)
    kit(out, "encoder", "--batch", "--", *ZEEP)
    kit(out, "client", "--wait", "120", "--", PY, str(ROOT / "examples" / "zeep_client.py"))
    return None


def suds(out: Path) -> str | None:
    try:
        import suds as _  # noqa: F401
    except ImportError:
        return "suds is not installed (make interop installs suds==1.2.0)"
    soap12 = [s.id for s in script_steps() if s.form == "soap12"]
    kit(
        out,
        "client",
        "--wait",
        "120",
        *_excluding(soap12, "suds speaks SOAP 1.1 only"),
        "--",
        PY,
        str(HERE / "peers" / "suds_conformance_client.py"),
        str(WSDL),
    )
    return None


def php(out: Path) -> str | None:
    exe = shutil.which("php")
    if exe is None:
        return "php is not installed (apt-get install php-cli php-soap)"
    mods = subprocess.run([exe, "-m"], capture_output=True, text=True, check=False).stdout.split()
    if "soap" not in mods:
        return "php has no soap extension (apt-get install php-soap)"
    kit(
        out,
        "client",
        "--wait",
        "120",
        "--",
        exe,
        str(HERE / "peers" / "php_conformance_client.php"),
        str(WSDL),
    )
    return None


def node(out: Path) -> str | None:
    exe = shutil.which("node")
    modules = CACHE / "node" / "node_modules"
    if exe is None:
        return "node is not installed (apt-get install nodejs npm)"
    if not (modules / "soap" / "package.json").is_file():
        return f"node-soap is not installed in {modules} (make interop installs it)"
    kit(
        out,
        "client",
        "--wait",
        "120",
        "--",
        exe,
        str(HERE / "peers" / "node_conformance_client.js"),
        str(WSDL),
        env={"NODE_PATH": str(modules)},
    )
    return None


def gsoap(out: Path) -> str | None:
    try:
        peer = gsoap_peer()
    except pytest.skip.Exception as exc:
        return str(exc)
    except RuntimeError as exc:
        return f"the gSOAP peer did not build: {str(exc)[:200]}"
    others = [s.id for s in script_steps() if s.operation not in GSOAP_CLIENT_OPS]
    kit(
        out,
        "client",
        "--wait",
        "180",
        *_excluding(others, "gsoap_peer's client implements ex, ex3, simple and check only"),
        "--",
        PY,
        str(HERE / "peers" / "gsoap_conformance_client.py"),
        str(peer),
    )
    argv = ["--user", "gs-user", "--pin", "gs-pin", "--job", "gs-0001", "--job", "gs-0002"]
    argv += ["--unknown-job", "gs-9999", "--form", "soap12", "--form", "soap11"]
    argv += ["--request-timeout", "40", *[x for op in GSOAP_SERVED for x in ("--operation", op)]]
    with _gsoap_server(peer) as url:
        kit(out, "server", url, *argv)
    return None


IMPLEMENTATIONS = {
    "faxstatus": faxstatus,
    "zeep": zeep,
    "suds": suds,
    "PHP SoapClient": php,
    "node-soap": node,
    "gSOAP 2.8": gsoap,
}


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "conformance-report" / "matrix"
    args = []
    for name, run in IMPLEMENTATIONS.items():
        folder = out / name.replace(" ", "-")
        shutil.rmtree(folder, ignore_errors=True)
        print(f"{name}:")
        reason = run(folder)
        if reason is None:
            args += ["--impl", f"{name}={folder}"]
        else:
            print(f"  skipped: {reason}")
            args += ["--skip", f"{name}={reason}"]
    done = subprocess.run(
        [PY, "-m", "faxstatus", "conformance", "matrix", "-o", str(out), *args], check=False
    )
    matrix = json.loads((out / "conformance-matrix.json").read_text())
    ran = [i for i in matrix["implementations"] if not i["skipped"]]
    print(f"{len(ran)} of {len(matrix['implementations'])} implementations graded")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
