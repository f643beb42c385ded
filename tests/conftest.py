"""Shared fixtures: paths to the seeds and a settings object for offline runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stream.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _no_wirestream_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see default settings, whatever WIRESTREAM_* the shell that runs them has."""
    for name in [n for n in os.environ if n.startswith("WIRESTREAM_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def offline_settings(tmp_path: Path) -> Settings:
    """Settings for Kafka-free tests: memory store, state under a temp dir."""
    return Settings(store="memory://", state_dir=tmp_path / "state")
