"""The ``wirestream`` command line and what it draws: commands, terminal rendering, the demo.

``python -m stream.cli`` and the ``wirestream`` script both run :func:`main`.
"""

from stream.cli.main import app, main

__all__ = ["app", "main"]
