"""Who may see and change the registers: instruments, memberships, relations, countries,
organisations, contacts and focal points, species and population estimates.

Rules:
- the public reads published instruments and everything attached to them, species, countries
  and organisations; contact details (e-mail, phone, address) only when signed in;
- secretariat staff edit instruments they serve (and their families), their memberships,
  relations, focal points and species; shared registers (countries, organisations, contacts,
  species) are edited by any secretariat staff;
- a national focal point edits their own contact record (to keep it current);
- a partner reads what the public reads, signed in.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from meahub.contacts.models import Contact, FocalPointRole
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.permissions.roles import (
    AnyUser,
    is_secretariat,
    is_signed_in,
    served_instrument_ids,
    serves_instrument,
)
from meahub.species.models import PopulationEstimate, Species

# --- instruments ---------------------------------------------------------------------------


def instruments_visible_to(user: AnyUser) -> QuerySet[Instrument]:
    """Published instruments, plus the unpublished ones the user serves."""
    served = served_instrument_ids(user)
    return Instrument.objects.filter(Q(is_published=True) | Q(pk__in=served))


def can_view_instrument(user: AnyUser, instrument: Instrument) -> bool:
    return instrument.is_published or serves_instrument(user, instrument)


def can_create_instrument(user: AnyUser, parent: Instrument | None) -> bool:
    """Staff who serve the parent may add to its family; a top-level one needs a superuser."""
    if parent is None:
        return bool(is_signed_in(user) and user.is_superuser)
    return serves_instrument(user, parent)


def can_edit_instrument(user: AnyUser, instrument: Instrument) -> bool:
    return serves_instrument(user, instrument)


def get_instrument_for_view(user: AnyUser, code: str) -> Instrument:
    """The instrument with this code if the user may see it, else 404."""
    return get_object_or_404(instruments_visible_to(user), code=code)


def get_instrument_for_edit(user: AnyUser, code: str) -> Instrument:
    """404 if the user cannot see it, 403 if they can see but not edit it."""
    instrument = get_instrument_for_view(user, code)
    if not can_edit_instrument(user, instrument):
        raise PermissionDenied
    return instrument


# --- memberships and relations --------------------------------------------------------------


def memberships_visible_to(user: AnyUser) -> QuerySet[Membership]:
    return Membership.objects.filter(instrument__in=instruments_visible_to(user))


def can_edit_membership(user: AnyUser, membership: Membership) -> bool:
    return serves_instrument(user, membership.instrument)


def get_membership_for_edit(user: AnyUser, membership_id: int) -> Membership:
    membership = get_object_or_404(
        memberships_visible_to(user).select_related("instrument"), pk=membership_id
    )
    if not can_edit_membership(user, membership):
        raise PermissionDenied
    return membership


def relations_visible_to(user: AnyUser) -> QuerySet[InstrumentRelation]:
    visible = instruments_visible_to(user)
    return InstrumentRelation.objects.filter(source__in=visible, target__in=visible)


def can_edit_relation(user: AnyUser, relation: InstrumentRelation) -> bool:
    return serves_instrument(user, relation.source)


# --- shared registers: countries, organisations, species ------------------------------------


def can_edit_shared_registers(user: AnyUser) -> bool:
    """Countries' extra data, organisations and species are shared by all instruments."""
    return is_secretariat(user)


def species_visible_to(user: AnyUser) -> QuerySet[Species]:
    return Species.objects.all()


def can_edit_species(user: AnyUser, species: Species | None = None) -> bool:
    return is_secretariat(user)


def get_species_for_edit(user: AnyUser, slug: str) -> Species:
    """404 if the species cannot be seen, 403 if the user may not edit it."""
    species = get_object_or_404(species_visible_to(user), slug=slug)
    if not can_edit_species(user, species):
        raise PermissionDenied
    return species


def get_estimate_for_edit(user: AnyUser, estimate_id: int) -> PopulationEstimate:
    estimate = get_object_or_404(
        PopulationEstimate.objects.select_related("species"), pk=estimate_id
    )
    if not can_edit_species(user, estimate.species):
        raise PermissionDenied
    return estimate


# --- contacts and focal points ---------------------------------------------------------------


def can_view_contact_details(user: AnyUser) -> bool:
    """E-mail, phone and address are for signed-in users only."""
    return is_signed_in(user)


def contacts_visible_to(user: AnyUser) -> QuerySet[Contact]:
    """Everyone sees the names of people holding a role in a visible instrument; signed-in
    users see every contact."""
    if is_signed_in(user):
        return Contact.objects.all()
    return Contact.objects.filter(roles__instrument__in=instruments_visible_to(user)).distinct()


def can_edit_contact(user: AnyUser, contact: Contact) -> bool:
    """Secretariat staff, and the person themself (to keep their details current)."""
    if is_secretariat(user):
        return True
    return is_signed_in(user) and contact.user_id is not None and contact.user_id == user.pk


def get_contact_for_edit(user: AnyUser, contact_id: int) -> Contact:
    contact = get_object_or_404(contacts_visible_to(user), pk=contact_id)
    if not can_edit_contact(user, contact):
        raise PermissionDenied
    return contact


def focal_point_roles_visible_to(user: AnyUser) -> QuerySet[FocalPointRole]:
    return FocalPointRole.objects.filter(instrument__in=instruments_visible_to(user))


def can_manage_focal_points(user: AnyUser, instrument: Instrument) -> bool:
    """Nominate, confirm, replace and end focal point roles of an instrument."""
    return serves_instrument(user, instrument)


def get_instrument_for_focal_points(user: AnyUser, code: str) -> Instrument:
    """The instrument whose focal points the user manages: 404 if unseen, 403 if not theirs."""
    instrument = get_instrument_for_view(user, code)
    if not can_manage_focal_points(user, instrument):
        raise PermissionDenied
    return instrument


def get_role_for_letter(user: AnyUser, role_id: int) -> FocalPointRole:
    """A role whose nomination letter the user may download: signed-in users only, since the
    letter names and reaches the person."""
    role = get_object_or_404(focal_point_roles_visible_to(user), pk=role_id)
    if not can_view_contact_details(user):
        raise PermissionDenied
    return role


def get_role_for_edit(user: AnyUser, role_id: int) -> FocalPointRole:
    role = get_object_or_404(
        focal_point_roles_visible_to(user).select_related("instrument", "contact"), pk=role_id
    )
    if not can_manage_focal_points(user, role.instrument):
        raise PermissionDenied
    return role
