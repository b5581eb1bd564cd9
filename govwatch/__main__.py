"""``python -m govwatch`` = the ``govwatch`` console script."""

from govwatch.cli.main import main

main()
