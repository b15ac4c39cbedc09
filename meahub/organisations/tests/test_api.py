"""The organisations endpoints: a shared register, read by all, kept by secretariat staff."""

from __future__ import annotations

import pytest

from meahub.organisations.enums import OrganisationKind
from meahub.organisations.models import Organisation
from meahub.tests import factories as f
from meahub.tests.api_helpers import DENIED_WRITERS, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


def slugs(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["slug"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["cic", "unep", "wwf-russia"]),
        ("q=game", ["cic"]),
        ("q=WWF", ["wwf-russia"]),
        ("kind=igo", ["unep"]),
        ("country=ke", ["unep"]),
    ],
)
def test_public_filters_and_searches_organisations(client, bukhara, query, expected):
    f.make_organisation(
        slug="unep",
        acronym="UNEP",
        name="UN Environment Programme",
        kind=OrganisationKind.IGO,
        country=f.make_country("KE"),
    )

    response = client.get(f"/api/v1/organisations?{query}")

    assert slugs(response) == expected


def test_organisation_list_pages_report_the_total_count(client, bukhara):
    response = client.get("/api/v1/organisations?limit=1&page=2")

    assert response.json()["count"] == 2
    assert slugs(response) == ["wwf-russia"]


@pytest.mark.parametrize("n", [1, 3])
def test_organisation_list_queries_do_not_grow_with_items(client, django_assert_max_num_queries, n):
    for _ in range(n):
        f.make_organisation(country=f.make_country("DE"))

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/organisations")

    assert response.json()["count"] == n


def test_public_gets_an_organisation(client, bukhara):
    response = client.get("/api/v1/organisations/cic")

    assert response.json() == {
        "slug": "cic",
        "name": "International Council for Game and Wildlife Conservation",
        "acronym": "CIC",
        "kind": "ngo",
        "country": None,
        "website": "",
    }


def test_unknown_organisation_is_404(client, bukhara):
    response = client.get("/api/v1/organisations/nope")

    assert response.status_code == 404


NEW_ORGANISATION = {"name": "Saiga Conservation Alliance", "acronym": "SCA", "kind": "ngo"}


def test_secretariat_creates_an_organisation(client, secretariat_officer):
    response = client.post(
        "/api/v1/organisations",
        {**NEW_ORGANISATION, "country": "gb"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    assert response.json()["slug"] == "sca"
    organisation = Organisation.objects.get(slug="sca")
    assert organisation.country.code == "GB"
    assert organisation.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_create_an_organisation(client, persona, status):
    response = client.post(
        "/api/v1/organisations",
        NEW_ORGANISATION,
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert not Organisation.objects.filter(acronym="SCA").exists()


def test_organisation_in_an_unknown_country_is_refused(client, secretariat_officer):
    response = client.post(
        "/api/v1/organisations",
        {**NEW_ORGANISATION, "country": "XX"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Unknown country code 'XX'.",
        "errors": {"country": ["Unknown country code 'XX'."]},
    }
    assert not Organisation.objects.filter(acronym="SCA").exists()


def test_organisation_with_a_name_already_taken_is_refused(client, secretariat_officer):
    before = Organisation.objects.count()

    response = client.post(
        "/api/v1/organisations",
        {**NEW_ORGANISATION, "name": "WWF Russia"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"name": ["Organisation with this Name already exists."]}
    assert Organisation.objects.count() == before


def test_secretariat_updates_an_organisation(client, secretariat_officer, bukhara):
    response = client.patch(
        "/api/v1/organisations/cic",
        {"website": "https://www.cic-wildlife.org", "country": "HU"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    assert response.json()["country"] == "HU"
    bukhara.cic.refresh_from_db()
    assert bukhara.cic.website == "https://www.cic-wildlife.org"
    assert bukhara.cic.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_update_an_organisation(client, persona, status, bukhara):
    response = client.patch(
        "/api/v1/organisations/cic",
        {"website": "https://example.org"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    bukhara.cic.refresh_from_db()
    assert bukhara.cic.website == ""


def test_secretariat_deletes_an_unused_organisation(client, secretariat_officer):
    f.make_organisation(slug="gone")

    response = client.delete("/api/v1/organisations/gone", headers=bearer(secretariat_officer))

    assert response.status_code == 204
    assert not Organisation.objects.filter(slug="gone").exists()
    assert Organisation.history.filter(slug="gone").first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_delete_an_organisation(client, persona, status):
    f.make_organisation(slug="gone")

    response = client.delete("/api/v1/organisations/gone", headers=bearer(persona))

    assert response.status_code == status
    assert Organisation.objects.filter(slug="gone").exists()


def test_organisation_still_a_member_cannot_be_deleted(client, secretariat_officer):
    response = client.delete("/api/v1/organisations/cic", headers=bearer(secretariat_officer))

    assert response.status_code == 422
    assert response.json() == {
        "detail": "It is still referred to by 1 membership; remove those first.",
        "errors": {"__all__": ["It is still referred to by 1 membership; remove those first."]},
    }
    assert Organisation.objects.filter(slug="cic").exists()
