"""The contacts and focal point role endpoints: who sees whose details, and a nomination's
life (nominated → confirmed → replaced or ended) through the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from meahub.contacts.enums import FocalPointKind, NominationStatus
from meahub.contacts.models import Contact, FocalPointRole
from meahub.tests import factories as f
from meahub.tests.api_helpers import DENIED_WRITERS, bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.fixture
def ranger(bukhara) -> Contact:  # type: ignore[no-untyped-def]
    """A contact point for the Bukhara Deer MOU, with details the public must not see."""
    contact = f.make_contact(
        name="Aziz Rangerov",
        email="aziz@example.org",
        phone="+998 71 000 00 00",
        address="Tashkent",
        country=f.make_country("UZ"),
        organisation=bukhara.cic,
    )
    f.make_role(
        contact=contact,
        instrument=bukhara.bkd,
        kind=FocalPointKind.CONTACT_POINT,
        country=contact.country,
    )
    return contact


@pytest.fixture
def stranger(db) -> Contact:  # type: ignore[no-untyped-def]
    """A contact holding no role: only signed-in users see them."""
    return f.make_contact(name="Zara Unlisted", email="zara@example.org")


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["name"] for item in response.json()["items"]]


# --- contacts: reading ---------------------------------------------------------------------


def test_public_sees_role_holders_without_their_details(client, ranger, stranger):
    response = client.get("/api/v1/contacts?q=ranger")

    assert response.json()["items"] == [
        {
            "id": ranger.pk,
            "name": "Aziz Rangerov",
            "honorific": "",
            "job_title": "",
            "organisation": "cic",
            "country": "UZ",
            "email": None,
            "phone": None,
            "address": None,
        }
    ]


def test_public_does_not_list_people_without_a_role(client, ranger, stranger):
    response = client.get("/api/v1/contacts")

    assert names(response) == ["Aziz Rangerov"]


def test_signed_in_user_sees_every_contact_and_their_details(client, partner_cic, ranger, stranger):
    response = client.get("/api/v1/contacts?q=a", headers=bearer(partner_cic))

    assert names(response) == ["Aziz Rangerov", "Zara Unlisted"]
    assert response.json()["items"][0]["email"] == "aziz@example.org"
    assert response.json()["items"][0]["phone"] == "+998 71 000 00 00"
    assert response.json()["items"][0]["address"] == "Tashkent"


def test_public_gets_a_contact_without_details(client, ranger):
    response = client.get(f"/api/v1/contacts/{ranger.pk}")

    assert response.status_code == 200
    assert (response.json()["email"], response.json()["phone"]) == (None, None)


def test_session_user_gets_a_contact_with_details(client, partner_cic, ranger):
    client.force_login(partner_cic)

    response = client.get(f"/api/v1/contacts/{ranger.pk}")

    assert response.json()["email"] == "aziz@example.org"


def test_public_gets_404_for_a_person_without_a_role(client, stranger):
    response = client.get(f"/api/v1/contacts/{stranger.pk}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=uz", ["Aziz Rangerov", "NFP Uzbekistan"]),
        ("organisation=cic", ["Aziz Rangerov"]),
        ("instrument=BKD", ["Aziz Rangerov"]),
        ("instrument=CMS", ["NFP Tajikistan", "NFP Uzbekistan"]),
        ("q=game", ["Aziz Rangerov"]),
    ],
)
def test_public_filters_and_searches_contacts(
    client, ranger, nfp_uzbekistan, nfp_tajikistan, query, expected
):
    response = client.get(f"/api/v1/contacts?{query}")

    assert names(response) == expected


def test_contact_list_pages_report_the_total_count(client, ranger, nfp_uzbekistan, nfp_tajikistan):
    response = client.get("/api/v1/contacts?limit=2&page=2")

    assert response.json()["count"] == 3
    assert names(response) == ["NFP Uzbekistan"]


@pytest.mark.parametrize("n", [1, 3])
def test_contact_list_queries_do_not_grow_with_items(
    client, bukhara, django_assert_max_num_queries, n
):
    for _ in range(n):
        contact = f.make_contact(organisation=bukhara.cic, country=f.make_country("KZ"))
        f.make_role(contact=contact, instrument=bukhara.bkd, country=contact.country)

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/contacts")

    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_signed_in_contact_list_queries_do_not_grow_with_items(
    client, partner_cic, django_assert_max_num_queries, n
):
    for _ in range(n):
        f.make_contact(organisation=partner_cic.partner_organisation)
    headers = bearer(partner_cic)

    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/contacts?organisation=cic", headers=headers)

    assert response.json()["count"] == n


# --- contacts: writing ---------------------------------------------------------------------


def test_secretariat_adds_a_contact(client, secretariat_officer, bukhara):
    response = client.post(
        "/api/v1/contacts",
        {"name": "Dilnoza Karimova", "email": "dilnoza@example.org", "country": "UZ"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    contact = Contact.objects.get(email="dilnoza@example.org")
    assert contact.country.code == "UZ"
    assert contact.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_add_a_contact(client, persona, status):
    response = client.post(
        "/api/v1/contacts",
        {"name": "Dilnoza Karimova", "email": "dilnoza@example.org"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert not Contact.objects.filter(email="dilnoza@example.org").exists()


def test_contact_with_a_malformed_email_is_refused(client, secretariat_officer):
    before = Contact.objects.count()

    response = client.post(
        "/api/v1/contacts",
        {"name": "Dilnoza Karimova", "email": "not an address"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"email": ["Enter a valid email address."]}
    assert Contact.objects.count() == before


def test_secretariat_updates_a_contact(client, secretariat_officer, ranger):
    response = client.patch(
        f"/api/v1/contacts/{ranger.pk}",
        {"job_title": "Head ranger", "organisation": None},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    ranger.refresh_from_db()
    assert (ranger.job_title, ranger.organisation) == ("Head ranger", None)
    assert ranger.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_update_someone_elses_contact(client, persona, status, ranger):
    response = client.patch(
        f"/api/v1/contacts/{ranger.pk}",
        {"phone": "+1 555 0100"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    ranger.refresh_from_db()
    assert ranger.phone == "+998 71 000 00 00"


def test_focal_point_keeps_their_own_contact_details_current(client, nfp_uzbekistan):
    contact = nfp_uzbekistan.contact

    response = client.patch(
        f"/api/v1/contacts/{contact.pk}",
        {"phone": "+998 71 123 45 67"},
        content_type="application/json",
        headers=bearer(nfp_uzbekistan),
    )

    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.phone == "+998 71 123 45 67"
    assert contact.history.first().history_user == nfp_uzbekistan


def test_focal_point_cannot_update_another_focal_points_contact(
    client, nfp_uzbekistan, nfp_tajikistan
):
    contact = nfp_uzbekistan.contact

    response = client.patch(
        f"/api/v1/contacts/{contact.pk}",
        {"phone": "+992 00 000 00 00"},
        content_type="application/json",
        headers=bearer(nfp_tajikistan),
    )

    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.phone == ""


def test_secretariat_deletes_a_contact_without_roles(client, secretariat_officer, stranger):
    response = client.delete(f"/api/v1/contacts/{stranger.pk}", headers=bearer(secretariat_officer))

    assert response.status_code == 204
    assert not Contact.objects.filter(pk=stranger.pk).exists()


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_delete_a_contact(client, persona, status, stranger):
    response = client.delete(f"/api/v1/contacts/{stranger.pk}", headers=bearer(persona))

    assert response.status_code == status
    assert Contact.objects.filter(pk=stranger.pk).exists()


def test_contact_holding_a_role_cannot_be_deleted(client, secretariat_officer, ranger):
    response = client.delete(f"/api/v1/contacts/{ranger.pk}", headers=bearer(secretariat_officer))

    assert response.status_code == 422
    assert response.json() == {
        "detail": "This person holds focal point roles; end them instead.",
        "errors": {"__all__": ["This person holds focal point roles; end them instead."]},
    }
    assert Contact.objects.filter(pk=ranger.pk).exists()


# --- focal point roles: reading ------------------------------------------------------------


def role_names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["contact"]["name"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("instrument=cms", ["NFP Tajikistan", "NFP Uzbekistan"]),
        ("instrument=BKD", ["Aziz Rangerov"]),
        ("country=UZ", ["Aziz Rangerov", "NFP Uzbekistan"]),
        ("kind=contact_point", ["Aziz Rangerov"]),
        ("status=confirmed&q=tajik", ["NFP Tajikistan"]),
        ("status=nominated", []),
    ],
)
def test_public_filters_focal_point_roles(
    client, ranger, nfp_uzbekistan, nfp_tajikistan, query, expected
):
    response = client.get(f"/api/v1/focal-point-roles?{query}")

    assert role_names(response) == expected


def test_public_filters_focal_point_roles_by_contact(client, ranger, nfp_uzbekistan):
    response = client.get(f"/api/v1/focal-point-roles?contact={ranger.pk}")

    assert role_names(response) == ["Aziz Rangerov"]


def test_unknown_role_status_filter_is_refused_naming_the_field(client, bukhara):
    response = client.get("/api/v1/focal-point-roles?status=retired")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["status"]


@pytest.mark.parametrize("n", [1, 3])
def test_focal_point_role_list_queries_do_not_grow_with_items(
    client, bukhara, django_assert_max_num_queries, n
):
    for _ in range(n):
        f.make_role(
            contact=f.make_contact(),
            instrument=bukhara.bkd,
            kind=FocalPointKind.SPECIES_FOCAL_POINT,
            species=bukhara.deer,
            organisation=bukhara.cic,
        )

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/focal-point-roles?instrument=BKD")

    assert response.json()["count"] == n


def test_public_gets_a_focal_point_role(client, ranger):
    role = ranger.roles.get()

    response = client.get(f"/api/v1/focal-point-roles/{role.pk}")

    assert response.json() == {
        "id": role.pk,
        "contact": {"id": ranger.pk, "name": "Aziz Rangerov"},
        "instrument": "BKD",
        "kind": "contact_point",
        "country": "UZ",
        "organisation": None,
        "species": None,
        "status": "confirmed",
        "nominated_on": "2020-01-01",
        "nomination_reference": "",
        "confirmed_on": "2020-02-01",
        "ended_on": None,
        "replaces": None,
    }


# --- focal point roles: nominate, confirm, end ---------------------------------------------


@pytest.fixture
def nominee(db) -> Contact:  # type: ignore[no-untyped-def]
    return f.make_contact(name="Farrukh Nominee", email="farrukh@example.org")


def nomination(contact: Contact, **overrides: object) -> dict[str, object]:
    return {
        "contact": contact.pk,
        "instrument": "BKD",
        "kind": "national_focal_point",
        "country": "UZ",
        "nominated_on": "2024-05-02",
        "nomination_reference": "Note verbale 12/345",
        **overrides,
    }


def test_secretariat_records_a_nomination(client, secretariat_officer, nominee):
    response = client.post(
        "/api/v1/focal-point-roles",
        nomination(nominee),
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 201
    role = FocalPointRole.objects.get(contact=nominee)
    assert (role.status, role.instrument.code, role.country.code) == ("nominated", "BKD", "UZ")
    assert role.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_record_a_nomination(client, persona, status, nominee):
    response = client.post(
        "/api/v1/focal-point-roles",
        nomination(nominee),
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    assert not FocalPointRole.objects.filter(contact=nominee).exists()


def test_nomination_in_an_instrument_the_user_does_not_serve_is_forbidden(client, bukhara, nominee):
    officer = f.make_secretariat(instruments=[f.make_instrument(code="ASCOBANS")])

    response = client.post(
        "/api/v1/focal-point-roles",
        nomination(nominee),
        content_type="application/json",
        headers=bearer(officer),
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "You are not allowed to do this.", "errors": {}}
    assert not FocalPointRole.objects.filter(contact=nominee).exists()


def test_nomination_in_an_unknown_instrument_is_refused(client, secretariat_officer, nominee):
    response = client.post(
        "/api/v1/focal-point-roles",
        nomination(nominee, instrument="NOPE"),
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Unknown instrument code 'NOPE'.",
        "errors": {"instrument": ["Unknown instrument code 'NOPE'."]},
    }
    assert not FocalPointRole.objects.filter(contact=nominee).exists()


def test_nomination_for_an_unknown_country_is_refused(client, secretariat_officer, nominee):
    response = client.post(
        "/api/v1/focal-point-roles",
        nomination(nominee, country="XX"),
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"country": ["Unknown country code 'XX'."]}
    assert not FocalPointRole.objects.filter(contact=nominee).exists()


def test_nomination_replacing_a_role_of_another_kind_is_refused(
    client, secretariat_officer, ranger, nominee
):
    response = client.post(
        "/api/v1/focal-point-roles",
        nomination(nominee, replaces=ranger.roles.get().pk),
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "replaces": [
            "A nomination can only replace a confirmed role of the same kind in the same "
            "instrument."
        ]
    }
    assert not FocalPointRole.objects.filter(contact=nominee).exists()


@pytest.fixture
def pending(bukhara, ranger, nominee) -> FocalPointRole:  # type: ignore[no-untyped-def]
    """A nomination for a new BKD contact point for Uzbekistan, replacing the ranger."""
    return f.make_role(
        contact=nominee,
        instrument=bukhara.bkd,
        kind=FocalPointKind.CONTACT_POINT,
        country=f.make_country("UZ"),
        status=NominationStatus.NOMINATED,
        nominated_on=dt.date(2024, 5, 2),
        confirmed_on=None,
        replaces=ranger.roles.get(),
    )


def test_secretariat_confirms_a_nomination_and_the_old_role_is_replaced(
    client, secretariat_officer, pending
):
    response = client.post(
        f"/api/v1/focal-point-roles/{pending.pk}/confirm",
        {"confirmed_on": "2024-06-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    pending.refresh_from_db()
    pending.replaces.refresh_from_db()
    assert (pending.status, pending.confirmed_on) == ("confirmed", dt.date(2024, 6, 1))
    assert (pending.replaces.status, pending.replaces.ended_on) == (
        "replaced",
        dt.date(2024, 6, 1),
    )
    assert pending.history.first().history_user == secretariat_officer


def test_confirmed_national_focal_point_gets_an_account(client, secretariat_officer, nominee):
    role = f.make_role(
        contact=nominee,
        instrument=secretariat_officer.instruments_served.get(),
        country=f.make_country("KZ"),
        status=NominationStatus.NOMINATED,
        confirmed_on=None,
    )

    response = client.post(
        f"/api/v1/focal-point-roles/{role.pk}/confirm",
        {"confirmed_on": "2024-06-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    nominee.refresh_from_db()
    assert nominee.user.username == "farrukh@example.org"
    assert [message.to for message in mail.outbox] == [["farrukh@example.org"]]


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_confirm_a_nomination(client, persona, status, pending):
    response = client.post(
        f"/api/v1/focal-point-roles/{pending.pk}/confirm",
        {"confirmed_on": "2024-06-01"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    pending.refresh_from_db()
    assert pending.status == NominationStatus.NOMINATED


def test_confirmation_before_the_nomination_is_refused(client, secretariat_officer, pending):
    response = client.post(
        f"/api/v1/focal-point-roles/{pending.pk}/confirm",
        {"confirmed_on": "2024-01-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "confirmed_on": ["The confirmation date is before the nomination date."]
    }
    pending.refresh_from_db()
    pending.replaces.refresh_from_db()
    assert (pending.status, pending.replaces.status) == ("nominated", "confirmed")


def test_confirmed_role_cannot_be_confirmed_again(client, secretariat_officer, ranger):
    role = ranger.roles.get()

    response = client.post(
        f"/api/v1/focal-point-roles/{role.pk}/confirm",
        {"confirmed_on": "2024-06-01"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "status": ["Only a nomination can be confirmed; this role is confirmed."]
    }


def test_secretariat_ends_a_role(client, secretariat_officer, ranger):
    role = ranger.roles.get()

    response = client.post(
        f"/api/v1/focal-point-roles/{role.pk}/end",
        {"ended_on": "2024-12-31"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 200
    role.refresh_from_db()
    assert (role.status, role.ended_on) == ("ended", dt.date(2024, 12, 31))
    assert role.history.first().history_user == secretariat_officer


@pytest.mark.parametrize(("persona", "status"), DENIED_WRITERS, indirect=["persona"])
def test_others_cannot_end_a_role(client, persona, status, ranger):
    role = ranger.roles.get()

    response = client.post(
        f"/api/v1/focal-point-roles/{role.pk}/end",
        {"ended_on": "2024-12-31"},
        content_type="application/json",
        headers=bearer(persona),
    )

    assert response.status_code == status
    role.refresh_from_db()
    assert role.status == NominationStatus.CONFIRMED


def test_role_ending_before_its_nomination_is_refused(client, secretariat_officer, ranger):
    role = ranger.roles.get()

    response = client.post(
        f"/api/v1/focal-point-roles/{role.pk}/end",
        {"ended_on": "2019-12-31"},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "The end date is before the nomination date.",
        "errors": {"ended_on": ["The end date is before the nomination date."]},
    }
    role.refresh_from_db()
    assert (role.status, role.ended_on) == ("confirmed", None)


def test_role_end_without_a_date_is_refused_naming_the_field(client, secretariat_officer, ranger):
    role = ranger.roles.get()

    response = client.post(
        f"/api/v1/focal-point-roles/{role.pk}/end",
        {},
        content_type="application/json",
        headers=bearer(secretariat_officer),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"ended_on": ["Field required"]}
