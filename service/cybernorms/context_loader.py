"""Remote JSON-LD contexts named in request bodies: fetched only from allowed prefixes, never from inside the network.

A body sent to the service must not make it open connections of the sender's choosing
(to the service's own host, to the cloud metadata address, to the local network). A
context IRI is fetched only when it starts with a prefix of CYBERNORMS_FETCH_ALLOW, is
http(s), and its host resolves to public addresses only; the connection then goes to the
address that was checked, so a second DNS answer cannot redirect it. The contexts this
service publishes are read from disk and never fetched.
"""

import http.client
import ipaddress
import json
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

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
    if not url.startswith(tuple(allowed_prefixes)):
        allowed = ", ".join(allowed_prefixes) or "none"
        raise ContextRefused(
            f"The JSON-LD context <{url}> was not fetched: remote contexts are fetched only from the IRI prefixes "
            f"in the setting CYBERNORMS_FETCH_ALLOW (here: {allowed}). Put the context in the body instead."
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ContextRefused(f"The JSON-LD context <{url}> was not fetched: only http and https contexts are.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _public_address(url, parts.hostname, port)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, port, timeout=SECONDS)
    # Connect to the address checked above; TLS still verifies the certificate against the host name.
    connection._create_connection = lambda _, *rest: socket.create_connection((address, port), *rest)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"Accept": ACCEPT})
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


def _public_address(url: str, host: str, port: int) -> str:
    """The address to connect to, when every address the host resolves to is a public one."""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
    except OSError as error:
        raise ContextRefused(f"The JSON-LD context <{url}> could not be fetched: {host} does not resolve "
                             f"({error}).") from error
    for text in sorted(found):
        address = ipaddress.ip_address(text.split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise ContextRefused(
                f"The JSON-LD context <{url}> was not fetched: {host} resolves to {address}, a loopback, private, "
                "link-local or reserved address, and the service never fetches from those (whatever "
                "CYBERNORMS_FETCH_ALLOW says). Put the context in the body instead."
            )
    return sorted(found)[0]
