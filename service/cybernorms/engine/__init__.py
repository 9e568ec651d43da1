"""Answering queries: the store loaded from the artifact, query reading, outbound checks, formats, workers, named queries."""
