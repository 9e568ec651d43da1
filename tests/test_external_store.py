"""Publishing the graph into an external SPARQL 1.1 store, and serving every answer from it.

Against real servers started on loopback (tests/stores.py): Oxigraph server and Virtuoso 7. The
answers served from each store are compared with the embedded default's, route by route.
"""

import json
import time
from contextlib import ExitStack, contextmanager
from datetime import date

import httpx
import pytest
from conftest import REPO, run_cli, serve
from cybernorms.engine.named_queries import load_named_queries, substitutions
from cybernorms.engine.query_binding import bind_parameters
from cybernorms.engine.store import GraphStore
from cybernorms.settings import Settings
from stores import STORES, ExternalStore

ASSERTED = "https://w3id.org/cybernorms/graph/asserted"
INFERRED = "https://w3id.org/cybernorms/graph/inferred"
RELEASE = "https://w3id.org/cybernorms/graph/release"
ID = "https://w3id.org/cybernorms/id/"


def publish(store: ExternalStore, build_dir, password: str | None = None):
    password = password if password is not None else (store.password or "")
    return run_cli(*store.publish_args(), build_dir=build_dir, env={"STORE_PASSWORD": password})


@pytest.fixture(scope="module", params=sorted(STORES))
def store(request, tmp_path_factory) -> ExternalStore:
    with STORES[request.param](tmp_path_factory.mktemp(request.param)) as started:
        yield started


@pytest.fixture(scope="module")
def published(store, build_dir, server) -> ExternalStore:
    """The store with the real graph published into it (the embedded `server` has built it)."""
    result = publish(store, build_dir)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="module")
def from_store(published, build_dir, tmp_path_factory):
    """`cybernorms serve --endpoint` over the published store."""
    yield from serve(REPO, tmp_path_factory.mktemp("served-from-store"), published.serving())


def manifest(build_dir) -> dict:
    return json.loads((build_dir / "manifest.json").read_text())


def test_publish_replaces_each_graph_and_counts_it_back(published, build_dir):
    expected = manifest(build_dir)["triples"]
    again = publish(published, build_dir)  # a second publish replaces: nothing is counted twice
    assert again.returncode == 0, again.stderr
    assert f"{ASSERTED}: {expected['asserted']} triples in the store" in again.stdout
    assert f"{INFERRED}: {expected['inferred']} triples in the store" in again.stdout
    assert "sending" in again.stderr and "release record" in again.stderr  # progress, as it goes
    assert published.count(ASSERTED) == expected["asserted"] and published.count(INFERRED) == expected["inferred"]
    assert published.count(RELEASE) > 0


def test_a_store_that_refuses_or_is_not_there_gets_a_clear_error(published, build_dir):
    if published.user:
        refused = publish(published, build_dir, password="not-the-password")
        assert refused.returncode == 1 and "refused" in refused.stderr and "--user" in refused.stderr
    absent = ExternalStore("absent", "http://127.0.0.1:9/query", "http://127.0.0.1:9/store", "http://127.0.0.1:9/update")
    missing = publish(absent, build_dir)
    assert missing.returncode == 1 and "could not be reached" in missing.stderr and "Traceback" not in missing.stderr


def test_a_half_published_store_is_not_served_and_publishing_again_repairs_it(published, build_dir, tmp_path):
    # As a publish that failed midway leaves it: the release record goes first and would come last.
    http = httpx.Client(auth=httpx.DigestAuth(published.user, published.password) if published.user else None)
    assert http.delete(published.graph_store_url, params={"graph": RELEASE}).is_success
    assert http.delete(published.graph_store_url, params={"graph": INFERRED}).is_success
    refused = run_cli("serve", "--endpoint", published.query_url, build_dir=tmp_path)
    assert refused.returncode == 1 and "no published graph" in refused.stderr and "cybernorms publish" in refused.stderr
    repaired = publish(published, build_dir)
    assert repaired.returncode == 0, repaired.stderr
    assert published.count(INFERRED) == manifest(build_dir)["triples"]["inferred"]


API = [
    "/api/v1/matrix?as_of=2022-01-01",
    "/api/v1/groups/EU/profile?proposition=sovereignty-is-a-rule&as_of=2024-01-01",
    "/api/v1/alignment?a=FR&b=CN",
    "/api/v1/states/EE/like-minded",
    "/api/v1/blocs?as_of=2020-06-01",
    "/api/v1/gaps?group=NATO&proposition=sovereignty-is-a-rule",
    "/api/v1/changes?from=2019-01-01&to=2024-01-01",
    "/-/version",
    "/api/v1/groups/NOPE/profile?proposition=sovereignty-is-a-rule",  # refused alike
]
PAGES = ["/", "/search?q=estonia", "/matrix?as_of=2020-01-01", "/compare?actors=FR,CN,US", "/id/state/FR",
         "/id/group/NATO", "/id/proposition/sovereignty-is-a-rule", "/id/incident/notpetya"]
