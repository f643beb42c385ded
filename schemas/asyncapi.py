"""The AsyncAPI 3.0 document of the public topics (``schemas/asyncapi.yaml``).

Built from the same pydantic models as the JSON Schema files, so the two cannot drift.
Topic names and sizes are passed in (``Topology``): ``schemas`` depends on nothing of
ours, and the caller (``stream.cli.contracts``) fills them from the settings' defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from schemas.cluster import StoryCluster
from schemas.deadletter import DeadLetter
from schemas.duplicate import DuplicateRecord
from schemas.raw import RawStory
from schemas.story import EnrichedStory

ASYNCAPI_PATH = Path(__file__).resolve().parent / "asyncapi.yaml"
KAFKA_BINDING = "0.5.0"
REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Topology:
    """What the document says about the deployment: names and sizes of the topics."""

    bootstrap: str
    raw: str
    enriched: str
    duplicates: str
    deadletter: str
    clusters: str
    partitions: int
    replication_factor: int
    max_message_bytes: int
    clusters_retention_ms: int
    consumer_group: str


@dataclass(frozen=True)
class _Channel:
    key: str  # channel id, operation and message names derive from it
    address: str
    model: type[BaseModel]
    action: str  # what the service does: "receive" (input) or "send" (output)
    key_field: str
    key_nullable: bool
    summary: str
    compacted: bool = False


def _channels(t: Topology) -> list[_Channel]:
    return [
        _Channel("raw", t.raw, RawStory, "receive", "story_id", False,
                 "Wire stories as delivered, one per message."),
        _Channel("enriched", t.enriched, EnrichedStory, "send", "story_id", False,
                 "Published stories: clean text, entities, quotes and the dedup verdict."),
        _Channel("duplicates", t.duplicates, DuplicateRecord, "send", "story_id", False,
                 "Copies suppressed as exact or near duplicates of an earlier story."),
        _Channel("deadletter", t.deadletter, DeadLetter, "send", "story_id", True,
                 "Input that could not be processed, with code, reason and original bytes."),
        _Channel("clusters", t.clusters, StoryCluster, "send", "cluster_id", False,
                 "The current state of each story cluster (compacted: last record wins; "
                 "kept for a week after its last change).",
                 compacted=True),
    ]  # fmt: skip


def _security_schemes() -> dict[str, Any]:
    sasl = (
        "SASL over TLS: WIRESTREAM_SECURITY_PROTOCOL=SASL_SSL, WIRESTREAM_SASL_MECHANISM={}, "
        "WIRESTREAM_SASL_USERNAME and WIRESTREAM_SASL_PASSWORD (or WIRESTREAM_SASL_PASSWORD_FILE); "
        "WIRESTREAM_SSL_CAFILE names the CA that signed the brokers' certificates."
    )
    return {
        "saslPlain": {"type": "plain", "description": sasl.format("PLAIN")},
        "saslScramSha256": {"type": "scramSha256", "description": sasl.format("SCRAM-SHA-256")},
        "saslScramSha512": {"type": "scramSha512", "description": sasl.format("SCRAM-SHA-512")},
        "mutualTls": {
            "type": "X509",
            "description": "Mutual TLS: WIRESTREAM_SECURITY_PROTOCOL=SSL, WIRESTREAM_SSL_CAFILE, "
            "WIRESTREAM_SSL_CERTFILE and WIRESTREAM_SSL_KEYFILE.",
        },
    }


def _servers(t: Topology) -> dict[str, Any]:
    variable = {"bootstrap": {"default": t.bootstrap, "description": "host:port of a broker"}}
    return {
        "local": {
            "host": "{bootstrap}",
            "protocol": "kafka",
            "description": "Plaintext broker: the embedded local one (`wirestream broker`).",
            "variables": variable,
        },
        "secure": {
            "host": "{bootstrap}",
            "protocol": "kafka-secure",
            "description": "A production cluster over TLS; any one of the schemes.",
            "variables": variable,
            "security": [
                {"$ref": f"#/components/securitySchemes/{name}"} for name in _security_schemes()
            ],
        },
    }


def _payload_schemas(channels: list[_Channel]) -> dict[str, Any]:
    """Every model (and the models it nests) under components/schemas, refs rewritten."""
    pairs = [
        (c.model, "validation" if c.action == "receive" else "serialization") for c in channels
    ]
    _, defs = models_json_schema(pairs, ref_template=REF)
    return dict(sorted(defs["$defs"].items()))


def _key_schema(channel: _Channel) -> dict[str, Any]:
    """The Kafka key: the UTF-8 bytes of one payload field."""
    if channel.key_nullable:
        return {
            "type": ["string", "null"],
            "description": f"The {channel.key_field}; null when it could not be read.",
        }
    return {"type": "string", "description": f"The {channel.key_field}, UTF-8."}


def build(topology: Topology, version: str) -> dict[str, Any]:
    """The AsyncAPI document as a plain dict (deterministic)."""
    channels = _channels(topology)
    doc: dict[str, Any] = {
        "asyncapi": "3.0.0",
        "info": {
            "title": "wirestream",
            "version": version,
            "description": "Streaming ingestion of news wire stories: normalize, deduplicate, "
            "cluster and enrich. Generated by `wirestream schemas` from the pydantic models "
            "in `schemas/`; do not edit by hand. Every output record carries "
            "`schema_version` (see docs/compatibility.md).",
            "license": {"name": "Apache-2.0"},
        },
        "defaultContentType": "application/json",
        "servers": _servers(topology),
        "channels": {},
        "operations": {},
        "components": {
            "schemas": _payload_schemas(channels),
            "securitySchemes": _security_schemes(),
        },
    }
    for c in channels:
        message_name = c.model.__name__
        config: dict[str, Any] = {
            "cleanup.policy": ["compact", "delete"] if c.compacted else ["delete"],
            "max.message.bytes": topology.max_message_bytes,
        }
        if c.compacted:
            config["retention.ms"] = topology.clusters_retention_ms
        doc["channels"][c.key] = {
            "address": c.address,
            "summary": c.summary,
            "messages": {
                message_name: {
                    "name": message_name,
                    "title": message_name,
                    "summary": (c.model.__doc__ or "").strip().splitlines()[0],
                    "contentType": "application/json",
                    "payload": {"$ref": REF.format(model=message_name)},
                    "bindings": {"kafka": {"key": _key_schema(c), "bindingVersion": KAFKA_BINDING}},
                }
            },
            "bindings": {
                "kafka": {
                    "topic": c.address,
                    "partitions": topology.partitions,
                    "replicas": topology.replication_factor,
                    "topicConfiguration": config,
                    "bindingVersion": KAFKA_BINDING,
                }
            },
        }
        operation: dict[str, Any] = {
            "action": c.action,
            "channel": {"$ref": f"#/channels/{c.key}"},
            "messages": [{"$ref": f"#/channels/{c.key}/messages/{message_name}"}],
        }
        if c.action == "receive":
            operation["summary"] = "The worker consumes this topic."
            operation["bindings"] = {
                "kafka": {
                    "groupId": {"type": "string", "enum": [topology.consumer_group]},
                    "bindingVersion": KAFKA_BINDING,
                }
            }
        else:
            operation["summary"] = "The worker publishes here, keyed by " + c.key_field + "."
        doc["operations"][f"{c.action}{c.key.capitalize()}"] = operation
    return doc


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases: a document a person can read and diff."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render(topology: Topology, version: str) -> str:
    return yaml.dump(
        build(topology, version),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )


def write(topology: Topology, version: str, path: Path = ASYNCAPI_PATH) -> Path:
    path.write_text(render(topology, version), encoding="utf-8")
    return path
