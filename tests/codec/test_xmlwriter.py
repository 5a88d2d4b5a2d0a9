"""The compiled XML writers write exactly what the generic encoder writes, or leave it to it."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import faxstatus
from faxstatus import Direction, EncodeError
from faxstatus import models as m
from faxstatus import strategies as fs
from faxstatus.codec import OPERATIONS
from faxstatus.codec._plan import ClassPlan, FieldPlan, Kind, plan_for
from faxstatus.codec.encoders import xmlwriter as _xmlwriter
from faxstatus.codec.encoders.generic import encode_payload

from ..support import samples
from ..support.helpers import compiled_paths_cover, encode_chains

OPS_DIRS = [(op, d) for op in OPERATIONS for d in Direction]


def generic(payload: Any, prefix: str) -> str:
    out: list[str] = []
    name = type(payload).__name__
    encode_payload(payload, plan_for(type(payload)), prefix, out, name)
    return "".join(out)


@pytest.mark.slow
@settings(max_examples=200)
@given(
    st.sampled_from(OPS_DIRS).flatmap(lambda od: fs.messages(*od)), st.sampled_from(["", "FaxWS"])
)
def test_same_text_as_the_generic_encoder(payload, prefix):
    text = _xmlwriter.payload_text(payload, prefix)
    if text is not None:
        assert text == generic(payload, prefix)
    elif compiled_paths_cover(type(payload)):
        pytest.fail(f"writer gave up on {type(payload).__name__}")


def vars_of(payload: Any) -> list[Any]:
    return [getattr(payload, f.name) for f in dataclasses.fields(payload)]


@pytest.mark.parametrize(("op", "direction"), OPS_DIRS)
def test_every_sample_is_written_by_the_compiled_writer(op, direction):
    msg = samples.sample(op, direction)
    text = _xmlwriter.payload_text(msg, "")
    # The writer covers at least what the helper says (optional, nillable, other built-ins:
    # more), and writes the generic encoder's text wherever it writes.
    if compiled_paths_cover(type(msg)):
        assert text is not None
    if text is not None:
        assert text == generic(msg, "")


def _ex(**kw: Any) -> m.RealTimeFaxStatusExResponse:
    fields: dict[str, Any] = {
        "fax_job_id": "br1",
        "fax_job_status_id": 1,
        "status_description": "ok",
        "recipient_state": 4,
        "recipient_current_page_count": 1,
        "recipient_total_page_count": 2,
        "fax_delivery_date_time": "",
        "fax_delivery_duration": 0,
        "remote_fax_csid": "",
        "error": m.WSError(error_code=0, error_string=""),
    }
    good = m.RealTimeFaxStatusEx(**fields)
    fields.update(kw)
    item = m.RealTimeFaxStatusEx(**fields)
    return m.RealTimeFaxStatusExResponse(
        return_value=True,
        fax_status_list=m.RealTimeFaxStatusExList(item=[good, item, good]),
        wserror=m.WSError(error_code=0, error_string=""),
    )


def _written(payload: Any, prefix: str = "") -> str | None:
    """The compiled writer's text of *payload*.

    After a schema change that brings a shape the compiled paths leave to the generic encoder
    (``compiled_paths_cover``), the writer must decline it, and the generic text stands in.
    """
    text = _xmlwriter.payload_text(payload, prefix)
    if not compiled_paths_cover(type(payload)):
        assert text is None, type(payload).__name__
        return generic(payload, prefix)
    return text


def test_markup_characters_in_a_column_are_escaped_as_the_generic_encoder_does():
    msg = _ex(status_description="R&D <a> ]]> \r\n", remote_fax_csid="x>y")
    text = _written(msg)
    assert text is not None and "R&amp;D &lt;a&gt; ]]&gt; &#13;\n" in text
    assert text == generic(msg, "")


BAD: Any = {
    "status_description": "bad \x01 char",
    "fax_job_status_id": 2**31,
    "recipient_state": True,
    "fax_job_id": 7,
    "error": m.FaxJobId(job_id="x"),
}


@pytest.mark.parametrize("field", sorted(BAD))
def test_bad_values_get_the_generic_encoders_error(field):
    msg = _ex(**{field: BAD[field]})
    assert _xmlwriter.payload_text(msg, "") is None
    with pytest.raises(EncodeError) as info:
        faxstatus.encode(msg)
    with pytest.raises(EncodeError) as again:
        generic(msg, "")
    assert str(info.value) == str(again.value)
    assert "item[2]" in str(info.value)


# Every leaf of a RealTimeFaxStatusEx item, by kind; "error." leaves sit in the nested WSError.
_INT_LEAVES = [
    "fax_job_status_id",
    "recipient_state",
    "recipient_current_page_count",
    "recipient_total_page_count",
    "fax_delivery_duration",
    "error.error_code",
]
_STR_LEAVES = [
    "fax_job_id",
    "status_description",
    "fax_delivery_date_time",
    "remote_fax_csid",
    "error.error_string",
]


class _Count(int):
    """An int subclass: the generic encoder writes its str(); the compiled writer leaves it."""

    def __str__(self) -> str:
        return "12"


class _Label(str):
    """A str subclass whose str() differs from its characters: the characters are written."""

    __slots__ = ()

    def __str__(self) -> str:
        return "not this"


def _ex_leaf(path: str, value: Any) -> m.RealTimeFaxStatusExResponse:
    if path.startswith("error."):
        return _ex(error=m.WSError(**{"error_code": 0, "error_string": "", path[6:]: value}))
    return _ex(**{path: value})


@pytest.mark.parametrize("path", _INT_LEAVES)
@pytest.mark.parametrize("value", [True, False, 2**31, -(2**31) - 1, 1.0, "1", None], ids=repr)
def test_a_bad_value_in_any_int_column_gets_the_generic_encoders_error(path, value):
    msg = _ex_leaf(path, value)
    assert _xmlwriter.payload_text(msg, "") is None
    with pytest.raises(EncodeError) as info:
        faxstatus.encode(msg)
    with pytest.raises(EncodeError) as again:
        generic(msg, "")
    assert str(info.value) == str(again.value)
    assert "item[2]" in str(info.value)


@pytest.mark.parametrize("path", _INT_LEAVES)
def test_an_int_subclass_in_any_int_column_is_left_to_the_generic_encoder(path):
    # The generic encoder writes an int subclass by its str(); the compiled writer leaves it.
    msg = _ex_leaf(path, _Count(3))
    assert _xmlwriter.payload_text(msg, "") is None
    text = generic(msg, "")
    assert "<item>" in text and ">12</" in text
    assert text in faxstatus.encode(msg, "xml").body.decode()


@pytest.mark.parametrize("path", _INT_LEAVES)
@pytest.mark.parametrize("value", [2**31 - 1, -(2**31), 0, -1])
def test_the_ends_of_the_int_range_are_written_in_any_int_column(path, value):
    msg = _ex_leaf(path, value)
    text = _written(msg)
    assert text is not None and f">{value}</" in text
    assert text == generic(msg, "")


@pytest.mark.parametrize("path", _STR_LEAVES)
@pytest.mark.parametrize(
    "value", [7, None, b"x", True, "bad \x01 char", "\ud800", "\ufffe", "x\x00"], ids=repr
)
def test_a_bad_value_in_any_string_column_gets_the_generic_encoders_error(path, value):
    msg = _ex_leaf(path, value)
    assert _xmlwriter.payload_text(msg, "") is None
    with pytest.raises(EncodeError) as info:
        faxstatus.encode(msg)
    with pytest.raises(EncodeError) as again:
        generic(msg, "")
    assert str(info.value) == str(again.value)
    assert "item[2]" in str(info.value)


@pytest.mark.parametrize("path", _STR_LEAVES)
@pytest.mark.parametrize(
    "value",
    ["a&b", "<x>", "cr\r\n", "tab\tnew\nline", "\x7f", "é ü", "\U0001f4e0 fax", "\ue000"],
    ids=repr,
)
def test_any_string_column_is_written_as_the_generic_encoder_writes_it(path, value):
    msg = _ex_leaf(path, value)
    text = _written(msg)
    assert text is not None
    assert text == generic(msg, "")


@pytest.mark.parametrize("path", _STR_LEAVES)
def test_a_str_subclass_is_written_by_its_characters_as_the_generic_encoder_does(path):
    msg = _ex_leaf(path, _Label("mine & yours"))
    text = _written(msg)
    assert text is not None and "mine &amp; yours" in text and "not this" not in text
    assert text == generic(msg, "")


def test_the_ascii_shortcut_lets_through_exactly_what_the_search_lets_through():
    for code in range(128):
        plain = not bytes([code]).translate(None, _xmlwriter._PLAIN)
        assert plain == (_xmlwriter._UNUSUAL.search(chr(code)) is None), hex(code)


@pytest.mark.parametrize("nils", [(0,), (1,), (2,), (0, 1), (1, 2), (0, 2), (0, 1, 2)])
def test_nil_items_anywhere_are_written_as_the_generic_encoder_writes_them(nils):
    msg = _ex()
    for position in nils:
        msg.fax_status_list.item[position] = None  # the items are nillable: xsi:nil is written
    for prefix in ("", "FaxWS"):
        text = _xmlwriter.payload_text(msg, prefix)
        assert text is not None and text == generic(msg, prefix)
        assert text.count('xsi:nil="true"/>') == len(nils)


@pytest.mark.parametrize("position", [0, 1, 2])
def test_a_foreign_item_anywhere_is_left_to_the_generic_encoder(position):
    msg = _ex()
    msg.fax_status_list.item[position] = m.WSError(error_code=0, error_string="")
    assert _xmlwriter.payload_text(msg, "") is None
    with pytest.raises(EncodeError) as info:
        faxstatus.encode(msg)
    with pytest.raises(EncodeError) as again:
        generic(msg, "")
    assert str(info.value) == str(again.value)
    assert f"item[{position + 1}]" in str(info.value)
    msg.fax_status_list.item[position - 1] = None  # with a nil item beside it, the same
    assert _xmlwriter.payload_text(msg, "") is None


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_lists_of_any_length_are_written_as_the_generic_encoder_writes_them(n):
    msg = _ex()
    msg.fax_status_list.item = [
        dataclasses.replace(msg.fax_status_list.item[0], fax_job_id=f"br{i}", recipient_state=i)
        for i in range(n)
    ]
    ids = m.FaxJobIds(item=[m.FaxJobId(job_id=f"j{i}") for i in range(n)])  # a one-leaf item
    jobs = m.GetFaxStatus(user_id="u", str_pin="p", fax_job_ids=ids)
    for payload in (msg, jobs):
        text = _written(payload, "FaxWS")
        assert text is not None
        assert text == generic(payload, "FaxWS")


# A list item shape FaxWS does not have today (a boolean and every other int kind in a list
# item), so that those column checks are proved before a schema brings them.
@dataclasses.dataclass(slots=True)
class _Row:
    flag: Any
    small: Any
    count: Any
    big: Any
    huge: Any


@dataclasses.dataclass(slots=True)
class _Rows:
    item: Any


@dataclasses.dataclass(slots=True)
class _Wrapper:
    rows: Any


def _synthetic_plans() -> dict[type[Any], ClassPlan]:
    def leaf(attr: str, kind: Kind) -> FieldPlan:
        name = attr.title()
        return FieldPlan(attr, name, f"{{urn:FaxWS}}{name}", kind, None, False, False)

    row = ClassPlan(_Row, "Row")
    row.fields = (
        leaf("flag", Kind.BOOLEAN),
        leaf("small", Kind.SHORT),
        leaf("count", Kind.UNSIGNED_INT),
        leaf("big", Kind.LONG),
        leaf("huge", Kind.UNSIGNED_LONG),
    )
    rows = ClassPlan(_Rows, "Rows")
    item = FieldPlan("item", "item", "{urn:FaxWS}item", Kind.COMPLEX, row, True, False, 0, -1)
    rows.fields, rows.item = (item,), item
    wrapper = ClassPlan(_Wrapper, "Wrapper", "element")
    wrapper.fields = (
        FieldPlan("rows", "Rows", "{urn:FaxWS}Rows", Kind.COMPLEX, rows, False, False),
    )
    return {_Row: row, _Rows: rows, _Wrapper: wrapper}


def _rows(**odd: Any) -> _Wrapper:
    good = {"flag": True, "small": -(2**15), "count": 2**32 - 1, "big": 2**63 - 1, "huge": 0}
    other = {"flag": False, "small": 2**15 - 1, "count": 0, "big": -(2**63), "huge": 2**64 - 1}
    return _Wrapper(_Rows([_Row(**good), _Row(**{**other, **odd}), _Row(**other)]))


@pytest.fixture
def synthetic(monkeypatch):
    plans = _synthetic_plans()
    monkeypatch.setattr(_xmlwriter, "plan_for", plans.__getitem__)
    return plans[_Wrapper]


def test_boolean_and_other_int_columns_are_written_as_the_generic_encoder_does(synthetic):
    msg = _rows()
    text = _xmlwriter.payload_text(msg, "")
    assert text is not None and "<Flag>true</Flag>" in text and "<Flag>false</Flag>" in text
    out: list[str] = []
    encode_payload(msg, synthetic, "", out, "Wrapper")
    assert text == "".join(out)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("flag", 1),
        ("flag", None),
        ("flag", "true"),
        ("small", 2**15),
        ("small", -(2**15) - 1),
        ("small", True),
        ("count", -1),
        ("count", 2**32),
        ("big", 2**63),
        ("big", -(2**63) - 1),
        ("huge", -1),
        ("huge", 2**64),
        ("huge", 1.0),
    ],
)
def test_a_bad_value_in_a_boolean_or_other_int_column_gets_the_generic_error(
    synthetic, field, value
):
    msg = _rows(**{field: value})
    assert _xmlwriter.payload_text(msg, "") is None
    with pytest.raises(EncodeError) as info:
        encode_payload(msg, synthetic, "", [], "Wrapper")
    assert f"item[2]/{field.title()}" in str(info.value)


@settings(max_examples=100)
@given(
    st.sampled_from(OPS_DIRS).flatmap(lambda od: fs.messages(*od)),
    st.sampled_from(["soap12", "soap11", "xml", "json"]),
)
def test_every_named_encoder_chain_writes_the_same_bytes(payload, ct):
    bodies = {
        name: faxstatus.encode(payload, ct, options=options).body
        for name, options in encode_chains().items()
    }
    assert len(set(bodies.values())) == 1, bodies.keys()
