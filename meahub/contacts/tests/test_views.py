import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meahub.contacts.enums import FocalPointKind, NominationStatus
from meahub.contacts.models import Contact, FocalPointRole
from meahub.tests import factories as f


def contact_url(contact: Contact) -> str:
    return reverse("contacts:contact-detail", args=[contact.pk])


@pytest.fixture
def turkmen_contact_point(bukhara):
    contact = f.make_contact(name="Contact Point Turkmenistan", phone="+993 12 34 56")
    return f.make_role(
        contact=contact,
        instrument=bukhara.bkd,
        kind=FocalPointKind.CONTACT_POINT,
        country=f.make_country("TM"),
        nomination_reference="Note verbale 12/2012",
    )


# --- the contact page --------------------------------------------------------------------


def test_anonymous_sees_the_roles_but_not_the_details(client, turkmen_contact_point):
    contact = turkmen_contact_point.contact

    response = client.get(contact_url(contact))

    html = response.content.decode()
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].roles] == [turkmen_contact_point.pk]
    assert "Note verbale 12/2012" in html
    assert contact.email not in html
    assert contact.phone not in html


def test_signed_in_focal_point_sees_the_details(client, turkmen_contact_point, nfp_uzbekistan):
    contact = turkmen_contact_point.contact
    client.force_login(nfp_uzbekistan)

    response = client.get(contact_url(contact))

    html = response.content.decode()
    assert contact.email in html
    assert contact.phone in html


def test_a_person_without_a_visible_role_is_not_found_by_the_public(client, db):
    loner = f.make_contact()

    assert client.get(contact_url(loner)).status_code == 404


# --- a focal point keeps their own details current ------------------------------------------


def contact_data(contact: Contact, **changes: str) -> dict[str, str]:
    data = {
        "honorific": "",
        "name": contact.name,
        "job_title": "",
        "email": contact.email,
        "phone": contact.phone,
        "address": "",
    }
    data.update(changes)
    return data


def test_focal_point_edits_their_own_phone_and_history_names_them(client, nfp_uzbekistan):
    contact = nfp_uzbekistan.contact
    client.force_login(nfp_uzbekistan)

    response = client.post(
        reverse("contacts:contact-edit", args=[contact.pk]),
        contact_data(contact, phone="+998 71 000 00 00"),
    )

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "+998 71 000 00 00"
    assert contact.history.first().history_user == nfp_uzbekistan


def test_focal_point_cannot_edit_another_person(client, nfp_uzbekistan, nfp_tajikistan):
    other = nfp_tajikistan.contact
    client.force_login(nfp_uzbekistan)

    response = client.post(
        reverse("contacts:contact-edit", args=[other.pk]), contact_data(other, phone="0")
    )

    assert response.status_code == 403
    other.refresh_from_db()
    assert other.phone == ""


