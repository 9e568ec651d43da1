"""A light reading of SPARQL text, done before the engine sees it.

It finds the query form, whether the query names its own dataset, the endpoints
its SERVICE calls would fetch from, and what the engine must never be given:
updates and nesting deep enough to crash the parser. For a curator's update, it
finds what LOAD and SERVICE would fetch, and the graphs that whole-graph
operations name.
"""

import re
from dataclasses import dataclass

MAX_NESTING = 100

# Literals, IRIs and comments are blanked out first, so that words inside them
# (a label "FROM here", an IRI ending in #SERVICE) are not read as keywords.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    flags=re.DOTALL,
)
_PROLOGUE = re.compile(r"\s*(?:(?:BASE|PREFIX\s+[\w.-]*:)\s*)*", flags=re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def _keyword(word: str) -> re.Pattern:
    """A keyword standing alone: not part of a variable, a prefixed name or a longer word."""
    return re.compile(rf"(?<![\w?$:]){word}(?![\w:])", flags=re.IGNORECASE)


_DATASET = _keyword("FROM")
# What follows SERVICE (or LOAD), read in text whose literals and comments are blanked: IRIs
# are matched whole first, so a keyword inside an IRI is never taken for one.
_FETCHED = {
    word: re.compile(rf"<[^<>\s]*>|(?<![\w?$:]){word}(?![\w:])\s*(?:SILENT(?![\w:])\s*)?(<[^<>\s]*>|[^\s{{]*)",
                     flags=re.IGNORECASE)
    for word in ("SERVICE", "LOAD")
}


UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class QueryText:
    form: str  # the first keyword after the prologue, upper-cased ("" when there is none)
    names_dataset: bool  # has FROM or FROM NAMED
    services: tuple[str, ...]  # what each SERVICE names: "<IRI>", or a variable or prefixed name
    nesting: int  # deepest nesting of braces, parentheses and brackets

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_FORMS


def read_query(text: str) -> QueryText:
    bare = _OPAQUE.sub(" ", text)
    body = bare[_PROLOGUE.match(bare).end():]
    first = _FIRST_WORD.match(body)
    return QueryText(
        form=first.group().upper() if first else "",
        names_dataset=bool(_DATASET.search(body)),
        services=_fetched("SERVICE", _without_literals(text)),
        nesting=_deepest_nesting(bare),
    )


# The operations that name whole graphs, and the words and names that may follow them.
_GRAPH_MANAGEMENT = re.compile(
    r"(?<![\w?$:])(?:CREATE|DROP|CLEAR|COPY|MOVE|ADD)(?![\w:])"
    r"((?:\s*(?:SILENT|GRAPH|DEFAULT|NAMED|ALL|TO|<[^<>\s]*>|[\w.-]*:[\w.-]*)(?![\w:]))*)",
    flags=re.IGNORECASE,
)
_NOT_GRAPH_NAMES = {"SILENT", "GRAPH", "TO"}
_WORD = re.compile(r"<[^<>\s]*>|[^\s<>]+")


@dataclass(frozen=True)
class UpdateText:
    loads: tuple[str, ...]  # what each LOAD names: "<IRI>" (a document it would fetch), or what stands there
    services: tuple[str, ...]
    managed_graphs: tuple[str, ...]  # what CREATE, DROP, CLEAR, COPY, MOVE and ADD name: <IRI>, prefix:name, DEFAULT, ...


def read_update(text: str) -> UpdateText:
    bare = _without_literals(text)
    names = [word for found in _GRAPH_MANAGEMENT.finditer(bare) for word in _WORD.findall(found.group(1))
             if word.upper() not in _NOT_GRAPH_NAMES]
    return UpdateText(
        loads=_fetched("LOAD", bare),
        services=_fetched("SERVICE", bare),
        managed_graphs=tuple(names),
    )


def _without_literals(text: str) -> str:
    """TEXT with its literals and comments blanked and its IRIs kept."""
    return _OPAQUE.sub(lambda found: found.group() if found.group().startswith("<") else " ", text)


def _fetched(keyword: str, bare: str) -> tuple[str, ...]:
    """What each KEYWORD (SERVICE or LOAD) names, in text without literals."""
    return tuple(found.group(1) for found in _FETCHED[keyword].finditer(bare) if found.group(1) is not None)


def _deepest_nesting(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth -= 1
    return deepest
