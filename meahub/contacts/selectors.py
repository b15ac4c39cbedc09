"""Reads of contacts and focal points, including roles inherited from related instruments."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from meahub.contacts.enums import NominationStatus
from meahub.contacts.models import Contact, FocalPointRole
from meahub.core.lookups import get_or_invalid
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.permissions.registers import (
    can_edit_contact,
    can_view_contact_details,
    contacts_visible_to,
    focal_point_roles_visible_to,
    instruments_visible_to,
)
from meahub.permissions.roles import AnyUser


def focal_point_source_instruments(instrument: Instrument) -> list[Instrument]:
    """The instrument itself, then every instrument whose focal points it shares, transitively
    (BKD → CAMI → CMS when the MOU's focal points are CAMI's, which are CMS's)."""
    chain = [instrument]
    seen = {instrument.pk}
    frontier = [instrument.pk]
    while frontier:
        relations = InstrumentRelation.objects.filter(
            source_id__in=frontier, shares_focal_points=True
        ).select_related("target")
        frontier = []
        for relation in relations:
            if relation.target_id not in seen:
                seen.add(relation.target_id)
                chain.append(relation.target)
                frontier.append(relation.target_id)
    return chain


@dataclass(frozen=True)
class FocalPointEntry:
    role: FocalPointRole
    inherited_from: Instrument | None  # None when the role is the instrument's own


def instrument_focal_points(instrument: Instrument) -> list[FocalPointEntry]:
    """Confirmed focal points serving an instrument: its own, then inherited ones.

    An inherited national focal point or contact point counts only for a country that is a
    current member of this instrument; inherited species focal points count for a species this
    instrument covers. A change to the source instrument's focal point shows up here at once,
    because nothing is copied.
    """
    sources = focal_point_source_instruments(instrument)
    others = [i.pk for i in sources if i.pk != instrument.pk]
    wanted = Q(instrument=instrument)
    if others:
        # Inherited roles are narrowed in SQL to this instrument's current member countries
        # and covered species, so a family member's page does not load every CMS focal point.
        member_countries = Membership.objects.filter(
            instrument=instrument, withdrawn_on__isnull=True, country__isnull=False
        ).values("country_id")
        covered_species = instrument.species.values("id")
        wanted |= Q(instrument__in=others) & (
            Q(country__in=member_countries) | Q(species__in=covered_species)
        )
    roles = list(
        FocalPointRole.objects.filter(wanted, status=NominationStatus.CONFIRMED).select_related(
            "contact", "contact__organisation", "country", "organisation", "species", "instrument"
        )
    )
    own_keys = {
        (r.kind, r.country_id, r.organisation_id, r.species_id)
        for r in roles
        if r.instrument_id == instrument.pk
    }
    entries = []
    for role in roles:
        if role.instrument_id == instrument.pk:
            entries.append(FocalPointEntry(role=role, inherited_from=None))
            continue
        key = (role.kind, role.country_id, role.organisation_id, role.species_id)
        if key not in own_keys:  # the instrument's own nomination takes precedence
            entries.append(FocalPointEntry(role=role, inherited_from=role.instrument))
    entries.sort(
        key=lambda e: (
            e.role.kind,
            e.role.country.name_en if e.role.country else "",
            e.role.contact.name,
        )
    )
    return entries


def country_focal_points(country_code: str) -> QuerySet[FocalPointRole]:
    """Every current role held for a country, across instruments."""
    return (
        FocalPointRole.objects.filter(
            country__code=country_code,
            status__in=[NominationStatus.CONFIRMED, NominationStatus.NOMINATED],
        )
        .select_related("contact", "instrument", "species")
        .order_by("instrument__code", "kind")
    )


def contact_roles(contact: Contact) -> QuerySet[FocalPointRole]:
    return contact.roles.select_related(
        "instrument", "country", "organisation", "species"
    ).order_by("-nominated_on")


# --- lists and lookups for the API -----------------------------------------------------------


def contacts_matching(
    user: AnyUser,
    *,
    q: str = "",
    country: str | None = None,
    organisation: str | None = None,
    instrument: str | None = None,
) -> QuerySet[Contact]:
    """Contacts the user can see whose name, job title or organisation contains ``q``, by
    country (ISO code), organisation (slug), or holding a role in an instrument (code)."""
    contacts = contacts_visible_to(user).select_related("organisation", "country")
    if q:
        contacts = contacts.filter(
            Q(name__icontains=q)
            | Q(job_title__icontains=q)
            | Q(organisation__name__icontains=q)
            | Q(organisation__acronym__icontains=q)
        )
    if country:
        contacts = contacts.filter(country__code=country.upper())
    if organisation:
        contacts = contacts.filter(organisation__slug=organisation)
    if instrument:
        roles = FocalPointRole.objects.filter(
            instrument__in=instruments_visible_to(user), instrument__code=instrument.upper()
        )
        contacts = contacts.filter(pk__in=roles.values("contact_id"))
    return contacts.order_by("name", "pk")


def contact_with_id(user: AnyUser, contact_id: int) -> Contact:
    """A contact the user can see, with organisation and country loaded; else 404."""
    return get_object_or_404(
        contacts_visible_to(user).select_related("organisation", "country"), pk=contact_id
    )


def contact_from_input(user: AnyUser, contact_id: int, *, field: str = "contact") -> Contact:
    """The contact an input field names by id, if the user can see it; else ValidationError
    naming the field."""
    return get_or_invalid(
        contacts_visible_to(user),
        field=field,
        message=f"Unknown contact {contact_id}.",
        pk=contact_id,
    )


ROLE_RELATED = ["contact", "instrument", "country", "organisation", "species"]


def focal_point_roles_matching(
    user: AnyUser,
    *,
    q: str = "",
    instrument: str | None = None,
    country: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    contact: int | None = None,
) -> QuerySet[FocalPointRole]:
    """Focal point roles in instruments the user can see (a role's own, not inherited), by
    instrument code, country ISO code, kind, status, contact, and ``q`` in the person's name."""
    roles = focal_point_roles_visible_to(user).select_related(*ROLE_RELATED)
    if q:
        roles = roles.filter(contact__name__icontains=q)
    if instrument:
        roles = roles.filter(instrument__code=instrument.upper())
    if country:
        roles = roles.filter(country__code=country.upper())
    if kind:
        roles = roles.filter(kind=kind)
    if status:
        roles = roles.filter(status=status)
    if contact is not None:
        roles = roles.filter(contact_id=contact)
    return roles.order_by("instrument__code", "kind", "country__name_en", "-nominated_on", "pk")


def focal_point_role_with_id(user: AnyUser, role_id: int) -> FocalPointRole:
    """A focal point role in an instrument the user can see; else 404."""
    return get_object_or_404(
        focal_point_roles_visible_to(user).select_related(*ROLE_RELATED), pk=role_id
    )


def focal_point_role_from_input(
    user: AnyUser, role_id: int, *, field: str = "replaces"
) -> FocalPointRole:
    """The role an input field names by id, if the user can see it; else ValidationError
    naming the field."""
    return get_or_invalid(
        focal_point_roles_visible_to(user),
        field=field,
        message=f"Unknown focal point role {role_id}.",
        pk=role_id,
    )


@dataclass(frozen=True)
class ContactPage:
    contact: Contact
    roles: list[FocalPointRole]
    show_details: bool
    can_edit: bool


def contact_page(contact: Contact, *, user: AnyUser) -> ContactPage:
    """A person's roles (the whole nomination lifecycle, newest first) in the instruments the
    user can see; their details (e-mail, phone, address) only for signed-in users."""
    roles = list(
        contact_roles(contact)
        .filter(instrument__in=instruments_visible_to(user))
        .select_related("replaces__contact")
    )
    return ContactPage(
        contact=contact,
        roles=roles,
        show_details=can_view_contact_details(user),
        can_edit=can_edit_contact(user, contact),
    )
