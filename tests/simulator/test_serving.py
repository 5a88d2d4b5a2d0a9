"""The selector-fed HTTP/1.1 server's pieces: chunk sizes read as they arrive, the waiting cap."""

from __future__ import annotations

import pytest

from faxstatus import DecodeError, LimitError
from faxstatus.simulator import _serving
from faxstatus.simulator._serving import _ChunkSizes


def test_chunk_sizes_are_read_across_any_split_of_the_bytes():
    body = b"5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n"
    for cut in range(len(body) + 1):
        sizes = _ChunkSizes(8, 100)
        sizes.feed(body[:cut])
        sizes.feed(body[cut:])
        assert sizes.done and sizes.left == 0


def test_the_chunk_that_passes_the_cap_is_refused_at_its_header():
    sizes = _ChunkSizes(8, 100)
    sizes.feed(b"5\r\nhello\r\n")
    with pytest.raises(LimitError, match="chunk size of 4 is over 3"):
        sizes.feed(b"4\r\n")  # its data has not arrived: refused on the header alone


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"1" * 10_000 + b"\r\n", LimitError),  # refused by its length, never converted
        (b"-1\r\n", DecodeError),
        (b"0x10\r\n", DecodeError),
        (b"a" * 200, DecodeError),  # a header longer than allowed, with no end in sight
    ],
    ids=["10,000 digits", "signed", "0x", "endless header"],
)
def test_a_chunk_size_out_of_range_or_not_hex_is_refused(data, error):
    with pytest.raises(error):
        _ChunkSizes(1 << 30, 100).feed(data)


@pytest.mark.parametrize(("soft", "expected"), [(20_000, 1024), (1024, 512), (20, 16)])
def test_the_waiting_cap_is_half_the_open_file_limit_at_most_1024(monkeypatch, soft, expected):
    monkeypatch.setattr(_serving.resource, "getrlimit", lambda _: (soft, soft))
    assert _serving.default_pending() == expected
