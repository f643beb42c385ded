"""The fault drivers' own Kafka clients (verifier, cluster metadata) connect with the
project's connection options, so they run against a SASL/TLS cluster too."""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

import pytest

from stream.settings import Settings

# The modules themselves (the package re-exports a function named ``verify``).
verify = importlib.import_module("bench.faultlib.verify")
cluster = importlib.import_module("bench.faultlib.cluster")


class _Stop(Exception):
    pass


def _capture(into: list[dict[str, Any]]) -> type:
    class Client:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            into.append(kwargs)
            raise _Stop

    return Client


def test_fault_clients_use_the_connection_options(monkeypatch):
    settings = Settings(
        broker="kafka://k1:9093",
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username="wire",
        sasl_password="not-the-real-one",
    )
    made: list[dict[str, Any]] = []
    monkeypatch.setattr(verify, "AIOKafkaConsumer", _capture(made))
    monkeypatch.setattr(cluster, "AIOKafkaAdminClient", _capture(made))
    for call in (
        verify.read_topics(settings, ["wire.raw"]),
        cluster.partition_leader(settings, "wire.raw"),
        cluster.under_replicated(settings),
    ):
        with pytest.raises(_Stop):
            asyncio.run(call)
    assert len(made) == 3
    for options in made:
        assert options["bootstrap_servers"] == "k1:9093"
        assert options["security_protocol"] == "SASL_PLAINTEXT"
        assert options["sasl_plain_username"] == "wire"
