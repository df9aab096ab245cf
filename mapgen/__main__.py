"""``python -m mapgen`` is the ``mapgen`` command."""

from mapgen.cli import main

main()
