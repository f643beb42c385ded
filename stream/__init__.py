"""wirestream: streaming ingestion of news wire stories.

The public surface of the package; the names load on first use (PEP 562), so that
``import stream.settings`` stays cheap and never imports faust or spaCy.

    from stream import Pipeline, Settings
    records = Pipeline.create(Settings()).run(payloads)

Layers (imports flow one way): CLI -> drivers (faust runtime, offline) -> pipeline core
(``stream.core.pipeline`` and the stage packages ``normalize``, ``dedup``, ``extract``) ->
contracts (``schemas``). See docs/architecture.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stream.lazy import lazy_exports as _lazy_exports

if TYPE_CHECKING:
    from stream.core.pipeline import OutputRecord, Pipeline
    from stream.errors import StageError, WirestreamError
    from stream.offline import process
    from stream.settings import Settings, get_settings
    from stream.version import PIPELINE_VERSION

__all__ = [
    "PIPELINE_VERSION",
    "OutputRecord",
    "Pipeline",
    "Settings",
    "StageError",
    "WirestreamError",
    "get_settings",
    "process",
]

_HOME = {
    "PIPELINE_VERSION": "stream.version",
    "OutputRecord": "stream.core.pipeline",
    "Pipeline": "stream.core.pipeline",
    "Settings": "stream.settings",
    "StageError": "stream.errors",
    "WirestreamError": "stream.errors",
    "get_settings": "stream.settings",
    "process": "stream.offline",
}

__getattr__, __dir__ = _lazy_exports(__name__, _HOME)
