"""The build: parse, validate, reason, and write the compiled artifact with its manifest.

The artifact is rebuilt only when the content hash of the inputs changes.
"""

import json
import os
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL

from . import __version__
from .namespaces import ASSERTED_GRAPH, INFERRED_GRAPH, ONTOLOGY
from .reasoning import infer
from .settings import Settings
from .sources import build_inputs, fingerprint, ontology_files, parse_file, parse_files, rdf_files, shapes_file
from .validation import Violation, find_violations, format_report

ARTIFACT = "graph.nq"
MANIFEST = "manifest.json"
DUMPS_FOLDER = "dumps"


class BuildFailed(Exception):
    """The data broke a shape; the report says where and why."""

    def __init__(self, violations: list[Violation]):
        super().__init__(format_report(violations))
        self.violations = violations


def artifact_path(settings: Settings) -> Path:
    return settings.artifact_dir / ARTIFACT


def read_manifest(settings: Settings) -> dict | None:
    path = settings.artifact_dir / MANIFEST
    if not path.is_file() or not artifact_path(settings).is_file():
        return None
    return json.loads(path.read_text())


def build(settings: Settings, progress: Callable[[str], None] = lambda line: None) -> dict:
    """Bring the artifact up to date and return its manifest."""
    inputs = build_inputs(settings)
    input_hash, listing = fingerprint(inputs, settings.root)
    cached = read_manifest(settings)
    if cached and cached.get("input_hash") == input_hash and cached.get("builder") == __version__:
        progress(f"from cache: {len(inputs)} input files unchanged (hash {input_hash[:12]}), nothing to rebuild")
        return cached

    timings = {}
    started = time.perf_counter()

    def step(name: str, action):
        begin = time.perf_counter()
        value = action()
        timings[name] = round(time.perf_counter() - begin, 3)
        progress(f"{name}: {timings[name]:.2f} s")
        return value

    progress(f"building from {len(inputs)} input files")
    parsed = step("parse", lambda: parse_files(ontology_files(settings) + rdf_files(settings.data_dir), settings.root))
    shapes = step("load shapes", lambda: parse_file(shapes_file(settings)))
    violations = step("validate (SHACL)", lambda: find_violations(parsed, shapes))
    if violations:
        raise BuildFailed(violations)
    inferred = step("reason (OWL 2 RL)", lambda: infer(parsed.graph))
    manifest = {
        "version": _ontology_version(parsed.graph),
        "builder": __version__,
        "input_hash": input_hash,
        "inputs": listing,
        "triples": {"asserted": len(parsed.graph), "inferred": len(inferred)},
        "graphs": {"asserted": ASSERTED_GRAPH, "inferred": INFERRED_GRAPH},
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    step("write artifact", lambda: _write_artifact(settings, parsed.graph, inferred))
    shutil.rmtree(settings.artifact_dir / DUMPS_FOLDER, ignore_errors=True)  # dumps of the old graph
    timings["total"] = round(time.perf_counter() - started, 3)
    manifest["timings_s"] = timings
    _write_atomically(settings.artifact_dir / MANIFEST, json.dumps(manifest, indent=2))
    progress(
        f"built: {manifest['triples']['asserted']} asserted and {manifest['triples']['inferred']} inferred triples "
        f"in {timings['total']:.2f} s -> {artifact_path(settings)}"
    )
    return manifest


def _ontology_version(graph: Graph) -> str:
    return str(graph.value(URIRef(ONTOLOGY), OWL.versionInfo) or "unknown")


def _write_artifact(settings: Settings, asserted: Graph, inferred: Graph) -> None:
    dataset = Dataset()
    for name, graph in ((ASSERTED_GRAPH, asserted), (INFERRED_GRAPH, inferred)):
        named = dataset.graph(URIRef(name))
        for triple in graph:
            named.add(triple)
    _write_atomically(artifact_path(settings), dataset.serialize(format="nquads"))


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target, then rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
