"""The nomination lifecycle: nominated → confirmed → replaced or ended, and the account."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meahub.accounts.models import User
from meahub.contacts import services
from meahub.contacts.enums import FocalPointKind, NominationStatus
from meahub.contacts.models import FocalPointRole
from meahub.contacts.selectors import instrument_focal_points
from meahub.permissions.roles import focal_point_countries
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db


def _nominate(officer, instrument, contact, country, **kwargs):  # type: ignore[no-untyped-def]
    return services.nominate_focal_point(
        instrument=instrument,
        contact=contact,
        kind=FocalPointKind.NATIONAL_FOCAL_POINT,
        country=country,
        nominated_on=dt.date(2024, 3, 1),
        by=officer,
        **kwargs,
    )


def test_secretariat_records_a_nomination_with_its_letter(bukhara, secretariat_officer):
    contact = f.make_contact(name="Aziza Karimova")
    letter = SimpleUploadedFile("note-verbale.pdf", b"%PDF-1.4 letter", "application/pdf")

    role = _nominate(
        secretariat_officer,
        bukhara.cms,
        contact,
        f.make_country("UZ"),
        nomination_reference="NV 12/2024",
        nomination_letter=letter,
    )

    assert role.status == NominationStatus.NOMINATED
    assert role.nomination_letter.name.startswith("nominations/CMS/note-verbale")
    assert role.history.first().history_user == secretariat_officer


def test_nomination_letter_of_a_forbidden_type_is_refused(bukhara, secretariat_officer):
    contact = f.make_contact()
    letter = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")

    with pytest.raises(ValidationError) as error:
        _nominate(
            secretariat_officer,
            bukhara.cms,
            contact,
            f.make_country("UZ"),
            nomination_letter=letter,
        )

    assert error.value.message_dict == {
        "nomination_letter": ["virus.exe: upload a PDF, Word document or image."]
    }
    assert FocalPointRole.objects.count() == 0


def test_confirmed_focal_point_gets_an_account_and_country_rights(bukhara, secretariat_officer):
    contact = f.make_contact(name="Aziza Karimova", email="aziza@example.org")
    role = _nominate(secretariat_officer, bukhara.cms, contact, f.make_country("UZ"))

    services.confirm_nomination(role=role, by=secretariat_officer, on=dt.date(2024, 3, 5))

    contact.refresh_from_db()
    user = User.objects.get(username="aziza@example.org")
    assert contact.user == user
    assert user.has_usable_password() is False
    assert focal_point_countries(user, bukhara.cms) == {"UZ"}
    assert focal_point_countries(user, bukhara.bkd) == {"UZ"}
    assert [m.to for m in mail.outbox] == [["aziza@example.org"]]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_nominated_but_unconfirmed_focal_point_has_no_rights(bukhara, secretariat_officer):
    user = f.make_user(email="waiting@example.org")
    contact = f.make_contact(email="waiting@example.org", user=user)

    _nominate(secretariat_officer, bukhara.cms, contact, f.make_country("UZ"))

    assert focal_point_countries(user, bukhara.cms) == set()


def test_replaced_focal_point_loses_rights_and_successor_gains_them(
    bukhara, secretariat_officer, nfp_uzbekistan
):
    old_role = nfp_uzbekistan.contact.roles.get()
    successor = f.make_contact(name="New Focal Point", email="new.nfp@example.org")
    new_role = _nominate(
        secretariat_officer, bukhara.cms, successor, f.make_country("UZ"), replaces=old_role
    )

    services.confirm_nomination(role=new_role, by=secretariat_officer, on=dt.date(2024, 4, 1))

    old_role.refresh_from_db()
    assert old_role.status == NominationStatus.REPLACED
    assert old_role.ended_on == dt.date(2024, 4, 1)
    assert focal_point_countries(nfp_uzbekistan, bukhara.cms) == set()
    successor.refresh_from_db()
    assert focal_point_countries(successor.user, bukhara.cms) == {"UZ"}


def test_change_of_cms_focal_point_shows_on_the_mou(bukhara, secretariat_officer, nfp_uzbekistan):
    old_role = nfp_uzbekistan.contact.roles.get()
    successor = f.make_contact(name="New Focal Point", email="new.nfp@example.org")
    new_role = _nominate(
        secretariat_officer, bukhara.cms, successor, f.make_country("UZ"), replaces=old_role
    )

    services.confirm_nomination(role=new_role, by=secretariat_officer, on=dt.date(2024, 4, 1))

    on_mou = [
        (e.role.contact.name, e.inherited_from.code if e.inherited_from else None)
        for e in instrument_focal_points(bukhara.bkd)
    ]
    assert on_mou == [("New Focal Point", "CMS")]


def test_confirming_without_email_is_refused_and_writes_nothing(bukhara, secretariat_officer):
    contact = f.make_contact(email="")
    role = _nominate(secretariat_officer, bukhara.cms, contact, f.make_country("UZ"))

    with pytest.raises(ValidationError) as error:
        services.confirm_nomination(role=role, by=secretariat_officer, on=dt.date(2024, 3, 5))

    role.refresh_from_db()
    assert error.value.message_dict["email"] == [
        f"{contact.name} has no e-mail address: add one so the focal point can sign in, "
        "then confirm."
    ]
    assert role.status == NominationStatus.NOMINATED
    assert User.objects.filter(contact=contact).count() == 0


def test_confirmation_before_nomination_date_is_refused(bukhara, secretariat_officer):
    contact = f.make_contact()
    role = _nominate(secretariat_officer, bukhara.cms, contact, f.make_country("UZ"))

    with pytest.raises(ValidationError) as error:
        services.confirm_nomination(role=role, by=secretariat_officer, on=dt.date(2024, 1, 1))

    assert error.value.message_dict["confirmed_on"] == [
        "The confirmation date is before the nomination date."
    ]
    role.refresh_from_db()
    assert role.status == NominationStatus.NOMINATED


def test_ended_role_removes_rights(bukhara, secretariat_officer, nfp_uzbekistan):
    role = nfp_uzbekistan.contact.roles.get()

    services.end_role(role=role, by=secretariat_officer, on=dt.date(2024, 6, 30))

    assert focal_point_countries(nfp_uzbekistan, bukhara.cms) == set()


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic", "anonymous"])
def test_only_secretariat_can_nominate(request, bukhara, persona):
    user = request.getfixturevalue(persona)
    contact = f.make_contact()

    with pytest.raises(PermissionDenied):
        _nominate(user, bukhara.cms, contact, f.make_country("UZ"))

    assert FocalPointRole.objects.filter(contact=contact).count() == 0


def test_species_focal_point_needs_a_species(bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        services.nominate_focal_point(
            instrument=bukhara.cami,
            contact=f.make_contact(),
            kind=FocalPointKind.SPECIES_FOCAL_POINT,
            nominated_on=dt.date(2020, 10, 19),
            by=secretariat_officer,
        )

    assert error.value.message_dict == {"species": ["A species focal point needs a species."]}


def test_inherited_species_focal_point_shows_on_the_mou(bukhara, secretariat_officer):
    role = services.nominate_focal_point(
        instrument=bukhara.cami,
        contact=f.make_contact(name="Olga Pereladova", email=""),
        kind=FocalPointKind.SPECIES_FOCAL_POINT,
        species=bukhara.deer,
        nominated_on=dt.date(2020, 10, 19),
        by=secretariat_officer,
    )
    services.confirm_nomination(role=role, by=secretariat_officer, on=dt.date(2020, 10, 22))

    entries = instrument_focal_points(bukhara.bkd)

    assert [
        (e.role.contact.name, e.inherited_from.code if e.inherited_from else None) for e in entries
    ] == [("Olga Pereladova", "CAMI")]


def test_focal_point_updates_own_contact_details(nfp_uzbekistan):
    contact = nfp_uzbekistan.contact

    services.update_contact(contact=contact, by=nfp_uzbekistan, phone="+998 71 000 00 00")

    contact.refresh_from_db()
    assert contact.phone == "+998 71 000 00 00"
    assert contact.history.first().history_user == nfp_uzbekistan


def test_focal_point_cannot_update_another_countrys_contact(nfp_uzbekistan, nfp_tajikistan):
    with pytest.raises(PermissionDenied):
        services.update_contact(contact=nfp_tajikistan.contact, by=nfp_uzbekistan, phone="0")


def test_new_person_is_added_with_their_nomination(bukhara, secretariat_officer):
    role = services.nominate_new_focal_point(
        instrument=bukhara.cms,
        contact_details={"name": "Nodira Usmonova", "email": "nodira@example.org"},
        kind=FocalPointKind.NATIONAL_FOCAL_POINT,
        country=f.make_country("UZ"),
        nominated_on=dt.date(2024, 3, 1),
        by=secretariat_officer,
    )

    assert (role.contact.name, role.status) == ("Nodira Usmonova", NominationStatus.NOMINATED)
    assert role.contact.history.first().history_user == secretariat_officer


def test_refused_nomination_does_not_add_the_new_person(bukhara, secretariat_officer):
    from meahub.contacts.models import Contact

    with pytest.raises(ValidationError):
        services.nominate_new_focal_point(
            instrument=bukhara.cami,
            contact_details={"name": "Nobody Added"},
            kind=FocalPointKind.SPECIES_FOCAL_POINT,
            nominated_on=dt.date(2024, 3, 1),
            by=secretariat_officer,
        )

    assert not Contact.objects.filter(name="Nobody Added").exists()
