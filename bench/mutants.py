"""Mutation smoke: apply hand-picked bugs one at a time and check that a test catches each.

Each mutant replaces one exact snippet in a copy of the repository and runs the tests that
should catch it. A mutant whose snippet no longer exists is reported as "stale" (the code
moved on; update the list), never silently counted as caught. Run it with ``make mutants``;
it is not part of ``make test`` because it runs the tests once per mutant.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent


@attrs.frozen
class Mutant:
    """One injected bug: where, what it replaces, and which tests must notice."""

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTANTS = (
    Mutant(
        "client: no deadline check before a new attempt",
        "faxstatus/client/_client.py",
        "if remaining <= 0:",
        "if False:",
        ("tests/client/test_client.py",),
    ),
    Mutant(
        "policy: Retry-After cap ignored",
        "faxstatus/client/_policy.py",
        "return told if told <= self.max_retry_after else None",
        "return told",
        ("tests/client/test_policy.py",),
    ),
    Mutant(
        "policy: Retry-After as an HTTP date ignored",
        "faxstatus/client/_policy.py",
        "        return float(value)\n    try:",
        "        return float(value)\n    return None\n    try:",
        ("tests/client/test_policy.py",),
    ),
    Mutant(
        "policy: 429 not retried",
        "faxstatus/client/_policy.py",
        "frozenset({429, 502, 503, 504})",
        "frozenset({502, 503, 504})",
        ("tests/client/test_policy.py", "tests/client/test_client.py"),
    ),
    Mutant(
        "policy: backoff starts one step late",
        "faxstatus/client/_policy.py",
        "self.backoff * 2.0 ** (attempt - 1)",
        "self.backoff * 2.0**attempt",
        ("tests/client/test_policy.py",),
    ),
    Mutant(
        "client: a non-200 response with a valid payload counts as an answer",
        "faxstatus/client/_client.py",
        "        assert isinstance(result, Message)\n        if resp.status != 200:",
        "        assert isinstance(result, Message)\n        if False:",
        ("tests/client/test_client.py",),
    ),
    Mutant(
        "xml: lenient mode does not list skipped attributes",
        "faxstatus/codec/_xml.py",
        'note_skipped(skipped, f"{path or element_path(el)}/@{local_name(str(name))}")',
        "pass",
        ("tests/codec/test_xml.py", "tests/codec/test_api.py"),
    ),
    Mutant(
        "trace: recorder keeps whole bodies",
        "faxstatus/client/_trace.py",
        "if limit is None or len(body) <= limit:",
        "if True:",
        ("tests/client/test_trace.py",),
    ),
    Mutant(
        "codec: size cap not enforced",
        "faxstatus/codec/_xml.py",
        "    if len(body) > max_bytes:\n        raise DecodeError(",
        "    if False:\n        raise DecodeError(",
        ("tests/codec/test_xml.py", "tests/security/test_hostile.py"),
    ),
    Mutant(
        "codec: xsd:int range one too wide",
        "faxstatus/_contract.py",
        '"int": (-(2**31), 2**31 - 1),',
        '"int": (-(2**31), 2**31),',
        (
            "tests/codec/test_api.py",
            "tests/properties/test_round_trips.py",
            "tests/codec/test_fastpath.py",
        ),
    ),
    Mutant(
        "soap: SOAP 1.2 Sender fault answered with 500",
        "faxstatus/_soap.py",
        "            return 400",
        "            return 500",
        ("tests/codec/test_api.py", "tests/simulator/test_simulator.py"),
    ),
    Mutant(
        "redact: Authorization header kept",
        "faxstatus/_redact.py",
        'out[name] = f"{scheme} {MASK}".strip()',
        "out[name] = value",
        ("tests/security/test_redaction.py::test_redact_helpers", "tests/client/test_trace.py"),
    ),
    Mutant(
        "json: missing strPIN no longer read as empty",
        "faxstatus/codec/_json.py",
        'if f.name not in doc and f.name == "strPIN":',
        'if f.name not in doc and f.name == "strPIN-never":',
        ("tests/codec/test_api.py", "tests/codec/test_golden_vectors.py"),
    ),
    Mutant(
        "validated: xsi:schemaLocation not kept off the validated walk",
        "faxstatus/codec/decoders/validated.py",
        'if b"chemaLocation" in body:',
        "if False:",
        ("tests/codec/test_validated.py",),
    ),
    Mutant(
        "compile: a different source reuses a taken filename",
        "faxstatus/codec/_compile.py",
        "while _FILES.setdefault(filename, text) != text:",
        "while _FILES.setdefault(filename, text) is None:",
        ("tests/codec/test_strategies.py",),
    ),
    Mutant(
        "decoders: 'scan' accepted after another decoder",
        "faxstatus/codec/decoders/__init__.py",
        "if member is Decoder.SCAN and chain:",
        "if member is Decoder.SCAN and not chain and False:",
        ("tests/codec/test_strategies.py",),
    ),
    Mutant(
        "scanner: ']]>' in text accepted",
        "faxstatus/codec/decoders/scan.py",
        'if "]]>" in text:',
        "if False:",
        ("tests/codec/test_scan.py",),
    ),
    Mutant(
        "scanner: integer range not checked",
        "faxstatus/codec/decoders/scan.py",
        "        if not self.low <= value <= self.high:\n            raise _Decline\n",
        "",
        ("tests/codec/test_scan.py",),
    ),
    Mutant(
        "scanner: a duplicate namespace declaration accepted",
        "faxstatus/codec/decoders/scan.py",
        "if len(set(names)) != len(names) or any(",
        "if any(",
        ("tests/codec/test_scan.py",),
    ),
    Mutant(
        "scanner: any namespace name accepted",
        "faxstatus/codec/decoders/scan.py",
        "_URI.fullmatch(uri) is None or ",
        "",
        ("tests/codec/test_scan.py",),
    ),
    Mutant(
        "http: the inflate cap not enforced",
        "faxstatus/_http.py",
        "            if len(self._out) > self.limit:",
        "            if False:",
        ("tests/security/test_http.py",),
    ),
    Mutant(
        "http: a stacked Content-Encoding read as its first coding",
        "faxstatus/_http.py",
        "    if len(codings) > 1:",
        "    if False:",
        ("tests/security/test_http.py", "tests/security/test_bombs_and_deadline.py"),
    ),
    Mutant(
        "redact: id_token left out of the secret names",
        "faxstatus/_redact.py",
        '"refresh_token", "id_token", ',
        '"refresh_token", ',
        ("tests/security/test_secret_names.py",),
    ),
    Mutant(
        "redact: a masked value swallows the markup after it",
        "faxstatus/_redact.py",
        '        r"([^&\\s<>\\"\']+)",',
        '        r"([^&\\s]+)",',
        ("tests/security/test_secret_names.py",),
    ),
    Mutant(
        "contract: +json media types not read as JSON",
        "faxstatus/codec/_api.py",
        'if media == JSON_MEDIA or media.endswith("+json"):',
        "if media == JSON_MEDIA:",
        ("tests/docs/test_contract.py",),
    ),
    Mutant(
        "simulator: speed ignored",
        "faxstatus/simulator/_service.py",
        "(time.monotonic() - start) * speed)",
        "(time.monotonic() - start))",
        ("tests/simulator/test_simulator.py",),
    ),
    Mutant(
        "simulator: the epoch given is ignored",
        "faxstatus/simulator/_service.py",
        "(epoch or datetime.now(UTC))",
        "(datetime.now(UTC))",
        ("tests/simulator/test_simulator.py", "tests/cli/test_tracing.py"),
    ),
)


def _copy(dest: Path) -> None:
    for name in ("faxstatus", "tests", "schema", "pyproject.toml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)


def run(mutant: Mutant, workdir: Path) -> str:
    """Apply *mutant* to a fresh copy in *workdir*; return "caught", "SURVIVED" or "stale"."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    _copy(workdir)
    target = workdir / mutant.path
    text = target.read_text(encoding="utf-8")
    if text.count(mutant.old) != 1:
        return "stale"
    target.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(workdir), "HYPOTHESIS_PROFILE": "ci"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *mutant.tests],
        cwd=workdir,
        env=env,
        capture_output=True,
        check=False,
    )
    return "caught" if proc.returncode != 0 else "SURVIVED"


def main() -> int:
    """Run every mutant (or those whose name contains ``-k``); exit 1 if any survives."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-k", default="", help="only mutants whose name contains this text")
    args = ap.parse_args()
    chosen = [m for m in MUTANTS if args.k in m.name]
    results: dict[str, int] = {"caught": 0, "SURVIVED": 0, "stale": 0}
    with tempfile.TemporaryDirectory(prefix="faxstatus-mutants-") as tmp:
        for mutant in chosen:
            start = time.monotonic()
            verdict = run(mutant, Path(tmp) / "repo")
            results[verdict] += 1
            print(f"{verdict:9} {time.monotonic() - start:5.1f}s  {mutant.name}", flush=True)
    print(
        f"\n{results['caught']} caught, {results['SURVIVED']} survived, "
        f"{results['stale']} stale, of {len(chosen)} mutants"
    )
    return 1 if results["SURVIVED"] or results["stale"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
