"""reminders-mock: an offline simulator of the Alphacomm / Collectmaxx reminders platform."""

__version__ = "0.1.0"
