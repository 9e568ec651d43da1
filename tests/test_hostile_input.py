"""Hostile input: malformed, oversized, pathological and probing requests each get a well-formed answer.

Every answer must be an HTTP response whose errors are the service's JSON (status,
a message, the request's id), with no stack trace and no file of the machine in it,
and the service must still be up, with all its workers, at the end.
"""

import socket
import time

import httpx
import pytest

from conftest import REPO, serve, untouched_port

SETTINGS = {
    "CYBERNORMS_QUERY_TIMEOUT": "2",
    "CYBERNORMS_QUERY_WORKERS": "2",
    "CYBERNORMS_MAX_BODY_BYTES": "100000",
    "CYBERNORMS_MAX_QUERY_LENGTH": "20000",
}
# What would show that a file of the machine, or the service's insides, leaked into an answer.
LEAKS = ("root:x:0:0", "Traceback", 'File "/', "[core]", "CYBERNORMS_WRITE_TOKENS=", "[project]")

MALFORMED_SPARQL = [
    "SELECT",
    "SELECT * WHERE {",
    "SELECT * WHERE { ?s ?p }",
    "SELECT * WHERE { ?s ?p ?o ",
    "SELECT * WHERE { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p \"unterminated }",
    "SELECT * WHERE { <not an iri> ?p ?o }",
    "SELECT * WHERE { ex:undeclared ?p ?o }",
    "SELECT ?x WHERE { ?s ?p ?o } GROUP BY",
    "SELECT (COUNT(*) AS ?n) (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?o WHERE { ?s ?p ?o BIND(1 AS ?o) }",
    "SELECT * WHERE { VALUES (?a ?b) { (1) } }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY",
    "ASK { FILTER(",
    "CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }",
    "DESCRIBE",
    "PREFIX : SELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } \u0000",
    "\ufeff\u202eSELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o # the closing brace is inside this comment }",
    "{" * 5_000,
    "SELECT * WHERE " + "(" * 3_000,
    "SELECT * WHERE { " + "OPTIONAL { " * 500 + "}" * 500 + " }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "LOAD <file:///etc/passwd>",
    "DROP ALL",
]

# SERVICE written every way the grammar (or a careless reading of it) allows, each to a loopback port that
# must see no connection: no endpoint is allowed on this server, and loopback never is.
SMUGGLED_SERVICE = [
    "SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
    "select * {{ service silent <{target}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ # a comment that ends at a carriage return\rSERVICE <{target}> {{ ?s ?p ?o }} }}",
    "PREFIX ex: <http://example.org/> SELECT * {{ ?s ex:a\\# SERVICE <{target}> {{ ?s ?p ?o }} }}",
    "PREFIX ex: <http://example.org/> SELECT * {{ ?s ex:a\\' SERVICE <{target}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?s ?p 1SERVICE <{target}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICESILENT<{target}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
    "PREFIX ex: <{target}> SELECT * {{ SERVICE ex:sparql {{ ?s ?p ?o }} }}",
    "PREFIX ex: <{target}> SELECT * {{ SERVICEex:sparql {{ ?s ?p ?o }} }}",
    "BASE <{target}> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
    "SELECT * {{ VALUES ?where {{ <{target}> }} SERVICE ?where {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICE <{target}> {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
    "SELECT * {{ SERVICE <{host_target}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICE <file:///etc/passwd> {{ ?s ?p ?o }} }}",
    # Escapes the engine reads only inside literals, and a less-than sign that looks like an IRI's start.
    'SELECT * {{ BIND("\\u0022" AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND("\\u0022" AS ?y) }}',
    "SELECT * {{ BIND('\\u0027' AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND('\\u0027' AS ?y) }}",
    'SELECT * {{ BIND("\\u005C" AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND("a" AS ?y) }}',
    'SELECT * {{ BIND("\\u000A" AS ?x) SERVICE <{target}> {{ ?s ?p ?o }} BIND("a" AS ?y) }}',
    "SELECT * {{ BIND(1 AS ?a) FILTER(?a<'>' || true) SERVICE <{target}> {{ ?s ?p ?o }} FILTER('x'='x') }}",
    # A less-than sign, the keyword, and a comment holding a closing bracket: it looks like one IRI.
    "SELECT * {{ FILTER(1<2)SERVICE#>\n<{target}> {{ ?s ?p ?o }} }}",
    "PREFIX a: <http://example.org/> SELECT * {{ FILTER(1<a:b)SERVICE#>\n<{target}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ FILTER(true)SERVICE<{target}> {{ ?s ?p ?o }} }}",
    "select * {{ filter(true)service<{target}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ \\u0073\\u0065rvice <{target}> {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
]

