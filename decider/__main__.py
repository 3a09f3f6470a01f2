"""``python -m decider``: the same as the ``decider`` command."""

from .cli import main

main()
