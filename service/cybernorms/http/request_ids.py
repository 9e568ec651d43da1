"""Every request gets an id: on its answer (X-Request-ID), in an error's body, in the log and in the journal.

A client may send its own X-Request-ID to follow a request through; any other
value than a short plain token is replaced, so the log cannot be forged with it.
"""

import logging
import re
import time
import uuid

from .errors import UNEXPECTED, error_response

log = logging.getLogger("cybernorms.requests")

_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9._:-]{1,100}")


def request_id_of(scope) -> str:
    return scope["state"]["request_id"]


class RequestIds:
    """ASGI middleware: names each request, logs one line for it, and answers 500 (logged in full) for a failure."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        offered = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = offered if _PLAIN_TOKEN.fullmatch(offered) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        path = scope["path"].encode("unicode_escape").decode("ascii")  # logged so: a decoded %0A starts no new line
        started = time.perf_counter()
        status = None

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("%s failed: %s %s", request_id, scope["method"], path)
            if status is not None:
                raise  # the answer has begun: the server can only close the connection
            await error_response(500, UNEXPECTED, request_id)(scope, receive, send_with_id)
        finally:
            client = scope.get("client") or ("-", 0)
            log.info('%s %s "%s %s" %s %.1f ms', request_id, client[0], scope["method"], path, status,
                     (time.perf_counter() - started) * 1000)