PATHOLOGICAL_SPARQL = [
    # Each is valid SPARQL that is slow, huge or odd; it is answered, refused or stopped at the deadline.
    "SELECT * WHERE { ?s ?p ?o . FILTER(REGEX(STR(?o), \"^(a+)+$\")) } LIMIT 5",
    "SELECT * WHERE { ?s ?p ?o . FILTER(REGEX(?o, \"(\")) }",  # an invalid pattern: the filter is an error, false
    "SELECT * WHERE { ?s ?p " + "1" * 15_000 + " }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999",
    "SELECT * WHERE { ?s ?p ?o } OFFSET 99999999999999999999999",
    "SELECT (STRLEN(CONCAT(" + ", ".join(['"xxxxxxxxxx"'] * 1_000) + ")) AS ?n) WHERE {}",
    "SELECT * WHERE { VALUES ?x { " + " ".join(str(n) for n in range(3_000)) + " } }",
    "SELECT * WHERE { " + " UNION ".join("{ ?s ?p %d }" % n for n in range(500)) + " }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:1/> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DESCRIBE <file:///etc/passwd>",
    "SELECT (<file:///etc/passwd> AS ?x) WHERE {}",
]

BAD_ACCEPT = [
    "", "*/*;q=abc", "text/html;;;", "application/sparql-results+json;q=0", "nonsense", "a/b/c", ";;;,,,",
    "text/*;q=-1", "*/*;q=2", "application/sparql-results+json;q=0.5;q=0.9", "x" * 8_000,
    "application/json, */*;q=0.0000001",
]

BAD_CONTENT_TYPES = [
    (None, b"ASK {}"),
    ("text/plain", b"ASK {}"),
    ("application/sparql-query; charset=latin-1", "ASK { ?s ?p \"caf\xe9\" }".encode("latin-1")),
    ("application/sparql-query", b""),
    ("application/sparql-query", b"\xff\xfe\x00A\x00S\x00K"),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=query\r\n\r\nASK {}\r\n--x--"),
    ("application/x-www-form-urlencoded", b"query=%zz%"),
    ("application/x-www-form-urlencoded", b"query=\xff\xfe"),
    ("application/x-www-form-urlencoded", b"query=ASK+%7B%7D&query=ASK+%7B%7D"),
    ("application/x-www-form-urlencoded", b"=&&&="),
    ("application/json", b'{"query": "ASK {}"}'),
    ("application/sparql-update", b"DROP ALL"),
    ("text/turtle", b"<urn:a> <urn:b> <urn:c> ."),
    ("application/sparql-query" + "; x=y" * 500, b"ASK {"),
]

PROBES = [
    "/.env", "/.git/config", "/.git/HEAD", "/admin", "/wp-login.php", "/server-status", "/actuator/env",
    "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/-/dumps/..%2F..%2Fpyproject.toml",
    "/-/dumps/%2e%2e%2f%2e%2e%2fpyproject.toml", "/-/dumps/....//....//etc/passwd", "/-/dumps/%00",
    "/context/..%2F..%2F..%2Fetc%2Fpasswd.jsonld", "/context/../../pyproject.toml", "/ontology.../../pyproject",
    "/ontology/..%2F..%2Fpyproject.toml", "/queries/..%2F..%2Fpyproject", "/queries/%2e%2e", "/id/state/..%2F..",
    "/id/..%2F..%2Fetc/passwd", "/id/state/%00", "/id/state/%ff%fe", "/id/state/" + "A" * 5_000,
    "/id/%3Cscript%3E/x", "/api/v1/alignment?a=%00&b=%ff", "/api/v1/groups/%2e%2e/profile",
    "/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D", "/sparql?update=DROP%20ALL", "/sparql?format=../../etc/passwd",
    "/rdf-graph-store?graph=file:///etc/passwd", "/rdf-graph-store?graph=http://127.0.0.1:1/",
    "/rdf-graph-store?default&graph=x", "/-/health?" + "a=1&" * 2_000, "/" + "x/" * 3_000,
]

