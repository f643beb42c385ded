"""Runs the faust worker: topics first, then the app with its agents."""

from __future__ import annotations

import asyncio

import faust

from stream.kafka.admin import ensure_topics
from stream.runtime.agents import wire_agents
from stream.runtime.app import create_app
from stream.settings import Settings


def run_worker(settings: Settings, loglevel: str = "info") -> None:
    """Block until SIGTERM/SIGINT; mode's worker then stops the agents and commits."""
    asyncio.run(ensure_topics(settings))
    asyncio.set_event_loop(asyncio.new_event_loop())
    app = create_app(settings)
    wire_agents(app, settings).warm_up()  # before the group join, not in an agent
    worker = faust.Worker(app, loglevel=loglevel, quiet=True)
    worker.execute_from_commandline()
