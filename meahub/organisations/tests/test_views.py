import pytest
from django.urls import reverse

from meahub.tests import factories as f


def test_anonymous_sees_cic_as_cooperating_organisation_of_bkd(client, bukhara):
    response = client.get(reverse("organisations:organisation-detail", args=["cic"]))

    page = response.context["page"]
    assert response.status_code == 200
    assert [(m.instrument.code, m.role) for m in page.memberships] == [
        ("BKD", "cooperating_organisation")
    ]
    assert "Cooperating organisation" in response.content.decode()


def test_the_organisation_s_people_show_email_only_when_signed_in(client, bukhara, nfp_uzbekistan):
    person = f.make_contact(name="CIC Officer", organisation=bukhara.cic)
    f.make_role(
        contact=person, instrument=bukhara.bkd, organisation=bukhara.cic, kind="contact_point"
    )
    url = reverse("organisations:organisation-detail", args=["cic"])

    anonymous = client.get(url).content.decode()
    client.force_login(nfp_uzbekistan)
    signed_in = client.get(url).content.decode()

    assert "CIC Officer" in anonymous
    assert person.email not in anonymous
    assert person.email in signed_in


def test_unknown_organisation_is_not_found(client, db):
    response = client.get(reverse("organisations:organisation-detail", args=["nobody"]))

    assert response.status_code == 404


def test_the_list_finds_an_organisation_by_acronym(client, bukhara):
    response = client.get(reverse("organisations:organisation-list"), {"q": "wwf"})

    assert [o.slug for o in response.context["organisations"]] == ["wwf-russia"]


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_list_queries_do_not_grow_with_organisations(
    client, db, count, django_assert_max_num_queries
):
    instrument = f.make_instrument()
    for _ in range(count):
        organisation = f.make_organisation(country=f.make_country("DE"))
        f.make_membership(instrument=instrument, organisation=organisation)

    with django_assert_max_num_queries(1):
        response = client.get(reverse("organisations:organisation-list"))

    assert len(response.context["organisations"]) == count
