"""The HTML page of one thing, for people: its framed JSON-LD as nested tables.

IRIs the graph mints link to this service, so a reader can follow them here.
"""

from html import escape

NAME_KEYS = ("label", "prefLabel", "title", "shortName")


def render(document: dict, base_iri: str, service: str) -> str:
    def link(iri: str) -> str:
        local = iri.replace(base_iri, service, 1) if iri.startswith(base_iri + "id/") else iri
        return f'<a href="{escape(local)}">{escape(iri)}</a>'

    def show(value) -> str:
        if isinstance(value, list):
            return "<ul>" + "".join(f"<li>{show(item)}</li>" for item in value) + "</ul>"
        if isinstance(value, dict):
            literal = value.get("value", value.get("@value"))
            return escape(str(literal)) if literal is not None else table(value)
        if isinstance(value, str) and value.startswith(("https://", "http://")):
            return link(value)
        return escape(str(value))

    def table(node: dict) -> str:
        rows = "".join(f"<tr><th>{escape(key)}</th><td>{show(value)}</td></tr>"
                       for key, value in node.items() if key != "@context")
        return f"<table>{rows}</table>"

    name = next((document[key] for key in NAME_KEYS if key in document), document["id"])
    title = escape(str(name.get("@value", name) if isinstance(name, dict) else name))
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{title}</title>"
            f"<h1>{title}</h1><p>{link(document['id'])}</p>{table(document)}"
            "<p>Licence: CC BY 4.0. Every fact names its source document.</p></html>")
