"""Curators' writes, over real HTTP against `cybernorms serve` on the small example checkout: off by default, only with
a token, only to the contributions graph, validated all or nothing, journalled before they are answered, and kept
across restarts and crashes."""

import json
import os
import resource
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from conftest import REPO, descendants, example_checkout, run_cli, serve, untouched_port
from cybernorms.engine.journal import JournalDamaged, JournalWriter, load_journal

CONTRIBUTIONS = "https://w3id.org/cybernorms/graph/contributions"
INFERRED = "https://w3id.org/cybernorms/graph/contributions-inferred"
ASSERTED = "https://w3id.org/cybernorms/graph/asserted"
CN = "https://w3id.org/cybernorms/ontology#"
EX = "https://w3id.org/cybernorms/id/example/"
TOKENS = {"alice": "alice-secret-token", "bob": "bob-secret-token"}
DEADLINE = 3.0
WRITABLE = {"CYBERNORMS_WRITE_TOKENS": json.dumps(TOKENS), "CYBERNORMS_FETCH_ALLOW": '["http://127.0.0.1:"]',
            "CYBERNORMS_QUERY_TIMEOUT": str(DEADLINE)}
PREFIXES = """@prefix cn: <https://w3id.org/cybernorms/ontology#> .
@prefix ex: <https://w3id.org/cybernorms/id/example/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def membership(name: str) -> str:
    """A valid membership of the example state A in the example group: seven triples about ex:NAME."""
    return PREFIXES + f"""ex:{name} a cn:Membership ; org:member ex:state-XA ; org:organization ex:group ;
        org:role <https://w3id.org/cybernorms/id/role/observer> ; cn:startDate "2011"^^xsd:gYear ;
        cn:source ex:members-page ; cn:verification cn:checkedAgainstSourceText .
"""


def state(code: str) -> str:
    return PREFIXES + f"""ex:state-{code} a cn:State ; rdfs:label "Example State {code}"@en ;
        cn:alpha2 "{code}" ; cn:alpha3 "{code}X" .
