"""HTTP facts shared by client, simulator and proxy: bounded gzip/deflate inflate, hop-by-hop set.

One inflater serves every reader of coded bodies: the client's streaming response reader, the
simulator's request reader and the proxy's report of what it kept. It never produces more
than one byte past its limit (``zlib``'s ``max_length``), so a small bomb costs the limit at
most. It imports nothing of faxstatus.
"""

from __future__ import annotations

import re
import zlib

__all__ = [
    "ACCEPT_ENCODING",
    "CODINGS",
    "HOP_BY_HOP",
    "MAX_DELTA_SECONDS",
    "RULE_HEADER",
    "InflateError",
    "InflateLimitError",
    "InflateTruncatedError",
    "Inflater",
    "UnsupportedCodingError",
    "challenge_params",
    "content_coding",
    "inflate",
]

#: The content codings inflated (RFC 9110 §8.4.1), each with its zlib window bits: gzip
#: (RFC 1952, and its old alias x-gzip) and deflate, which RFC 9110 §8.4.1.2 defines as the
#: zlib format (RFC 1950); raw DEFLATE (RFC 1951) under "deflate" is read too.
CODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
#: What a client asks for: exactly the codings it can inflate (RFC 9110 §12.5.3).
ACCEPT_ENCODING = "gzip, deflate"
#: The greatest delta-seconds a recipient must represent; a larger one counts as this value
#: (RFC 9111 §1.2.2), which is what a Retry-After (RFC 9110 §10.2.3) is read against.
MAX_DELTA_SECONDS = 2**31
#: The simulator's answer header naming the scenario rules that decided it (``-``: none).
RULE_HEADER = "x-faxstatus-rule"
#: Hop-by-hop fields (RFC 9110 §7.6.1): they describe one connection, never forwarded.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


class InflateError(ValueError):
    """A coded body that does not inflate; the message is a predicate ("is not valid gzip …").

    Callers put their own subject in front ("response body ", "the body "); ``coding`` is
    the content coding as the peer named it.
    """

    def __init__(self, coding: str, message: str) -> None:
        self.coding = coding
        super().__init__(message)


class InflateTruncatedError(InflateError):
    """The coded body ended inside its stream."""


class InflateLimitError(InflateError):
    """The body inflates past ``limit`` bytes."""

    def __init__(self, coding: str, limit: int) -> None:
        self.limit = limit
        super().__init__(coding, f"inflates past {limit} bytes ({coding})")


class UnsupportedCodingError(ValueError):
    """A Content-Encoding naming a coding not inflated, or more than one (stacked)."""

    def __init__(self, header: str, stacked: bool) -> None:
        self.header = header
        self.stacked = stacked
        shown = repr(header[:60])
        super().__init__(
            f"Content-Encoding {shown}: stacked codings are refused"
            if stacked
            else f"Content-Encoding {shown} is refused (only gzip or deflate)"
        )


# One auth-param of a challenge (RFC 9110 §11.2): token BWS "=" BWS ( token / quoted-string ).
_AUTH_PARAM = re.compile(r'([!#$%&\'*+.^_`|~0-9A-Za-z-]+)[ \t]*=[ \t]*("(?:[^"\\]|\\.)*"|[^\s,"]+)')


def challenge_params(header: str | None) -> dict[str, str]:
    """The auth-params of a WWW-Authenticate header, names lower-cased, quotes undone.

    ``Bearer realm="x", error="invalid_token", error_description="The access token expired"``
    gives ``{"realm": "x", "error": "invalid_token", "error_description": "The access token
    expired"}`` (RFC 6750 §3); the first of a repeated name wins. Nothing is read past the
    first 4096 characters.
    """
    params: dict[str, str] = {}
    for m in _AUTH_PARAM.finditer((header or "")[:4096]):
        value = m.group(2)
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        params.setdefault(m.group(1).lower(), value)
    return params


def content_coding(header: str | None) -> str | None:
    """The one coding a ``Content-Encoding`` value names, lower-cased; None for none at all.

    The value is a list (RFC 9110 §8.4); ``identity`` and empty members mean no coding. More
    than one coding has no use to a SOAP stack but to multiply a bomb, and a coding outside
    :data:`CODINGS` cannot be read: both raise :class:`UnsupportedCodingError`.
    """
    codings = [c.strip().lower() for c in (header or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:
        raise UnsupportedCodingError(header or "", stacked=True)
    if codings and codings[0] not in CODINGS:
        raise UnsupportedCodingError(header or "", stacked=False)
    return codings[0] if codings else None


class Inflater:
    """Incremental, bounded inflate of one content coding: :meth:`feed` chunks, then :meth:`finish`.

    gzip may hold several members, read one after another (RFC 1952 §2.2); deflate is one
    stream, zlib-wrapped or raw (told apart by the zlib header, RFC 1950 §2.2), with nothing
    after it. ``coding`` must be a key of :data:`CODINGS` (any case).
    """

    def __init__(self, coding: str, limit: int) -> None:
        self.coding = coding
        self.limit = limit
        self._wbits = CODINGS[coding.lower()]
        self._out = bytearray()
        self._head = b""  # deflate: the bytes before the zlib header can be told
        self._z: zlib._Decompress | None = None
        self._ended = False  # a whole stream (or gzip member) has been read

    @property
    def output(self) -> bytes:
        """What has been inflated so far, at most ``limit`` bytes."""
        return bytes(self._out[: self.limit])

    def feed(self, data: bytes) -> None:
        """Inflate a chunk: InflateError when it is not valid, InflateLimitError past the limit."""
        if self._wbits == zlib.MAX_WBITS and self._z is None and not self._ended:
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return
            self._head = b""
        while data:
            if self._z is None:
                if self._ended and self._wbits == zlib.MAX_WBITS:
                    raise InflateError(self.coding, f"has bytes after its {self.coding} stream")
                self._z = zlib.decompressobj(self._window(data))
            room = self.limit - len(self._out) + 1  # never 0: zlib reads 0 as "no limit"
            try:
                self._out += self._z.decompress(data, room)
            except zlib.error as exc:
                message = f"is not valid {self.coding} data ({exc})"
                raise InflateError(self.coding, message) from None
            if len(self._out) > self.limit:
                raise InflateLimitError(self.coding, self.limit)
            if self._z.eof:
                data = self._z.unused_data
                self._z, self._ended = None, True
            else:
                data = self._z.unconsumed_tail

    def _window(self, data: bytes) -> int:
        if self._wbits != zlib.MAX_WBITS:
            return self._wbits
        # A zlib header: compression method 8 in the low nibble, and the two bytes a
        # multiple of 31 (RFC 1950 §2.2); anything else is taken as raw DEFLATE.
        zlib_wrapped = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
        return zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS

    def finish(self) -> bytes:
        """The whole inflated body; InflateTruncatedError when the input ended inside a stream."""
        if self._z is not None or not self._ended:
            raise InflateTruncatedError(self.coding, f"ends before its {self.coding} stream does")
        return bytes(self._out)


def inflate(body: bytes, coding: str, limit: int) -> bytes:
    """*body* inflated from *coding* at once (see :class:`Inflater` for the rules and errors)."""
    inflater = Inflater(coding, limit)
    inflater.feed(body)
    return inflater.finish()
