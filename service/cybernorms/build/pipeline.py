"""The build: parse, validate, reason, and write the compiled artifact with its manifest.

The artifact is rebuilt only when the content hash of the inputs changes.
"""

import shutil
import time
from datetime import datetime, timezone
from typing import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from .. import __version__
from ..namespaces import ASSERTED_GRAPH, INFERRED_GRAPH, ONTOLOGY
from ..settings import Settings
from .artifact import DUMPS_FOLDER, artifact_path, read_manifest, write_artifact, write_manifest
from .reasoning import infer
from .rules import derive
from .side_process import SideProcess
from .sources import (
    build_inputs,
    fingerprint,
    ontology_files,
    parse_file,
    parse_files,
    rdf_files,
    rule_files,
    shapes_file,
)
from .validation import Violation, find_violations, format_report


BESIDE = "validate (SHACL)"  # the step that runs in a process of its own, at the same time as the others


class BuildFailed(Exception):
    """The data broke a shape; the report says where and why."""

    def __init__(self, violations: list[Violation]):
        super().__init__(format_report(violations))
        self.violations = violations


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
        value, timings[name] = timed(action)
        progress(f"{name}: {timings[name]:.2f} s")
        return value

    progress(f"building from {len(inputs)} input files")
    parsed = step("parse", lambda: parse_files(ontology_files(settings) + rdf_files(settings.data_dir), settings.root))
    shapes = step("load shapes", lambda: parse_file(shapes_file(settings)))
    # SHACL runs on the other core, beside the rules and the reasoning, which do not depend on it.
    validation = SideProcess(lambda: timed(lambda: find_violations(parsed, shapes)))

    def stop_on_violations() -> None:
        violations, timings[BESIDE] = validation.result()
        progress(f"{BESIDE}: {timings[BESIDE]:.2f} s")
        if violations:
            raise BuildFailed(violations)

    try:
        derived = step("derive positions (rules)", lambda: derive(parsed.graph, rule_files(settings)))
        inferred = step("reason (OWL 2 RL)", lambda: infer(parsed.graph, derived))
    except Exception:
        stop_on_violations()  # a defect in the data explains a failure better than the reasoner's error does
        raise
    stop_on_violations()
    manifest = {
        "version": _ontology_version(parsed.graph),
        "builder": __version__,
        "input_hash": input_hash,
        "inputs": listing,
        "triples": {"asserted": len(parsed.graph), "inferred": len(inferred)},
        "graphs": {"asserted": ASSERTED_GRAPH, "inferred": INFERRED_GRAPH},
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    step("write artifact", lambda: write_artifact(settings, parsed.graph, inferred))
    shutil.rmtree(settings.artifact_dir / DUMPS_FOLDER, ignore_errors=True)  # dumps of the old graph
    timings["total"] = round(time.perf_counter() - started, 3)
    manifest["timings_s"] = timings
    write_manifest(settings, manifest)
    progress(
        f"built: {manifest['triples']['asserted']} asserted and {manifest['triples']['inferred']} inferred triples "
        f"in {timings['total']:.2f} s -> {artifact_path(settings)}"
    )
    return manifest


def timed(action: Callable[[], object]) -> tuple[object, float]:
    """ACTION's value and the seconds it took."""
    begin = time.perf_counter()
    value = action()
    return value, round(time.perf_counter() - begin, 3)


def _ontology_version(graph: Graph) -> str:
    return str(graph.value(URIRef(ONTOLOGY), OWL.versionInfo) or "unknown")
