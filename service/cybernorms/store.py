"""The query engine: the compiled artifact loaded into an in-memory pyoxigraph Store."""

from dataclasses import dataclass

from pyoxigraph import NamedNode, RdfFormat, Store

from .build import artifact_path, read_manifest
from .negotiation import NotAcceptable, Offer, negotiate, offers_for
from .query_text import MAX_NESTING, read_query
from .settings import Settings


READ_ONLY = (
    "This endpoint is read-only: SPARQL updates are refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE) instead."
)


class QuerySyntaxError(ValueError):
    """The query text is not SPARQL; the message is the parser's."""


class UpdateRefused(PermissionError):
    """The text is a SPARQL update, and the graph is read-only."""


class QueryRefused(ValueError):
    """The query asks for something this service never does; the message says what."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


class GraphStore:
    """Asserted and inferred triples in two named graphs; the default graph is their union."""

    def __init__(self, store: Store, manifest: dict):
        self.store = store
        self.manifest = manifest

    @classmethod
    def from_artifact(cls, settings: Settings) -> "GraphStore":
        manifest = read_manifest(settings)
        if manifest is None:
            raise FileNotFoundError(f"No compiled graph in {settings.artifact_dir}; run `cybernorms build` first.")
        store = Store()
        store.bulk_load(path=str(artifact_path(settings)), format=RdfFormat.N_QUADS)
        return cls(store, manifest)

    def __len__(self) -> int:
        return len(self.store)

    def run(self, query: str, default_graphs: list[str] = (), named_graphs: list[str] = (), substitutions=None):
        """Parse and plan the query, with variables pre-bound by `substitutions`; solutions come as they are read."""
        text = read_query(query)
        if text.is_update:
            raise UpdateRefused(READ_ONLY)
        if text.calls_service:
            raise QueryRefused("SERVICE is not allowed: this endpoint answers from its own graph and fetches nothing.")
        if text.nesting > MAX_NESTING:
            raise QueryRefused(f"The query nests groups {text.nesting} deep; at most {MAX_NESTING} levels are accepted.")
        options = _dataset(text.names_dataset, default_graphs, named_graphs)
        if substitutions:
            options["substitutions"] = substitutions
        try:
            return self.store.query(query, **options)
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error

    def answer(self, query: str, accept: str | None, default_graphs=(), named_graphs=(), substitutions=None) -> Answer:
        """Evaluate and serialize in the format the Accept header prefers."""
        results = self.run(query, default_graphs, named_graphs, substitutions)
        try:
            offer = negotiate(accept, offers_for(results))
        except NotAcceptable:
            # pyoxigraph results belong to the thread that made them: drop them here.
            del results
            raise
        return Answer(results.serialize(format=offer.serializer), content_type(offer))


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
