"""Helpers for integration tests: isolated settings and topic I/O on the real broker.

``WorkerProcess`` and ``settings_env`` live in ``stream.supervise`` (``make run`` uses
them too) and are re-exported here for the tests and benchmarks.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

from stream.broker import LocalBroker, free_port
from stream.kafka_admin import ensure_topics
from stream.replay import replay
from stream.settings import PROJECT_ROOT, Settings
from stream.supervise import WorkerProcess, settings_env
from stream.tail import tail

__all__ = [
    "SEEDS",
    "WorkerProcess",
    "isolated_settings",
    "prepare_topics",
    "publish",
    "read_topic",
    "settings_env",
]


SEEDS = PROJECT_ROOT / "seeds"


def isolated_settings(broker: LocalBroker, state_dir: Path, **overrides: Any) -> Settings:
    """Settings whose topics, group and web port belong to one test only, with short
    session timeouts so group joins after a crash take seconds, not the default 10 s+."""
    tag = uuid.uuid4().hex[:8]
    fields: dict[str, Any] = {
        "broker": f"kafka://{broker.bootstrap}",
        "broker_port": broker.port,
        "broker_controller_port": broker.controller_port,
        "state_dir": state_dir,
        "store": "memory://",
        "app_id": f"wirestream-test-{tag}",
        "web_port": free_port(),
        "partitions": 2,
        "session_timeout_seconds": 6.0,
        "heartbeat_interval_seconds": 0.5,
        "enrich_batch_seconds": 0.1,
    }
    for name in ("raw", "enriched", "duplicates", "deadletter", "normalized", "to_enrich"):
        fields[f"topic_{name}"] = f"t{tag}.{name}"
    fields.update(overrides)
    return Settings(**fields)


def prepare_topics(settings: Settings) -> None:
    asyncio.run(ensure_topics(settings))


def publish(settings: Settings, payloads: list[bytes], loops: int = 1, stamp: bool = True) -> int:
    return asyncio.run(replay(payloads, settings, loops=loops, stamp=stamp)).sent


def read_topic(
    settings: Settings,
    topic: str,
    count: int | None = None,
    timeout: float = 90.0,
    keys: set[str] | None = None,
) -> dict[str | None, list[Any]]:
    """Read ``topic`` from the beginning until ``count`` records, until every key in
    ``keys`` has been seen, or until ``timeout`` seconds of silence."""
    records: dict[str | None, list[Any]] = {}

    def collect(key: str | None, value: Any) -> None:
        records.setdefault(key, []).append(value)

    asyncio.run(
        tail(
            settings,
            topic,
            collect,
            from_beginning=True,
            max_records=count,
            idle_timeout=timeout,
            stop_when=(lambda: keys <= records.keys()) if keys else None,
        )
    )
    return records
