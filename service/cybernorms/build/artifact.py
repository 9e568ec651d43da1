"""The compiled artifact: the graph as N-Quads (asserted and inferred graphs named) and its manifest, written whole."""

import json
import os
from pathlib import Path

from collections.abc import Iterable

from rdflib.plugins.serializers.nt import _nt_row  # rdflib's own N-Triples writer, one triple at a time
from rdflib.term import Node

from ..namespaces import ASSERTED_GRAPH, INFERRED_GRAPH
from ..settings import Settings

ARTIFACT = "graph.nq"
MANIFEST = "manifest.json"
DUMPS_FOLDER = "dumps"
Triple = tuple[Node, Node, Node]


def artifact_path(settings: Settings) -> Path:
    return settings.artifact_dir / ARTIFACT


def read_manifest(settings: Settings) -> dict | None:
    path = settings.artifact_dir / MANIFEST
    if not path.is_file() or not artifact_path(settings).is_file():
        return None
    return json.loads(path.read_text())


def write_manifest(settings: Settings, manifest: dict) -> None:
    write_atomically(settings.artifact_dir / MANIFEST, json.dumps(manifest, indent=2))


def write_artifact(settings: Settings, asserted: Iterable[Triple], inferred: Iterable[Triple]) -> None:
    quads = [
        f"{line[:-2]}<{name}> .\n"  # the N-Triples line with its graph before the final dot
        for name, triples in ((ASSERTED_GRAPH, asserted), (INFERRED_GRAPH, inferred))
        for line in ntriples_lines(triples)
    ]
    write_atomically(artifact_path(settings), "".join(quads))


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    """Each triple as a line of N-Triples, ending in " .\\n"."""
    return [_nt_row(triple) for triple in triples]


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target, then rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
