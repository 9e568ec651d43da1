"""This service beside `oxigraph serve-read-only` and rdflib-endpoint, on the same dump and the same queries.

    .venv/bin/python tests/benchmarks/compare.py [--clients 1 8 32] [--seconds 10] [--times 1]

Builds the graph from a fresh build folder (timed), exports its N-Quads dump, loads it into Oxigraph
(PyPI `oxigraph`) and rdflib-endpoint (PyPI `rdflib-endpoint`), starts the three on loopback, then puts
a closed-loop load of each query in queries/ on each server in turn, at each number of clients.
A query's parameters are written into its text (the same text for every server; this service also
answers them natively at /queries/{name}, which the first table checks gives as many rows). Prints a
table per query: throughput, p50 and p99 per server, and the ratios to Oxigraph; then the build,
cold start and memory. With --times N, all of it runs on synthetic data N times the size of the real
data (tests/benchmarks/synthetic.py). A server that failed requests (past its deadline, say) is restarted before
the next run, so that work it goes on with cannot slow the others. Not part of the test suite:
these machines are noisy, read the ratios.
"""

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(Path(__file__).parent))
from conftest import descendants, stop, wait_until_answering
from synthetic import synthetic_checkout

BIN = Path(sys.executable).parent
RESULTS = "application/sparql-results+json"
AS_OF = date.today().isoformat()
PARAMETERS = {  # the values written into the queries that take parameters
    "as_of": f'"{AS_OF}"^^<http://www.w3.org/2001/XMLSchema#date>',
    "consensus": "true",
    "actor": "<https://w3id.org/cybernorms/id/state/FR>",
    "a": "<https://w3id.org/cybernorms/id/state/FR>",
    "b": "<https://w3id.org/cybernorms/id/state/GB>",
    "group": "<https://w3id.org/cybernorms/id/group/NATO>",
    "proposition": "<https://w3id.org/cybernorms/id/proposition/sovereignty-is-a-rule>",
}
NATIVE = {"as_of": AS_OF, "consensus": "true", "actor": "FR", "a": "FR", "b": "GB", "group": "NATO",
          "proposition": "sovereignty-is-a-rule"}


def bound(text: str) -> tuple[str, list[str]]:
    """The query with its declared parameters written in: dropped from projections, GROUP BY and ORDER BY, replaced elsewhere."""
    names = re.findall(r"^# param: (\w+) ", text, re.MULTILINE)
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        for name in names:
            if re.match(r"\s*(SELECT|GROUP BY|ORDER BY)\b", line):
                line = re.sub(rf"\s\?{name}\b", "", line)
            line = re.sub(rf"\?{name}\b", PARAMETERS[name], line)
        lines.append(line)
    return "\n".join(lines), names


def start(command: list[str], ready_url: str, env: dict | None = None) -> tuple[subprocess.Popen, float]:
    """Start a server and wait until READY_URL answers; the seconds it took."""
    began = time.perf_counter()
    log = tempfile.TemporaryFile(mode="w+")  # a pipe nobody reads would fill up and stall the server
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    wait_until_answering(process, ready_url, log, 300)
    return process, time.perf_counter() - began


def pss_mb(pid: int) -> float:
    """Proportional set size of a process and its children, in MB (Linux)."""
    total = 0
    for process in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{process}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


async def load(url: str, query: str, clients: int, seconds: float) -> dict:
    """A closed-loop load of one SPARQL query, POSTed."""
    return await closed_loop(lambda http: http.post(url, data={"query": query}, headers={"Accept": RESULTS}),
                             clients, seconds)


async def closed_loop(request, clients: int, seconds: float) -> dict:
    """CLIENTS each sending REQUEST(http client) again as soon as it is answered, for SECONDS: throughput, p50, p99."""
    latencies, errors = [], 0
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=clients)) as http:
        deadline = time.perf_counter() + seconds

        async def client():
            nonlocal errors
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    response = await request(http)
                    if response.status_code == 200:
                        latencies.append(time.perf_counter() - began)
                    else:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    pick = lambda share: round(1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))], 1) if latencies else None
    return {"rps": round(len(latencies) / elapsed, 1), "p50": pick(0.5), "p99": pick(0.99), "errors": errors}


