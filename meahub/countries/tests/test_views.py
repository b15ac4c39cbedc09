import pytest
from django.urls import reverse
from django.utils import translation

from meahub.instruments.models import Instrument
from meahub.tests import factories as f


def test_anonymous_sees_uzbekistan_s_memberships_and_focal_points(client, nfp_uzbekistan):
    response = client.get(reverse("countries:country-detail", args=["UZ"]))

    page = response.context["page"]
    assert response.status_code == 200
    assert [(m.instrument.code, m.role) for m in page.memberships] == [
        ("BKD", "signatory"),
        ("CAMI", "range_state"),
        ("CMS", "party"),
    ]
    assert [r.contact.name for r in page.focal_points] == ["NFP Uzbekistan"]
    assert nfp_uzbekistan.email not in response.content.decode()


def test_memberships_of_an_unpublished_instrument_are_hidden_from_the_public(client, bukhara):
    Instrument.objects.filter(pk=bukhara.bkd.pk).update(is_published=False)

    response = client.get(reverse("countries:country-detail", args=["UZ"]))

    assert [m.instrument.code for m in response.context["page"].memberships] == ["CAMI", "CMS"]


def test_the_country_page_speaks_the_active_language(client, bukhara):
    client.cookies["django_language"] = "fr"

    response = client.get(reverse("countries:country-detail", args=["UZ"]))

    assert "<h1>Ouzbékistan</h1>" in response.content.decode()


def test_unknown_country_is_not_found(client, db):
    assert client.get(reverse("countries:country-detail", args=["XX"])).status_code == 404


def test_the_list_finds_a_country_by_its_spanish_name(client, bukhara):
    response = client.get(reverse("countries:country-list"), {"q": "Tayikistán"})

    assert [c.code for c in response.context["countries"]] == ["TJ"]


def test_the_list_counts_current_memberships(client, bukhara):
    response = client.get(reverse("countries:country-list"), {"q": "UZ"})

    (uzbekistan,) = response.context["countries"]
    assert uzbekistan.current_memberships == 3


def test_htmx_search_gets_only_the_results_table(client, bukhara):
    response = client.get(reverse("countries:country-list"), {"q": "uzbek"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith("<table>")
    assert "Uzbekistan" in html


def test_the_list_is_sorted_by_the_name_in_the_active_language(client, db):
    f.make_country("DE")

    with translation.override("es"):
        response = client.get(
            reverse("countries:country-list"), {"q": "al"}, HTTP_ACCEPT_LANGUAGE="es"
        )

    names = [c.name_es for c in response.context["countries"]]
    assert names == sorted(names)


@pytest.mark.parametrize("count", [1, 3])
def test_country_list_queries_do_not_grow_with_countries(
    client, db, count, django_assert_max_num_queries
):
    f.make_country("UZ")
    query = {1: "Uzbekistan", 3: "stan"}[count]

    with django_assert_max_num_queries(2):
        response = client.get(reverse("countries:country-list"), {"q": query})

    assert len(response.context["countries"]) >= count


@pytest.mark.parametrize("count", [1, 3])
def test_country_page_queries_do_not_grow_with_memberships_or_roles(
    client, db, count, django_assert_max_num_queries
):
    uzbekistan = f.make_country("UZ")
    for _ in range(count):
        instrument = f.make_instrument()
        f.make_membership(instrument=instrument, country=uzbekistan)
        f.make_role(
            contact=f.make_contact(organisation=f.make_organisation()),
            instrument=instrument,
            country=uzbekistan,
        )

    with django_assert_max_num_queries(4):
        response = client.get(reverse("countries:country-detail", args=["UZ"]))

    assert len(response.context["page"].memberships) == count
