"""Service pages under /-/: health, version, the dataset description and the dumps."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import FileResponse

from ..publishing.dumps import DUMPS, describe_dataset, dumps_dir
from .answering import rdf_response
from .errors import ClientError
from .openapi_examples import GRAPH_EXAMPLES, answers

router = APIRouter(prefix="/-", tags=["Service"])

VERSION_EXAMPLE = {"ontology_version": "2026-12-06", "data_hash": "675c9b619779fb3c...", "built_at": "2026-12-05T05:00:47+00:00",
                   "triples": {"asserted": 15716, "inferred": 8045}, "builder": "0.1.0"}
DUMP_EXAMPLES = {
    "text/turtle": GRAPH_EXAMPLES["text/turtle"],
    "application/n-quads": GRAPH_EXAMPLES["application/n-triples"].replace(" .", " <https://w3id.org/cybernorms/graph/asserted> ."),
    "application/ld+json": GRAPH_EXAMPLES["application/ld+json"],
}


@router.get("/health", summary="Whether the service is up, and how many triples it serves",
            responses=answers("Up", {"application/json": {"status": "ok", "triples": 23761,
                                                          "query_workers": {"configured": 4, "live": 4, "idle": 4}}}))
async def health(request: Request) -> dict:
    return {"status": "ok", "triples": len(request.app.state.graph), "query_workers": request.app.state.query_workers.counts()}


@router.get("/version", summary="The ontology version and the hash of the data served",
            responses=answers("Versions", {"application/json": VERSION_EXAMPLE}))
async def version(request: Request) -> dict:
    manifest = request.app.state.graph.manifest
    return {
        "ontology_version": manifest["version"],
        "data_hash": manifest["input_hash"],
        "built_at": manifest["built_at"],
        "triples": manifest["triples"],
        "builder": manifest["builder"],
    }


@router.get("/dataset", summary="DCAT and VoID description of the dataset, with a download URL for each dump",
            response_class=Response, responses=answers("The description, in the RDF format the Accept header prefers", GRAPH_EXAMPLES))
async def dataset(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    return rdf_response(request.headers.get("accept"), describe_dataset(base, request.app.state.graph.manifest))


@router.get("/dumps/{name}", summary="A dump of the whole graph: cybernorms.ttl, cybernorms.nq or cybernorms.jsonld",
            response_class=FileResponse, responses=answers("The dump named", DUMP_EXAMPLES))
async def dump(
    request: Request,
    name: Annotated[str, Path(description="The file name of a dump.",
                              openapi_examples={name: {"summary": name, "value": name} for name in DUMPS})],
) -> FileResponse:
    if name not in DUMPS:
        raise ClientError(404, f"No dump called '{name}'; available: {', '.join(DUMPS)}.")
    return FileResponse(dumps_dir(request.app.state.settings) / name, media_type=DUMPS[name][1])
