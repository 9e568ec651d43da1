"""The query engine: the compiled artifact loaded into an in-memory pyoxigraph Store."""

from dataclasses import dataclass

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, RdfFormat, Store

from .build import artifact_path, read_manifest
from .negotiation import GRAPH_OFFERS, RESULT_OFFERS, Offer, negotiate
from .settings import Settings


class QuerySyntaxError(ValueError):
    """The query text is not SPARQL 1.1; the message is the parser's."""


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

    def run(self, query: str, default_graphs: list[str] = (), named_graphs: list[str] = ()):
        """Parse and plan the query; the solutions are computed as they are read."""
        options = {"use_default_graph_as_union": not default_graphs}
        if default_graphs:
            options["default_graph"] = [NamedNode(iri) for iri in default_graphs]
        if named_graphs:
            options["named_graphs"] = [NamedNode(iri) for iri in named_graphs]
        try:
            return self.store.query(query, **options)
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error

    def answer(self, query: str, accept: str | None, default_graphs=(), named_graphs=()) -> Answer:
        """Evaluate and serialize in the format the Accept header prefers."""
        results = self.run(query, default_graphs, named_graphs)
        offers = RESULT_OFFERS if isinstance(results, (QuerySolutions, QueryBoolean)) else GRAPH_OFFERS
        offer = negotiate(accept, offers)
        return Answer(results.serialize(format=offer.serializer), content_type(offer))


def content_type(offer: Offer) -> str:
    return offer.media_type + ("; charset=utf-8" if offer.media_type.startswith("text/") else "")
