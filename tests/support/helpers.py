"""Helpers shared by tests: fixed-epoch simulators, schema validation, xsdata parsing, samples."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from lxml import etree
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig
from xsdata.formats.dataclass.parsers.handlers import XmlEventHandler

from faxstatus import models as m
from faxstatus.simulator import SimReply, Simulator

from .paths import ROOT

XSD_PATH = ROOT / "schema" / "faxws.xsd"

#: The wall-clock time every test simulator's dates count from. No test reads today's date:
#: a simulator built with the default epoch would write the machine's date into every reply.
FIXED_EPOCH = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
#: ``faxstatus serve`` / ``demo`` options giving a subprocess simulator that same epoch.
FIXED_EPOCH_ARG = "--epoch=" + FIXED_EPOCH.isoformat().replace("+00:00", "Z")


class JobClock:
    """A simulator job clock that never reads the machine's: it moves only when told to.

    Frozen at :attr:`now` by default, so what a job shows does not depend on how fast the
    machine runs the test; with ``step`` it advances that many seconds at each reading
    (each FaxWS request reads it once), a fast and reproducible clock for watch tests.
    """

    def __init__(self, now: float = 0.0, step: float = 0.0) -> None:
        self.now = now
        self.step = step

    def __call__(self) -> float:
        t = self.now
        self.now += self.step
        return t


def make_simulator(jobs: list[Any] | None = None, **kwargs: Any) -> Simulator:
    """A :class:`Simulator` for tests: dates from :data:`FIXED_EPOCH`, a frozen job clock.

    Every keyword is the simulator's own; ``epoch`` and ``clock`` are only defaulted (a
    ``speed`` keeps the simulator's real-time clock, scaled).
    """
    return Simulator(jobs, **fixed_time(kwargs))


def fixed_time(kwargs: dict[str, Any]) -> dict[str, Any]:
    """*kwargs* of a simulator with the test defaults: :data:`FIXED_EPOCH`, a frozen clock."""
    kwargs.setdefault("epoch", FIXED_EPOCH)
    if "speed" not in kwargs:
        kwargs.setdefault("clock", JobClock())
    return kwargs


SOAP_NS = ("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope")


@cache
def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def payload_element(body: bytes) -> etree._Element:
    """The wrapper element of an XML message, envelope stripped (trusted test input only)."""
    root = etree.fromstring(body)
    if etree.QName(root).namespace in SOAP_NS:
        env_body = root.find(f"{{{etree.QName(root).namespace}}}Body")
        assert env_body is not None
        return env_body[0]
    return root


def assert_valid(body: bytes) -> None:
    el = payload_element(body)
    doc = etree.ElementTree(etree.fromstring(etree.tostring(el)))
    xsd().assertValid(doc)


def xsdata_parse(el: etree._Element, cls: type[Any]) -> Any:
    """xsdata's own binding of our generated models (reference path for comparisons)."""
    parser = XmlParser(
        config=ParserConfig(fail_on_converter_warnings=True), handler=XmlEventHandler
    )
    return parser.from_bytes(etree.tostring(el), cls)


def wserror(code: int = 0, text: str = "") -> m.WSError:
    return m.WSError(error_code=code, error_string=text)


def job_ids(*ids: str) -> m.FaxJobIds:
    return m.FaxJobIds(item=[m.FaxJobId(job_id=j) for j in ids])


_COMPILED_KINDS = ("STRING", "INT", "LONG", "BOOLEAN", "COMPLEX")


def compiled_paths_cover(cls: type[Any]) -> bool:
    """True when the compiled XML paths (validated walk, compiled writer) handle *cls*.

    They cover the shapes FaxWS has today: required single elements of string, int, long and
    boolean, nested types, and list types. A schema change may bring shapes they leave to
    the checked paths (an optional or nillable element, another built-in, a repeated element
    beside others); the tests then expect the fallback instead of the compiled path.
    """
    from faxstatus.codec._plan import plan_for

    def ok(plan: Any) -> bool:
        for f in plan.fields:
            if f.kind.name not in _COMPILED_KINDS or f.optional:
                return False
            if f.is_list and plan.item is None:
                return False
            if f.nillable and not f.is_list:
                return False
            if f.plan is not None and not ok(f.plan):
                return False
        return True

    return ok(plan_for(cls))


