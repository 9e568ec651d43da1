"""The SPARQL 1.1 Protocol at /sparql, spoken over HTTP to a running `cybernorms serve`."""

import csv
import io
import json
import re
import threading
import xml.etree.ElementTree as ElementTree

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import untouched_port

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
NATO_MEMBERS = """
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?member WHERE { ?m org:organization <https://w3id.org/cybernorms/id/group/NATO> ; org:member ?member }
ORDER BY ?member
"""
NATO_GRAPH = """
PREFIX org: <http://www.w3.org/ns/org#>
CONSTRUCT { ?m ?p ?o } WHERE { ?m org:organization <https://w3id.org/cybernorms/id/group/NATO> ; ?p ?o }
"""
ESTONIA_IS_ACTOR = "ASK {{ {graph} {{ <https://w3id.org/cybernorms/id/state/EE> a <https://w3id.org/cybernorms/ontology#Actor> }} }}"
SPARQL_RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def sparql(client, query, accept=None, method="GET"):
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        return client.get("/sparql", params={"query": query}, headers=headers)
    return client.post("/sparql", content=query, headers={**headers, "Content-Type": "application/sparql-query"})


def test_count_of_all_triples_is_asserted_plus_inferred(client):
    response = sparql(client, COUNT_ALL)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    triples = client.get("/-/version").json()["triples"]
    assert count == triples["asserted"] + triples["inferred"]


def _members_from(media_type: str, body: str) -> list[str]:
    """Read the ?member column out of each SPARQL results format."""
    if media_type == "application/sparql-results+json":
        return [row["member"]["value"] for row in json.loads(body)["results"]["bindings"]]
    if media_type == "application/sparql-results+xml":
        root = ElementTree.fromstring(body)
        return [uri.text for uri in root.iter(f"{SPARQL_RESULTS_NS}uri")]
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["member"]
        return [row[0] for row in rows[1:]]
    rows = body.splitlines()
    assert rows[0] == "?member"
    return [row.strip("<>") for row in rows[1:]]


@pytest.mark.parametrize(
    "media_type",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"],
)
def test_select_in_every_results_format(client, media_type):
    response = sparql(client, NATO_MEMBERS, accept=media_type)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    members = _members_from(media_type, response.text)
    assert len(members) == 32
    assert "https://w3id.org/cybernorms/id/state/EE" in members


@pytest.mark.parametrize(
    "media_type, rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_every_graph_format_parses_back_to_the_same_graph(client, media_type, rdflib_format):
    reference = Graph().parse(data=sparql(client, NATO_GRAPH, accept="application/n-triples").text, format="nt")
    response = sparql(client, NATO_GRAPH, accept=media_type)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    parsed = Graph().parse(data=response.text, format=rdflib_format)
    assert len(parsed) >= 32 * 5
    assert isomorphic(parsed, reference)


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
        ("text/*", "text/csv"),
        ("application/sparql-results+json;q=0, */*;q=0.5", "application/sparql-results+xml"),
        ("text/html, application/xhtml+xml, */*;q=0.8", "application/sparql-results+json"),
    ],
)
def test_accept_q_values_pick_the_preferred_results_format(client, accept, expected):
    response = sparql(client, "ASK { ?s ?p ?o }" if "csv" not in expected else NATO_MEMBERS, accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    "query, accept",
    [
        (NATO_MEMBERS, "image/png"),
        (NATO_MEMBERS, "text/turtle"),
        (NATO_GRAPH, "text/csv"),
        (NATO_GRAPH, "application/sparql-results+json"),
        (NATO_MEMBERS, "application/sparql-results+json;q=0"),
    ],
)
def test_unservable_accept_is_406(client, query, accept):
    response = sparql(client, query, accept=accept)
    assert response.status_code == 406
    assert "available:" in response.json()["error"]["message"]
    assert response.headers["vary"] == "Accept"


def test_describe_answers_a_graph_about_the_resource(client):
    response = sparql(client, "DESCRIBE <https://w3id.org/cybernorms/id/state/EE>", accept="text/turtle")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    described = Graph().parse(data=response.text, format="turtle")
    codes = {str(o) for s, p, o in described if str(p).endswith("#alpha3")}
    assert codes == {"EST"}


def test_syntax_error_is_400_with_the_parser_message(client):
    response = sparql(client, "SELECT ?x WHERE { ?x ?y }")
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("The query is not valid SPARQL:")
    assert re.search(r"error at \d+:\d+", message), message  # the parser's line and column


def test_post_form_and_post_body_answer_like_get(client):
    by_get = sparql(client, NATO_MEMBERS).json()
    by_body = sparql(client, NATO_MEMBERS, method="POST").json()
    by_form = client.post("/sparql", data={"query": NATO_MEMBERS}).json()
    assert by_get == by_body == by_form


@pytest.mark.parametrize(
    "request_args",
    [
        {"method": "POST", "url": "/sparql", "content": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
         "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "POST", "url": "/sparql", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"method": "GET", "url": "/sparql", "params": {"update": "CLEAR ALL"}},
        {"method": "GET", "url": "/sparql", "params": {"query": "PREFIX : <urn:x#> INSERT DATA { :a :b :c }"}},
    ],
)
def test_updates_are_refused(client, request_args):
    response = client.request(**request_args)
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]


