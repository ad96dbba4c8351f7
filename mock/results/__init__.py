"""End-of-day result files: one CSV per script per day, and one for PayLinks made through the API."""

from .model import ResultFile
from .service import Results

__all__ = ["ResultFile", "Results"]
