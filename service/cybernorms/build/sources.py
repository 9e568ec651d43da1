"""The input files of the graph: finding them, fingerprinting them, parsing them."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from ..settings import Settings

RDF_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld"}
SHAPES_FILE = "shapes.ttl"
RULES = ("member-stances.rq", "recorded-votes.rq", "own-documents.rq")  # in this order: the last gives what the others left


class InputError(Exception):
    """An input file cannot be read as RDF; the message names the file and the fault."""


def rdf_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in RDF_FORMATS and p.is_file())


def ontology_files(settings: Settings) -> list[Path]:
    return [p for p in rdf_files(settings.ontology_dir) if p.name != SHAPES_FILE]


def shapes_file(settings: Settings) -> Path:
    return settings.ontology_dir / SHAPES_FILE


def rule_files(settings: Settings) -> list[Path]:
    return [settings.ontology_dir / "rules" / name for name in RULES]


def build_inputs(settings: Settings) -> list[Path]:
    """Every file whose content decides the compiled graph."""
    return [*ontology_files(settings), shapes_file(settings), *rule_files(settings), *rdf_files(settings.data_dir)]


def fingerprint(files: list[Path], root: Path) -> tuple[str, list[dict]]:
    """A hash over the files' paths and bytes, and each file's own hash."""
    overall = hashlib.sha256()
    listing = []
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        overall.update(f"{name}\0{digest}\n".encode())
        listing.append({"path": name, "sha256": digest})
    return overall.hexdigest(), listing


def parse_file(path: Path) -> Graph:
    graph = Graph()
    fmt = RDF_FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown file type; use .ttl (Turtle) or .jsonld (JSON-LD)")
    try:
        graph.parse(path, format=fmt)
    except Exception as error:  # rdflib raises many parser-specific types
        raise InputError(f"{path}: not valid {fmt}: {error}") from error
    return graph


@dataclass
class ParsedInputs:
    """All triples of a set of files, and which files describe each subject."""

    graph: Graph = field(default_factory=Graph)
    origins: dict[Node, list[str]] = field(default_factory=dict)

    def add_file(self, path: Path, label: str) -> None:
        parsed = parse_file(path)
        for subject in set(parsed.subjects()):
            self.origins.setdefault(subject, []).append(label)
        self.graph += parsed


def parse_files(files: list[Path], root: Path) -> ParsedInputs:
    inputs = ParsedInputs()
    for path in dict.fromkeys(p.resolve() for p in files):
        label = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        inputs.add_file(path, label)
    return inputs
