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
    assert settings.topics.enriched == "news.enriched"
    assert settings.topics.partition_counts()["news.enriched"] == 8


def test_dedup_topic_is_single_partition_whatever_the_fan_out():
    settings = Settings(partitions=12)
    parts = settings.topics.partition_counts()
    assert parts[settings.topics.normalized] == 1
    assert parts[settings.topics.raw] == parts[settings.topics.to_enrich] == 12


def test_broker_follows_local_port_unless_set(monkeypatch):
    monkeypatch.setenv("WIRESTREAM_BROKER_PORT", "19999")
    assert Settings().connection.bootstrap == "127.0.0.1:19999"
    monkeypatch.setenv("WIRESTREAM_BROKER", "kafka://kafka-a:9092;kafka://kafka-b:9092")
    assert Settings().connection.bootstrap == "kafka-a:9092,kafka-b:9092"


# --- connection security (docs/security.md) ---------------------------------------------

PASSWORD = "pw-unit-5e1d7c"  # a made-up secret: it must never leave the SecretStr


def _sasl_env(monkeypatch: pytest.MonkeyPatch, protocol: str = "SASL_SSL") -> None:
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", protocol)
    monkeypatch.setenv("WIRESTREAM_SASL_MECHANISM", "SCRAM-SHA-256")
    monkeypatch.setenv("WIRESTREAM_SASL_USERNAME", "wire")


def _assert_hidden(settings: Settings) -> None:
    for text in (repr(settings), str(settings), settings.model_dump_json()):
        assert PASSWORD not in text
    assert PASSWORD not in repr(settings.connection.sasl_secret) + str(
        settings.connection.sasl_secret
    )


def test_defaults_are_plaintext_without_credentials():
    settings = Settings()
    assert settings.connection.security_protocol == "PLAINTEXT"
    assert settings.connection.sasl_secret is None
    assert not settings.connection.uses_tls
    assert settings.connection.ssl_check_hostname


def test_password_from_environment_is_a_secret(monkeypatch):
    _sasl_env(monkeypatch)
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD", PASSWORD)
    settings = Settings()
    assert settings.connection.sasl_mechanism == "SCRAM-SHA-256"
    assert settings.connection.sasl_username == "wire"
    assert settings.connection.sasl_secret is not None
    assert settings.connection.sasl_secret.get_secret_value() == PASSWORD
    _assert_hidden(settings)


def test_password_from_file_drops_the_trailing_newline(monkeypatch, tmp_path: Path):
    secret_file = tmp_path / "password"
    secret_file.write_text(PASSWORD + "\n")
    _sasl_env(monkeypatch, "SASL_PLAINTEXT")
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD_FILE", str(secret_file))
    settings = Settings()
    assert settings.connection.sasl_password is None
    assert settings.connection.sasl_secret is not None
    assert settings.connection.sasl_secret.get_secret_value() == PASSWORD
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
    assert child.connection.sasl_secret is not None
    assert child.connection.sasl_secret.get_secret_value() == PASSWORD
    assert child.connection.ssl_cafile is None


# --- one frozen object, grouped; the flat WIRESTREAM_* names stay ---------------------

