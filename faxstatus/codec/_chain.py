"""Strategy chains: names checked into an ordered tuple, one rule for decoders and encoders."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TypeVar

__all__ = ["checked_chain"]

E = TypeVar("E", bound=enum.Enum)


def checked_chain(
    names: Iterable[E | str] | E | str,
    kind: type[E],
    noun: str,
    *,
    last: E,
    last_never: str,
    first: E | None = None,
    first_reason: str = "",
) -> tuple[E, ...]:
    """*names* as a tuple of *kind* members; ValueError naming the valid ones.

    Refused: an unknown name, a name given twice, anything after *last* (which never
    *last_never*), *first* after another strategy (*first_reason* says why), and an empty
    chain. *noun* names a strategy in the messages ("decoder", "encoder").
    """
    given: Iterable[E | str] = (names,) if isinstance(names, str | enum.Enum) else names
    chain: list[E] = []
    for name in given:
        try:
            member = name if isinstance(name, kind) else kind(name)
        except ValueError:
            valid = ", ".join(str(m.value) for m in kind)
            raise ValueError(f"unknown {noun} {name!r}; the {noun}s are {valid}") from None
        if member in chain:
            raise ValueError(f"{noun} {member.value!r} is named twice")
        if chain and chain[-1] is last:
            raise ValueError(f"{member.value!r} follows {last.value!r}, which never {last_never}")
        if member is first and chain:
            raise ValueError(f"{first.value!r} {first_reason}: it must come first")
        chain.append(member)
    if not chain:
        article = "an" if noun[:1] in "aeiou" else "a"
        raise ValueError(f"{article} {noun} chain names at least one {noun}")
    return tuple(chain)
