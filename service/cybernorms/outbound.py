"""What the service may fetch from the network: only what the operator allowed, and never from inside the network.

SERVICE in a query, LOAD in a curator's update and a remote JSON-LD context in a
body would each open a connection of the sender's choosing: to the service's own
host, to the cloud metadata address, to the local network. Each is refused unless
its IRI starts with a prefix in CYBERNORMS_FETCH_ALLOW, is http or https, and its
host resolves to public addresses only (never loopback, private, link-local or
reserved ones, whatever the allow-list says).
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit


class FetchRefused(ValueError):
    """The IRI will not be fetched; the message names it and says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str  # the public address checked; connect to it, not to a second DNS answer
    path: str  # with the query string


def allowed_target(iri: str, allowed_prefixes: list[str], what: str, instead: str) -> Target:
    """Where to fetch IRI (WHAT names it in messages), or FetchRefused saying why not and what to do INSTEAD."""
    try:
        parts = urlsplit(iri)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchRefused(f"{what} <{iri}> is not fetched: it is not a well-formed IRI ({error}). {instead}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"{what} <{iri}> is not fetched: only http and https IRIs are. {instead}")
    if not any(_under(parts, port, prefix) for prefix in allowed_prefixes):
        allowed = ", ".join(allowed_prefixes) or "none"
        raise FetchRefused(f"{what} <{iri}> is not fetched: the service fetches only from the IRI prefixes in the "
                           f"setting CYBERNORMS_FETCH_ALLOW (here: {allowed}). {instead}")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, _public_address(iri, parts.hostname, port, what, instead), path)


def _under(parts: SplitResult, port: int, prefix: str) -> bool:
    """Whether an IRI falls under PREFIX, compared part by part (so https://a.org admits no https://a.org.evil.net).

    Same scheme; the same host and port when the prefix names them ("https://" allows every https
    host); and a path that begins with the prefix's.
    """
    try:
        allowed = urlsplit(prefix)
        allowed_port = allowed.port
    except ValueError:  # a malformed entry allows nothing
        return False
    return (parts.scheme == allowed.scheme and allowed.hostname in (None, parts.hostname)
            and allowed_port in (None, port) and parts.path.startswith(allowed.path))


def _public_address(iri: str, host: str, port: int, what: str, instead: str) -> str:
    try:
        found = sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
    except (OSError, UnicodeError) as error:
        raise FetchRefused(f"{what} <{iri}> is not fetched: {host} does not resolve ({error}).") from error
    for text in found:
        address = ipaddress.ip_address(text.split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise FetchRefused(f"{what} <{iri}> is not fetched: {host} resolves to {address}, a loopback, private, "
                               "link-local or reserved address, and the service never fetches from those (whatever "
                               f"CYBERNORMS_FETCH_ALLOW says). {instead}")
    return found[0]


def check_fetched(names: tuple[str, ...], allowed_prefixes: list[str], what: str, instead: str) -> None:
    """Refuse unless each of NAMES (as written after SERVICE or LOAD) is an IRI the service may fetch."""
    for name in names:
        if not (name.startswith("<") and name.endswith(">")):
            raise FetchRefused(
                f"{what} must be a full IRI in angle brackets, right after the keyword; found '{name}'. The service "
                "checks what it would fetch before running anything, and reads the keyword wherever it stands "
                "outside literals, IRIs and variable names: a prefixed name holding it must be written as a full "
                f"IRI. {instead}")
        allowed_target(name[1:-1], allowed_prefixes, what, instead)
