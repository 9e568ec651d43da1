"""Service pages under /-/: health and version."""

from fastapi import APIRouter, Request

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
