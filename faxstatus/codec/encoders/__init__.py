"""The codec's encode strategies by name, and the order encode() tries them in.

A chain is an ordered tuple of :class:`Encoder` names (``EncodeOptions(encoders=...)``);
:data:`ENCODERS` is the default. Each strategy writes the value or *gives up*; the first
that writes wins, and the bytes and errors are the same whichever one does (the differential
tests: tests/codec/test_xmlwriter.py, tests/codec/test_jsontext.py, tests/codec/test_fastpath.py).

* ``xmlwriter`` (``xmlwriter.py``): XML payloads, by writers compiled once per wrapper class
  that check whole columns at a time.
* ``generated`` (``faxstatus/models/fastpath.py``'s ``e_`` family): the JSON form, by
  encoders rendered ahead of time for each type's canonical shape.
* ``jsontext`` (``jsontext.py``): the indented JSON text of a *decoded* message
  (``faxstatus decode``'s output, :func:`faxstatus.codec.json_text`), byte for byte what
  ``json.dumps(indent=2)`` writes.
* ``generic`` (``generic.py`` for XML, ``codec/_json.py`` for the JSON form, ``json.dumps``
  for JSON text): the checked encoders. They never give up: they write or raise the
  EncodeError naming the field, so nothing may follow them.

A strategy serves one output (``xmlwriter``: XML; ``generated``: the JSON form; ``jsontext``:
JSON text; ``generic``: XML and the JSON form) and is skipped for the others. When every
strategy of the chain that serves the output gives up (a chain without ``generic``), encode
raises an EncodeError naming the chain. JSON text is the JSON form indented: where
``jsontext`` is not in the chain or gives up, it is ``json.dumps`` of the JSON form the
chain's JSON-form strategies build.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from .._chain import checked_chain

__all__ = ["ENCODERS", "JSON_ENCODERS", "XML_ENCODERS", "Encoder", "encoder_chain"]


class Encoder(enum.Enum):
    """An encode strategy's name (its value, as tests and ``bench/`` spell it)."""

    XMLWRITER = "xmlwriter"
    GENERATED = "generated"
    JSONTEXT = "jsontext"
    GENERIC = "generic"


#: The default chain: fastest first, the checked encoders last.
ENCODERS: tuple[Encoder, ...] = (
    Encoder.XMLWRITER,
    Encoder.GENERATED,
    Encoder.JSONTEXT,
    Encoder.GENERIC,
)
#: The strategies that write XML, and those that write the JSON form (``jsontext`` writes
#: only the indented text of a decoded message).
XML_ENCODERS = frozenset({Encoder.XMLWRITER, Encoder.GENERIC})
JSON_ENCODERS = frozenset({Encoder.GENERATED, Encoder.GENERIC})


def encoder_chain(names: Iterable[Encoder | str]) -> tuple[Encoder, ...]:
    """*names* as a checked chain of :class:`Encoder` members; ValueError naming the valid ones.

    Refused: an unknown name, a name given twice, anything after ``generic`` (which never
    gives up), and an empty chain.
    """
    return checked_chain(names, Encoder, "encoder", last=Encoder.GENERIC, last_never="gives up")
