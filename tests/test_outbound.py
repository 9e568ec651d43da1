"""The rule for what the service may fetch (SERVICE, LOAD, JSON-LD contexts), on addresses no test can serve from."""

import pytest

from cybernorms.engine.outbound import FetchRefused, allowed_target, check_fetched

PUBLIC = "93.184.215.14"  # a global unicast address; nothing is connected to here


def test_an_allowed_public_iri_gives_the_address_to_connect_to():
    target = allowed_target(f"https://{PUBLIC}:8443/sparql?x=1", [f"https://{PUBLIC}:8443"], "A SERVICE endpoint", "")
    assert (target.scheme, target.address, target.port, target.path) == ("https", PUBLIC, 8443, "/sparql?x=1")


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                  "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]", "[fe80::1]", "[fd00::1]", "224.0.0.1",
                                  "192.0.2.1", "100.64.0.1", "[::7f00:1]", "[2002:7f00:1::1]", "[64:ff9b::a00:1]"])
def test_inner_addresses_are_refused_even_when_allowed(host):
    iri = f"http://{host}/sparql"
    with pytest.raises(FetchRefused, match="loopback, private, link-local or reserved"):
        allowed_target(iri, ["http://"], "A SERVICE endpoint", "")


@pytest.mark.parametrize("iri", ["file:///etc/passwd", "ftp://93.184.215.14/x", "gopher://93.184.215.14/"])
def test_only_http_and_https_are_fetched(iri):
    with pytest.raises(FetchRefused, match="only http and https"):
        allowed_target(iri, [""], "A LOAD source", "")


def test_nothing_is_fetched_without_an_allow_list_entry():
    with pytest.raises(FetchRefused, match=r"CYBERNORMS_FETCH_ALLOW \(here: none\)"):
        allowed_target(f"http://{PUBLIC}/sparql", [], "A SERVICE endpoint", "")
    with pytest.raises(FetchRefused, match="here: https://query.example/"):
        allowed_target(f"http://{PUBLIC}/sparql", ["https://query.example/"], "A SERVICE endpoint", "")


def test_prefixes_are_compared_by_scheme_host_port_and_path():
    allowed = [f"https://{PUBLIC}", f"http://{PUBLIC}:8080/sparql"]
    for iri in (f"https://{PUBLIC}.evil.example/", f"http://{PUBLIC}/sparql", f"http://{PUBLIC}:8080/other",
                f"https://{PUBLIC}@evil.example/", f"https://{PUBLIC}:22/", f"http://{PUBLIC}:8080/sparqlx",
                f"http://{PUBLIC}:8080/sparql/../admin", f"http://{PUBLIC}:8080/sparql/%2e%2e/admin"):
        with pytest.raises(FetchRefused):
            allowed_target(iri, allowed, "A SERVICE endpoint", "")
    for iri in (f"http://{PUBLIC}:8080/sparql?query=x", f"http://{PUBLIC}:8080/sparql/x", f"https://{PUBLIC}/y"):
        assert allowed_target(iri, allowed, "A SERVICE endpoint", "").address == PUBLIC
    assert allowed_target(f"http://{PUBLIC}:9999/", [f"http://{PUBLIC}:"], "A SERVICE endpoint", "").port == 9999


@pytest.mark.parametrize("iri", ["http://127.0.0.1:99999/", "http://127.0.0.1:abc/", "http://[::1/", "http://a..b/"])
def test_malformed_iris_are_refused_with_a_reason(iri):
    with pytest.raises(FetchRefused, match="not fetched"):
        allowed_target(iri, ["http://"], "A SERVICE endpoint", "")


@pytest.mark.parametrize("name", ["?endpoint", "wd:", "ex:myservice", ""])
def test_endpoints_must_be_written_as_full_iris(name):
    with pytest.raises(FetchRefused, match="full IRI"):
        check_fetched((f"<http://{PUBLIC}/sparql>", name), ["http://"], "A SERVICE endpoint", "")