GRAPHS = ["/id/state/FR", "/id/group/AU", f"/rdf-graph-store?graph={ASSERTED}", "/-/dumps/cybernorms.nq"]
SPARQL = [
    ("SELECT ?s ?label WHERE { ?s a <https://w3id.org/cybernorms/ontology#State> ; "
     "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s"),
    "ASK { <https://w3id.org/cybernorms/id/state/FR> ?p ?o }",
    "CONSTRUCT WHERE { <https://w3id.org/cybernorms/id/state/EE> ?p ?o }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
]


def same_text(embedded: httpx.Response, external: httpx.Response, embedded_base: str, external_base: str) -> None:
    assert external.status_code == embedded.status_code
    if embedded.status_code != 200:  # the same refusal: only the request's id differs
        assert external.json()["error"]["message"] == embedded.json()["error"]["message"]
        return
    assert external.text.replace(external_base, "BASE") == embedded.text.replace(embedded_base, "BASE")


def lines(response: httpx.Response) -> list[str]:
    """Triples or rows in any order: stores list them in their own."""
    assert response.status_code == 200, response.text
    return sorted(response.text.splitlines())


def test_every_route_answers_from_the_store_as_the_embedded_graph_does(from_store, server):
    for path in API:
        same_text(httpx.get(server + path, timeout=60), httpx.get(from_store + path, timeout=60), server, from_store)
    for path in PAGES:
        html = {"Accept": "text/html"}
        same_text(httpx.get(server + path, headers=html, timeout=60),
                  httpx.get(from_store + path, headers=html, timeout=60), server, from_store)
    for path in GRAPHS:
        triples = {"Accept": "application/n-triples"}
        assert lines(httpx.get(from_store + path, headers=triples, timeout=120)) == \
            lines(httpx.get(server + path, headers=triples, timeout=120))
    for name in ("stats", "memberships", "actor-stances", "stance-counts", "attributions-by-incident"):
        csv = {"Accept": "text/csv"}
        params = {"actor": "FR"} if name == "actor-stances" else {}
        assert lines(httpx.get(f"{from_store}/queries/{name}", params=params, headers=csv, timeout=60)) == \
            lines(httpx.get(f"{server}/queries/{name}", params=params, headers=csv, timeout=60))
    for query in SPARQL:
        accept = {"Accept": "application/n-triples" if query.startswith("CONSTRUCT") else "text/csv"}
        assert lines(httpx.get(f"{from_store}/sparql", params={"query": query}, headers=accept, timeout=60)) == \
            lines(httpx.get(f"{server}/sparql", params={"query": query}, headers=accept, timeout=60))


def test_the_store_is_never_handed_a_query_the_service_refuses(from_store, server, published):
    service_call = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    deep = "SELECT * WHERE " + "{" * 150 + " ?s ?p ?o " + "}" * 150
    for query in (service_call, deep):
        embedded, external = (httpx.get(f"{base}/sparql", params={"query": query}, timeout=60) for base in (server, from_store))
        assert external.status_code == embedded.status_code and external.status_code >= 400
    insert = f"INSERT DATA {{ GRAPH <{ASSERTED}> {{ <urn:a> <urn:b> <urn:c> }} }}"
    refused = httpx.post(f"{from_store}/sparql", content=insert, headers={"Content-Type": "application/sparql-update"})
    assert refused.status_code in (401, 403)
    assert published.count(ASSERTED) == httpx.get(f"{server}/-/version", timeout=60).json()["triples"]["asserted"]


def test_a_runaway_query_is_stopped_at_the_same_deadline(build_dir, server, tmp_path):
    """On Oxigraph, whose own timeout (--timeout-s) then stops the query in the store too. Virtuoso goes on
    with such a query after the service has given up on it (its MaxQueryExecutionTime bounds only queries
    that may return partial answers), which the README's section on deployment tells operators."""
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with STORES["oxigraph"](tmp_path) as store:
        assert publish(store, build_dir).returncode == 0
        for base in serve(REPO, tmp_path / "served", store.serving(CYBERNORMS_QUERY_TIMEOUT="2")):
            answer = httpx.get(f"{base}/sparql", params={"query": runaway}, timeout=60)
            assert answer.status_code == 503 and "ran out of time after 2 s" in answer.json()["error"]["message"]
            assert httpx.get(f"{base}/api/v1/alignment", params={"a": "FR", "b": "GB"}, timeout=60).status_code == 200


