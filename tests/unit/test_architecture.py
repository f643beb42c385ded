"""The folders are the architecture: imports flow CLI -> drivers -> core -> schemas.

One rule keeps the layers honest: ``stream/core/`` imports nothing from ``runtime/``,
``kafka/``, ``local/`` or ``cli/``, nor any Kafka client, so the pipeline stays plain
Python that the faust agents and the offline driver both call.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTER = ("stream.runtime", "stream.kafka", "stream.local", "stream.cli", "stream.offline")
KAFKA_PACKAGES = {"faust", "aiokafka", "mode", "kafka"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _outer(module: str) -> bool:
    return any(module == layer or module.startswith(layer + ".") for layer in OUTER)


def test_core_imports_no_outer_layer_and_no_kafka_client():
    offenders = []
    for path in _python_files("stream/core"):
        for module in _imports(path):
            if _outer(module) or module.split(".")[0] in KAFKA_PACKAGES:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_the_rule_sees_the_core():
    """Guards the rule itself: it would be vacuous over an empty or misnamed folder."""
    stages = {p.parent.name for p in _python_files("stream/core") if p.name == "stage.py"}
    assert stages == {"normalize", "dedup", "extract"}
    assert _outer("stream.runtime.agents") and not _outer("stream.core.pipeline")


def test_schemas_depend_on_nothing_of_ours():
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in _python_files("schemas")
        if any(name.split(".")[0] == "stream" for name in _imports(p))
    ]
    assert offenders == []


STAGES = ("normalize", "dedup", "clusters", "extract")
#: Known sideways imports: ``clusters`` names the dedup stage's story clusters with
#: dedup's own text tools (fingerprint, salient words).
ALLOWED = {("clusters", "dedup")}


def test_a_stage_imports_no_other_stage():
    """Stages meet in ``stream.core.pipeline``; what two share lives beside them
    (``stream.core.text``), so one stage's internals can change without breaking another."""
    offenders = []
    for stage in STAGES:
        for path in _python_files(f"stream/core/{stage}"):
            for module in _imports(path):
                parts = [*module.split("."), ""][:3]
                other = parts[2] if parts[:2] == ["stream", "core"] else ""
                if other in STAGES and other != stage and (stage, other) not in ALLOWED:
                    offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []
    assert all(_python_files(f"stream/core/{stage}") for stage in STAGES)