def test_unknown_content_type_is_415(client):
    response = client.post("/sparql", content=NATO_MEMBERS, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.json()["error"]["message"]


def test_missing_query_is_400(client):
    response = client.post("/sparql", data={"default-graph-uri": "urn:x"})
    assert response.status_code == 400
    assert "query" in response.json()["error"]["message"]


def test_inferred_triples_live_in_their_own_named_graph(client):
    def ask(graph_clause):
        return sparql(client, ESTONIA_IS_ACTOR.format(graph=graph_clause)).json()["boolean"]

    assert ask("GRAPH <https://w3id.org/cybernorms/graph/inferred>") is True
    assert ask("GRAPH <https://w3id.org/cybernorms/graph/asserted>") is False
    assert ask("") is True  # the default graph is the union


ASSERTED = "https://w3id.org/cybernorms/graph/asserted"
INFERRED = "https://w3id.org/cybernorms/graph/inferred"


@pytest.mark.parametrize(
    "query, params, expected",
    [
        (ESTONIA_IS_ACTOR.format(graph=""), {"default-graph-uri": ASSERTED}, False),
        (ESTONIA_IS_ACTOR.format(graph=""), {"default-graph-uri": INFERRED}, True),
        # The request's dataset overrides the query's FROM.
        (f"ASK FROM <{INFERRED}> {{ ?s ?p ?o }}", {"default-graph-uri": "urn:no-such-graph"}, False),
        # Only named graphs given: the default graph is empty.
        ("ASK { ?s ?p ?o }", {"named-graph-uri": ASSERTED}, False),
        (f"ASK {{ GRAPH <{ASSERTED}> {{ ?s ?p ?o }} }}", {"named-graph-uri": ASSERTED}, True),
        (f"ASK {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}", {"named-graph-uri": ASSERTED}, False),
    ],
)
def test_protocol_dataset_parameters(client, query, params, expected):
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ASK FROM <urn:no-such-graph> { ?s ?p ?o }", False),
        (ESTONIA_IS_ACTOR.format(graph="").replace("ASK", f"ASK FROM <{ASSERTED}>", 1), False),
        (ESTONIA_IS_ACTOR.format(graph="").replace("ASK", f"ASK FROM <{INFERRED}>", 1), True),
        (f"ASK FROM NAMED <{ASSERTED}> {{ ?s ?p ?o }}", False),
    ],
)
def test_from_clauses_choose_the_dataset(client, query, expected):
    assert sparql(client, query).json()["boolean"] is expected


@pytest.mark.parametrize("bad_iri", ["", "a b", "::"])
def test_invalid_graph_iri_is_400(client, bad_iri):
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": bad_iri})
    assert response.status_code == 400
    assert "absolute IRIs" in response.json()["error"]["message"]


def test_service_is_refused_and_never_connects(client):
    with untouched_port() as port:
        response = sparql(client, f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
        assert response.status_code == 400
        assert "CYBERNORMS_FETCH_ALLOW names no endpoint" in response.json()["error"]["message"]


def test_deeply_nested_query_is_refused_and_the_service_stays_up(client):
    nested = "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000
    response = client.post("/sparql", content=nested, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400
    assert "nests groups" in response.json()["error"]["message"]
    assert client.get("/-/health").status_code == 200


@pytest.mark.parametrize("query_string", ["query=ASK%20%7B%7D%FF", "query=%C3%28", "query=ASK%20%7B%7D&default-graph-uri=%FF"])
def test_url_parameters_that_are_not_utf8_are_400(client, query_string):
    response = client.get(f"/sparql?{query_string}")
    assert response.status_code == 400
    assert "not UTF-8" in response.json()["error"]["message"]


def test_relative_iris_without_base_resolve_against_the_endpoint(client):
    response = sparql(client, "CONSTRUCT { <s> <p> 1 } WHERE {}", accept="application/n-triples")
    assert response.status_code == 200, response.text
    endpoint = f"{client.base_url}/sparql"
    resolved = endpoint.rsplit("/", 1)[0]
    assert response.text.strip() == f'<{resolved}/s> <{resolved}/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    based = sparql(client, "BASE <http://example.org/> SELECT ?x WHERE { BIND(<y> AS ?x) }", accept="text/csv")
    assert based.text.splitlines()[1] == "http://example.org/y"


def test_body_that_is_not_utf8_is_400(client):
    response = client.post(
        "/sparql", content="ASK { ?s ?p \"caf\xe9\" }".encode("latin-1"),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.json()["error"]["message"]


def test_query_in_both_url_and_body_is_400(client):
    response = client.post(
        "/sparql", params={"query": "ASK {}"}, content="ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400


def test_a_slow_query_does_not_block_other_requests(server):
    # Every pair of type statements: seconds of work on the full data, never minutes.
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?c . ?d a ?f . FILTER(STR(?c) < STR(?f)) }"
    finished = threading.Event()

    def run_slow():
        httpx.get(f"{server}/sparql", params={"query": slow}, timeout=300)
        finished.set()

    worker = threading.Thread(target=run_slow)
    worker.start()
    try:
        assert not finished.wait(0.5), "the slow query should take longer than half a second"
        health = httpx.get(f"{server}/-/health", timeout=5)
        assert health.status_code == 200
        assert not finished.is_set(), "health answered only after the slow query finished"
    finally:
        worker.join(timeout=300)


def test_version_names_ontology_and_data_hash(client, build_dir):
    version = client.get("/-/version").json()
    manifest = json.loads((build_dir / "manifest.json").read_text())
    assert version["ontology_version"] == manifest["version"] != "unknown"
    assert version["data_hash"] == manifest["input_hash"]
