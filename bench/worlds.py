"""The default scenario's tenant 6500, in-process, as the figures that skip HTTP meet it: its
world, the server's GraphQL executor, and the documentation's own requests."""

from dataclasses import dataclass
from typing import Any

from pydantic.alias_generators import to_snake

from reminders_mock.app import create_app
from reminders_mock.control.common import REGISTRY
from reminders_mock.graphql import EXECUTOR, Executor, RequestContext
from reminders_mock.scenario.loader import load_scenario
from reminders_mock.world import World
from tests.documented.examples import EXAMPLES

DOCUMENTED = {example["name"]: example for example in EXAMPLES}


def documented(name: str, **variables: Any) -> dict[str, Any]:
    """The body of a documented request (examples.json), its variables replaced by `variables`
    when given."""
    example = DOCUMENTED[name]
    return {"query": example["query"], "variables": variables or example["variables"]}


# The documented PayLinkInput as the GraphQL layer hands it to the service: snake_case names.
SERVICE_INPUT = {
    to_snake(name): value for name, value in documented("create_paylink")["variables"]["payLink"].items()
}


@dataclass
class InProcess:
    """Tenant 6500 of a fresh default scenario, and how a request to /v1 reaches it."""

    world: World
    executor: Executor

    @classmethod
    def default(cls) -> "InProcess":
        app = create_app(load_scenario("default"), public_url="http://bench")
        return cls(app[REGISTRY].find("demo-key"), app[EXECUTOR])

    async def run(self, body: dict[str, Any]) -> dict[str, Any]:
        """The body executed as POST /v1 executes it, minus HTTP; refuses an answer with errors."""
        answer = await self.executor.run(body, RequestContext(self.world, None))
        if "errors" in answer:
            raise RuntimeError(f"the mock refused a benchmark request: {answer['errors']}")
        return answer["data"]

    def create_paylinks(self, count: int) -> None:
        """`count` documented PayLinks through the service's create, each with its schedule."""
        for _ in range(count):
            self.world.paylinks.create_from_api(dict(SERVICE_INPUT))