METHODS = ["TRACE", "OPTIONS", "PROPFIND", "PATCH", "DELETE", "PUT", "CONNECT", "FOO"]

RAW_REQUESTS = [
    b"GET / HTTP/1.1\r\n\r\n",  # no Host
    b"GET /sparql HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GARBAGE\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /-/health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: abc\r\n\r\nASK {}",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 5\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"zz\r\nASK {}\r\n0\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 99999999999\r\n\r\n",
    b"GET /-/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 100_000 + b"\r\n\r\n",
    b"GET /-/health HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(2_000)) + b"\r\n",
]


@pytest.fixture(scope="module")
def target(build_dir):
    yield from serve(REPO, build_dir, SETTINGS)


@pytest.fixture(scope="module")
def http(target):
    with httpx.Client(base_url=target, timeout=30) as client:
        yield client


def assert_well_formed(response: httpx.Response, allowed_5xx: tuple[int, ...] = ()) -> None:
    """An answer of the service's own: a status that says whose fault it is, and errors a person can act on."""
    assert response.status_code < 500 or response.status_code in allowed_5xx, response.text[:500]
    request_id = response.headers["x-request-id"]
    text = response.text
    assert not any(leak in text for leak in LEAKS), text[:500]
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/json"
        error = response.json()["error"]
        assert error["status"] == response.status_code
        assert len(error["message"]) > 20 and error["request_id"] == request_id


@pytest.mark.parametrize("query", MALFORMED_SPARQL)
def test_malformed_sparql_is_refused_with_a_reason(http, query):
    for response in (http.get("/sparql", params={"query": query}),
                     http.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})):
        assert_well_formed(response)
        assert 400 <= response.status_code < 500


@pytest.mark.parametrize("template", SMUGGLED_SERVICE)
def test_service_never_reaches_out_however_it_is_written(http, template):
    """The query workers cannot open a network socket: whatever the engine reads as SERVICE fails (or, SILENT, is
    empty), and the listener hears nothing."""
    with untouched_port() as port:
        for host in ("127.0.0.1", "[::ffff:127.0.0.1]", "localhost", "2130706433"):
            query = template.format(target=f"http://{host}:{port}/sparql", host_target=f"http://{host}:{port}/")
            response = http.get("/sparql", params={"query": query})
            assert_well_formed(response)
            assert response.status_code in (200, 400), query  # 200: SERVICE SILENT, or never evaluated


# Queries that only mention the words SERVICE and LOAD: in literals, comments, IRIs, prefixed and variable names.
MENTIONS = [
    'SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(CONTAINS(LCASE(?l), "service")) }',
    "SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), 'essential services', 'i')) } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # load later",
    "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT * WHERE { ?x a sd:Service }",
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?x schema:serviceType ?type }",
    "SELECT ?service ?load WHERE { BIND(1 AS ?service) BIND('download' AS ?load) }",
    "SELECT * WHERE { ?s <http://example.org/loadService> ?o }",
    'SELECT ("""a service\nthat loads""" AS ?x) WHERE {}',
]


@pytest.mark.parametrize("query", MENTIONS)
def test_words_that_are_only_mentioned_are_answered(http, query):
    response = http.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert "results" in response.json()


@pytest.mark.parametrize("query", PATHOLOGICAL_SPARQL)
def test_pathological_sparql_is_answered_refused_or_stopped(http, query):
    response = http.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert_well_formed(response, allowed_5xx=(503,))
    if response.status_code == 503:
        assert "ran out of time" in response.json()["error"]["message"]


@pytest.mark.parametrize("accept", BAD_ACCEPT)
def test_odd_accept_headers_get_a_format_or_406(http, accept):
    response = http.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": accept})
    assert_well_formed(response)
    assert response.status_code in (200, 406)


@pytest.mark.parametrize("content_type, body", BAD_CONTENT_TYPES)
def test_bad_content_types_and_bodies_are_refused(http, content_type, body):
    headers = {"Content-Type": content_type} if content_type else {}
    response = http.post("/sparql", content=body, headers=headers)
    assert_well_formed(response)
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("path", PROBES)
def test_probing_paths_reveal_nothing(http, path):
    response = http.get(path)
    assert_well_formed(response)
    assert response.status_code in (200, 400, 403, 404, 406, 414, 422)
    if response.status_code == 200:  # only the service's own answers, never a file of the machine
        assert path.startswith(("/-/health", "/sparql?format="))


