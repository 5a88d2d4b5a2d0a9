"""Where things are: the repository, the tests, the golden vectors and the hostile corpus."""

from __future__ import annotations

from pathlib import Path

#: The repository's top folder.
ROOT = Path(__file__).resolve().parent.parent.parent
#: The tests' own top folder.
TESTS = ROOT / "tests"
#: The golden conformance vectors: tests/vectors/<Operation>/<content-type>/.
VECTORS = TESTS / "vectors"
#: The hostile-input corpus and its expected outcomes (tests/hostile/cases.json).
HOSTILE = TESTS / "hostile"
#: The interop tests against outside SOAP stacks (``make interop`` only).
INTEROP = TESTS / "interop"
