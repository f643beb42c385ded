"""The Docker path stays valid even though this machine cannot run it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_is_valid_and_wires_the_worker_to_kafka():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["kafka"]["image"].startswith("apache/kafka:")
    env = services["kafka"]["environment"]
    assert "controller" in env["KAFKA_PROCESS_ROLES"]  # KRaft, no ZooKeeper
    worker = services["worker"]
    assert worker["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (ROOT / worker["build"]["dockerfile"]).exists()
    assert worker["environment"]["WIRESTREAM_BROKER"].startswith("kafka://kafka:")
    assert worker["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_compose_kafka_image_matches_pinned_broker():
    from stream.broker import KAFKA_VERSION

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["kafka"]["image"] == f"apache/kafka:{KAFKA_VERSION}"


def test_dockerfile_copies_only_paths_that_exist():
    lines = (ROOT / "deploy" / "Dockerfile").read_text().splitlines()
    copies = [line.split()[1:-1] for line in lines if line.startswith("COPY ")]
    sources = [src for args in copies if not args[0].startswith("--from") for src in args]
    assert "native" in sources  # the compiled dedup hot path is built into the image
    for src in sources:
        assert (ROOT / src).exists(), src


# --- monitoring: Prometheus, alert rules, Grafana (docker compose --profile monitoring) ---

MONITORING = ROOT / "deploy" / "monitoring"


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    # promtool is a real tool for a real format: missing it is a failure, never a skip
    # (CI installs Debian's `prometheus` package, which ships it).
    assert shutil.which("promtool"), "promtool not found: apt-get install prometheus"
    return subprocess.run(
        ["promtool", *args], cwd=MONITORING, capture_output=True, text=True, timeout=60
    )


def test_promtool_accepts_the_scrape_config():
    result = _promtool("check", "config", "prometheus.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout


def test_promtool_accepts_the_alert_rules():
    result = _promtool("check", "rules", "alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 rules found" in result.stdout


def test_alerts_fire_on_their_story_and_not_on_the_look_alike():
    result = _promtool("test", "rules", "alerts.test.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())["groups"][0]["rules"]
    tests = (MONITORING / "alerts.test.yml").read_text()
    for rule in rules:  # every alert has a rules test
        assert f"alertname: {rule['alert']}" in tests, rule["alert"]


def test_compose_monitoring_profile_mounts_files_that_exist():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name in ("prometheus", "grafana"):
        service = services[name]
        assert service["profiles"] == ["monitoring"]
        for volume in service["volumes"]:
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name}: {source}"
    for name in ("kafka", "worker"):
        assert "profiles" not in services[name]  # plain `up` still runs the pipeline alone
    prometheus = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    (job,) = prometheus["scrape_configs"]
    assert job["static_configs"][0]["targets"] == ["worker:6066"]  # the compose service
    assert "6066:6066" in services["worker"]["ports"]


def test_grafana_is_provisioned_with_the_dashboard():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    mounts = dict(v.split(":")[:2] for v in services["grafana"]["volumes"] if v.startswith("./"))
    provider = yaml.safe_load(
        (MONITORING / "grafana/provisioning/dashboards/wirestream.yml").read_text()
    )["providers"][0]
    assert mounts["./deploy/monitoring/grafana/dashboards"] == provider["options"]["path"]
    datasource = yaml.safe_load(
        (MONITORING / "grafana/provisioning/datasources/prometheus.yml").read_text()
    )["datasources"][0]
    assert datasource["url"] == "http://prometheus:9090"
    dashboard = json.loads((MONITORING / "grafana/dashboards/wirestream.json").read_text())
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)) >= 10
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == datasource["uid"]
        assert panel["targets"] and all("wirestream_" in t["expr"] for t in panel["targets"])
