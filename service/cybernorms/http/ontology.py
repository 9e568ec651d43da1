"""The ontology's IRI dereferences: /ontology answers for https://w3id.org/cybernorms/ontology.

The pyLODE page for browsers; the ontology file's own triples as Turtle,
JSON-LD, N-Triples or RDF/XML by Accept or by suffix. Its version IRI,
/ontology/{version}, answers the same for the current version.
"""

import json
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pyoxigraph import NamedNode, RdfFormat, Triple, parse, serialize

from ..engine.negotiation import GRAPH_OFFERS
from ..namespaces import ONTOLOGY
from ..publishing.ontology_page import ontology_file, page_path
from ..settings import Settings
from .errors import ClientError
from .openapi_examples import answers, example
from .representations import HTML, RDF_SUFFIXES, represent, split_suffix

router = APIRouter(tags=["Ontology"], default_response_class=Response)

SUFFIXES = {**RDF_SUFFIXES, ".html": HTML}
OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"


@dataclass(frozen=True)
class OntologyDocument:
    triples: list[Triple]
    prefixes: dict[str, str]
    version_iri: str
    page: str


def load_document(settings: Settings) -> OntologyDocument:
    """The ontology file's triples and prefixes, its version IRI, and the page written beside the dumps."""
    parser = parse(path=ontology_file(settings), format=RdfFormat.TURTLE)
    triples = [quad.triple for quad in parser]
    version_iri = next((t.object.value for t in triples if t.predicate.value == OWL_VERSION_IRI), None)
    if version_iri is None:
        raise ValueError(f"{ontology_file(settings)} gives the ontology no owl:versionIRI.")
    return OntologyDocument(triples, parser.prefixes, version_iri, page_path(settings).read_text(encoding="utf-8"))


# OpenAPI examples: the ontology's version triple in each RDF format, and the start of the page.
VERSION_EXAMPLE = "2026-12-06"
_VERSION_TRIPLE = [Triple(NamedNode(ONTOLOGY), NamedNode(OWL_VERSION_IRI), NamedNode(f"{ONTOLOGY}/{VERSION_EXAMPLE}"))]
_RDF_EXAMPLES = {offer.media_type: serialize(_VERSION_TRIPLE, format=offer.serializer).decode() for offer in GRAPH_OFFERS}
EXAMPLES = {
    HTML: "<!DOCTYPE html>\n<html>\n  <head>\n    <title>Cyber norms ontology</title>",
    **_RDF_EXAMPLES,
    "application/ld+json": json.loads(_RDF_EXAMPLES["application/ld+json"]),
}
ANSWERS = answers("The pyLODE page, or the ontology's triples, as the Accept header prefers", EXAMPLES)


@router.get("/ontology", summary="The ontology: its pyLODE documentation, or its RDF", responses=ANSWERS)
async def ontology(request: Request) -> Response:
    return _answer(request, str(request.url_for("ontology")), "")


@router.get("/ontology.{extension}", summary="The ontology in the format its suffix names: ttl, jsonld, nt or html",
            responses=answers("The ontology in the format named", {t: EXAMPLES[t] for t in SUFFIXES.values()}))
async def ontology_in_format(
    request: Request,
    extension: Annotated[str, Path(description="The format's file suffix.",
                                   openapi_examples={s[1:]: {"summary": t, "value": s[1:]} for s, t in SUFFIXES.items()})],
) -> Response:
    suffix = "." + extension
    if suffix not in SUFFIXES:
        raise ClientError(404, f"No /ontology{suffix}; available: {', '.join('/ontology' + s for s in SUFFIXES)}.")
    return _answer(request, str(request.url_for("ontology")), suffix)


@router.get("/ontology/{version}", summary="A version of the ontology; only the current one is served", responses=ANSWERS)
async def ontology_version(
    request: Request,
    version: Annotated[str, Path(description="The date that ends the version IRI, optionally with a format suffix.",
                                 openapi_examples=example(VERSION_EXAMPLE, "the current version"))],
) -> Response:
    name, suffix = split_suffix(version, SUFFIXES)
    iri = f"{request.app.state.settings.base_iri}ontology/{name}"
    current = request.app.state.ontology.version_iri
    if iri != current:
        raise ClientError(404, f"No version <{iri}> of the ontology is served; the current version is <{current}>.")
    return _answer(request, str(request.url_for("ontology_version", version=name)), suffix)


def _answer(request: Request, here: str, suffix: str) -> Response:
    document: OntologyDocument = request.app.state.ontology
    return represent(request, here, suffix, document.triples, lambda: document.page,
                     suffixes=SUFFIXES, prefixes=document.prefixes)
