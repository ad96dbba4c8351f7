"""What a test pays for its own tenant, and a session for its server: the default scenario's
world built in-process (what POST /_mock/tenants does), the same without the scenario's fixture
PayLinks and mandates (to see where the time goes), a tenant over HTTP through the client (what
the `reminders_mock` fixture does), and the start of a server on a background thread.

    python bench/new_tenant.py [TENANTS]
"""

import sys
import time

import reminders_mock
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.webhooks.transport import HttpTransport, Inboxes
from reminders_mock.world import build_world


def per_call_ms(work, count: int) -> float:
    """The best of three rounds, so another process's burst does not count."""
    rounds = []
    for _ in range(3):
        started = time.perf_counter()
        for seed in range(count):
            work(seed)
        rounds.append((time.perf_counter() - started) / count * 1000)
    return min(rounds)


def main(count: int) -> None:
    scenario = load_scenario("default")
    spec, transport = scenario.tenants[0], HttpTransport(Inboxes())

    def world(seed: int, **options) -> None:
        build_world(
            spec, seed=seed, start=scenario.clock.start, public_url="http://b", transport=transport, **options
        )

    serve = reminders_mock.server  # imported here, so the start below is the server's alone
    started = time.perf_counter()
    with serve() as running:
        start_ms = (time.perf_counter() - started) * 1000
        over_http = per_call_ms(lambda seed: running.new_tenant(seed=seed).close(), count)
    in_process = per_call_ms(world, count)
    bare = per_call_ms(lambda seed: world(seed, with_fixtures=False), count)
    print(f"server start (imports done):      {start_ms:8.2f} ms")
    print(f"new tenant, in-process world:     {in_process:8.3f} ms")
    print(f"  of which the scenario fixtures: {in_process - bare:8.3f} ms")
    print(f"new tenant over HTTP + a client:  {over_http:8.3f} ms")
    print(f"a tenant over HTTP costs {over_http / in_process:.2f}x its world")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
