"""Settings come from WIRESTREAM_* variables and stay consistent with each other."""

from __future__ import annotations

from stream.settings import Settings


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("WIRESTREAM_TOPIC_ENRICHED", "news.enriched")
    monkeypatch.setenv("WIRESTREAM_PARTITIONS", "8")
    settings = Settings()
    assert settings.topic_enriched == "news.enriched"
    assert settings.topic_partitions()["news.enriched"] == 8


def test_dedup_topic_is_single_partition_whatever_the_fan_out():
    settings = Settings(partitions=12)
    parts = settings.topic_partitions()
    assert parts[settings.topic_normalized] == 1
    assert parts[settings.topic_raw] == parts[settings.topic_to_enrich] == 12


def test_broker_follows_local_port_unless_set(monkeypatch):
    monkeypatch.setenv("WIRESTREAM_BROKER_PORT", "19999")
    assert Settings().broker_bootstrap == "127.0.0.1:19999"
    monkeypatch.setenv("WIRESTREAM_BROKER", "kafka://kafka-a:9092;kafka://kafka-b:9092")
    assert Settings().broker_bootstrap == "kafka-a:9092,kafka-b:9092"
