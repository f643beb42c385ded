"""Errors of the local broker tooling (``wirestream broker``, tests, faults)."""

from __future__ import annotations

from stream.errors import WirestreamError

__all__ = ["BrokerError"]


class BrokerError(WirestreamError, RuntimeError):
    """The local broker could not be fetched, formatted, started or stopped."""
