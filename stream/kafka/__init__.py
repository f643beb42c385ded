"""Kafka clients outside the worker: connection options, topic admin, replay and tail."""

from stream.lazy import lazy_exports as _lazy_exports

__all__ = [
    "BrokerConnectionError",
    "ReplaySummary",
    "TopicSetupError",
    "check_connection",
    "ensure_topics",
    "faust_options",
    "kafka_options",
    "replay",
    "tail",
]

_HOME = {
    "BrokerConnectionError": "stream.kafka.connection",
    "check_connection": "stream.kafka.connection",
    "faust_options": "stream.kafka.connection",
    "kafka_options": "stream.kafka.connection",
    "TopicSetupError": "stream.kafka.admin",
    "ensure_topics": "stream.kafka.admin",
    "ReplaySummary": "stream.kafka.replay",
    "replay": "stream.kafka.replay",
    "tail": "stream.kafka.tail",
}

__getattr__, __dir__ = _lazy_exports(__name__, _HOME)