class Recording(Simulator):
    """A simulator that keeps what it received and what it answered, byte for byte."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**fixed_time(kwargs))
        self.seen: list[tuple[dict[str, str], bytes, SimReply]] = []
        self._seen_lock = threading.Lock()

    def handle(
        self, method: str, headers: Mapping[str, str], body: bytes, path: str = "/fax/v5"
    ) -> SimReply:
        reply = super().handle(method, headers, body, path)
        with self._seen_lock:
            self.seen.append((dict(headers), body, reply))
        return reply


def decode_chains(**options: Any) -> dict[str, Any]:
    """DecodeOptions per named chain: the default, and each decoder alone before ``generic``.

    Differential tests decode with each and compare: every strategy then meets the input,
    with the checked walker behind it for what it declines. *options* (``max_bytes``,
    ``strict``) go into each.
    """
    from faxstatus import DecodeOptions
    from faxstatus.codec import DECODERS, Decoder

    chains: dict[str, Any] = {"default": DecodeOptions(**options)}
    for d in DECODERS:
        chain = (d,) if d is Decoder.GENERIC else (d, Decoder.GENERIC)
        chains[d.value] = DecodeOptions(decoders=chain, **options)
    return chains


def encode_chains() -> dict[str, Any]:
    """EncodeOptions per named chain: the default, and each encoder alone before ``generic``."""
    from faxstatus.codec import ENCODERS, EncodeOptions, Encoder

    chains: dict[str, Any] = {"default": EncodeOptions()}
    for e in ENCODERS:
        chain = (e,) if e is Encoder.GENERIC else (e, Encoder.GENERIC)
        chains[e.value] = EncodeOptions(encoders=chain)
    return chains


#: The default chain without the scanner: the parser-based strategies on canonical input too.
NO_SCAN_DECODERS = ("validated", "generated", "generic")


def build(cls: type[Any], values: Mapping[str, Any]) -> Any:
    """An instance of generated *cls* from *values* keyed by the names its elements are
    known by: the element's name, or the one it had before a rename (schema/renames.toml).

    A required element *values* does not name (one the vendor added since the test was
    written) gets a value of its type, so that a test's values follow the schema through a
    rename or an added element; an optional one is left at its default.
    """
    from faxstatus.codec._plan import plan_for
    from faxstatus.codec._values import plausible

    fields = plan_for(cls).fields
    known = {**{f.was: f for f in fields}, **{f.name: f for f in fields}}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise KeyError(f"{cls.__name__} has no element {', '.join(unknown)}")
    given = {known[name].attr: value for name, value in values.items()}
    for f in fields:
        if f.attr not in given and f.min_occurs >= 1:
            given[f.attr] = plausible(f, cls.__name__, f"{FIXED_EPOCH:%Y-%m-%dT%H:%M:%SZ}")
    return cls(**given)


def _status_op(payload: Any) -> Any:
    from faxstatus.codec import OPERATIONS

    op = next(op for op in OPERATIONS.values() if op.response is type(payload))
    assert op.list_attr and op.list_items_attr, op.name
    return op


def status_items(payload: Any) -> list[Any]:
    """The items of a status operation's response, where the operation table says its list
    lives (so that a test follows the vendor renaming the list element)."""
    op = _status_op(payload)
    items: list[Any] = getattr(getattr(payload, op.list_attr), op.list_items_attr)
    return items


def with_items(payload: Any, items: list[Any]) -> Any:
    """A copy of a status operation's response holding *items* (see :func:`status_items`)."""
    import dataclasses

    op = _status_op(payload)
    lst = type(getattr(payload, op.list_attr))(**{op.list_items_attr: items})
    return dataclasses.replace(payload, **{op.list_attr: lst})
