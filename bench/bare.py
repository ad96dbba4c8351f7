"""The baseline server of the throughput figures: aiohttp with one POST handler that reads the
JSON body and answers a small JSON body, and the health route the bench waits on.

    python -m bench.bare PORT
"""

import sys

from aiohttp import web


async def answer(request: web.Request) -> web.Response:
    await request.json()
    return web.json_response({"data": {"ok": True}})


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def main(port: int) -> None:
    app = web.Application()
    app.router.add_post("/v1", answer)
    app.router.add_get("/_mock/health", health)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
