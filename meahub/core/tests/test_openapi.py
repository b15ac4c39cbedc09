"""The API's description keeps its promises: every operation is tagged, summarised, named by
a verb, and declares the errors it can answer with."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

VERBS = "list|get|create|update|delete|set|withdraw|nominate|confirm|end"


@pytest.fixture
def operations(client) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def]
    schema = client.get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path, operation)
        for path, by_method in schema["paths"].items()
        for method, operation in by_method.items()
    ]


def test_the_api_describes_every_register(operations):
    paths = {path for _method, path, _operation in operations}

    assert {
        "/api/v1/countries",
        "/api/v1/organisations",
        "/api/v1/instruments",
        "/api/v1/memberships",
        "/api/v1/relations",
        "/api/v1/species",
        "/api/v1/species/{slug}/estimates",
        "/api/v1/contacts",
        "/api/v1/focal-point-roles",
    } <= paths


def test_every_operation_has_a_tag_a_summary_and_a_description(operations):
    incomplete = [
        f"{method} {path}"
        for method, path, operation in operations
        if not (operation.get("tags") and operation.get("summary") and operation.get("description"))
    ]

    assert incomplete == []


def test_every_operation_id_is_a_unique_verb_phrase(operations):
    ids = [operation["operationId"] for _method, _path, operation in operations]

    assert [i for i in ids if not re.fullmatch(rf"({VERBS})(_[a-z]+)+", i)] == []
    assert len(ids) == len(set(ids))


def test_reads_are_open_to_the_public_and_writes_need_credentials(operations):
    open_to_all = [f"{m} {p}" for m, p, op in operations if {} in op["security"]]
    reads = [f"{m} {p}" for m, p, _op in operations if m == "GET"]

    assert open_to_all == reads


def test_every_operation_declares_bad_input(operations):
    missing = [f"{m} {p}" for m, p, op in operations if "422" not in op["responses"]]

    assert missing == []


def test_every_write_declares_401_and_403(operations):
    missing = [
        f"{method} {path}"
        for method, path, operation in operations
        if method != "GET" and not {"401", "403"} <= set(operation["responses"])
    ]

    assert missing == []


def test_every_operation_on_one_object_declares_404(operations):
    missing = [
        f"{method} {path}"
        for method, path, operation in operations
        if "{" in path and "404" not in operation["responses"]
    ]

    assert missing == []


def test_errors_are_described_with_the_one_error_body(operations):
    other = [
        f"{method} {path} {status}"
        for method, path, operation in operations
        for status, response in operation["responses"].items()
        if status.startswith("4")
        and response["content"]["application/json"]["schema"]
        != {"$ref": "#/components/schemas/ErrorOut"}
    ]

    assert other == []
