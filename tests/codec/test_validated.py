"""The validated XML path: the XSD checked by libxml2, then a walk that checks nothing."""

from __future__ import annotations

import pytest

import faxstatus
from faxstatus import ContentType, DecodeError, DecodeOptions, Direction, Message
from faxstatus.codec import OPERATIONS, XmlStyle, _xml
from faxstatus.codec.decoders import validated as _validated

from ..support import samples
from ..support.helpers import compiled_paths_cover
from ..support.mock_service import OPERATION

XML_FORMS = [ContentType.SOAP12, ContentType.SOAP11, ContentType.XML]
CASES = [(op, d, ct) for op in OPERATIONS for d in Direction for ct in XML_FORMS]
GENERIC = DecodeOptions(decoders=("generic",))
#: The validated walk alone: what it declines raises instead of reaching another decoder.
VALIDATED = DecodeOptions(decoders=("validated",))
#: The schema's target namespace (it follows schema/ after make generate).
NS = faxstatus.codec.FAXWS_NS


@pytest.mark.parametrize(("op", "direction", "ct"), CASES)
def test_every_sample_takes_the_validated_path(op, direction, ct):
    # The samples hold nil list items, every scalar type, extreme ints and non-ASCII text.
    msg = samples.sample(op, direction)
    if not compiled_paths_cover(type(msg)):
        pytest.skip("a shape the compiled walk leaves to the checked path (after a schema change)")
    body = faxstatus.encode(msg, ct).body
    out = faxstatus.decode(body, options=VALIDATED)
    assert isinstance(out, Message)
    assert out.payload == msg


def test_indented_input_takes_the_validated_path():
    from lxml import etree

    msg = samples.sample("GetRealTimeFaxStatusEx3", Direction.RESPONSE)
    if not compiled_paths_cover(type(msg)):
        pytest.skip("a shape the compiled walk leaves to the checked path (after a schema change)")
    root = etree.fromstring(faxstatus.encode(msg, ContentType.SOAP11).body)
    etree.indent(root, space="\t ")
    pretty = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    expected = faxstatus.decode(pretty, options=GENERIC)
    out = faxstatus.decode(pretty, options=VALIDATED)
    assert isinstance(out, Message) and isinstance(expected, Message)
    assert out.payload == expected.payload == msg


def _with_attribute(attr: str) -> bytes:
    body = faxstatus.encode(samples.sample("SimpleGetFaxStatus", Direction.RESPONSE)).body
    start = f'<SimpleFaxStatusResponse xmlns="{NS}"'.encode()
    return body.replace(
        start + b">",
        start + b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' + attr.encode() + b">",
    )


@pytest.mark.parametrize(
    "attr", ['xsi:schemaLocation="urn:FaxWS f.xsd"', 'xsi:noNamespaceSchemaLocation="f.xsd"']
)
def test_what_the_xsd_allows_and_the_codec_refuses_takes_the_checked_path(attr):
    body = _with_attribute(attr)
    assert _validated._schema().validate(_xml.parse_document(body)[0][0])
    with pytest.raises(DecodeError, match="unexpected attribute") as fast:
        faxstatus.decode(body)
    with pytest.raises(DecodeError) as slow:
        faxstatus.decode(body, options=GENERIC)
    assert str(fast.value) == str(slow.value)
    lenient = faxstatus.decode(body, options=DecodeOptions(strict=False))
    assert isinstance(lenient, Message)
    assert lenient.skipped and "chemaLocation" in lenient.skipped[0]
    with pytest.raises(DecodeError, match=r"chain \(validated\) declined"):
        faxstatus.decode(body, options=VALIDATED)


def test_utf16_takes_the_checked_path():
    msg = samples.sample(OPERATION, Direction.RESPONSE)
    text = faxstatus.encode(msg, ContentType.XML).body.decode()
    body = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(DecodeError, match=r"chain \(validated\) declined"):
        faxstatus.decode(body, options=VALIDATED)
    out = faxstatus.decode(body)
    assert isinstance(out, Message)
    assert out.payload == msg


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"<FaxJobStatusId>2<", b"<FaxJobStatusId>x<"),
        (b"<FaxJobStatusId>2<", b"<FaxJobStatusId>2147483648<"),
        (b"<RecipientState>", b"<Bogus/><RecipientState>"),
        (b"<return>true", b"<return>yes"),
        (b"<item>", b"<item>text"),
    ],
)
def test_invalid_input_gets_the_checked_paths_exact_error(old, new):
    msg = samples.sample("GetRealTimeFaxStatusEx", Direction.RESPONSE)
    body = faxstatus.encode(msg).body
    assert old in body
    bad = body.replace(old, new, 1)
    with pytest.raises(DecodeError) as fast:
        faxstatus.decode(bad)
    with pytest.raises(DecodeError) as slow:
        faxstatus.decode(bad, options=GENERIC)
    assert str(fast.value) == str(slow.value)
    assert (fast.value.path, fast.value.line) == (slow.value.path, slow.value.line)


def test_every_wrapper_class_has_a_walk():
    for op in OPERATIONS.values():
        for d in Direction:
            cls = op.cls(d)
            assert (_validated.walker(cls) is not None) == compiled_paths_cover(cls), cls


@pytest.mark.parametrize("style", [XmlStyle(), XmlStyle.GSOAP])
def test_payload_problems_name_the_element_at_fault(style):
    """libxml2's node path (``*[n]`` or ``prefix:name[n]``) is followed to the element itself."""
    from lxml import etree

    op = "GetRealTimeFaxStatusEx"
    body = faxstatus.encode(samples.response(op), ContentType.SOAP12, style=style).body
    root = etree.fromstring(body)
    (el,) = root[0]
    assert _validated.payload_problems(el) == []
    items = el.find(f"{{{NS}}}FaxStatusList")
    assert items is not None
    third = items[2].find(f"{{{NS}}}RecipientState")
    assert third is not None
    third.text = "many"
    (problem,) = _validated.payload_problems(el)
    assert problem.element is third and "'many'" in problem.reason
    assert _xml.element_path(problem.element).endswith("/FaxStatusList/item[3]/RecipientState")
    el.tag = f"{{{NS}}}NoOperationHasThis"
    (problem,) = _validated.payload_problems(el)
    assert (
        problem.element is el and "not the request or response of any operation" in problem.reason
    )
