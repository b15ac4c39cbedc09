"""The species and population estimate endpoints: read by all, kept by secretariat staff."""

from __future__ import annotations

import pytest

from meahub.species.models import PopulationEstimate, Species
from meahub.tests import factories as f
from meahub.tests.api_helpers import DENIED_WRITERS, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.fixture
def saiga(bukhara) -> Species:  # type: ignore[no-untyped-def]
    return f.make_species(
        slug="saiga-tatarica",
        scientific_name="Saiga tatarica",
        common_name_en="Saiga antelope",
        common_name_fr="Saïga",
    )


def slugs(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["slug"] for item in response.json()["items"]]


# --- species -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["cervus-elaphus-bactrianus", "saiga-tatarica"]),
        ("q=deer", ["cervus-elaphus-bactrianus"]),
        ("q=saïga", ["saiga-tatarica"]),
        ("q=tatarica", ["saiga-tatarica"]),
        ("instrument=bkd", ["cervus-elaphus-bactrianus"]),
    ],
)
def test_public_filters_and_searches_species(client, saiga, query, expected):
    response = client.get(f"/api/v1/species?{query}")

    assert slugs(response) == expected


def test_species_of_an_unpublished_instrument_are_not_listed_by_it(client, bukhara):
    draft = f.make_instrument(code="DRAFT", is_published=False)
    draft.species.add(bukhara.deer)

    response = client.get("/api/v1/species?instrument=DRAFT")

    assert response.json()["count"] == 0


def test_species_list_pages_report_the_total_count(client, saiga):
    response = client.get("/api/v1/species?limit=1&page=2")

    assert response.json()["count"] == 2
    assert slugs(response) == ["saiga-tatarica"]


@pytest.mark.parametrize("n", [1, 3])
def test_species_list_queries_do_not_grow_with_items(client, django_assert_max_num_queries, n):
    for _ in range(n):
        f.make_species()

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/species")

    assert response.json()["count"] == n


def test_public_gets_a_species_with_its_name_in_their_language(client, saiga):
    response = client.get("/api/v1/species/saiga-tatarica", headers={"Accept-Language": "fr"})

    assert response.json() == {
        "slug": "saiga-tatarica",
        "scientific_name": "Saiga tatarica",
        "common_name": "Saïga",
        "common_name_en": "Saiga antelope",
        "common_name_fr": "Saïga",
        "common_name_es": "",
    }


