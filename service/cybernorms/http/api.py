"""The JSON-LD API for applications, under /api/v1, and the named queries at /queries/{name}."""

import json
from difflib import get_close_matches
from typing import Annotated

import anyio
from fastapi import APIRouter, Path, Query, Request, Response

from ..coalitions.answers import Answers
from ..coalitions.names import UnknownName
from ..engine.named_queries import substitutions
from .answering import answer_query
from .errors import ClientError
from .openapi_examples import RESULT_EXAMPLES, answers, example, json_ld_answer

router = APIRouter(tags=["Coalitions"], default_response_class=Response)

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


DAY = {"format": "date"}  # how the OpenAPI document says YYYY-MM-DD
AS_OF = Annotated[str | None, Query(description="Day, YYYY-MM-DD; default today.", json_schema_extra=DAY,
                                    openapi_examples=example("2024-01-01", "1 January 2024"))]
AREA = Annotated[str | None, Query(description="Restrict to one area (sovereignty, attribution, ...).",
                                  openapi_examples=example("attribution", "attribution"))]
CONSENSUS = Annotated[bool, Query(description="Count stances held only by joining a consensus (every member of a forum "
                                              "shares them, so by default they do not count towards alignment).")]


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


@router.get("/api/v1/context.jsonld", name="jsonld_context", summary="The JSON-LD context of the API",
            responses=answers("The context", {"application/ld+json": CONTEXT}))
async def context() -> Response:
    return Response(json.dumps(CONTEXT), media_type="application/ld+json")


@router.get("/api/v1/groups/{group}/profile", summary="Where a group's members stand on a proposition",
            responses=json_ld_answer("profile", "Counts, shares, verdict and each member's stance with its documents"))
async def profile(
    request: Request,
    group: Annotated[str, Path(description="Group short name or IRI.", openapi_examples=example("NATO", "NATO"))],
    proposition: Annotated[str, Query(description="Proposition name (sovereignty-is-a-rule) or IRI.",
                                      openapi_examples=example("sovereignty-is-a-rule", "sovereignty"))],
    as_of: AS_OF = None,
) -> Response:
    return await _answer(request, "profile", group, proposition, as_of)


@router.get("/api/v1/alignment", summary="How aligned two actors are, overall and by area",
            responses=json_ld_answer("alignment", "Score over the shared propositions, by area, with agreements and differences"))
async def alignment(
    request: Request,
    a: Annotated[str, Query(description="State (ISO alpha-2), group (short name) or IRI.",
                            openapi_examples=example("FR", "France"))],
    b: Annotated[str, Query(description="State (ISO alpha-2), group (short name) or IRI.",
                            openapi_examples=example("GB", "United Kingdom"))],
    area: AREA = None,
    as_of: AS_OF = None,
    consensus: CONSENSUS = False,
) -> Response:
    return await _answer(request, "alignment", a, b, area, as_of, consensus)


@router.get("/api/v1/matrix", summary="Which groups hold which propositions: verdicts for every group and proposition",
            responses=json_ld_answer("matrix", "For each group, each proposition's verdict and counts"))
async def matrix(
    request: Request,
    area: AREA = None,
    as_of: AS_OF = None,
) -> Response:
    return await _answer(request, "matrix", area, as_of)


@router.get("/api/v1/states/{code}/like-minded", summary="The states and groups most aligned with a state, and its bloc",
            responses=json_ld_answer("like_minded", "Actors ranked by alignment, and the state's bloc"))
async def like_minded(
    request: Request,
    code: Annotated[str, Path(description="State, ISO alpha-2, or IRI.", openapi_examples=example("FR", "France"))],
    as_of: AS_OF = None,
    min_shared: Annotated[int, Query(ge=1, description="Fewest shared propositions for a pair to be ranked.")] = 3,
    consensus: CONSENSUS = False,
) -> Response:
    return await _answer(request, "like_minded", code, as_of, min_shared, consensus)


@router.get("/api/v1/blocs", summary="Blocs of states that emerge from their stances, beside the groups they overlap",
            responses=json_ld_answer("blocs", "Each bloc's states and the groups it overlaps most"))
async def blocs(request: Request, as_of: AS_OF = None, consensus: CONSENSUS = False) -> Response:
    return await _answer(request, "blocs", as_of, consensus)


@router.get("/api/v1/gaps", summary="Outreach gaps: silent or dissenting members, or the groups where a state is in the minority",
            responses=json_ld_answer("gaps", "Silent and dissenting members, or the groups where the state is in the minority"))
async def gaps(
    request: Request,
    group: Annotated[str | None, Query(description="A group, with a proposition.", openapi_examples=example("NATO", "NATO"))] = None,
    proposition: Annotated[str | None, Query(description="A proposition, with a group.",
                                             openapi_examples=example("sovereignty-is-a-rule", "sovereignty"))] = None,
    state: Annotated[str | None, Query(description="A state: list the groups where its stance is in the minority.",
                                       openapi_examples=example("GB", "United Kingdom"))] = None,
    as_of: AS_OF = None,
) -> Response:
    return await _answer(request, "gaps", group, proposition, state, as_of)


@router.get("/api/v1/changes", summary="What changed between two days: stances taken or changed, members joined or left",
            responses=json_ld_answer("changes", "Stances taken or changed, members joined or left"))
async def changes(
    request: Request,
    start: Annotated[str | None, Query(alias="from", description="First day, YYYY-MM-DD.", json_schema_extra=DAY,
                                       openapi_examples=example("2021-01-01", "1 January 2021"))] = None,
    end: Annotated[str | None, Query(alias="to", description="Second day, YYYY-MM-DD.", json_schema_extra=DAY,
                                     openapi_examples=example("2022-01-01", "1 January 2022"))] = None,
) -> Response:
    return await _answer(request, "changes", start, end)


@router.get("/queries/{name}", summary="Run a named query from queries/ with its parameters bound",
            description="The query's own parameters (see its header) are given as URL parameters: "
                        "/queries/group-profile?group=NATO&proposition=sovereignty-is-a-rule&as_of=2024-01-01.",
            responses=answers("The query's results, in the format the Accept header prefers", RESULT_EXAMPLES))
async def named_query(
    request: Request,
    name: Annotated[str, Path(description="A query file's name without .rq.", openapi_examples=example("stats", "stats"))],
) -> Response:
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
