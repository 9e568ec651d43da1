"""HEAD is answered wherever GET is, as HTTP requires: the same status and headers, without the body.

The routes declare GET only; the app below sees a GET, and the server, which
still knows the request as HEAD, leaves the body out.
"""


class HeadAsGet:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send)