def test_secretariat_creates_a_species(client, secretariat_officer):
    response = client.post(
        "/api/v1/species",
        {"scientific_name": "Uncia uncia", "common_name_en": "Snow leopard"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    assert response.json()["slug"] == "uncia-uncia"
    species = Species.objects.get(slug="uncia-uncia")
    assert species.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_create_a_species(client, persona, status):
    response = client.post(
        "/api/v1/species",
        {"scientific_name": "Uncia uncia"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert not Species.objects.filter(scientific_name="Uncia uncia").exists()


def test_species_already_registered_is_refused(client, secretariat_officer):
    before = Species.objects.count()

    response = client.post(
        "/api/v1/species",
        {"scientific_name": "Cervus elaphus bactrianus", "slug": "another-deer"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "scientific_name": ["Species with this Scientific name already exists."]
    }
    assert Species.objects.count() == before


def test_secretariat_updates_a_species(client, secretariat_officer, bukhara):
    response = client.patch(
        "/api/v1/species/cervus-elaphus-bactrianus",
        {"common_name_fr": "Cerf de Bactriane"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    bukhara.deer.refresh_from_db()
    assert bukhara.deer.common_name_fr == "Cerf de Bactriane"
    assert bukhara.deer.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_update_a_species(client, persona, status, bukhara):
    response = client.patch(
        "/api/v1/species/cervus-elaphus-bactrianus",
        {"common_name_fr": "Cerf"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    bukhara.deer.refresh_from_db()
    assert bukhara.deer.common_name_fr == ""


def test_secretariat_deletes_a_species(client, secretariat_officer, saiga):
    response = client.delete("/api/v1/species/saiga-tatarica", headers=bearer(secretariat_officer))

    assert response.status_code == 204
    assert not Species.objects.filter(slug="saiga-tatarica").exists()
    assert Species.history.filter(id=saiga.pk).first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_delete_a_species(client, persona, status, saiga):
    response = client.delete("/api/v1/species/saiga-tatarica", headers=bearer(persona))

    assert response.status_code == status
    assert Species.objects.filter(slug="saiga-tatarica").exists()


# --- population estimates ------------------------------------------------------------------


@pytest.fixture
def deer_estimates(bukhara) -> list[PopulationEstimate]:  # type: ignore[no-untyped-def]
    return [
        f.make_estimate(species=bukhara.deer, year=2002, value=350),
        f.make_estimate(species=bukhara.deer, year=2020, value=3500),
        f.make_estimate(species=bukhara.deer, year=2020, value=1000, country=f.make_country("TJ")),
    ]


def values(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [item["value"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", [350, 3500, 1000]), ("year=2020", [3500, 1000]), ("country=tj", [1000])],
)
def test_public_filters_a_species_estimates(client, deer_estimates, query, expected):
    response = client.get(f"/api/v1/species/cervus-elaphus-bactrianus/estimates?{query}")

    assert values(response) == expected


def test_estimates_of_an_unknown_species_are_404(client, bukhara):
    response = client.get("/api/v1/species/unicorn/estimates")

    assert response.status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_estimate_list_queries_do_not_grow_with_items(
    client, bukhara, django_assert_max_num_queries, n
):
    for year in range(2000, 2000 + n):
        f.make_estimate(species=bukhara.deer, year=year, country=f.make_country("UZ"))

    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/species/cervus-elaphus-bactrianus/estimates")

    assert response.json()["count"] == n


def test_public_gets_an_estimate(client, deer_estimates):
    estimate = deer_estimates[2]

    response = client.get(f"/api/v1/estimates/{estimate.pk}")

    assert response.json() == {
        "id": estimate.pk,
        "species": "cervus-elaphus-bactrianus",
        "year": 2020,
        "value": 1000,
        "minimum": None,
        "maximum": None,
        "country": "TJ",
        "source_document": "",
        "note": "",
    }


def test_secretariat_adds_an_estimate_for_a_range_state(client, secretariat_officer, bukhara):
    response = client.post(
        "/api/v1/species/cervus-elaphus-bactrianus/estimates",
        {"year": 2020, "minimum": 900, "maximum": 1100, "country": "UZ"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    estimate = PopulationEstimate.objects.get(species=bukhara.deer, country__code="UZ")
    assert (estimate.minimum, estimate.maximum) == (900, 1100)
    assert estimate.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_add_an_estimate(client, persona, status):
    response = client.post(
        "/api/v1/species/cervus-elaphus-bactrianus/estimates",
        {"year": 2020, "value": 3500},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert PopulationEstimate.objects.count() == 0


def test_estimate_with_a_range_upside_down_is_refused(client, secretariat_officer):
    response = client.post(
        "/api/v1/species/cervus-elaphus-bactrianus/estimates",
        {"year": 2020, "minimum": 1100, "maximum": 900},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "The maximum is smaller than the minimum.",
        "errors": {"maximum": ["The maximum is smaller than the minimum."]},
    }
    assert PopulationEstimate.objects.count() == 0


def test_estimate_for_an_unknown_country_is_refused(client, secretariat_officer):
    response = client.post(
        "/api/v1/species/cervus-elaphus-bactrianus/estimates",
        {"year": 2020, "value": 10, "country": "XX"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"country": ["Unknown country code 'XX'."]}
    assert PopulationEstimate.objects.count() == 0


def test_secretariat_corrects_an_estimate(client, secretariat_officer, deer_estimates):
    estimate = deer_estimates[0]

    response = client.patch(
        f"/api/v1/estimates/{estimate.pk}",
        {"value": 400, "source_document": "UNEP/CMS/BKD/TW1/Doc.2"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    estimate.refresh_from_db()
    assert (estimate.value, estimate.source_document) == (400, "UNEP/CMS/BKD/TW1/Doc.2")
    assert estimate.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_correct_an_estimate(client, persona, status, deer_estimates):
    estimate = deer_estimates[0]

    response = client.patch(
        f"/api/v1/estimates/{estimate.pk}",
        {"value": 1},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    estimate.refresh_from_db()
    assert estimate.value == 350


def test_secretariat_deletes_an_estimate(client, secretariat_officer, deer_estimates):
    estimate = deer_estimates[0]

    response = client.delete(
        f"/api/v1/estimates/{estimate.pk}", headers=bearer(secretariat_officer)
    )

    assert response.status_code == 204
    assert not PopulationEstimate.objects.filter(pk=estimate.pk).exists()


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_delete_an_estimate(client, persona, status, deer_estimates):
    estimate = deer_estimates[0]

    response = client.delete(f"/api/v1/estimates/{estimate.pk}", headers=bearer(persona))

    assert response.status_code == status
    assert PopulationEstimate.objects.filter(pk=estimate.pk).exists()
