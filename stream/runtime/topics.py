"""Topic names bound to the app, with explicit partition counts.

Values travel as raw bytes: each payload is a pydantic model from ``schemas`` serialized
to JSON by the agents, so a malformed message reaches our code (and the dead-letter
topic) instead of failing inside faust's deserializer.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import faust

from stream.kafka.admin import all_topic_partitions
from stream.settings import Settings


@dataclass(frozen=True)
class Topics:
    """The app's channels, one per topic of the settings."""

    raw: faust.TopicT
    normalized: faust.TopicT
    to_enrich: faust.TopicT
    enriched: faust.TopicT
    duplicates: faust.TopicT
    deadletter: faust.TopicT
    clusters: faust.TopicT

    def by_name(self, settings: Settings) -> dict[str, faust.TopicT]:
        """Each channel under its topic name in ``settings``: where ``emit()`` routes to
        (a channel in tests has no topic name of its own)."""
        return {getattr(settings.topics, f.name): getattr(self, f.name) for f in fields(self)}


def build_topics(app: faust.App, settings: Settings) -> Topics:
    parts = all_topic_partitions(settings)

    def topic(name: str) -> faust.TopicT:
        return app.topic(
            name,
            partitions=parts[name],
            key_serializer="raw",
            value_serializer="raw",
            internal=True,
        )

    return Topics(
        raw=topic(settings.topics.raw),
        normalized=topic(settings.topics.normalized),
        to_enrich=topic(settings.topics.to_enrich),
        enriched=topic(settings.topics.enriched),
        duplicates=topic(settings.topics.duplicates),
        deadletter=topic(settings.topics.deadletter),
        clusters=topic(settings.topics.clusters),
    )
