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
    assert len(rows) >= 3
    assert all(int(row["stances"]["value"]) >= 3 for row in rows)


def test_every_class_has_an_instance(client):
    rows = select(client, """
        SELECT ?class WHERE {
          VALUES ?class { cn:State cn:Group cn:Membership cn:Document cn:Incident cn:AttributionStatement
                          cn:NormArea cn:Proposition cn:Norm cn:Position }
          FILTER NOT EXISTS { ?x a ?class }
        }""")
    assert rows == []
