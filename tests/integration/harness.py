"""Helpers for integration tests: topic I/O on the real broker.

``WorkerProcess`` and ``settings_env`` live in ``stream.local.supervise`` and
``isolated_settings`` in ``stream.testing`` (``make run`` and the benchmarks use them
too); they are re-exported here for the tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stream.kafka.admin import ensure_topics
from stream.kafka.replay import replay
from stream.kafka.tail import tail
from stream.local.broker import LocalBroker
from stream.local.supervise import WorkerProcess, settings_env
from stream.settings import PROJECT_ROOT, Settings
from stream.testing import isolated_settings

__all__ = [
    "SEEDS",
    "WorkerProcess",
    "isolated_settings",
    "prepare_topics",
    "publish",
    "read_topic",
    "running_worker",
    "settings_env",
    "with_fields",
]


SEEDS = PROJECT_ROOT / "seeds"


def with_fields(settings: Settings, **fields: Any) -> Settings:
    """``settings`` with ``fields`` changed and validated again (the cross-field checks
    run, e.g. reading the SASL password file)."""
    return settings.replace(**fields)


@contextmanager
def running_worker(broker: LocalBroker, state: Path, **overrides: Any) -> Iterator[WorkerProcess]:
    """A ready worker on its own topics of the session broker; stopped with SIGTERM,
    and the stop must succeed within 30 s (a graceful stop is part of the contract)."""
    settings = isolated_settings(broker, state, **{"partitions": 2, **overrides})
    prepare_topics(settings)
    proc = WorkerProcess(settings, state / "worker.log").start()
    try:
        proc.wait_ready()
        yield proc
    finally:
        code = proc.terminate()
        assert code is not None, "worker did not stop within 30 s of SIGTERM"


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
