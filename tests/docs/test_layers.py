"""The import graph runs one way, up the ranks of :data:`LAYERS` (a package without a rank fails).

A module may import from its own layer or any layer below, never above; the codec never
imports httpx (it is sans-IO). Imports inside functions count too: a deferred import upward
is still a dependency upward.

Inside the codec the strategies (``codec/decoders/``, ``codec/encoders/``) sit between the
shared machinery and the entry points: they import the machinery below them, never
``_api`` nor each other across the decode/encode line; only ``_api`` (and the package's own
lazy ``__init__``) chooses among them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ..support.paths import ROOT

PKG = ROOT / "faxstatus"

#: Rank of each layer; a module may import only from ranks lower than or equal to its own,
#: and siblings of equal rank (client, simulator; conformance, proxy) may not import each other.
LAYERS = {
    "_contract": -2,  # FaxWS wire facts: imports nothing at all
    "_http": -2,  # bounded inflate, codings, hop-by-hop set: the standard library only
    "_xsd": -1,  # XSD built-in types (lexical forms, ranges): the generated fast path uses them
    "models": 0,
    "base": 1,  # _errors, _soap, _redact, _visible, the package's own __init__ helpers
    "codec": 2,
    "strategies": 3,
    "_layouts": 3,  # bench and test inputs: messages filled by the schema (codec._values)
    "client": 3,
    "simulator": 3,
    "conformance": 4,  # grades other implementations with the codec, client and simulator
    "push": 4,  # push notifications: JobStatus from the client, the h11 server from the simulator
    "proxy": 4,  # the recording proxy: the codec's summary, the client's HAR masking, gSOAP reading
    "cli": 5,
}


def _layer(module: str) -> str:
    """Layer of a dotted module name under ``faxstatus``."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "faxstatus":
        raise ValueError(module)
    head = parts[1]
    if head in LAYERS:
        return head
    if head == "__main__":
        return "cli"
    # A subpackage is a layer of its own and must be ranked; a top-level module is base.
    assert not (PKG / head).is_dir(), f"faxstatus.{head} has no rank in LAYERS"
    return "base"


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append((".".join(parts), path))
    return out


