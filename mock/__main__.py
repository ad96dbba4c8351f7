"""`python -m mock` is the same as the `reminders-mock` console script."""

from mock.cli import main

raise SystemExit(main())
