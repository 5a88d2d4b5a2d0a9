"""Finding and building the outside SOAP peers: gSOAP (compiled from our WSDL), PHP, node-soap."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from ..support.paths import ROOT

HERE = Path(__file__).resolve().parent
#: Build products and the node-soap install live here (git-ignored); `make interop` fills it.
CACHE = Path(os.environ.get("FAXSTATUS_INTEROP_CACHE", ROOT / ".interop"))
WSDL = ROOT / "schema" / "faxws.wsdl"
XSD = ROOT / "schema" / "faxws.xsd"
GSOAP_SOURCE = HERE / "gsoap" / "gsoap_peer.c"

# wsdl2h names namespaces ns1, ns2, …; these lines give them the prefixes gSOAP's own FaxWS
# server uses on the wire (FaxWS: for urn:FaxWS).
TYPEMAP = (
    'tns = "https://ws.concordfax.com/fax/v5/FaxWS.wsdl"\n'
    'imp = "urn:FaxWS:import"\n'
    'FaxWS = "urn:FaxWS"\n'
)
GSOAP_IMPORT = Path("/usr/share/gsoap/import")
BUILD_TIMEOUT = 300
#: One call of a peer (process start, WSDL load, request, answer), generously.
CALL_TIMEOUT = 60


def _run(cmd: list[str], cwd: Path) -> None:
    proc = subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:3])} … failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )


def wsdl2h(source: str, work: Path, out: str = "faxws.h") -> str:
    """Run gSOAP's wsdl2h (C mode, our prefixes) on *source*, a file or URL; the header text."""
    (work / "typemap.dat").write_text(TYPEMAP)
    _run(["wsdl2h", "-c", "-t", "typemap.dat", "-o", out, source], work)
    return (work / out).read_text()


def _pkg_config(package: str) -> list[str] | None:
    proc = subprocess.run(
        ["pkg-config", "--cflags", "--libs", package],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.split() if proc.returncode == 0 else None


def gsoap_peer() -> Path:
    """The gsoap_peer binary, built from schema/faxws.wsdl on first use (skips when it can't be).

    wsdl2h reads our WSDL (it follows the WSDL's import of faxws.xsd), soapcpp2 writes the
    C stubs, and cc links them with tests/interop/gsoap/gsoap_peer.c and libgsoap. The result
    is cached under .interop/gsoap/<hash>/, keyed by the WSDL, XSD, peer source and gSOAP
    version, so a second run compiles nothing.
    """
    missing = [t for t in ("wsdl2h", "soapcpp2", "cc", "pkg-config") if not shutil.which(t)]
    if missing:
        pytest.skip(f"gSOAP peer needs {', '.join(missing)} (apt-get install gsoap libgsoap-dev)")
    flags = _pkg_config("gsoap")
    if flags is None:
        pytest.skip("gSOAP peer needs libgsoap-dev (pkg-config gsoap not found)")
    # libgsoapssl is built WITH_GZIP (and OpenSSL): the peer then speaks gzip too.
    ssl = _pkg_config("gsoapssl")
    gzip_flags = [*ssl, "-lssl", "-lcrypto", "-lz"] if ssl else None
    version = subprocess.run(
        ["soapcpp2", "-V"], capture_output=True, text=True, check=False
    ).stdout.strip()
    key = hashlib.sha256()
    for part in (WSDL, XSD, GSOAP_SOURCE):
        key.update(part.read_bytes())
    key.update(f"{TYPEMAP}{version}{flags}{gzip_flags}".encode())
    target = CACHE / "gsoap" / key.hexdigest()[:16] / "gsoap_peer"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gsoap-build-") as tmp:
        work = Path(tmp)
        for src in (WSDL, XSD, GSOAP_SOURCE):
            shutil.copy(src, work / src.name)
        wsdl2h("faxws.wsdl", work)
        imports = ["-I", str(GSOAP_IMPORT)] if GSOAP_IMPORT.is_dir() else []
        _run(["soapcpp2", "-c", "-x", "-L", *imports, "faxws.h"], work)
        sources = ["gsoap_peer.c", "soapC.c", "soapClient.c", "soapServer.c"]
        compile_ = ["nice", "-n", "10", "cc", "-O0", "-o", "gsoap_peer", *sources]
        try:
            if gzip_flags is None:
                raise RuntimeError("no libgsoapssl")
            _run([*compile_, *gzip_flags], work)
        except RuntimeError:  # no OpenSSL or zlib headers: a peer without gzip
            _run([*compile_, *flags], work)
        # Build aside, then move into place: a half-written binary is never cached.
        staged = target.with_name(f".gsoap_peer.{os.getpid()}")
        shutil.copy2(work / "gsoap_peer", staged)
        staged.replace(target)
    for old in target.parent.parent.iterdir():  # builds for older WSDLs or sources
        if old != target.parent:
            shutil.rmtree(old, ignore_errors=True)
    return target


def gsoap_features(peer: Path) -> set[str]:
    """What optional features *peer* was built with (``gzip``)."""
    out = subprocess.run(
        [str(peer), "features"], capture_output=True, text=True, timeout=CALL_TIMEOUT, check=False
    ).stdout
    return set(out.split())


def php() -> str:
    """The php binary with the soap extension (skips when either is missing)."""
    exe = shutil.which("php")
    if exe is None:
        pytest.skip("PHP SoapClient needs php-cli (apt-get install php-cli php-soap)")
    mods = subprocess.run([exe, "-m"], capture_output=True, text=True, check=False).stdout
    if "soap" not in mods.split():
        pytest.skip("PHP SoapClient needs the soap extension (apt-get install php-soap)")
    return exe


def node_soap() -> tuple[str, Path]:
    """The node binary and the folder holding node_modules/soap (skips when missing)."""
    exe = shutil.which("node")
    if exe is None:
        pytest.skip("node-soap needs nodejs (apt-get install nodejs npm)")
    folder = CACHE / "node"
    if not (folder / "node_modules" / "soap" / "package.json").exists():
        pytest.skip(f"node-soap needs `npm install soap` in {folder} (make interop does it)")
    return exe, folder


def run_peer(cmd: list[str], *, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a peer that prints one JSON object; that object (exit 0 answer, 3 SOAP fault)."""
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=CALL_TIMEOUT, env=env, check=False
    )
    assert proc.returncode in (0, 3), f"{cmd[0]} failed ({proc.returncode}): {proc.stderr}"
    result: dict[str, Any] = json.loads(proc.stdout)
    assert ("fault" in result) == (proc.returncode == 3), proc.stdout
    return result


def gsoap_client(
    peer: Path, url: str, version: str, modes: str, *args: str, fault: bool = False
) -> list[Any]:
    """Run one gSOAP client call; the JSON objects it printed, one per call made.

    A SOAP fault fails the test unless *fault* is true; then it is what the call must get.
    """
    proc = subprocess.run(
        [str(peer), "client", url, version, modes, *args],
        capture_output=True,
        text=True,
        timeout=CALL_TIMEOUT,
        check=False,
    )
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    faults = [a["fault"] for a in answers if "fault" in a]
    if fault:
        assert proc.returncode == 3 and faults, f"no SOAP fault: {proc.stdout} {proc.stderr}"
        return faults
    assert not faults, f"the server answered gSOAP with a SOAP fault: {faults}"
    assert proc.returncode == 0, f"gSOAP client failed ({proc.returncode}): {proc.stderr}"
    return answers