"""


def write(base: str, method: str, body: str | bytes = b"", token: str | None = TOKENS["alice"],
          media_type: str = "text/turtle", params: dict | None = None, client: httpx.Client | None = None,
          **headers) -> httpx.Response:
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return (client or httpx).request(method, f"{base}/rdf-graph-store", content=body, timeout=60,
                                     params={"graph": CONTRIBUTIONS} if params is None else params,
                                     headers={"Content-Type": media_type, **headers})


def update(base: str, text: str, token: str = TOKENS["alice"]) -> httpx.Response:
    return httpx.post(f"{base}/sparql", content=text, timeout=60,
                      headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"})


def graph(base: str, name: str = CONTRIBUTIONS) -> set[tuple[str, str, str]]:
    """The triples of a named graph, read through /sparql."""
    response = httpx.get(f"{base}/sparql", params={"query": f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    return {(row["s"]["value"], row["p"]["value"], row["o"]["value"]) for row in response.json()["results"]["bindings"]}


def subjects(base: str) -> set[str]:
    return {s for s, _, _ in graph(base)}


def journal(checkout: Path) -> list[dict]:
    path = checkout / "build" / "contributions.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def eventually(check, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not (result := check()):
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.2)
    return result


running = contextmanager(serve)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    return example_checkout(tmp_path_factory.mktemp("writes"))


@pytest.fixture(scope="module")
def read_only(checkout):
    yield from serve(checkout, checkout / "build-read-only")


@pytest.fixture(scope="module")
def writable(checkout):
    yield from serve(checkout, checkout / "build", WRITABLE)


@pytest.fixture
def empty(writable) -> str:
    """The writable server with an empty contributions graph."""
    assert write(writable, "DELETE").status_code == 200
    return writable


def test_writes_are_off_by_default(read_only):
    for method in ("PUT", "POST", "DELETE"):
        response = write(read_only, method, state("XC"))
        assert response.status_code == 403, method
        assert "Writes are off on this service" in response.json()["error"]["message"]
    refused = update(read_only, f"INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}a> <{EX}b> <{EX}c> }} }}")
    assert refused.status_code == 403 and "Writes are off" in refused.json()["error"]["message"]


def test_a_write_needs_a_curators_token(writable):
    missing = write(writable, "PUT", state("XC"), token=None)
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in missing.json()["error"]["message"]
    wrong = write(writable, "PUT", state("XC"), token="not-a-token")
    assert wrong.status_code == 403
    assert "not a curator's token" in wrong.json()["error"]["message"]


def test_put_replaces_post_adds_and_delete_empties_the_contributions_graph(empty):
    put = write(empty, "PUT", state("XC"))
    assert put.status_code == 200, put.text
    assert put.json()["added"] == 4 and put.json()["triples"] == 4
    assert (f"{EX}state-XC", f"{CN}alpha2", "XC") in graph(empty)

    assert write(empty, "POST", state("XD")).json()["triples"] == 8
    assert subjects(empty) == {f"{EX}state-XC", f"{EX}state-XD"}
    turtle = httpx.get(f"{empty}/rdf-graph-store", params={"graph": CONTRIBUTIONS}, headers={"Accept": "text/turtle"})
    assert len(Graph().parse(data=turtle.text, format="turtle")) == 8

    assert write(empty, "PUT", state("XE")).json() | {"change": None} == {
        "change": None, "operation": "PUT", "added": 4, "removed": 8, "triples": 4}
    assert subjects(empty) == {f"{EX}state-XE"}

    assert write(empty, "DELETE").json()["triples"] == 0
    assert graph(empty) == set()


def test_bodies_may_be_n_triples_or_json_ld_with_an_inline_or_published_context(empty):
    n_triples = f'<{EX}state-XA> <http://www.w3.org/2000/01/rdf-schema#comment> "From N-Triples."@en .\n'
    assert write(empty, "POST", n_triples, media_type="application/n-triples").status_code == 200
    inline = {"@context": {"comment": {"@id": "http://www.w3.org/2000/01/rdf-schema#comment", "@language": "en"}},
              "@id": f"{EX}state-XB", "comment": "From JSON-LD."}
    assert write(empty, "POST", json.dumps(inline), media_type="application/ld+json").status_code == 200
    published = {"@context": f"{empty}/context/2026-11-28.jsonld", "id": f"{EX}group", "comment": ["From the context."]}
    assert write(empty, "POST", json.dumps(published), media_type="application/ld+json").status_code == 200
    comments = {(s, o) for s, p, o in graph(empty) if p.endswith("#comment")}
    assert comments == {(f"{EX}state-XA", "From N-Triples."), (f"{EX}state-XB", "From JSON-LD."),
                        (f"{EX}group", "From the context.")}


def test_only_the_contributions_graph_can_be_written(empty):
    other = write(empty, "PUT", state("XC"), params={"graph": ASSERTED})
    assert other.status_code == 403 and "only to the contributions graph" in other.json()["error"]["message"]
    default = write(empty, "DELETE", params={"default": ""})
    assert default.status_code == 403 and "read-only" in default.json()["error"]["message"]
    assert write(empty, "PUT", state("XC"), media_type="application/rdf+xml").status_code == 415
    blank = write(empty, "POST", PREFIXES + "ex:state-XA rdfs:seeAlso [ rdfs:label \"x\"@en ] .")
    assert blank.status_code == 400 and "blank node" in blank.json()["error"]["message"]
    assert graph(empty) == set()


def test_a_graph_whose_name_only_begins_like_the_contributions_graph_is_not_it(empty):
    assert write(empty, "PUT", state("XC")).status_code == 200
    before = graph(empty)
    for name in (INFERRED, CONTRIBUTIONS + "X", CONTRIBUTIONS + "/more"):
        for method in ("PUT", "POST", "DELETE"):
            response = write(empty, method, state("XD"), params={"graph": name})
            assert response.status_code == 403, (method, name, response.text)
        for text in (f'INSERT DATA {{ GRAPH <{name}> {{ <{EX}state-XC> <{CN}alpha2> "ZZ" }} }}',
                     f"CREATE GRAPH <{name}>", f"DROP GRAPH <{name}>", f"CLEAR GRAPH <{name}>"):
            response = update(empty, text)
            assert response.status_code == 403, (text, response.text)
            assert f"<{name}>" in response.json()["error"]["message"], text
        assert (f"{EX}state-XC", f"{CN}alpha2", "ZZ") not in graph(empty, name)
    assert graph(empty) == before


def test_a_change_that_breaks_a_shape_is_refused_whole_with_the_report(empty):
    assert write(empty, "PUT", state("XC")).status_code == 200
    before = graph(empty)
    invalid = (REPO / "tests" / "shapes" / "invalid" / "position-without-source.ttl").read_text()
    response = write(empty, "POST", invalid + state("XD"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["violations"] == [{
        "message": "A claim needs at least one cn:source: the cn:Document that states it (every document has a URL "
                   "and a date).",
        "focus_node": f"{EX}bad", "path": "cn:source", "value": "", "shape": "cnsh:SourcedClaimShape"}]
    assert graph(empty) == before  # the valid state XD was not added either


def test_a_change_is_checked_against_what_points_at_what_it_changes(empty):
    """A later issue date for a document makes the example position, which cites it, predate its source."""
    later = f'<{EX}paper> <http://purl.org/dc/terms/issued> "2030-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .'
    response = write(empty, "POST", later, media_type="application/n-triples")
    assert response.status_code == 422
    assert f"{EX}position" in {violation["focus_node"] for violation in response.json()["error"]["violations"]}


def test_a_sparql_update_that_breaks_a_shape_is_refused_whole_with_the_report(empty):
    incomplete = (f'INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}state-XC> a <{CN}State> ; '
                  f'<http://www.w3.org/2000/01/rdf-schema#label> "Example State XC"@en ; <{CN}alpha2> "XC" }} }}')
    response = update(empty, incomplete)
    assert response.status_code == 422, response.text
    [violation] = response.json()["error"]["violations"]
    assert (violation["focus_node"], violation["path"]) == (f"{EX}state-XC", "cn:alpha3")
    assert graph(empty) == set()


def test_a_change_that_only_removes_triples_is_checked_against_the_shapes(empty):
    """Taking away a required property breaks a shape as surely as leaving it out: by SPARQL DELETE DATA or by a PUT
    without it, the change is refused and the contributions stay as they were."""
    assert write(empty, "PUT", state("XC")).status_code == 200
    before = graph(empty)
    without_alpha3 = state("XC").replace(' ; cn:alpha3 "XCX"', "")
    assert without_alpha3 != state("XC")
    refused = {
        "DELETE DATA": update(empty, f'DELETE DATA {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}state-XC> <{CN}alpha3> "XCX" }} }}'),
        "PUT": write(empty, "PUT", without_alpha3),
    }
    for case, response in refused.items():
        assert response.status_code == 422, (case, response.text)
        [violation] = response.json()["error"]["violations"]
        assert (violation["focus_node"], violation["path"]) == (f"{EX}state-XC", "cn:alpha3"), case
    assert graph(empty) == before


def test_sparql_update_changes_the_contributions_graph_and_nothing_else(empty):
    inserted = update(empty, f'INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}state-XA> '
                             f'<http://www.w3.org/2000/01/rdf-schema#comment> "A note."@en }} }}')
    assert inserted.status_code == 200 and inserted.json()["operation"] == "UPDATE"
    assert graph(empty) == {(f"{EX}state-XA", "http://www.w3.org/2000/01/rdf-schema#comment", "A note.")}
    delete_all = f"WITH <{CONTRIBUTIONS}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    form = httpx.post(f"{empty}/sparql", data={"update": delete_all}, headers={"Authorization": f"Bearer {TOKENS['bob']}"})
    assert form.status_code == 200 and form.json()["removed"] == 1

    refused = {
        "another graph": f"INSERT DATA {{ GRAPH <{ASSERTED}> {{ <{EX}state-XA> <{CN}alpha2> \"ZZ\" }} }}",
        "the default graph": f"INSERT DATA {{ <{EX}state-XA> <{CN}alpha2> \"ZZ\" }}",
        "LOAD": f"LOAD <{empty}/-/dumps/cybernorms.ttl> INTO GRAPH <{CONTRIBUTIONS}>",
        "DROP": f"DROP GRAPH <{ASSERTED}>",
        "CLEAR ALL": "CLEAR ALL",
    }
    for case, text in refused.items():
        response = update(empty, text)
        assert response.status_code == 403, case
        assert response.json()["error"]["message"], case
    assert update(empty, f"INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ ").status_code == 400
    assert graph(empty) == set()
    assert len(graph(empty, ASSERTED)) == 602  # the ontology and the example data, as built


def test_a_runaway_update_is_stopped_at_the_deadline_and_changes_nothing(empty):
    assert write(empty, "PUT", state("XC")).status_code == 200
    before, processes = graph(empty), len(descendants(empty.process.pid))
    hundred = " ".join(str(n) for n in range(100))
    runaway = (f"DELETE {{ GRAPH <{CONTRIBUTIONS}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{CONTRIBUTIONS}> {{ ?s ?p ?o }} "
               + " ".join(f"VALUES ?n{n} {{ {hundred} }}" for n in range(5)) + " FILTER(?n0 + ?n1 + ?n2 + ?n3 + ?n4 < 0) }")
    started = time.monotonic()
    stopped = update(empty, runaway)
    assert stopped.status_code == 503 and "ran out of time" in stopped.json()["error"]["message"]
    assert time.monotonic() - started < DEADLINE + 2  # the deadline, plus starting the process and one second
    assert graph(empty) == before
    assert len(descendants(empty.process.pid)) == processes  # the update's process is gone: its CPU is free
    comment = f'<{EX}state-XC> <http://www.w3.org/2000/01/rdf-schema#comment> "Checked."@en'
    quick = update(empty, f"INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ {comment} }} }}")
    assert quick.status_code == 200 and quick.json()["added"] == 1


def test_the_journal_records_who_did_what_and_when(empty, checkout):
    started = datetime.now().astimezone()
    comment = f'<{EX}state-XC> <http://www.w3.org/2000/01/rdf-schema#comment> "Checked."@en .'
    put_answer = write(empty, "PUT", state("XC"), token=TOKENS["bob"], **{"X-Request-ID": "review-42"})
    update_answer = update(empty, f"INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ {comment} }} }}")
    assert put_answer.status_code == update_answer.status_code == 200
    *_, put, updated = journal(checkout)
    # The journal numbers each change as its answer did: a replay after a restart goes on from there.
    assert (put["change"], updated["change"]) == (put_answer.json()["change"], update_answer.json()["change"])
    assert (put["curator"], put["operation"], put["request_id"], put["removed"]) == ("bob", "PUT", "review-42", [])
    assert f'<{EX}state-XC> <{CN}alpha2> "XC" .' in put["added"] and len(put["added"]) == 4
    assert (updated["curator"], updated["operation"], updated["added"], updated["removed"]) == (
        "alice", "UPDATE", [comment], [])
    assert updated["change"] == put["change"] + 1
    assert started <= datetime.fromisoformat(put["at"]) <= datetime.fromisoformat(updated["at"])


def test_concurrent_writes_are_each_applied_once(empty, checkout):
    changes_before = len(journal(checkout))
    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(lambda i: write(empty, "POST", membership(f"concurrent-{i}")), range(20)))
    assert [response.status_code for response in responses] == [200] * 20
    changes = sorted(response.json()["change"] for response in responses)
    assert changes == list(range(changes[0], changes[0] + 20))
    assert subjects(empty) == {f"{EX}concurrent-{i}" for i in range(20)}
    new = journal(checkout)[changes_before:]
    assert sorted(len(change["added"]) for change in new) == [7] * 20
    assert len({line for change in new for line in change["added"]}) == 20 * 7


def test_a_change_the_journal_cannot_take_is_neither_acknowledged_nor_applied(empty, checkout):
    """With the disk full (here: the server's process may not make any file larger), a change cannot be made durable:
    it is refused, it is not served, and the next change is made as if it had never been asked for."""
    first = write(empty, "PUT", state("XC"))
    assert first.status_code == 200
    journal_file = checkout / "build" / "contributions.jsonl"
    size = journal_file.stat().st_size
    limits = resource.prlimit(empty.process.pid, resource.RLIMIT_FSIZE)
    resource.prlimit(empty.process.pid, resource.RLIMIT_FSIZE, (size, limits[1]))
    try:
        refused = write(empty, "POST", state("XD"))
    finally:
        resource.prlimit(empty.process.pid, resource.RLIMIT_FSIZE, limits)
    assert refused.status_code >= 500, refused.text  # not acknowledged: the service could not do its part
    assert journal_file.stat().st_size == size
    assert subjects(empty) == {f"{EX}state-XC"}
    after = write(empty, "POST", state("XE"))
    assert after.json() == {"change": first.json()["change"] + 1, "operation": "POST", "added": 4, "removed": 0,
                            "triples": 8}
    assert subjects(empty) == {f"{EX}state-XC", f"{EX}state-XE"}


def test_the_service_description_names_the_update_language_and_counts_the_contributions(empty):
    assert write(empty, "PUT", state("XC")).status_code == 200
    description = Graph().parse(data=httpx.get(f"{empty}/sparql", headers={"Accept": "text/turtle"}).text)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) in description
    named = description.value(None, URIRef(sd + "name"), URIRef(CONTRIBUTIONS))
    counted = description.value(description.value(named, URIRef(sd + "graph")), VOID.triples)
    assert counted.toPython() == len(graph(empty)) == 4


def test_what_owl_2_rl_adds_to_a_contribution_is_in_the_inferred_graph(empty):
    assert write(empty, "PUT", state("XC")).status_code == 200
    actor = (f"{EX}state-XC", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"{CN}Actor")
    eventually(lambda: actor in graph(empty, INFERRED))
    assert not graph(empty, INFERRED) & graph(empty)  # nothing repeated from the contributions
    assert write(empty, "DELETE").status_code == 200
    eventually(lambda: not graph(empty, INFERRED))


def test_remote_json_ld_contexts_are_not_fetched_from_loopback_or_unlisted_prefixes(empty):
    with untouched_port() as port:
        # The first is allowed by CYBERNORMS_FETCH_ALLOW but is a loopback address; the second is not allowed at all.
        for context in (f"http://127.0.0.1:{port}/context.jsonld", f"http://localhost:{port}/context.jsonld"):
            body = json.dumps({"@context": context, "@id": f"{EX}state-XA", "comment": "x"})
            response = write(empty, "POST", body, media_type="application/ld+json")
            assert response.status_code == 400
            message = response.json()["error"]["message"]
            assert f"<{context}>" in message and "CYBERNORMS_FETCH_ALLOW" in message
    assert graph(empty) == set()


def test_service_and_load_never_reach_loopback_even_when_allowed(empty):
    with untouched_port() as port:
        allowed_but_loopback = f"http://127.0.0.1:{port}/sparql"  # CYBERNORMS_FETCH_ALLOW names http://127.0.0.1:
        query = f"SELECT * WHERE {{ SERVICE <{allowed_but_loopback}> {{ ?s ?p ?o }} }}"
        refused = httpx.get(f"{empty}/sparql", params={"query": query})
        assert refused.status_code == 400 and "loopback" in refused.json()["error"]["message"]
        unlisted = query.replace("127.0.0.1", "localhost")
        refused = httpx.get(f"{empty}/sparql", params={"query": unlisted})
        assert refused.status_code == 400 and "CYBERNORMS_FETCH_ALLOW (here: http://127.0.0.1:)" in refused.text
        variable = httpx.get(f"{empty}/sparql", params={"query": "SELECT * { SERVICE ?where { ?s ?p ?o } }"})
        assert variable.status_code == 400 and "full IRI" in variable.json()["error"]["message"]
        load = update(empty, f"LOAD <{allowed_but_loopback}> INTO GRAPH <{CONTRIBUTIONS}>")
        assert load.status_code == 403 and "loopback" in load.json()["error"]["message"]
        quote = f'INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}state-XA> <{CN}alpha2> "\\u0022" }} }}'
        hidden = update(empty, f"{quote} ; LOAD <{allowed_but_loopback}> INTO GRAPH <{CONTRIBUTIONS}> ; {quote}")
        assert hidden.status_code == 403 and "loopback" in hidden.json()["error"]["message"]
        comment = update(empty, f"INSERT {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}a> <{EX}b> ?o }} }} WHERE {{ "
                                f"FILTER(1<2)SERVICE#>\n<{allowed_but_loopback}> {{ ?s ?p ?o }} }}")
        assert comment.status_code == 403 and "full IRI" in comment.json()["error"]["message"]
        in_a_literal = update(empty, f'INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}a> <{EX}b> "download" }} }}')
        assert in_a_literal.status_code == 403 and "\\u0073ervice" in in_a_literal.json()["error"]["message"]
        dataset = httpx.get(f"{empty}/sparql", params={"query": f"ASK FROM <{allowed_but_loopback}> {{ ?s ?p ?o }}"})
        assert dataset.status_code == 200  # FROM names a graph of the store; it is never fetched


@pytest.fixture(scope="module")
def writable_offline(checkout):
    """A writable server that allows no endpoint: its update processes are barred from the network."""
    settings = {key: value for key, value in WRITABLE.items() if key != "CYBERNORMS_FETCH_ALLOW"}
    yield from serve(checkout, checkout / "build-offline", settings)


def test_without_allowed_endpoints_updates_that_mention_load_or_service_are_applied(writable_offline):
    mentions = [f'INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}a> <{EX}download> "payload" }} }}',
                f"# load later\nINSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}a> <{EX}b> 'a service' }} }}",
                f"PREFIX ex: <{EX}> INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ ex:a ex:serviceType ex:loadBalancer }} }}"]
    for text in mentions:
        response = update(writable_offline, text)
        assert response.status_code == 200, response.text
    assert {(f"{EX}a", f"{EX}download", "payload"), (f"{EX}a", f"{EX}serviceType", f"{EX}loadBalancer")} <= \
        graph(writable_offline)
    assert write(writable_offline, "DELETE").status_code == 200


def test_without_allowed_endpoints_load_and_service_reach_nothing(writable_offline):
    with untouched_port() as port:
        for text in (f"LOAD <http://127.0.0.1:{port}/x.ttl> INTO GRAPH <{CONTRIBUTIONS}>",
                     f"load<http://127.0.0.1:{port}/x.ttl>into graph<{CONTRIBUTIONS}>",
                     f"INSERT {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}a> <{EX}b> ?o }} }} WHERE {{ "
                     f"FILTER(true)SERVICE<http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"):
            response = update(writable_offline, text)
            assert response.status_code == 403, response.text
            assert "CYBERNORMS_FETCH_ALLOW names no endpoint" in response.json()["error"]["message"]
    assert graph(writable_offline) == set()


def test_contributions_survive_a_restart_and_are_exported_for_review(tmp_path):
    root = example_checkout(tmp_path)
    with running(root, tmp_path / "build", WRITABLE) as base:
        assert write(base, "PUT", state("XC")).status_code == 200
    with running(root, tmp_path / "build", WRITABLE) as base:
        assert subjects(base) == {f"{EX}state-XC"}
        assert (f"{EX}state-XC", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"{CN}Actor") in graph(base, INFERRED)
        assert write(base, "POST", state("XD")).json()["change"] == 2

    done = run_cli("export", root=root, build_dir=tmp_path / "build")
    assert done.returncode == 0, done.stderr
    exported = Graph().parse(root / "data" / "contributions.ttl", format="turtle")
    assert len(exported) == 8 and {str(s) for s in exported.subjects()} == {f"{EX}state-XC", f"{EX}state-XD"}


def test_a_crash_in_a_burst_of_writes_loses_no_acknowledged_write_and_leaves_none_half_made(tmp_path):
    """kill -9 in the middle of 1,000 writes from 8 threads, the moment the 400th is answered: each write answered
    2xx was in the journal on disk when its answer arrived; after a restart, each write is whole or absent, and every
    write that was answered 2xx is there."""
    root, build = example_checkout(tmp_path), tmp_path / "build"
    journal_file = build / "contributions.jsonl"
    writes, kill_after = 1000, 400
    acknowledged: set[int] = set()
    answered_before_journalled: list[int] = []
    until_the_kill: list[float] = []  # seconds
    counting = threading.Lock()
    clients = threading.local()  # one connection per thread, as a busy client would keep
    with running(root, build, WRITABLE) as base:
        def kill_the_server() -> None:
            for pid in [base.process.pid, *descendants(base.process.pid)]:
                os.kill(pid, signal.SIGKILL)

        def post(i: int) -> None:
            if not hasattr(clients, "client"):
                clients.client = httpx.Client()
            try:
                response = write(base, "POST", membership(f"burst-{i}"), client=clients.client)
            except httpx.TransportError:
                return  # the server is gone
            if response.status_code != 200:
                return
            with counting:
                acknowledged.add(i)
                if len(acknowledged) == kill_after:
                    until_the_kill.append(time.monotonic() - started)
                    kill_the_server()  # at once: other answers may be on their way
            # Changes are numbered from 1 with one journal line each: change n is on disk once n whole lines are.
            change = response.json()["change"]
            if (journal_file.read_bytes().count(b"\n") if journal_file.exists() else 0) < change:
                answered_before_journalled.append(change)

        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            pending = [pool.submit(post, i) for i in range(writes)]
            for future in pending:
                future.result()
    assert len(acknowledged) >= kill_after
    print(f"\n{len(acknowledged)} writes acknowledged, the first {kill_after} in {until_the_kill[0]:.1f} s: "
          f"{kill_after / until_the_kill[0]:.0f} writes/s")
    assert answered_before_journalled == []
    assert load_journal(journal_file)[1] >= len(acknowledged)
    with running(root, build, WRITABLE) as base:
        triples_of = {}
        for s, _, _ in graph(base):
            triples_of[s] = triples_of.get(s, 0) + 1
        present = {int(s.rsplit("-", 1)[1]) for s in triples_of}
        assert set(triples_of.values()) == {7}  # no write is there in part
        assert acknowledged <= present
        assert write(base, "POST", membership("after-the-crash")).status_code == 200  # the journal takes more


def test_a_torn_last_line_is_ignored_and_cut_off_before_the_next_change(tmp_path):
    journal = tmp_path / "contributions.jsonl"
    first = {"change": 1, "added": ["<urn:a> <urn:b> <urn:c> ."], "removed": []}
    journal.write_text(json.dumps(first) + "\n" + '{"change": 2, "added": ["<urn:a> <urn:b> <ur')
    assert load_journal(journal) == (["<urn:a> <urn:b> <urn:c> ."], 1)
    JournalWriter(journal).append({"change": 2, "added": [], "removed": ["<urn:a> <urn:b> <urn:c> ."]})
    assert load_journal(journal) == ([], 2)
    journal.write_text("not a change\n" + json.dumps(first) + "\n")
    with pytest.raises(JournalDamaged):
        load_journal(journal)


def test_a_kept_answer_is_revalidated_and_changes_when_the_contributions_change(empty):
    query = {"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CONTRIBUTIONS}> {{ ?s ?p ?o }} }}"}
    accept = {"Accept": "application/sparql-results+json"}

    def count(headers=None):
        return httpx.get(f"{empty}/sparql", params=query, headers={**accept, **(headers or {})}, timeout=60)

    first = count()
    etag = first.headers["etag"]
    assert first.json()["results"]["bindings"][0]["n"]["value"] == "0"
    assert count().headers["etag"] == etag  # kept: the same answer, the same tag
    assert count({"If-None-Match": etag}).status_code == 304
    assert update(empty, f"INSERT DATA {{ GRAPH <{CONTRIBUTIONS}> {{ <{EX}state-XA> <{CN}alpha2> \"XA\" }} }}").status_code == 200
    changed = count({"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.json()["results"]["bindings"][0]["n"]["value"] == "1"
    unrepeatable = httpx.get(f"{empty}/sparql", params={"query": "SELECT (NOW() AS ?t) {}"}, headers=accept, timeout=60)
    assert unrepeatable.status_code == 200 and "etag" not in unrepeatable.headers  # never kept


def test_search_finds_what_a_curator_has_just_added(empty):
    def search() -> httpx.Response:
        return httpx.get(f"{empty}/search", params={"q": "Example State XQ"}, timeout=60)

    assert search().status_code == 200  # nothing found yet, and the search box's list is now read
    assert write(empty, "POST", state("XQ")).status_code in (200, 204)
    found = search()
    assert found.status_code == 303 and found.headers["location"].endswith("/state-XQ")