def rows(url: str, query: str) -> int:
    response = httpx.post(url, data={"query": query}, headers={"Accept": RESULTS}, timeout=120)
    return len(response.json()["results"]["bindings"]) if response.status_code == 200 else -1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--times", type=int, default=1, help="the size of the data, in multiples of the real data")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cybernorms-bench-"))
    env = {"CYBERNORMS_BUILD_DIR": str(work / "build")}
    if args.times > 1:
        env["CYBERNORMS_ROOT"] = str(synthetic_checkout(args.times, work / "checkout"))
    began = time.perf_counter()
    subprocess.run([str(BIN / "cybernorms"), "build"], env={**os.environ, **env}, check=True, capture_output=True)
    build_s = time.perf_counter() - began
    subprocess.run([str(BIN / "cybernorms"), "export"], env={**os.environ, **env}, check=True, capture_output=True)
    dump = work / "build" / "dumps" / "cybernorms.nq"
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(dump)],
                   check=True, capture_output=True)
    ports = {"cybernorms": 18701, "oxigraph": 18702, "rdflib-endpoint": 18703}
    servers = {
        "cybernorms": ([str(BIN / "cybernorms"), "serve", "--port", str(ports["cybernorms"])], "/sparql", "/-/health"),
        "oxigraph": ([str(BIN / "oxigraph"), "serve-read-only", "--location", str(work / "oxigraph"), "--bind",
                      f"127.0.0.1:{ports['oxigraph']}", "--union-default-graph"], "/query", "/"),
        "rdflib-endpoint": ([str(BIN / "rdflib-endpoint"), "serve", str(dump), "--host", "127.0.0.1", "--port",
                             str(ports["rdflib-endpoint"])], "/", "/"),
    }
    processes, started, memory, urls = {}, {}, {}, {}
    try:
        for name, (command, path, ready) in servers.items():
            base = f"http://127.0.0.1:{ports[name]}"
            processes[name], started[name] = start(command, base + ready, env if name == "cybernorms" else None)
            urls[name] = base + path
        queries = {path.stem: bound(path.read_text()) for path in sorted((REPO / "queries").glob("*.rq"))}
        print(f"# {date.today()} on {os.cpu_count()} cores; {args.times}x data; {args.seconds:g} s per run; "
              "parameters written into the text\n")
        print("| query | rows here | rows at /queries | rows Oxigraph | first run here (s) |")
        print("|---|---|---|---|---|")
        for name, (text, params) in queries.items():
            first = time.perf_counter()
            here = rows(urls["cybernorms"], text)
            first = time.perf_counter() - first
            native = httpx.get(f"http://127.0.0.1:{ports['cybernorms']}/queries/{name}",
                               params={p: NATIVE[p] for p in params}, headers={"Accept": RESULTS}, timeout=120)
            native_rows = len(native.json()["results"]["bindings"]) if native.status_code == 200 else native.status_code
            print(f"| {name} | {here} | {native_rows} | {rows(urls['oxigraph'], text)} | {first:.2f} |")
        print("\n| query | clients | server | req/s | p50 ms | p99 ms | errors | req/s ÷ Oxigraph |")
        print("|---|---|---|---|---|---|---|---|")
        for name, (text, _) in queries.items():
            for clients in args.clients:
                measured = {}
                for server, url in urls.items():
                    measured[server] = asyncio.run(load(url, text, clients, args.seconds))
                    if measured[server]["errors"]:  # it may still be working on them: restart it, so as not to slow the others
                        stop(processes[server])
                        command, _, ready = servers[server]
                        processes[server], _ = start(command, f"http://127.0.0.1:{ports[server]}{ready}",
                                                     env if server == "cybernorms" else None)
                reference = measured["oxigraph"]["rps"] or None
                for server, m in measured.items():
                    ratio = f"{m['rps'] / reference:.2f}" if reference else "—"
                    print(f"| {name} | {clients} | {server} | {m['rps']} | {m['p50']} | {m['p99']} | {m['errors']} | {ratio} |")
        for name, process in processes.items():
            memory[name] = pss_mb(process.pid)
        print(f"\nbuild (cold, fresh folder): {build_s:.1f} s")
        for name in servers:
            print(f"{name}: start until answering {started[name]:.2f} s; memory {memory[name]:.0f} MB PSS (with its workers)")
    finally:
        for process in processes.values():
            stop(process)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
