"""``python -m govreports`` is the ``govreports`` command."""

import sys

from govreports.cli import main

sys.exit(main())
