"""The pipeline over a SASL_SSL listener (SCRAM, a test-made CA), and the two ways a
secured connection goes wrong: a wrong password and an untrusted certificate.

The broker is this module's own (a SASL_SSL listener cannot be added to the session
broker); its plaintext listener stays on loopback for the controller and the probe.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from schemas import EnrichedStory
from stream.core.sources import iter_payloads
from stream.kafka.admin import ensure_topics
from stream.kafka.connection import BrokerConnectionError
from stream.local.broker import LocalBroker, free_port
from stream.local.security import ScramUser, SecureListener
from stream.settings import PROJECT_ROOT, Settings
from tests.integration.conftest import (
    BROKER_START_TIMEOUT,
    BROKER_STOP_TIMEOUT,
    make_test_broker,
)
from tests.integration.harness import (
    SEEDS,
    WorkerProcess,
    isolated_settings,
    prepare_topics,
    publish,
    read_topic,
    settings_env,
    with_fields,
)
from tests.pki import TestCA

pytestmark = pytest.mark.integration

USER = "wire-svc"
PASSWORD = "s3cret-Scram-pw-7f2c1e"  # made up for this test; must never be echoed
WRONG = "not-the-password-91ab"
#: A failing command must end this quickly: seconds for the check, the rest is Python
#: start-up (faust, spaCy imports) on a 2-core machine shared with other jobs.
FAIL_WITHIN = 60.0
#: A failure is one sentence; a few lines of faust/aiokafka start-up noise may precede
#: it, a retry loop would print hundreds.
MAX_FAILURE_LOG_LINES = 15


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    ca = TestCA.create("wirestream test CA")
    stranger = TestCA.create("some other CA")
    return {
        "ca": ca.write_cert(folder / "ca.pem"),
        "other_ca": stranger.write_cert(folder / "other-ca.pem"),
        "keystore": ca.server_keystore(folder / "broker.pem", ("127.0.0.1", "localhost")),
    }


@pytest.fixture(scope="module")
def secure_broker(
    tmp_path_factory: pytest.TempPathFactory, pki: dict[str, Path]
) -> Iterator[LocalBroker]:
    broker = make_test_broker(
        tmp_path_factory.mktemp("kafka-secure"),
        secure=SecureListener(
            port=free_port(),
            keystore=pki["keystore"],
            users=(ScramUser(USER, SecretStr(PASSWORD), "SCRAM-SHA-512"),),
        ),
    )
    try:
        broker.start(timeout=BROKER_START_TIMEOUT)
        yield broker
    finally:
        broker.stop(timeout=BROKER_STOP_TIMEOUT)


def _secure_settings(broker: LocalBroker, state: Path, ca: Path, **overrides) -> Settings:
    """Settings for the SASL_SSL listener: password from a file, ``ca`` as trust."""
    password_file = state / "sasl-password"
    state.mkdir(parents=True, exist_ok=True)
    password_file.write_text(PASSWORD + "\n")
    fields = {
        "broker": f"kafka://{broker.secure_bootstrap}",
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_username": USER,
        "sasl_password_file": password_file,
        "ssl_cafile": ca,
    }
    fields.update(overrides)
    return with_fields(isolated_settings(broker, state), **fields)


@pytest.fixture
def secure_settings(secure_broker: LocalBroker, pki, tmp_path: Path) -> Settings:
    return _secure_settings(secure_broker, tmp_path / "state", pki["ca"])


def _assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert PASSWORD not in text
        assert WRONG not in text


def test_replay_worker_tail_over_sasl_ssl(secure_settings: Settings, secure_broker, tmp_path):
    settings = secure_settings
    assert settings.connection.bootstrap == secure_broker.secure_bootstrap  # not the plaintext port
    prepare_topics(settings)
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    try:
        worker.wait_ready()
        assert publish(settings, list(iter_payloads(SEEDS))) == 5
        records = read_topic(settings, settings.topics.enriched, count=5)
        assert sorted(records) == sorted(p.stem for p in SEEDS.glob("*.txt")), worker.log_tail()
        for key, values in records.items():
            assert EnrichedStory.model_validate(values[0]).story_id == key
    finally:
        assert worker.terminate() is not None, "worker did not stop within 30 s of SIGTERM"
    log = worker.log_path.read_text(errors="replace")
    assert f"Authenticated as {USER} via SCRAM-SHA-512" in log  # aiokafka's own INFO line
    _assert_no_secret(log, secure_broker.server_log.read_text(errors="replace"))


def _run_cli(settings: Settings, *args: str) -> tuple[int, str, float]:
    """``wirestream <args>`` with these settings: exit code, all output, seconds taken."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "stream.cli", *args],
        cwd=PROJECT_ROOT,
        env=settings_env(settings),
        capture_output=True,
        text=True,
        timeout=FAIL_WITHIN * 2,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr, time.monotonic() - started


