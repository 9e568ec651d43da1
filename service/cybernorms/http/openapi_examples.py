"""What the OpenAPI document says each route answers: its media types, each with an example.

The JSON-LD examples are real answers for the example requests, with every list
cut to its first item (api-examples.json); the tests hold them to the real keys.
"""

import json
from pathlib import Path

API_EXAMPLES = json.loads(Path(__file__).with_name("api-examples.json").read_text(encoding="utf-8"))

ESTONIA = "https://w3id.org/cybernorms/id/state/EE"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

SELECT_QUERY = "SELECT ?state ?label WHERE { ?state a <https://w3id.org/cybernorms/ontology#State> ; " \
               f"<{LABEL}> ?label }} ORDER BY ?label LIMIT 1"
CONSTRUCT_QUERY = f"CONSTRUCT {{ <{ESTONIA}> <{LABEL}> ?label }} WHERE {{ <{ESTONIA}> <{LABEL}> ?label }}"

RESULT_EXAMPLES = {
    "application/sparql-results+json": {
        "head": {"vars": ["state", "label"]},
        "results": {"bindings": [{"state": {"type": "uri", "value": ESTONIA},
                                  "label": {"type": "literal", "xml:lang": "en", "value": "Estonia"}}]},
    },
    "application/sparql-results+xml": (
        '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        '<head><variable name="state"/><variable name="label"/></head><results><result>'
        f'<binding name="state"><uri>{ESTONIA}</uri></binding>'
        '<binding name="label"><literal xml:lang="en">Estonia</literal></binding></result></results></sparql>'
    ),
    "text/csv": f"state,label\r\n{ESTONIA},Estonia\r\n",
    "text/tab-separated-values": f'?state\t?label\n<{ESTONIA}>\t"Estonia"@en\n',
}
GRAPH_EXAMPLES = {
    "text/turtle": f'<{ESTONIA}> <{LABEL}> "Estonia"@en .\n',
    "application/n-triples": f'<{ESTONIA}> <{LABEL}> "Estonia"@en .\n',
    "application/ld+json": [{"@id": ESTONIA, LABEL: [{"@value": "Estonia", "@language": "en"}]}],
    "application/rdf+xml": (
        '<?xml version="1.0" encoding="UTF-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="{ESTONIA}"><label xmlns="http://www.w3.org/2000/01/rdf-schema#" '
        'xml:lang="en">Estonia</label></rdf:Description></rdf:RDF>'
    ),
}
ERROR_EXAMPLE = {"error": {"status": 404, "message": "No query called 'stat'; closest: stats."}}

QUERY_EXAMPLES = {
    "select": {"summary": "SELECT: the first state by name", "value": SELECT_QUERY},
    "construct": {"summary": "CONSTRUCT: Estonia's label", "value": CONSTRUCT_QUERY},
}


def answers(description: str, examples: dict[str, object]) -> dict:
    """The `responses` of a route: what it answers on success, and the shape of its errors."""
    return {
        200: {"description": description, "content": {media: {"example": value} for media, value in examples.items()}},
        "4XX": {
            "description": "A request the service cannot answer as asked; the message says what to change.",
            "content": {"application/json": {"example": ERROR_EXAMPLE}},
        },
    }


def json_ld_answer(name: str, description: str) -> dict:
    return answers(description, {"application/ld+json": API_EXAMPLES[name]})


def example(value: str, summary: str) -> dict:
    """One named example of a parameter, as `openapi_examples` takes it."""
    return {summary: {"summary": summary, "value": value}}
