"""A light reading of SPARQL text, done before the engine sees it.

It finds the query form, whether the query names its own dataset, and what the
engine must never be given: updates and nesting deep enough to crash the parser.
For a curator's update, it finds the graphs that whole-graph operations name.
Where the kernel cannot bar the engine from the network (sandbox.py), it also
finds what SERVICE and LOAD would fetch, failing closed.
"""

import re
from dataclasses import dataclass

MAX_NESTING = 100

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")  # IRIREF of the SPARQL grammar
# To find the form, the dataset and whole-graph operations, literals, IRIs, comments and the
# escaped characters of prefixed names (ex:a\#b) are blanked out first, so that words inside
# them (a label "FROM here") are not read as keywords. A comment ends at a line feed or a
# carriage return. SERVICE and LOAD are looked for more warily (_fetched).
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    rf"|{_IRI.pattern}"
    r"|#[^\n\r]*"
    r"|\\.",
    flags=re.DOTALL,
)
_ASCII_VARIABLE = re.compile(r"[?$][A-Za-z0-9_]+")
_PROLOGUE = re.compile(r"\s*(?:(?:BASE|PREFIX\s+[\w.-]*:)\s*)*", flags=re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def _keyword(word: str) -> re.Pattern:
    """A keyword standing alone: not part of a variable, a prefixed name or a longer word."""
    return re.compile(rf"(?<![\w?$:]){word}(?![\w:])", flags=re.IGNORECASE)


_DATASET = _keyword("FROM")


UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class QueryText:
    form: str  # the first keyword after the prologue, upper-cased ("" when there is none)
    names_dataset: bool  # has FROM or FROM NAMED
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


def managed_graphs(update: str) -> tuple[str, ...]:
    """What CREATE, DROP, CLEAR, COPY, MOVE and ADD name in UPDATE: <IRI>, prefix:name, DEFAULT, ..."""
    bare = _OPAQUE.sub(lambda found: found.group() if found.group().startswith("<") else " ", update)
    return tuple(word for found in _GRAPH_MANAGEMENT.finditer(bare) for word in _WORD.findall(found.group(1))
                 if word.upper() not in _NOT_GRAPH_NAMES)


def _blank(found: re.Match) -> str:
    return " " * len(found.group())


def fetched(keyword: str, text: str) -> tuple[str, ...]:
    """What each KEYWORD (SERVICE or LOAD) names: "<IRI>", or else the text that stands there, to be refused.

    This fails closed, since a reading of SPARQL by patterns can be led astray where the engine's
    parser is not: every occurrence of the word counts, in any case and wherever it stands (in a
    literal, a comment, a prefixed name, glued to other words), but inside an ASCII variable name
    or an IRI, neither of which can hold a call. Only KEYWORD [SILENT] <IRI> names an IRI.

    What looks like an IRI may be a less-than sign, the keyword, and a comment that holds the
    closing bracket (FILTER(1<2)SERVICE#>, the endpoint on the next line): the keyword followed
    by a # is never taken to be inside an IRI.
    """
    hiding = re.compile(rf"{keyword}.*#", flags=re.IGNORECASE)
    iris = _IRI.sub(lambda found: found.group() if hiding.search(found.group()) else _blank(found), text)
    words = _ASCII_VARIABLE.sub(_blank, iris)
    call = re.compile(rf"{keyword}(?:\s+SILENT)?\s*({_IRI.pattern})", flags=re.IGNORECASE)
    named = []
    for found in re.finditer(keyword, words, flags=re.IGNORECASE):
        strict = call.match(text, found.start())
        named.append(strict.group(1) if strict else _word_around(text, found.start()))
    return tuple(named)


def _word_around(text: str, position: int) -> str:
    """The run of non-blank characters that holds POSITION (at most 60 of them)."""
    start = re.search(r"\S*\Z", text[:position]).start()
    return re.match(r"\S*", text[start:]).group()[:60]


def _deepest_nesting(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth -= 1
    return deepest
