"""Closed-loop load on a running `cybernorms serve`, with and without runaway queries, in one run.

    python tests/benchmarks/load.py http://127.0.0.1:8000 [--clients 32] [--seconds 60] [--runaway-every 3]

Phase 1: CLIENTS clients send light queries for SECONDS. Phase 2: the same, while
one more client sends a runaway query (a cartesian product) every RUNAWAY_EVERY
seconds. Prints, for each phase, answers, failures by kind and the light
queries' latency percentiles, side by side. Loopback only.
"""

import argparse
import asyncio
import json
import time
from collections import Counter
from urllib.parse import urlparse

import httpx

LIGHT = [
    "ASK { <https://w3id.org/cybernorms/id/state/EE> ?p ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/cybernorms/ontology#State> }",
    "SELECT ?position ?stance WHERE { ?position <https://w3id.org/cybernorms/ontology#holder> "
    "<https://w3id.org/cybernorms/id/state/FR> ; <https://w3id.org/cybernorms/ontology#stance> ?stance }",
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


async def light_client(http, url, until, latencies, outcomes, offset):
    turn = offset
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            response = await http.post(url, data={"query": LIGHT[turn % len(LIGHT)]})
            outcomes[f"light {response.status_code}"] += 1
            if response.status_code == 200:
                latencies.append(time.perf_counter() - started)
        except httpx.HTTPError as error:
            outcomes[f"light {type(error).__name__}"] += 1
        turn += 1


async def runaway_client(http, url, until, every, outcomes):
    """Start a runaway query every EVERY seconds, without waiting for the last one to end."""

    async def one():
        try:
            response = await http.post(url, data={"query": RUNAWAY})
            outcomes[f"runaway {response.status_code}"] += 1
        except httpx.HTTPError as error:
            outcomes[f"runaway {type(error).__name__}"] += 1

    started = []
    while time.perf_counter() < until:
        started.append(asyncio.create_task(one()))
        await asyncio.sleep(every)
    await asyncio.gather(*started)


async def phase(url: str, clients: int, seconds: float, runaway_every: float | None) -> dict:
    latencies, outcomes = [], Counter()
    limits = httpx.Limits(max_connections=clients + 1)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        until = time.perf_counter() + seconds
        tasks = [light_client(http, url, until, latencies, outcomes, i) for i in range(clients)]
        if runaway_every:
            tasks.append(runaway_client(http, url, until, runaway_every, outcomes))
        await asyncio.gather(*tasks)
    latencies.sort()

    def percentile(share: float) -> float | None:
        return round(1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))], 1) if latencies else None

    return {"light answered": len(latencies), "light per s": round(len(latencies) / seconds, 1),
            "p50 ms": percentile(0.5), "p95 ms": percentile(0.95), "p99 ms": percentile(0.99),
            "outcomes": dict(sorted(outcomes.items()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--runaway-every", type=float, default=3)
    options = parser.parse_args()
    if urlparse(options.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("This load is for a service on loopback only.")
    url = options.base.rstrip("/") + "/sparql"
    quiet = asyncio.run(phase(url, options.clients, options.seconds, None))
    stormy = asyncio.run(phase(url, options.clients, options.seconds, options.runaway_every))
    print(f"{'':>16} {'light only':>14} {'with runaways':>14}")
    for key in ("light answered", "light per s", "p50 ms", "p95 ms", "p99 ms"):
        print(f"{key:>16} {quiet[key]!s:>14} {stormy[key]!s:>14}")
    print(f"p99 ratio (with runaways / light only): {stormy['p99 ms'] / quiet['p99 ms']:.2f}")
    print(json.dumps({"light only": quiet["outcomes"], "with runaways": stormy["outcomes"]}))


if __name__ == "__main__":
    main()
