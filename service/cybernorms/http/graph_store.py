"""The SPARQL 1.1 Graph Store HTTP Protocol, read side, at /rdf-graph-store (curators' writes: writes.py)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ..namespaces import ASSERTED_GRAPH, CONTRIBUTIONS_GRAPH, CONTRIBUTIONS_INFERRED_GRAPH, INFERRED_GRAPH
from .answering import answer_query
from .errors import ClientError
from .openapi_examples import GRAPH_EXAMPLES, answers, example

router = APIRouter(tags=["Graph Store"], default_response_class=Response)

GRAPHS = (ASSERTED_GRAPH, INFERRED_GRAPH, CONTRIBUTIONS_GRAPH, CONTRIBUTIONS_INFERRED_GRAPH)


@router.get("/rdf-graph-store", summary="Get a whole graph: ?default (asserted and inferred) or ?graph=IRI",
            responses=answers("The graph, in the RDF format the Accept header prefers", GRAPH_EXAMPLES))
async def get_graph(
    request: Request,
    default: Annotated[str | None, Query(description="Present (with any value) for the default graph.",
                                         openapi_examples=example("", "the default graph"))] = None,
    graph: Annotated[str | None, Query(description="The IRI of a named graph.",
                                       openapi_examples=example(INFERRED_GRAPH, "the inferred graph"))] = None,
) -> Response:
    if (default is None) == (graph is None):
        raise ClientError(400, f"Name exactly one graph: ?default, or ?graph= one of {', '.join(GRAPHS)}.")
    if default is not None:
        return await answer_query(request, "CONSTRUCT WHERE { ?s ?p ?o }")
    if graph not in GRAPHS:
        raise ClientError(404, f"No graph called <{graph}>; this store holds {', '.join(GRAPHS)}.")
    return await answer_query(request, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
