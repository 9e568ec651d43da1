"""Service pages under /-/: health, version, the dataset description and the dumps."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse

from .dumps import DUMPS, describe_dataset, dumps_dir
from .errors import ClientError
from .sparql_endpoint import rdf_response

router = APIRouter(prefix="/-", tags=["Service"])


@router.get("/health", summary="Whether the service is up, and how many triples it serves")
async def health(request: Request) -> dict:
    return {"status": "ok", "triples": len(request.app.state.graph)}


@router.get("/version", summary="The ontology version and the hash of the data served")
async def version(request: Request) -> dict:
    manifest = request.app.state.graph.manifest
    return {
        "ontology_version": manifest["version"],
        "data_hash": manifest["input_hash"],
        "built_at": manifest["built_at"],
        "triples": manifest["triples"],
        "builder": manifest["builder"],
    }


@router.get("/dataset", summary="DCAT and VoID description of the dataset, with a download URL for each dump")
async def dataset(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    return rdf_response(request.headers.get("accept"), describe_dataset(base, request.app.state.graph.manifest))


@router.get("/dumps/{name}", summary="A dump of the whole graph: cybernorms.ttl, cybernorms.nq or cybernorms.jsonld")
async def dump(request: Request, name: str) -> FileResponse:
    if name not in DUMPS:
        raise ClientError(404, f"No dump called '{name}'; available: {', '.join(DUMPS)}.")
    return FileResponse(dumps_dir(request.app.state.settings) / name, media_type=DUMPS[name][1])
