"""The ontology's IRI dereferences: its pyLODE documentation for browsers, its own triples for RDF clients."""

from html import escape

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from conftest import REPO

ONTOLOGY = Graph().parse(REPO / "ontology" / "cybernorms.ttl")
ONTOLOGY_IRI = ONTOLOGY.value(predicate=RDF.type, object=OWL.Ontology)
VERSION_IRI = str(ONTOLOGY.value(ONTOLOGY_IRI, OWL.versionIRI))
VERSION_INFO = str(ONTOLOGY.value(ONTOLOGY_IRI, OWL.versionInfo))
VERSION_PATH = "/ontology/" + VERSION_IRI.rsplit("/", 1)[-1]
TERM_LABELS = sorted({str(label) for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
                      for term in ONTOLOGY.subjects(RDF.type, kind) for label in ONTOLOGY.objects(term, RDFS.label)})
CHROMIUM_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDF_SUFFIXES = {".ttl": ("text/turtle", "turtle"), ".jsonld": ("application/ld+json", "json-ld"),
                ".nt": ("application/n-triples", "nt")}


def _media_type(response) -> str:
    return response.headers["content-type"].split(";")[0]


def _assert_documents_the_ontology(response):
    assert response.status_code == 200
    assert _media_type(response) == "text/html"
    assert "pyLODE" in response.text
    missing = [label for label in TERM_LABELS if escape(label, quote=False) not in response.text]
    assert not missing, f"labels missing from the page: {missing}"
    assert VERSION_INFO in response.text and VERSION_IRI in response.text


def _assert_is_the_ontology(response, media_type: str, rdflib_format: str):
    assert response.status_code == 200
    assert _media_type(response) == media_type
    assert isomorphic(Graph().parse(data=response.content, format=rdflib_format), ONTOLOGY)


def test_the_file_has_terms_and_a_version():
    assert len(TERM_LABELS) > 20 and VERSION_IRI.endswith(VERSION_INFO)


@pytest.mark.parametrize("accept", ["text/html", CHROMIUM_ACCEPT])
def test_browsers_get_the_pylode_page(client, accept):
    _assert_documents_the_ontology(client.get("/ontology", headers={"Accept": accept}))


@pytest.mark.parametrize(
    "accept, rdflib_format",
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
     ("application/rdf+xml", "xml")],
)
def test_rdf_clients_get_the_ontology_files_triples(client, accept, rdflib_format):
    _assert_is_the_ontology(client.get("/ontology", headers={"Accept": accept}), accept, rdflib_format)


@pytest.mark.parametrize("suffix", RDF_SUFFIXES)
def test_a_suffix_overrides_the_accept_header(client, suffix):
    response = client.get(f"/ontology{suffix}", headers={"Accept": CHROMIUM_ACCEPT})
    _assert_is_the_ontology(response, *RDF_SUFFIXES[suffix])


def test_html_suffix_gives_the_page(client):
    _assert_documents_the_ontology(client.get("/ontology.html", headers={"Accept": "text/turtle"}))


def test_unknown_suffix_is_404(client):
    response = client.get("/ontology.png")
    assert response.status_code == 404
    assert "/ontology.ttl" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/ontology", VERSION_PATH])
def test_every_answer_links_its_alternates(client, path):
    response = client.get(path, headers={"Accept": "text/turtle", "Host": "graph.example.org"})
    assert response.headers["vary"] == "Accept"
    for suffix, media_type in {**{s: t for s, (t, _) in RDF_SUFFIXES.items()}, ".html": "text/html"}.items():
        assert f'<http://graph.example.org{path}{suffix}>; rel="alternate"; type="{media_type}"' in response.headers["link"]


def test_the_current_version_iri_dereferences(client):
    _assert_documents_the_ontology(client.get(VERSION_PATH, headers={"Accept": CHROMIUM_ACCEPT}))
    _assert_is_the_ontology(client.get(VERSION_PATH, headers={"Accept": "text/turtle"}), "text/turtle", "turtle")
    _assert_is_the_ontology(client.get(VERSION_PATH + ".jsonld"), "application/ld+json", "json-ld")


def test_another_version_is_404_naming_the_current_one(client):
    response = client.get("/ontology/1999-01-01", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert VERSION_IRI in response.json()["error"]["message"]


def test_unservable_accept_is_406_listing_the_types(client):
    response = client.get("/ontology", headers={"Accept": "image/png"})
    assert response.status_code == 406
    message = response.json()["error"]["message"]
    assert all(media_type in message for media_type in ("text/html", "text/turtle", "application/ld+json"))
