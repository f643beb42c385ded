"""Test helpers (like bytewax's ``testing``): settings for a private run on a shared
broker, and the faust agents in-process on in-memory channels, with no broker at all.

faust is imported inside ``agent_harness`` only: importing it reads ``--loop`` from
``sys.argv`` (see ``TopicSettings.partition_counts``), and ``stream.local.supervise`` re-exports
``isolated_settings`` from here.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stream.local.broker import LocalBroker, free_port
from stream.settings import Settings

if TYPE_CHECKING:
    import faust

    from stream.core.extract import Enricher
    from stream.runtime.agents import Wiring

__all__ = ["AgentHarness", "agent_harness", "isolated_settings"]

TOPIC_FIELDS = (
    "raw",
    "normalized",
    "to_enrich",
    "enriched",
    "duplicates",
    "deadletter",
    "clusters",
)


def isolated_settings(broker: LocalBroker, state_dir: Path, **overrides: Any) -> Settings:
    """Settings whose topics, consumer group and web port belong to one run only (a test,
    a benchmark) on a shared broker, with short session timeouts so group joins after a
    crash take seconds, not the default 10 s+."""
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
    for name in TOPIC_FIELDS:
        fields[f"topic_{name}"] = f"t{tag}.{name}"
    fields.update(overrides)
    return Settings(**fields)


@dataclass
class AgentHarness:
    """The real agents of ``stream.runtime.agents`` on faust's in-memory channels.

    Drive one agent with ``async with harness.agent("normalize").test_context() as a``
    and ``await a.put(value, key=...)``; read what it sent with ``await harness.next(t)``
    for ``t`` in ``TOPIC_FIELDS``.
    """

    app: faust.App
    wiring: Wiring
    _taps: dict[str, Any]

    def agent(self, name: str) -> Any:
        return self.app.agents[name]

    async def next(self, topic: str, timeout: float = 10.0) -> tuple[bytes | None, bytes]:
        """(key, value) of the next record sent to ``topic``."""
        event = await asyncio.wait_for(self._taps[topic].get(), timeout)
        return event.key, event.value

    def pending(self, topic: str) -> int:
        """Records sent to ``topic`` and not read yet."""
        return self._taps[topic].queue.qsize()


def agent_harness(
    settings: Settings, enricher_factory: Callable[[], Enricher] | None = None
) -> AgentHarness:
    """A faust app with the agents wired to in-memory channels and a memory table store.

    Nothing here is a stand-in: the agents, the pipeline and the table are the real
    ones; only the transport is faust's own in-process channel instead of Kafka.
    """
    from stream.runtime.agents import wire_agents
    from stream.runtime.app import create_app
    from stream.runtime.topics import Topics

    settings = settings.replace(store="memory://")
    app = create_app(settings)
    topics = Topics(**{name: app.channel() for name in TOPIC_FIELDS})
    # Subscribe before anything is sent: a channel delivers to its subscribers only.
    taps = {name: getattr(topics, name).clone(is_iterator=True) for name in TOPIC_FIELDS}
    wiring = wire_agents(app, settings, enricher_factory=enricher_factory, topics=topics)
    app.finalize()
    app.flow_control.resume()
    return AgentHarness(app=app, wiring=wiring, _taps=taps)
