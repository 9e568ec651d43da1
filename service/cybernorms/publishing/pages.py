"""The description of a thing with no page of its own (a position, a membership...): its framed JSON-LD as nested tables.

IRIs the graph mints link to this service, so a reader can follow them here.
"""

from html import escape


def description_tables(document: dict, base_iri: str, service: str) -> str:
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

    return table(document)
