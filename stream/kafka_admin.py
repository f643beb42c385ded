"""Create the service's topics up front, with the partition counts the design needs.

Relying on broker auto-creation would give every topic the broker's default partition
count; the replayer and the worker both call ``ensure_topics`` before they start.
"""

from __future__ import annotations

import asyncio

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from stream.settings import Settings


class TopicSetupError(RuntimeError):
    """The topics cannot be created, or exist with a layout that breaks the design."""


async def _check_single_partition(admin: AIOKafkaAdminClient, name: str) -> None:
    """Global dedup needs ``wire.normalized`` in one partition: refuse to run otherwise."""
    partitions = 0
    for _ in range(20):  # metadata of a topic created a moment ago may still be empty
        (info,) = await admin.describe_topics([name])
        partitions = len(info.get("partitions") or [])
        if partitions:
            break
        await asyncio.sleep(0.25)
    if partitions != 1:
        raise TopicSetupError(
            f"topic {name} has {partitions} partitions; the dedup stage needs exactly 1 "
            "(every story must meet every other story in one place)"
        )


def topic_configs(settings: Settings) -> dict[str, str]:
    """Per-topic configs of every app topic (and, via faust, the table changelogs)."""
    return {
        "max.message.bytes": str(settings.max_message_bytes),
        "min.insync.replicas": str(settings.min_insync_replicas),
    }


async def _check_replication(admin: AIOKafkaAdminClient, settings: Settings) -> None:
    """Refuse a replication factor the cluster cannot hold, before creating anything.

    Kafka would refuse too, but per topic and with a terse INVALID_REPLICATION_FACTOR;
    this says what to change. Counted are the brokers registered now."""
    brokers = len((await admin.describe_cluster()).get("brokers") or [])
    if settings.replication_factor > brokers:
        raise TopicSetupError(
            f"replication_factor {settings.replication_factor} is larger than the cluster "
            f"at {settings.broker_bootstrap} ({brokers} broker(s) up): set "
            f"WIRESTREAM_REPLICATION_FACTOR to at most {brokers} (and "
            "WIRESTREAM_MIN_INSYNC_REPLICAS below it), or start more brokers"
        )


async def ensure_topics(settings: Settings) -> list[str]:
    """Create missing topics; return the names created.

    The replication factor is checked only when something must be created: with every
    topic in place, a worker restarted while one broker of three is down still starts."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.broker_bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                name,
                num_partitions=parts,
                replication_factor=settings.replication_factor,
                topic_configs=topic_configs(settings),
            )
            for name, parts in settings.topic_partitions().items()
            if name not in existing
        ]
        if wanted:
            await _check_replication(admin, settings)
            response = await admin.create_topics(wanted)
            for name, code, *message in response.topic_errors:
                if code not in (0, TopicAlreadyExistsError.errno):  # a lost race is fine
                    raise TopicSetupError(f"cannot create topic {name}: {message} (code {code})")
        await _check_single_partition(admin, settings.topic_normalized)
        return [t.name for t in wanted]
    finally:
        await admin.close()
