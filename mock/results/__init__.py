"""End-of-day result files: one CSV per script per day, and one for PayLinks made through the API."""

from mock.results.model import ResultFile
from mock.results.service import Results

__all__ = ["ResultFile", "Results"]
