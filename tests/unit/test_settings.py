"""Settings come from WIRESTREAM_* variables and stay consistent with each other."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from stream.local.supervise import settings_env
from stream.settings import Settings, SettingsError


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


# --- connection security (docs/security.md) ---------------------------------------------

PASSWORD = "pw-unit-5e1d7c"  # a made-up secret: it must never leave the SecretStr


def _sasl_env(monkeypatch: pytest.MonkeyPatch, protocol: str = "SASL_SSL") -> None:
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", protocol)
    monkeypatch.setenv("WIRESTREAM_SASL_MECHANISM", "SCRAM-SHA-256")
    monkeypatch.setenv("WIRESTREAM_SASL_USERNAME", "wire")


def _assert_hidden(settings: Settings) -> None:
    for text in (repr(settings), str(settings), settings.model_dump_json()):
        assert PASSWORD not in text
    assert PASSWORD not in repr(settings.sasl_secret) + str(settings.sasl_secret)


def test_defaults_are_plaintext_without_credentials():
    settings = Settings()
    assert settings.security_protocol == "PLAINTEXT"
    assert settings.sasl_secret is None
    assert not settings.uses_tls
    assert settings.ssl_check_hostname


def test_password_from_environment_is_a_secret(monkeypatch):
    _sasl_env(monkeypatch)
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD", PASSWORD)
    settings = Settings()
    assert settings.sasl_mechanism == "SCRAM-SHA-256"
    assert settings.sasl_username == "wire"
    assert settings.sasl_secret is not None
    assert settings.sasl_secret.get_secret_value() == PASSWORD
    _assert_hidden(settings)


def test_password_from_file_drops_the_trailing_newline(monkeypatch, tmp_path: Path):
    secret_file = tmp_path / "password"
    secret_file.write_text(PASSWORD + "\n")
    _sasl_env(monkeypatch, "SASL_PLAINTEXT")
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD_FILE", str(secret_file))
    settings = Settings()
    assert settings.sasl_password is None
    assert settings.sasl_secret is not None
    assert settings.sasl_secret.get_secret_value() == PASSWORD
    _assert_hidden(settings)


def test_unreadable_password_file_names_the_file_not_a_secret(monkeypatch, tmp_path: Path):
    _sasl_env(monkeypatch)
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD_FILE", str(tmp_path / "missing"))
    with pytest.raises(SettingsError, match=r"cannot read WIRESTREAM_SASL_PASSWORD_FILE .*missing"):
        Settings()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"security_protocol": "SASL_SSL", "sasl_password": PASSWORD},
            "needs WIRESTREAM_SASL_USERNAME",
        ),
        ({"security_protocol": "SASL_PLAINTEXT", "sasl_username": "wire"}, "and a password"),
        (
            {"security_protocol": "SASL_SSL", "sasl_username": "wire", "sasl_password": ""},
            "and a password",
        ),
        ({"sasl_username": "wire", "sasl_password": PASSWORD}, "use SASL_SSL or SASL_PLAINTEXT"),
        (
            {"security_protocol": "SSL", "ssl_certfile": "/c.pem"},
            "needs both WIRESTREAM_SSL_CERTFILE",
        ),
        (
            {"ssl_cafile": "/ca.pem"},
            "TLS files are set but WIRESTREAM_SECURITY_PROTOCOL is PLAINTEXT",
        ),
        (
            {
                "security_protocol": "SASL_SSL",
                "sasl_username": "u",
                "sasl_password": PASSWORD,
                "sasl_password_file": "/p",
            },
            "not both",
        ),
    ],
)
def test_inconsistent_security_is_one_clear_error_without_the_secret(fields, message):
    with pytest.raises(SettingsError) as caught:
        Settings(**fields)
    text = str(caught.value)
    assert message in text
    assert text.startswith("invalid connection settings: ")
    assert "\n" not in text
    assert PASSWORD not in text + repr(caught.value)


def test_unknown_protocol_or_mechanism_is_rejected(monkeypatch):
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", "TLS")
    with pytest.raises(ValidationError, match="security_protocol"):
        Settings()
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("WIRESTREAM_SASL_MECHANISM", "GSSAPI")
    with pytest.raises(ValidationError, match="sasl_mechanism"):
        Settings()


def test_child_process_environment_carries_the_secret_and_omits_unset(monkeypatch):
    settings = Settings(security_protocol="SASL_SSL", sasl_username="wire", sasl_password=PASSWORD)
    env = settings_env(settings)
    assert env["WIRESTREAM_SASL_PASSWORD"] == PASSWORD
    assert "WIRESTREAM_SSL_CAFILE" not in env  # not the string "None"
    for name, value in env.items():
        if name.startswith("WIRESTREAM_"):
            monkeypatch.setenv(name, value)
    child = Settings()
    assert child.sasl_secret is not None
    assert child.sasl_secret.get_secret_value() == PASSWORD
    assert child.ssl_cafile is None
