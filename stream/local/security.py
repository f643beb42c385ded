"""A ``SASL_SSL`` (or ``SSL``) listener for the local broker: TLS from PEM files, SCRAM
users, optionally mutual TLS.

Kept apart from ``stream.local.broker`` (which stays about one process and its lifecycle).
The broker keeps its PLAINTEXT listener on loopback for the controller, inter-broker
traffic and its own readiness probe; clients of a secured setup use this listener.

Why PEM keystores: Kafka reads them directly (``ssl.keystore.type=PEM``, KIP-651), so no
``keytool``/JKS step is needed. Why ``--add-scram`` at format time: in KRaft, SCRAM
credentials are metadata records, and the storage tool can write them before the
broker's first start, so no bootstrap user is needed to create the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import SecretStr

__all__ = ["ScramUser", "SecureListener"]

ScramMechanism = Literal["SCRAM-SHA-256", "SCRAM-SHA-512"]

_SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule required;"


@dataclass(frozen=True)
class ScramUser:
    """A SCRAM credential the broker is formatted with (the password never in reprs)."""

    name: str
    password: SecretStr
    mechanism: ScramMechanism = "SCRAM-SHA-512"

    def format_arg(self) -> str:
        """The ``--add-scram`` value; the storage tool parses ``name=...,password=...``."""
        for text in (self.name, self.password.get_secret_value()):
            if any(c in text for c in ',[]="\n'):
                raise ValueError('SCRAM names and passwords may not hold , [ ] = " or newlines')
        return f"{self.mechanism}=[name={self.name},password={self.password.get_secret_value()}]"


@dataclass(frozen=True)
class SecureListener:
    """A ``SASL_SSL`` (TLS + SCRAM) or ``SSL`` (TLS only) listener on ``port``.

    ``keystore`` is one PEM file with the server's private key (PKCS#8, unencrypted) and
    its certificate chain; ``truststore`` (a CA PEM) turns on mutual TLS: clients must
    then present a certificate that CA signed. The listener is named after its protocol.
    """

    port: int
    keystore: Path
    users: tuple[ScramUser, ...] = ()
    truststore: Path | None = None
    mechanisms: tuple[ScramMechanism, ...] = ("SCRAM-SHA-256", "SCRAM-SHA-512")
    protocol: Literal["SASL_SSL", "SSL"] = "SASL_SSL"

    @property
    def name(self) -> str:
        return self.protocol

    def apply(self, lines: dict[str, str], host: str) -> None:
        """Add this listener to a rendered ``server.properties`` mapping, in place."""
        lines["listeners"] += f",{self.name}://{host}:{self.port}"
        lines["advertised.listeners"] += f",{self.name}://{host}:{self.port}"
        lines["listener.security.protocol.map"] += f",{self.name}:{self.protocol}"
        lines.update(self.properties())

    def properties(self) -> Mapping[str, str]:
        """The listener-scoped TLS and SASL settings."""
        prefix = f"listener.name.{self.name.lower()}"
        props = {
            f"{prefix}.ssl.keystore.type": "PEM",
            f"{prefix}.ssl.keystore.location": str(self.keystore),
            f"{prefix}.ssl.client.auth": "required" if self.truststore else "none",
        }
        if self.truststore is not None:
            props[f"{prefix}.ssl.truststore.type"] = "PEM"
            props[f"{prefix}.ssl.truststore.location"] = str(self.truststore)
        if self.protocol == "SASL_SSL":
            props["sasl.enabled.mechanisms"] = ",".join(self.mechanisms)
            for mechanism in self.mechanisms:
                props[f"{prefix}.{mechanism.lower()}.sasl.jaas.config"] = _SCRAM_LOGIN
        return props

    def format_args(self) -> list[str]:
        """``kafka-storage format`` arguments that create the SCRAM users."""
        args: list[str] = []
        for user in self.users:
            args += ["--add-scram", user.format_arg()]
        return args

    def redact(self, text: str) -> str:
        """``text`` with every user's password replaced (for error messages and logs)."""
        for user in self.users:
            secret = user.password.get_secret_value()
            if secret:
                text = text.replace(secret, "**********")
        return text
