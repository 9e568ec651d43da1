"""The reading pages over HTTP, on the real data: what a browser is sent, the matrix as CSV, refusals."""

import csv
import html
import io
import re

import httpx
import pytest

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # as a browser asks


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=60, headers=HTML) as opened:
        yield opened


@pytest.mark.parametrize("path", ["/", "/matrix", "/id/state/FR", "/id/proposition/gge-2015-13f", "/compare?actors=US,RU",
                                  "/sparql", "/docs", "/id/position/2022-PL-position-international-law-cyberspace--sovereignty-is-a-rule"])
def test_pages_load_everything_from_the_service_itself(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    loaded = re.findall(r'<(?:script|link|img)[^>]*?(?:src|href)="([^"]+)"', response.text)
    assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded), loaded
    for url in loaded:
        assert client.get(url).status_code == 200, url


def test_the_matrix_csv_holds_the_cells_of_the_api_matrix(client):
    response = client.get("/matrix.csv", params={"area": "sovereignty", "as_of": "2025-01-01"})
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="cybernorms-matrix-2025-01-01-sovereignty.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    api = client.get("/api/v1/matrix", params={"area": "sovereignty", "as_of": "2025-01-01"},
                     headers={"Accept": "application/json"}).json()
    cells = {(g["code"], c["proposition"]): (c["verdict"], c["counts"]["rejects"]) for g in api["groups"] for c in g["propositions"]}
    assert {(r["group"], r["proposition"]): (r["verdict"], int(r["rejects"])) for r in rows} == cells
    assert {r["as_of"] for r in rows} == {"2025-01-01"}


def test_a_browser_opening_the_endpoint_gets_the_editor_and_a_client_still_gets_the_description(client):
    editor = client.get("/sparql")
    assert '<div id="yasgui">' in editor.text and '"stances":' in editor.text
    described = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert described.headers["content-type"].startswith("text/turtle")
    assert "<http://www.w3.org/ns/sparql-service-description#Service>" in described.text


def test_the_api_docs_work_offline(client):
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/redoc").status_code == 404  # it would load its script from a CDN


def test_a_single_exact_match_goes_straight_to_its_page(client):
    response = client.get("/search", params={"q": "NATO"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/id/group/NATO"
    assert "Nothing matches" in client.get("/search", params={"q": "zzzz"}).text


def test_pages_refuse_bad_input_with_a_message_that_says_what_to_do(client):
    bad_day = client.get("/matrix", params={"as_of": "06/12/2026"})
    assert bad_day.status_code == 422 and "YYYY-MM-DD" in bad_day.text
    unknown = client.get("/profile", params={"group": "NOPE", "proposition": "sovereignty-is-a-rule"})
    assert unknown.status_code == 404 and "NOPE" in unknown.text
    assert "Name two to four states or groups, not 1." in client.get("/compare", params={"actors": "FR"}).text
    assert "No state or group called 'XX'" in html.unescape(client.get("/compare", params={"actors": "FR,XX"}).text)
