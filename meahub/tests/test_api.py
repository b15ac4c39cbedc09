"""The API as a whole: one error body for every kind of failure."""

from __future__ import annotations

import pytest

from meahub.organisations.models import Organisation
from meahub.tests.api_helpers import bearer

pytestmark = pytest.mark.django_db


def test_body_that_is_not_json_is_refused_as_bad_input(client, secretariat_officer):
    before = Organisation.objects.count()

    response = client.post(
        "/api/v1/organisations",
        "{name: oops",
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "The request body is not valid JSON.",
        "errors": {"__all__": ["The request body is not valid JSON."]},
    }
    assert Organisation.objects.count() == before


def test_several_bad_fields_are_each_named(client, secretariat_officer):
    response = client.post(
        "/api/v1/organisations",
        {"kind": "club", "website": 12},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The input is not valid: see the messages for each field."
    assert sorted(body["errors"]) == ["kind", "name", "website"]
    assert body["errors"]["name"] == ["Field required"]


def test_bad_paging_is_refused_naming_the_parameter(client, bukhara):
    response = client.get("/api/v1/instruments?page=0")

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Input should be greater than or equal to 1",
        "errors": {"page": ["Input should be greater than or equal to 1"]},
    }


def test_page_past_the_end_is_empty_with_the_total_count(client, bukhara):
    response = client.get("/api/v1/instruments?page=9")

    assert response.json() == {"items": [], "count": 3, "page": 9, "limit": 50}
