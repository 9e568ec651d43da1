"""Quality checks as code: every ontology/checks/*-violation.rq query must return no rows."""

from pathlib import Path

import pytest
from rdflib import Graph

from conftest import REPO

CHECKS = sorted((REPO / "ontology" / "checks").glob("*-violation.rq"))


@pytest.fixture(scope="module")
def graph() -> Graph:
    combined = Graph()
    for folder in ("ontology", "data"):
        for path in sorted((REPO / folder).rglob("*.ttl")):
            if path.name != "shapes.ttl":
                combined.parse(path)
    return combined


def test_there_are_checks():
    assert len(CHECKS) >= 3


@pytest.mark.parametrize("check", CHECKS, ids=lambda path: path.stem)
def test_check_finds_no_violation(graph, check: Path):
    rows = list(graph.query(check.read_text()))
    assert rows == [], f"{check.name}: {rows}"


def test_checks_catch_a_term_without_definition(graph):
    broken = Graph()
    broken += graph
    broken.parse(data="""
        @prefix cn: <https://w3id.org/cybernorms/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        cn:Undefined a <http://www.w3.org/2002/07/owl#Class> ; rdfs:label "undefined"@en ;
            rdfs:isDefinedBy <https://w3id.org/cybernorms/ontology> .
    """, format="turtle")
    check = REPO / "ontology" / "checks" / "term-without-annotations-violation.rq"
    rows = [(str(term), str(missing)) for term, missing in broken.query(check.read_text())]
    assert rows == [("https://w3id.org/cybernorms/ontology#Undefined", "definition")]
