"""Control API, result files: a tenant's result files, listed and served as CSV."""

from typing import Any

from aiohttp import web

from ..core.errors import NotFound
from ..core.values import format_datetime
from ..results import ResultFile
from .common import PageQuery, page, query_of, world_of

routes = web.RouteTableDef()


@routes.get("/_mock/results")
async def result_files(request: web.Request) -> web.Response:
    world = world_of(request)
    shown, paging = page(world.results.files, query_of(request, PageQuery))
    return web.json_response({"files": [_file_json(world.tenant.public_url, f) for f in shown], **paging})


@routes.get("/_mock/results/{name}")
async def result_file(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    found = next((f for f in world_of(request).results.files if f.name == name), None)
    if found is None:
        raise NotFound(f"result file {name}: no such file in this tenant")
    return web.Response(body=found.content, content_type="text/csv", charset="utf-8")


def _file_json(public_url: str, file: ResultFile) -> dict[str, Any]:
    return {
        "name": file.name,
        "day": file.day.isoformat(),
        "script": file.script,
        "createdOn": format_datetime(file.created_on),
        "size": len(file.content),
        "url": f"{public_url}/_mock/results/{file.name}",
    }
