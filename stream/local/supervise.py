"""A ``wirestream worker`` child process: start, wait until ready, stop or kill.

``make run`` supervises its worker with this, and so do the integration tests, the
fault-injection suite and the end-to-end benchmark: one way to run a worker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from pydantic import SecretStr

from stream.errors import WirestreamError
from stream.local.process import log_tail
from stream.settings import PROJECT_ROOT, Settings
from stream.testing import isolated_settings  # noqa: F401  (moved; kept for old imports)


class WorkerNotReady(WirestreamError, RuntimeError):
    """The worker exited or did not become ready in time; the message holds its log."""


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process read exactly these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRESTREAM_")}
    for name, value in settings.flat().items():
        if value is None:  # unset optional (TLS files, SASL user): leave the variable out
            continue
        if isinstance(value, SecretStr):  # the child needs the secret itself, not '****'
            value = value.get_secret_value()
        env[f"WIRESTREAM_{name.upper()}"] = str(value)
    # glibc: keep large blocks mmapped so the dedup index's array merges give memory
    # back (docs/dedup.md: 2,258 -> 1,984 bytes per story at 100k)
    env.setdefault("MALLOC_MMAP_THRESHOLD_", "131072")
    return env


class WorkerProcess:
    """``wirestream worker`` as a real child process, in its own process group."""

    def __init__(self, settings: Settings, log_path: Path, loglevel: str = "info") -> None:
        self.settings = settings
        self.log_path = log_path
        self.loglevel = loglevel
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "stream.cli", "worker", "--loglevel", self.loglevel],
                cwd=PROJECT_ROOT,
                env=settings_env(self.settings),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def _get(self, path: str, timeout: float) -> bytes:
        url = f"http://127.0.0.1:{self.settings.worker.web_port}{path}"
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()

    def ready(self) -> bool:
        """True once the worker has partitions assigned and is not rebalancing."""
        try:
            self._get("/ready", timeout=1)
            return True
        except (urllib.error.URLError, OSError):  # 503 (HTTPError) while not ready
            return False

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.alive():
            if self.ready():
                return
            time.sleep(0.3)
        raise WorkerNotReady(f"worker not ready; log:\n{self.log_tail()}")

    def metrics_text(self) -> str:
        return self._get("/metrics", timeout=3).decode()

    def kill(self) -> None:
        """SIGKILL: a crash, no chance to commit."""
        if self.proc and self.alive():
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def terminate(self, timeout: float = 30.0) -> int | None:
        """SIGTERM, the graceful stop; SIGKILL after ``timeout``. The exit code, or None
        when it had to be killed."""
        if self.proc and self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
                return None
        return self.proc.returncode if self.proc else None

    def log_tail(self, lines: int = 60) -> str:
        """The worker log's last ``lines``, for a start-up failure's message."""
        return log_tail(self.log_path, lines) or "(no log)"