@pytest.mark.parametrize("method", METHODS)
def test_unknown_methods_get_405_with_allow(http, method):
    response = http.request(method, "/id/state/EE")
    assert_well_formed(response)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_head_is_answered_wherever_get_is(http):
    for path in ("/-/health", "/id/state/EE", "/sparql?query=ASK%20%7B%7D", "/ontology"):
        get, head = http.get(path), http.head(path)
        assert head.status_code == get.status_code == 200
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.content == b""


def test_oversized_urls_and_headers_are_refused(http):
    long_query = "ASK { ?s ?p \"" + "x" * 30_000 + "\" }"
    assert_well_formed(http.get("/sparql", params={"query": long_query}))
    assert http.get("/sparql", params={"query": long_query}).status_code == 413
    big_body = http.post("/sparql", content=b"#" * 200_000, headers={"Content-Type": "application/sparql-query"})
    assert_well_formed(big_body)
    assert big_body.status_code == 413


@pytest.mark.parametrize("raw", RAW_REQUESTS, ids=range(len(RAW_REQUESTS)))
def test_malformed_http_gets_an_http_answer(target, raw):
    """Requests that break HTTP itself are answered by the HTTP server (400 or 413), or the connection is closed."""
    host, port = target.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(raw)
        connection.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    if received:  # an answer must be a whole, parseable HTTP response
        assert received.startswith(b"HTTP/1.1 "), received[:200]
        status = int(received.split(b" ", 2)[1])
        assert 400 <= status < 500 or status == 200, received[:300]
        assert not any(leak.encode() in received for leak in LEAKS)
    else:  # or the connection was closed, and only that one
        assert httpx.get(f"{target}/-/health").status_code == 200


def test_request_ids_are_answered_and_logged(target, http):
    chosen = http.get("/nothing-here", headers={"X-Request-ID": "probe-42"})
    assert chosen.headers["x-request-id"] == "probe-42" == chosen.json()["error"]["request_id"]
    forged = http.get("/-/health", headers={"X-Request-ID": "x\" 200 OK\tadmin"})
    assert forged.headers["x-request-id"].isalnum()  # replaced: a forged id would forge the log line
    newline = http.get("/nothing%0AINFO:     forged-line")
    expected = ['probe-42 127.0.0.1 "GET /nothing-here" 404',
                f'{forged.headers["x-request-id"]} 127.0.0.1 "GET /-/health" 200',
                f'{newline.headers["x-request-id"]} 127.0.0.1 "GET /nothing\\nINFO:     forged-line" 404']
    deadline = time.monotonic() + 5
    while not all(line in _log(target) for line in expected):  # the server writes its log as it goes
        assert time.monotonic() < deadline, _log(target)[-2000:]
        time.sleep(0.1)
    assert "\nINFO:     forged-line" not in _log(target)


def _log(served) -> str:
    served.log.seek(0)
    return served.log.read()


def test_the_service_is_still_up_with_every_worker(http):
    time.sleep(3)  # a worker stopped at its deadline is replaced in the background
    health = http.get("/-/health")
    assert health.status_code == 200
    workers = health.json()["query_workers"]
    assert workers["live"] == workers["configured"] == 2
    assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_unexpected_failures_are_500_with_the_id_and_logged_in_full(build_dir, tmp_path):
    """A dump file removed under a running server: a failure nobody planned for."""
    private_build = tmp_path / "build"
    for path in build_dir.rglob("*"):
        if path.is_file():
            (private_build / path.relative_to(build_dir)).parent.mkdir(parents=True, exist_ok=True)
            (private_build / path.relative_to(build_dir)).hardlink_to(path)
    served = serve(REPO, private_build, SETTINGS)
    base = next(served)
    try:
        next(private_build.rglob("cybernorms.ttl")).unlink()
        response = httpx.get(f"{base}/-/dumps/cybernorms.ttl")
        assert response.status_code == 500
        error = response.json()["error"]
        assert error["request_id"] == response.headers["x-request-id"] and "logged" in error["message"]
        assert not any(leak in response.text for leak in LEAKS)
        assert httpx.get(f"{base}/-/health").status_code == 200
        log = _log(base)
        assert f"{error['request_id']} failed: GET /-/dumps/cybernorms.ttl" in log and "Traceback" in log
    finally:
        served.close()
