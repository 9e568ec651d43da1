"""Dereferenceable IRIs: /id/{kind}/{slug} answers for https://w3id.org/cybernorms/id/{kind}/{slug}.

HTML for browsers; JSON-LD, Turtle or N-Triples by Accept or by suffix, with
Link headers naming the other representations.
"""

from html import escape

from fastapi import APIRouter, Request, Response
from pyoxigraph import NamedNode, Variable, serialize

from .errors import ClientError
from .negotiation import GRAPH_OFFERS, NotAcceptable, Offer, negotiate
from .store import content_type

router = APIRouter(tags=["Resources"])

SUFFIXES = {".jsonld": "application/ld+json", ".ttl": "text/turtle", ".nt": "application/n-triples"}
HTML = "text/html"
DESCRIBE = "CONSTRUCT { ?resource ?p ?o } WHERE { ?resource ?p ?o }"


@router.get("/id/{kind}/{slug}", summary="A thing in the graph: HTML, JSON-LD, Turtle or N-Triples")
async def resource(request: Request, kind: str, slug: str) -> Response:
    name, suffix = _split_suffix(slug)
    iri = f"{request.app.state.settings.base_iri}id/{kind}/{name}"
    graph = request.app.state.graph
    triples = list(graph.run(DESCRIBE, substitutions={Variable("resource"): NamedNode(iri)}))
    if not triples:
        raise ClientError(404, f"Nothing in the graph is called <{iri}>.")
    here = str(request.url_for("resource", kind=kind, slug=name))
    links = ", ".join([f'<{here}{s}>; rel="alternate"; type="{t}"' for s, t in SUFFIXES.items()])
    headers = {"Link": links, "Vary": "Accept"}
    accept = SUFFIXES.get(suffix) or request.headers.get("accept")
    try:
        offer = negotiate(accept, (Offer(HTML, None, "html"), *GRAPH_OFFERS)) if not suffix else negotiate(accept, GRAPH_OFFERS)
    except NotAcceptable as error:
        raise ClientError(406, str(error), headers={"Vary": "Accept"}) from error
    if offer.media_type == HTML:
        return Response(_page(iri, triples, request.app.state.settings.base_iri, str(request.base_url)),
                        media_type="text/html; charset=utf-8", headers=headers)
    return Response(serialize(triples, format=offer.serializer), media_type=content_type(offer), headers=headers)


def _split_suffix(slug: str) -> tuple[str, str]:
    for suffix in SUFFIXES:
        if slug.endswith(suffix):
            return slug[: -len(suffix)], suffix
    return slug, ""


def _page(iri: str, triples, base_iri: str, service: str) -> str:
    def show(term) -> str:
        value = term.value
        if isinstance(term, NamedNode):
            local = value.replace(base_iri, service, 1) if value.startswith(base_iri + "id/") else value
            return f'<a href="{escape(local)}">{escape(value)}</a>'
        return escape(value)

    rows = "".join(f"<tr><th>{show(t.predicate)}</th><td>{show(t.object)}</td></tr>" for t in triples)
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{escape(iri)}</title>"
            f"<h1>{escape(iri)}</h1><table>{rows}</table>"
            "<p>Licence: CC BY 4.0. Every fact names its source document.</p></html>")