# A valid value, different from the default, for every variable the service reads.
ENV_VALUES = {
    "broker": ("connection.broker", "kafka://kafka-x:9092", "kafka://kafka-x:9092"),
    "security_protocol": ("connection.security_protocol", "SSL", "SSL"),
    "sasl_mechanism": ("connection.sasl_mechanism", "PLAIN", "PLAIN"),
    "sasl_username": None,  # with the password below (a SASL protocol needs both)
    "sasl_password": None,
    "sasl_password_file": None,
    "ssl_cafile": ("connection.ssl_cafile", "/ca.pem", Path("/ca.pem")),
    "ssl_certfile": ("connection.ssl_certfile", "/c.pem", Path("/c.pem")),
    "ssl_keyfile": ("connection.ssl_keyfile", "/k.pem", Path("/k.pem")),
    "ssl_check_hostname": ("connection.ssl_check_hostname", "false", False),
    "broker_port": ("local.broker_port", "19100", 19100),
    "broker_controller_port": ("local.controller_port", "19101", 19101),
    "broker_nodes": ("local.nodes", "3", 3),
    "state_dir": ("local.state_dir", "/tmp/ws-state", Path("/tmp/ws-state")),
    "topic_raw": ("topics.raw", "n.raw", "n.raw"),
    "topic_enriched": ("topics.enriched", "n.enriched", "n.enriched"),
    "topic_duplicates": ("topics.duplicates", "n.dup", "n.dup"),
    "topic_deadletter": ("topics.deadletter", "n.dead", "n.dead"),
    "topic_clusters": ("topics.clusters", "n.clusters", "n.clusters"),
    "topic_normalized": ("topics.normalized", "n.norm", "n.norm"),
    "topic_to_enrich": ("topics.to_enrich", "n.to-enrich", "n.to-enrich"),
    "partitions": ("topics.partitions", "6", 6),
    "clusters_retention_hours": ("topics.clusters_retention_hours", "96", 96.0),
    "replication_factor": ("topics.replication_factor", "3", 3),
    "min_insync_replicas": ("topics.min_insync_replicas", "2", 2),
    "app_id": ("worker.app_id", "ws-x", "ws-x"),
    "web_port": ("worker.web_port", "16066", 16066),
    "web_host": ("worker.web_host", "0.0.0.0", "0.0.0.0"),
    "session_timeout_seconds": ("worker.session_timeout_seconds", "7.5", 7.5),
    "heartbeat_interval_seconds": ("worker.heartbeat_interval_seconds", "0.5", 0.5),
    "store": ("worker.store", "memory://", "memory://"),
    "stream_buffer_maxsize": ("worker.stream_buffer_maxsize", "64", 64),
    "table_write_buffer_mib": ("worker.table_write_buffer_mib", "4", 4),
    "table_block_cache_mib": ("worker.table_block_cache_mib", "64", 64),
    "dedup_window_hours": ("pipeline.window_hours", "12", 12.0),
    "enrich_batch_size": ("pipeline.enrich_batch_size", "4", 4),
    "enrich_batch_seconds": ("pipeline.enrich_batch_seconds", "0.5", 0.5),
    "spacy_model": ("pipeline.spacy_model", "en_core_web_md", "en_core_web_md"),
    "max_body_bytes": ("limits.max_body_bytes", "2000", 2000),
    "max_message_bytes": ("limits.max_message_bytes", "2097152", 2097152),
}

ROOT = Path(__file__).resolve().parents[2]
NOT_SETTINGS = {  # variables of the test and compose tooling, not of the service
    "WIRESTREAM_CHROMIUM",
    "WIRESTREAM_KAFKA_CONFIG",
    "WIRESTREAM_KAFKA_DATA",
}


def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.upper().startswith("WIRESTREAM_"):
            monkeypatch.delenv(key)


def _at(settings: Settings, path: str) -> object:
    group, name = path.split(".")
    return getattr(getattr(settings, group), name)


def test_the_table_covers_every_setting():
    assert set(ENV_VALUES) == set(Settings.env_names())


def test_every_documented_variable_is_a_setting():
    """README, docs, the k8s and compose files name only variables the settings read."""
    import re

    texts = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("docker-compose*.yml")]
    texts += [*ROOT.glob("deploy/**/*.yaml"), *ROOT.glob("deploy/*.example")]
    named = set()
    for path in texts:
        named |= set(re.findall(r"WIRESTREAM_[A-Z_]*[A-Z]", path.read_text(encoding="utf-8")))
    assert len(named) > 30  # the search found the documentation
    known = {"WIRESTREAM_" + name.upper() for name in Settings.env_names()}
    assert named - NOT_SETTINGS <= known


@pytest.mark.parametrize("name", [n for n, v in ENV_VALUES.items() if v is not None])
def test_each_variable_lands_in_its_group(monkeypatch, name):
    _clean_env(monkeypatch)
    path, text, expected = ENV_VALUES[name]
    if name.startswith("ssl_"):
        monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", "SSL")
    if name in ("ssl_certfile", "ssl_keyfile"):  # mutual TLS needs the pair
        monkeypatch.setenv("WIRESTREAM_SSL_CERTFILE", "/c.pem")
        monkeypatch.setenv("WIRESTREAM_SSL_KEYFILE", "/k.pem")
    if name == "min_insync_replicas":
        monkeypatch.setenv("WIRESTREAM_REPLICATION_FACTOR", "3")
    monkeypatch.setenv(f"WIRESTREAM_{name.upper()}", text)
    settings = Settings()
    assert _at(settings, path) == expected
    assert _at(Settings.defaults(), path) != expected  # the variable changed it
    assert Settings(**{name: text}).flat()[name] == _at(Settings(**{name: text}), path)


