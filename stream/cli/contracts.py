"""Writes the contract files (``wirestream schemas``): JSON Schema and AsyncAPI.

The AsyncAPI document names topics and sizes, so it is built from the settings'
*defaults* (never the environment): the committed file is the same on every machine.
"""

from __future__ import annotations

import json
from pathlib import Path

import schemas.version
from schemas import asyncapi, compat, export
from schemas.version import SCHEMA_VERSION
from stream.errors import ContractError
from stream.settings import Settings

VERSION_MODULE = Path(schemas.version.__file__)


def default_settings() -> Settings:
    """The field defaults alone, whatever ``WIRESTREAM_*`` the environment holds."""
    return Settings.defaults()


def topology(settings: Settings) -> asyncapi.Topology:
    return asyncapi.Topology(
        bootstrap=settings.connection.bootstrap,
        raw=settings.topics.raw,
        enriched=settings.topics.enriched,
        duplicates=settings.topics.duplicates,
        deadletter=settings.topics.deadletter,
        clusters=settings.topics.clusters,
        partitions=settings.topics.partitions,
        replication_factor=settings.topics.replication_factor,
        max_message_bytes=settings.limits.max_message_bytes,
        clusters_retention_ms=settings.topics.clusters_retention_ms,
        consumer_group=settings.worker.app_id,
    )


def render_asyncapi(version: str = SCHEMA_VERSION) -> str:
    return asyncapi.render(topology(default_settings()), version)


def write_all(jsonschema_dir: Path = export.JSONSCHEMA_DIR) -> list[Path]:
    """Every generated contract file; the list of paths written."""
    written = export.write(jsonschema_dir)
    written.append(asyncapi.write(topology(default_settings()), SCHEMA_VERSION))
    return written


def release(version: str, released_dir: Path = compat.RELEASED_DIR) -> list[Path]:
    """Snapshot the current output schemas as release ``version`` (one command).

    Refuses a version that is not newer than the released one, and breaking changes
    without a breaking bump (a new major; a new minor while at 0.x). Rewrites
    ``schemas/version.py`` so records carry the new ``schema_version``, then writes the
    JSON Schema files, the AsyncAPI document and the snapshot.
    """
    old = compat.released_version(released_dir)
    try:
        newer = compat.parse_version(version) > compat.parse_version(old)
    except ValueError as exc:
        raise ContractError(str(exc)) from None
    if not newer:
        raise ContractError(f"release {version} is not newer than the released {old}")
    breaks = breaking_changes_since_release(released_dir)
    if breaks and not compat.is_breaking_bump(old, version):
        raise ContractError(
            f"{len(breaks)} breaking change(s) since {old} need a new major version, not "
            f"{version}:\n  " + "\n  ".join(breaks)
        )
    text = VERSION_MODULE.read_text(encoding="utf-8")
    VERSION_MODULE.write_text(
        text.replace(f'SCHEMA_VERSION = "{SCHEMA_VERSION}"', f'SCHEMA_VERSION = "{version}"'),
        encoding="utf-8",
    )
    written = export.write()
    written.append(asyncapi.write(topology(default_settings()), version))
    return written + snapshot(version, released_dir)


def snapshot(version: str, released_dir: Path = compat.RELEASED_DIR) -> list[Path]:
    """Write the current output schemas and ``VERSION`` into ``released_dir``."""
    released_dir.mkdir(parents=True, exist_ok=True)
    for stale in released_dir.glob("*.schema.json"):
        stale.unlink()
    rendered = export.render()
    written = []
    for name in export.OUTPUT_SCHEMAS:
        path = released_dir / f"{name}.schema.json"
        path.write_text(rendered[path.name], encoding="utf-8")
        written.append(path)
    (released_dir / "VERSION").write_text(version + "\n", encoding="utf-8")
    return [*written, released_dir / "VERSION"]


def breaking_changes_since_release(released_dir: Path = compat.RELEASED_DIR) -> list[str]:
    """Breaking changes of the current output schemas against the released snapshot."""
    current = {name: json.loads(text) for name, text in export.render().items()}
    problems = []
    for filename, old in compat.released_schemas(released_dir).items():
        if filename not in current:
            problems.append(f"{filename}: the payload is no longer exported")
            continue
        problems += [f"{filename}: {p}" for p in compat.breaking_changes(old, current[filename])]
    return problems
