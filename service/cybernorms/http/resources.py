"""Dereferenceable IRIs: /id/{kind}/{slug} answers for https://w3id.org/cybernorms/id/{kind}/{slug}.

HTML for browsers; framed JSON-LD, Turtle or N-Triples by Accept or by suffix,
with Link headers naming the other representations. /context/{version}.jsonld
publishes the JSON-LD context of every ontology version.
"""

import json
from typing import Annotated

import anyio
from fastapi import APIRouter, Path, Request, Response

from ..publishing.framing import Context, describe, frame
from ..publishing.thing_pages import thing_page
from .answering import reading_page
from .errors import ClientError
from .openapi_examples import GRAPH_EXAMPLES, answers, example
from .representations import HTML, represent, split_suffix

router = APIRouter(tags=["Resources"], default_response_class=Response)

PAGE_EXAMPLE = "<!doctype html>\n<html lang=\"en\">...<h1>Estonia <span class=\"code\">EE</span></h1>..."


@router.get("/id/{kind}/{slug}", summary="A thing in the graph: HTML, framed JSON-LD, Turtle or N-Triples",
            responses=answers("The thing and what points at it, as the suffix or the Accept header asks",
                              {HTML: PAGE_EXAMPLE, **GRAPH_EXAMPLES}))
async def resource(
    request: Request,
    kind: Annotated[str, Path(description="state, group, document, proposition, incident, position, membership, area, ...",
                              openapi_examples=example("state", "a state"))],
    slug: Annotated[str, Path(description="The thing's name, optionally with a suffix: .jsonld, .ttl or .nt.",
                              openapi_examples=example("EE", "Estonia"))],
) -> Response:
    name, suffix = split_suffix(slug)
    settings = request.app.state.settings
    context: Context = request.app.state.context
    iri = f"{settings.base_iri}id/{kind}/{name}"
    here = str(request.url_for("resource", kind=kind, slug=name))
    context_url = str(request.url_for("json_ld_context", version=context.version))

    def answer() -> Response:
        triples = describe(request.app.state.graph, context, iri)
        if not triples:
            raise ClientError(404, f"Nothing in the graph is called <{iri}>.")

        def framed() -> dict:  # only when JSON-LD or HTML is asked for
            return frame(triples, iri, context, context_url)

        return represent(request, here, suffix, triples,
                         lambda: thing_page(reading_page(request), kind, iri, f"/id/{kind}/{name}", framed), json_ld=framed)

    # Framing a large group takes a few hundred milliseconds: keep it off the event loop.
    return await anyio.to_thread.run_sync(answer, limiter=request.app.state.query_limiter)


@router.get("/context/{version}.jsonld", name="json_ld_context",
            summary="The JSON-LD context of the framed documents for one ontology version",
            responses=answers("The context", {"application/ld+json": {"@context": {"label": "rdfs:label"}}}))
async def json_ld_context(
    request: Request,
    version: Annotated[str, Path(description="An ontology version (owl:versionInfo).",
                                 openapi_examples=example("2026-12-06", "2026-12-06"))],
) -> Response:
    published = request.app.state.published_contexts
    if version not in published:
        raise ClientError(404, f"No context for version '{version}'; published: {', '.join(published)}.")
    return Response(json.dumps(published[version]), media_type="application/ld+json")
