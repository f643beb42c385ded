"""Rewrite flat settings reads (``settings.web_port``) to the grouped ones
(``settings.worker.web_port``) in the given files, in place; prints what it changed.

For merging branches written before settings were grouped (issue 14). Only attribute
reads on a settings-like name (``settings``, ``self.settings``, ``*_settings``,
``Settings()``, ``get_settings()``, ``defaults``, ``child``) are rewritten; keyword
arguments (``Settings(web_port=1)``) keep their flat names, which are still the
``WIRESTREAM_*`` names. ``model_copy(update=...)`` on settings is not rewritten: use
``settings.replace(...)``.

    .venv/bin/python tools/settings_grouped.py $(git diff --name-only main -- '*.py')
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from stream.settings import Settings

_RENAMED = {"broker_bootstrap": "connection.bootstrap", "output_topics": "topics.outputs"}
_RENAMED["topic_partitions"] = "topics.partition_counts"


def grouped_paths() -> dict[str, str]:
    """flat name -> ``group.field`` for every setting, plus the renamed helpers."""
    paths = {}
    for group in Settings.GROUPS:
        model = Settings.model_fields[group].annotation
        for name, info in model.model_fields.items():  # type: ignore[union-attr]
            paths[info.alias or name] = f"{group}.{name}"
    paths.update(_RENAMED)
    paths.update(uses_tls="connection.uses_tls", sasl_secret="connection.sasl_secret")
    return paths


def rewrite(text: str, paths: dict[str, str]) -> tuple[str, int]:
    names = "|".join(sorted(paths, key=len, reverse=True))
    receiver = (
        r"(\b(?:self\.settings|[A-Za-z_]*settings|defaults|child|"
        r"get_settings\(\)|Settings\(\)|Settings))"
    )
    pattern = re.compile(receiver + r"\.(" + names + r")\b(?!\s*=[^=])")
    return pattern.subn(lambda m: f"{m.group(1)}.{paths[m.group(2)]}", text)


def main(files: list[str]) -> None:
    paths = grouped_paths()
    for name in files:
        path = Path(name)
        text, count = rewrite(path.read_text(encoding="utf-8"), paths)
        if count:
            path.write_text(text, encoding="utf-8")
            print(f"{count:4d}  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
