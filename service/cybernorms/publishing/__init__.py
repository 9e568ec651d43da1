"""Publishing the graph: framed JSON-LD, HTML pages, the ontology page, the service description, dumps."""
