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
from faxstatus.codec import OPERATIONS, _xml, _xmlwriter
from faxstatus.codec._plan import plan_for

from . import samples
from .helpers import compiled_paths_cover

OPS_DIRS = [(op, d) for op in OPERATIONS for d in Direction]


def generic(payload: Any, prefix: str) -> str:
    out: list[str] = []
    name = type(payload).__name__
    _xml.encode_payload(payload, plan_for(type(payload)), prefix, out, name)
    return "".join(out)


@settings(max_examples=200)
@given(
    st.sampled_from(OPS_DIRS).flatmap(lambda od: fs.messages(*od)), st.sampled_from(["", "FaxWS"])
)
def test_same_text_as_the_generic_encoder(payload, prefix):
    text = _xmlwriter.payload_text(payload, prefix)
    if text is not None:
        assert text == generic(payload, prefix)
    elif compiled_paths_cover(type(payload)) and not any(
        None in getattr(v, "item", ()) for v in vars_of(payload)
    ):
        pytest.fail(f"writer gave up on {type(payload).__name__} without a nil item")


def vars_of(payload: Any) -> list[Any]:
    return [getattr(payload, f.name) for f in dataclasses.fields(payload)]


@pytest.mark.parametrize(("op", "direction"), OPS_DIRS)
def test_every_sample_without_nil_items_is_written_by_the_compiled_writer(op, direction):
    msg = samples.sample(op, direction)
    text = _xmlwriter.payload_text(msg, "")
    nil = any(None in getattr(v, "item", ()) for v in vars_of(msg))
    assert (text is None) == (nil or not compiled_paths_cover(type(msg)))
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


def test_markup_characters_in_a_column_are_escaped_as_the_generic_encoder_does():
    msg = _ex(status_description="R&D <a> ]]> \r\n", remote_fax_csid="x>y")
    text = _xmlwriter.payload_text(msg, "")
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
