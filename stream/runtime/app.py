"""Builds the faust App from settings, and nothing else (agents wire themselves in
``stream.runtime.agents``)."""

from __future__ import annotations

import faust

from stream.kafka.connection import faust_options
from stream.runtime import faust_fixes
from stream.settings import Settings


def create_app(settings: Settings) -> faust.App:
    """A faust App tuned for at-least-once processing on a small cluster.

    Offsets are committed only after the agent has handled (and sent the outputs of) a
    message; outputs are keyed by story_id so a re-emission after a crash overwrites
    rather than adds. ``exactly_once`` is deliberately not used (faust #517, #323, #440).
    faust's consumer is patched first (``stream.runtime.faust_fixes``): without it a message
    skipped as stale after a rebalance counts as processed and can be committed past.
    """
    faust_fixes.install()  # stale-generation acks never count towards a commit
    datadir = settings.local.state_dir / "faust" / settings.worker.app_id
    datadir.mkdir(parents=True, exist_ok=True)
    return faust.App(
        settings.worker.app_id,
        broker=settings.connection.broker,
        store=settings.worker.store,
        datadir=str(datadir),
        autodiscover=False,
        # Table changelogs: str keys and JSON values survive a restart as they went in.
        key_serializer="json",
        value_serializer="json",
        processing_guarantee="at_least_once",
        topic_partitions=settings.topics.partitions,
        topic_replication_factor=settings.topics.replication_factor,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_max_request_size=settings.limits.max_message_bytes,
        consumer_max_fetch_size=settings.limits.max_message_bytes,
        broker_session_timeout=settings.worker.session_timeout_seconds,
        broker_heartbeat_interval=settings.worker.heartbeat_interval_seconds,
        broker_commit_every=100,
        broker_commit_interval=1.0,
        web_enabled=True,
        web_port=settings.worker.web_port,
        web_bind=settings.worker.web_host,
        web_in_thread=False,
        stream_wait_empty=True,
        # Backpressure: at most this many events buffered per agent before fetching
        # pauses. faust's default (4096) times a 1 MB story could hold gigabytes.
        stream_buffer_maxsize=settings.worker.stream_buffer_maxsize,
        table_standby_replicas=0,
        # TLS / SASL: the same options as every other client (stream.kafka.connection).
        **faust_options(settings),
    )