def _worker_failure(settings: Settings, log_path: Path) -> tuple[int | None, str, float]:
    worker = WorkerProcess(settings, log_path).start()
    assert worker.proc is not None
    started = time.monotonic()
    try:
        code = worker.proc.wait(FAIL_WITHIN)
    except subprocess.TimeoutExpired:
        worker.kill()
        code = None
    return code, log_path.read_text(errors="replace"), time.monotonic() - started


def _check_failure(settings: Settings, tmp_path: Path, sentence: str) -> None:
    """replay, tail, topic admin and the worker all stop at once with ``sentence``."""
    started = time.monotonic()
    with pytest.raises(BrokerConnectionError) as caught:
        asyncio.run(ensure_topics(settings))
    assert time.monotonic() - started < 15, "the admin check did not fail fast"
    assert sentence in str(caught.value)
    _assert_no_secret(str(caught.value), repr(caught.value))
    print(f"\nadmin: {caught.value} ({time.monotonic() - started:.2f} s)")

    for args in (("replay", str(SEEDS)), ("tail", "--max", "1")):
        code, output, seconds = _run_cli(settings, *args)
        assert code == 1, output
        assert seconds < FAIL_WITHIN, f"{args[0]} took {seconds:.0f}s"
        print(f"{args[0]}: exit {code} after {seconds:.1f} s (process start included)")
        lines = [line for line in output.splitlines() if line.strip()]
        assert len(lines) <= MAX_FAILURE_LOG_LINES, output
        assert lines[-1].startswith("wirestream: ") and sentence in lines[-1], output
        assert "Traceback" not in output
        _assert_no_secret(output)

    code, log, seconds = _worker_failure(settings, tmp_path / "worker-fail.log")
    assert code is not None, f"the worker kept retrying for {FAIL_WITHIN:.0f}s:\n{log[-3000:]}"
    assert code != 0
    print(f"worker: exit {code} after {seconds:.1f} s, {len(log.splitlines())} log line(s)")
    lines = [line for line in log.splitlines() if line.strip()]
    assert len(lines) <= MAX_FAILURE_LOG_LINES, log
    assert sentence in lines[-1], log
    _assert_no_secret(log)


def test_wrong_password_fails_fast_with_one_sentence(secure_broker, pki, tmp_path: Path):
    settings = _secure_settings(
        secure_broker,
        tmp_path / "state",
        pki["ca"],
        sasl_password_file=None,
        sasl_password=SecretStr(WRONG),
    )
    _check_failure(
        settings,
        tmp_path,
        f"rejected the SCRAM-SHA-512 login of user '{USER}': wrong username or password",
    )


def test_untrusted_certificate_fails_fast_with_one_sentence(secure_broker, pki, tmp_path: Path):
    settings = _secure_settings(secure_broker, tmp_path / "state", pki["other_ca"])
    _check_failure(settings, tmp_path, "is not trusted by WIRESTREAM_SSL_CAFILE")


# --- mutual TLS: an SSL listener that requires a client certificate ---------------------


@pytest.fixture(scope="module")
def mtls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("mtls")
    ca = TestCA.create("wirestream mTLS CA")
    cert, key = ca.issue("wirestream-client", server=False)
    (folder / "client.pem").write_bytes(cert)
    (folder / "client.key").write_bytes(key)
    broker = make_test_broker(
        folder / "state",
        secure=SecureListener(
            port=free_port(),
            keystore=ca.server_keystore(folder / "broker.pem", ("127.0.0.1",)),
            truststore=ca.write_cert(folder / "ca.pem"),
            protocol="SSL",
        ),
    )
    try:
        broker.start(timeout=BROKER_START_TIMEOUT)
        yield {"broker": broker, "folder": folder}
    finally:
        broker.stop(timeout=BROKER_STOP_TIMEOUT)


def _mtls_settings(mtls: dict, tmp_path: Path, **fields) -> Settings:
    broker, folder = mtls["broker"], mtls["folder"]
    return with_fields(
        isolated_settings(broker, tmp_path / "state"),
        broker=f"kafka://{broker.secure_bootstrap}",
        security_protocol="SSL",
        ssl_cafile=folder / "ca.pem",
        **fields,
    )


def test_mutual_tls_client_certificate_is_used(mtls, tmp_path: Path):
    folder = mtls["folder"]
    settings = _mtls_settings(
        mtls, tmp_path, ssl_certfile=folder / "client.pem", ssl_keyfile=folder / "client.key"
    )
    prepare_topics(settings)
    assert publish(settings, list(iter_payloads(SEEDS))) == 5
    records = read_topic(settings, settings.topics.raw, count=5, timeout=30)
    assert sorted(records) == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_mutual_tls_without_a_client_certificate_fails_fast(mtls, tmp_path: Path):
    settings = _mtls_settings(mtls, tmp_path)
    code, output, seconds = _run_cli(settings, "tail", "--max", "1")
    assert code == 1, output
    assert seconds < FAIL_WITHIN
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "client certificate" in lines[0], output
