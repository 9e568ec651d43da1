"""What the reading pages show about one thing, read from the graph with small SPARQL queries."""

from functools import lru_cache

from pyoxigraph import NamedNode, Variable

PREFIXES = """PREFIX cn: <https://w3id.org/cybernorms/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
NAME = """OPTIONAL { ?%(v)s rdfs:label ?%(v)s_label FILTER (LANG(?%(v)s_label) = "en") }
  OPTIONAL { ?%(v)s skos:prefLabel ?%(v)s_pref FILTER (LANG(?%(v)s_pref) = "en") }
  OPTIONAL { ?%(v)s dcterms:title ?%(v)s_title }
  OPTIONAL { ?%(v)s cn:alpha2 ?%(v)s_alpha2 }
  OPTIONAL { ?%(v)s cn:shortName ?%(v)s_short }
  BIND (COALESCE(?%(v)s_label, ?%(v)s_pref, ?%(v)s_title, STR(?%(v)s)) AS ?%(v)s_name)
  BIND (COALESCE(?%(v)s_alpha2, ?%(v)s_short, "") AS ?%(v)s_code)"""

SUMMARY = PREFIXES + """SELECT ?thing ?thing_name ?thing_code ?definition ?area ?area_name ?issued ?page
       ?creator ?creator_name ?creator_code
