"""The AsyncAPI document: current, and valid for the official parser (run with Node).

Node and ``@asyncapi/parser`` are required, never skipped: ``make unit`` installs the
parser with ``npm ci`` in tools/asyncapi (``make asyncapi-deps``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from schemas.asyncapi import ASYNCAPI_PATH
from stream.cli.contracts import default_settings, render_asyncapi

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "asyncapi"


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "Node.js is required to validate the AsyncAPI document (apt-get install nodejs)"
    assert (TOOL / "node_modules" / "@asyncapi" / "parser").is_dir(), (
        "@asyncapi/parser is not installed: run `make asyncapi-deps` (npm ci in tools/asyncapi)"
    )
    return subprocess.run(
        [node, "validate.mjs", str(path)],
        cwd=TOOL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_committed_asyncapi_document_is_current():
    assert ASYNCAPI_PATH.exists(), "schemas/asyncapi.yaml missing: run `wirestream schemas`"
    assert ASYNCAPI_PATH.read_text(encoding="utf-8") == render_asyncapi(), (
        "schemas/asyncapi.yaml is stale: run `wirestream schemas`"
    )


def test_official_parser_accepts_the_document():
    result = _validate(ASYNCAPI_PATH)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    settings = default_settings()
    assert summary["valid"] is True
    assert summary["version"] == "3.0.0"
    assert summary["channels"] == [
        settings.topics.raw,
        settings.topics.enriched,
        settings.topics.duplicates,
        settings.topics.deadletter,
        settings.topics.clusters,
    ]


@pytest.mark.parametrize(
    "breakage",
    ["dangling_ref", "bad_action", "no_address_type"],
)
def test_official_parser_rejects_a_broken_document(tmp_path, breakage):
    """The check can fail: the same document, broken three ways, is refused."""
    doc = yaml.safe_load(ASYNCAPI_PATH.read_text(encoding="utf-8"))
    if breakage == "dangling_ref":
        doc["operations"]["sendEnriched"]["channel"] = {"$ref": "#/channels/nowhere"}
    elif breakage == "bad_action":
        doc["operations"]["receiveRaw"]["action"] = "consume"
    else:
        doc["channels"]["raw"]["address"] = 42
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    result = _validate(path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert '"severity":"Error"' in result.stdout


def test_document_describes_keys_payloads_and_security():
    doc = yaml.safe_load(ASYNCAPI_PATH.read_text(encoding="utf-8"))
    settings = default_settings()
    assert doc["servers"]["local"]["variables"]["bootstrap"]["default"] == (
        settings.connection.bootstrap
    )
    schemes = {s["type"] for s in doc["components"]["securitySchemes"].values()}
    assert schemes == {"plain", "scramSha256", "scramSha512", "X509"}
    actions = {
        op["channel"]["$ref"].rsplit("/", 1)[1]: op["action"] for op in doc["operations"].values()
    }
    assert actions == {
        "raw": "receive",
        "enriched": "send",
        "duplicates": "send",
        "deadletter": "send",
        "clusters": "send",
    }
    clusters = doc["channels"]["clusters"]
    topic = clusters["bindings"]["kafka"]["topicConfiguration"]
    assert topic["cleanup.policy"] == ["compact", "delete"]
    assert topic["retention.ms"] == 168 * 3_600_000
    (message,) = clusters["messages"].values()
    assert message["bindings"]["kafka"]["key"]["description"].startswith("The cluster_id")
    assert message["payload"] == {"$ref": "#/components/schemas/StoryCluster"}
    for name in ("RawStory", "EnrichedStory", "DuplicateRecord", "DeadLetter", "StoryCluster"):
        assert name in doc["components"]["schemas"]
