"""A bound on request bodies: a larger body is refused with 413 before it is read whole."""

from .errors import ClientError, error_response
from .request_ids import request_id_of


class BodyLimit:
    """ASGI middleware: checks Content-Length up front, and counts the bytes of bodies sent without one."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return (f"The request body is larger than {self.max_bytes:,} bytes, the limit here "
                "(setting CYBERNORMS_MAX_BODY_BYTES); send less.")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                return await error_response(400, "Content-Length must be a number of bytes.", request_id_of(scope))(
                    scope, receive, send)
            if int(declared) > self.max_bytes:
                return await error_response(413, self._too_large(), request_id_of(scope))(scope, receive, send)
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise ClientError(413, self._too_large())  # answered by the app's error handler
            return message

        await self.app(scope, counted_receive, send)