def test_sasl_variables_land_in_the_connection(monkeypatch, tmp_path: Path):
    _clean_env(monkeypatch)
    _sasl_env(monkeypatch)
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD", PASSWORD)
    conn = Settings().connection
    assert (conn.sasl_username, conn.sasl_mechanism) == ("wire", "SCRAM-SHA-256")
    assert conn.sasl_password is not None and conn.sasl_password.get_secret_value() == PASSWORD
    monkeypatch.delenv("WIRESTREAM_SASL_PASSWORD")
    (tmp_path / "pw").write_text(PASSWORD)
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD_FILE", str(tmp_path / "pw"))
    assert Settings().connection.sasl_password_file == tmp_path / "pw"


def test_settings_are_frozen_every_group_too():
    settings = Settings()
    with pytest.raises(ValidationError, match="frozen"):
        settings.limits = settings.limits  # type: ignore[misc]
    for group in Settings.GROUPS:
        part = getattr(settings, group)
        name = next(iter(type(part).model_fields))
        with pytest.raises(ValidationError, match="frozen"):
            setattr(part, name, getattr(part, name))


def test_replace_validates_again_and_keeps_the_rest(monkeypatch):
    _clean_env(monkeypatch)
    settings = Settings(topic_raw="a.raw", broker_port=19300)
    moved = settings.replace(broker_port=19400, web_port=1234)
    assert (moved.topics.raw, moved.worker.web_port) == ("a.raw", 1234)
    assert moved.connection.bootstrap == "127.0.0.1:19400"  # the derived URL follows
    assert settings.local.broker_port == 19300  # the original is untouched
    with pytest.raises(SettingsError):
        settings.replace(security_protocol="SASL_SSL")  # no user: checked again
    monkeypatch.setenv("WIRESTREAM_TOPIC_RAW", "env.raw")
    assert Settings(web_port=1).replace(web_port=2).topics.raw == "env.raw"
    assert settings.replace(web_port=2).topics.raw == "a.raw"  # not re-read from the env


def test_unknown_keyword_is_refused():
    with pytest.raises(ValidationError, match="topic_rwa"):
        Settings(topic_rwa="x")


def test_the_merge_tool_rewrites_flat_reads_to_groups():
    """tools/settings_grouped.py, for branches written against the flat settings."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sg", ROOT / "tools" / "settings_grouped.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    paths = tool.grouped_paths()
    assert set(Settings.env_names()) <= set(paths)
    before = (
        "url = settings.broker_bootstrap\n"
        "port = self.settings.web_port + Settings().broker_port\n"
        "s = Settings(web_port=1, topic_raw='x')\n"
        "n = other.partitions\n"
    )
    after, count = tool.rewrite(before, paths)
    assert count == 3
    assert after == (
        "url = settings.connection.bootstrap\n"
        "port = self.settings.worker.web_port + Settings().local.broker_port\n"
        "s = Settings(web_port=1, topic_raw='x')\n"
        "n = other.partitions\n"
    )
    settings = Settings()
    for flat, path in paths.items():  # every target exists on a real object
        group, name = path.split(".")
        assert hasattr(getattr(settings, group), name), flat


def test_clusters_must_outlive_the_dedup_window():
    with pytest.raises(ValidationError, match="shorter than dedup_window_hours"):
        Settings(clusters_retention_hours=24, dedup_window_hours=72)
    assert Settings(clusters_retention_hours=72, dedup_window_hours=72)  # equal is enough


def test_clusters_topic_is_compacted_and_time_bounded():
    from stream.kafka.admin import topic_configs

    settings = Settings(clusters_retention_hours=100)
    configs = topic_configs(settings, settings.topics.clusters)
    assert configs["cleanup.policy"] == "compact,delete"
    assert configs["retention.ms"] == str(100 * 3_600_000)
    assert "retention.ms" not in topic_configs(settings, settings.topics.enriched)


def test_model_copy_refuses_flat_names():
    """A flat name given to model_copy would set nothing on the grouped object."""
    settings = Settings()
    with pytest.raises(SettingsError, match="replace"):
        settings.model_copy(update={"web_port": 1234})
    assert settings.replace(web_port=1234).worker.web_port == 1234
