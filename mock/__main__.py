"""`python -m reminders_mock` is the same as the `reminders-mock` console script."""

from .cli import main

raise SystemExit(main())
