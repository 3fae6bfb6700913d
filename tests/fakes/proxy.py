"""A round-robin reverse proxy on 127.0.0.1 in front of several workers, as
nginx or a cloud load balancer would be (tests and benchmarks).

    async with Proxy(["http://127.0.0.1:3001", "http://127.0.0.1:3002"]) as proxy:
        ... send to proxy.url ...

``X-Test-Upstream: <n>`` on a request pins it to upstream n (to send a
retry to the *other* worker); every answer says which upstream gave it
(``X-Upstream``); ``served`` counts the answers per upstream. An upstream
that does not answer gives a 502.
"""

from __future__ import annotations

import itertools

import aiohttp
from aiohttp import web

from tests.fakes import serve_local


class Proxy:
    """A round-robin reverse proxy in front of the workers (as nginx would be).
    ``X-Test-Upstream: <n>`` pins a request to worker n (to send a retry to the
    *other* worker); every answer says which worker gave it (``X-Upstream``)."""

    def __init__(self, upstreams: list[str]):
        self.upstreams = upstreams
        self._next = itertools.cycle(range(len(upstreams)))
        self.served = [0] * len(upstreams)

    async def __aenter__(self):
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=512))
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.forward)
        self.runner, port = await serve_local(app)
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc):
        await self.runner.cleanup()
        await self.session.close()

    async def forward(self, request: web.Request) -> web.Response:
        pinned = request.headers.get("X-Test-Upstream")
        n = int(pinned) if pinned is not None else next(self._next)
        body = await request.read()
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() not in ("host", "content-length", "x-test-upstream")}
        try:
            async with self.session.request(request.method, self.upstreams[n] + request.path_qs, data=body,
                                            headers=headers) as r:
                payload = await r.read()
                self.served[n] += 1
                return web.Response(status=r.status, body=payload, headers={
                    "Content-Type": r.headers.get("Content-Type", "text/plain"), "X-Upstream": str(n)})
        except aiohttp.ClientError:
            return web.Response(status=502, text="bad gateway", headers={"X-Upstream": str(n)})
