"""The role matrix: every permission predicate, for every persona, with data that could leak."""

from __future__ import annotations

import pytest

from meahub.permissions import registers, roles
from meahub.tests import factories as f

PERSONAS = ["secretariat_officer", "nfp_uzbekistan", "partner_cic", "anonymous"]


@pytest.fixture
def persona(request, bukhara):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_only_staff_serving_the_family_edit_an_instrument(persona, allowed, bukhara):
    assert registers.can_edit_instrument(persona, bukhara.bkd) is allowed
    assert registers.can_manage_focal_points(persona, bukhara.bkd) is allowed


def test_staff_of_another_instrument_cannot_edit_this_one(bukhara):
    other = f.make_instrument(code="ASCOBANS")
    officer = f.make_secretariat(instruments=[other])

    assert registers.can_edit_instrument(officer, bukhara.bkd) is False
    assert registers.can_edit_instrument(officer, other) is True


@pytest.mark.parametrize(
    ("persona", "sees_draft"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_unpublished_instrument_is_seen_by_its_staff_only(persona, sees_draft, bukhara):
    draft = f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)
    f.make_membership(instrument=draft, country=f.make_country("UZ"))

    visible = set(registers.instruments_visible_to(persona).values_list("code", flat=True))
    memberships = registers.memberships_visible_to(persona).filter(instrument=draft)

    assert ("DRAFT" in visible) is sees_draft
    assert {"CMS", "CAMI", "BKD"} <= visible
    assert memberships.exists() is sees_draft


@pytest.mark.parametrize(
    ("persona", "sees_details"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", True),
        ("partner_cic", True),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_contact_details_are_for_signed_in_users_only(persona, sees_details):
    assert registers.can_view_contact_details(persona) is sees_details


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("secretariat_officer", True),
        ("nfp_uzbekistan", False),
        ("partner_cic", False),
        ("anonymous", False),
    ],
    indirect=["persona"],
)
def test_only_secretariat_edits_shared_registers(persona, allowed):
    assert registers.can_edit_shared_registers(persona) is allowed
    assert registers.can_edit_species(persona) is allowed


def test_focal_point_edits_own_contact_but_not_another(nfp_uzbekistan, nfp_tajikistan):
    own = nfp_uzbekistan.contact
    other = nfp_tajikistan.contact

    assert registers.can_edit_contact(nfp_uzbekistan, own) is True
    assert registers.can_edit_contact(nfp_uzbekistan, other) is False


def test_cms_focal_point_is_focal_point_of_the_mou_through_cami(bukhara, nfp_uzbekistan):
    assert roles.focal_point_countries(nfp_uzbekistan, bukhara.cms) == {"UZ"}
    assert roles.focal_point_countries(nfp_uzbekistan, bukhara.bkd) == {"UZ"}
    assert roles.focal_point_countries(nfp_uzbekistan, bukhara.cami) == {"UZ"}


def test_inherited_focal_point_counts_only_for_members(bukhara):
    germany_nfp = f.make_focal_point(instrument=bukhara.cms, country=f.make_country("DE"))

    assert roles.focal_point_countries(germany_nfp, bukhara.cms) == {"DE"}
    assert roles.focal_point_countries(germany_nfp, bukhara.bkd) == set()


def test_partner_is_bound_to_its_organisation(partner_cic, bukhara):
    assert roles.partner_organisation(partner_cic) == bukhara.cic
    assert roles.role_names(partner_cic) == ["partner"]


def test_role_names_for_each_persona(secretariat_officer, nfp_uzbekistan, anonymous):
    assert roles.role_names(secretariat_officer) == ["secretariat"]
    assert roles.role_names(nfp_uzbekistan) == ["focal point"]
    assert roles.role_names(anonymous) == ["public"]


def test_inactive_user_has_no_rights(secretariat_officer, bukhara):
    secretariat_officer.is_active = False
    secretariat_officer.save()

    assert registers.can_edit_instrument(secretariat_officer, bukhara.bkd) is False


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [
        ("secretariat_officer", "ok"),
        ("nfp_uzbekistan", "403"),
        ("partner_cic", "403"),
        ("anonymous", "403"),
    ],
    indirect=["persona"],
)
def test_fetchers_for_focal_points_and_species_follow_the_role(persona, outcome, bukhara):
    from django.core.exceptions import PermissionDenied

    fetchers = [
        lambda: registers.get_instrument_for_focal_points(persona, "BKD"),
        lambda: registers.get_species_for_edit(persona, bukhara.deer.slug),
    ]
    for fetch in fetchers:
        if outcome == "ok":
            assert fetch() is not None
        else:
            with pytest.raises(PermissionDenied):
                fetch()


def test_unpublished_instrument_is_not_found_for_focal_point_management(bukhara, nfp_uzbekistan):
    from django.http import Http404

    f.make_instrument(code="DRAFT", parent=bukhara.cms, is_published=False)

    with pytest.raises(Http404):
        registers.get_instrument_for_focal_points(nfp_uzbekistan, "DRAFT")


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("secretariat_officer", True), ("nfp_uzbekistan", True), ("anonymous", False)],
    indirect=["persona"],
)
def test_nomination_letters_are_for_signed_in_users(persona, allowed, bukhara):
    from django.core.exceptions import PermissionDenied

    role = f.make_role(
        contact=f.make_contact(), instrument=bukhara.bkd, country=f.make_country("UZ")
    )

    if allowed:
        assert registers.get_role_for_letter(persona, role.pk) == role
    else:
        with pytest.raises(PermissionDenied):
            registers.get_role_for_letter(persona, role.pk)
