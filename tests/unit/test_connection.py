"""One connection helper for every client: the options for each security protocol."""

from __future__ import annotations

import asyncio
import os
import ssl
import subprocess
import sys
import time
from pathlib import Path

import faust
import pytest
from faust.types.auth import AuthProtocol

from stream.kafka.connection import (
    BrokerConnectionError,
    check_connection,
    faust_options,
    kafka_options,
    ssl_context,
)
from stream.local.broker import free_port
from stream.settings import PROJECT_ROOT, Settings
from tests.pki import TestCA

PASSWORD = "pw-conn-83c0aa"  # made up; must never show in a repr


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    ca = TestCA.create("unit CA")
    cert, key = ca.issue("wire-client", server=False)
    (folder / "client.pem").write_bytes(cert)
    (folder / "client.key").write_bytes(key)
    return {
        "ca": ca.write_cert(folder / "ca.pem"),
        "cert": folder / "client.pem",
        "key": folder / "client.key",
    }


def _sasl(protocol: str, **extra) -> Settings:
    return Settings(
        broker="kafka://k1:9093;kafka://k2:9093",
        security_protocol=protocol,
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username="wire",
        sasl_password=PASSWORD,
        **extra,
    )


def test_plaintext_has_no_credentials():
    settings = Settings(broker="kafka://k1:9092")
    assert kafka_options(settings) == {
        "bootstrap_servers": "k1:9092",
        "security_protocol": "PLAINTEXT",
    }
    assert faust_options(settings) == {}
    assert ssl_context(settings) is None


def test_ssl_verifies_the_broker_against_the_ca(pki):
    settings = Settings(security_protocol="SSL", ssl_cafile=pki["ca"])
    options = kafka_options(settings)
    context = options["ssl_context"]
    assert options["security_protocol"] == "SSL"
    assert "sasl_mechanism" not in options
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert len(context.get_ca_certs()) == 1
    credentials = faust_options(settings)["broker_credentials"]
    assert isinstance(credentials, faust.SSLCredentials)
    assert credentials.protocol == AuthProtocol.SSL


def test_hostname_check_can_be_turned_off(pki):
    settings = Settings(security_protocol="SSL", ssl_cafile=pki["ca"], ssl_check_hostname=False)
    context = ssl_context(settings)
    assert context is not None
    assert not context.check_hostname
    assert context.verify_mode == ssl.CERT_REQUIRED  # still verifies the chain


def test_mutual_tls_loads_the_client_certificate(pki):
    settings = Settings(
        security_protocol="SSL",
        ssl_cafile=pki["ca"],
        ssl_certfile=pki["cert"],
        ssl_keyfile=pki["key"],
    )
    assert ssl_context(settings) is not None  # load_cert_chain accepted the pair


def test_missing_tls_file_is_one_sentence(tmp_path: Path):
    settings = Settings(security_protocol="SSL", ssl_cafile=tmp_path / "nope.pem")
    with pytest.raises(BrokerConnectionError, match=r"cannot load the TLS files .*nope\.pem"):
        kafka_options(settings)


def test_sasl_plaintext_sends_credentials_without_tls():
    settings = _sasl("SASL_PLAINTEXT")
    options = kafka_options(settings)
    assert options["bootstrap_servers"] == "k1:9093,k2:9093"
    assert options["security_protocol"] == "SASL_PLAINTEXT"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "wire"
    assert options["sasl_plain_password"] == PASSWORD
    assert "ssl_context" not in options
    credentials = faust_options(settings)["broker_credentials"]
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.protocol == AuthProtocol.SASL_PLAINTEXT
    assert credentials.mechanism.value == "SCRAM-SHA-512"
    assert PASSWORD not in repr(credentials)


def test_sasl_ssl_sends_credentials_over_tls(pki):
    settings = _sasl("SASL_SSL", ssl_cafile=pki["ca"])
    options = kafka_options(settings)
    assert options["security_protocol"] == "SASL_SSL"
    assert isinstance(options["ssl_context"], ssl.SSLContext)
    assert options["sasl_plain_password"] == PASSWORD
    credentials = faust_options(settings)["broker_credentials"]
    assert credentials.protocol == AuthProtocol.SASL_SSL
    assert credentials.ssl_context is not None


def test_faust_app_gets_the_credentials(pki, tmp_path: Path):
    from stream.runtime.app import create_app

    settings = _sasl("SASL_SSL", ssl_cafile=pki["ca"], state_dir=tmp_path, store="memory://")
    app = create_app(settings)
    assert app.conf.broker_credentials.protocol == AuthProtocol.SASL_SSL


def test_unreachable_broker_fails_at_once_with_one_sentence():
    port = free_port()  # nothing listens there
    settings = Settings(broker=f"kafka://127.0.0.1:{port}")
    started = time.monotonic()
    with pytest.raises(BrokerConnectionError, match=f"cannot reach the broker at 127.0.0.1:{port}"):
        asyncio.run(check_connection(settings, timeout=5))
    assert time.monotonic() - started < 5


def test_cli_reports_bad_settings_in_one_line_without_the_secret():
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRESTREAM_")}
    env |= {"WIRESTREAM_SECURITY_PROTOCOL": "SASL_SSL", "WIRESTREAM_SASL_PASSWORD": PASSWORD}
    result = subprocess.run(
        [sys.executable, "-m", "stream.cli", "tail", "--max", "1"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "wirestream: invalid connection settings: SASL_SSL needs WIRESTREAM_SASL_USERNAME and "
        "a password (WIRESTREAM_SASL_PASSWORD or WIRESTREAM_SASL_PASSWORD_FILE)"
    ]
