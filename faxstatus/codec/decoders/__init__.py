"""The codec's decode strategies by name, and the order decode() tries them in.

A chain is an ordered tuple of :class:`Decoder` names (``DecodeOptions(decoders=...)``);
:data:`DECODERS` is the default. Each strategy returns the payload or *declines*; the first
that returns wins, and results and errors are the same whichever one does (the differential
tests: tests/codec/test_scan.py, tests/codec/test_validated.py, tests/codec/test_fastpath.py).

* ``scan`` (``scan.py``): XML bytes in the layouts servers write (gSOAP's modes, ours, the
  simulator's, ``xsi:type`` and ``xsi:nil`` included), by regular expressions, before any
  parse. It reads the bytes, so it must come first in a chain.
* ``validated`` (``validated.py``): the parsed XML payload, validated against the packaged
  XSD by libxml2, then built by a walk that checks nothing.
* ``generated`` (``faxstatus/models/fastpath.py``'s ``j_`` family): the parsed JSON
  document, by decoders rendered ahead of time for each type's canonical shape.
* ``generic`` (``generic.py`` for XML, ``codec/_json.py`` for JSON): the checked plan
  walkers. They never decline: they return or raise the error naming the fault, so nothing
  may follow them.

A strategy serves one form (``scan``, ``validated``: XML; ``generated``: JSON; ``generic``:
both) and is skipped for the other. The size cap, the hardened parse and the envelope
checks (SOAP version, Header and Body, the payload's element, a SOAP Fault) are not
strategies: they run before any tree strategy, whatever the chain. When every strategy of
the chain that serves the body's form declines (a chain without ``generic``), decode raises
a DecodeError naming the chain; a chain of ``scan`` alone therefore decodes exactly what the
scanner reads, faults included in what it refuses.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from .._chain import checked_chain

__all__ = ["DECODERS", "JSON_DECODERS", "XML_DECODERS", "Decoder", "decoder_chain"]


class Decoder(enum.Enum):
    """A decode strategy's name (its value, as tests and ``bench/`` spell it)."""

    SCAN = "scan"
    VALIDATED = "validated"
    GENERATED = "generated"
    GENERIC = "generic"


#: The default chain: fastest first, the checked walkers last.
DECODERS: tuple[Decoder, ...] = (
    Decoder.SCAN,
    Decoder.VALIDATED,
    Decoder.GENERATED,
    Decoder.GENERIC,
)
#: The strategies that read XML, and those that read JSON.
XML_DECODERS = frozenset({Decoder.SCAN, Decoder.VALIDATED, Decoder.GENERIC})
JSON_DECODERS = frozenset({Decoder.GENERATED, Decoder.GENERIC})


def decoder_chain(names: Iterable[Decoder | str]) -> tuple[Decoder, ...]:
    """*names* as a checked chain of :class:`Decoder` members; ValueError naming the valid ones.

    Refused: an unknown name, a name given twice, ``scan`` after another strategy (it reads
    the bytes before any parse), anything after ``generic`` (which never declines), and an
    empty chain.
    """
    return checked_chain(
        names,
        Decoder,
        "decoder",
        last=Decoder.GENERIC,
        last_never="declines",
        first=Decoder.SCAN,
        first_reason="reads the bytes before any parse",
    )
