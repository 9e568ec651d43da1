"""Curators' writes by the Graph Store Protocol: PUT, POST and DELETE of the contributions graph (see curators.py)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from ..contributions.bodies import body_format, read_graph
from ..contributions.context_loader import context_loader
from ..namespaces import CONTRIBUTIONS_GRAPH
from .curators import change_answered, curator
from .errors import ClientError
from .openapi_examples import answers, example

router = APIRouter(tags=["Graph Store"])

APPLIED_EXAMPLE = {"change": 12, "operation": "POST", "added": 7, "removed": 0, "triples": 42}
WRITE_ANSWERS = answers("The change was validated, written to the journal and applied",
                        {"application/json": APPLIED_EXAMPLE})
MEMBERSHIP_EXAMPLE = """@prefix cn: <https://w3id.org/cybernorms/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
<https://w3id.org/cybernorms/id/membership/NATO-EE> a cn:Membership ;
    org:member <https://w3id.org/cybernorms/id/state/EE> ;
    org:organization <https://w3id.org/cybernorms/id/group/NATO> ;
    org:role <https://w3id.org/cybernorms/id/role/member> ;
    cn:startDate "2004-03-29"^^<http://www.w3.org/2001/XMLSchema#date> ;
    cn:source <https://w3id.org/cybernorms/id/document/2006-NATO-enlargement> ;
    cn:verification cn:checkedAgainstSourceText .
"""
GRAPH_BODY = {"requestBody": {"required": True, "content": {
    "text/turtle": {"schema": {"type": "string"}, "example": MEMBERSHIP_EXAMPLE},
    "application/n-triples": {"schema": {"type": "string"}},
    "application/ld+json": {"schema": {"type": "object"}},
}}}
GraphParameter = Annotated[str | None, Query(description="The contributions graph: the only one curators can write.",
                                             openapi_examples=example(CONTRIBUTIONS_GRAPH, "the contributions graph"))]
DefaultParameter = Annotated[str | None, Query(description="The default graph, the union of all graphs: read-only.")]


def _contributions_curator(request: Request, graph: str | None, default: str | None) -> str:
    """The curator whose token the request carries, once the graph it names is known to be writable."""
    who = curator(request)
    _writable(graph, default)
    return who


def _writable(graph: str | None, default: str | None) -> None:
    if default is not None:
        raise ClientError(403, f"The default graph is the union of every graph and is read-only; write to "
                               f"?graph={CONTRIBUTIONS_GRAPH}.")
    if graph is None:
        raise ClientError(400, f"Name the graph to write: ?graph={CONTRIBUTIONS_GRAPH}.")
    if graph != CONTRIBUTIONS_GRAPH:
        raise ClientError(403, f"<{graph}> cannot be written: curators write only to the contributions graph, "
                               f"?graph={CONTRIBUTIONS_GRAPH}; the other graphs come from the build.")


async def _body_lines(request: Request) -> list[str]:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body_format(media_type)  # refuses an unsupported type before the body is read
    published = {str(request.url_for("json_ld_context", version=version)): document
                 for version, document in request.app.state.published_contexts.items()}
    load_context = context_loader(request.app.state.settings.fetch_allow, published)
    return read_graph(await request.body(), media_type, load_context)


@router.put("/rdf-graph-store", summary="Replace the contributions graph (curators, with a token)",
            responses=WRITE_ANSWERS, openapi_extra=GRAPH_BODY)
async def replace_graph(request: Request, graph: GraphParameter = None, default: DefaultParameter = None) -> JSONResponse:
    who = _contributions_curator(request, graph, default)
    lines = set(await _body_lines(request))
    return await change_answered(request, "PUT", who, lambda current: lines)


@router.post("/rdf-graph-store", summary="Add triples to the contributions graph (curators, with a token)",
             responses=WRITE_ANSWERS, openapi_extra=GRAPH_BODY)
async def add_to_graph(request: Request, graph: GraphParameter = None, default: DefaultParameter = None) -> JSONResponse:
    who = _contributions_curator(request, graph, default)
    lines = set(await _body_lines(request))
    return await change_answered(request, "POST", who, lambda current: current | lines)


@router.delete("/rdf-graph-store", summary="Empty the contributions graph (curators, with a token)",
               responses=WRITE_ANSWERS)
async def empty_graph(request: Request, graph: GraphParameter = None, default: DefaultParameter = None) -> JSONResponse:
    who = _contributions_curator(request, graph, default)
    return await change_answered(request, "DELETE", who, lambda current: set())


