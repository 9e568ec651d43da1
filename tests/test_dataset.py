"""The dataset description at /-/dataset and the dumps it points to."""

import httpx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCAT, VOID

from conftest import run_cli

FORMATS = {".ttl": "turtle", ".jsonld": "json-ld"}


def test_every_download_url_gives_the_triples_it_declares(client):
    response = client.get("/-/dataset", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    description = Graph().parse(data=response.text, format="turtle")
    dataset = URIRef(str(client.base_url) + "/-/dataset")
    triples = client.get("/-/version").json()["triples"]
    assert description.value(dataset, VOID.triples).toPython() == triples["asserted"] + triples["inferred"]
    distributions = list(description.objects(dataset, DCAT.distribution))
    assert len(distributions) == 3
    for distribution in distributions:
        url = str(description.value(distribution, DCAT.downloadURL))
        download = httpx.get(url, timeout=120)
        assert download.status_code == 200, url
        if url.endswith(".nq"):
            quads = Dataset()
            quads.parse(data=download.text, format="nquads")
            count = len(list(quads.quads()))
        else:
            count = len(Graph().parse(data=download.text, format=FORMATS[url[url.rindex("."):]]))
        assert count == description.value(distribution, VOID.triples).toPython(), url


def test_unknown_dump_is_404(client):
    assert client.get("/-/dumps/cybernorms.csv").status_code == 404


@pytest.mark.parametrize("media_type", ["application/ld+json", "application/n-triples"])
def test_dataset_description_in_other_formats(client, media_type):
    response = client.get("/-/dataset", headers={"Accept": media_type})
    assert response.headers["content-type"].split(";")[0] == media_type


def test_export_writes_the_dumps_and_the_ontology_page(tmp_path, build_dir):
    result = run_cli("export", build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    written = sorted(line.split(" ")[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines())
    assert written == ["cybernorms.jsonld", "cybernorms.nq", "cybernorms.ttl", "ontology.html"]
