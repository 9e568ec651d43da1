"""Remote JSON-LD contexts named in request bodies: fetched only where engine/outbound.py allows.

The connection goes to the address that was checked, so a second DNS answer cannot
redirect it. The contexts this service publishes are read from disk and never fetched.
"""

import http.client
import json
import socket
from collections.abc import Callable

from ..engine.outbound import FetchRefused, allowed_target

SECONDS = 10
MAX_BYTES = 1_000_000
ACCEPT = "application/ld+json, application/json"


class ContextRefused(ValueError):
    """The context was not loaded; the message names it and says why."""


def context_loader(allowed_prefixes: list[str], published: dict[str, dict]) -> Callable:
    """A pyld document loader: PUBLISHED maps the URLs of this service's own contexts to their documents."""

    def load(url: str, options=None) -> dict:
        document = published.get(url)
        if document is None:
            document = _fetch(url, allowed_prefixes)
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load


def _fetch(url: str, allowed_prefixes: list[str]) -> dict:
    try:
        target = allowed_target(url, allowed_prefixes, "The JSON-LD context", "Put the context in the body instead.")
    except FetchRefused as error:
        raise ContextRefused(str(error)) from error
    connection_class = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(target.host, target.port, timeout=SECONDS)
    # Connect to the address checked; TLS still verifies the certificate against the host name.
    connection._create_connection = lambda _, *rest: socket.create_connection((target.address, target.port), *rest)
    try:
        connection.request("GET", target.path, headers={"Accept": ACCEPT})
        response = connection.getresponse()
        if response.status != 200:
            raise ContextRefused(f"The JSON-LD context <{url}> could not be fetched: HTTP status {response.status}.")
        body = response.read(MAX_BYTES + 1)
    except OSError as error:
        raise ContextRefused(f"The JSON-LD context <{url}> could not be fetched: {error}.") from error
    finally:
        connection.close()
    if len(body) > MAX_BYTES:
        raise ContextRefused(f"The JSON-LD context <{url}> is larger than {MAX_BYTES:,} bytes; put it in the body.")
    try:
        return json.loads(body)
    except ValueError as error:
        raise ContextRefused(f"The JSON-LD context <{url}> is not JSON: {error}.") from error
