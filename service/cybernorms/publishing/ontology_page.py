"""The ontology's HTML documentation, made by pyLODE and written beside the dumps.

Written once per build (the build deletes the dumps folder, and this page with
it, when the inputs change), never per request.
"""

import logging
import os
from contextlib import contextmanager
from pathlib import Path

from ..settings import Settings
from .dumps import dumps_dir

ONTOLOGY_FILE = "cybernorms.ttl"
PAGE = "ontology.html"


def ontology_file(settings: Settings) -> Path:
    return settings.ontology_dir / ONTOLOGY_FILE


def page_path(settings: Settings) -> Path:
    return dumps_dir(settings) / PAGE


def write_page(settings: Settings) -> Path:
    """Document the OWL ontology alone: the norm-area scheme holds concepts, not classes or properties."""
    target = page_path(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(target.suffix + ".tmp")
    with _root_logger_left_alone():
        from pylode import OntPub

        temporary.write_text(OntPub(ontology_file(settings)).make_html(), encoding="utf-8")
    os.replace(temporary, target)
    return target


@contextmanager
def _root_logger_left_alone():
    # pyLODE calls logging.basicConfig as it imports (DEBUG, to stderr) and as it logs;
    # both do nothing while the root logger has a handler.
    root = logging.getLogger()
    guard = logging.NullHandler()
    root.addHandler(guard)
    try:
        yield
    finally:
        root.removeHandler(guard)
