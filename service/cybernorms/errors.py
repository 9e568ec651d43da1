"""Errors the service answers with: JSON bodies a person can act on, never a stack trace."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException


class ClientError(Exception):
    """A request the service cannot answer as asked; the message says what to change."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, details: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers
        self.details = details or {}  # more members of the error object, such as a validation report


def error_response(status: int, message: str, headers: dict[str, str] | None = None,
                   details: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message, **(details or {})}}, status_code=status,
                        headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ClientError)
    async def client_error(request: Request, error: ClientError):
        return error_response(error.status, error.message, error.headers, error.details)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        return error_response(error.status_code, str(error.detail), getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception):
        return error_response(500, "The service failed to answer this request; it has been logged.")
