"""Teaches the OpenAPI fuzzer to send the text bodies SPARQL and RDF use (it knows JSON and forms only)."""

import schemathesis

TEXT_BODIES = ("application/sparql-query", "application/sparql-update", "text/turtle", "application/n-triples")


@schemathesis.serializer(*TEXT_BODIES)
def as_text(context, value) -> bytes:
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else str(value).encode()
