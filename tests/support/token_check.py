"""The one "only typed errors escape" check of the OAuth 2.0 token response, shared by the
atheris target (fuzz/fuzz_token.py) and the replay of its regression corpus.

It imports nothing but faxstatus, so the fuzz target can use it under atheris.
"""

from __future__ import annotations

from faxstatus import DecodeError, OAuthError
from faxstatus._boundary import BodyReader
from faxstatus._contract import MAX_EXPIRES_IN, MAX_TOKEN_RESPONSE_BYTES
from faxstatus.client._oauth import TokenAnswer, parse_token_response

#: A secret the check holds: no error message may show it.
SECRET = "s3cr3t-client-value"
STATUSES = (200, 200, 400, 401)
CODINGS = ("", "gzip", "deflate", "identity")


def check_token_input(data: bytes) -> TokenAnswer | None:
    """Read and parse one token response as the client does: a valid answer, or None.

    The first byte picks the HTTP status (bits 0-1), the Content-Encoding (bits 2-3) and
    where the wire bytes are split into two chunks (bits 4-7); the rest is the wire body.
    Only OAuthError and DecodeError (LimitError included) may come out, never quoting the
    secret; any other exception propagates, which is what the fuzzer looks for.
    """
    if not data:
        return None
    mode, wire = data[0], data[1:]
    status = STATUSES[mode & 3]
    split = len(wire) * (mode >> 4) // 16
    try:
        reader = BodyReader(CODINGS[(mode >> 2) & 3], MAX_TOKEN_RESPONSE_BYTES, "token response")
        reader.feed(wire[:split])
        reader.feed(wire[split:])
        answer = parse_token_response(
            status, reader.result(), url="https://t.test/token", secrets=(SECRET,)
        )
    except (OAuthError, DecodeError) as exc:
        assert SECRET not in str(exc), "an error message shows the secret"
        return None
    assert status == 200, "a token taken from a refusal"
    token = answer.access_token
    assert isinstance(token, str) and token and token.isascii() and token.isprintable()
    assert " " not in token, "a bearer token with a space"
    assert type(answer.lifetime) is int and 1 <= answer.lifetime <= MAX_EXPIRES_IN
    assert answer.refresh_token is None or isinstance(answer.refresh_token, str)
    return answer
