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
from urllib.parse import SplitResult, unquote, urlsplit


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
    parts, port = _allowed_iri(iri, allowed_prefixes, what, instead)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, _public_address(iri, parts.hostname, port, what, instead), path)


def _allowed_iri(iri: str, allowed_prefixes: list[str], what: str, instead: str) -> tuple[SplitResult, int]:
    """The parts and port of IRI, when it is well formed and falls under an allowed prefix; no DNS yet."""
    try:
        parts = urlsplit(iri)
        port = parts.port if parts.port is not None else (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchRefused(f"{what} <{iri}> is not fetched: it is not a well-formed IRI ({error}). {instead}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"{what} <{iri}> is not fetched: only http and https IRIs are. {instead}")
    if {".", ".."} & set(unquote(parts.path).split("/")):
        raise FetchRefused(f"{what} <{iri}> is not fetched: its path has . or .. segments. {instead}")
    if not any(_under(parts, port, prefix) for prefix in allowed_prefixes):
        allowed = ", ".join(allowed_prefixes) or "none"
        raise FetchRefused(f"{what} <{iri}> is not fetched: the service fetches only from the IRI prefixes in the "
                           f"setting CYBERNORMS_FETCH_ALLOW (here: {allowed}). {instead}")
    return parts, port


def _under(parts: SplitResult, port: int, prefix: str) -> bool:
    """Whether an IRI falls under PREFIX, compared part by part (so https://a.org admits no https://a.org.evil.net).

    Same scheme; the same host when the prefix names one ("https://" allows every https host); the
    prefix's port, or the scheme's own when it names none ("http://h:" allows every port); and the
    prefix's path, whole or followed by more segments (/sparql admits /sparql/x, not /sparqlx).
    """
    try:
        allowed = urlsplit(prefix)
        allowed_port = allowed.port
    except ValueError:  # a malformed entry allows nothing
        return False
    if allowed_port is None and not allowed.netloc.endswith(":"):
        allowed_port = 443 if allowed.scheme == "https" else 80
    folder = allowed.path if allowed.path.endswith("/") else allowed.path + "/"
    return (parts.scheme == allowed.scheme and allowed.hostname in (None, parts.hostname)
            and allowed_port in (None, port) and (parts.path == allowed.path or parts.path.startswith(folder)
                                                  or not allowed.path))


def _public_address(iri: str, host: str, port: int, what: str, instead: str) -> str:
    try:
        found = sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
    except (OSError, UnicodeError) as error:
        raise FetchRefused(f"{what} <{iri}> is not fetched: {host} does not resolve ({error}).") from error
    for text in found:
        address = ipaddress.ip_address(text.split("%")[0])
        if _inner(address):
            raise FetchRefused(f"{what} <{iri}> is not fetched: {host} resolves to {address}, a loopback, private, "
                               "link-local or reserved address, and the service never fetches from those (whatever "
                               f"CYBERNORMS_FETCH_ALLOW says). {instead}")
    return found[0]


# IPv6 forms that carry an IPv4 address in their last 32 bits: NAT64 and the old IPv4-compatible form.
_CARRY_IPV4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))


def _inner(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ADDRESS is not a public unicast one, or carries one that is not (::ffff:127.0.0.1, 2002:7f00:1::)."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
        carried += [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) for network in _CARRY_IPV4 if address in network]
        if any(inner is not None and _inner(inner) for inner in carried):
            return True
    return not address.is_global or address.is_multicast


def check_fetched(names: tuple[str, ...], allowed_prefixes: list[str], what: str, instead: str,
                  resolve: bool = True) -> None:
    """Refuse unless each of NAMES (as written after SERVICE or LOAD) is an IRI the service may fetch.

    Without RESOLVE, the host names are not looked up: a quick first check, before waiting on DNS is worth it.
    """
    for name in names:
        if not (name.startswith("<") and name.endswith(">")):
            raise FetchRefused(
                f"{what} must be a full IRI in angle brackets, right after the keyword; found '{name}'. Before "
                "running anything the service checks what would be fetched, and reads the keyword wherever it "
                "stands but inside IRIs and variable names: in a prefixed name, write the IRI in full; in a literal "
                f"or a comment, write one of its letters as a \\uXXXX escape (\\u0073ervice, \\u006coad). {instead}")
        if resolve:
            allowed_target(name[1:-1], allowed_prefixes, what, instead)
        else:
            _allowed_iri(name[1:-1], allowed_prefixes, what, instead)
