"""LocalBroker logic that needs no JVM: config rendering, jar cache, pid-file ownership."""

from __future__ import annotations

import base64
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stream.local import jars as jars_mod
from stream.local import process as process_mod
from stream.local.broker import (
    KAFKA_VERSION,
    POM_PATH,
    BrokerError,
    LocalBroker,
    free_port,
    new_cluster_id,
    probe_metadata,
    render_log4j_config,
    render_server_properties,
)


def _props(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and line[0] != "#")
    return {key: value for key, value in pairs}


@pytest.fixture
def local(tmp_path: Path) -> LocalBroker:
    return LocalBroker(tmp_path / "state", port=free_port(), controller_port=free_port())


def test_server_properties_make_a_single_node_kraft_cluster(tmp_path: Path) -> None:
    props = _props(
        render_server_properties(
            host="127.0.0.1", port=29_092, controller_port=29_093, data_dir=tmp_path / "d"
        )
    )
    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == f"{props['node.id']}@127.0.0.1:29093"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:29092"
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["log.dirs"] == str(tmp_path / "d")
    single_node = {
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "true",
        "num.partitions": "1",
        "default.replication.factor": "1",
    }
    assert {key: props[key] for key in single_node} == single_node


def test_message_max_bytes_is_only_set_when_asked(tmp_path: Path) -> None:
    common = {"host": "127.0.0.1", "port": 1, "controller_port": 2, "data_dir": tmp_path}
    assert "message.max.bytes" not in _props(render_server_properties(**common))
    props = _props(render_server_properties(**common, message_max_bytes=8_388_608))
    assert props["message.max.bytes"] == "8388608"


def test_config_follows_constructor_ports_and_host(tmp_path: Path) -> None:
    b = LocalBroker(tmp_path, port=31_000, controller_port=31_001, host="127.0.0.2")
    b.write_config()
    props = _props(b.config_path.read_text())
    assert props["listeners"] == "PLAINTEXT://127.0.0.2:31000,CONTROLLER://127.0.0.2:31001"
    assert b.bootstrap == "127.0.0.2:31000"
    assert b.home == tmp_path.absolute() / "kafka" / "31000"
    assert props["log.dirs"] == str(b.data_dir)
    assert b.log4j_path.exists() and b.log_dir.is_dir()


