"""A tenant's population: its records arrive as CSV files through the import, on the import
schedule, all at the start or spread over (week)days. Each arrival is generated from the seed and
its own number alone, so a snapshot needs to carry nothing but the clock's pending arrivals."""

from dataclasses import dataclass
from datetime import date, datetime, time

from ..core.tenant import Tenant
from ..core.windows import DAY
from ..imports.service import ImportService
from ..scenario.models import ScriptSpec
from ..scenario.population import PopulationSpec
from .records import PopulationRecord, RecordMaker, csv_base64

ARRIVE_ACTION = "population.arrive"
ARRIVAL_TIME = time(7, 0)  # a day's records come in before the default schedule's 08:00 window
RECORDS_PER_FILE = 10_000  # a file of this many records stays well under the import's 20 MB


@dataclass(frozen=True)
class Arrival:
    """The records numbered `first` to `first + count - 1`, imported `on` that moment."""

    on: datetime
    first: int
    count: int


class Population:
    def __init__(
        self,
        tenant: Tenant,
        spec: PopulationSpec | None,
        scripts: list[ScriptSpec],
        imports: ImportService,
        seed: int,
        start: datetime,
    ) -> None:
        self.tenant, self.spec, self.scripts, self.imports = tenant, spec, scripts, imports
        self.seed = seed
        self.arrivals = self._plan(start) if spec is not None else []
        tenant.clock.on(ARRIVE_ACTION, self._arrive)

    def begin(self) -> None:
        """In a new world: what is due now is imported now, the rest waits on the clock. A world
        restored from a snapshot does not begin: its clock holds the arrivals still to come."""
        now = self.tenant.clock.now()
        for index, arrival in enumerate(self.arrivals):
            if arrival.on <= now:
                self._arrive(index)
            else:
                self.tenant.clock.schedule(arrival.on, ARRIVE_ACTION, index=index)

    def records(self, index: int) -> list[PopulationRecord]:
        """Arrival `index`'s records, the same every time for the same spec and seed."""
        arrival = self.arrivals[index]
        maker = RecordMaker(self.spec, self.scripts, f"{self.seed}:population:{index}")
        return maker.records(arrival.first, arrival.count, self._local_day(arrival.on))

    def _arrive(self, index: int) -> None:
        records = self.records(index)
        per_file = min(RECORDS_PER_FILE, self.imports.max_records or RECORDS_PER_FILE)
        for start in range(0, len(records), per_file):
            self.imports.add_file("csv", csv_base64(records[start : start + per_file]))

    def _plan(self, start: datetime) -> list[Arrival]:
        """From the world's start, so a world restored later plans the same arrivals."""
        size, arrivals = self.spec.size, self.spec.arrivals
        if arrivals is None:
            return [Arrival(start, 1, size)] if size else []
        plan, day = [], self._local_day(start)
        while sum(arrival.count for arrival in plan) < size:
            if arrivals.per == "day" or day.weekday() < 5:
                first = 1 + len(plan) * arrivals.count
                moment = max(start, datetime.combine(day, ARRIVAL_TIME, self.tenant.timezone))
                plan.append(Arrival(moment, first, min(arrivals.count, size - first + 1)))
            day += DAY
        return plan

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tenant.timezone).date()
