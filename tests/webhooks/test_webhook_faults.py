"""Faults between the platform and an endpoint (drops, duplicates, delays, reordering), and the
promise that whatever happens on the way, every event ends delivered or failed, with every
attempt in the log."""

from collections import Counter
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reminders_mock.core.vocabulary import DOCUMENTED_WEBHOOK_EVENTS
from reminders_mock.scenario.models import WebhookSpec
from reminders_mock.webhooks.deliveries import AttemptKind, DeliveryStatus
from reminders_mock.webhooks.dispatcher import Dispatcher
from reminders_mock.webhooks.formats import WEBHOOK_EVENTS
from reminders_mock.webhooks.retries import RETRY_MINUTES
from tests.webhooks.helpers import START, ScriptedTransport, fixed_wallclock, new_tenant, paylink_event

THREE_DAYS = timedelta(days=3)
TIMEOUT = 0.02  # seconds; a "timeout" step really waits this long, so the scripts stay short


async def test_a_dropped_attempt_is_logged_never_sent_and_counts_as_a_failed_try(sandbox):
    fake = ScriptedTransport()
    box = sandbox({"url": "http://a.test/hook", "retry": "none", "faults": {"drop": 1}}, via=fake)

    paylink_event(box.tenant)
    await box.clock.settle()

    [delivery] = box.webhooks.deliveries()
    assert [a.kind for a in delivery.attempts] == [AttemptKind.dropped]
    assert (delivery.status, delivery.attempts[0].status, fake.sent) == (DeliveryStatus.failed, None, [])


async def test_a_duplicated_attempt_arrives_twice_and_both_are_logged(sandbox):
    fake = ScriptedTransport()
    box = sandbox({"url": "http://a.test/hook", "faults": {"duplicate": 1}}, via=fake)

    paylink_event(box.tenant)
    await box.clock.settle()

    [delivery] = box.webhooks.deliveries()
    assert [a.kind for a in delivery.attempts] == [AttemptKind.attempt, AttemptKind.duplicate]
    assert [s.body for s in fake.sent] == [delivery.body, delivery.body]


async def test_a_delayed_event_is_first_tried_delay_by_later(sandbox):
    fake = ScriptedTransport()
    box = sandbox({"url": "http://a.test/hook", "faults": {"delay": 1, "delayBy": "PT7M"}}, via=fake)

    paylink_event(box.tenant)
    await box.clock.advance(by=timedelta(minutes=6))
    assert fake.sent == []
    await box.clock.advance(by=timedelta(minutes=1))

    assert box.webhooks.deliveries()[0].attempts[0].on == START + timedelta(minutes=7)


async def test_a_reordered_event_is_overtaken_by_a_later_one(sandbox):
    fake = ScriptedTransport()
    box = sandbox(
        {"url": "http://a.test/hook", "events": ["PayLinkVisited"], "faults": {"reorder": 1}},
        {"url": "http://a.test/hook", "events": ["PayLinkPaid"]},
        via=fake,
    )

    paylink_event(box.tenant, "PayLinkVisited")
    paylink_event(box.tenant, "PayLinkPaid")
    await box.clock.advance(by=timedelta(minutes=1))

    assert [d.event for d in sorted(box.webhooks.deliveries(), key=lambda d: d.attempts[0].on)] == [
        "PayLinkPaid",
        "PayLinkVisited",
    ]


def test_the_retry_profiles_keep_their_promises():
    def total(profile: str) -> timedelta:
        return timedelta(minutes=sum(RETRY_MINUTES[profile]))

    assert total("stripe") <= THREE_DAYS
    assert (len(RETRY_MINUTES["mollie"]) + 1, round(total("mollie") / timedelta(hours=1))) == (10, 26)
    assert RETRY_MINUTES["none"] == ()


step = st.one_of(
    st.sampled_from([200, 500, 410, "timeout", "refused"]),
    st.tuples(st.sampled_from([429, 503]), st.integers(0, 600)),
)
probability = st.sampled_from([0.0, 0.3, 1.0])
endpoint = st.builds(
    lambda events, retry, drop, duplicate, delay, reorder: {
        "events": events,
        "retry": retry,
        "timeout": TIMEOUT,
        "faults": {"drop": drop, "duplicate": duplicate, "delay": delay, "reorder": reorder},
    },
    events=st.none()
    | st.just("all")
    | st.lists(st.sampled_from(sorted(WEBHOOK_EVENTS)), min_size=1, unique=True),
    retry=st.sampled_from(sorted(RETRY_MINUTES)),
    drop=st.sampled_from([0.0, 0.3]),  # a drop of 1 would lose every try: covered above
    duplicate=probability,
    delay=probability,
    reorder=probability,
)


def wanted(events: list[str] | str | None, name: str) -> bool:
    """What an endpoint asks for: the documented events, unless it lists others or says all."""
    if events == "all":
        return name in WEBHOOK_EVENTS
    return name in (events if events is not None else DOCUMENTED_WEBHOOK_EVENTS)


event_names = st.sampled_from([*sorted(WEBHOOK_EVENTS), "PayLinkCreated", "RecordStatusChanged"])


@settings(max_examples=50)
@given(
    endpoints=st.lists(endpoint, min_size=1, max_size=3),
    scripts=st.lists(st.lists(step, max_size=5), min_size=3, max_size=3),
    then=st.sampled_from([200, 500]),
    events=st.lists(st.tuples(event_names, st.integers(0, 300)), min_size=1, max_size=6),
    seed=st.integers(0, 2**32),
)
async def test_every_event_ends_delivered_or_failed_with_every_attempt_logged(
    endpoints, scripts, then, events, seed
):
    urls = [f"http://receiver-{i}.test/hook" for i in range(len(endpoints))]
    fake = ScriptedTransport(dict(zip(urls, scripts, strict=False)), then)
    specs = [WebhookSpec.model_validate({**e, "url": url}) for e, url in zip(endpoints, urls, strict=True)]
    tenant = new_tenant()
    webhooks = Dispatcher(tenant, specs, fake, seed, wallclock=fixed_wallclock)

    published = []
    for name, gap in events:
        published.append(paylink_event(tenant, name))
        await tenant.clock.advance(by=timedelta(seconds=gap))
    await tenant.clock.advance(by=THREE_DAYS)

    deliveries = webhooks.deliveries()
    assert {d.status for d in deliveries} <= {DeliveryStatus.delivered, DeliveryStatus.failed}
    expected = [
        (event.service_id if event.name == "VoiceCallCompleted" else event.id, index)
        for event in published
        for index, spec in enumerate(specs)
        if wanted(spec.events, event.name)
    ]
    assert sorted((d.event_id, d.endpoint) for d in deliveries) == sorted(expected)
    logged = [(a.url, d.body) for d in deliveries for a in d.attempts if a.kind != AttemptKind.dropped]
    assert Counter(logged) == Counter((s.url, s.body) for s in fake.sent)
    for delivery in deliveries:
        assert_outcome_follows_from_the_attempts(delivery, specs[delivery.endpoint])
    assert tenant.clock.pending == []


def assert_outcome_follows_from_the_attempts(delivery, spec: WebhookSpec) -> None:
    tries = [a for a in delivery.attempts if a.kind in (AttemptKind.attempt, AttemptKind.dropped)]
    last = tries[-1]
    if delivery.status == DeliveryStatus.delivered:
        assert last.ok
    else:
        assert last.status == 410 or len(tries) == len(RETRY_MINUTES[spec.retry]) + 1
    assert all(not a.ok and a.status != 410 for a in tries[:-1])
