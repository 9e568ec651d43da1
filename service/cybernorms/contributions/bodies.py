"""Graphs sent in request bodies (Turtle, N-Triples, JSON-LD), read into N-Triples lines.

Every node must be named by an IRI: a blank node cannot be pointed at by a later change,
nor told apart from another one in the journal.
"""

import json
from collections.abc import Callable

from pyld import jsonld
from pyoxigraph import DefaultGraph, Literal, NamedNode, RdfFormat, Store, parse

from .context_loader import ContextRefused
from .errors import BodyInvalid, BodyTypeUnsupported

BODY_FORMATS = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES,
                "application/ld+json": RdfFormat.N_QUADS}  # JSON-LD is read by pyld, which writes N-Quads


def triple_line(triple) -> str:
    """A triple (or quad, graph left out) as one canonical N-Triples line."""
    return f"{triple.subject} {triple.predicate} {triple.object} ."


def body_format(media_type: str) -> RdfFormat:
    if media_type not in BODY_FORMATS:
        raise BodyTypeUnsupported(f"Unsupported Content-Type '{media_type or '(none)'}': send the graph as "
                                  f"{', '.join(BODY_FORMATS)}.")
    return BODY_FORMATS[media_type]


def read_graph(body: bytes, media_type: str, load_context: Callable) -> list[str]:
    """The body's triples as N-Triples lines; LOAD_CONTEXT is the pyld document loader for remote contexts."""
    rdf_format = body_format(media_type)
    if media_type == "application/ld+json":
        body = _json_ld_as_n_quads(body, load_context)
    store = Store()
    try:
        for quad in parse(body, format=rdf_format):
            if not isinstance(quad.graph_name, DefaultGraph):
                raise BodyInvalid("The body holds named graphs; send the triples of one graph only.")
            store.add(quad)
    except SyntaxError as error:
        raise BodyInvalid(f"The body is not valid {media_type}: {error}") from error
    return stored_lines(store)


def stored_lines(store: Store) -> list[str]:
    """The lines of every triple in STORE, when their nodes are all named by IRIs.

    Read back from a store, literals are written as the served store keeps them ("01"^^xsd:integer
    becomes "1"), so that the journal, the store and the checks all see the same triples.
    """
    lines = []
    for triple in store:
        if not isinstance(triple.subject, NamedNode) or not isinstance(triple.object, (NamedNode, Literal)):
            raise BodyInvalid(f"Every node must be named by an IRI, and this triple has a blank node: "
                              f"{triple_line(triple)} Give the node an IRI (in JSON-LD an \"@id\"), such as "
                              "<https://w3id.org/cybernorms/id/membership/...>.")
        lines.append(triple_line(triple))
    return lines


def _json_ld_as_n_quads(body: bytes, load_context: Callable) -> bytes:
    try:
        document = json.loads(body)
    except ValueError as error:
        raise BodyInvalid(f"The body is not JSON: {error}.") from error
    try:
        return jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": load_context}).encode()
    except jsonld.JsonLdError as error:
        refusal = _cause(error, ContextRefused)
        raise BodyInvalid(str(refusal) if refusal else f"The body is not valid JSON-LD: {error}") from error


def _cause(error: BaseException | None, kind: type) -> BaseException | None:
    """The exception of KIND that ERROR was raised from, however deep pyld wrapped it."""
    while error is not None and not isinstance(error, kind):
        error = error.__cause__ or getattr(error, "cause", None) or error.__context__
    return error
