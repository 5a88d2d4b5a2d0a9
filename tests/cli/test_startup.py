"""Start-up: the console entry and the decode command import only what decoding needs.

``faxstatus decode`` runs once per captured file, so what the entry point imports before
the command runs is start-up time. These tests pin what is (not) imported and that the
lazily built parser answers exactly as the complete one; they time nothing.
"""

from __future__ import annotations

import argparse
import ast
import functools
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faxstatus.cli import _app, main
from faxstatus.cli._app import COMMANDS, build_parser, command_named

from ..support.paths import ROOT

#: The command modules, each importing what its commands need.
COMMAND_MODULES = sorted({f"faxstatus.cli.{module}" for module, _ in COMMANDS.values()})

#: Never needed to parse a command line and reach the decode command.
HEAVY = (
    "attr",
    "attrs",
    "lxml",
    "httpx",
    "httpcore",
    "logging",
    "faxstatus.models.faxws",
    "faxstatus.codec",
    "faxstatus.codec._api",
    "faxstatus.client",
    "faxstatus._redact",
    "faxstatus.cli._connect",
    "faxstatus.cli._capture",
)


def _imported(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running *code*."""
    proc = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split()) - _at_start()


@functools.cache
def _at_start() -> frozenset[str]:
    """What the interpreter itself holds before any code (site, and a sitecustomize if any)."""
    proc = subprocess.run(
        [sys.executable, "-c", "import sys\nprint('\\n'.join(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return frozenset(proc.stdout.split()) - {"__main__"}


def test_entry_and_decode_module_import_nothing_heavy():
    loaded = _imported("import faxstatus.cli._app, faxstatus.cli._codec_cmds")
    assert "faxstatus.cli._codec_cmds" in loaded
    unwanted = {*HEAVY, *COMMAND_MODULES} - {"faxstatus.cli._codec_cmds"}
    assert sorted(loaded & unwanted) == []


def test_parsing_a_decode_command_line_imports_only_its_module():
    # Everything up to the command itself: the console script imports faxstatus.cli, and
    # main builds the parser for the command named.
    loaded = _imported(
        "import faxstatus.cli\n"
        "from faxstatus.cli._app import build_parser, command_named\n"
        "argv = ['decode', '--lenient', 'one.xml']\n"
        "build_parser(command_named(argv)).parse_args(argv)"
    )
    unwanted = {*HEAVY, *COMMAND_MODULES} - {"faxstatus.cli._codec_cmds"}
    assert sorted(loaded & unwanted) == []


@pytest.mark.slow
def test_running_decode_imports_no_other_command():
    sample = ROOT / "tests" / "vectors" / "GetRealTimeFaxStatusEx" / "soap12" / "response.xml"
    loaded = _imported(
        f"from faxstatus.cli import main\nassert main(['decode', {str(sample)!r}]) == 0"
    )
    others = set(COMMAND_MODULES) - {"faxstatus.cli._codec_cmds"}
    assert sorted(loaded & (others | {"httpx", "logging.handlers"})) == []


def test_decoding_a_canonical_body_loads_the_scanner_and_nothing_heavy(tmp_path):
    # The scanner lives in the codec (codec/decoders/scan.py); the codec package is lazy, so
    # reaching it costs neither attrs, lxml nor the codec's entry points.
    import faxstatus
    from faxstatus._layouts import message

    path = tmp_path / "canonical.xml"
    path.write_bytes(faxstatus.encode(message(3)).body)
    loaded = _imported(
        f"from faxstatus.cli import main\nassert main(['decode', {str(path)!r}]) == 0"
    )
    assert "faxstatus.codec.decoders.scan" in loaded
    heavy = set(HEAVY) - {"faxstatus.codec", "faxstatus.cli._capture"}
    assert sorted(loaded & (heavy | {"faxstatus.codec._xml", "faxstatus.models.fastpath"})) == []


@pytest.mark.parametrize("layout", ["canonical", "typed"])
def test_decoding_a_status_response_imports_no_decimal_calendar_or_base64(tmp_path, layout):
    # No xsd:decimal, xsd:base64Binary or leap day to check in a status response: the
    # modules for them (and datetime, which calendar imports) load where a value needs them.
    import faxstatus
    from faxstatus._layouts import message, typed

    body = faxstatus.encode(message(3)).body
    path = tmp_path / "one.xml"
    path.write_bytes(typed(body) if layout == "typed" else body)
    loaded = _imported(
        f"from faxstatus.cli import main\nassert main(['decode', {str(path)!r}]) == 0"
    )
    assert "faxstatus._xsd" in loaded
    assert sorted(loaded & {"decimal", "calendar", "datetime", "base64", "binascii"}) == []


def test_decoding_a_declined_layout_imports_no_encoder_redactor_or_shutil(tmp_path):
    # A comment in the Body: the scanner declines, the parser path runs. It needs the
    # decoders and the JSON text writer, not the XML encoders, the redactor (logging,
    # urllib) or shutil (which argparse imports to ask the terminal's width).
    import faxstatus
    from faxstatus._layouts import message

    path = tmp_path / "declined.xml"
    body = faxstatus.encode(message(3)).body
    path.write_bytes(body.replace(b"<env:Body>", b"<env:Body><!-- a comment -->", 1))
    loaded = _imported(
        f"from faxstatus.cli import main\nassert main(['decode', {str(path)!r}]) == 0"
    )
    assert "faxstatus.codec.decoders.validated" in loaded
    unwanted = {
        "faxstatus.codec.encoders.xmlwriter",
        "faxstatus.codec.encoders.generic",
        "faxstatus._redact",
        "logging",
        "urllib.parse",
        "shutil",
    }
    assert sorted(loaded & unwanted) == []


def test_the_parsers_width_is_the_one_argparse_computes(monkeypatch):
    monkeypatch.setenv("COLUMNS", "61")
    text = build_parser("decode").format_help()
    assert max(len(line) for line in text.splitlines()) <= 59
    sub = build_parser("decode")._subparsers._group_actions[0].choices["decode"]
    assert sub._get_formatter()._width == 59 == argparse.HelpFormatter("x")._width


def test_the_capture_parser_imports_no_attrs():
    # decode imports it on every run, before the codec.
    loaded = _imported("import faxstatus.cli._capture")
    assert sorted(loaded & {"attr", "attrs", "faxstatus.codec", "faxstatus._redact"}) == []


@pytest.mark.parametrize(("verbose", "expected"), [([], False), (["-v"], True)])
def test_logging_is_imported_only_for_verbose(tmp_path, verbose, expected):
    missing = str(tmp_path / "missing.xml")
    loaded = _imported(
        f"from faxstatus.cli import main\nassert main([*{verbose!r}, 'decode', {missing!r}]) == 1"
    )
    # (Under make test-dates the interpreter holds logging from the start: not ours.)
    assert ("logging" in (loaded | _at_start() if expected else loaded)) is expected


def _registered(parser: argparse.ArgumentParser) -> list[tuple[str, str | None]]:
    """(command, help) as the parser lists them under ``--help``."""
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [(a.dest, a.help) for a in sub._choices_actions]


def test_the_command_table_matches_what_the_modules_register():
    # Every command, in --help order, with the help the module gives it.
    assert _registered(build_parser()) == [(name, h) for name, (_, h) in COMMANDS.items()]
    # Each module adds exactly the commands the table assigns to it.
    for name, (module, _) in COMMANDS.items():
        alone = {n for n, _ in _registered(build_parser(name))}
        assert alone == {n for n, (m, _) in COMMANDS.items() if m == module}, name


def test_every_module_with_a_register_function_is_in_the_table():
    found = set()
    for path in sorted((ROOT / "faxstatus" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "register" for n in tree.body):
            found.add(path.stem)
    assert found == {module for module, _ in COMMANDS.values()}


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["decode", "one.xml"], "decode"),
        (["decode", "--help"], "decode"),
        (["-v", "decode"], "decode"),
        (["-vvv", "status", "br1"], "status"),
        (["--verbose", "fmt"], "fmt"),
        (["--verb", "-v", "serve"], "serve"),
        (["conformance", "decoder"], "conformance"),
        # Whenever it is not certain, every command is registered.
        ([], None),
        (["-v"], None),
        (["bogus"], None),
        (["Decode"], None),
        (["--help"], None),
        (["-h", "decode"], None),
        (["-vh", "decode"], None),
        (["--he", "decode"], None),
        (["--version", "decode"], None),
        (["--ver", "decode"], None),
        (["--verbose=1", "decode"], None),
        (["--bogus", "decode"], None),
        (["--", "decode"], None),
        (["-", "decode"], None),
    ],
)
def test_command_named(argv, command):
    assert command_named(argv) == command


#: Command lines whose answer (usage errors, help, exit status) must not depend on whether
#: the parser holds one command or all of them.
SAME_ANSWER = [
    [],
    ["-v"],
    ["bogus"],
    ["--version"],
    ["--help"],
    ["decode", "--help"],
    ["decode", "--bogus"],
    ["decode", "a", "b"],
    ["decode", "--content-type", "yaml"],
    ["decode", "--entry", "0", "x.har"],
    ["-vv", "fmt", "--help"],
    ["--bogus", "decode", "x"],
    ["encode", "x"],
    ["validate"],
    ["status", "--help"],
    ["status", "--batch-size", "0", "br1"],
    ["watch", "--interval", "-1", "br1"],
    ["serve", "--port", "70000"],
    ["conformance"],
    ["conformance", "bogus"],
    ["proxy", "--help"],
    ["replay"],
    ["diff", "a"],
    ["check", "--bogus"],
]


@pytest.mark.parametrize("argv", SAME_ANSWER, ids=[" ".join(a) or "(none)" for a in SAME_ANSWER])
def test_one_command_parser_answers_as_the_complete_one(capsys, monkeypatch, argv):
    def run() -> tuple[object, str, str]:
        try:
            code: object = main(list(argv))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    lazy = run()
    monkeypatch.setattr(_app, "command_named", lambda _argv: None)
    complete = run()
    assert lazy == complete


def test_the_cli_tables_equal_the_codecs():
    # _common writes these without importing the codec; the codec's values are the truth.
    from faxstatus.cli import _common
    from faxstatus.codec import OPERATIONS, ContentType
    from faxstatus.codec._operations import STATUS_OPERATIONS, IdCarrier

    assert tuple(ct.value for ct in ContentType) == _common.CONTENT_TYPES
    assert STATUS_OPERATIONS == _common.STATUS_OPS
    assert _common.STATUS_OPS[0] == "GetRealTimeFaxStatusEx"
    single = tuple(n for n, o in OPERATIONS.items() if o.is_single_status)
    assert single == _common.SINGLE_OPS and single[0] == "SimpleGetFaxStatus"
    # CancelFax carries one id too, but answers no status: never offered as a status query.
    assert OPERATIONS["CancelFax"].ids is IdCarrier.SINGLE
    assert "CancelFax" not in _common.STATUS_OPS + _common.SINGLE_OPS


@pytest.mark.parametrize("command", ["status", "watch"])
def test_cancel_and_send_are_no_status_operations_of_the_cli(command, capsys):
    from faxstatus.cli import main

    for name in ("CancelFax", "SendFax", "SimpleSendFax"):
        with pytest.raises(SystemExit) as exc:
            main([command, "--operation", name, "br1000000002"])
        assert exc.value.code == 2
        assert f"invalid choice: '{name}'" in capsys.readouterr().err


def test_visible_lives_in_the_light_module_and_redact_still_exports_it():
    from faxstatus import _redact, _visible

    assert _redact.visible is _visible.visible
    assert _redact.visible_json is _visible.visible_json
    assert {"visible", "visible_json"} <= set(_redact.__all__)
    assert _visible.visible("a\x1b[2J\u202eb\n\t") == "a\\x1b[2J\\u202eb\n\t"
    assert _visible.visible_json('"a\x1b\u2066"') == '"a\\u001b\\u2066"'
    assert _imported("import faxstatus._visible") & {"faxstatus._redact", "attrs"} == set()


def test_read_input_opens_names_as_pathlib_does(tmp_path):
    # read_input opens with open() and asks pathlib only where open() refuses: the names
    # pathlib reads differently ("" is ".", a trailing slash is dropped) answer as before.
    from faxstatus.cli._common import Fail, read_input

    f = tmp_path / "one.xml"
    f.write_bytes(b"<x/>")
    assert read_input(str(f)) == b"<x/>"
    assert read_input(f"{f}/") == b"<x/>"
    with pytest.raises(Fail, match=r"^cannot read : Is a directory$"):
        read_input("")
    with pytest.raises(Fail, match=r"No such file or directory$"):
        read_input(str(tmp_path / "missing.xml"))
    with pytest.raises(Fail, match=r"Is a directory$"):
        read_input(str(tmp_path))


@pytest.mark.slow
@settings(max_examples=300)
@given(st.text(st.characters(max_codepoint=0x300)) | st.text())
def test_visible_json_shortcut_matches_the_search(text):
    # The ASCII shortcut must return exactly what the substitution returns.
    from faxstatus import _visible

    expected = _visible._JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    assert _visible.visible_json(text) == expected
    for c in "\t\n ~":
        assert _visible.visible_json(c) == c
    for c in "\x00\x0b\r\x1f\x7f":
        assert _visible.visible_json(c) == f"\\u{ord(c):04x}"
