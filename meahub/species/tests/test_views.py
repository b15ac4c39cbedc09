import pytest
from django.urls import reverse

from meahub.instruments.models import Instrument
from meahub.species.models import PopulationEstimate
from meahub.tests import factories as f


def species_url(slug: str) -> str:
    return reverse("species:species-detail", args=[slug])


def add_url(slug: str) -> str:
    return reverse("species:estimate-add", args=[slug])


def test_anonymous_sees_the_bukhara_deer_with_its_instruments_and_estimates(client, bukhara):
    f.make_estimate(species=bukhara.deer, year=2002, value=350)
    f.make_estimate(species=bukhara.deer, year=2020, value=3500)

    response = client.get(species_url("cervus-elaphus-bactrianus"))

    page = response.context["page"]
    html = response.content.decode()
    assert response.status_code == 200
    assert [i.code for i in page.instruments] == ["BKD", "CAMI"]
    assert [p["value"] for p in page.chart["series"][0]["points"]] == [350, 3500]
    assert "3,500" in html
    assert '<script id="population-data" type="application/json">' in html


def test_instruments_hidden_from_the_public_are_not_listed(client, bukhara):
    Instrument.objects.filter(pk=bukhara.bkd.pk).update(is_published=False)

    response = client.get(species_url("cervus-elaphus-bactrianus"))

    assert [i.code for i in response.context["page"].instruments] == ["CAMI"]


def test_secretariat_adds_a_range_estimate(client, bukhara, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        add_url(bukhara.deer.slug),
        {"year": "2024", "minimum": "3200", "maximum": "3900", "source_document": "CAMI RSM3"},
    )

    assert response.status_code == 302
    estimate = PopulationEstimate.objects.get(species=bukhara.deer)
    assert (estimate.year, estimate.minimum, estimate.maximum, estimate.value) == (
        2024,
        3200,
        3900,
        None,
    )
    assert estimate.history.first().history_user == secretariat_officer


def test_a_range_upside_down_is_refused_with_the_message(client, bukhara, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        add_url(bukhara.deer.slug), {"year": "2024", "minimum": "3900", "maximum": "3200"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "maximum": ["The maximum is smaller than the minimum."]
    }
    assert not PopulationEstimate.objects.exists()


def test_an_estimate_needs_a_value_or_a_range(client, bukhara, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(add_url(bukhara.deer.slug), {"year": "2024"})

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "value": ["Give a value, or both a minimum and a maximum."]
    }


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic"])
def test_other_roles_cannot_add_estimates(client, bukhara, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(add_url(bukhara.deer.slug), {"year": "2024", "value": "1"})

    assert response.status_code == 403
    assert not PopulationEstimate.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_species_list_queries_do_not_grow_with_species(
    client, db, count, django_assert_max_num_queries
):
    instrument = f.make_instrument()
    for _ in range(count):
        species = f.make_species()
        instrument.species.add(species)
        f.make_estimate(species=species)

    with django_assert_max_num_queries(2):
        response = client.get(reverse("species:species-list"))

    assert [len(s.visible_instruments) for s in response.context["species_list"]] == [1] * count
