"""JSON-LD for applications: the published, versioned context and framed descriptions of things.

A thing's description is its own asserted triples plus every node that points at
it through one of the context's reverse terms (a state's memberships and
positions, a proposition's positions, a document's sourced claims, ...). Turtle,
N-Triples and JSON-LD of one thing carry exactly these triples; the JSON-LD is
framed so that an application finds the same keys on every thing of a kind.
"""

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pyld import jsonld
from pyoxigraph import NamedNode, RdfFormat, Variable, serialize

from ..namespaces import ASSERTED_GRAPH

CONTEXTS_FOLDER = "contexts"


@dataclass(frozen=True)
class Context:
    version: str
    terms: dict  # the value of "@context"

    def reverse_links(self) -> list[str]:
        """The full IRIs of the properties that the reverse terms follow back to a thing."""
        return [self._expand(term["@reverse"]) for term in self.terms.values()
                if isinstance(term, dict) and "@reverse" in term]

    def _expand(self, name: str) -> str:
        prefix, _, local = name.partition(":")
        return self.terms[prefix] + local if prefix in self.terms else name

    @cached_property
    def description_query(self) -> str:
        """CONSTRUCT the description of ?resource from the asserted graph."""
        links = " ".join(f"<{iri}>" for iri in self.reverse_links())
        return (
            "CONSTRUCT { ?resource ?p ?o . ?node ?q ?v } WHERE { GRAPH <" + ASSERTED_GRAPH + "> {"
            " { ?resource ?p ?o } UNION { VALUES ?link { " + links + " } ?node ?link ?resource . ?node ?q ?v } } }"
        )


def published_contexts(ontology_dir: Path) -> dict[str, dict]:
    """Every published context document, by the ontology version it belongs to."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((ontology_dir / CONTEXTS_FOLDER).glob("*.json"))}


def current_context(published: dict[str, dict], ontology_dir: Path, version: str) -> Context:
    if version not in published:
        raise FileNotFoundError(
            f"No JSON-LD context for ontology version {version}: add {ontology_dir / CONTEXTS_FOLDER / version}.json."
        )
    return Context(version, published[version]["@context"])


def describe(graph, context: Context, iri: str) -> list:
    """The triples that describe one thing; empty when the graph does not know it or IRI is not a valid IRI."""
    try:
        resource = NamedNode(iri)
    except ValueError:  # control characters and the like: no such thing can be in the graph
        return []
    return list(graph.run(context.description_query, substitutions={Variable("resource"): resource}))


def frame(triples: list, iri: str, context: Context, context_url: str) -> dict:
    """The description as one JSON-LD object rooted at the thing, with the published context by reference."""
    expanded = jsonld.from_rdf(serialize(triples, format=RdfFormat.N_QUADS).decode(), {"format": "application/n-quads"})
    reverse = [name for name, term in context.terms.items() if isinstance(term, dict) and "@reverse" in term]
    embed_reverse = {name: {"@embed": "@always"} for name in reverse}
    framed = jsonld.frame(expanded, {"@context": context.terms, "@id": iri, **embed_reverse}, {"omitGraph": True})
    framed.pop("@context")
    # Reading order: identity, the thing's own properties, then what points at it.
    first = {key: framed.pop(key) for key in ("id", "type") if key in framed}
    last = {key: framed.pop(key) for key in reverse if key in framed}
    return {"@context": context_url, **first, **framed, **last}
