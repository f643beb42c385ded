"""docker-compose.secure.yml's broker entrypoint, run for real without Docker.

``deploy/kafka/secure-start.sh`` is the one part of the Docker variant that cannot be
checked by reading YAML: it writes the broker config and formats the storage with the
SCRAM user. Here it runs against the cached Kafka jars (a two-line stand-in for the
image's ``bin/`` scripts) on free ports, and a client publishes and reads back over both
of its SASL_SSL listeners.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from stream.core.sources import iter_payloads
from stream.kafka.connection import BrokerConnectionError, check_connection
from stream.local.broker import DEFAULT_JVM_OPTS, LocalBroker, free_port
from stream.settings import PROJECT_ROOT, Settings
from tests.integration.harness import (
    SEEDS,
    isolated_settings,
    prepare_topics,
    publish,
    read_topic,
    with_fields,
)
from tests.pki import TestCA

pytestmark = pytest.mark.integration

SCRIPT = PROJECT_ROOT / "deploy" / "kafka" / "secure-start.sh"
USER = "wire"
PASSWORD = "compose-pw-0d3b9a"  # made up for this test


def _fake_kafka_home(home: Path, libs: Path) -> Path:
    """``bin/kafka-storage.sh`` and ``bin/kafka-server-start.sh`` as the image has them,
    reduced to the java call (the jars are the same release as the image's)."""
    java = LocalBroker(home, libs_dir=libs)._java()
    opts = " ".join(DEFAULT_JVM_OPTS)
    bin_dir = home / "bin"
    bin_dir.mkdir(parents=True)
    for name, main in (
        ("kafka-storage.sh", "kafka.tools.StorageTool"),
        ("kafka-server-start.sh", "kafka.Kafka"),
    ):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\nexec "{java}" {opts} -cp "{libs}/*" {main} "$@"\n')
        script.chmod(0o755)
    return home


@pytest.fixture(scope="module")
def compose_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    root = tmp_path_factory.mktemp("secure-compose")
    defaults = Settings()
    libs = LocalBroker(root, libs_dir=defaults.local.state_dir / "kafka-libs").ensure_jars()
    ca = TestCA.create("compose CA")
    secrets = root / "secrets"
    secrets.mkdir()
    (secrets / "wire_password").write_text(PASSWORD + "\n")
    keystore = ca.server_keystore(secrets / "kafka_keystore", ("127.0.0.1", "localhost"))
    ports = {name: free_port() for name in ("plain", "controller", "sasl", "external")}
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "WIRESTREAM_"))},
        "KAFKA_HOME": str(_fake_kafka_home(root / "kafka-home", libs)),
        "WIRESTREAM_KAFKA_DATA": str(root / "data"),
        "WIRESTREAM_KAFKA_CONFIG": str(root / "server.properties"),
        "KAFKA_SCRAM_USER": USER,
        "KAFKA_SCRAM_PASSWORD_FILE": str(secrets / "wire_password"),
        "KAFKA_SSL_KEYSTORE": str(keystore),
        "KAFKA_LOOPBACK_PORT": str(ports["plain"]),
        "KAFKA_CONTROLLER_PORT": str(ports["controller"]),
        "KAFKA_SASL_PORT": str(ports["sasl"]),
        "KAFKA_EXTERNAL_PORT": str(ports["external"]),
        "KAFKA_ADVERTISED_HOST": "127.0.0.1",
        "KAFKA_EXTERNAL_HOST": "localhost",
    }
    log = root / "console.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["sh", str(SCRIPT)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    info = {
        "root": root,
        "ca": ca.write_cert(root / "ca.pem"),
        "ports": ports,
        "log": log,
        "proc": proc,
    }
    try:
        _wait_until_serving(info)
        yield info
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)


def _settings(info: dict, tmp: Path, host: str, port: int) -> Settings:
    # isolated_settings wants a broker object for its ports; this one is never started.
    base = isolated_settings(LocalBroker(tmp, port=port, controller_port=port + 1), tmp)
    password = tmp / "password"
    tmp.mkdir(parents=True, exist_ok=True)
    password.write_text(PASSWORD)
    return with_fields(
        base,
        broker=f"kafka://{host}:{port}",
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username=USER,
        sasl_password_file=password,
        ssl_cafile=info["ca"],
    )


def _wait_until_serving(info: dict, timeout: float = 180.0) -> None:
    settings = _settings(info, info["root"] / "probe", "127.0.0.1", info["ports"]["sasl"])
    deadline = time.monotonic() + timeout
    while True:
        if info["proc"].poll() is not None:
            raise AssertionError(f"secure-start.sh exited:\n{info['log'].read_text()[-3000:]}")
        try:
            asyncio.run(check_connection(settings, timeout=3))
            return
        except BrokerConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


@pytest.mark.parametrize(("host", "listener"), [("127.0.0.1", "sasl"), ("localhost", "external")])
def test_compose_broker_serves_both_sasl_ssl_listeners(compose_broker, tmp_path, host, listener):
    settings = _settings(
        compose_broker, tmp_path / "state", host, compose_broker["ports"][listener]
    )
    prepare_topics(settings)
    payloads = list(iter_payloads(SEEDS))
    assert publish(settings, payloads) == len(payloads) == 5
    records = read_topic(settings, settings.topics.raw, count=5, timeout=30)
    assert sorted(records) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    output = compose_broker["log"].read_text(errors="replace")
    assert f"storage formatted with SCRAM user {USER}" in output
    assert PASSWORD not in output


def test_compose_broker_refuses_plaintext_from_outside(compose_broker):
    """Only the loopback listener speaks plaintext; the advertised ones demand SASL_SSL."""
    props = (compose_broker["root"] / "server.properties").read_text()
    assert f"PLAINTEXT://127.0.0.1:{compose_broker['ports']['plain']}" in props
    plain = Settings(broker=f"kafka://127.0.0.1:{compose_broker['ports']['sasl']}")
    with pytest.raises(BrokerConnectionError, match="closed the connection during the handshake"):
        asyncio.run(check_connection(plain, timeout=5))


def test_hostname_check_is_enforced_and_can_be_turned_off(compose_broker, tmp_path):
    """127.0.0.2 reaches the same listener (it binds every address) but is not in the
    certificate: refused with a sentence, accepted once the name check is off."""
    port = compose_broker["ports"]["sasl"]
    settings = _settings(compose_broker, tmp_path / "state", "127.0.0.2", port)
    with pytest.raises(BrokerConnectionError, match=r"is not issued for '127\.0\.0\.2'"):
        asyncio.run(check_connection(settings, timeout=5))
    relaxed = with_fields(settings, ssl_check_hostname=False)
    asyncio.run(check_connection(relaxed, timeout=5))  # the chain is still verified
