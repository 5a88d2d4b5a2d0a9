"""The codec's named strategies: the chains, each strategy alone, and the compile helper."""

from __future__ import annotations

import linecache
import os
import traceback
from typing import Any

import pytest

import faxstatus
from faxstatus import ContentType, DecodeError, DecodeOptions, Direction, EncodeError, Message
from faxstatus import codec as _codec
from faxstatus._layouts import message, typed
from faxstatus.codec import DECODERS, ENCODERS, Decoder, EncodeOptions, Encoder, json_text
from faxstatus.codec._compile import Source
from faxstatus.codec.decoders import JSON_DECODERS, XML_DECODERS, decoder_chain
from faxstatus.codec.encoders import JSON_ENCODERS, XML_ENCODERS
from faxstatus.codec.encoders import xmlwriter as _xmlwriter

from ..support import samples
from ..support.helpers import decode_chains, encode_chains

#: In the canonical layout when encoded (no nil item, no CR): every decoder reads it.
RESPONSE = message(3)
SOAP = faxstatus.encode(RESPONSE, ContentType.SOAP12).body
JSON = faxstatus.encode(RESPONSE, ContentType.JSON).body
UTF16 = SOAP.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")


def _alone(name: str) -> DecodeOptions:
    return DecodeOptions(decoders=(name,))


def _declined(name: str) -> str:
    return rf"every decoder in the chain \({name}\) declined"


# ----------------------------------------------------------------------------- decoders


#: For each decoder, a body only it (with nothing behind it) decodes, among these.
ONLY = {
    Decoder.SCAN: SOAP,
    # A comment (the parser drops it; the scanner declines any): only the parser paths read it.
    Decoder.VALIDATED: SOAP.replace(b"<env:Body>", b"<env:Body><!-- c -->", 1),
    Decoder.GENERATED: JSON,
    Decoder.GENERIC: UTF16,  # neither the scanner nor the validated walk reads UTF-16
}


def test_every_decoder_is_in_the_default_chain_and_serves_a_form():
    assert set(DECODERS) == set(Decoder)
    assert DECODERS[-1] is Decoder.GENERIC and DECODERS[0] is Decoder.SCAN
    assert set(Decoder) == XML_DECODERS | JSON_DECODERS
    assert DecodeOptions().decoders == DECODERS


@pytest.mark.parametrize("decoder", list(Decoder), ids=[d.value for d in Decoder])
def test_every_decoder_alone_decodes_what_it_reads(decoder):
    out = faxstatus.decode(ONLY[decoder], options=_alone(decoder.value))
    assert isinstance(out, Message)
    assert out.payload == RESPONSE


@pytest.mark.parametrize("decoder", list(Decoder), ids=[d.value for d in Decoder])
def test_a_chain_of_one_uses_only_that_one(decoder):
    # Each body below is one the other decoders read and this one does not: alone, it
    # declines, and nothing behind it catches that.
    for other, body in ONLY.items():
        if decoder is Decoder.GENERIC or other is decoder:
            continue
        if decoder is Decoder.VALIDATED and other is Decoder.SCAN:
            continue  # canonical XML is valid XML: the validated walk reads it too
        with pytest.raises(DecodeError, match=_declined(decoder.value)):
            faxstatus.decode(body, options=_alone(decoder.value))


def test_the_scanner_alone_refuses_a_fault_it_does_not_read():
    fault = faxstatus.codec.encode_fault(
        faxstatus.Fault(
            faxstatus.SoapVersion.SOAP12,
            "{http://www.w3.org/2003/05/soap-envelope}Receiver",
            [faxstatus.codec.FaultReason("x")],
        )
    ).body
    assert isinstance(faxstatus.decode(fault), faxstatus.Fault)
    with pytest.raises(DecodeError, match=_declined("scan")):
        faxstatus.decode(fault, options=_alone("scan"))


def test_errors_before_any_strategy_are_the_same_whatever_the_chain():
    # The size cap and the parse are the codec's, not a strategy's.
    for name in ("validated", "generic"):
        with pytest.raises(DecodeError, match="over the 10-byte cap"):
            faxstatus.decode(SOAP, options=DecodeOptions(decoders=(name,), max_bytes=10))
        with pytest.raises(DecodeError, match="malformed XML"):
            faxstatus.decode(b"<a><b></a>", options=_alone(name))


