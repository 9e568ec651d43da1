"""The SPARQL 1.1 Protocol at /sparql: the query operation; curators' updates go to write_routes."""

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from pyoxigraph import RdfFormat, parse, serialize
from rdflib import Graph

from .errors import ClientError
from .negotiation import GRAPH_OFFERS, NotAcceptable, accept_for_alias, negotiate
from .openapi_examples import GRAPH_EXAMPLES, QUERY_EXAMPLES, RESULT_EXAMPLES, answers
from .service_description import describe_service
from .store import GraphStore, QueryRefused, QuerySyntaxError, ResultTooLarge, UpdateRefused, content_type
from .workers import Busy, QueryJob, QueryTimedOut, WorkerLost
from .write_routes import run_update, update_by_get

router = APIRouter(tags=["SPARQL"], default_response_class=Response)

QUERY_ANSWERS = answers(
    "SELECT and ASK results, or for CONSTRUCT and DESCRIBE (and the service description) a graph, "
    "in the format the Accept header or a format= parameter prefers",
    {**RESULT_EXAMPLES, **GRAPH_EXAMPLES},
)
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@router.get("/sparql", summary="Run a SPARQL query given in the URL; without a query, describe the service",
            responses=QUERY_ANSWERS)
async def query_by_get(
    request: Request,
    query: Annotated[list[str], Query(description="The SPARQL query, URL-encoded.", openapi_examples=QUERY_EXAMPLES)] = [],
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = [],
) -> Response:
    if "update" in request.query_params:
        raise update_by_get(request)
    if not query:
        return _service_description(request)
    if len(query) != 1 or not query[0].strip():
        raise ClientError(400, "Give exactly one non-empty 'query' parameter: /sparql?query=SELECT... (URL-encoded).")
    return await answer_query(request, query[0], default_graph_uri, named_graph_uri)


def _service_description(request: Request) -> Response:
    graph: GraphStore = request.app.state.graph
    description = describe_service(str(request.url_for("query_by_get")), graph.manifest["triples"])
    return rdf_response(requested_type(request), description)


def rdf_response(accept: str | None, description: Graph) -> Response:
    """A small rdflib graph in the RDF format the client prefers."""
    try:
        offer = negotiate(accept, GRAPH_OFFERS)
    except NotAcceptable as error:
        raise ClientError(406, str(error), headers={"Vary": "Accept"}) from error
    triples = parse(description.serialize(format="nt"), format=RdfFormat.N_TRIPLES)
    return Response(serialize(triples, format=offer.serializer), media_type=content_type(offer), headers={"Vary": "Accept"})


def requested_type(request: Request) -> str | None:
    """The Accept header, unless a `format=` or `output=` parameter names a format."""
    alias = request.query_params.get("format") or request.query_params.get("output")
    if alias is None:
        return request.headers.get("accept")
    try:
        return accept_for_alias(alias)
    except ValueError as error:
        raise ClientError(400, str(error)) from error


@router.post(
    "/sparql",
    summary="Run a SPARQL query sent in the body",
    responses=QUERY_ANSWERS,
    openapi_extra={
        "requestBody": {
            "content": {
                FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
                       "example": {"query": QUERY_EXAMPLES["select"]["value"]}},
                QUERY_BODY: {"schema": {"type": "string"}, "example": QUERY_EXAMPLES["construct"]["value"]},
            }
        }
    },
)
async def query_by_post(request: Request) -> Response:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == UPDATE_BODY:
        return await run_update(request, [await _utf8_body(request)])
    if "query" in request.query_params:
        raise ClientError(400, "Send the query either in the URL (GET) or in the body (POST), not both.")
    body = await _utf8_body(request)
    if media_type == FORM:
        form = parse_qs(body, keep_blank_values=True, errors="strict")
        if "update" in form:
            return await run_update(request, form["update"])
        queries = form.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise ClientError(400, "A form POST needs exactly one non-empty 'query' field.")
        return await answer_query(request, queries[0], form.get("default-graph-uri", []), form.get("named-graph-uri", []))
    if media_type == QUERY_BODY:
        if not body.strip():
            raise ClientError(400, "The request body is empty; put the SPARQL query in it.")
        params = request.query_params
        return await answer_query(request, body, params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))
    raise ClientError(
        415,
        f"Unsupported Content-Type '{media_type or '(none)'}': send the query as {QUERY_BODY} "
        f"or as a 'query' field of {FORM}.",
    )


async def _utf8_body(request: Request) -> str:
    try:
        return (await request.body()).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ClientError(400, f"The request body is not UTF-8 ({error.reason} at byte {error.start}); send UTF-8.") from error


async def answer_query(request: Request, query: str, default_graphs=(), named_graphs=(), substitutions=None) -> Response:
    """Evaluate in a worker process, within the deadline, and answer in the negotiated format or with the error that fits."""
    settings = request.app.state.settings
    if len(query) > settings.max_query_length:
        raise ClientError(413, f"The query is {len(query):,} characters; at most {settings.max_query_length:,} are "
                               "accepted (setting CYBERNORMS_MAX_QUERY_LENGTH).")
    seconds = _deadline(request, settings.query_timeout)
    job = QueryJob(query, requested_type(request), tuple(default_graphs), tuple(named_graphs), substitutions)
    try:
        answer = await request.app.state.query_workers.answer(job, seconds)
    except QueryTimedOut as error:
        raise ClientError(503, f"The query ran out of time after {seconds:g} s and was stopped. {NARROW_SLOW}") from error
    except Busy as error:
        raise ClientError(503, "Every query worker is busy; try again in a moment.", headers={"Retry-After": "2"}) from error
    except WorkerLost as error:
        raise ClientError(500, "The query engine failed on this query and was restarted; other queries are not "
                               "affected. If the query is very deeply nested or very long, simplify it.") from error
    except QuerySyntaxError as error:
        raise ClientError(400, f"The query is not valid SPARQL: {error}") from error
    except QueryRefused as error:
        raise ClientError(400, str(error)) from error
    except UpdateRefused as error:
        raise ClientError(403, str(error)) from error
    except NotAcceptable as error:
        raise ClientError(406, str(error), headers={"Vary": "Accept"}) from error
    except ResultTooLarge as error:
        raise ClientError(422, str(error)) from error
    except OSError as error:  # from a SERVICE endpoint the operator allowed
        raise ClientError(502, f"A SERVICE endpoint failed to answer: {error}") from error
    return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})


NARROW_SLOW = ("Narrow it: bind variables to specific IRIs, add LIMIT, avoid unbounded property paths (p* or p+) "
               "and patterns that share no variable (cartesian products).")


def _deadline(request: Request, limit: float) -> float:
    """The service's deadline, or less if the client asks with `timeout=` (seconds)."""
    asked = request.query_params.get("timeout")
    if asked is None:
        return limit
    try:
        seconds = float(asked)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise ClientError(400, f"timeout={asked!r} is not a positive number of seconds; at most {limit:g} is allowed.")
    return min(seconds, limit)
