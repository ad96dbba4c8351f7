"""Control API, populations: the tenant's generated debtors summed up (GET /_mock/population)."""

from aiohttp import web

from ..population import summarise
from .common import world_of

routes = web.RouteTableDef()


@routes.get("/_mock/population")
async def population(request: web.Request) -> web.Response:
    world = world_of(request)
    return web.json_response(summarise(world.population, world.paylinks, world.mandates, world.voice))
