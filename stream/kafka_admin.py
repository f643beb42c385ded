"""Create the service's topics up front, with the partition counts the design needs.

Relying on broker auto-creation would give every topic the broker's default partition
count; the replayer and the worker both call ``ensure_topics`` before they start.
"""

from __future__ import annotations

import contextlib

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from stream.settings import Settings


async def ensure_topics(settings: Settings) -> list[str]:
    """Create missing topics; return the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.broker_bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                name,
                num_partitions=parts,
                replication_factor=settings.replication_factor,
                topic_configs={"max.message.bytes": str(settings.max_message_bytes)},
            )
            for name, parts in settings.topic_partitions().items()
            if name not in existing
        ]
        if wanted:
            with contextlib.suppress(TopicAlreadyExistsError):  # lost a race: same outcome
                await admin.create_topics(wanted)
        return [t.name for t in wanted]
    finally:
        await admin.close()
