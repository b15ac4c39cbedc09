"""Reads of contacts and focal points, including roles inherited from related instruments."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from meahub.contacts.enums import NominationStatus
from meahub.contacts.models import Contact, FocalPointRole
from meahub.instruments.models import Instrument, InstrumentRelation, Membership


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
    roles = list(
        FocalPointRole.objects.filter(
            instrument__in=[i.pk for i in sources], status=NominationStatus.CONFIRMED
        ).select_related(
            "contact", "contact__organisation", "country", "organisation", "species", "instrument"
        )
    )
    if len(sources) > 1:
        member_countries = set(
            Membership.objects.filter(
                instrument=instrument, withdrawn_on__isnull=True, country__isnull=False
            ).values_list("country_id", flat=True)
        )
        covered_species = set(instrument.species.values_list("id", flat=True))
    else:
        member_countries, covered_species = set(), set()
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
        if key in own_keys:
            continue  # the instrument's own nomination takes precedence
        relevant = (role.country_id in member_countries) or (
            role.species_id is not None and role.species_id in covered_species
        )
        if relevant:
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
