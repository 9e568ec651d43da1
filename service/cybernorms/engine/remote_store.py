"""A SPARQL 1.1 store run elsewhere (Oxigraph server, Virtuoso, ...), read over the SPARQL 1.1 Protocol.

It stands in for the embedded pyoxigraph Store behind GraphStore: the same `query` (its answers parsed
back into pyoxigraph's own result objects, so that everything above is unchanged), `dump` and `len`.
GraphStore reads and refuses a client's query before it reaches the store, as for the embedded one.
The dataset is this service's graphs: the default graph is their union and they are the named graphs,
whatever else the store holds.
"""

from urllib.parse import urlencode

import httpx
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from ..namespaces import SERVED_GRAPHS
from .query_binding import bind_parameters
from .query_text import read_query
from .solutions import solutions_of

RESULTS = {"application/sparql-results+json": QueryResultsFormat.JSON,
           "application/sparql-results+xml": QueryResultsFormat.XML}
GRAPHS = {"application/n-triples": RdfFormat.N_TRIPLES, "text/turtle": RdfFormat.TURTLE,
          "text/plain": RdfFormat.N_TRIPLES}
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPHS_ACCEPT = "application/n-triples, text/turtle;q=0.9"
GRAPH_TRIPLES = "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
DUMP_TIMEOUT = 600.0  # seconds: the whole graph, read once at start


class StoreFailed(Exception):
    """The store could not be reached, or answered with an error that is not the query's fault."""


class GraphTriples(list):
    """The triples of a CONSTRUCT or DESCRIBE answer, read from the store."""

    def serialize(self, format: RdfFormat) -> bytes:
        return serialize(self, format=format)


class RemoteStore:
    def __init__(self, endpoint: str, auth: httpx.Auth | None = None, timeout: float = 60.0,
                 update_endpoint: str | None = None):
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint  # where curators' changes go (contributions/shared_store.py)
        self._http = httpx.Client(auth=auth, timeout=timeout)

    def query(self, query: str, use_default_graph_as_union: bool = False, default_graph=None, named_graphs=None,
              substitutions=None, base_iri: str | None = None):
        if substitutions:
            query = bind_parameters(query, {variable.value: str(term) for variable, term in substitutions.items()})
        if base_iri:
            query = f"BASE <{base_iri}>\n{query}"
        if use_default_graph_as_union:
            default_graph = named_graphs = SERVED_GRAPHS
        params = [("query", query)]
        params += [("default-graph-uri", str(getattr(g, "value", g))) for g in default_graph or ()]
        params += [("named-graph-uri", str(getattr(g, "value", g))) for g in named_graphs or ()]
        graph_form = read_query(query).form in ("CONSTRUCT", "DESCRIBE")
        response = self._post(params, GRAPHS_ACCEPT if graph_form else RESULTS_ACCEPT)
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if graph_form:
            if media_type not in GRAPHS:
                raise StoreFailed(f"The store at {self.endpoint} answered a graph query in {media_type or 'no format'}.")
            return GraphTriples(Triple(t.subject, t.predicate, canonical(t.object))
                                for t in parse(response.content, format=GRAPHS[media_type]))
        if media_type not in RESULTS:
            raise StoreFailed(f"The store at {self.endpoint} answered a query in {media_type or 'no format'}.")
        results = parse_query_results(response.content, format=RESULTS[media_type])
        # Rebuilding the solutions costs a second parse: only when there are booleans to write canonically.
        return _canonical_solutions(results) if str(XSD_BOOLEAN.value).encode() in response.content else results

    def _post(self, params: list[tuple[str, str]], accept: str, timeout: float | None = None) -> httpx.Response:
        try:
            response = self._http.post(self.endpoint, content=urlencode(params),
                                       headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                                       timeout=timeout or self._http.timeout)
        except httpx.HTTPError as error:
            raise StoreFailed(f"The store at {self.endpoint} could not be reached: {error}.") from error
        if response.status_code == 400:  # the store could not parse or evaluate the query
            raise SyntaxError(response.text.strip()[:1000])
        if response.status_code != 200:
            raise StoreFailed(f"The store at {self.endpoint} answered {response.status_code}: "
                              f"{response.text.strip()[:500]}")
        return response

    def update(self, update: str) -> None:
        """Run a SPARQL update at the store's update endpoint; StoreFailed unless it succeeded."""
        try:
            response = self._http.post(self.update_endpoint, content=urlencode([("update", update)]),
                                       headers={"Content-Type": "application/x-www-form-urlencoded"})
        except httpx.HTTPError as error:
            raise StoreFailed(f"The store at {self.update_endpoint} could not be reached: {error}.") from error
        if not response.is_success:
            raise StoreFailed(f"The store at {self.update_endpoint} refused a change ({response.status_code}): "
                              f"{response.text.strip()[:500]}")

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", use_default_graph_as_union=True)
        return int(next(iter(rows))["n"].value)

    def dump(self, path: str, format: RdfFormat) -> None:
        """Every quad of this service's graphs, written to PATH (N-Quads): graph by graph, as N-Triples, which
        every store writes quickly, where one SELECT of every quad would be read row by row."""
        quads = []
        for graph in SERVED_GRAPHS:
            response = self._post([("query", GRAPH_TRIPLES.format(graph=graph))], "application/n-triples", DUMP_TIMEOUT)
            quads += [Quad(t.subject, t.predicate, t.object, NamedNode(graph))
                      for t in parse(response.content, format=RdfFormat.N_TRIPLES)]
        serialize(quads, output=path, format=format)

    def catch_up(self) -> None:
        """Nothing to follow: the store holds the contributions itself."""


def canonical(term):
    """A boolean written 1 or 0 (as Virtuoso writes them) as true or false: the same value, written as the
    embedded engine writes it, so that both give the same answer."""
    if isinstance(term, Literal) and term.datatype == XSD_BOOLEAN and term.value in ("1", "0"):
        return Literal("true" if term.value == "1" else "false", datatype=XSD_BOOLEAN)
    return term


def _canonical_solutions(results):
    if isinstance(results, QueryBoolean):
        return results
    variables = results.variables
    return solutions_of(variables, [[canonical(row[variable]) for variable in variables] for row in results])


class BasicOrDigest(httpx.Auth):
    """A user and password sent as the store asks: Basic (Oxigraph behind a proxy, GraphDB) or Digest (Virtuoso)."""

    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)

    def auth_flow(self, request: httpx.Request):
        response = yield request
        if response.status_code == 401:
            scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
            yield from (self._digest if scheme == "digest" else self._basic).auth_flow(request)


def store_auth(user: str | None, password: str | None) -> httpx.Auth | None:
    return BasicOrDigest(user, password or "") if user else None