@pytest.mark.parametrize(
    "body", [SOAP, typed(SOAP), UTF16, JSON], ids=["soap", "typed", "utf16", "json"]
)
def test_every_named_chain_decodes_alike(body):
    results = {name: faxstatus.decode(body, options=o) for name, o in decode_chains().items()}
    assert all(isinstance(r, Message) and r.payload == RESPONSE for r in results.values()), results


def test_names_and_members_are_both_accepted():
    assert DecodeOptions(decoders=("scan", Decoder.GENERIC)).decoders == (
        Decoder.SCAN,
        Decoder.GENERIC,
    )
    assert decoder_chain("generic") == (Decoder.GENERIC,)
    assert EncodeOptions(encoders=["xmlwriter", "generic"]).encoders == (
        Encoder.XMLWRITER,
        Encoder.GENERIC,
    )


@pytest.mark.parametrize(
    ("chain", "message"),
    [
        (
            ("scanner",),
            "unknown decoder 'scanner'; the decoders are scan, validated, generated, generic",
        ),
        (("generic", "generic"), "named twice"),
        (("validated", "scan"), "'scan' reads the bytes before any parse"),
        (("generic", "validated"), "follows 'generic'"),
        ((), "at least one"),
    ],
)
def test_a_bad_decoder_chain_is_refused_naming_the_valid_ones(chain, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        DecodeOptions(decoders=chain)


@pytest.mark.parametrize(
    ("chain", "message"),
    [
        (
            ("xml",),
            "unknown encoder 'xml'; the encoders are xmlwriter, generated, jsontext, generic",
        ),
        (("jsontext", "jsontext"), "named twice"),
        (("generic", "xmlwriter"), "follows 'generic'"),
        ((), "at least one"),
    ],
)
def test_a_bad_encoder_chain_is_refused_naming_the_valid_ones(chain, message):
    with pytest.raises(ValueError, match=message):
        EncodeOptions(encoders=chain)


# ----------------------------------------------------------------------------- encoders


def test_every_encoder_is_in_the_default_chain():
    assert set(ENCODERS) == set(Encoder)
    assert ENCODERS[-1] is Encoder.GENERIC
    assert XML_ENCODERS | JSON_ENCODERS | {Encoder.JSONTEXT} == set(Encoder)
    assert EncodeOptions().encoders == ENCODERS


def _message() -> Message:
    out = faxstatus.decode(SOAP)
    assert isinstance(out, Message)
    return out


def test_every_encoder_alone_writes_what_it_serves():
    alone = {e: EncodeOptions(encoders=(e,)) for e in Encoder}
    assert faxstatus.encode(RESPONSE, "soap12", options=alone[Encoder.XMLWRITER]).body == SOAP
    assert faxstatus.encode(RESPONSE, "json", options=alone[Encoder.GENERATED]).body == JSON
    text = json_text(_message(), alone[Encoder.JSONTEXT])
    assert text == json_text(_message(), alone[Encoder.GENERIC])
    assert faxstatus.encode(RESPONSE, "soap12", options=alone[Encoder.GENERIC]).body == SOAP
    assert faxstatus.encode(RESPONSE, "json", options=alone[Encoder.GENERIC]).body == JSON


@pytest.mark.parametrize(
    ("encoder", "form"),
    [("xmlwriter", "json"), ("generated", "soap12"), ("jsontext", "soap12"), ("jsontext", "json")],
)
def test_an_encoder_alone_gives_up_on_what_it_does_not_serve(encoder, form):
    with pytest.raises(EncodeError, match=rf"chain \({encoder}\) gave up"):
        faxstatus.encode(RESPONSE, form, options=EncodeOptions(encoders=(encoder,)))


def test_the_compiled_writer_alone_writes_a_nil_item_and_gives_up_on_a_foreign_one():
    import dataclasses

    def with_first(item: object) -> object:
        items: list[Any] = [item, *RESPONSE.fax_status_list.item]
        return dataclasses.replace(
            RESPONSE, fax_status_list=dataclasses.replace(RESPONSE.fax_status_list, item=items)
        )

    nil = with_first(None)
    alone = EncodeOptions(encoders=("xmlwriter",))
    assert faxstatus.encode(nil, options=alone).body == faxstatus.encode(nil).body
    assert b"nil" in faxstatus.encode(nil).body
    foreign = with_first(faxstatus.models.WSError(error_code=0, error_string=""))
    assert _xmlwriter.payload_text(foreign, "") is None
    with pytest.raises(EncodeError, match=r"chain \(xmlwriter\) gave up"):
        faxstatus.encode(foreign, options=alone)


@pytest.mark.parametrize("ct", list(ContentType), ids=[c.value for c in ContentType])
def test_every_named_encoder_chain_writes_the_same_bytes(ct):
    for op in _codec.OPERATIONS:
        for d in Direction:
            msg = samples.sample(op, d)
            bodies = {
                name: faxstatus.encode(msg, ct, options=o).body
                for name, o in encode_chains().items()
            }
            assert len(set(bodies.values())) == 1, (op, d, bodies.keys())


def test_every_named_encoder_chain_writes_the_same_json_text():
    message = _message()
    texts = {name: json_text(message, o) for name, o in encode_chains().items()}
    assert len(set(texts.values())) == 1


# ----------------------------------------------------------------------------- compile


def test_a_traceback_in_generated_code_shows_its_line():
    src = Source("a test function")
    src.lines = ["def f(x):", "    y = x + 1", "    return LIMIT // (y - y)"]
    f = src.compile({"LIMIT": 7})["f"]
    try:
        f(1)
    except ZeroDivisionError:
        text = traceback.format_exc()
    else:  # pragma: no cover - the division raises
        pytest.fail("no exception")
    assert 'File "faxstatus generated: a test function", line 3, in f' in text
    assert "return LIMIT // (y - y)" in text


def test_a_traceback_in_a_compiled_writer_shows_the_generated_line():
    writer = _xmlwriter._build(type(RESPONSE), "")
    assert writer is not None
    try:
        writer(samples.sample("GetFaxStatus", Direction.RESPONSE))  # the wrong class
    except _xmlwriter._GiveUp:
        text = traceback.format_exc()
    else:  # pragma: no cover
        pytest.fail("the writer wrote the wrong class")
    assert "faxstatus generated: XML writer of RealTimeFaxStatusExResponse" in text
    assert "raise GiveUp" in text


def test_the_same_source_is_registered_once_and_a_different_one_apart():
    def make(body: str) -> Any:
        src = Source("registration test")
        src.lines = ["def f():", f"    return {body}"]
        return src.compile()["f"]

    first = make("1")
    size = len(linecache.cache)
    again = make("1")
    assert len(linecache.cache) == size
    assert (
        first.__code__.co_filename
        == again.__code__.co_filename
        == "faxstatus generated: registration test"
    )
    other = make("2")
    assert other.__code__.co_filename == "faxstatus generated: registration test #2"
    assert linecache.getline(other.__code__.co_filename, 2) == "    return 2\n"
    assert linecache.getline(first.__code__.co_filename, 2) == "    return 1\n"


def test_generated_lines_reach_a_traceback_when_linecache_loads_after_the_compile():
    # As in ``faxstatus decode``: the scanner compiles before anything imports linecache.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from faxstatus.codec._compile import Source\n"
        "assert 'linecache' not in sys.modules\n"
        "src = Source('late')\n"
        "src.lines = ['def f():', '    return 1 // 0']\n"
        "f = src.compile()['f']\n"
        "import traceback\n"
        "try:\n"
        "    f()\n"
        "except ZeroDivisionError:\n"
        "    print(traceback.format_exc())\n"
    )
    # Without the date check's sitecustomize (tests/timetravel/) and coverage's start-up in
    # the child (make pytest's measurement, through its .pth file): both import linecache.
    unwanted = ("PYTHONPATH", "TIMETRAVEL_NOW", "COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    bare = subprocess.run(
        [sys.executable, "-c", "import sys; print('linecache' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    if bare.strip() == "True":  # Python 3.13's start-up imports it: no late load to test
        pytest.skip("this interpreter imports linecache at start-up")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert 'File "faxstatus generated: late", line 2, in f' in out
    assert "return 1 // 0" in out


def test_repeated_decodes_and_encodes_add_no_linecache_entries():
    chains = [DecodeOptions(), DecodeOptions(decoders=("validated",))]

    def work() -> None:
        for options in chains:
            message = faxstatus.decode(SOAP, options=options)
            assert isinstance(message, Message)
            json_text(message)
        faxstatus.encode(RESPONSE)

    work()
    size = len(linecache.cache)
    for _ in range(20):
        work()
    assert len(linecache.cache) == size


def test_the_lazy_codec_package_lists_what_it_resolves():
    assert sorted(_codec.__all__) == sorted(_codec._LAZY)
    for name in _codec.__all__:
        assert getattr(_codec, name) is not None
    assert _codec.decode is faxstatus.decode and _codec.encode is faxstatus.encode
    with pytest.raises(AttributeError, match="no attribute 'bogus'"):
        _codec.bogus  # noqa: B018
