"""Every IRI the graph mints dereferences on the service, in the representation asked for."""

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic


@pytest.mark.parametrize(
    "accept, media_type",
    [
        ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),
        ("application/ld+json", "application/ld+json"),
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_accept_chooses_the_representation(client, accept, media_type):
    response = client.get("/id/state/EE", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize("suffix, rdflib_format", [(".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld")])
def test_suffixes_give_the_same_graph(client, suffix, rdflib_format):
    reference = Graph().parse(data=client.get("/id/group/NATO.ttl").text, format="turtle")
    parsed = Graph().parse(data=client.get(f"/id/group/NATO{suffix}").text, format=rdflib_format)
    assert len(parsed) > 5 and isomorphic(parsed, reference)


def test_html_page_links_to_its_alternates_and_local_iris(client):
    response = client.get("/id/state/EE", headers={"Accept": "text/html", "Host": "graph.example.org"})
    assert '<http://graph.example.org/id/state/EE.jsonld>; rel="alternate"' in response.headers["link"]
    assert "Estonia" in response.text
    # Estonia's documents and groups are minted IRIs: they link to this service, not to w3id.org.
    assert 'href="/id/document/' in response.text and 'href="/id/group/' in response.text
    assert 'href="https://w3id.org/cybernorms/id/' not in response.text


def test_unknown_iri_is_404(client):
    response = client.get("/id/state/ZZ")
    assert response.status_code == 404
    assert "https://w3id.org/cybernorms/id/state/ZZ" in response.json()["error"]["message"]


def test_a_name_that_cannot_be_an_iri_is_404_not_a_server_error(client):
    response = client.get("/id/%C2%BBp/%C3%81%17%26")  # a control character
    assert response.status_code == 404
    assert "Nothing in the graph" in response.json()["error"]["message"]
