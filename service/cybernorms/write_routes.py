"""Curators' writes over HTTP: the Graph Store Protocol's PUT, POST and DELETE, and SPARQL updates.

Only the contributions graph can be written, only with a curator's token, and only when
the operator has configured tokens (CYBERNORMS_WRITE_TOKENS); otherwise the service is
read-only.
"""

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from .context_loader import context_loader
from .contribution_update import refuse_reaching_out, updated_within
from .contributions import ChangeInvalid, ChangeRequest, Contributions
from .errors import ClientError
from .namespaces import CONTRIBUTIONS_GRAPH
from .openapi_examples import answers, example
from .rdf_bodies import body_format, read_graph

router = APIRouter(tags=["Graph Store"])

WRITES_OFF = ("Writes are off on this service: it serves its graph read-only. The operator turns curators' writes on "
              "by setting CYBERNORMS_WRITE_TOKENS.")
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


def curator(request: Request) -> str:
    """The name of the curator whose bearer token the request carries."""
    tokens: dict[str, str] = request.app.state.settings.write_tokens
    if not tokens:
        raise ClientError(403, WRITES_OFF)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ClientError(401, "Writing needs a curator's token: send the header 'Authorization: Bearer TOKEN'.",
                          headers={"WWW-Authenticate": 'Bearer realm="cybernorms"'})
    # Digests have one length, and every token is compared: the time taken tells nothing about any of them.
    offered = hashlib.sha256(token.strip().encode()).digest()
    found = None
    for name, expected in tokens.items():
        if hmac.compare_digest(offered, hashlib.sha256(expected.encode()).digest()):
            found = name
    if found is None:
        raise ClientError(403, "This token is not a curator's token on this service; check it, or ask the operator for one.")
    return found


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


async def _change(request: Request, operation: str, who: str, new_content) -> JSONResponse:
    contributions: Contributions = request.app.state.contributions
    try:
        applied = await contributions.change(ChangeRequest(operation, who, request.state.request_id), new_content)
    except ChangeInvalid as error:
        report = [{"message": v.message, "focus_node": v.focus, "path": v.path, "value": v.value, "shape": v.shape}
                  for v in error.violations]
        raise ClientError(422, f"The change breaks {len(report)} shape constraint(s) and was not applied; "
                               "correct the data as each message says.", details={"violations": report}) from error
    body = {"change": applied.change, "operation": operation, "added": applied.added, "removed": applied.removed,
            "triples": applied.triples}
    return JSONResponse(body)


@router.put("/rdf-graph-store", summary="Replace the contributions graph (curators, with a token)",
            responses=WRITE_ANSWERS, openapi_extra=GRAPH_BODY)
async def replace_graph(request: Request, graph: GraphParameter = None, default: DefaultParameter = None) -> JSONResponse:
    who = _contributions_curator(request, graph, default)
    lines = set(await _body_lines(request))
    return await _change(request, "PUT", who, lambda current: lines)


@router.post("/rdf-graph-store", summary="Add triples to the contributions graph (curators, with a token)",
             responses=WRITE_ANSWERS, openapi_extra=GRAPH_BODY)
async def add_to_graph(request: Request, graph: GraphParameter = None, default: DefaultParameter = None) -> JSONResponse:
    who = _contributions_curator(request, graph, default)
    lines = set(await _body_lines(request))
    return await _change(request, "POST", who, lambda current: current | lines)


@router.delete("/rdf-graph-store", summary="Empty the contributions graph (curators, with a token)",
               responses=WRITE_ANSWERS)
async def empty_graph(request: Request, graph: GraphParameter = None, default: DefaultParameter = None) -> JSONResponse:
    who = _contributions_curator(request, graph, default)
    return await _change(request, "DELETE", who, lambda current: set())


async def run_update(request: Request, updates: list[str]) -> JSONResponse:
    """A SPARQL update sent to /sparql: it may change the contributions graph and nothing else."""
    who = curator(request)
    if len(updates) != 1 or not updates[0].strip():
        raise ClientError(400, "Send exactly one non-empty SPARQL update.")
    if {"using-graph-uri", "using-named-graph-uri"} & set(request.query_params):
        raise ClientError(400, "using-graph-uri and using-named-graph-uri are not supported: an update reads only the "
                               "contributions graph.")
    text, settings = updates[0], request.app.state.settings
    refuse_reaching_out(text, settings.fetch_allow, resolve=False)
    return await _change(request, "UPDATE", who,
                         lambda current: updated_within(current, text, settings.fetch_allow, settings.query_timeout))


def update_by_get(request: Request) -> ClientError:
    """The error for an update sent with GET, which the protocol does not allow."""
    if not request.app.state.settings.write_tokens:
        return ClientError(403, WRITES_OFF)
    return ClientError(400, "Send a SPARQL update with POST: as application/sparql-update, or as an 'update' field "
                            "of application/x-www-form-urlencoded.")
