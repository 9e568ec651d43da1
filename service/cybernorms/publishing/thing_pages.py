"""The reading page of each kind of thing: a state, a group, a proposition, a document, an incident.

Each gathers what a reader needs from the graph (reading.py) and the coalition answers, and renders
its template; any other kind of thing gets its description as nested tables (pages.py).
"""

import json
from itertools import groupby

from ..coalitions.answers import Answers
from ..coalitions.rules import BASIS_OF, CATEGORY_OF
from . import reading
from .pages import description_tables
from .site import STANCE_WORDS, href, render
from .world_map import world_map

ALIGNED_SHOWN = 8


class Page:
    """What every reading page needs: the graph, the coalition answers, the release and where it is served."""

    def __init__(self, graph, answers: Answers, manifest: dict, contributions_version, service: str, base_iri: str):
        self.graph, self.answers, self.manifest = graph, answers, manifest
        self.service, self.base_iri = service, base_iri
        # What the graph holds: the built data and the curators' changes since.
        self.version = f"{manifest['input_hash']}+{contributions_version}"

    def render(self, template: str, **context) -> str:
        return render(template, self.manifest, self.service, self.base_iri, **context)

    def href(self, iri: str) -> str:
        return href(iri, self.base_iri)

    def names(self) -> dict[str, str]:
        """Every state, group, proposition, document and incident by IRI: its name."""
        return {t["thing"]: t["thing_name"] for t in reading.catalogue(self.graph, self.version)}

    def stance_rows(self, rows: list[dict]) -> list[dict]:
        """Snapshot rows as the templates show them: category, basis name and the document's name."""
        names = self.names()
        return [{**row, "category": CATEGORY_OF[row["stance"]], "basis": BASIS_OF.get(row["basis"], ""),
                 "document_name": names.get(row["document"], row["document"])} for row in rows]


def thing_page(page: Page, kind: str, iri: str, path: str, framed) -> str:
    """The HTML of the thing IRI of KIND; FRAMED() gives its JSON-LD description for the generic page."""
    info = reading.summary(page.graph, iri)
    shown = {"state": _state, "group": _group, "proposition": _proposition, "document": _document, "incident": _incident}
    if kind in shown:
        return shown[kind](page, iri, info, path)
    document = framed()
    return page.render("thing.html", title=info.get("thing_name") or iri, path=path, page_path=path,
                       body=description_tables(document, page.base_iri, page.service))


def _state(page: Page, iri: str, info: dict, path: str) -> str:
    snapshot = page.answers.snapshot(None)
    rows = page.stance_rows(sorted(snapshot.addressed_by(iri).values(), key=lambda r: (r["area"], r["proposition_label"])))
    areas = {a["area"]: a["area_name"] for a in reading.select(page.graph, reading.AREAS)}
    by_area = [(areas.get(area, area), list(group)) for area, group in groupby(rows, key=lambda r: r["area"])]
    aligned = page.answers.like_minded(iri, min_shared=3)["like_minded"][:ALIGNED_SHOWN]
    return page.render("state.html", info=info, path=path, page_path=path, stances_by_area=by_area, aligned=aligned,
                       names=page.names(), memberships=reading.select(page.graph, reading.MEMBERSHIPS, iri),
                       documents=reading.select(page.graph, reading.DOCUMENTS_BY, iri),
                       incidents=reading.select(page.graph, reading.INCIDENTS_SUFFERED, iri),
                       attributions=reading.select(page.graph, reading.ATTRIBUTIONS, iri))


def _group(page: Page, iri: str, info: dict, path: str) -> str:
    row = page.answers.group_row(iri)
    snapshot = page.answers.snapshot(None)
    labels = {p: info["label"] for p, info in snapshot.propositions.items()}
    cells = [c for c in row["propositions"] if c["verdict"] != "mostly silent" or c["collective_stance"]] \
        if iri in snapshot.members else []
    return page.render("group.html", info=info, path=path, page_path=path, labels=labels, names=page.names(),
                       row={"as_of": row["as_of"], "member_count": row["member_count"],
                            "members_complete": row["members_complete"], "cells": cells},
                       members=reading.select(page.graph, reading.MEMBERS, iri),
                       documents=reading.select(page.graph, reading.DOCUMENTS_BY, iri),
                       attributions=reading.select(page.graph, reading.ATTRIBUTIONS, iri))


def _proposition(page: Page, iri: str, info: dict, path: str) -> str:
    snapshot = page.answers.snapshot(None)
    rows = page.stance_rows([row for (actor, proposition), row in snapshot.stances.items() if proposition == iri])
    rows.sort(key=lambda r: (list(CATEGORY_OF.values()).index(r["category"]), snapshot.code(r["actor"])))
    codes = {actor: snapshot.code(actor) for actor in snapshot.actors()}
    categories = {codes[r["actor"]]: r["category"] for r in rows}
    counts = {c: sum(r["category"] == c for r in rows) for c in CATEGORY_OF.values()}
    labels = {category: words for category, (words, _) in STANCE_WORDS.items()}
    labels["no-record"] = "no stance recorded"
    drawn = world_map(categories, labels, f"World map: stances on {info.get('thing_name', '')}")
    return page.render("proposition.html", info=info, path=path, page_path=path, rows=rows, counts=counts,
                       map=drawn, as_of=snapshot.as_of, names=page.names())


def _document(page: Page, iri: str, info: dict, path: str) -> str:
    stances = [{**s, "category": CATEGORY_OF[s["stance"]]} for s in reading.select(page.graph, reading.STANCES_FROM, iri)]
    return page.render("document.html", info=info, path=path, page_path=path, stances=stances)


def _incident(page: Page, iri: str, info: dict, path: str) -> str:
    incident = (reading.select(page.graph, reading.INCIDENT, iri) or [{}])[0]
    return page.render("incident.html", info=info, path=path, page_path=path, incident=incident, names=page.names(),
                       attributions=reading.select(page.graph, reading.ATTRIBUTIONS, iri))


def sparql_editor(page: Page, queries: dict) -> str:
    """The SPARQL editor, with the canned queries that need no parameter as examples."""
    examples = [(name, query.text) for name, query in queries.items() if all(p.optional for p in query.parameters)]
    # Inside <script>, "</" would end the element: JSON allows writing it "<\/".
    examples_json = json.dumps(dict(examples)).replace("</", "<\\/")
    return page.render("sparql.html", examples=examples, examples_json=examples_json, page_path="/sparql")
