import pytest
from django.urls import reverse

from meahub.instruments.models import Instrument
from meahub.instruments.services import update_instrument
from meahub.tests import factories as f


def test_anonymous_sees_the_instruments_on_the_home_page(client, bukhara):
    response = client.get(reverse("core:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert [i.code for i in response.context["page"].instruments] == ["BKD", "CAMI", "CMS"]
    assert "Memorandum of understanding" in html
    assert '<html lang="en">' in html


def test_recent_changes_say_what_who_and_when_newest_first(client, bukhara, secretariat_officer):
    update_instrument(instrument=bukhara.bkd, by=secretariat_officer, short_name="BKD MOU")
    f.make_organisation(name="Newest Organisation")

    changes = client.get(reverse("core:home")).context["page"].changes

    assert [(c.register, c.label, c.action) for c in changes[:2]] == [
        ("Organisation", "Newest Organisation", "created"),
        ("Instrument", "BKD MOU (BKD)", "changed"),
    ]
    assert changes[1].who == "officer"


def test_recent_changes_of_an_unpublished_instrument_are_hidden(client, bukhara):
    Instrument.objects.filter(pk=bukhara.bkd.pk).update(is_published=False)

    changes = client.get(reverse("core:home")).context["page"].changes

    assert "BKD" not in {c.label.split("(")[-1].rstrip(")") for c in changes}
    assert all(", BKD" not in c.label for c in changes)


def test_home_page_queries_do_not_grow_with_changes(client, bukhara, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        response = client.get(reverse("core:home"))

    assert len(response.context["page"].changes) == 12


@pytest.mark.parametrize("count", [1, 3])
def test_home_page_queries_do_not_grow_with_instruments(
    client, db, count, django_assert_max_num_queries
):
    for _ in range(count):
        f.make_membership(instrument=f.make_instrument(), country=f.make_country("UZ"))

    with django_assert_max_num_queries(9):
        response = client.get(reverse("core:home"))

    assert len(response.context["page"].instruments) == count


def test_search_finds_a_country_by_its_french_name(client, bukhara):
    response = client.get(reverse("core:search"), {"q": "Ouzbék"})

    assert [c.code for c in response.context["results"].countries] == ["UZ"]


def test_search_finds_instruments_species_organisations_and_people(client, bukhara, nfp_uzbekistan):
    results = client.get(reverse("core:search"), {"q": "bukhara"}).context["results"]
    people = client.get(reverse("core:search"), {"q": "NFP Uzb"}).context["results"]
    organisations = client.get(reverse("core:search"), {"q": "CIC"}).context["results"]

    assert [i.code for i in results.instruments] == ["BKD"]
    assert [s.slug for s in results.species] == ["cervus-elaphus-bactrianus"]
    assert [c.name for c in people.contacts] == ["NFP Uzbekistan"]
    assert [o.slug for o in organisations.organisations] == ["cic"]


def test_search_does_not_reveal_unpublished_instruments(client, bukhara):
    Instrument.objects.filter(pk=bukhara.bkd.pk).update(is_published=False)

    results = client.get(reverse("core:search"), {"q": "BKD"}).context["results"]

    assert results.instruments == []


def test_htmx_search_returns_only_the_results(client, bukhara):
    response = client.get(reverse("core:search"), {"q": "Uzbek"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert 'href="/countries/UZ/"' in html


def test_search_without_js_renders_the_whole_page(client, bukhara):
    response = client.get(reverse("core:search"), {"q": "Uzbek"})

    html = response.content.decode()
    assert "<html" in html
    assert 'href="/countries/UZ/"' in html


def test_a_one_letter_search_asks_for_more(client, db):
    response = client.get(reverse("core:search"), {"q": "U"})

    assert "Type at least two letters." in response.content.decode()


def test_the_header_shows_the_signed_in_user_s_role(client, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    html = client.get(reverse("core:home")).content.decode()

    assert "National focal point" in html
    assert 'action="/accounts/logout/" method="post"' in html


def test_the_language_switcher_changes_the_page_language(client, db):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"}, follow=True)

    assert '<html lang="es">' in response.content.decode()
