"""``python -m designer`` is the ``designer`` command."""

from designer.cli import main

main()
