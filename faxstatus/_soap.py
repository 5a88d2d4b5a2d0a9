"""SOAP value types shared by every layer: envelope namespaces, SoapVersion, Fault and its reasons.

They sit below the error hierarchy (``SoapFault`` carries a ``Fault``) and import nothing
else of faxstatus but ``_contract``, so that ``_errors`` is a leaf apart from these two.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from ._contract import SOAP11_NS, SOAP12_NS

__all__ = ["SOAP11_NS", "SOAP12_NS", "XML_LANG", "Fault", "FaultReason", "SoapVersion"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class SoapVersion(enum.Enum):
    """SOAP version, valued by its envelope namespace."""

    SOAP11 = SOAP11_NS
    SOAP12 = SOAP12_NS

    @property
    def label(self) -> str:
        """``"1.1"`` or ``"1.2"``."""
        return "1.1" if self is SoapVersion.SOAP11 else "1.2"


@attrs.frozen
class FaultReason:
    """One human-readable fault reason and its language (``""`` when none is given)."""

    text: str
    lang: str = ""


def _reasons(value: Any) -> tuple[FaultReason, ...]:
    return tuple(value)


def _subcodes(value: Any) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Fault:
    """A SOAP Fault of either version.

    ``code`` and ``subcodes`` are QNames in Clark notation (``{ns}local``); SOAP 1.1
    codes keep their dotted form (``{…}Client.Authentication``). ``detail`` is the XML
    content of the detail element as text, or None when absent.
    """

    version: SoapVersion
    code: str
    reasons: tuple[FaultReason, ...] = attrs.field(converter=_reasons)
    subcodes: tuple[str, ...] = attrs.field(default=(), converter=_subcodes)
    actor: str | None = None  #: SOAP 1.1 faultactor
    node: str | None = None  #: SOAP 1.2 Node
    role: str | None = None  #: SOAP 1.2 Role
    detail: str | None = None

    @classmethod
    def sender(cls, reason: str, version: SoapVersion = SoapVersion.SOAP12) -> Fault:
        """A fault blaming the sender: SOAP 1.2 ``Sender`` or SOAP 1.1 ``Client``."""
        local = "Sender" if version is SoapVersion.SOAP12 else "Client"
        return cls(version, f"{{{version.value}}}{local}", (FaultReason(reason, "en"),))

    @classmethod
    def receiver(cls, reason: str, version: SoapVersion = SoapVersion.SOAP12) -> Fault:
        """A fault blaming the receiver: SOAP 1.2 ``Receiver`` or SOAP 1.1 ``Server``."""
        local = "Receiver" if version is SoapVersion.SOAP12 else "Server"
        return cls(version, f"{{{version.value}}}{local}", (FaultReason(reason, "en"),))

    @property
    def reason(self) -> str:
        """The first reason text (SOAP 1.1 faultstring)."""
        return self.reasons[0].text if self.reasons else ""

    @property
    def code_name(self) -> str:
        """Local part of the code, e.g. ``Sender`` or ``Client``."""
        return self.code.rpartition("}")[2]

    @property
    def is_sender_fault(self) -> bool:
        """True when the fault blames the sender (1.2 Sender, 1.1 Client or Client.*)."""
        name = self.code_name.split(".", 1)[0]
        return self.code.startswith("{" + self.version.value + "}") and name in (
            "Sender",
            "Client",
        )

    @property
    def http_status(self) -> int:
        """HTTP status to answer with.

        SOAP 1.2 Part 2 §7.5.1.2: 400 for env:Sender, 500 otherwise. SOAP 1.1 §6.2: 500.
        """
        if self.version is SoapVersion.SOAP12 and self.is_sender_fault:
            return 400
        return 500
