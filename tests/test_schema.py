"""The JSON Schema: in sync with taxonomy.yaml, accepts the sample, rejects bad input."""

import json

import pytest
from jsonschema import Draft7Validator

from healthnet.diagnostics import Report
from healthnet.schema import generated_schemas, member_schema
from healthnet.taxonomy import load_taxonomy
from healthnet.yamlsource import load_yaml
from tests.support import BAD_MEMBERS, REPO

TAXONOMY = load_taxonomy(REPO / "taxonomy.yaml", Report(REPO))
SCHEMA_FILE = REPO / "schema" / "member.schema.json"
# Mistakes that only the loader and the rules beyond the schema can see (YAML syntax,
# duplicate keys, file names, real dates and places, logo files, other files).
BEYOND_SCHEMA = {
    "broken-yaml.yaml", "duplicate-key.yaml", "Bad_File_Name.yaml", "bad-country.yaml", "bad-dates.yaml", "bad-region.yaml",
    "bad-urls.yaml", "duplicate-name-a.yaml", "duplicate-name-b.yaml",
    "hidden-characters.yaml", "missing-logo.yaml", "stale-review.yaml", "type.yaml",
    "unsafe-logo.yaml",
}  # fmt: skip


def committed_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def data_of(path):
    return load_yaml(path, Report(path.parent)).data


def test_committed_schema_is_generated_from_taxonomy():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == generated_schemas(TAXONOMY)[SCHEMA_FILE.name]


def test_schema_is_valid_draft_07_with_taxonomy_enums():
    schema = committed_schema()
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    properties = schema["properties"]
    assert properties["type"]["enum"] == TAXONOMY.member_types.keys
    assert properties["tier"]["enum"] == TAXONOMY.tiers.keys
    assert properties["topics"]["items"]["enum"] == TAXONOMY.topics.keys
    assert list(properties["social"]["properties"]) == TAXONOMY.platforms.keys
    # Hover text in editors: every field explains itself, every choice has a label.
    assert all("description" in p or "$ref" in p for p in properties.values())
    assert properties["type"]["enumDescriptions"][0].startswith("Academic medical center: ")


@pytest.mark.parametrize("path", sorted((REPO / "members").glob("*.yaml")), ids=lambda p: p.name)
def test_schema_accepts_every_sample_member(path):
    errors = list(Draft7Validator(committed_schema()).iter_errors(data_of(path)))
    assert [e.message for e in errors] == []


@pytest.mark.parametrize(
    "path",
    sorted(p for p in BAD_MEMBERS.glob("*.yaml") if p.name not in BEYOND_SCHEMA),
    ids=lambda p: p.name,
)
def test_schema_rejects_each_bad_fixture(path):
    assert list(Draft7Validator(member_schema(TAXONOMY)).iter_errors(data_of(path))) != []
