"""The starter data, asked through the public SPARQL endpoint."""

PREFIXES = """
PREFIX cn: <https://w3id.org/cybernorms/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""


def select(client, query):
    response = client.get("/sparql", params={"query": PREFIXES + query})
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def test_nato_has_32_members_each_with_a_start_and_a_dated_source(client):
    rows = select(client, """
        SELECT ?code (MIN(STR(?start)) AS ?from) (SAMPLE(STR(?page)) AS ?url) WHERE {
          ?m org:organization <https://w3id.org/cybernorms/id/group/NATO> ; org:member/cn:alpha2 ?code ;
             cn:startDate ?start ; cn:source ?doc .
          ?doc foaf:page ?page .
          FILTER EXISTS { { ?doc dcterms:issued ?d } UNION { ?doc cn:captured ?d } }
        } GROUP BY ?code""")
    accession = {row["code"]["value"]: row["from"]["value"][:4] for row in rows}
    assert len(accession) == 32
    assert accession["US"] == "1949" and accession["EE"] == "2004" and accession["SE"] == "2024"
    assert all(row["url"]["value"].startswith("http") for row in rows)


def test_three_or_more_national_positions_with_stances(client):
    rows = select(client, """
        SELECT ?doc (COUNT(?position) AS ?stances) WHERE {
          ?position a cn:Position ; cn:source ?doc ; cn:holder/cn:alpha2 ?code .
        } GROUP BY ?doc""")
    assert sum(int(row["stances"]["value"]) >= 3 for row in rows) >= 3


def test_every_class_of_the_ontology_has_an_instance(client):
    rows = select(client, """
        SELECT ?class WHERE {
          GRAPH <https://w3id.org/cybernorms/graph/asserted> {
            ?class a <http://www.w3.org/2002/07/owl#Class> .
            FILTER STRSTARTS(STR(?class), "https://w3id.org/cybernorms/ontology#")
          }
          FILTER NOT EXISTS { ?instance a ?class }
        }""")
    assert [row["class"]["value"] for row in rows] == []
