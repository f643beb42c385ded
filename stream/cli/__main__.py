"""``python -m stream.cli``: the same as the ``wirestream`` script."""

from stream.cli.main import main

main()
