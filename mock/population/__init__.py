"""Populations: seeded, Faker-generated debtors that enter a tenant as import files, like a
customer's own records, and move on as the rules and magic values say."""

from .records import PopulationRecord, planned_outcomes
from .service import Population
from .summary import summarise

__all__ = ["Population", "PopulationRecord", "planned_outcomes", "summarise"]
