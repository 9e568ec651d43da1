"""Curators' contributions: request bodies, SPARQL updates, change validation, the inferences about them."""