@pytest.mark.parametrize("optional_given", [True, False])
def test_parameters_written_into_the_text_give_the_rows_of_pre_bound_ones(server, build_dir, optional_given):
    """What a store that takes no pre-bound variables is sent, run here on the embedded engine, on every canned
    query."""
    graph = GraphStore.from_artifact(Settings(root=REPO, build_dir=build_dir))
    values = {"as_of": date(2024, 5, 1), "actor": f"{ID}state/FR", "a": f"{ID}state/FR", "b": f"{ID}state/GB",
              "group": f"{ID}group/NATO", "proposition": f"{ID}proposition/sovereignty-is-a-rule",
              "consensus": False}
    for query in load_named_queries(REPO / "queries").values():
        given = {p.name: values[p.name] for p in query.parameters if optional_given or not p.optional}
        pre_bound = graph.store.query(query.text, substitutions=substitutions(given), use_default_graph_as_union=True)
        terms = {variable.value: str(term) for variable, term in substitutions(given).items()}
        written = graph.store.query(bind_parameters(query.text, terms), use_default_graph_as_union=True)
        assert table(written) == table(pre_bound), query.name


def table(solutions) -> tuple[list[str], list[tuple[str, ...]]]:
    names = [variable.value for variable in solutions.variables]
    return names, sorted(tuple(str(row[name]) if row[name] is not None else "" for name in names) for row in solutions)


def test_writes_to_a_store_without_its_update_url_are_refused_at_start_with_the_reason(published, tmp_path):
    refused = run_cli("serve", "--endpoint", published.query_url, build_dir=tmp_path,
                      env={"CYBERNORMS_WRITE_TOKENS": json.dumps(TOKENS)})
    assert refused.returncode == 1 and "CYBERNORMS_UPDATE_ENDPOINT" in refused.stderr


TOKENS = {"alice": "alice-secret-token"}
CONTRIBUTIONS = "https://w3id.org/cybernorms/graph/contributions"
STATE = """@prefix cn: <https://w3id.org/cybernorms/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/cybernorms/id/state/{code}> a cn:State ; rdfs:label "Example State {code}"@en ;
    cn:alpha2 "{code}" ; cn:alpha3 "{code}X" .
"""


def write(base: str, method: str, body: str = "") -> httpx.Response:
    return httpx.request(method, f"{base}/rdf-graph-store", params={"graph": CONTRIBUTIONS}, content=body, timeout=60,
                         headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKENS['alice']}"})


def holds(base: str, code: str) -> bool:
    ask = f"ASK {{ <{ID}state/{code}> ?p ?o }}"
    return httpx.get(f"{base}/sparql", params={"query": ask}, headers={"Accept": "application/sparql-results+json"},
                     timeout=60).json()["boolean"]


def eventually(check, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return True


def test_curators_writes_go_to_the_store_and_every_replica_sees_them(published, tmp_path):
    settings = published.serving(CYBERNORMS_WRITE_TOKENS=json.dumps(TOKENS))
    with ExitStack() as replicas:
        a = replicas.enter_context(contextmanager(serve)(REPO, tmp_path / "a", settings))
        b = replicas.enter_context(contextmanager(serve)(REPO, tmp_path / "b", settings))
        added = write(a, "POST", STATE.format(code="XQ"))
        assert added.status_code == 200, added.text
        assert published.count(CONTRIBUTIONS) == 4  # in the store itself
        assert eventually(lambda: holds(b, "XQ"))  # the other replica answers with it
        assert holds(a, "XQ")  # and A keeps this answer, until a change (here B's, below) makes it stale
        assert eventually(lambda: published.count(CONTRIBUTIONS + "-inferred") > 0)  # XQ is an actor, say
        journal = (tmp_path / "a" / "contributions.jsonl").read_text()
        assert '"curator":"alice"' in journal and "state/XQ" in journal  # the audit record, on the replica that wrote
        invalid = write(b, "POST", STATE.format(code="XR").replace('rdfs:label "Example State XR"@en ;', ""))
        assert invalid.status_code == 422 and "rdfs:label" in invalid.text
        assert published.count(CONTRIBUTIONS) == 4  # refused whole
        replaced = write(b, "PUT", STATE.format(code="XS"))  # B replaces what A added: it read it from the store
        assert replaced.status_code == 200 and replaced.json()["removed"] == 4, replaced.text
        assert eventually(lambda: holds(a, "XS") and not holds(a, "XQ"))
        assert write(a, "DELETE").status_code in (200, 204)
        assert published.count(CONTRIBUTIONS) == 0
        assert eventually(lambda: published.count(CONTRIBUTIONS + "-inferred") == 0)
