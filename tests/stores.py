"""External SPARQL 1.1 stores, started on free loopback ports for the tests: Oxigraph server and Virtuoso 7.

Oxigraph's server comes with PyPI's `oxigraph`; Virtuoso is Debian's `virtuoso-opensource`, which
.ci/run installs when it is missing. Each store starts empty, in a folder of its own, and stops at the end.
"""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from conftest import free_port, stop, wait_until_answering

BIN = Path(sys.executable).parent
STORE_TIMEOUT_S = 30  # Oxigraph stops a query after this long; Virtuoso, only one that may return a partial answer
VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {folder}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class ExternalStore:
    name: str
    query_url: str
    graph_store_url: str
    update_url: str
    user: str | None = None
    password: str | None = None

    def serving(self, **settings: str) -> dict[str, str]:
        """The settings of `cybernorms serve` answering from this store (and writing to it)."""
        found = {"CYBERNORMS_ENDPOINT": self.query_url, "CYBERNORMS_UPDATE_ENDPOINT": self.update_url, **settings}
        if self.user:
            found |= {"CYBERNORMS_STORE_USER": self.user, "CYBERNORMS_STORE_PASSWORD": self.password}
        return found

    def publish_args(self) -> list[str]:
        """The arguments of `cybernorms publish` for this store; the password is in STORE_PASSWORD."""
        args = ["publish", "--endpoint", self.query_url, "--graph-store", self.graph_store_url]
        return args + ["--user", self.user, "--password-env", "STORE_PASSWORD"] if self.user else args

    def count(self, graph: str) -> int:
        """The triples the store itself holds in GRAPH, asked directly."""
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        response = httpx.post(self.query_url, data={"query": query}, timeout=60,
                              headers={"Accept": "application/sparql-results+json"})
        return int(response.json()["results"]["bindings"][0]["n"]["value"])


@contextmanager
def running(command: list[str], ready_url: str, log_path: Path):
    """Run COMMAND until the block ends, once READY_URL answers."""
    with log_path.open("w+") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_answering(process, ready_url, log, 120)
            yield process
        finally:
            stop(process)


@contextmanager
def oxigraph_server(folder: Path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(BIN / "oxigraph"), "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}",
               "--timeout-s", str(STORE_TIMEOUT_S)]
    with running(command, f"{base}/query?query=ASK%7B%7D", folder / "oxigraph.log"):
        yield ExternalStore("oxigraph", f"{base}/query", f"{base}/store", f"{base}/update")


@contextmanager
def virtuoso_server(folder: Path):
    binary = shutil.which("virtuoso-t")
    if binary is None:
        message = "Virtuoso 7 is not installed (Debian: apt-get install virtuoso-opensource); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=free_port(), http_port=http_port, timeout=STORE_TIMEOUT_S))
    base = f"http://127.0.0.1:{http_port}"
    # -f: in the foreground, so that stopping the process stops the server. A fresh database's administrator
    # is dba with the password dba: the Graph Store Protocol's /sparql-graph-crud-auth and the updates'
    # /sparql-auth ask for it (Digest).
    with running([binary, "-c", str(ini), "-f"], f"{base}/sparql?query=ASK%7B%7D", folder / "virtuoso.out"):
        yield ExternalStore("virtuoso", f"{base}/sparql", f"{base}/sparql-graph-crud-auth", f"{base}/sparql-auth",
                            "dba", "dba")


STORES = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}
