"""The README's requests work as printed: every curl to /v1 in it (the set-up line, the tour, the
query cookbook) answers without errors against the default scenario, the cookbook holds every
documented operation, and its scenario example is a valid scenario."""

import json
import re
from pathlib import Path

from reminders_mock.scenario.loader import load_scenario
from tests.documented.examples import EXAMPLES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
# A curl to the GraphQL endpoint, its body either inline (-d '...') or in a heredoc (-d @- <<'JSON').
CURL = re.compile(
    r"curl -s http://127\.0\.0\.1:8080/v1 [^\n]*?(?:\\\n\s*)?-d "
    r"(?:'(?P<inline>[^\n]*)'|@- <<'JSON'\n(?P<heredoc>.*?)\nJSON)",
    re.S,
)


def graphql_bodies() -> list[dict]:
    found = [json.loads(m["inline"] or m["heredoc"]) for m in CURL.finditer(README)]
    assert len(found) > len(EXAMPLES), "expected the cookbook, the set-up line and the tour"
    return found


def test_the_cookbook_holds_every_documented_operation():
    queries = {body["query"] for body in graphql_bodies()}
    assert [e["title"] for e in EXAMPLES if e["query"] not in queries] == []


async def test_every_graphql_request_in_the_readme_answers_without_errors(gql):
    for body in graphql_bodies():
        answer = await gql.ok(body["query"], body.get("variables"))
        assert answer, body["query"]


def test_the_scenario_example_is_a_valid_scenario(tmp_path):
    [example] = re.findall(r"```yaml\n(seed:.*?)```", README, re.S)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    assert load_scenario(path).tenants[0].customer == "7000"
