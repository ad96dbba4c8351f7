"""GET /_mock/population's figures: the population's records counted per status, per script,
per arrival day, and per planned outcome against where each object has got to."""

from collections import Counter, defaultdict
from typing import Any

from ..core.values import format_datetime
from ..imports.model import Batch, Record
from ..mandates.service import MandateService
from ..paylinks.service import PayLinkService
from ..voice.calls import Calls
from .records import ORIGIN, ORIGIN_COLUMN, planned_outcomes
from .service import Population

NOT_YET = "none yet"  # no PayLink, mandate or call (yet) for a record: rejected, or still importing


class Tally:
    """Records counted in total and per status."""

    def __init__(self) -> None:
        self.records, self.by_status = 0, Counter[str]()

    def add(self, status: str) -> None:
        self.records += 1
        self.by_status[status] += 1

    def as_json(self) -> dict[str, Any]:
        return {"records": self.records, "byStatus": dict(sorted(self.by_status.items()))}


class Summary:
    def __init__(
        self, population: Population, paylinks: PayLinkService, mandates: MandateService, calls: Calls
    ) -> None:
        self.population, self.imports = population, population.imports
        self.paylinks, self.mandates = paylinks, mandates
        self.scripts = {script.id: script for script in population.scripts}
        self.last_calls = {call.job_id: call for call in calls.calls if call.job_id}  # the latest wins
        self.records, self.by_script, self.by_day = Tally(), defaultdict(Tally), defaultdict(Tally)
        self.outcomes: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))

    def count(self) -> dict[str, Any]:
        for batch in self.imports.batches:
            for record in batch.records:
                if record.extra.get(ORIGIN_COLUMN) == ORIGIN:
                    self._count(batch, record)
        return self._as_json()

    def _count(self, batch: Batch, record: Record) -> None:
        status = str(record.status)
        day = batch.created_on.astimezone(self.population.tenant.timezone).date().isoformat()
        for tally in (self.records, self.by_script[record.script_id], self.by_day[day]):
            tally.add(status)
        script = self.scripts.get(record.script_id)
        if script is None:
            return
        for kind, name in planned_outcomes(script, record.fields).items():
            self.outcomes[kind][name].add(self._reached(kind, record))

    def _reached(self, kind: str, record: Record) -> str:
        """Where the record's PayLink, mandate or latest call has got to."""
        job = self.imports.jobs.by_id.get(record.job_id or "")
        if job is None:
            return NOT_YET
        if kind == "payLink":
            return str(self.paylinks.get(job.paylink_id).status) if job.paylink_id else NOT_YET
        if kind == "mandate":
            return str(self.mandates.get(job.mandate_id).status) if job.mandate_id else NOT_YET
        call = self.last_calls.get(job.id)
        return call.status if call is not None else NOT_YET

    def _as_json(self) -> dict[str, Any]:
        spec, now = self.population.spec, self.population.tenant.clock.now()
        return {
            "size": spec.size if spec else 0,
            "locale": spec.locale if spec else None,
            "arrivals": [
                {"on": format_datetime(a.on), "records": a.count, "arrived": a.on <= now}
                for a in self.population.arrivals
            ],
            **self.records.as_json(),
            "byScript": {name: tally.as_json() for name, tally in sorted(self.by_script.items())},
            "byDay": {day: tally.as_json() for day, tally in sorted(self.by_day.items())},
            "outcomes": {
                kind: {name: tally.as_json() for name, tally in sorted(names.items())}
                for kind, names in self.outcomes.items()
            },
        }


def summarise(
    population: Population, paylinks: PayLinkService, mandates: MandateService, calls: Calls
) -> dict[str, Any]:
    return Summary(population, paylinks, mandates, calls).count()
