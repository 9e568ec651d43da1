"""The cyber-norms knowledge graph: build, validate, reason and serve."""

__version__ = "0.1.0"