def _imports(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in *path*, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # ``from . import _xml`` names submodules: count each as its own import
            subs = [f"{target}.{alias.name}" for alias in node.names]
            subs = [s for s in subs if _is_module(s)]
            if len(subs) < len(node.names):
                found.append((node.lineno, target))
            found += [(node.lineno, s) for s in subs]
    return found


def _is_module(dotted: str) -> bool:
    path = PKG.parent / dotted.replace(".", "/")
    return path.with_suffix(".py").exists() or path.is_dir()


MODULES = [m for m in _modules() if m[0] != "faxstatus"]


def test_every_subpackage_has_a_rank() -> None:
    packages = {p.parent.name for p in PKG.glob("*/__init__.py")}
    assert sorted(packages - set(LAYERS)) == []


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_no_module_imports_from_a_layer_above_it(module: str, path: Path) -> None:
    own = _layer(module)
    for line, target in _imports(module, path):
        if target == "faxstatus" or not target.startswith("faxstatus."):
            if own in ("codec", "models", "base"):
                assert target.split(".")[0] not in ("httpx", "httpcore", "h11"), (
                    f"{path.name}:{line}: the {own} layer is sans-IO and must not import {target}"
                )
            if target == "faxstatus":
                assert own in ("cli", "conformance"), (
                    f"{path.name}:{line}: only the top layers import the package root"
                )
            continue
        other = _layer(target)
        if other == own:
            continue
        assert LAYERS[other] < LAYERS[own], (
            f"{path.name}:{line}: {module} ({own}) imports {target} ({other}), "
            "which is not below it"
        )


#: Ranks inside the codec: a codec module imports only codec modules of a rank below its own,
#: or of its own rank in its own folder. The scanner is at the bottom: it defines the limits
#: the parser enforces and must start without attrs or lxml (``faxstatus decode``).
CODEC_RANKS = {
    "faxstatus.codec._compile": -1,
    "faxstatus.codec._chain": -1,
    "faxstatus.codec.decoders": 0,  # the names and the chain check only
    "faxstatus.codec.encoders": 0,
    "faxstatus.codec.decoders.scan": 0,
    "faxstatus.codec._operations": 1,
    "faxstatus.codec._plan": 1,
    "faxstatus.codec._xml": 2,
    "faxstatus.codec._values": 2,  # values of the schema's types: the plans and _xsd only
    "faxstatus.codec._json": 3,
    "faxstatus.codec._faults": 3,
    "faxstatus.codec.decoders.*": 4,
    "faxstatus.codec.encoders.*": 4,
    "faxstatus.codec._api": 5,
    "faxstatus.codec": 6,
}


def _codec_rank(module: str) -> tuple[int, str]:
    """(rank, folder) of a codec module; a module not in the table fails the test."""
    folder = module.rpartition(".")[0]
    if module in CODEC_RANKS:
        return CODEC_RANKS[module], folder
    return CODEC_RANKS[f"{folder}.*"], folder


CODEC_MODULES = [m for m in MODULES if m[0].startswith("faxstatus.codec")]


@pytest.mark.parametrize(("module", "path"), CODEC_MODULES, ids=[m for m, _ in CODEC_MODULES])
def test_codec_strategies_sit_between_the_machinery_and_the_entry_points(
    module: str, path: Path
) -> None:
    rank, folder = _codec_rank(module)
    for line, target in _imports(module, path):
        if not target.startswith("faxstatus.codec") or target == module:
            continue
        other, other_folder = _codec_rank(target)
        assert other < rank or (other == rank and other_folder == folder), (
            f"{path.name}:{line}: {module} (codec rank {rank}) imports {target} "
            f"(codec rank {other}), which is not below it"
        )


def crosses_the_strategy_line(module: str, target: str) -> bool:
    """Whether a decoder imports an encoder module (either package) or the other way round."""
    sides = ("faxstatus.codec.decoders", "faxstatus.codec.encoders")
    own = next((s for s in sides if module == s or module.startswith(s + ".")), None)
    other = next((s for s in sides if target == s or target.startswith(s + ".")), None)
    return own is not None and other is not None and own != other


@pytest.mark.parametrize(("module", "path"), CODEC_MODULES, ids=[m for m, _ in CODEC_MODULES])
def test_decoders_and_encoders_never_import_each_other(module: str, path: Path) -> None:
    for line, target in _imports(module, path):
        assert not crosses_the_strategy_line(module, target), (
            f"{path.name}:{line}: {module} imports {target} across the decode/encode line"
        )


@pytest.mark.parametrize(
    ("module", "target", "crosses"),
    [
        ("faxstatus.codec.decoders.generic", "faxstatus.codec.encoders", True),
        ("faxstatus.codec.decoders", "faxstatus.codec.encoders.generic", True),
        ("faxstatus.codec.encoders.jsontext", "faxstatus.codec.decoders.scan", True),
        ("faxstatus.codec.decoders.generic", "faxstatus.codec.decoders.scan", False),
        ("faxstatus.codec._api", "faxstatus.codec.encoders.generic", False),
        ("faxstatus.codec.decoders.generic", "faxstatus.codec._xml", False),
    ],
)
def test_the_strategy_line_check_itself(module: str, target: str, crosses: bool) -> None:
    assert crosses_the_strategy_line(module, target) is crosses


def test_the_layers_exist() -> None:
    names = {m for m, _ in MODULES}
    for package in (
        "faxstatus.codec",
        "faxstatus.client",
        "faxstatus.simulator",
        "faxstatus.proxy",
        "faxstatus.cli",
    ):
        assert package in names


@pytest.mark.parametrize("name", ["_contract", "_http"])
def test_the_lowest_layer_imports_nothing_of_faxstatus(name: str) -> None:
    path = PKG / f"{name}.py"
    targets = [t for _, t in _imports(f"faxstatus.{name}", path)]
    assert [t for t in targets if t.split(".")[0] == "faxstatus"] == []
    if name == "_contract":
        # Zero imports, so that the fastest-starting module can take its facts from it.
        assert targets == []


def _dev_modules(top: str) -> list[tuple[str, Path]]:
    """(dotted name, path) of every module under the repository's *top* folder."""
    out = []
    for path in sorted((PKG.parent / top).rglob("*.py")):
        parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append((".".join(parts), path))
    return out


def _test_module(dotted: str) -> bool:
    """True for a conftest or test module, which pytest imports and nothing else should."""
    last = dotted.rpartition(".")[2]
    return last == "conftest" or last.startswith("test_")


@pytest.mark.parametrize("top", ["tests", "bench"])
def test_tests_and_bench_import_only_what_is_meant_to_be_shared(top: str) -> None:
    """Tests share code through tests.support, never conftest, another test module or bench/;
    bench/ never imports tests. What both need lives in the package."""
    found = []
    for module, path in _dev_modules(top):
        for line, target in _imports(module, path):
            head = target.split(".")[0]
            if (top == "tests" and (head == "bench" or _test_module(target))) or (
                top == "bench" and head == "tests"
            ):
                found.append(f"{path.relative_to(PKG.parent)}:{line}: imports {target}")
    assert not found, "\n".join(found)
