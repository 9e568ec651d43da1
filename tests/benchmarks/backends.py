"""The service on its embedded store beside the same service answering from Oxigraph server and Virtuoso 7.

    .venv/bin/python tests/benchmarks/backends.py [--clients 1 8] [--seconds 10]

Builds the real graph in a fresh folder, starts an Oxigraph server and a Virtuoso (as the tests do,
tests/stores.py), times `cybernorms publish` into each, serves the embedded graph and each store
(`serve --endpoint`), then puts a closed-loop load on each: a canned query at /queries/{name} and
the coalition API. The answer cache is off, so that every request reaches the store. Prints one
table with the ratio of each backend's throughput to the embedded one's. Not part of the test suite.
"""

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(Path(__file__).parent))
from compare import closed_loop
from conftest import serve
from stores import STORES

BIN = Path(sys.executable).parent
LOADS = {  # name: (path, parameters)
    "queries/actor-stances (FR)": ("/queries/actor-stances", {"actor": "FR"}),
    "queries/stats": ("/queries/stats", {}),
    "api alignment FR-GB": ("/api/v1/alignment", {"a": "FR", "b": "GB"}),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cybernorms-backends-"))
    build = work / "build"
    env = {**os.environ, "CYBERNORMS_BUILD_DIR": str(build)}
    subprocess.run([str(BIN / "cybernorms"), "build"], env=env, check=True, capture_output=True)
    no_cache = {"CYBERNORMS_ANSWER_CACHE_BYTES": "0"}
    with ExitStack() as stack:
        bases, published = {}, {}
        bases["embedded"] = stack.enter_context(_served(build, no_cache))
        for name, start in sorted(STORES.items()):
            (work / name).mkdir()
            store = stack.enter_context(start(work / name))
            began = time.perf_counter()
            subprocess.run([str(BIN / "cybernorms"), *store.publish_args()], check=True, capture_output=True,
                           env={**env, "STORE_PASSWORD": store.password or ""})
            published[name] = time.perf_counter() - began
            bases[name] = stack.enter_context(_served(work / f"served-{name}",
                                                      {**no_cache, "CYBERNORMS_ENDPOINT": store.query_url}))
        print(f"# {date.today()} on {os.cpu_count()} cores; {args.seconds:g} s per run; answer cache off\n")
        for name, seconds in published.items():
            print(f"publish into {name} (build cached): {seconds:.1f} s")
        print("\n| load | clients | backend | req/s | p50 ms | p99 ms | errors | ÷ embedded |")
        print("|---|---|---|---|---|---|---|---|")
        for label, (path, params) in LOADS.items():
            for clients in args.clients:
                measured = {backend: asyncio.run(closed_loop(_get(base + path, params), clients, args.seconds))
                            for backend, base in bases.items()}
                for backend, m in measured.items():
                    ratio = m["rps"] / measured["embedded"]["rps"] if measured["embedded"]["rps"] else 0
                    print(f"| {label} | {clients} | {backend} | {m['rps']} | {m['p50']} | {m['p99']} | "
                          f"{m['errors']} | {ratio:.2f} |")


def _get(url: str, params: dict):
    return lambda http: http.get(url, params=params, headers={"Accept": "application/json"})


@contextmanager
def _served(build_dir: Path, settings: dict):
    """`cybernorms serve` (tests/conftest.py's serve) until the block ends."""
    runs = serve(REPO, build_dir, settings)
    try:
        yield next(runs)
    finally:
        runs.close()


if __name__ == "__main__":
    main()
