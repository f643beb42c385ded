"""Helpers for integration tests: a worker subprocess and topic I/O on the real broker."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from stream.broker import LocalBroker, free_port
from stream.kafka_admin import ensure_topics
from stream.replay import replay
from stream.settings import Settings
from stream.tail import tail

ROOT = Path(__file__).resolve().parents[2]


def isolated_settings(broker: LocalBroker, state_dir: Path, **overrides: Any) -> Settings:
    """Settings whose topics, group and web port belong to one test only, with short
    session timeouts so group joins after a crash take seconds, not the default 10 s+."""
    tag = uuid.uuid4().hex[:8]
    fields: dict[str, Any] = {
        "broker": f"kafka://{broker.bootstrap}",
        "broker_port": broker.port,
        "broker_controller_port": broker.controller_port,
        "state_dir": state_dir,
        "store": "memory://",
        "app_id": f"wirestream-test-{tag}",
        "web_port": free_port(),
        "partitions": 2,
        "session_timeout_seconds": 6.0,
        "heartbeat_interval_seconds": 0.5,
        "enrich_batch_seconds": 0.1,
    }
    for name in ("raw", "enriched", "duplicates", "deadletter", "normalized", "to_enrich"):
        fields[f"topic_{name}"] = f"t{tag}.{name}"
    fields.update(overrides)
    return Settings(**fields)


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process read the same settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRESTREAM_")}
    for name, value in settings.model_dump().items():
        env[f"WIRESTREAM_{name.upper()}"] = str(value)
    return env


class WorkerProcess:
    """``wirestream worker`` as a real child process, as production runs it."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.settings = settings
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "stream.cli", "worker", "--loglevel", "info"],
            cwd=ROOT,
            env=settings_env(self.settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def ready(self) -> bool:
        url = f"http://127.0.0.1:{self.settings.web_port}/ready"
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready():
                return
            if self.proc is not None and self.proc.poll() is not None:
                break
            time.sleep(0.3)
        raise AssertionError(f"worker not ready; log:\n{self.log_tail()}")

    def metrics_text(self) -> str:
        url = f"http://127.0.0.1:{self.settings.web_port}/metrics"
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.read().decode()

    def kill(self) -> None:
        """SIGKILL: a crash, no chance to commit."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def terminate(self, timeout: float = 30.0) -> int | None:
        """SIGTERM: the graceful stop; returns the exit code."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
                return None
        return self.proc.returncode if self.proc else None

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def prepare_topics(settings: Settings) -> None:
    asyncio.run(ensure_topics(settings))


def publish(settings: Settings, payloads: list[bytes], loops: int = 1, stamp: bool = True) -> int:
    return asyncio.run(replay(payloads, settings, loops=loops, stamp=stamp)).sent


def read_topic(
    settings: Settings,
    topic: str,
    count: int | None = None,
    timeout: float = 90.0,
    keys: set[str] | None = None,
) -> dict[str | None, list[Any]]:
    """Read ``topic`` from the beginning until ``count`` records, until every key in
    ``keys`` has been seen, or until ``timeout`` seconds of silence."""
    records: dict[str | None, list[Any]] = {}

    def collect(key: str | None, value: Any) -> None:
        records.setdefault(key, []).append(value)

    asyncio.run(
        tail(
            settings,
            topic,
            collect,
            from_beginning=True,
            max_records=count,
            idle_timeout=timeout,
            stop_when=(lambda: keys <= records.keys()) if keys else None,
        )
    )
    return records
