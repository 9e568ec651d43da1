"""Errors the service answers with: JSON bodies a person can act on, with the request's id, never a stack trace."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from ..contributions import errors as change
from ..engine.remote_store import StoreFailed

UNEXPECTED = ("The service failed to answer this request; it has been logged. Quote the request_id when you report it; "
              "other requests are not affected.")


class ClientError(Exception):
    """A request the service cannot answer as asked; the message says what to change."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, details: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers
        self.details = details or {}  # more members of the error object, such as a validation report


# The status code of each reason the contributions core gives for not making a change.
CHANGE_NOT_MADE = {change.BodyTypeUnsupported: 415, change.BodyInvalid: 400, change.UpdateInvalid: 400,
                   change.UpdateRefused: 403, change.UpdateTimedOut: 503, change.UpdateNotStarted: 503,
                   change.UpdateCrashed: 500, change.FetchFailed: 502}
RETRY_LATER = {"Retry-After": "2"}


def error_response(status: int, message: str, request_id: str, headers: dict[str, str] | None = None,
                   details: dict | None = None) -> JSONResponse:
    body = {"error": {"status": status, "message": message, "request_id": request_id, **(details or {})}}
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ClientError)
    async def client_error(request: Request, error: ClientError):
        return error_response(error.status, error.message, request.state.request_id, error.headers, error.details)

    @app.exception_handler(change.ChangeNotMade)
    async def change_not_made(request: Request, error: change.ChangeNotMade):
        status = CHANGE_NOT_MADE[type(error)]
        headers = RETRY_LATER if isinstance(error, change.UpdateNotStarted) else None
        return error_response(status, str(error), request.state.request_id, headers)

    @app.exception_handler(StoreFailed)
    async def store_failed(request: Request, error: StoreFailed):
        return error_response(502, f"{error} Try again shortly; if it goes on, tell the service's operator.",
                              request.state.request_id)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        """Routing's own errors: no such path, or no such method on it."""
        if error.status_code == 404 and error.detail == "Not Found":
            message = (f"Nothing is served at {request.url.path}. The routes are listed at /docs, and the README's "
                       "URL map says what each serves.")
            return error_response(404, message, request.state.request_id)
        if error.status_code == 405:
            allowed = _allowed_methods(request)
            message = f"{request.method} is not allowed on {request.url.path}; use {' or '.join(allowed)}."
            return error_response(405, message, request.state.request_id, {"Allow": ", ".join(allowed)})
        return error_response(error.status_code, str(error.detail), request.state.request_id,
                              getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_parameters(request: Request, error: RequestValidationError):
        problems = [f"{_where(problem['loc'])}: {problem['msg']} (got {repr(problem.get('input'))[:80]})"
                    for problem in error.errors()]
        return error_response(422, "Some parameters are not valid; correct them and retry. " + "; ".join(problems) + ".",
                              request.state.request_id)


def _allowed_methods(request: Request) -> list[str]:
    """The methods some route answers at this path (a path may be served by several routes, one per method)."""
    allowed = [method for method in ("GET", "POST", "PUT", "DELETE")
               if any(route.matches({**request.scope, "method": method})[0] == Match.FULL
                      for route in request.app.router.routes)]
    return allowed + ["HEAD"] * ("GET" in allowed)


def _where(location: tuple) -> str:
    """('query', 'min_shared') -> "min_shared (query parameter)"; ('body',) -> "the body"."""
    source, *names = location
    return f"{'.'.join(str(name) for name in names)} ({source} parameter)" if names else f"the {source}"
