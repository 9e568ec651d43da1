"""The query engine: the compiled artifact loaded into an in-memory pyoxigraph Store."""

from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    RdfFormat,
    Store,
    serialize,
)

from ..build.artifact import artifact_path, read_manifest
from ..settings import Settings
from .following_store import FollowingStore
from .negotiation import NotAcceptable, Offer, is_graph, negotiate, offers_for
from .outbound import FetchRefused, check_fetched
from .query_text import MAX_NESTING, fetched, read_query
from .release import read_release
from .remote_store import RemoteStore, store_auth
from .sandbox import NETWORK_OFF
from .solutions import solutions_of

READ_ONLY = (
    "This endpoint is read-only: SPARQL updates are refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE) instead."
)


class QuerySyntaxError(ValueError):
    """The query text is not SPARQL; the message is the parser's."""


class UpdateRefused(PermissionError):
    """The text is a SPARQL update, and the graph is read-only."""


class QueryFailed(ValueError):
    """The engine could not evaluate the query; the message is the engine's."""


class QueryRefused(ValueError):
    """The query asks for something this service never does; the message says what."""


class ResultTooLarge(ValueError):
    """The answer would pass a limit on rows or bytes; the message says which and how to narrow it."""


@dataclass(frozen=True)
class ResultLimits:
    rows: int
    bytes: int


NO_LIMITS = ResultLimits(rows=2**62, bytes=2**62)


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


class GraphStore:
    """Named graphs: asserted, inferred, curators' contributions and their inferences; the default graph is their union."""

    def __init__(self, store: Store, manifest: dict, fetch_allow: list[str] | None = None, network_barred: bool = False):
        self.store = store
        self.manifest = manifest
        self.fetch_allow = fetch_allow or []  # IRI prefixes SERVICE may call (see outbound.py)
        self.network_barred = network_barred  # by the kernel (sandbox.py): SERVICE need not be looked for

    @classmethod
    def open(cls, settings: Settings, network_barred: bool = False) -> "GraphStore":
        """The graph the settings name: an external store's (settings.endpoint), else the compiled artifact."""
        if not settings.endpoint:
            return cls.from_artifact(settings, network_barred)
        # The deadline of a client's query is kept by the query workers, which are killed when it passes.
        store = RemoteStore(settings.endpoint, store_auth(settings.store_user, settings.store_password),
                            timeout=STORE_TIMEOUT, update_endpoint=settings.update_endpoint)
        return cls(store, read_release(store, settings.endpoint), settings.fetch_allow)

    @classmethod
    def from_artifact(cls, settings: Settings, network_barred: bool = False) -> "GraphStore":
        manifest = read_manifest(settings)
        if manifest is None:
            raise FileNotFoundError(f"No compiled graph in {settings.artifact_dir}; run `cybernorms build` first.")
        store = Store()
        store.bulk_load(path=str(artifact_path(settings)), format=RdfFormat.N_QUADS)
        return cls(FollowingStore(store, settings.contributions_path), manifest, settings.fetch_allow, network_barred)

    def __len__(self) -> int:
        return len(self.store)

    def graph_sizes(self) -> dict[str, int]:
        """The number of triples in each named graph, contributions included."""
        rows = self.store.query("SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph")
        return {row["graph"].value: int(row["triples"].value) for row in rows}

    def run(self, query: str, default_graphs: list[str] = (), named_graphs: list[str] = (), substitutions=None,
            base_iri: str | None = None):
        """Parse and plan the query, with variables pre-bound by `substitutions`; solutions come as they are read."""
        text = read_query(query)
        if text.is_update:
            raise UpdateRefused(READ_ONLY)
        if not self.network_barred:
            try:
                check_fetched(fetched("SERVICE", query), self.fetch_allow, "A SERVICE endpoint", WITHOUT_SERVICE)
            except FetchRefused as error:
                raise QueryRefused(str(error)) from error
        if text.nesting > MAX_NESTING:
            raise QueryRefused(f"The query nests groups {text.nesting} deep; at most {MAX_NESTING} levels are accepted.")
        options = _dataset(text.names_dataset, default_graphs, named_graphs)
        if substitutions:
            options["substitutions"] = substitutions
        if base_iri:
            options["base_iri"] = base_iri
        with self._engine_errors():
            return self.store.query(query, **options)

    def answer(self, query: str, accept: str | None, default_graphs=(), named_graphs=(), substitutions=None,
               limits: ResultLimits = NO_LIMITS, base_iri: str | None = None) -> Answer:
        """Evaluate and serialize in the format the Accept header prefers, within the limits."""
        results = self.run(query, default_graphs, named_graphs, substitutions, base_iri)
        try:
            offer = negotiate(accept, offers_for(results))
        except NotAcceptable:
            # pyoxigraph results belong to the thread that made them: drop them here.
            del results
            raise
        with self._engine_errors():
            body = _serialize_within(results, offer, limits)
        if len(body) > limits.bytes:
            raise ResultTooLarge(f"The answer is {len(body):,} bytes; at most {limits.bytes:,} are sent. {NARROW}")
        return Answer(body, content_type(offer))

    @contextmanager
    def _engine_errors(self):
        """The engine's errors, while it parses or evaluates a query, as this module's."""
        try:
            yield
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error
        except OSError as error:
            if self.network_barred:  # a SERVICE call, refused by the kernel
                raise QueryRefused(f"{NETWORK_OFF} {WITHOUT_SERVICE}") from error
            raise  # from a SERVICE endpoint the operator allowed
        except RuntimeError as error:  # evaluation failed: SERVICE on an unbound variable, say
            raise QueryFailed(f"The query could not be evaluated: {error}.") from error


STORE_TIMEOUT = 300.0  # seconds the service waits for an external store: for its own queries, the longest
WITHOUT_SERVICE = "Without SERVICE, the query is answered from this service's own graph."
NARROW = "Narrow the query: add LIMIT (and OFFSET to page), or select fewer variables."


def _serialize_within(results, offer: Offer, limits: ResultLimits) -> bytes:
    """Read at most one row past the limit, so an oversized answer is refused without being held in memory."""
    if isinstance(results, QueryBoolean):
        return results.serialize(format=offer.serializer)
    rows = list(islice(results, limits.rows + 1))
    if len(rows) > limits.rows:
        noun = "triples" if is_graph(results) else "rows"
        raise ResultTooLarge(f"The answer has more than {limits.rows:,} {noun}; at most {limits.rows:,} are sent. {NARROW}")
    if is_graph(results):
        return serialize(rows, format=offer.serializer)
    solutions = solutions_of(results.variables, [[row[variable] for variable in results.variables] for row in rows])
    return solutions.serialize(format=offer.serializer)


def _dataset(query_names_one: bool, default_graphs, named_graphs) -> dict:
    """The RDF dataset, as the SPARQL 1.1 Protocol orders it: the request's, else the query's, else ours."""
    if default_graphs or named_graphs:
        return {"default_graph": _iris(default_graphs), "named_graphs": _iris(named_graphs)}
    if query_names_one:
        return {}
    return {"use_default_graph_as_union": True}


def _iris(values) -> list[NamedNode]:
    try:
        return [NamedNode(value) for value in values]
    except ValueError as error:
        raise QueryRefused(f"Graph names must be absolute IRIs: {error}.") from error


def content_type(offer: Offer) -> str:
    return offer.media_type + ("; charset=utf-8" if offer.media_type.startswith("text/") else "")
