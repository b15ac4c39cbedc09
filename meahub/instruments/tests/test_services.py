"""Memberships, relations and instrument edits: what staff can do and what bad input gets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meahub.instruments import services
from meahub.instruments.enums import MembershipRole
from meahub.instruments.models import Instrument, Membership
from meahub.tests import factories as f

pytestmark = pytest.mark.django_db


def test_secretariat_adds_a_signatory_and_history_names_them(bukhara, secretariat_officer):
    country = f.make_country("MN")

    membership = services.add_membership(
        instrument=bukhara.bkd,
        country=country,
        role=MembershipRole.SIGNATORY,
        signed_on=dt.date(2021, 1, 5),
        by=secretariat_officer,
    )

    record = membership.history.first()
    assert record.history_user == secretariat_officer
    assert record.history_type == "+"


def test_duplicate_membership_is_refused_and_nothing_written(bukhara, secretariat_officer):
    before = Membership.objects.count()

    with pytest.raises(ValidationError) as error:
        services.add_membership(
            instrument=bukhara.bkd,
            country=f.make_country("UZ"),
            role=MembershipRole.SIGNATORY,
            by=secretariat_officer,
        )

    assert error.value.messages == ["This country is already a member of this instrument."]
    assert Membership.objects.count() == before


def test_withdrawal_before_signature_is_refused(bukhara, secretariat_officer):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="UZ")

    with pytest.raises(ValidationError) as error:
        services.withdraw_membership(
            membership=membership, by=secretariat_officer, on=dt.date(2001, 1, 1)
        )

    assert error.value.message_dict == {
        "withdrawn_on": ["The withdrawal date is before the start date."]
    }
    membership.refresh_from_db()
    assert membership.withdrawn_on is None


def test_country_that_withdrew_may_join_again(bukhara, secretariat_officer):
    membership = Membership.objects.get(instrument=bukhara.bkd, country__code="TM")
    services.withdraw_membership(
        membership=membership, by=secretariat_officer, on=dt.date(2010, 1, 1)
    )

    again = services.add_membership(
        instrument=bukhara.bkd,
        country=f.make_country("TM"),
        role=MembershipRole.SIGNATORY,
        signed_on=dt.date(2015, 1, 1),
        by=secretariat_officer,
    )

    assert list(
        Membership.objects.filter(instrument=bukhara.bkd, country__code="TM").order_by("pk")
    ) == [membership, again]


def test_country_cannot_be_a_cooperating_organisation(bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        services.add_membership(
            instrument=bukhara.bkd,
            country=f.make_country("MN"),
            role=MembershipRole.COOPERATING_ORGANISATION,
            by=secretariat_officer,
        )

    assert error.value.message_dict == {"role": ["A country cannot be a cooperating organisation."]}


def test_member_must_be_a_country_or_an_organisation(bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        services.add_membership(
            instrument=bukhara.bkd, role=MembershipRole.SIGNATORY, by=secretariat_officer
        )

    assert error.value.message_dict["country"] == [
        "Choose either a country or an organisation, not both."
    ]


@pytest.mark.parametrize("persona", ["nfp_uzbekistan", "partner_cic", "anonymous"])
def test_only_staff_add_memberships(request, bukhara, persona):
    user = request.getfixturevalue(persona)
    before = Membership.objects.count()

    with pytest.raises(PermissionDenied):
        services.add_membership(
            instrument=bukhara.bkd,
            country=f.make_country("MN"),
            role=MembershipRole.SIGNATORY,
            by=user,
        )

    assert Membership.objects.count() == before


def test_staff_of_another_instrument_cannot_add_members_here(bukhara):
    officer = f.make_secretariat(instruments=[f.make_instrument(code="EUROBATS")])

    with pytest.raises(PermissionDenied):
        services.add_membership(
            instrument=bukhara.bkd,
            country=f.make_country("MN"),
            role=MembershipRole.SIGNATORY,
            by=officer,
        )


def test_instrument_in_effect_before_concluded_is_refused(bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        services.update_instrument(
            instrument=bukhara.bkd, by=secretariat_officer, in_effect_on=dt.date(2000, 1, 1)
        )

    assert error.value.message_dict == {
        "in_effect_on": ["It cannot come into effect before it was concluded."]
    }
    bukhara.bkd.refresh_from_db()
    assert bukhara.bkd.in_effect_on is None


def test_instrument_code_must_look_like_a_symbol(bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        services.create_instrument(
            by=secretariat_officer,
            code="bad code",
            kind="mou",
            short_name="X",
            full_name="X",
            parent=bukhara.cms,
        )

    assert error.value.message_dict["code"] == [
        "Use 2 to 16 capital letters, digits or hyphens, starting with a letter (e.g. BKD)."
    ]
    assert not Instrument.objects.filter(short_name="X").exists()


def test_family_cannot_become_a_loop(bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        services.update_instrument(
            instrument=bukhara.cms, by=secretariat_officer, parent_id=bukhara.bkd.pk
        )

    assert error.value.message_dict == {"parent": ["This parent would make the family a loop."]}


def test_instrument_with_members_cannot_be_deleted(bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        services.delete_instrument(instrument=bukhara.bkd, by=secretariat_officer)

    assert error.value.messages == ["BKD still has memberships; remove them first."]


def test_relation_to_itself_is_refused(bukhara, secretariat_officer):
    with pytest.raises(ValidationError) as error:
        services.relate_instruments(
            source=bukhara.bkd, target=bukhara.bkd, kind="aligned_with", by=secretariat_officer
        )

    assert error.value.message_dict["target"] == ["An instrument cannot relate to itself."]
