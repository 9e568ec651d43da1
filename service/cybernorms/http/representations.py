"""One thing served as an HTML page or as RDF, chosen by URL suffix or by Accept.

Every answer carries Link headers naming the suffixed URLs of the other
representations, and Vary: Accept.
"""

import json
from typing import Callable, Iterable

from fastapi import Request, Response
from pyoxigraph import Triple, serialize

from ..engine.negotiation import GRAPH_OFFERS, NotAcceptable, Offer, negotiate
from ..engine.store import content_type
from .errors import ClientError

HTML = "text/html"
RDF_SUFFIXES = {".jsonld": "application/ld+json", ".ttl": "text/turtle", ".nt": "application/n-triples"}
OFFERS = (Offer(HTML, None, "html"), *GRAPH_OFFERS)


def split_suffix(name: str, suffixes: dict[str, str] = RDF_SUFFIXES) -> tuple[str, str]:
    """NAME without its format suffix, and the suffix ('' when there is none)."""
    for suffix in suffixes:
        if name.endswith(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def represent(request: Request, here: str, suffix: str, triples: Iterable[Triple], page: Callable[[], str],
              suffixes: dict[str, str] = RDF_SUFFIXES, prefixes: dict[str, str] | None = None,
              json_ld: Callable[[], dict] | None = None) -> Response:
    """The page or the triples, as SUFFIX or else the Accept header asks; HERE is the URL without a suffix.

    JSON_LD, when given, makes the JSON-LD document (framed, say) in place of the plain serialisation.
    """
    links = ", ".join(f'<{here}{s}>; rel="alternate"; type="{t}"' for s, t in suffixes.items())
    headers = {"Link": links, "Vary": "Accept"}
    # A suffix names exactly one type, so it cannot be refused.
    accept = suffixes.get(suffix) or request.headers.get("accept")
    try:
        offer = negotiate(accept, OFFERS)
    except NotAcceptable as error:
        raise ClientError(406, str(error), headers={"Vary": "Accept"}) from error
    if offer.media_type == HTML:
        return Response(page(), media_type="text/html; charset=utf-8", headers=headers)
    if json_ld is not None and offer.media_type == "application/ld+json":
        return Response(json.dumps(json_ld(), ensure_ascii=False), media_type=offer.media_type, headers=headers)
    body = serialize(triples, format=offer.serializer, prefixes=prefixes)
    return Response(body, media_type=content_type(offer), headers=headers)
