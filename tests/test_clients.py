"""Real clients against a running `cybernorms serve`: SPARQLWrapper, rdflib's SPARQLStore, plain HTTP."""

import csv
import io

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH as SHACL
from rdflib.namespace import VOID
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

from conftest import REPO, serve

NATO_MEMBERS = """
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?member WHERE { ?m org:organization <https://w3id.org/cybernorms/id/group/NATO> ; org:member ?member }
"""
SD = "http://www.w3.org/ns/sparql-service-description#"
CONTRIBUTIONS = "https://w3id.org/cybernorms/graph/contributions"
GRAPHS = {"asserted": "https://w3id.org/cybernorms/graph/asserted", "inferred": "https://w3id.org/cybernorms/graph/inferred"}


def wrapper(server, query, return_format=JSON):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    return client.query().convert()


def test_sparqlwrapper_select_in_json_xml_and_csv(server):
    as_json = {b["member"]["value"] for b in wrapper(server, NATO_MEMBERS)["results"]["bindings"]}
    as_xml = {node.firstChild.data for node in wrapper(server, NATO_MEMBERS, XML).getElementsByTagName("uri")}
    as_csv = {row[0] for row in list(csv.reader(io.StringIO(wrapper(server, NATO_MEMBERS, CSV).decode())))[1:]}
    assert len(as_json) == 32 and as_json == as_xml == as_csv


def test_sparqlwrapper_ask_and_construct(server):
    assert wrapper(server, "ASK { <https://w3id.org/cybernorms/id/state/EE> ?p ?o }")["boolean"] is True
    # SPARQLWrapper adds format=xml: for a graph that means RDF/XML, which it parses into rdflib.
    constructed = wrapper(server, "CONSTRUCT WHERE { <https://w3id.org/cybernorms/id/state/EE> ?p ?o }", XML)
    assert isinstance(constructed, Graph)
    assert (URIRef("https://w3id.org/cybernorms/id/state/EE"), URIRef("https://w3id.org/cybernorms/ontology#alpha3"), Literal("EST")) in constructed


def test_rdflib_sparqlstore_reads_the_endpoint(server):
    remote = Graph(store=SPARQLStore(f"{server}/sparql"))
    rows = list(remote.query(NATO_MEMBERS))
    assert len(rows) == 32


@pytest.mark.parametrize(
    "alias, media_type, query",
    [
        ("json", "application/sparql-results+json", "ASK {}"),
        ("xml", "application/sparql-results+xml", "ASK {}"),
        ("csv", "text/csv", NATO_MEMBERS),
        ("tsv", "text/tab-separated-values", NATO_MEMBERS),
        ("turtle", "text/turtle", "CONSTRUCT WHERE { ?s a ?o } LIMIT 1"),
        ("jsonld", "application/ld+json", "CONSTRUCT WHERE { ?s a ?o } LIMIT 1"),
        ("json", "application/ld+json", "CONSTRUCT WHERE { ?s a ?o } LIMIT 1"),
        ("xml", "application/rdf+xml", "CONSTRUCT WHERE { ?s a ?o } LIMIT 1"),
        ("ntriples", "application/n-triples", "CONSTRUCT WHERE { ?s a ?o } LIMIT 1"),
    ],
)
@pytest.mark.parametrize("parameter", ["format", "output"])
def test_format_and_output_aliases_override_accept(client, alias, media_type, query, parameter):
    response = client.get("/sparql", params={"query": query, parameter: alias}, headers={"Accept": "image/png"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


def test_unknown_format_alias_is_400(client):
    response = client.get("/sparql", params={"query": "ASK {}", "format": "yaml"})
    assert response.status_code == 400
    assert "jsonld" in response.json()["error"]["message"]


def test_service_description_counts_each_graph(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    description = Graph().parse(data=response.text, format="turtle")
    service = next(description.subjects(URIRef(SD + "endpoint"), None))
    assert str(description.value(service, URIRef(SD + "endpoint"))) == str(client.base_url) + "/sparql"
    triples = client.get("/-/version").json()["triples"]
    counts = {}
    for named in description.subjects(URIRef(SD + "name"), None):
        graph_node = description.value(named, URIRef(SD + "graph"))
        counts[str(description.value(named, URIRef(SD + "name")))] = description.value(graph_node, VOID.triples).toPython()
    assert counts == {GRAPHS["asserted"]: triples["asserted"], GRAPHS["inferred"]: triples["inferred"],
                      CONTRIBUTIONS: 0, CONTRIBUTIONS + "-inferred": 0}
    languages = set(description.objects(service, URIRef(SD + "supportedLanguage")))
    assert languages == {URIRef(SD + "SPARQL11Query")}  # read-only: no curators' tokens on this server
    prefixes = {str(description.value(declaration, SHACL.prefix)): str(description.value(declaration, SHACL.namespace))
                for declaration in description.objects(service, SHACL.declare)}
    assert prefixes["cn"] == "https://w3id.org/cybernorms/ontology#"
    assert prefixes["state"] == "https://w3id.org/cybernorms/id/state/"


@pytest.mark.parametrize("rdf_format, media_type", [("turtle", "text/turtle"), ("nt", "application/n-triples"),
                                                   ("json-ld", "application/ld+json"), ("xml", "application/rdf+xml")])
def test_graph_store_serves_each_graph_in_every_format(client, rdf_format, media_type):
    triples = client.get("/-/version").json()["triples"]
    for name, iri in GRAPHS.items():
        response = client.get("/rdf-graph-store", params={"graph": iri}, headers={"Accept": media_type})
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media_type
        assert len(Graph().parse(data=response.text, format=rdf_format)) == triples[name]
    whole = client.get("/rdf-graph-store?default", headers={"Accept": media_type})
    assert len(Graph().parse(data=whole.text, format=rdf_format)) == triples["asserted"] + triples["inferred"]


def test_graph_store_refuses_unknown_or_missing_graphs(client):
    assert client.get("/rdf-graph-store", params={"graph": "urn:nothing"}).status_code == 404
    assert client.get("/rdf-graph-store").status_code == 400


def test_cors_is_off_by_default_and_on_for_named_origins(server, build_dir):
    origin = {"Origin": "https://app.example.org"}
    assert "access-control-allow-origin" not in httpx.get(f"{server}/-/health", headers=origin).headers
    for base in serve(REPO, build_dir, {"CYBERNORMS_CORS_ORIGINS": '["https://app.example.org"]'}):
        allowed = httpx.get(f"{base}/-/health", headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "https://app.example.org"
        other = httpx.get(f"{base}/-/health", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
