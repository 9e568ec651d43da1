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

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")  # IRIREF of the SPARQL grammar
# Literals, IRIs, comments and the escaped characters of prefixed names (ex:a\#b) are
# blanked out first, so that words inside them (a label "FROM here", an IRI ending in
# #SERVICE) are not read as keywords. A comment ends at a line feed or a carriage return.
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
_VARIABLE = re.compile(r"[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+")
# SPARQL reads \uXXXX and \UXXXXXXXX escapes anywhere in the text before parsing it (19.2), and so does the engine.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
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
    """TEXT with its code point escapes read and its literals and comments blanked; IRIs kept, lengths unchanged."""
    text = _CODEPOINT.sub(_codepoint, text)
    return _OPAQUE.sub(lambda found: found.group() if found.group().startswith("<") else " " * len(found.group()), text)


def _codepoint(found: re.Match) -> str:
    try:
        return chr(int(found.group(1) or found.group(2), 16))
    except ValueError:  # past U+10FFFF: the parser refuses it
        return found.group()


def _blank(found: re.Match) -> str:
    return " " * len(found.group())


def _fetched(keyword: str, bare: str) -> tuple[str, ...]:
    """What each KEYWORD (SERVICE or LOAD) names: "<IRI>", or else the text that stands there, to be refused.

    The engine's grammar is looser than a keyword match (SERVICE may touch the word before
    or after it), so every occurrence of the word counts, in any case, but inside literals,
    IRIs, comments and variable names: one inside a prefixed name is refused too.
    """
    words = _VARIABLE.sub(_blank, _IRI.sub(_blank, bare))
    call = re.compile(rf"{keyword}(?:\s+SILENT)?\s*({_IRI.pattern})", flags=re.IGNORECASE)
    named = []
    for found in re.finditer(keyword, words, flags=re.IGNORECASE):
        strict = call.match(bare, found.start())
        named.append(strict.group(1) if strict else _word_around(bare, found.start()))
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
