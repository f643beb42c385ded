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
    from stream.local.broker import KAFKA_VERSION

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["kafka"]["image"] == f"apache/kafka:{KAFKA_VERSION}"


def test_dockerfile_copies_only_paths_that_exist():
    lines = (ROOT / "deploy" / "Dockerfile").read_text().splitlines()
    copies = [line.split()[1:-1] for line in lines if line.startswith("COPY ")]
    sources = [src for args in copies if not args[0].startswith("--from") for src in args]
    assert "native" in sources  # the compiled dedup hot path is built into the image
    for src in sources:
        assert (ROOT / src).exists(), src


# --- the SASL_SSL variant (docs/security.md) --------------------------------------------

SECURE = ROOT / "docker-compose.secure.yml"
CLIENT_SERVICES = ("worker", "replay", "tail")


def _secure() -> dict:
    return yaml.safe_load(SECURE.read_text())


def _settings_from(env: dict[str, str], tmp_path: Path, files: dict[str, Path]):
    """Settings exactly as a service would read them, with secret paths made real."""
    from stream.settings import Settings

    fields = {}
    for name, value in env.items():
        assert name.startswith("WIRESTREAM_"), name
        field = name.removeprefix("WIRESTREAM_").lower()
        assert field in Settings.env_names(), f"{name} is not a setting"
        fields[field] = files.get(value, value)
    return Settings(**fields)


def test_secure_compose_runs_kafka_with_sasl_ssl_only():
    kafka = _secure()["services"]["kafka"]
    from stream.local.broker import KAFKA_VERSION

    assert kafka["image"] == f"apache/kafka:{KAFKA_VERSION}"
    script_mount = next(v for v in kafka["volumes"] if "secure-start.sh" in v)
    assert (ROOT / script_mount.split(":")[0]).exists()
    assert kafka["entrypoint"][-1] == script_mount.split(":")[1]
    assert kafka["ports"] == ["19094:19094"]  # no plaintext port leaves the container
    assert "127.0.0.1:29092" in " ".join(kafka["healthcheck"]["test"])
    script = (ROOT / "deploy" / "kafka" / "secure-start.sh").read_text()
    assert "SASL_SSL:SASL_SSL" in script and "EXTERNAL:SASL_SSL" in script
    assert "PLAINTEXT://127.0.0.1:" in script  # plaintext bound to loopback only
    assert "--add-scram" in script
    assert subprocess.run(["sh", "-n", str(ROOT / "deploy/kafka/secure-start.sh")]).returncode == 0
    for name in ("KAFKA_SCRAM_PASSWORD_FILE", "KAFKA_SSL_KEYSTORE"):
        secret = kafka["environment"][name].removeprefix("/run/secrets/")
        assert secret in kafka["secrets"]


def test_secure_compose_clients_use_valid_settings_and_no_inline_secret(tmp_path: Path):
    compose = _secure()
    declared = compose["secrets"]
    for name, secret in declared.items():
        assert secret["file"].startswith("./deploy/secrets/"), name
    ignore = (ROOT / "deploy" / "secrets" / ".gitignore").read_text().split()
    assert "*" in ignore and "!.gitignore" in ignore  # secrets are never committed
    password = tmp_path / "password"
    password.write_text("placeholder\n")
    ca = tmp_path / "ca.pem"
    for service in CLIENT_SERVICES:
        spec = compose["services"][service]
        env = spec["environment"]
        assert "WIRESTREAM_SASL_PASSWORD" not in env  # only the file, from a secret
        for value in (env["WIRESTREAM_SASL_PASSWORD_FILE"], env["WIRESTREAM_SSL_CAFILE"]):
            assert value.removeprefix("/run/secrets/") in spec["secrets"], (service, value)
            assert value.removeprefix("/run/secrets/") in declared
        settings = _settings_from(
            env,
            tmp_path,
            {
                env["WIRESTREAM_SASL_PASSWORD_FILE"]: password,
                env["WIRESTREAM_SSL_CAFILE"]: ca,
            },
        )
        assert settings.connection.security_protocol == "SASL_SSL"
        assert settings.connection.bootstrap == "kafka:9094"


def test_secure_env_example_is_valid_and_holds_no_secret(tmp_path: Path):
    env = {}
    for line in (ROOT / "deploy" / "secure.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value.strip('"')
    assert "WIRESTREAM_SASL_PASSWORD" not in env  # a commented placeholder at most
    assert env["WIRESTREAM_SASL_USERNAME"].startswith("<")
    password = tmp_path / "password"
    password.write_text("placeholder")
    settings = _settings_from(
        env,
        tmp_path,
        {
            env["WIRESTREAM_SASL_PASSWORD_FILE"]: password,
            env["WIRESTREAM_SSL_CAFILE"]: tmp_path / "ca.pem",
        },
    )
    assert settings.connection.bootstrap.split(",") == [
        "kafka-1.example.internal:9094",
        "kafka-2.example.internal:9094",
    ]


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
