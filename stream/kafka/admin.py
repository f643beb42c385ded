"""Create the service's topics up front, with the partition counts the design needs.

Relying on broker auto-creation would give every topic the broker's default partition
count; the replayer and the worker both call ``ensure_topics`` before they start.
"""

from __future__ import annotations

import asyncio

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import TopicAlreadyExistsError

from stream.errors import WirestreamError
from stream.kafka.connection import check_connection, kafka_options
from stream.settings import Settings


class TopicSetupError(WirestreamError, RuntimeError):
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


#: ``wire.clusters``: the latest record per cluster, and none older than the retention.
CLUSTERS_CLEANUP = "compact,delete"


def topic_configs(settings: Settings, name: str) -> dict[str, str]:
    """Broker configs of one of our topics (and, via faust, the table changelogs).

    ``wire.clusters`` is compacted: one record per change, keyed by cluster_id, and a
    consumer that starts from the beginning needs only each cluster's latest record. It
    is also time-bounded (``compact,delete``): a cluster whose latest record is older than
    ``clusters_retention_hours`` (at least the dedup window, so it has closed) is deleted,
    so the topic holds the clusters of the last days, not every cluster ever made.
    """
    configs = {
        "max.message.bytes": str(settings.limits.max_message_bytes),
        "min.insync.replicas": str(settings.topics.min_insync_replicas),
    }
    if name == settings.topics.clusters:
        configs["cleanup.policy"] = CLUSTERS_CLEANUP
        configs["retention.ms"] = str(settings.topics.clusters_retention_ms)
    return configs


def all_topic_partitions(settings: Settings) -> dict[str, int]:
    """``settings.topics.partition_counts()`` plus ``wire.clusters`` (keyed by cluster_id)."""
    return {
        **settings.topics.partition_counts(),
        settings.topics.clusters: settings.topics.partitions,
    }


async def cleanup_policy(admin: AIOKafkaAdminClient, name: str) -> str | None:
    """The topic's ``cleanup.policy`` as the broker reports it."""
    wanted = ConfigResource(ConfigResourceType.TOPIC, name, {"cleanup.policy": None})
    for response in await admin.describe_configs([wanted]):
        for resource in response.resources:
            for entry in resource[4]:
                if entry[0] == "cleanup.policy":
                    return str(entry[1])
    return None


async def _ensure_compacted(admin: AIOKafkaAdminClient, settings: Settings) -> None:
    """``wire.clusters`` made before it was compacted (or auto-created, or by an older
    release with compaction alone) gets its cleanup policy and retention.

    Without them the topic would grow with every change (or every cluster ever made) and
    a new consumer would have to read all of it instead of the recent clusters' latest.
    """
    name = settings.topics.clusters
    if await cleanup_policy(admin, name) == CLUSTERS_CLEANUP:
        return
    configs = topic_configs(settings, name)
    for response in await admin.alter_configs(
        [ConfigResource(ConfigResourceType.TOPIC, name, configs)]
    ):
        for code, message, *_ in response.resources:
            if code:
                raise TopicSetupError(f"cannot make {name} compacted: {message} (code {code})")


async def _check_replication(admin: AIOKafkaAdminClient, settings: Settings) -> None:
    """Refuse a replication factor the cluster cannot hold, before creating anything.

    Kafka would refuse too, but per topic and with a terse INVALID_REPLICATION_FACTOR;
    this says what to change. Counted are the brokers registered now."""
    brokers = len((await admin.describe_cluster()).get("brokers") or [])
    if settings.topics.replication_factor > brokers:
        raise TopicSetupError(
            f"replication_factor {settings.topics.replication_factor} is larger than the cluster "
            f"at {settings.connection.bootstrap} ({brokers} broker(s) up): set "
            f"WIRESTREAM_REPLICATION_FACTOR to at most {brokers} (and "
            "WIRESTREAM_MIN_INSYNC_REPLICAS below it), or start more brokers"
        )


async def ensure_topics(settings: Settings) -> list[str]:
    """Create missing topics; return the names created.

    Checks the connection first, so a bad certificate or password fails here with one
    sentence (``BrokerConnectionError``) before the worker or replayer starts. The
    replication factor is checked only when something must be created: with every
    topic in place, a worker restarted while one broker of three is down still starts.
    """
    await check_connection(settings)
    admin = AIOKafkaAdminClient(**kafka_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                name,
                num_partitions=parts,
                replication_factor=settings.topics.replication_factor,
                topic_configs=topic_configs(settings, name),
            )
            for name, parts in all_topic_partitions(settings).items()
            if name not in existing
        ]
        if wanted:
            await _check_replication(admin, settings)
            response = await admin.create_topics(wanted)
            for name, code, *message in response.topic_errors:
                if code not in (0, TopicAlreadyExistsError.errno):  # a lost race is fine
                    raise TopicSetupError(f"cannot create topic {name}: {message} (code {code})")
        await _check_single_partition(admin, settings.topics.normalized)
        await _ensure_compacted(admin, settings)
        return [t.name for t in wanted]
    finally:
        await admin.close()
