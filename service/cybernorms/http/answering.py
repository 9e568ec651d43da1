"""Answering a query in a worker process, small RDF graphs in the format the client asked for, and reading pages."""

from fastapi import Request, Response
from pyoxigraph import RdfFormat, parse, serialize
from rdflib import Graph

from ..engine.negotiation import GRAPH_OFFERS, NotAcceptable, accept_for_alias, negotiate
from ..engine.store import QueryFailed, QueryRefused, QuerySyntaxError, ResultTooLarge, UpdateRefused, content_type
from ..engine.workers import Busy, QueryJob, QueryTimedOut, WorkerLost
from ..publishing.thing_pages import Page
from .answer_cache import AnswerCache, not_modified
from .errors import ClientError


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


async def answer_query(request: Request, query: str, default_graphs=(), named_graphs=(), substitutions=None) -> Response:
    """Evaluate in a worker process, within the deadline, and answer in the negotiated format or with the error that fits."""
    settings = request.app.state.settings
    if len(query) > settings.max_query_length:
        raise ClientError(413, f"The query is {len(query):,} characters; at most {settings.max_query_length:,} are "
                               "accepted (setting CYBERNORMS_MAX_QUERY_LENGTH).")
    seconds = _deadline(request, settings.query_timeout)
    endpoint = str(request.url_for("query_by_get"))  # the base of relative IRIs, as other endpoints resolve them
    job = QueryJob(query, requested_type(request), tuple(default_graphs), tuple(named_graphs), substitutions, endpoint)
    state = request.app.state
    key = AnswerCache.key(query, job.accept, job.default_graphs, job.named_graphs, sorted(map(repr, (substitutions or {}).items())),
                          endpoint, state.graph.manifest["input_hash"], state.contributions_version)
    kept = state.answer_cache.get(key) if key else None
    if kept is None:
        answer = await _evaluate(request, job, seconds)
        if key is None:
            return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})
        kept = state.answer_cache.put(key, answer.body, answer.media_type)
    headers = {"Vary": "Accept", "ETag": kept.etag, "Cache-Control": "no-cache"}
    if not_modified(request.headers.get("if-none-match"), kept.etag):
        return Response(status_code=304, headers=headers)
    return Response(kept.body, media_type=kept.media_type, headers=headers)


async def _evaluate(request: Request, job: QueryJob, seconds: float):
    try:
        return await request.app.state.query_workers.answer(job, seconds)
    except QueryTimedOut as error:
        raise ClientError(503, f"The query ran out of time after {seconds:g} s and was stopped. {NARROW_SLOW}") from error
    except Busy as error:
        raise ClientError(503, "Every query worker is busy; try again in a moment.", headers={"Retry-After": "2"}) from error
    except WorkerLost as error:
        raise ClientError(500, "The query engine failed on this query and was restarted; other queries are not "
                               "affected. If the query is very deeply nested or very long, simplify it.") from error
    except QuerySyntaxError as error:
        raise ClientError(400, f"The query is not valid SPARQL: {error}") from error
    except (QueryRefused, QueryFailed) as error:
        raise ClientError(400, str(error)) from error
    except UpdateRefused as error:
        raise ClientError(403, str(error)) from error
    except NotAcceptable as error:
        raise ClientError(406, str(error), headers={"Vary": "Accept"}) from error
    except ResultTooLarge as error:
        raise ClientError(422, str(error)) from error
    except OSError as error:  # from a SERVICE endpoint the operator allowed
        raise ClientError(502, f"A SERVICE endpoint failed to answer: {error}") from error


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


def reading_page(request: Request) -> Page:
    """What a reading page is made from, for this request."""
    state = request.app.state
    return Page(state.graph, state.answers, state.graph.manifest, state.contributions_version, str(request.base_url),
                state.settings.base_iri)
