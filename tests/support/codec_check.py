"""The one "only codec errors escape" check, shared by the fuzz tests and the atheris harness.

It imports nothing but faxstatus, so ``fuzz/fuzz_decode.py`` can use it under atheris.
"""

from __future__ import annotations

import faxstatus
from faxstatus import CodecError, DecodeOptions, Fault, Message

DEFAULT_OPTIONS = DecodeOptions()


def check_decode(
    body: bytes, ctype: str | None, options: DecodeOptions = DEFAULT_OPTIONS
) -> Message | Fault | None:
    """Decode *body*: a well-typed Message or Fault, or None after a CodecError that says why.

    Any other exception propagates, which is the failure the fuzzers look for.
    """
    try:
        result = faxstatus.decode(body, ctype, options=options)
    except CodecError as exc:
        assert str(exc), "a CodecError must say what is wrong"
        return None
    if isinstance(result, Message):
        assert isinstance(result.payload, result.operation.cls(result.direction))
    else:
        assert isinstance(result, Fault)
    return result


#: The content types a fuzz input's first byte picks from (fuzz/fuzz_decode.py).
FUZZ_CTYPES = (None, "application/soap+xml", "text/xml", "application/xml", "application/json")
_FUZZ_OPTIONS = (DEFAULT_OPTIONS, DecodeOptions(strict=False), DecodeOptions(decoders=("generic",)))


def check_fuzz_input(data: bytes, ctype: str | None = None, *, fixed: bool = False) -> None:
    """:func:`check_decode` on a fuzz input: its first byte picks the content type (unless
    *fixed*, then *ctype* is used) and the options (strict, lenient or generic-only)."""
    if not data:
        return
    chosen = ctype if fixed else FUZZ_CTYPES[data[0] % len(FUZZ_CTYPES)]
    check_decode(data[1:], chosen, _FUZZ_OPTIONS[(data[0] >> 4) % 3])
