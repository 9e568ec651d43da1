"""The SPARQL 1.1 Protocol at /sparql: the query operation; curators' updates go to curators.py."""

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from ..engine.store import GraphStore
from ..publishing.service_description import describe_service
from ..publishing.thing_pages import sparql_editor
from .answering import answer_query, rdf_response, reading_page, requested_type
from .curators import run_update, update_by_get
from .errors import ClientError
from .openapi_examples import GRAPH_EXAMPLES, QUERY_EXAMPLES, RESULT_EXAMPLES, answers

router = APIRouter(tags=["SPARQL"], default_response_class=Response)

QUERY_ANSWERS = answers(
    "SELECT and ASK results, or for CONSTRUCT and DESCRIBE (and the service description) a graph, "
    "in the format the Accept header or a format= parameter prefers",
    {**RESULT_EXAMPLES, **GRAPH_EXAMPLES},
)
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@router.get("/sparql", summary="Run a SPARQL query given in the URL; without a query, describe the service "
                             "(or, for a browser, open the SPARQL editor)",
            responses=QUERY_ANSWERS)
async def query_by_get(
    request: Request,
    query: Annotated[list[str], Query(description="The SPARQL query, URL-encoded.", openapi_examples=QUERY_EXAMPLES)] = [],
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = [],
) -> Response:
    _refuse_unless_utf8(request.scope["query_string"])
    if "update" in request.query_params:
        raise update_by_get(request)
    if not query:
        if _prefers_html(request):
            return HTMLResponse(sparql_editor(reading_page(request), request.app.state.answers.queries))
        return _service_description(request)
    if len(query) != 1 or not query[0].strip():
        raise ClientError(400, "Give exactly one non-empty 'query' parameter: /sparql?query=SELECT... (URL-encoded).")
    return await answer_query(request, query[0], default_graph_uri, named_graph_uri)


def _refuse_unless_utf8(query_string: bytes) -> None:
    """Refuse parameters whose percent-decoded bytes are not UTF-8 (read as they are, they would be altered)."""
    try:
        parse_qs(query_string.decode("latin-1"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as error:
        raise ClientError(400, f"The URL's parameters are not UTF-8 once percent-decoded ({error.reason}); "
                               "percent-encode the query's UTF-8 bytes.") from error


def _prefers_html(request: Request) -> bool:
    """A browser opening the endpoint: the first type its Accept header names is HTML."""
    first = request.headers.get("accept", "").split(",")[0].split(";")[0].strip().lower()
    return first in ("text/html", "application/xhtml+xml")


def _service_description(request: Request) -> Response:
    graph: GraphStore = request.app.state.graph
    description = describe_service(str(request.url_for("query_by_get")), graph.graph_sizes(),
                                   takes_updates=bool(request.app.state.settings.write_tokens))
    return rdf_response(requested_type(request), description)


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
