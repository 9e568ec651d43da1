"""The OpenAPI document tells the truth: each route lists the media types it answers in, each with an
example, its parameters have examples, and a request built from those examples is answered in each type."""

import csv
import io
import itertools
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Dataset, Graph

RDF_PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/n-quads": "nquads",
               "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def operations(server) -> list[tuple[str, str, dict]]:
    spec = httpx.get(f"{server}/openapi.json").json()
    return [(method, path, operation) for path, methods in spec["paths"].items() for method, operation in methods.items()]


def success_content(operation: dict) -> dict:
    return operation["responses"].get("200", {}).get("content", {})


def parameter_choices(parameter: dict) -> list:
    values = [example["value"] for example in parameter.get("examples", {}).values()]
    return values if parameter.get("required") else values + [None]


def example_requests(path: str, operation: dict) -> list[tuple[str, dict]]:
    """Every URL and query string that the documented examples make."""
    parameters = operation.get("parameters", [])
    requests = []
    for values in itertools.product(*(parameter_choices(p) for p in parameters)):
        url, query = path, {}
        for parameter, value in zip(parameters, values):
            if value is None:
                continue
            if parameter["in"] == "path":
                url = url.replace("{" + parameter["name"] + "}", value)
            else:
                query[parameter["name"]] = value
        requests.append((url, query))
    return requests


def answered_in(client, requests, media_type: str) -> bool:
    for url, query in requests:
        response = client.get(url, params=query, headers={"Accept": media_type})
        if response.status_code == 200 and response.headers["content-type"].split(";")[0] == media_type:
            return True
    return False


def test_every_operation_lists_media_types_with_examples(operations):
    missing = []
    for method, path, operation in operations:
        content = success_content(operation)
        if not content or any("example" not in entry for entry in content.values()):
            missing.append(f"{method} {path}: success media types without examples")
        for parameter in operation.get("parameters", []):
            if parameter.get("required") and not parameter.get("examples"):
                missing.append(f"{method} {path}: parameter {parameter['name']} has no example")
    assert not missing, "\n".join(missing)


def test_every_documented_media_type_is_served_for_the_examples(client, operations):
    unserved = [
        f"GET {path} as {media_type}"
        for method, path, operation in operations if method == "get"
        for media_type in success_content(operation)
        if not answered_in(client, example_requests(path, operation), media_type)
    ]
    assert not unserved, "\n".join(unserved)


def test_post_body_examples_are_answered(client, operations):
    (operation,) = [op for method, path, op in operations if (method, path) == ("post", "/sparql")]
    bodies = operation["requestBody"]["content"]
    form = client.post("/sparql", data=bodies["application/x-www-form-urlencoded"]["example"])
    assert form.status_code == 200 and form.json()["results"]["bindings"]
    direct = client.post("/sparql", content=bodies["application/sparql-query"]["example"],
                         headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"})
    assert direct.status_code == 200 and len(Graph().parse(data=direct.text, format="turtle")) == 1


def test_examples_are_well_formed_in_their_media_type(operations):
    for method, path, operation in operations:
        for media_type, entry in success_content(operation).items():
            value = entry["example"]
            if media_type in RDF_PARSERS:
                parsed = Dataset().parse(data=value, format=RDF_PARSERS[media_type])
                assert any(parsed.quads()), (path, media_type)
            elif media_type.endswith("json"):
                assert isinstance(value, (dict, list)), (path, media_type)
            elif media_type.endswith("xml"):
                ElementTree.fromstring(value)
            elif media_type == "text/csv":
                assert len(list(csv.reader(io.StringIO(value)))) == 2
            elif media_type == "text/html":
                assert value.lstrip().lower().startswith("<!doctype html"), path
            else:
                assert value.count("\t") >= 1, (path, media_type)


def key_shape(value):
    """The keys of a JSON value, following the first item of every list. Keys whose value is null are left
    out: FastAPI drops them from the OpenAPI document, examples included."""
    if isinstance(value, dict):
        return {key: key_shape(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [key_shape(value[0])] if value else []
    return None


def test_json_ld_api_examples_have_the_keys_of_real_answers(client, operations):
    for method, path, operation in operations:
        example = success_content(operation).get("application/ld+json", {}).get("example")
        if not path.startswith("/api/v1/") or path.endswith(".jsonld"):
            continue
        answers = [response.json() for url, query in example_requests(path, operation)
                   if (response := client.get(url, params=query)).status_code == 200]
        assert any(key_shape(example) == key_shape(real) for real in answers), path
