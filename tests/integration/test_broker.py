"""The embedded broker really is a Kafka broker, and LocalBroker manages it cleanly."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.structs import TopicPartition

from stream.local import process as process_mod
from stream.local.broker import LocalBroker, free_port, probe_metadata
from stream.settings import Settings

pytestmark = pytest.mark.integration


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def test_broker_answers_kafka_requests(kafka_broker: LocalBroker) -> None:
    status = kafka_broker.status()
    assert status.running and status.reachable, status.detail
    assert status.pid is not None and status.pid != os.getpid()
    assert status.bootstrap == kafka_broker.bootstrap
    brokers, cluster_id = probe_metadata(kafka_broker.host, kafka_broker.port)
    assert brokers == 1
    assert cluster_id


def test_status_reports_our_process(kafka_broker: LocalBroker) -> None:
    status = kafka_broker.status()
    cmdline = Path(f"/proc/{status.pid}/cmdline").read_bytes().split(b"\0")
    assert b"kafka.Kafka" in cmdline
    assert str(kafka_broker.config_path).encode() in cmdline
    assert kafka_broker.pid_path.read_text().strip() == str(status.pid)
    # Broker logging goes to logs/server.log, not to the terminal / console capture.
    assert "Kafka Server started" in kafka_broker.server_log.read_text(errors="replace")
    assert " INFO " not in kafka_broker.console_log.read_text(errors="replace")


def test_start_is_idempotent(kafka_broker: LocalBroker) -> None:
    before = kafka_broker.status()
    again = kafka_broker.start(timeout=10)
    assert again.pid == before.pid and again.reachable
    # A fresh handle on the same state dir finds the running broker via the pid file.
    other = LocalBroker(
        kafka_broker.state_dir,
        port=kafka_broker.port,
        controller_port=kafka_broker.controller_port,
        libs_dir=kafka_broker.libs_root,
    )
    assert other.status().pid == before.pid
    assert other.start(timeout=10).pid == before.pid


async def test_produce_consume_round_trip(kafka_broker: LocalBroker) -> None:
    bootstrap = kafka_broker.bootstrap
    topic = f"roundtrip.{uuid.uuid4().hex[:8]}"
    group = f"group-{topic}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])
    finally:
        await admin.close()

    sent = {f"key-{i}".encode(): f"value-{i}".encode() for i in range(20)}
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, value in sent.items():
            await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=6_000,
        heartbeat_interval_ms=500,
    )
    await consumer.start()
    received: dict[bytes, bytes] = {}
    try:
        for _ in range(30):
            batches = await consumer.getmany(timeout_ms=1_000)
            for records in batches.values():
                received.update((r.key, r.value) for r in records if r.key is not None)
            if len(received) >= len(sent):
                break
        await consumer.commit()
        committed = [await consumer.committed(TopicPartition(topic, p)) for p in (0, 1)]
    finally:
        await consumer.stop()
    assert received == sent
    assert sum(c or 0 for c in committed) == len(sent)


def test_settings_fixture_isolates_tests(settings: Settings, kafka_broker: LocalBroker) -> None:
    assert settings.connection.bootstrap == kafka_broker.bootstrap
    assert settings.worker.store == "memory://"
    assert settings.topics.raw != Settings().topics.raw
    assert settings.worker.app_id != Settings().worker.app_id
    assert settings.worker.web_port not in (Settings().worker.web_port, kafka_broker.port)


def test_stop_leaves_nothing_listening(
    kafka_broker: LocalBroker, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Uses its own broker: the session broker must keep serving the other tests."""
    broker = LocalBroker(
        tmp_path_factory.mktemp("stop-state"),
        port=free_port(),
        controller_port=free_port(),
        libs_dir=kafka_broker.libs_root,
        die_with_parent=True,
    )
    try:
        started = broker.start(timeout=120)
        assert started.running and started.reachable
        pid = started.pid
        assert pid is not None
        assert broker.stop(timeout=20) is True
        assert not _listening(broker.host, broker.port)
        assert not _listening(broker.host, broker.controller_port)
        assert not process_mod.pid_alive(pid)  # gone (or a zombie awaiting reaping)
        assert not broker.pid_path.exists()
        status = broker.status()
        assert (status.running, status.reachable, status.pid) == (False, False, None)
        assert broker.stop() is False  # nothing left to stop
        assert kafka_broker.status().reachable  # the session broker was not touched
    finally:
        broker.stop(timeout=5)


async def test_broker_accepts_records_up_to_max_message_bytes(kafka_broker: LocalBroker) -> None:
    """Topics created without their own limit (auto/internal) take the broker default."""
    limit = kafka_broker.message_max_bytes
    if limit is None or limit < 2 * 1024 * 1024 + 4096:
        pytest.skip("session broker keeps Kafka's ~1 MiB default")
    topic = f"big.{uuid.uuid4().hex[:8]}"
    payload = os.urandom(2 * 1024 * 1024)  # incompressible, > Kafka's 1 MiB default
    producer = AIOKafkaProducer(bootstrap_servers=kafka_broker.bootstrap, max_request_size=limit)
    await producer.start()
    try:
        meta = await producer.send_and_wait(topic, payload)  # auto-creates the topic
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka_broker.bootstrap, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        tp = TopicPartition(topic, meta.partition)
        consumer.assign([tp])
        record = await asyncio.wait_for(consumer.getone(), timeout=30)
    finally:
        await consumer.stop()
    assert record.value == payload
