"""GET /_mock/openapi.json describes the whole control API: a route added later without its
description fails here, not in a client generated from it."""

import json
import re

from reminders_mock.control.errors import control_paths


async def test_every_control_route_is_described(client):
    response = await client.get("/_mock/openapi.json")
    described = {
        f"{method.upper()} {path}"
        for path, operations in (await response.json())["paths"].items()
        for method in operations
    }
    assert set(control_paths(client.app.router)) == described


async def test_every_reference_names_a_schema_the_description_holds(client):
    document = await (await client.get("/_mock/openapi.json")).json()
    referenced = set(re.findall(r"#/components/schemas/(\w+)", json.dumps(document)))
    assert referenced <= set(document["components"]["schemas"])
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "4XX" in operation["responses"], (method, path)


async def test_the_description_is_served_without_a_key(client):
    response = await client.get("/_mock/openapi.json")
    assert response.status == 200
    assert (await response.json())["openapi"].startswith("3.")
