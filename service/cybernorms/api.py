"""The JSON-LD API for applications, under /api/v1, and the named queries at /queries/{name}."""

import json
from difflib import get_close_matches
from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Request, Response

from .answers import Answers
from .errors import ClientError
from .names import UnknownName
from .named_queries import substitutions
from .sparql_endpoint import answer_query

router = APIRouter(tags=["Coalitions"])

API = "https://w3id.org/cybernorms/api#"
CONTEXT = {
    "@context": {
        "@vocab": API,
        "cn": "https://w3id.org/cybernorms/ontology#",
        "group": {"@type": "@id"},
        "proposition": {"@type": "@id"},
        "member": {"@type": "@id"},
        "document": {"@type": "@id"},
        "a": {"@type": "@id"},
        "b": {"@type": "@id"},
        "area": {"@type": "@id"},
        "state": {"@type": "@id"},
        "actor": {"@type": "@id"},
        "as_of": {"@type": "http://www.w3.org/2001/XMLSchema#date"},
    }
}


AS_OF = Annotated[str | None, Query(description="Day, YYYY-MM-DD; default today.")]


async def _answer(request: Request, method: str, *args) -> Response:
    """Run an Answers method in a worker thread and return its result as JSON-LD."""
    answers: Answers = request.app.state.answers
    try:
        result = await anyio.to_thread.run_sync(getattr(answers, method), *args, limiter=request.app.state.query_limiter)
    except UnknownName as error:
        raise ClientError(404, str(error)) from error
    except ValueError as error:
        raise ClientError(422, str(error)) from error
    document = {"@context": str(request.url_for("jsonld_context")), **result}
    return Response(json.dumps(document), media_type="application/ld+json")


@router.get("/api/v1/context.jsonld", name="jsonld_context", summary="The JSON-LD context of the API")
async def context() -> Response:
    return Response(json.dumps(CONTEXT), media_type="application/ld+json")


@router.get("/api/v1/groups/{group}/profile", summary="Where a group's members stand on a proposition")
async def profile(
    request: Request,
    group: str,
    proposition: Annotated[str, Query(description="Proposition name (sovereignty-is-a-rule) or IRI.")],
    as_of: AS_OF = None,
) -> Response:
    return await _answer(request, "profile", group, proposition, as_of)


@router.get("/api/v1/alignment", summary="How aligned two actors are, overall and by area")
async def alignment(
    request: Request,
    a: Annotated[str, Query(description="State (ISO alpha-2), group (short name) or IRI.")],
    b: Annotated[str, Query(description="State (ISO alpha-2), group (short name) or IRI.")],
    area: Annotated[str | None, Query(description="Restrict to one area (sovereignty, attribution, ...).")] = None,
    as_of: AS_OF = None,
) -> Response:
    return await _answer(request, "alignment", a, b, area, as_of)


@router.get("/api/v1/matrix", summary="Which groups hold which propositions: verdicts for every group and proposition")
async def matrix(
    request: Request,
    area: Annotated[str | None, Query(description="Restrict to one area (sovereignty, attribution, ...).")] = None,
    as_of: AS_OF = None,
) -> Response:
    return await _answer(request, "matrix", area, as_of)


@router.get("/api/v1/states/{code}/like-minded", summary="The states and groups most aligned with a state, and its bloc")
async def like_minded(
    request: Request,
    code: str,
    as_of: AS_OF = None,
    min_shared: Annotated[int, Query(description="Fewest shared propositions for a pair to be ranked (1 or more).")] = 3,
) -> Response:
    return await _answer(request, "like_minded", code, as_of, min_shared)


@router.get("/api/v1/blocs", summary="Blocs of states that emerge from their stances, beside the groups they overlap")
async def blocs(request: Request, as_of: AS_OF = None) -> Response:
    return await _answer(request, "blocs", as_of)


@router.get("/api/v1/gaps", summary="Outreach gaps: silent or dissenting members, or the groups where a state is in the minority")
async def gaps(
    request: Request,
    group: str | None = None,
    proposition: str | None = None,
    state: Annotated[str | None, Query(description="A state: list the groups where its stance is in the minority.")] = None,
    as_of: AS_OF = None,
) -> Response:
    return await _answer(request, "gaps", group, proposition, state, as_of)


@router.get("/api/v1/changes", summary="What changed between two days: stances taken or changed, members joined or left")
async def changes(
    request: Request,
    start: Annotated[str | None, Query(alias="from", description="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, Query(alias="to", description="Second day, YYYY-MM-DD.")] = None,
) -> Response:
    return await _answer(request, "changes", start, end)


@router.get("/queries/{name}", summary="Run a named query from queries/ with its parameters bound")
async def named_query(request: Request, name: str) -> Response:
    answers: Answers = request.app.state.answers
    query = answers.queries.get(name)
    if query is None:
        closest = get_close_matches(name, list(answers.queries), n=3, cutoff=0.5) or sorted(answers.queries)
        raise ClientError(404, f"No query called '{name}'; closest: {', '.join(closest)}.")
    try:
        bound = answers.bind(query, dict(request.query_params))
    except UnknownName as error:
        raise ClientError(404, str(error)) from error
    except ValueError as error:
        raise ClientError(422, str(error)) from error
    return await answer_query(request, query.text, substitutions=substitutions(bound))
