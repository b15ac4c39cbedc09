import datetime as dt

import pytest
from django.urls import reverse

from meahub.instruments.enums import MembershipRole
from meahub.instruments.models import Instrument, Membership
from meahub.tests import factories as f


def detail_url(code: str) -> str:
    return reverse("instruments:instrument-detail", args=[code])


def edit_url(code: str) -> str:
    return reverse("instruments:instrument-edit", args=[code])


def edit_data(instrument: Instrument, **changes: object) -> dict[str, object]:
    data = {
        "short_name": instrument.short_name,
        "full_name": instrument.full_name,
        "kind": instrument.kind,
        "concluded_on": instrument.concluded_on.isoformat() if instrument.concluded_on else "",
        "in_effect_on": instrument.in_effect_on.isoformat() if instrument.in_effect_on else "",
        "secretariat": "",
        "website": "",
        "summary": "",
        "is_published": "on",
    }
    data.update(changes)
    return data


# --- reading -------------------------------------------------------------------------------


def test_anonymous_sees_the_instrument_list(client, bukhara):
    response = client.get(reverse("instruments:instrument-list"))

    assert response.status_code == 200
    assert [i.code for i in response.context["instruments"]] == ["BKD", "CAMI", "CMS"]


def test_anonymous_sees_the_bukhara_deer_mou_page_with_its_members(client, bukhara):
    response = client.get(detail_url("BKD"))

    assert response.status_code == 200
    page = response.context["page"]
    assert [m.country.code for m in page.country_members] == ["AF", "KZ", "TJ", "TM", "UZ"]
    assert sorted(m.organisation.slug for m in page.organisation_members) == ["cic", "wwf-russia"]
    assert "MOU concerning the Bukhara Deer" in response.content.decode()


def test_the_members_map_colours_uzbekistan_as_signatory(client, bukhara):
    response = client.get(detail_url("BKD"))

    html = response.content.decode()
    assert '<path d="' in html
    assert 'class="role-signatory"><title>Uzbekistan — Signatory</title>' in html
    assert 'class="role-range_state"><title>Afghanistan — Range State</title>' in html


def test_the_page_shows_the_relation_with_its_meaning_and_shared_cycles(client, bukhara):
    response = client.get(detail_url("BKD"))

    html = response.content.decode()
    assert "folded into the framework of" in html
    assert "meeting cycle" in html
    assert "reporting cycle" in html


def test_inherited_focal_points_say_where_they_come_from(client, bukhara, nfp_uzbekistan):
    response = client.get(detail_url("BKD"))

    html = response.content.decode()
    entries = response.context["page"].focal_points
    assert [(e.role.contact.name, e.inherited_from.code) for e in entries] == [
        ("NFP Uzbekistan", "CMS")
    ]
    assert "via CMS" in html


def test_anonymous_sees_focal_point_names_but_not_their_email(client, bukhara, nfp_uzbekistan):
    response = client.get(detail_url("BKD"))

    html = response.content.decode()
    assert "NFP Uzbekistan" in html
    assert nfp_uzbekistan.email not in html
    assert "Sign in to see e-mail addresses" in html


def test_signed_in_partner_sees_focal_point_email(client, bukhara, nfp_uzbekistan, partner_cic):
    client.force_login(partner_cic)

    response = client.get(detail_url("BKD"))

    assert nfp_uzbekistan.email in response.content.decode()


def test_the_population_chart_gets_its_data_from_a_json_island(client, bukhara):
    f.make_estimate(species=bukhara.deer, year=2002, value=350)
    f.make_estimate(species=bukhara.deer, year=2020, value=None, minimum=3000, maximum=4000)

    response = client.get(detail_url("BKD"))

    html = response.content.decode()
    assert response.context["page"].chart["series"] == [
        {
            "label": "Bukhara deer",
            "points": [
                {"year": 2002, "value": 350, "min": None, "max": None},
                {"year": 2020, "value": None, "min": 3000, "max": 4000},
            ],
        }
    ]
    assert '<script id="population-data" type="application/json">' in html
    assert "vendor/chart.umd.min.js" in html
    assert "3,000–4,000" in html  # the table stays as the accessible fallback


def test_unpublished_instrument_is_not_found_by_the_public(client, bukhara):
    Instrument.objects.filter(pk=bukhara.bkd.pk).update(is_published=False)

    response = client.get(detail_url("BKD"))

    assert response.status_code == 404


