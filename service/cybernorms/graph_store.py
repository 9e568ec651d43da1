"""The SPARQL 1.1 Graph Store HTTP Protocol, read side, at /rdf-graph-store."""

from fastapi import APIRouter, Request, Response

from .errors import ClientError
from .namespaces import ASSERTED_GRAPH, INFERRED_GRAPH
from .sparql_endpoint import answer_query

router = APIRouter(tags=["Graph Store"])

GRAPHS = (ASSERTED_GRAPH, INFERRED_GRAPH)


@router.get("/rdf-graph-store", summary="Get a whole graph: ?default (asserted and inferred) or ?graph=IRI")
async def get_graph(request: Request) -> Response:
    params = request.query_params
    if ("default" in params) == ("graph" in params):
        raise ClientError(400, f"Name exactly one graph: ?default, or ?graph= one of {', '.join(GRAPHS)}.")
    if "default" in params:
        return await answer_query(request, "CONSTRUCT WHERE { ?s ?p ?o }")
    graph = params["graph"]
    if graph not in GRAPHS:
        raise ClientError(404, f"No graph called <{graph}>; this store holds {', '.join(GRAPHS)}.")
    return await answer_query(request, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