def test_ports_must_differ(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        LocalBroker(tmp_path, port=9092, controller_port=9092)


def test_log4j_config_writes_only_to_a_file(tmp_path: Path) -> None:
    text = render_log4j_config(tmp_path / "logs")
    assert f"fileName = {tmp_path / 'logs' / 'server.log'}" in text
    assert "Console" not in text
    assert "rootLogger.appenderRef.file.ref = FILE" in text


def test_jvm_command_caps_the_heap_and_uses_the_jar_cache(local: LocalBroker) -> None:
    cmd = local._jvm_command("kafka.Kafka", str(local.config_path))
    assert any(opt.startswith("-Xmx") for opt in cmd)
    assert cmd[cmd.index("-cp") + 1] == f"{local.jars_dir}/*"
    assert cmd[-2:] == ["kafka.Kafka", str(local.config_path)]
    assert str(local.config_path) in " ".join(cmd)  # what the pid check relies on


def test_cluster_id_has_kafkas_uuid_format() -> None:
    ids = {new_cluster_id() for _ in range(200)}
    assert len(ids) == 200
    for cid in ids:
        assert len(cid) == 22 and not cid.startswith("-")
        assert len(base64.urlsafe_b64decode(cid + "==")) == 16


def test_pom_pins_the_same_version_as_the_module() -> None:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(POM_PATH).getroot()
    assert root.findtext("m:properties/m:kafka.version", namespaces=ns) == KAFKA_VERSION
    artifacts = [
        d.findtext("m:artifactId", namespaces=ns) for d in root.iterfind(".//m:dependency", ns)
    ]
    assert "kafka_2.13" in artifacts
    assert KAFKA_VERSION.split(".")[0] == "4"  # KRaft-only line; 3.9 is the fallback


def test_free_port_is_bindable() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


# --- jar cache ---------------------------------------------------------------------------
def test_cached_jars_are_not_fetched_again(local: LocalBroker, monkeypatch) -> None:
    local.jars_dir.mkdir(parents=True)
    (local.jars_dir / ".complete").write_text(KAFKA_VERSION)
    monkeypatch.setattr(jars_mod.shutil, "which", lambda _name: None)  # no mvn needed
    assert local.ensure_jars() == local.jars_dir


def test_missing_maven_is_a_clear_error(local: LocalBroker, monkeypatch) -> None:
    local.jars_dir.mkdir(parents=True)  # partial download: no .complete marker
    monkeypatch.setattr(jars_mod.shutil, "which", lambda _name: None)
    with pytest.raises(BrokerError, match="Maven"):
        local.ensure_jars()


def test_missing_java_is_a_clear_error(local: LocalBroker, monkeypatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(jars_mod.shutil, "which", lambda _name: None)
    with pytest.raises(BrokerError, match="Java"):
        local._java()


def test_failed_maven_run_leaves_no_cache(local: LocalBroker, monkeypatch) -> None:
    monkeypatch.setattr(jars_mod.shutil, "which", lambda _name: "/bin/false")
    with pytest.raises(BrokerError, match="failed"):
        local.ensure_jars()
    assert not local.jars_dir.exists()
    assert not list(local.libs_root.glob(".*.tmp-*"))


# --- pid file and process ownership ----------------------------------------------------------
def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", *args], start_new_session=True)


def _fake_broker(local: LocalBroker, ignore_term: bool = False) -> subprocess.Popen[bytes]:
    """A process whose command line names the broker config, like the real java does."""
    local.write_config()
    code = "import signal, time\n"
    if ignore_term:
        code += "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    code += "print('up', flush=True)\ntime.sleep(120)\n"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(local.config_path)],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == b"up\n"
    local.pid_path.write_text(f"{proc.pid}\n")
    return proc


def test_no_pid_file_means_not_running(local: LocalBroker) -> None:
    status = local.status(probe_timeout=0.2)
    assert (status.running, status.pid, status.reachable) == (False, None, False)
    assert status.version == KAFKA_VERSION and status.bootstrap == local.bootstrap
    assert local.stop() is False


@pytest.mark.parametrize("content", ["", "not-a-pid", "\n"])
def test_garbage_pid_file_is_ignored(local: LocalBroker, content: str) -> None:
    local.home.mkdir(parents=True)
    local.pid_path.write_text(content)
    assert local.status(probe_timeout=0.2).running is False
    assert local.stop() is False
    assert not local.pid_path.exists()


def test_stale_pid_of_a_foreign_process_is_never_signalled(local: LocalBroker) -> None:
    stranger = _spawn(["import time; time.sleep(120)"])
    try:
        local.home.mkdir(parents=True)
        local.pid_path.write_text(f"{stranger.pid}\n")  # pid reuse: not our broker
        assert local.status(probe_timeout=0.2).running is False
        assert local.stop(timeout=1) is False
        assert stranger.poll() is None  # still alive, untouched
        assert not local.pid_path.exists()
    finally:
        stranger.kill()
        stranger.wait()


def test_a_broker_of_another_state_dir_is_not_ours(local: LocalBroker, tmp_path: Path) -> None:
    # Its config path *ends with* ours, so a substring check would wrongly match it.
    nested = tmp_path.joinpath("nested", *local.state_dir.parts[1:])
    other = LocalBroker(nested, port=local.port, controller_port=local.controller_port)
    assert str(other.config_path).endswith(str(local.config_path))
    fake = _fake_broker(other)
    try:
        local.home.mkdir(parents=True, exist_ok=True)
        local.pid_path.write_text(f"{fake.pid}\n")
        assert local.status(probe_timeout=0.2).running is False
        assert local.stop(timeout=1) is False
        assert fake.poll() is None
        assert other.status(probe_timeout=0.2).pid == fake.pid
    finally:
        fake.kill()
        fake.wait()


def test_stop_terminates_only_the_recorded_process(local: LocalBroker) -> None:
    fake = _fake_broker(local)
    bystander = _spawn(["import time; time.sleep(120)"])
    try:
        status = local.status(probe_timeout=0.2)
        assert status.running and status.pid == fake.pid and not status.reachable
        assert local.stop(timeout=10) is True
        assert fake.wait(timeout=5) == -signal.SIGTERM
        assert bystander.poll() is None
        assert not local.pid_path.exists()
    finally:
        for proc in (fake, bystander):
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.mark.timeout(30)
def test_stop_escalates_to_sigkill(local: LocalBroker) -> None:
    fake = _fake_broker(local, ignore_term=True)
    try:
        assert local.stop(timeout=0.5) is True
        assert fake.wait(timeout=5) == -signal.SIGKILL
    finally:
        if fake.poll() is None:
            fake.kill()
            fake.wait()


def test_start_refuses_a_port_someone_else_listens_on(local: LocalBroker, monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(LocalBroker, "ensure_jars", lambda self: calls.append("jars"))
    with socket.socket() as sock:
        sock.bind((local.host, local.port))
        sock.listen()
        with pytest.raises(BrokerError, match="already in use"):
            local.start(timeout=1)
    assert calls == []  # failed before fetching or launching anything
    assert not local.pid_path.exists()


# --- readiness probe ---------------------------------------------------------------------
def _metadata_response(correlation_id: int, brokers: int, cluster_id: str) -> bytes:
    body = struct.pack(">ii", correlation_id, 0) + struct.pack(">i", brokers)
    for node in range(brokers):
        host = b"127.0.0.1"
        body += struct.pack(">ih", node, len(host)) + host + struct.pack(">ih", 9092, -1)
    cid = cluster_id.encode()
    body += struct.pack(">h", len(cid)) + cid + struct.pack(">ii", 1, 0)
    return struct.pack(">i", len(body)) + body


def test_probe_metadata_parses_a_v4_response() -> None:
    requests: list[tuple[int, int]] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            (size,) = struct.unpack(">i", conn.recv(4))
            data = b""
            while len(data) < size:
                data += conn.recv(size - len(data))
            api_key, api_version, correlation_id = struct.unpack_from(">hhi", data)
            requests.append((api_key, api_version))
            conn.sendall(_metadata_response(correlation_id, 1, "test-cluster"))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        assert probe_metadata("127.0.0.1", server.getsockname()[1]) == (1, "test-cluster")
    finally:
        thread.join(5)
        server.close()
    assert requests == [(3, 4)]  # Metadata v4: still served by Kafka 4.x (KIP-896)


def test_probe_of_a_closed_port_fails_fast() -> None:
    with pytest.raises(OSError):
        probe_metadata("127.0.0.1", free_port(), timeout=0.5)


def test_pid_alive_treats_exited_processes_as_dead() -> None:
    proc = _spawn(["pass"])
    deadline = time.monotonic() + 5
    while process_mod.pid_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # exited but not yet reaped = zombie, which counts as dead
    assert not process_mod.pid_alive(proc.pid)
    proc.wait()
    assert process_mod.pid_alive(os.getpid())
