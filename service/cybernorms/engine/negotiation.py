"""HTTP content negotiation: Accept headers with q-values against the formats we offer."""

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, QueryTriples, RdfFormat

from .remote_store import GraphTriples


@dataclass(frozen=True)
class Offer:
    media_type: str
    serializer: object  # a pyoxigraph QueryResultsFormat or RdfFormat
    name: str  # the short name used on the command line


# First entry of each table is the default when any type is acceptable.
RESULT_OFFERS = (
    Offer("application/sparql-results+json", QueryResultsFormat.JSON, "json"),
    Offer("application/sparql-results+xml", QueryResultsFormat.XML, "xml"),
    Offer("text/csv", QueryResultsFormat.CSV, "csv"),
    Offer("text/tab-separated-values", QueryResultsFormat.TSV, "tsv"),
    Offer("application/json", QueryResultsFormat.JSON, "json"),
    Offer("application/xml", QueryResultsFormat.XML, "xml"),
)
GRAPH_OFFERS = (
    Offer("text/turtle", RdfFormat.TURTLE, "turtle"),
    Offer("application/n-triples", RdfFormat.N_TRIPLES, "ntriples"),
    Offer("application/ld+json", RdfFormat.JSON_LD, "jsonld"),
    Offer("application/rdf+xml", RdfFormat.RDF_XML, "rdfxml"),
)


class NotAcceptable(Exception):
    """Nothing offered fits the Accept header; the message lists what would."""


def _not_acceptable(accept: str, offers: tuple[Offer, ...]) -> NotAcceptable:
    available = ", ".join(dict.fromkeys(offer.media_type for offer in offers))
    return NotAcceptable(f"None of the types in 'Accept: {accept}' can be served for this query; available: {available}.")


def _parse_accept(header: str) -> list[tuple[str, float]]:
    ranges = []
    for part in header.split(","):
        media_range, *params = (piece.strip() for piece in part.split(";"))
        if not media_range:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((media_range.lower(), quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value of the most specific range that matches the type (RFC 9110, 12.5.1)."""
    kind = media_type.split("/")[0]
    best_specificity, best_quality = -1, 0.0
    for media_range, quality in ranges:
        specificity = {media_type: 2, f"{kind}/*": 1, "*/*": 0}.get(media_range, -1)
        if specificity > best_specificity:
            best_specificity, best_quality = specificity, quality
    return best_quality


def negotiate(accept: str | None, offers: tuple[Offer, ...]) -> Offer:
    """The offer the client prefers; on a tie, the one listed first."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = _parse_accept(accept)
    best = max(offers, key=lambda offer: _quality(offer.media_type, ranges))
    if _quality(best.media_type, ranges) <= 0:
        raise _not_acceptable(accept, offers)
    return best


def offer_by_name(name: str, offers: tuple[Offer, ...]) -> Offer | None:
    return next((offer for offer in offers if offer.name == name), None)


def offers_for(results) -> tuple[Offer, ...]:
    """Results formats for SELECT and ASK, RDF formats for CONSTRUCT and DESCRIBE."""
    return GRAPH_OFFERS if is_graph(results) else RESULT_OFFERS


def is_graph(results) -> bool:
    """A CONSTRUCT or DESCRIBE answer, from the embedded engine or from an external store."""
    return isinstance(results, (QueryTriples, GraphTriples))


# A `format=` or `output=` name stands for the media types it may mean; json and xml
# mean SPARQL results for SELECT and ASK but JSON-LD and RDF/XML for graphs, as
# clients such as SPARQLWrapper expect when they add format=json to every request.
FORMAT_ALIASES = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}


def accept_for_alias(alias: str) -> str:
    """The Accept header that a `format=` or `output=` name stands for."""
    if alias not in FORMAT_ALIASES:
        raise ValueError(f"Unknown format '{alias}'; use one of: {', '.join(sorted(FORMAT_ALIASES))}.")
    return FORMAT_ALIASES[alias]