def test_unpublished_instrument_is_visible_to_its_secretariat(client, bukhara, secretariat_officer):
    Instrument.objects.filter(pk=bukhara.bkd.pk).update(is_published=False)
    client.force_login(secretariat_officer)

    response = client.get(detail_url("BKD"))

    assert response.status_code == 200
    assert "unpublished" in response.content.decode()


def test_unknown_instrument_is_not_found(client, bukhara):
    assert client.get(detail_url("NOPE")).status_code == 404


# --- editing the details -----------------------------------------------------------------


def test_secretariat_edits_the_details_and_history_names_them(client, bukhara, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        edit_url("BKD"), edit_data(bukhara.bkd, short_name="Bukhara Deer Memorandum")
    )

    assert response.status_code == 302
    assert response.url == detail_url("BKD")
    bukhara.bkd.refresh_from_db()
    assert bukhara.bkd.short_name == "Bukhara Deer Memorandum"
    page = client.get(detail_url("BKD")).context["page"]
    latest = page.history[0]
    assert (latest.who, latest.action) == ("officer", "changed")
    assert [(c.field, c.old, c.new) for c in latest.changes] == [
        ("short name", "Bukhara Deer MOU", "Bukhara Deer Memorandum")
    ]


def test_htmx_edit_answers_with_a_client_redirect(client, bukhara, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        edit_url("BKD"), edit_data(bukhara.bkd, short_name="BKD MOU"), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == detail_url("BKD")


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic"])
def test_other_signed_in_roles_cannot_edit_the_details(client, bukhara, persona, request):
    client.force_login(request.getfixturevalue(persona))

    get = client.get(edit_url("BKD"))
    post = client.post(edit_url("BKD"), edit_data(bukhara.bkd, short_name="Hijacked"))

    assert (get.status_code, post.status_code) == (403, 403)
    bukhara.bkd.refresh_from_db()
    assert bukhara.bkd.short_name == "Bukhara Deer MOU"


def test_anonymous_is_sent_to_sign_in_and_nothing_is_written(client, bukhara):
    response = client.post(edit_url("BKD"), edit_data(bukhara.bkd, short_name="Hijacked"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    bukhara.bkd.refresh_from_db()
    assert bukhara.bkd.short_name == "Bukhara Deer MOU"


def test_staff_of_another_instrument_cannot_see_an_unpublished_one(client, bukhara):
    Instrument.objects.filter(pk=bukhara.bkd.pk).update(is_published=False)
    other = f.make_secretariat(instruments=[f.make_instrument(code="ASCOBANS")])
    client.force_login(other)

    assert client.get(edit_url("BKD")).status_code == 404


def test_dates_out_of_order_are_refused_with_the_message_and_nothing_is_written(
    client, bukhara, secretariat_officer
):
    client.force_login(secretariat_officer)

    response = client.post(
        edit_url("BKD"),
        edit_data(bukhara.bkd, short_name="Changed", in_effect_on="2001-01-01"),
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "in_effect_on": ["It cannot come into effect before it was concluded."]
    }
    assert "It cannot come into effect before it was concluded." in response.content.decode()
    bukhara.bkd.refresh_from_db()
    assert bukhara.bkd.short_name == "Bukhara Deer MOU"


def test_htmx_invalid_edit_gets_only_the_form_back(client, bukhara, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        edit_url("BKD"), edit_data(bukhara.bkd, short_name=""), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith("<form")
    assert "This field is required." in html


# --- members -----------------------------------------------------------------------------


def test_secretariat_adds_a_member_and_history_names_them(client, bukhara, secretariat_officer):
    mongolia = f.make_country("MN")
    client.force_login(secretariat_officer)

    response = client.post(
        reverse("instruments:membership-add", args=["BKD"]),
        {"country": "MN", "role": MembershipRole.RANGE_STATE, "effective_on": "2024-02-01"},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(instrument=bukhara.bkd, country=mongolia)
    assert (membership.role, membership.effective_on) == ("range_state", dt.date(2024, 2, 1))
    latest = client.get(detail_url("BKD")).context["page"].history[0]
    assert (latest.label, latest.action, latest.who) == (
        "Mongolia — Range State",
        "created",
        "officer",
    )


def test_a_second_current_membership_is_refused_with_the_message(
    client, bukhara, secretariat_officer
):
    client.force_login(secretariat_officer)
    before = Membership.objects.count()

    response = client.post(
        reverse("instruments:membership-add", args=["BKD"]),
        {"country": "UZ", "role": MembershipRole.SIGNATORY, "signed_on": "2002-05-16"},
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "This country is already a member of this instrument."
    ]
    assert Membership.objects.count() == before


def test_a_country_cannot_be_a_cooperating_organisation(client, bukhara, secretariat_officer):
    f.make_country("MN")
    client.force_login(secretariat_officer)

    response = client.post(
        reverse("instruments:membership-add", args=["BKD"]),
        {"country": "MN", "role": MembershipRole.COOPERATING_ORGANISATION},
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "role": ["A country cannot be a cooperating organisation."]
    }


def test_focal_point_cannot_add_a_member(client, bukhara, nfp_uzbekistan):
    f.make_country("MN")
    client.force_login(nfp_uzbekistan)
    before = Membership.objects.count()

    response = client.post(
        reverse("instruments:membership-add", args=["BKD"]),
        {"country": "MN", "role": MembershipRole.RANGE_STATE},
    )

    assert response.status_code == 403
    assert Membership.objects.count() == before


def test_secretariat_records_a_withdrawal(client, bukhara, secretariat_officer):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="TM")
    client.force_login(secretariat_officer)

    response = client.post(
        reverse("instruments:membership-withdraw", args=["BKD", membership.pk]),
        {"on": "2025-03-01"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.withdrawn_on == dt.date(2025, 3, 1)
    latest = client.get(detail_url("BKD")).context["page"].history[0]
    assert [(c.field, c.old, c.new) for c in latest.changes] == [("withdrawn", "—", "2025-03-01")]


def test_a_withdrawal_before_signature_is_refused_with_the_message(
    client, bukhara, secretariat_officer
):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="TM")
    client.force_login(secretariat_officer)

    response = client.post(
        reverse("instruments:membership-withdraw", args=["BKD", membership.pk]),
        {"on": "2001-01-01"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["on"] == [
        "The withdrawal date is before the start date."
    ]
    membership.refresh_from_db()
    assert membership.withdrawn_on is None


def test_partner_cannot_withdraw_a_member(client, bukhara, partner_cic):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="TM")
    client.force_login(partner_cic)

    response = client.post(
        reverse("instruments:membership-withdraw", args=["BKD", membership.pk]),
        {"on": "2025-03-01"},
    )

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.withdrawn_on is None


def test_withdrawal_address_must_name_the_membership_s_instrument(
    client, bukhara, secretariat_officer
):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="TM")
    client.force_login(secretariat_officer)

    response = client.get(reverse("instruments:membership-withdraw", args=["CMS", membership.pk]))

    assert response.status_code == 404


# --- query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_instrument_list_queries_do_not_grow_with_instruments(
    client, db, count, django_assert_max_num_queries
):
    for _ in range(count):
        instrument = f.make_instrument()
        f.make_membership(instrument=instrument, country=f.make_country("UZ"))

    with django_assert_max_num_queries(1):
        response = client.get(reverse("instruments:instrument-list"))

    assert len(response.context["instruments"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_instrument_page_queries_do_not_grow_with_members_roles_species_or_changes(
    client, bukhara, secretariat_officer, count, django_assert_max_num_queries
):
    codes = ["MN", "CN", "IN"][:count]
    for code in codes:
        country = f.make_country(code)
        f.make_membership(instrument=bukhara.bkd, country=country)
        contact = f.make_contact(country=country)
        f.make_role(contact=contact, instrument=bukhara.bkd, country=country)
        f.make_role(
            contact=f.make_contact(),
            instrument=bukhara.bkd,
            country=country,
            status="nominated",
            confirmed_on=None,
        )
        species = f.make_species()
        bukhara.bkd.species.add(species)
        f.make_estimate(species=species, year=2000)
        f.make_estimate(species=species, year=2010, country=country)
    for membership in Membership.objects.filter(instrument=bukhara.bkd)[:count]:
        membership.note = "changed"
        membership.save()
    client.force_login(secretariat_officer)

    with django_assert_max_num_queries(24):
        response = client.get(detail_url("BKD"))

    assert response.status_code == 200
    assert len(response.context["page"].nominations) == count
