"""The offline command end to end, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "stream.cli", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


def test_process_stdin_with_malformed_lines_exits_zero():
    lines = b"\n".join(
        [
            json.dumps(
                {"story_id": "ok-1", "body": "The mayor opened the new library on Monday."}
            ).encode(),
            b"{broken json",
            b"\xff\xfe",
            json.dumps({"story_id": "no-body"}).encode(),
        ]
    )
    result = _run("process", "-", stdin=lines)
    assert result.returncode == 0, result.stderr.decode()
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    topics = [o["topic"] for o in out]
    assert topics.count("wire.deadletter") == 3
    assert topics.count("wire.enriched") == 1
    assert {o["key"] for o in out if o["topic"] == "wire.enriched"} == {"ok-1"}
    assert "processed:" in result.stderr.decode()


def test_process_folder_writes_output_file(tmp_path):
    out = tmp_path / "out.jsonl"
    result = _run("process", str(ROOT / "seeds"), "--output", str(out))
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in out.read_text().splitlines()]
    stories = [r for r in records if r["topic"] == "wire.enriched"]
    assert len(stories) == 5
    assert {r["key"] for r in stories} == {p.stem for p in (ROOT / "seeds").glob("*.txt")}
    # One wire.clusters record per story, all of the seeds' one cluster, the last whole.
    clusters = [r for r in records if r["topic"] == "wire.clusters"]
    assert len(clusters) == 5 and len(records) == 10
    assert {r["key"] for r in clusters} == {stories[0]["value"]["dedup"]["cluster_id"]}
    assert [r["value"]["story_count"] for r in clusters] == [1, 2, 3, 4, 5]


def test_process_missing_input_is_a_clear_error(tmp_path):
    result = _run("process", str(tmp_path / "nope.jsonl"))
    assert result.returncode == 2
    assert "no such file" in result.stderr.decode()
