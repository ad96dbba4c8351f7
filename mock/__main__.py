"""`python -m reminders_mock` is the same as the `reminders-mock` console script."""

from .console import main

raise SystemExit(main())
