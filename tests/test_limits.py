"""A public endpoint that stays up: deadlines that really stop the work, bounded waiting, results and bodies."""

import os
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import REPO, descendants, serve

DEADLINE = 2.0
SETTINGS = {
    "CYBERNORMS_QUERY_TIMEOUT": str(DEADLINE),
    "CYBERNORMS_QUERY_WORKERS": "2",
    "CYBERNORMS_MAX_WAITING_QUERIES": "1",
    "CYBERNORMS_MAX_RESULT_ROWS": "1000",
    "CYBERNORMS_MAX_RESULT_BYTES": "200000",
    "CYBERNORMS_MAX_QUERY_LENGTH": "5000",
    "CYBERNORMS_MAX_BODY_BYTES": "100000",
}
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PATH_EXPLOSION = "SELECT (COUNT(*) AS ?n) WHERE { ?x (!<urn:none>)* ?y . ?z (!<urn:none>)* ?w }"
LIGHT = "ASK { <https://w3id.org/cybernorms/id/state/EE> ?p ?o }"


@pytest.fixture(scope="module")
def limited(build_dir):
    """The real data, with a short deadline, two workers and small limits."""
    yield from serve(REPO, build_dir, SETTINGS)


@pytest.fixture
def idle(limited):
    """The limited server once every worker is up and idle (a killed worker is replaced in the background)."""
    deadline = time.monotonic() + 30
    while httpx.get(f"{limited}/-/health").json()["query_workers"]["idle"] < 2:
        assert time.monotonic() < deadline, "workers were not replaced"
        time.sleep(0.1)
    return limited


def ask(base: str, query: str, **params) -> httpx.Response:
    return httpx.get(f"{base}/sparql", params={"query": query, **params}, timeout=60)


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and its children (from /proc, in clock ticks of 1/100 s)."""
    total = 0.0
    for process in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / 100
    return total


@pytest.mark.parametrize("query", [CARTESIAN, PATH_EXPLOSION], ids=["cartesian", "property-path"])
def test_a_runaway_query_is_stopped_at_its_deadline_and_the_cpu_goes_idle(idle, query):
    started = time.monotonic()
    response = ask(idle, query)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "ran out of time" in response.json()["error"]["message"]
    assert DEADLINE <= elapsed < DEADLINE + 1
    deadline = time.monotonic() + 30
    while httpx.get(f"{idle}/-/health").json()["query_workers"]["idle"] < 2:  # the replacement has loaded the graph
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.1)
    time.sleep(0.5)
    before = cpu_seconds(idle.process.pid)
    time.sleep(2)
    assert cpu_seconds(idle.process.pid) - before < 0.2  # idle: the killed query is not running anywhere


def test_a_client_may_ask_for_a_shorter_deadline_never_a_longer_one(idle):
    started = time.monotonic()
    assert ask(idle, CARTESIAN, timeout="0.5").status_code == 503
    assert time.monotonic() - started < 1.5
    started = time.monotonic()
    assert ask(idle, CARTESIAN, timeout="600").status_code == 503
    assert time.monotonic() - started < DEADLINE + 1
    refused = ask(idle, LIGHT, timeout="soon")
    assert refused.status_code == 400 and "timeout" in refused.json()["error"]["message"]


def test_other_clients_are_served_while_a_runaway_query_runs(idle):
    runaway = threading.Thread(target=ask, args=(idle, CARTESIAN))
    runaway.start()
    time.sleep(0.3)
    started = time.monotonic()
    light = ask(idle, LIGHT)
    assert light.status_code == 200 and light.json()["boolean"] is True
    assert time.monotonic() - started < 0.5
    runaway.join()


def test_excess_queries_are_told_to_come_back_not_left_hanging(idle):
    results = []
    runaways = [threading.Thread(target=lambda: results.append(ask(idle, CARTESIAN))) for _ in range(3)]
    for thread in runaways:  # two take the workers, one waits
        thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    busy = ask(idle, LIGHT + "\n# not asked before: no kept answer")  # a kept answer needs no worker
    assert busy.status_code == 503 and busy.headers["retry-after"].isdigit()
    assert "busy" in busy.json()["error"]["message"]
    assert time.monotonic() - started < 0.5
    for thread in runaways:
        thread.join()
    assert sorted(r.status_code for r in results) == [503, 503, 503]


def test_a_worker_that_dies_costs_one_request_and_is_replaced(idle):
    workers = descendants(idle.process.pid)
    response = []
    runaway = threading.Thread(target=lambda: response.append(ask(idle, CARTESIAN)))
    runaway.start()
    time.sleep(0.5)
    running = [pid for pid in workers if _is_running(pid)]
    assert len(running) == 1, "exactly one worker should be evaluating the query"
    os.kill(running[0], signal.SIGKILL)  # as if the engine had crashed on the query
    runaway.join()
    assert response[0].status_code == 500
    assert "restarted" in response[0].json()["error"]["message"]
    time.sleep(1.5)
    assert ask(idle, LIGHT).status_code == 200
    assert len(descendants(idle.process.pid)) == len(workers)


def _is_running(pid: int) -> bool:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R"


def test_results_past_the_row_limit_are_refused_with_a_way_forward(idle):
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT %d"
    assert len(ask(idle, query % 1000).json()["results"]["bindings"]) == 1000
    refused = ask(idle, query % 1001)
    assert refused.status_code == 422
    assert "more than 1,000 rows" in refused.json()["error"]["message"] and "LIMIT" in refused.json()["error"]["message"]
    graph = ask(idle, "CONSTRUCT WHERE { ?s ?p ?o }", format="turtle")
    assert graph.status_code == 422 and "triples" in graph.json()["error"]["message"]


def test_results_past_the_byte_limit_are_refused(idle):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000"
    refused = ask(idle, query)
    assert refused.status_code == 422 and "bytes" in refused.json()["error"]["message"]


def test_oversized_bodies_and_queries_are_refused(idle):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    declared = httpx.post(f"{idle}/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert declared.status_code == 413 and "CYBERNORMS_MAX_BODY_BYTES" in declared.json()["error"]["message"]

    def chunks():
        for _ in range(20):
            yield b"#" + b"x" * 9_999

    streamed = httpx.post(f"{idle}/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert streamed.status_code == 413
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 6000
    too_long = httpx.post(f"{idle}/sparql", content=long_query, headers={"Content-Type": "application/sparql-query"})
    assert too_long.status_code == 413 and "CYBERNORMS_MAX_QUERY_LENGTH" in too_long.json()["error"]["message"]
    assert ask(idle, LIGHT).status_code == 200
