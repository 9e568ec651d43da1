"""Pages for people: the home page, search, the coalition matrix (and its CSV), a group's profile on a
proposition, the comparison of two to four actors, and the API docs, all served without any other host."""

import csv
import io

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse

from ..coalitions.names import UnknownName
from ..coalitions.rules import BASIS_OF, CATEGORY_OF, side
from ..engine.named_queries import parse_date
from ..publishing import reading
from ..publishing.thing_pages import Page
from .answering import reading_page
from .errors import ClientError

router = APIRouter(tags=["Pages"], include_in_schema=False)
COMPARED = (2, 4)  # at least, at most


async def _off_the_loop(request: Request, make) -> HTMLResponse:
    html = await anyio.to_thread.run_sync(make, limiter=request.app.state.query_limiter)
    return HTMLResponse(html)


def _areas(page: Page) -> list[dict]:
    return [{"code": a["area"].rsplit("/", 1)[-1], "name": a["area_name"]} for a in reading.select(page.graph, reading.AREAS)]


def _day(as_of: str | None) -> str | None:
    try:
        return parse_date(as_of).isoformat() if as_of else None
    except ValueError as error:
        raise ClientError(422, f"'as_of' must be a date written YYYY-MM-DD, not '{as_of}'.") from error


@router.get("/")
async def home(request: Request) -> HTMLResponse:
    def make() -> str:
        page = reading_page(request)
        counts = reading.select(page.graph, reading.COUNTS)[0]
        return page.render("home.html", counts=counts, areas=_areas(page), page_path="/")
    return await _off_the_loop(request, make)


@router.get("/search")
async def search(request: Request, q: str = "") -> Response:
    page = reading_page(request)
    results = reading.search(page.graph, page.version, q)
    if len(results) == 1 or (results and results[0]["thing_code"].casefold() == q.strip().casefold()):
        return RedirectResponse(page.href(results[0]["thing"]), status_code=303)
    return HTMLResponse(page.render("search.html", query=q, results=results, page_path="/search"))


def _matrix(page: Page, area: str | None, as_of: str | None) -> dict:
    try:
        return page.answers.matrix(area or None, as_of)
    except UnknownName as error:
        raise ClientError(404, str(error)) from error


@router.get("/matrix")
async def matrix(request: Request, area: str = "", as_of: str | None = None) -> HTMLResponse:
    day = _day(as_of)

    def make() -> str:
        page = reading_page(request)
        answer = _matrix(page, area, day)
        labels = {p: info["label"] for p, info in page.answers.snapshot(day).propositions.items()}
        return page.render("matrix.html", matrix=answer, labels=labels, areas=_areas(page), area_code=area,
                           query_string=request.url.query, page_path="/matrix")
    return await _off_the_loop(request, make)


@router.get("/matrix.csv")
async def matrix_csv(request: Request, area: str = "", as_of: str | None = None) -> Response:
    page = reading_page(request)
    answer = _matrix(page, area, _day(as_of))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["as_of", "group", "proposition", "verdict", "members", "members_complete", "endorses",
                     "endorses_with_qualification", "rejects", "no_side", "silent", "collective_stance",
                     *(f"by_{basis}" for basis in BASIS_OF.values())])
    for group in answer["groups"]:
        for cell in group["propositions"]:
            counts = cell["counts"]
            writer.writerow([answer["as_of"], group["code"], cell["proposition"], cell["verdict"], group["member_count"],
                             group["members_complete"], counts["endorses"], counts["endorses_with_qualification"],
                             counts["rejects"], counts["no_side"], counts["silent"], cell["collective_stance"] or "",
                             *(cell["by_basis"][basis] for basis in BASIS_OF.values())])
    name = f"cybernorms-matrix-{answer['as_of']}{'-' + area if area else ''}.csv"
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/profile")
async def profile(request: Request, group: str, proposition: str, as_of: str | None = None) -> HTMLResponse:
    day = _day(as_of)

    def make() -> str:
        page = reading_page(request)
        try:
            answer = page.answers.profile(group, proposition, day)
        except UnknownName as error:
            raise ClientError(404, str(error)) from error
        names = page.names()
        return page.render("profile.html", profile=answer, names=names, page_path=str(request.url.path),
                           group_name=names.get(answer["group"], group),
                           proposition_name=names.get(answer["proposition"], proposition))
    return await _off_the_loop(request, make)


@router.get("/compare")
async def compare(request: Request, actors: str = "", as_of: str | None = None) -> HTMLResponse:
    day = _day(as_of)

    def make() -> str:
        page = reading_page(request)
        codes = [code.strip() for code in actors.split(",") if code.strip()]
        context = {"actors_text": actors, "as_of": day or page.answers.snapshot(None).as_of, "page_path": "/compare"}
        if not codes:
            return page.render("compare.html", **context)
        if not COMPARED[0] <= len(codes) <= COMPARED[1]:
            return page.render("compare.html", error=f"Name two to four states or groups, not {len(codes)}.", **context)
        try:
            return page.render("compare.html", **context, **_compared(page, codes, day))
        except UnknownName as error:
            return page.render("compare.html", error=str(error), **context)
    return await _off_the_loop(request, make)


def _compared(page: Page, codes: list[str], day: str | None) -> dict:
    answers = page.answers
    iris = [answers.names.resolve(code, "state", "group") for code in codes]
    snapshot = answers.snapshot(day, consensus=False)
    actors = [{"iri": iri, "code": snapshot.code(iri)} for iri in iris]
    pairs = []
    for i, a in enumerate(iris):
        for b in iris[i + 1:]:
            aligned = answers.alignment(a, b, as_of=day)
            pairs.append({"a": snapshot.code(a), "b": snapshot.code(b), "score": aligned["score"],
                          "shared": aligned["shared_propositions"]})
    rows = []
    for proposition, info in sorted(snapshot.propositions.items(), key=lambda item: item[1]["label"]):
        held = [snapshot.stances.get((iri, proposition)) for iri in iris]
        if not any(held):
            continue
        cells = [{"category": CATEGORY_OF[row["stance"]] if row else "silent", "document": row["document"] if row else "",
                  "code": snapshot.code(iri)} for iri, row in zip(iris, held)]
        sides = {side(row["stance"]) for row in held if row} - {None}
        rows.append({"proposition": proposition, "label": info["label"], "cells": cells, "differ": len(sides) > 1})
    rows.sort(key=lambda row: not row["differ"])
    return {"actors": actors, "pairs": pairs, "rows": rows}


@router.get("/docs")
async def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(openapi_url=request.app.openapi_url, title=f"{request.app.title}: API",
                               swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                               swagger_css_url="/static/swagger/swagger-ui.css",
                               swagger_favicon_url="/static/swagger/favicon-32x32.png")

