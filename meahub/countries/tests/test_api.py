"""The countries endpoints: ISO countries, read-only, searchable in the three languages."""

from __future__ import annotations

import pytest

from meahub.countries.services import sync_countries
from meahub.tests import factories as f
from meahub.tests.api_helpers import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries(db):  # type: ignore[no-untyped-def]
    sync_countries()


def codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["code"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=uzbek", ["UZ"]),
        ("q=Ouzbékistan", ["UZ"]),
        ("q=alemania", ["DE"]),
        ("q=tj", ["TJ"]),
        ("q=tjk", ["TJ"]),
    ],
)
def test_public_searches_countries_in_any_language_or_by_code(client, countries, query, expected):
    response = client.get(f"/api/v1/countries?{query}")

    assert codes(response) == expected


def test_public_lists_the_current_members_of_an_instrument(client, bukhara):
    response = client.get("/api/v1/countries?member_of=bkd")

    assert codes(response) == ["AF", "KZ", "TJ", "TM", "UZ"]


def test_members_of_an_unpublished_instrument_are_not_listed_to_the_public(client, bukhara):
    draft = f.make_instrument(code="DRAFT", is_published=False)
    f.make_membership(instrument=draft, country=f.make_country("UZ"))

    response = client.get("/api/v1/countries?member_of=DRAFT")

    assert response.json()["count"] == 0


def test_country_list_pages_report_the_total_count(client, countries):
    response = client.get("/api/v1/countries?q=guinea&limit=2&page=2")

    body = response.json()
    assert (body["count"], body["page"], body["limit"]) == (4, 2, 2)
    assert codes(response) == ["GW", "PG"]


@pytest.mark.parametrize("n", [1, 3])
def test_country_list_queries_do_not_grow_with_items(
    client, countries, django_assert_max_num_queries, n
):
    with django_assert_max_num_queries(2):
        response = client.get(f"/api/v1/countries?limit={n}")

    assert len(response.json()["items"]) == n


def test_public_gets_a_country_by_code_in_any_case(client, countries):
    response = client.get("/api/v1/countries/uz")

    assert response.json() == {
        "code": "UZ",
        "alpha3": "UZB",
        "numeric": "860",
        "name": "Uzbekistan",
        "name_en": "Uzbekistan",
        "name_fr": "Ouzbékistan",
        "name_es": "Uzbekistán",
        "official_name": "Republic of Uzbekistan",
    }


def test_country_name_follows_the_requested_language(client, countries):
    response = client.get("/api/v1/countries/DE", headers={"Accept-Language": "es"})

    assert response.json()["name"] == "Alemania"


def test_unknown_country_code_is_404(client, countries):
    response = client.get("/api/v1/countries/XX")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found (or not visible to you).", "errors": {}}


def test_countries_cannot_be_written_through_the_api(client, secretariat_officer):
    response = client.post(
        "/api/v1/countries",
        {"code": "XK"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 405
