"""Canned queries in queries/*.rq: their header, and running them with parameters bound, never pasted."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Variable

XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_HEADER = re.compile(r"^# (summary|description|param): (.*)$")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "date", "boolean", or the kind of thing it names: "actor", "group", "proposition", "area"
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


def parse_boolean(name: str, value: str) -> bool:
    """true or false; ValueError naming the parameter otherwise."""
    if value not in ("true", "false"):
        raise ValueError(f"'{name}' is true or false, not '{value}'.")
    return value == "true"


def substitutions(bound: dict[str, str | date | bool]) -> dict[Variable, NamedNode | Literal]:
    """SPARQL terms for resolved parameter values: IRIs as strings, days as dates, booleans."""
    return {Variable(name): _term(value) for name, value in bound.items()}


def _term(value: str | date | bool) -> NamedNode | Literal:
    if isinstance(value, bool):
        return Literal(str(value).lower(), datatype=XSD_BOOLEAN)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD_DATE)
    return NamedNode(value)