WHERE {
  """ + NAME % {"v": "thing"} + """
  OPTIONAL { ?thing skos:definition ?definition FILTER (LANG(?definition) = "en") }
  OPTIONAL { ?thing skos:broader ?area . ?area a cn:NormArea ; skos:prefLabel ?area_name FILTER (LANG(?area_name) = "en") }
  OPTIONAL { ?thing dcterms:issued ?issued }
  OPTIONAL { ?thing foaf:page ?page }
  OPTIONAL { ?thing dcterms:creator ?creator . """ + NAME % {"v": "creator"} + """ }
} LIMIT 1"""

MEMBERSHIPS = PREFIXES + """SELECT ?thing ?group ?group_name ?group_code ?role ?start ?end
WHERE {
  ?membership org:member ?thing ; org:organization ?group ; org:role ?role ; cn:startDate ?start .
  OPTIONAL { ?membership cn:endDate ?end }
  """ + NAME % {"v": "group"} + """
} ORDER BY ?start ?group_name"""

MEMBERS = PREFIXES + """SELECT ?thing ?member ?member_name ?member_code ?role ?start ?end
WHERE {
  ?membership org:organization ?thing ; org:member ?member ; org:role ?role ; cn:startDate ?start .
  OPTIONAL { ?membership cn:endDate ?end }
  """ + NAME % {"v": "member"} + """
} ORDER BY ?member_name ?start"""

DOCUMENTS_BY = PREFIXES + """SELECT DISTINCT ?thing ?document ?document_name ?issued
WHERE {
  ?document dcterms:creator ?thing ; dcterms:issued ?issued .
  """ + NAME % {"v": "document"} + """
} ORDER BY DESC(STR(?issued)) ?document_name"""

STANCES_FROM = PREFIXES + """SELECT ?thing ?holder ?holder_name ?holder_code ?proposition ?proposition_name ?stance ?locator ?summary
WHERE {
  ?position cn:source ?thing ; cn:holder ?holder ; cn:proposition ?proposition ; cn:stance ?stance ; cn:locator ?locator .
  FILTER NOT EXISTS { ?position <http://www.w3.org/ns/prov#wasDerivedFrom> ?collective . ?collective a cn:Position }
  OPTIONAL { ?position cn:summary ?summary }
  """ + NAME % {"v": "holder"} + """
  """ + NAME % {"v": "proposition"} + """
} ORDER BY ?holder_name ?proposition_name"""

ATTRIBUTIONS = PREFIXES + """SELECT ?thing ?statement ?incident ?incident_name ?attributor ?attributor_name ?attributor_code
       ?accused ?accused_name ?accused_code ?accused_label ?date ?document ?document_name
       (GROUP_CONCAT(DISTINCT STR(?invoked); separator=" ") AS ?invokes)
WHERE {
  ?statement a cn:AttributionStatement ; cn:incident ?incident ; cn:attributor ?attributor ; dcterms:date ?date ;
      cn:source ?document .
  FILTER (?incident = ?thing || ?attributor = ?thing || EXISTS { ?statement cn:attributedTo ?thing })
  OPTIONAL { ?statement cn:attributedTo ?accused . """ + NAME % {"v": "accused"} + """ }
  OPTIONAL { ?statement cn:attributedToLabel ?accused_label }
  OPTIONAL { ?statement cn:invokes ?invoked }
  """ + NAME % {"v": "incident"} + """
  """ + NAME % {"v": "attributor"} + """
  """ + NAME % {"v": "document"} + """
}
GROUP BY ?thing ?statement ?incident ?incident_name ?attributor ?attributor_name ?attributor_code ?accused ?accused_name
         ?accused_code ?accused_label ?date ?document ?document_name
ORDER BY ?date ?attributor_name"""

INCIDENTS_SUFFERED = PREFIXES + """SELECT ?thing ?incident ?incident_name ?start
WHERE {
  ?incident a cn:Incident ; cn:victimActor ?thing ; cn:startDate ?start .
  """ + NAME % {"v": "incident"} + """
} ORDER BY ?start"""

INCIDENT = PREFIXES + """SELECT ?thing ?start ?end ?victim ?comment
WHERE {
  ?thing a cn:Incident ; cn:startDate ?start .
  OPTIONAL { ?thing cn:endDate ?end }
  OPTIONAL { ?thing cn:victim ?victim }
} LIMIT 1"""

COUNTS = PREFIXES + """SELECT
  (COUNT(DISTINCT ?state) AS ?states) (COUNT(DISTINCT ?group) AS ?groups) (COUNT(DISTINCT ?position) AS ?stances)
  (COUNT(DISTINCT ?document) AS ?documents) (COUNT(DISTINCT ?incident) AS ?incidents)
  (COUNT(DISTINCT ?attribution) AS ?attributions)
WHERE {
  { ?state a cn:State } UNION { ?group cn:shortName ?short } UNION { ?position a cn:Position }
  UNION { ?document a cn:Document } UNION { ?incident a cn:Incident } UNION { ?attribution a cn:AttributionStatement }
}"""

AREAS = PREFIXES + """SELECT ?area ?area_name
WHERE { ?area a cn:NormArea ; skos:prefLabel ?area_name FILTER (LANG(?area_name) = "en") }
ORDER BY ?area_name"""

CATALOGUE = PREFIXES + """SELECT DISTINCT ?thing ?kind ?thing_name ?thing_code
WHERE {
  VALUES (?class ?kind) { (cn:State "state") (cn:Proposition "proposition") (cn:Document "document")
                          (cn:Incident "incident") (cn:InternationalOrganization "group") (cn:Coalition "group")
                          (cn:Forum "group") (cn:SignatoryGroup "group") }
  ?thing a ?class .
  """ + NAME % {"v": "thing"} + """
}"""


KINDS = ("state", "group", "proposition", "incident", "document")


def select(graph, query: str, thing: str | None = None) -> list[dict[str, str]]:
    """Rows of plain strings; THING, when given, is bound to ?thing."""
    substitutions = {Variable("thing"): NamedNode(thing)} if thing else None
    solutions = graph.run(query, substitutions=substitutions)
    names = [variable.value for variable in solutions.variables]
    return [{name: (row[name].value if row[name] is not None else "") for name in names} for row in solutions]


def summary(graph, iri: str) -> dict[str, str]:
    rows = select(graph, SUMMARY, iri)
    return rows[0] if rows else {}


@lru_cache(maxsize=4)
def catalogue(graph, data_version: str) -> tuple[dict[str, str], ...]:
    """Every state, group, proposition, document and incident with its name: what the search box finds."""
    return tuple(select(graph, CATALOGUE))


def search(graph, data_version: str, words: str, limit: int = 30) -> list[dict[str, str]]:
    """Things whose code equals WORDS or whose name contains every word of it, codes first."""
    wanted = words.casefold().split()
    if not wanted:
        return []
    things = catalogue(graph, data_version)
    exact = [t for t in things if t["thing_code"].casefold() == words.strip().casefold()]
    named = [t for t in things
             if t not in exact and all(w in f'{t["thing_name"]} {t["thing_code"]}'.casefold() for w in wanted)]
    named.sort(key=lambda t: (KINDS.index(t["kind"]), len(t["thing_name"])))
    return (exact + named)[:limit]