def test_an_invalid_email_is_refused_with_the_message(client, nfp_uzbekistan):
    contact = nfp_uzbekistan.contact
    client.force_login(nfp_uzbekistan)

    response = client.post(
        reverse("contacts:contact-edit", args=[contact.pk]),
        contact_data(contact, email="not-an-address"),
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    contact.refresh_from_db()
    assert contact.email == nfp_uzbekistan.email


# --- the nomination lifecycle ------------------------------------------------------------


def nominate_url(code: str) -> str:
    return reverse("contacts:focal-point-nominate", args=[code])


def test_secretariat_nominates_a_new_person_with_the_letter(client, bukhara, secretariat_officer):
    f.make_country("KZ")
    client.force_login(secretariat_officer)
    letter = SimpleUploadedFile("nomination.pdf", b"%PDF-1.4 letter", "application/pdf")

    response = client.post(
        nominate_url("BKD"),
        {
            "new_name": "Aigerim Demo",
            "new_email": "aigerim@example.org",
            "kind": FocalPointKind.CONTACT_POINT,
            "country": "KZ",
            "nominated_on": "2025-01-10",
            "nomination_reference": "NV 2025/1",
            "nomination_letter": letter,
        },
    )

    assert response.status_code == 302
    role = FocalPointRole.objects.get(contact__name="Aigerim Demo")
    assert (role.instrument, role.status, role.country.code) == (bukhara.bkd, "nominated", "KZ")
    with role.nomination_letter.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 letter"
    assert role.history.first().history_user == secretariat_officer


def test_a_letter_of_the_wrong_type_is_refused_and_nothing_is_written(
    client, bukhara, secretariat_officer
):
    client.force_login(secretariat_officer)
    letter = SimpleUploadedFile("nomination.exe", b"MZ", "application/octet-stream")

    response = client.post(
        nominate_url("BKD"),
        {
            "new_name": "Aigerim Demo",
            "new_email": "aigerim@example.org",
            "kind": FocalPointKind.CONTACT_POINT,
            "country": "KZ",
            "nominated_on": "2025-01-10",
            "nomination_letter": letter,
        },
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "nomination_letter": ["nomination.exe: upload a PDF, Word document or image."]
    }
    assert not Contact.objects.filter(name="Aigerim Demo").exists()


def test_a_nomination_names_a_known_person_or_a_new_one(client, bukhara, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        nominate_url("BKD"),
        {"kind": FocalPointKind.CONTACT_POINT, "country": "KZ", "nominated_on": "2025-01-10"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "contact": ["Choose a person from the register or give a new person's name."]
    }


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic"])
def test_other_roles_cannot_nominate(client, bukhara, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        nominate_url("BKD"),
        {
            "new_name": "Someone",
            "kind": FocalPointKind.CONTACT_POINT,
            "country": "KZ",
            "nominated_on": "2025-01-10",
        },
    )

    assert response.status_code == 403
    assert not Contact.objects.filter(name="Someone").exists()


def test_secretariat_confirms_a_nomination_and_the_person_gets_an_account(
    client, bukhara, secretariat_officer
):
    kazakhstan = f.make_country("KZ")
    contact = f.make_contact(name="Nominee", email="nominee@example.org")
    role = f.make_role(
        contact=contact,
        instrument=bukhara.cms,
        country=kazakhstan,
        status=NominationStatus.NOMINATED,
        confirmed_on=None,
    )
    client.force_login(secretariat_officer)

    response = client.post(reverse("contacts:role-confirm", args=[role.pk]), {"on": "2025-02-01"})

    assert response.status_code == 302
    role.refresh_from_db()
    assert (role.status, role.confirmed_on) == ("confirmed", dt.date(2025, 2, 1))
    assert [m.to for m in mail.outbox] == [["nominee@example.org"]]


def test_confirming_a_nomination_without_email_shows_why(client, bukhara, secretariat_officer):
    contact = f.make_contact(name="No Mail", email="")
    role = f.make_role(
        contact=contact,
        instrument=bukhara.cms,
        country=f.make_country("KZ"),
        status=NominationStatus.NOMINATED,
        confirmed_on=None,
    )
    client.force_login(secretariat_officer)

    response = client.post(reverse("contacts:role-confirm", args=[role.pk]), {"on": "2025-02-01"})

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "No Mail has no e-mail address: add one so the focal point can sign in, then confirm."
    ]
    role.refresh_from_db()
    assert role.status == "nominated"


def test_secretariat_ends_a_role(client, turkmen_contact_point, secretariat_officer):
    client.force_login(secretariat_officer)

    response = client.post(
        reverse("contacts:role-end", args=[turkmen_contact_point.pk]), {"on": "2025-06-30"}
    )

    assert response.status_code == 302
    turkmen_contact_point.refresh_from_db()
    assert (turkmen_contact_point.status, turkmen_contact_point.ended_on) == (
        "ended",
        dt.date(2025, 6, 30),
    )


def test_focal_point_cannot_end_a_role(client, turkmen_contact_point, nfp_uzbekistan):
    client.force_login(nfp_uzbekistan)

    response = client.post(
        reverse("contacts:role-end", args=[turkmen_contact_point.pk]), {"on": "2025-06-30"}
    )

    assert response.status_code == 403
    turkmen_contact_point.refresh_from_db()
    assert turkmen_contact_point.status == "confirmed"


def test_a_replacement_takes_over_once_confirmed(
    client, turkmen_contact_point, secretariat_officer
):
    client.force_login(secretariat_officer)

    client.post(
        reverse("contacts:role-replace", args=[turkmen_contact_point.pk]),
        {
            "new_name": "New Contact Point",
            "new_email": "new.tm@example.org",
            "nominated_on": "2025-03-01",
        },
    )
    successor = FocalPointRole.objects.get(contact__name="New Contact Point")
    response = client.post(
        reverse("contacts:role-confirm", args=[successor.pk]), {"on": "2025-03-15"}
    )

    assert response.status_code == 302
    turkmen_contact_point.refresh_from_db()
    successor.refresh_from_db()
    assert (successor.replaces, successor.kind, successor.country.code, successor.status) == (
        turkmen_contact_point,
        "contact_point",
        "TM",
        "confirmed",
    )
    assert turkmen_contact_point.status == "replaced"


def test_the_nomination_letter_is_for_signed_in_users(
    client, turkmen_contact_point, nfp_uzbekistan
):
    turkmen_contact_point.nomination_letter = SimpleUploadedFile("letter.pdf", b"%PDF letter")
    turkmen_contact_point.save()
    url = reverse("contacts:role-letter", args=[turkmen_contact_point.pk])

    anonymous = client.get(url)
    client.force_login(nfp_uzbekistan)
    signed_in = client.get(url)

    assert anonymous.status_code == 302
    assert signed_in.status_code == 200
    content = b"".join(signed_in.streaming_content)
    signed_in.close()
    assert content == b"%PDF letter"
