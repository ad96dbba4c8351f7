"""CORS on /v1: a page on another origin may call the API when its origin is allowed (any, by
default, on loopback; only those named with `serve --cors-origin`, off it): preflights answered,
Access-Control-Allow-Origin on every answer, refusals included; other origins refused."""

import argparse

import pytest

from reminders_mock import cli
from reminders_mock.app import create_app
from reminders_mock.cli import server as serving_cli
from tests.conftest import PUBLIC_URL

PAGE = "http://localhost:5173"  # a front-end dev server
ELSEWHERE = "https://elsewhere.example"
QUERY = {"query": "{ payLink { payLinks { pagination { total } } } }"}


def preflight(client, origin: str):
    return client.options(
        "/v1",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-auth-token",
        },
    )


async def allowing(aiohttp_client, scenario, origins: list[str]):
    return await aiohttp_client(create_app(scenario, public_url=PUBLIC_URL, cors_origins=origins))


async def test_a_preflight_from_any_page_is_answered_by_default(client):
    response = await preflight(client, PAGE)

    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == PAGE
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "x-auth-token" in allowed and "content-type" in allowed
    assert "Access-Control-Allow-Credentials" not in response.headers  # the key is a header, not a cookie


async def test_answers_and_refusals_carry_the_allowed_origin(client):
    answered = await client.post("/v1", json=QUERY, headers={"Origin": PAGE, "X-AUTH-TOKEN": "demo-key"})
    refused = await client.post("/v1", json=QUERY, headers={"Origin": PAGE, "X-AUTH-TOKEN": "nobody"})

    assert (answered.status, refused.status) == (200, 401)
    assert "errors" not in await answered.json()
    for response in (answered, refused):
        assert response.headers["Access-Control-Allow-Origin"] == PAGE


async def test_a_request_without_an_origin_gets_no_cors_headers(gql):
    response = await gql.client.post("/v1", json=QUERY, headers={"X-AUTH-TOKEN": "demo-key"})

    assert response.status == 200
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_only_the_origins_named_are_allowed(aiohttp_client, scenario):
    client = await allowing(aiohttp_client, scenario, [PAGE])

    allowed, other = await preflight(client, PAGE), await preflight(client, ELSEWHERE)
    posted = await client.post("/v1", json=QUERY, headers={"Origin": ELSEWHERE, "X-AUTH-TOKEN": "demo-key"})

    assert allowed.status == 200 and allowed.headers["Access-Control-Allow-Origin"] == PAGE
    assert other.status == 403
    assert ELSEWHERE in await other.text()  # says which origin is not allowed
    assert "Access-Control-Allow-Origin" not in other.headers
    # Answered (CORS does not stop a request), but the browser keeps the answer from the page.
    assert posted.status == 200 and "Access-Control-Allow-Origin" not in posted.headers


async def test_with_no_origin_allowed_every_preflight_is_refused(aiohttp_client, scenario):
    client = await allowing(aiohttp_client, scenario, [])

    response = await preflight(client, PAGE)

    assert response.status == 403
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_the_control_api_is_not_opened_to_other_origins(client):
    response = await client.options(
        "/_mock/clock", headers={"Origin": PAGE, "Access-Control-Request-Method": "GET"}
    )

    assert "Access-Control-Allow-Origin" not in response.headers


# ---------------------------------------------------------------- serve --cors-origin


def serve_args(*given: str) -> argparse.Namespace:
    return cli._parser().parse_args(["serve", *given])


@pytest.mark.parametrize(
    ("given", "loopback", "allowed", "refused"),
    [
        ([], True, [PAGE, ELSEWHERE], []),
        ([], False, [], [PAGE, ELSEWHERE]),
        (["--cors-origin", PAGE], True, [PAGE], [ELSEWHERE]),
        (["--cors-origin", PAGE, "--cors-origin", ELSEWHERE], False, [PAGE, ELSEWHERE], []),
        (["--cors-origin", "*"], False, [PAGE, ELSEWHERE], []),
    ],
)
async def test_serve_allows_any_origin_on_loopback_and_only_those_named_off_it(
    aiohttp_client, given, loopback, allowed, refused
):
    args = serve_args(*given)
    app = serving_cli._app(args, serving_cli._scenarios_to_serve(args), PUBLIC_URL, loopback=loopback)
    client = await aiohttp_client(app)

    statuses = {origin: (await preflight(client, origin)).status for origin in [*allowed, *refused]}

    assert statuses == {**{o: 200 for o in allowed}, **{o: 403 for o in refused}}


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("http://localhost:5173", "http://localhost:5173"),
        ("HTTP://LocalHost:5173/", "http://localhost:5173"),  # as a browser's Origin header has it
        ("https://app.example:443", "https://app.example"),
        ("*", "*"),
    ],
)
def test_an_origin_is_read_as_browsers_send_it(given, read):
    assert serve_args("--cors-origin", given).cors_origin == [read]


@pytest.mark.parametrize(
    "given", ["localhost:5173", "ftp://files.example", "http://app.example/path", "http://", "http://[::1"]
)
def test_serve_refuses_what_is_not_an_origin_in_one_line(capsys, given):
    with pytest.raises(SystemExit) as stopped:
        serve_args("--cors-origin", given)

    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--cors-origin" in err and "expected an origin such as http://localhost:3000" in err
