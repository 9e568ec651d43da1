"""Canned queries in queries/*.rq: their header, and running them with parameters bound, never pasted."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Variable

XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
_HEADER = re.compile(r"^# (summary|description|param): (.*)$")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "date", or the kind of thing it names: "actor", "group", "proposition", "area"
    description: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str


def load_named_queries(folder: Path) -> dict[str, NamedQuery]:
    return {path.stem: _read(path) for path in sorted(folder.glob("*.rq"))}


def _read(path: Path) -> NamedQuery:
    text = path.read_text()
    fields, parameters = {}, []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            break
        key, value = match.groups()
        if key == "param":
            name, kind, description = value.split(" ", 2)
            parameters.append(Parameter(name, kind.rstrip("?"), description, optional=kind.endswith("?")))
        else:
            fields[key] = value
    return NamedQuery(path.stem, fields["summary"], fields["description"], tuple(parameters), text)


def parse_date(value: str) -> date:
    """A day written YYYY-MM-DD; ValueError saying the expected format otherwise."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"'{value}' is not a date: write it as YYYY-MM-DD, for example 2021-07-13.")


def substitutions(bound: dict[str, str | date]) -> dict[Variable, NamedNode | Literal]:
    """SPARQL terms for resolved parameter values: IRIs as strings, days as dates."""
    return {
        Variable(name): Literal(value.isoformat(), datatype=XSD_DATE) if isinstance(value, date) else NamedNode(value)
        for name, value in bound.items()
    }
