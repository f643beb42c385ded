"""Keeps the pipeline core Kafka-free and the imports flowing one way."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DRIVER_MODULES = {
    "stream/app.py",
    "stream/faust_fixes.py",
    "stream/agents.py",
    "stream/topics.py",
    "stream/worker.py",
    "stream/kafka_admin.py",
    "stream/replay.py",
    "stream/tail.py",
    "stream/demo.py",
    "stream/supervise.py",
    "stream/testing.py",
    "stream/cli.py",
    "stream/broker.py",
    "stream/lag.py",
    "stream/connection.py",
}
KAFKA_PACKAGES = {"faust", "aiokafka", "mode", "kafka"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def test_core_never_imports_kafka_clients():
    offenders = []
    for path in _python_files("stream", "schemas"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in DRIVER_MODULES:
            continue
        roots = {name.split(".")[0] for name in _imports(path)}
        if roots & KAFKA_PACKAGES:
            offenders.append(rel)
    assert offenders == []


def test_schemas_depend_on_nothing_of_ours():
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in _python_files("schemas")
        if any(name.split(".")[0] == "stream" for name in _imports(p))
    ]
    assert offenders == []


def test_stages_do_not_import_drivers():
    drivers = {m.removesuffix(".py").replace("/", ".") for m in DRIVER_MODULES}
    offenders = []
    for path in _python_files("stream/normalize", "stream/dedup", "stream/extract"):
        if _imports(path) & (drivers | {"stream.pipeline", "stream.offline"}):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []
