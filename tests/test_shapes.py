"""The SHACL shapes: valid examples pass, and each invalid example trips exactly the shape written here."""

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, SH

from conftest import REPO, example_checkout, run_cli

SHAPES = Path(__file__).parent / "shapes"
VALID_EXAMPLE = SHAPES / "valid" / "example.ttl"
CN = "https://w3id.org/cybernorms/ontology#"

# Each invalid file carries one defect; the shape that must report it, worked out by hand.
EXPECTED_SHAPE = {
    "actor-without-label.ttl": "cnsh:ActorShape",
    "attribution-without-perpetrator.ttl": "cnsh:AttributionStatementShape",
    "document-url-is-text.ttl": "cnsh:DocumentShape",
    "document-without-date.ttl": "cnsh:DocumentShape",
    "document-without-issuer.ttl": "cnsh:DocumentShape",
    "group-members-without-date.ttl": "cnsh:MemberListShape",
    "group-short-name-is-a-state-code.ttl": "cnsh:GroupShape",
    "group-without-short-name.ttl": "cnsh:GroupShape",
    "position-basis-written-by-hand.ttl": "cnsh:PositionShape",
    "incident-without-victim.ttl": "cnsh:IncidentShape",
    "membership-member-not-actor.ttl": "cnsh:MembershipShape",
    "membership-start-after-end.ttl": "cnsh:DateOrderShape",
    "membership-unknown-role.ttl": "cnsh:MembershipShape",
    "norm-without-locator.ttl": "cnsh:NormShape",
    "position-before-its-document.ttl": "cnsh:PositionShape",
    "position-qualified-without-qualification.ttl": "cnsh:PositionShape",
    "position-secondary-without-page.ttl": "cnsh:SourcedClaimShape",
    "position-two-stances.ttl": "cnsh:PositionShape",
    "position-unknown-stance.ttl": "cnsh:PositionShape",
    "position-without-locator.ttl": "cnsh:PositionShape",
    "position-without-source.ttl": "cnsh:SourcedClaimShape",
    "proposition-without-area.ttl": "cnsh:PropositionShape",
    "signatory-group-without-statement.ttl": "cnsh:SignatoryGroupShape",
    "state-bad-wikidata.ttl": "cnsh:StateShape",
    "state-lowercase-code.ttl": "cnsh:StateShape",
}


@pytest.fixture(scope="module")
def shapes_only(tmp_path_factory) -> Path:
    """The real ontology and shapes with no curated data, so each example is checked on its own."""
    root = example_checkout(tmp_path_factory.mktemp("shapes"))
    (root / "data" / "example.ttl").unlink()
    return root


def _fired_shapes(report: str) -> set[str]:
    return set(re.findall(r"^\s+shape:\s+(\S+)$", report, flags=re.MULTILINE))


def _messages(report: str) -> list[str]:
    return re.findall(r"^- (.+)$", report, flags=re.MULTILINE)


def test_every_invalid_example_has_an_expectation():
    assert sorted(p.name for p in (SHAPES / "invalid").glob("*.ttl")) == sorted(EXPECTED_SHAPE)


def test_valid_example_conforms(shapes_only):
    result = run_cli("validate", str(VALID_EXAMPLE), root=shapes_only)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conform" in result.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED_SHAPE))
def test_invalid_example_is_reported_by_its_shape(name, shapes_only):
    invalid = SHAPES / "invalid" / name
    result = run_cli("validate", str(VALID_EXAMPLE), str(invalid), root=shapes_only)
    assert result.returncode == 1, result.stdout + result.stderr
    assert _fired_shapes(result.stdout) == {EXPECTED_SHAPE[name]}
    assert "https://w3id.org/cybernorms/id/example/bad" in result.stdout
    assert f"file:       {invalid}" in result.stdout
    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl")
    known_messages = {str(m) for m in shapes.objects(None, SH.message)}
    for message in _messages(result.stdout):
        # SPARQL messages fill in {?var}; compare on the text before the first value.
        assert any(message.startswith(known.split("{")[0]) for known in known_messages), message


def _classes_to_check() -> list[str]:
    ontology = Graph().parse(REPO / "ontology" / "cybernorms.ttl")
    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl")
    own_classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(CN)}
    targets = {str(c) for c in shapes.objects(None, SH.targetClass)}
    return sorted(own_classes | targets)


def test_the_curated_data_conforms():
    result = run_cli("validate", *sorted(map(str, (REPO / "data").rglob("*.ttl"))))
    assert result.returncode == 0, result.stdout[-3000:]


def test_an_instance_with_no_properties_is_reported_for_every_class(tmp_path, shapes_only):
    classes = _classes_to_check()
    empty = tmp_path / "empty-instances.ttl"
    empty.write_text("".join(f"<urn:empty:{c.split('#')[1]}> a <{c}> .\n" for c in classes))
    result = run_cli("validate", str(empty), root=shapes_only)
    assert result.returncode == 1
    reported = set(re.findall(r"focus node: urn:empty:(\w+)", result.stdout))
    assert reported == {c.split("#")[1] for c in classes}
