"""The SASL_SSL listener of the local broker, rendered without a JVM."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from stream.local.broker import render_server_properties
from stream.local.security import ScramUser, SecureListener

PASSWORD = "pw-broker-4410fe"


def _props(text: str) -> dict[str, str]:
    return dict(
        line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")
    )


def _listener(**kwargs) -> SecureListener:
    return SecureListener(
        port=19094,
        keystore=Path("/s/broker.pem"),
        users=(ScramUser("wire", SecretStr(PASSWORD), "SCRAM-SHA-256"),),
        **kwargs,
    )


def test_listener_is_added_beside_the_plaintext_one():
    props = _props(
        render_server_properties(
            host="127.0.0.1",
            port=19092,
            controller_port=19093,
            data_dir=Path("/d"),
            secure=_listener(),
        )
    )
    assert props["listeners"] == (
        "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,SASL_SSL://127.0.0.1:19094"
    )
    assert props["advertised.listeners"].endswith(",SASL_SSL://127.0.0.1:19094")
    assert "SASL_SSL:SASL_SSL" in props["listener.security.protocol.map"].split(",")
    assert props["inter.broker.listener.name"] == "PLAINTEXT"  # the probe/controller path
    assert props["sasl.enabled.mechanisms"] == "SCRAM-SHA-256,SCRAM-SHA-512"
    assert props["listener.name.sasl_ssl.ssl.keystore.type"] == "PEM"
    assert props["listener.name.sasl_ssl.ssl.keystore.location"] == "/s/broker.pem"
    assert props["listener.name.sasl_ssl.ssl.client.auth"] == "none"
    for mech in ("scram-sha-256", "scram-sha-512"):
        assert "ScramLoginModule" in props[f"listener.name.sasl_ssl.{mech}.sasl.jaas.config"]
    assert PASSWORD not in "".join(props.values())  # users go to the storage tool only


def test_truststore_turns_on_mutual_tls():
    props = _listener(truststore=Path("/s/ca.pem")).properties()
    assert props["listener.name.sasl_ssl.ssl.client.auth"] == "required"
    assert props["listener.name.sasl_ssl.ssl.truststore.location"] == "/s/ca.pem"


def test_without_a_listener_the_broker_is_unchanged():
    plain = render_server_properties(
        host="127.0.0.1", port=19092, controller_port=19093, data_dir=Path("/d")
    )
    assert "SASL" not in plain and "ssl." not in plain


def test_scram_users_become_storage_format_arguments():
    listener = _listener()
    assert listener.format_args() == [
        "--add-scram",
        f"SCRAM-SHA-256=[name=wire,password={PASSWORD}]",
    ]
    assert PASSWORD not in repr(listener)
    assert listener.redact(f"bad arg password={PASSWORD}]") == "bad arg password=**********]"


def test_scram_argument_refuses_separators():
    with pytest.raises(ValueError, match="may not hold"):
        ScramUser("wire", SecretStr("a,b")).format_arg()


def test_ssl_listener_with_client_certificates_has_no_sasl():
    listener = SecureListener(
        port=19095,
        keystore=Path("/s/broker.pem"),
        truststore=Path("/s/ca.pem"),
        protocol="SSL",
    )
    lines = {
        "listeners": "PLAINTEXT://h:1",
        "advertised.listeners": "PLAINTEXT://h:1",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT",
    }
    listener.apply(lines, "h")
    assert lines["listeners"] == "PLAINTEXT://h:1,SSL://h:19095"
    assert lines["listener.security.protocol.map"] == "PLAINTEXT:PLAINTEXT,SSL:SSL"
    assert lines["listener.name.ssl.ssl.client.auth"] == "required"
    assert not any("sasl" in key for key in lines)
