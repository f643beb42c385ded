"""The Kubernetes manifests (deploy/k8s/base) agree with the settings and with each other.

The resources are those ``kubectl kustomize`` (or ``kustomize build``) renders when
either tool is on the PATH; without one, the files the kustomization lists are parsed
directly (the build itself is then not checked).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from stream.kafka.admin import topic_configs
from stream.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "deploy" / "k8s" / "base"
# Added by the security work (WIRESTREAM_SECURITY_PROTOCOL and friends), not yet fields here.
SECURITY_KEYS = {
    "WIRESTREAM_SECURITY_PROTOCOL",
    "WIRESTREAM_SASL_MECHANISM",
    "WIRESTREAM_SASL_USERNAME",
    "WIRESTREAM_SASL_PASSWORD_FILE",
    "WIRESTREAM_SSL_CAFILE",
}


def _listed_files() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    docs = []
    for name in kustomization["resources"]:
        docs += [d for d in yaml.safe_load_all((BASE / name).read_text()) if d]
    return docs


def _built() -> list[dict[str, Any]] | None:
    if shutil.which("kubectl"):
        cmd = ["kubectl", "kustomize", str(BASE)]
    elif shutil.which("kustomize"):
        cmd = ["kustomize", "build", str(BASE)]
    else:
        return None
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout
    return [d for d in yaml.safe_load_all(out) if d]


@pytest.fixture(scope="module")
def docs() -> list[dict[str, Any]]:
    built = _built()
    return built if built is not None else _listed_files()


@pytest.fixture(scope="module")
def defaults() -> Settings:
    return Settings.defaults()


def one(docs: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    (found,) = [d for d in docs if d["kind"] == kind]
    return found


def every(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind]


def test_every_manifest_in_the_folder_is_listed_and_parses():
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    on_disk = {p.name for p in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == on_disk
    kinds = {d["kind"] for d in _listed_files()}
    assert {
        "ConfigMap",
        "Deployment",
        "Service",
        "PodMonitor",
        "ScaledObject",
        "TriggerAuthentication",
        "KafkaTopic",
        "KafkaUser",
    } <= kinds


def test_the_build_renders_what_the_files_hold(docs):
    names = sorted((d["kind"], d["metadata"]["name"]) for d in docs)
    assert names == sorted((d["kind"], d["metadata"]["name"]) for d in _listed_files())


def test_configmap_is_valid_settings_with_the_default_names(docs, defaults, monkeypatch, tmp_path):
    data = one(docs, "ConfigMap")["data"]
    fields = {f"WIRESTREAM_{name.upper()}" for name in Settings.env_names()}
    assert set(data) - fields == set(), "keys no setting reads"
    assert set(data) >= SECURITY_KEYS
    for key in list(os.environ):
        if key.startswith("WIRESTREAM_"):
            monkeypatch.delenv(key)
    for key, value in data.items():
        if key in ("WIRESTREAM_SASL_PASSWORD_FILE", "WIRESTREAM_SSL_CAFILE"):
            # mounted in the pod (checked against the Deployment below): stand-ins here,
            # because the settings read both files when they validate
            assert value.startswith("/"), key
            value = str(tmp_path / key.lower())
            (tmp_path / key.lower()).write_text("stand-in\n", encoding="utf-8")
        monkeypatch.setenv(key, value)
    settings = Settings()  # validates every value
    for name in ("raw", "normalized", "to_enrich", "enriched", "duplicates", "deadletter"):
        assert getattr(settings.topics, name) == getattr(defaults.topics, name)
    assert settings.topics.clusters == defaults.topics.clusters
    assert settings.worker.web_port == defaults.worker.web_port
    assert settings.worker.app_id == defaults.worker.app_id
    assert settings.topics.partitions == defaults.topics.partitions
    assert settings.limits.max_message_bytes == defaults.limits.max_message_bytes
    assert settings.worker.web_host == "0.0.0.0"  # reachable by probes and Prometheus


def test_deployment_probes_ports_resources_and_config(docs, defaults):
    deployment = one(docs, "Deployment")
    config = one(docs, "ConfigMap")
    template = deployment["spec"]["template"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selector.items() <= template["metadata"]["labels"].items()
    (container,) = template["spec"]["containers"]
    assert container["ports"] == [
        {"name": "http", "containerPort": defaults.worker.web_port, "protocol": "TCP"}
    ]
    assert container["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}
    assert container["livenessProbe"]["httpGet"]["port"] == "http"
    assert {"cpu", "memory"} <= container["resources"]["requests"].keys()
    assert container["envFrom"] == [{"configMapRef": {"name": config["metadata"]["name"]}}]
    state = config["data"]["WIRESTREAM_STATE_DIR"]
    assert state in {m["mountPath"] for m in container["volumeMounts"]}


def _secret_file(deployment: dict[str, Any], path: str) -> tuple[str, str]:
    """(Secret name, key) that the file at ``path`` in the worker container comes from."""
    spec = deployment["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    volumes = {v["name"]: v for v in spec["volumes"]}
    for mount in container["volumeMounts"]:
        folder = mount["mountPath"].rstrip("/") + "/"
        if path.startswith(folder):
            secret = volumes[mount["name"]]["secret"]
            filename = path.removeprefix(folder)
            (item,) = [i for i in secret["items"] if i["path"] == filename]
            return secret["secretName"], item["key"]
    raise AssertionError(f"{path} is not on a mounted volume")


def test_sasl_password_is_a_mounted_secret_of_the_kafka_user(docs):
    data = one(docs, "ConfigMap")["data"]
    deployment = one(docs, "Deployment")
    user = one(docs, "KafkaUser")
    assert "WIRESTREAM_SASL_PASSWORD" not in data  # never a value in a ConfigMap
    secret, key = _secret_file(deployment, data["WIRESTREAM_SASL_PASSWORD_FILE"])
    # Strimzi's User Operator writes the password to a Secret named after the user.
    assert (secret, key) == (user["metadata"]["name"], "password")
    assert data["WIRESTREAM_SASL_USERNAME"] == user["metadata"]["name"]
    assert user["spec"]["authentication"]["type"] == "scram-sha-512"
    assert data["WIRESTREAM_SASL_MECHANISM"] == "SCRAM-SHA-512"
    assert data["WIRESTREAM_SECURITY_PROTOCOL"] == "SASL_SSL"
    cluster = user["metadata"]["labels"]["strimzi.io/cluster"]
    assert _secret_file(deployment, data["WIRESTREAM_SSL_CAFILE"]) == (
        f"{cluster}-cluster-ca-cert",
        "ca.crt",
    )


def test_service_and_podmonitor_select_the_worker_pods(docs, defaults):
    deployment = one(docs, "Deployment")
    selector = deployment["spec"]["selector"]["matchLabels"]
    service = one(docs, "Service")
    assert service["spec"]["selector"] == selector
    assert service["spec"]["ports"][0]["port"] == defaults.worker.web_port
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    monitor = one(docs, "PodMonitor")
    assert monitor["spec"]["selector"]["matchLabels"] == selector
    assert monitor["spec"]["podMetricsEndpoints"] == [
        {"port": "http", "path": "/metrics", "interval": "15s"}
    ]


def test_scaledobject_scales_the_worker_on_enrich_lag(docs, defaults):
    deployment = one(docs, "Deployment")
    config = one(docs, "ConfigMap")["data"]
    scaled = one(docs, "ScaledObject")
    assert scaled["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "kafka"
    meta = trigger["metadata"]
    assert meta["topic"] == defaults.topics.to_enrich
    assert meta["consumerGroup"] == defaults.worker.app_id  # faust's group id is the app id
    assert "kafka://" + meta["bootstrapServers"] == config["WIRESTREAM_BROKER"]
    assert scaled["spec"]["maxReplicaCount"] == defaults.topics.partition_counts()[meta["topic"]]
    auth = {d["metadata"]["name"]: d for d in every(docs, "TriggerAuthentication")}
    refs = auth[trigger["authenticationRef"]["name"]]["spec"]["secretTargetRef"]
    assert {r["parameter"] for r in refs} == {"sasl", "tls", "username", "password", "ca"}
    user = one(docs, "KafkaUser")["metadata"]["name"]
    assert {"name": user, "key": "password"}.items() <= next(
        r for r in refs if r["parameter"] == "password"
    ).items()
    secrets = {d["metadata"]["name"]: d for d in every(docs, "Secret")}
    literal = {r["parameter"]: secrets[r["name"]]["stringData"][r["key"]] for r in refs
               if r["name"] in secrets}  # fmt: skip
    assert literal == {"sasl": "scram_sha512", "tls": "enable", "username": user}


def test_kafka_topics_match_the_settings(docs, defaults):
    config = one(docs, "ConfigMap")["data"]
    topics = {t["spec"]["topicName"]: t for t in every(docs, "KafkaTopic")}
    wanted = {**defaults.topics.partition_counts()}
    wanted.setdefault(defaults.topics.clusters, defaults.topics.partitions)
    assert {name: t["spec"]["partitions"] for name, t in topics.items()} == wanted
    assert topics[defaults.topics.normalized]["spec"]["partitions"] == 1
    cluster = one(docs, "KafkaUser")["metadata"]["labels"]["strimzi.io/cluster"]
    assert config["WIRESTREAM_BROKER"].startswith(f"kafka://{cluster}-kafka-bootstrap:")
    for name, topic in topics.items():
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == cluster
        assert topic["spec"]["replicas"] == int(config["WIRESTREAM_REPLICATION_FACTOR"])
        conf = topic["spec"]["config"]
        assert int(conf["max.message.bytes"]) == defaults.limits.max_message_bytes
        wanted = topic_configs(defaults, name)
        assert conf["cleanup.policy"] == wanted.get("cleanup.policy", "delete"), name
        assert str(conf.get("retention.ms")) == str(wanted.get("retention.ms")), name


def _allowed(acls: list[dict[str, Any]], kind: str, name: str) -> set[str]:
    ops: set[str] = set()
    for acl in acls:
        res = acl["resource"]
        literal = res.get("patternType", "literal") == "literal"
        if res["type"] == kind and (
            name == res["name"] if literal else name.startswith(res["name"])
        ):
            ops |= set(acl["operations"])
    return ops


def test_kafka_user_acls_cover_the_topics_and_the_group(docs, defaults):
    acls = one(docs, "KafkaUser")["spec"]["authorization"]["acls"]
    for topic in every(docs, "KafkaTopic"):
        name = topic["spec"]["topicName"]
        assert {"Read", "Write", "Describe"} <= _allowed(acls, "topic", name), name
    changelog = f"{defaults.worker.app_id}-dedup-state-changelog"  # faust's table changelog
    assert {"Read", "Write", "Create"} <= _allowed(acls, "topic", changelog)
    assert "Read" in _allowed(acls, "group", defaults.worker.app_id)
    assert _allowed(acls, "topic", "someone.elses.topic") == set()
