"""`cybernorms publish`: the built graph loaded into a SPARQL 1.1 store through the Graph Store Protocol.

Each named graph (asserted, inferred) is replaced whole by a PUT; then the triples are counted back
through the store's query endpoint; the release record (engine/release.py) goes last. A store that refuses
or fails midway is left without a release record, so `serve --endpoint` will not serve it half-loaded,
and running publish again replaces every graph, which repairs it. The contributions graph is left as
it is: curators' writes live there.
"""

import time
from collections.abc import Callable
from urllib.parse import quote

import httpx
from pyoxigraph import RdfFormat, parse, serialize

from ..build.artifact import artifact_path, read_manifest
from ..engine.release import release_triples
from ..engine.remote_store import RemoteStore, StoreFailed
from ..namespaces import ASSERTED_GRAPH, INFERRED_GRAPH, RELEASE_GRAPH
from ..settings import Settings

BODY_TYPE = "text/turtle"  # N-Triples is Turtle, and every store takes Turtle
COUNT = "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


class PublishFailed(Exception):
    """The store refused the graph or failed; the message says which graph, what the store said, and what to do."""


def publish(settings: Settings, endpoint: str, graph_store: str, auth: httpx.Auth | None = None,
            progress: Callable[[str], None] = lambda line: None) -> dict[str, int]:
    """Load the built graph into the store; the triples counted back in each graph."""
    manifest = read_manifest(settings)
    if manifest is None:
        raise PublishFailed(f"No compiled graph in {settings.artifact_dir}; run `cybernorms build` first.")
    graphs = _graphs_of_artifact(settings)
    store = RemoteStore(endpoint, auth, timeout=600)
    with httpx.Client(auth=auth, timeout=600) as http:
        _send(http, "DELETE", graph_store, RELEASE_GRAPH, None, allow_missing=True)
        for name, triples in graphs.items():
            progress(f"{name}: sending {len(triples):,} triples to {graph_store}")
            began = time.perf_counter()
            _send(http, "PUT", graph_store, name, serialize(triples, format=RdfFormat.N_TRIPLES))
            progress(f"{name}: stored in {time.perf_counter() - began:.1f} s")
        counts = {name: _count(store, name) for name in graphs}
        for name, triples in graphs.items():
            if counts[name] != len(triples):
                raise PublishFailed(f"The store holds {counts[name]:,} triples in <{name}> where {len(triples):,} were "
                                    "sent: it dropped or merged some. Run publish again; if the counts still differ, "
                                    "the store changes what it is given (blank nodes, literals).")
        _send(http, "PUT", graph_store, RELEASE_GRAPH, release_triples(manifest))
        progress(f"release record: version {manifest['version']}, build {manifest['input_hash'][:12]}")
    return counts


def _graphs_of_artifact(settings: Settings) -> dict[str, list]:
    graphs = {ASSERTED_GRAPH: [], INFERRED_GRAPH: []}
    for quad in parse(path=str(artifact_path(settings)), format=RdfFormat.N_QUADS):
        graphs[quad.graph_name.value].append(quad.triple)
    return graphs


def _send(http: httpx.Client, method: str, graph_store: str, graph: str, body: bytes | None,
          allow_missing: bool = False) -> None:
    url = f"{graph_store}{'&' if '?' in graph_store else '?'}graph={quote(graph, safe='')}"
    try:
        response = http.request(method, url, content=body, headers={"Content-Type": BODY_TYPE} if body else {})
    except httpx.HTTPError as error:
        raise PublishFailed(f"The store at {graph_store} could not be reached ({error}); check the URL and that the "
                            "store is running, then run publish again.") from error
    if response.status_code in (401, 403):
        raise PublishFailed(f"The store at {graph_store} refused {method} <{graph}> ({response.status_code}): give a "
                            "user allowed to write with --user and --password-env.")
    if response.is_success or (allow_missing and response.status_code == 404):
        return
    raise PublishFailed(f"The store at {graph_store} answered {method} <{graph}> with {response.status_code}: "
                        f"{response.text.strip()[:500]}. Nothing is served from it until publish succeeds; "
                        "run publish again once the store is fixed.")


def _count(store: RemoteStore, graph: str) -> int:
    try:
        return int(next(iter(store.query(COUNT.format(graph=graph))))["n"].value)
    except (StoreFailed, SyntaxError) as error:
        raise PublishFailed(f"The graphs were sent, but the store's query endpoint could not count them: {error}") from error
