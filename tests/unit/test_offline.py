"""The offline driver: NLP in a forked child gives the one-process output, in order."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from stream import offline
from stream.core.extract import Enricher
from stream.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _payloads() -> list[bytes]:
    """The seeds twice (exact duplicates), a bad line and a 'boom' story, times fixed."""
    bodies = [p.read_text() for p in sorted(SEEDS.glob("*.txt"))]
    bodies += [*bodies[:2], "Officials said the boom was heard in Paris on Monday."]
    out = [
        json.dumps(
            {"story_id": f"s{i}", "body": b, "received_at": f"2026-01-01T00:00:{i:02d}Z"}
        ).encode()
        for i, b in enumerate(bodies)
    ]
    return [*out[:3], b"{not json", *out[3:]]


def _lines(settings: Settings, nlp_process: bool) -> list[dict]:
    lines = []
    for emission in offline.process(_payloads(), settings, nlp_process=nlp_process):
        record = json.loads(emission.model_dump_json())
        if isinstance(record["value"], dict):
            record["value"].pop("processed_at", None)  # wall clock at enrichment
            if record["topic"] == "wire.deadletter":
                record["value"].pop("received_at", None)  # the bad line has none
        lines.append(record)
    return lines


@pytest.mark.parametrize("lookahead", [1, offline.LOOKAHEAD_BATCHES])
def test_forked_nlp_gives_the_same_records_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lookahead: int
) -> None:
    settings = Settings(store="memory://", state_dir=tmp_path, enrich_batch_size=2)
    monkeypatch.setattr(offline, "LOOKAHEAD_BATCHES", lookahead)
    one = _lines(settings, nlp_process=False)
    two = _lines(settings, nlp_process=True)
    topics = [line["topic"] for line in one]
    assert {"wire.enriched", "wire.duplicates", "wire.deadletter", "wire.clusters"} <= set(topics)
    assert sum(bool(line["value"].get("entities")) for line in one) >= 5
    assert two == one


def test_a_batch_failing_in_the_child_costs_only_its_bad_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child inherits the patched method (fork): its failure re-raises here."""
    real = Enricher.enrich

    def explode(self, stories, hints=None):
        if any("boom" in s.body for s in stories):
            raise RuntimeError("boom")
        return real(self, stories, hints)

    monkeypatch.setattr(Enricher, "enrich", explode)
    settings = Settings(store="memory://", state_dir=tmp_path, enrich_batch_size=2)
    one = _lines(settings, nlp_process=False)
    two = _lines(settings, nlp_process=True)
    failed = [line for line in two if line["value"].get("code") == "enrich.failed"]
    assert [line["key"] for line in failed] == ["s7"], failed
    assert two == one


def test_a_story_that_kills_the_child_costs_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child killed outright (SIGKILL, as the OOM killer does) is replaced: the batches
    it held run again in the new child, and only the killing story is a dead letter: the
    same records as one process where that story merely fails."""
    real = Enricher.enrich

    def die(self, stories, hints=None):
        if any("boom" in s.body for s in stories):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, stories, hints)

    def explode(self, stories, hints=None):
        if any("boom" in s.body for s in stories):
            raise RuntimeError("boom")
        return real(self, stories, hints)

    settings = Settings(store="memory://", state_dir=tmp_path, enrich_batch_size=2)
    monkeypatch.setattr(Enricher, "enrich", explode)
    one = _lines(settings, nlp_process=False)
    monkeypatch.setattr(Enricher, "enrich", die)
    restarts: list[int] = []
    close = offline.ForkedEnricher.close
    monkeypatch.setattr(
        offline.ForkedEnricher, "close", lambda self: (restarts.append(self.restarts), close(self))
    )
    two = _lines(settings, nlp_process=True)
    failed = [line for line in two if line["value"].get("code") == "enrich.failed"]
    assert [line["key"] for line in failed] == ["s7"], failed
    assert two == one
    assert restarts and restarts[0] >= 2  # the batch once, then the story alone
