"""JSON-LD that applications can use: a published, versioned context and framed documents with stable keys.

Checked with two independent JSON-LD processors, pyld and rdflib, each fetching
the context from the running service over HTTP.
"""

import json

import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic

BASE = "https://w3id.org/cybernorms/id/"
THINGS = {
    "state": "state/FR",
    "group": "group/NATO",
    "document": "document/2019-FR-international-law-applied-to-operations-in-cyberspace",
    "proposition": "proposition/sovereignty-is-a-rule",
    "incident": "incident/2017-notpetya",
}
KEYWORDS = {"@context", "@value", "@language", "@type", "@id"}


@pytest.fixture
def context_document(client):
    version = client.get("/-/version").json()["ontology_version"]
    response = client.get(f"/context/{version}.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    return response.json()


def framed(client, path: str) -> dict:
    response = client.get(f"/id/{path}", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    return response.json()


def turtle(client, path: str) -> Graph:
    return Graph().parse(data=client.get(f"/id/{path}.ttl").text, format="turtle")


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_in(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_in(item)}
    return set()


@pytest.mark.parametrize("kind", THINGS)
def test_pyld_reads_the_same_graph_as_the_turtle(client, kind):
    document = framed(client, THINGS[kind])
    assert document["@context"].startswith(str(client.base_url))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})  # pyld fetches the context over HTTP
    reference = turtle(client, THINGS[kind])
    assert len(reference) > 5
    assert isomorphic(Graph().parse(data=nquads, format="nquads"), reference)


@pytest.mark.parametrize("kind", THINGS)
def test_rdflib_reads_the_same_graph_as_the_turtle(client, kind):
    parsed = Graph().parse(data=json.dumps(framed(client, THINGS[kind])), format="json-ld")
    assert isomorphic(parsed, turtle(client, THINGS[kind]))


@pytest.mark.parametrize("kind", THINGS)
def test_every_key_is_a_term_of_the_published_context(client, context_document, kind):
    document = framed(client, THINGS[kind])
    assert document["id"] == BASE + THINGS[kind]
    terms = set(context_document["@context"])
    assert keys_in(document) - KEYWORDS <= terms


@pytest.mark.parametrize("kind", THINGS)
def test_pyld_compacts_the_expanded_document_back_to_what_was_served(client, kind):
    document = framed(client, THINGS[kind])
    compacted = jsonld.compact(jsonld.expand(document), document["@context"])
    assert compacted == document


def test_a_state_lists_its_memberships_positions_and_documents(client):
    france = framed(client, THINGS["state"])
    assert (france["type"], france["alpha2"], france["label"]) == ("State", "FR", "France")
    nato = [m for m in france["memberships"] if m["organization"] == BASE + "group/NATO"]
    assert len(nato) == 1 and nato[0]["member"] == france["id"]
    assert {position["holder"] for position in france["positions"]} == {france["id"]}
    assert BASE + THINGS["document"] in {document["id"] for document in france["documents"]}


def test_a_single_membership_is_still_a_list_of_memberships(client):
    """Reverse terms are sets: a state with one membership gets a list of one, the shape every state has."""
    query = """PREFIX cn: <https://w3id.org/cybernorms/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?state WHERE { GRAPH <https://w3id.org/cybernorms/graph/asserted> { ?state a cn:State .
        ?membership org:member ?state } } GROUP BY ?state HAVING (COUNT(?membership) = 1) ORDER BY ?state LIMIT 1"""
    [row] = client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    state = framed(client, row["state"]["value"].removeprefix(BASE))
    assert isinstance(state["memberships"], list) and len(state["memberships"]) == 1
    assert state["memberships"][0]["member"] == state["id"]


def test_the_other_kinds_embed_what_points_at_them(client):
    nato = framed(client, THINGS["group"])
    assert nato["shortName"] == "NATO" and len(nato["members"]) >= 32
    proposition = framed(client, THINGS["proposition"])
    sides = {(p["holder"], p["stance"]) for p in proposition["positionsTaken"]}
    assert {(BASE + "state/FR", "endorses"), (BASE + "state/GB", "rejects")} <= sides
    paper = framed(client, THINGS["document"])
    assert paper["creator"] == [BASE + "state/FR"] and paper["sourceOf"]
    assert all(claim["source"] == [paper["id"]] or paper["id"] in claim["source"] for claim in paper["sourceOf"])
    notpetya = framed(client, THINGS["incident"])
    assert {a["incident"] for a in notpetya["attributions"]} == {notpetya["id"]}


def test_the_context_gives_every_property_in_the_data_a_term(client, context_document):
    """A property without a term would appear under a compact IRI; a repeatable one without @set would
    change shape between a single value and a list."""
    query = """SELECT ?p (MAX(?n) AS ?most) WHERE { { SELECT ?s ?p (COUNT(?o) AS ?n) WHERE {
        GRAPH <https://w3id.org/cybernorms/graph/asserted> { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "%s")) } }
        GROUP BY ?s ?p } } GROUP BY ?p""" % BASE
    rows = client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert len(rows) > 40
    context = context_document["@context"]
    term_for = {property_iri(context, term): term for term, definition in context.items()
                if not term.startswith("@") and not str(definition).startswith("@")}
    for row in rows:
        predicate, most = row["p"]["value"], int(row["most"]["value"])
        if predicate == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            continue  # the "type" keyword
        assert predicate in term_for, f"no term for <{predicate}>"
        if most > 1:
            assert context[term_for[predicate]].get("@container") == "@set", f"{term_for[predicate]} needs @set"


def property_iri(context: dict, term: str) -> str | None:
    """The property a term stands for, as pyld expands it (None for prefixes, keywords and reverse terms)."""
    expanded = jsonld.expand({"@context": context, "@id": "urn:probe", term: {"@id": "urn:value"}})
    keys = set(expanded[0]) - {"@id"} if expanded else set()
    return next((key for key in keys if not key.startswith("@")), None)


def test_unknown_context_version_is_404_naming_the_published_ones(client):
    response = client.get("/context/1999-01-01.jsonld")
    assert response.status_code == 404
    version = client.get("/-/version").json()["ontology_version"]
    assert version in response.json()["error"]["message"]
