"""Integration fixtures: one real Kafka broker (KRaft) per test session.

The broker runs on free ports in a temp state dir, so a developer's own broker on
9092/9093 and parallel sessions are never touched; only the jar cache is shared with the
project's ``<state_dir>/kafka-libs`` so the ~43 MB of jars download once per machine.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stream.broker import LocalBroker, free_port
from stream.settings import Settings

HERE = Path(__file__).resolve().parent

#: Generous for a cold start (Maven fetch + first JVM start on a busy 2-core machine).
BROKER_START_TIMEOUT = 180.0
BROKER_STOP_TIMEOUT = 20.0

#: Short client timeouts for tests, applied only to the fields ``Settings`` has.
_SHORT_TIMEOUTS: dict[str, Any] = {
    "session_timeout_seconds": 6.0,
    "heartbeat_interval_seconds": 0.5,
    "enrich_batch_seconds": 0.1,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/integration needs the broker: mark it ``integration``."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """A running single-node broker for the whole session; stopped at the end, always."""
    defaults = Settings()
    broker = LocalBroker(
        tmp_path_factory.mktemp("kafka-state"),
        port=free_port(),
        controller_port=free_port(),
        libs_dir=defaults.state_dir / "kafka-libs",
        die_with_parent=True,  # a killed pytest must not leave a JVM behind
        message_max_bytes=getattr(defaults, "max_message_bytes", None),
    )
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
    tag = uuid.uuid4().hex[:8]
    defaults = Settings()
    fields: dict[str, Any] = {
        "broker": f"kafka://{kafka_broker.bootstrap}",
        "broker_port": kafka_broker.port,
        "broker_controller_port": kafka_broker.controller_port,
        "state_dir": tmp_path / "state",
        "store": "memory://",
        "app_id": f"{defaults.app_id}-test-{tag}",
        "web_port": free_port(),
        "partitions": 2,
        **_SHORT_TIMEOUTS,
    }
    for name in Settings.model_fields:
        if name.startswith("topic_"):
            fields[name] = f"{getattr(defaults, name)}.{tag}"
    known = {k: v for k, v in fields.items() if k in Settings.model_fields}
    return Settings(**known)
