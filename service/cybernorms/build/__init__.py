"""Building the graph: its input files, SHACL validation, OWL 2 RL reasoning, and the compiled artifact."""
