"""Integration fixtures: one real Kafka broker (KRaft) per test session.

The broker runs on free ports in a temp state dir, so a developer's own broker on
9092/9093 and parallel sessions are never touched; only the jar cache is shared with the
project's ``<state_dir>/kafka-libs`` so the ~43 MB of jars download once per machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stream.local.broker import LocalBroker, free_port
from stream.settings import Settings
from tests.integration.harness import isolated_settings

HERE = Path(__file__).resolve().parent

#: Generous for a cold start (Maven fetch + first JVM start on a busy 2-core machine).
BROKER_START_TIMEOUT = 180.0
BROKER_STOP_TIMEOUT = 20.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/integration needs the broker: mark it ``integration``."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.integration)


def make_test_broker(state_dir: Path, **kwargs: Any) -> LocalBroker:
    """A (not yet started) broker on free ports in ``state_dir``, sharing the project's
    jar cache; ``kwargs`` go to ``LocalBroker`` (e.g. ``secure=``)."""
    defaults = Settings()
    return LocalBroker(
        state_dir,
        port=free_port(),
        controller_port=free_port(),
        libs_dir=defaults.local.state_dir / "kafka-libs",
        die_with_parent=True,  # a killed pytest must not leave a JVM behind
        message_max_bytes=defaults.limits.max_message_bytes,
        **kwargs,
    )


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """A running single-node broker for the whole session; stopped at the end, always."""
    broker = make_test_broker(tmp_path_factory.mktemp("kafka-state"))
    try:
        broker.start(timeout=BROKER_START_TIMEOUT)
        yield broker
    finally:
        broker.stop(timeout=BROKER_STOP_TIMEOUT)


@pytest.fixture
def kafka_bootstrap(kafka_broker: LocalBroker) -> str:
    """``host:port`` of the session broker, for plain aiokafka clients."""
    return kafka_broker.bootstrap


@pytest.fixture
def settings(kafka_broker: LocalBroker, tmp_path: Path) -> Settings:
    """Settings that point at the session broker and belong to this test alone.

    Topic names, app id (= consumer group) and web port are unique per test, so tests
    sharing the broker never see each other's records, offsets or rebalances.
    """
    return isolated_settings(kafka_broker, tmp_path / "state")
