"""Writes the contract files (``wirestream schemas``): JSON Schema and AsyncAPI.

The AsyncAPI document names topics and sizes, so it is built from the settings'
*defaults* (never the environment): the committed file is the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

from schemas import asyncapi, export
from schemas.version import SCHEMA_VERSION
from stream.settings import Settings


def default_settings() -> Settings:
    """The field defaults alone, whatever ``WIRESTREAM_*`` the environment holds."""
    return Settings.model_construct()


def topology(settings: Settings) -> asyncapi.Topology:
    return asyncapi.Topology(
        bootstrap=settings.broker_bootstrap,
        raw=settings.topic_raw,
        enriched=settings.topic_enriched,
        duplicates=settings.topic_duplicates,
        deadletter=settings.topic_deadletter,
        clusters=settings.topic_clusters,
        partitions=settings.partitions,
        replication_factor=settings.replication_factor,
        max_message_bytes=settings.max_message_bytes,
        consumer_group=settings.app_id,
    )


def render_asyncapi(version: str = SCHEMA_VERSION) -> str:
    return asyncapi.render(topology(default_settings()), version)


def write_all(jsonschema_dir: Path = export.JSONSCHEMA_DIR) -> list[Path]:
    """Every generated contract file; the list of paths written."""
    written = export.write(jsonschema_dir)
    written.append(asyncapi.write(topology(default_settings()), SCHEMA_VERSION))
    return written
