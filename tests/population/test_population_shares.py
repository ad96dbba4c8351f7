"""A population of 10,000 with the default outcome shares, a week on, stands within a few percent of
those shares: the rules and the callees, reading the magic values, did what the shares asked."""

from collections import Counter
from datetime import timedelta

from reminders_mock.scenario.population import Outcomes
from tests.population.populated import advanced, populated, world_of

SIZE = 10_000
TOLERANCE = 0.02  # absolute, on each share
# Where each outcome's object stands a week on.
PAYLINK_STATUS = {
    "paid": "paid",
    "partiallyPaid": "partially_paid",
    "failed": "failed",
    "cancelled": "cancelled",
    "neverVisits": "ready",
    "visitsOnly": "started",
}
MANDATE_STATUS = {"signed": "success", "pending": "pending", "neverSigns": "new"}
CALL_RESULT = {"answered": "finished", "voicemail": "finished", "busy": "busy", "noAnswer": "no answer"}


def expected(shares: dict[str, float], status_of: dict[str, str]) -> dict[str, float]:
    totals: Counter[str] = Counter()
    for name, share in shares.items():
        totals[status_of[name]] += share
    return dict(totals)


def observed(statuses: list[str]) -> dict[str, float]:
    return {status: count / len(statuses) for status, count in Counter(statuses).items()}


def assert_near(seen: dict[str, float], wanted: dict[str, float]) -> None:
    assert set(seen) == set(wanted), (seen, wanted)
    for status, share in wanted.items():
        assert abs(seen[status] - share) <= TOLERANCE, (status, seen[status], share)


def test_ten_thousand_debtors_a_week_on_stand_at_the_default_shares():
    world = advanced(world_of(populated({"size": SIZE})), by=timedelta(days=7))
    shares = Outcomes()

    jobs = world.imports.jobs.all
    assert len(jobs) == SIZE
    links = [world.paylinks.get(job.paylink_id).status for job in jobs if job.paylink_id]
    mandates = [world.mandates.get(job.mandate_id).status for job in jobs if job.mandate_id]
    last_call = {call.job_id: call.status for call in world.voice.calls}

    assert_near(observed(links), expected(shares.pay_link, PAYLINK_STATUS))
    assert_near(observed(mandates), expected(shares.mandate, MANDATE_STATUS))
    assert_near(observed(list(last_call.values())), expected(shares.call, CALL_RESULT))
    assert len(links) > SIZE / 3 and len(mandates) > SIZE / 10 and len(last_call) > SIZE / 3
