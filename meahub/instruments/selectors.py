"""Reads of instruments for the pages: the list, and one instrument's page (details, members and
their map, focal points, species and population chart, change history)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from meahub.contacts.enums import NominationStatus
from meahub.contacts.models import FocalPointRole
from meahub.contacts.selectors import FocalPointEntry, instrument_focal_points
from meahub.core.history import ChangeEntry, change_log, merge_newest
from meahub.core.lookups import get_or_invalid
from meahub.core.maps import MapCategory, MapRegion, WorldMap, world_map
from meahub.instruments.enums import MembershipRole
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.permissions.registers import (
    can_edit_instrument,
    can_manage_focal_points,
    can_view_contact_details,
    instruments_visible_to,
    memberships_visible_to,
    relations_visible_to,
)
from meahub.permissions.roles import AnyUser
from meahub.species.models import Species
from meahub.species.selectors import population_series, species_with_estimates

HISTORY_LIMIT = 25

# The map's colours, in legend order; organisations (cooperating) are not on the map.
MAP_ROLES = [
    MembershipRole.PARTY,
    MembershipRole.SIGNATORY,
    MembershipRole.RANGE_STATE,
]


def instrument_list_page(user: AnyUser) -> list[Instrument]:
    """The instruments the user can see, with their parent and a count of current members
    (``current_members``), in one query."""
    return list(
        instruments_visible_to(user)
        .select_related("parent")
        .annotate(
            current_members=Count("memberships", filter=Q(memberships__withdrawn_on__isnull=True))
        )
        .order_by("code")
    )


def members_map(memberships: list[Membership]) -> WorldMap:
    """The world map of an instrument's current member countries, coloured by role."""
    regions = {
        m.country.numeric: MapRegion(
            category=m.role, title=f"{m.country.name} — {m.get_role_display()}"
        )
        for m in memberships
        if m.country is not None and m.withdrawn_on is None
    }
    categories = [MapCategory(key=role.value, label=str(role.label)) for role in MAP_ROLES]
    return world_map(regions, categories)


@dataclass(frozen=True)
class InstrumentPage:
    instrument: Instrument
    children: list[Instrument]
    relations: list[InstrumentRelation]
    incoming_relations: list[InstrumentRelation]
    memberships: list[Membership]
    map: WorldMap
    focal_points: list[FocalPointEntry]
    nominations: list[FocalPointRole]
    species: list[Species]
    chart: dict[str, Any]
    history: list[ChangeEntry]
    can_edit: bool
    can_manage_focal_points: bool
    show_contact_details: bool

    @property
    def country_members(self) -> list[Membership]:
        return [m for m in self.memberships if m.country_id]

    @property
    def organisation_members(self) -> list[Membership]:
        return [m for m in self.memberships if m.organisation_id]


def instrument_history(instrument: Instrument, *, limit: int = HISTORY_LIMIT) -> list[ChangeEntry]:
    """Changes to the instrument, its memberships, relations and focal point roles, newest
    first, each with the fields it changed; one query per table."""
    own = Instrument.history.filter(id=instrument.pk).select_related("history_user")
    memberships = Membership.history.filter(instrument_id=instrument.pk).select_related(
        "history_user", "country", "organisation"
    )
    relations = InstrumentRelation.history.filter(source_id=instrument.pk).select_related(
        "history_user", "target"
    )
    roles = FocalPointRole.history.filter(instrument_id=instrument.pk).select_related(
        "history_user", "contact"
    )

    def member(r: Any) -> str:
        name = r.country.name if r.country else (r.organisation.label if r.organisation else "?")
        return f"{name} — {r.get_role_display()}"

    url = instrument.get_absolute_url()
    logs = [
        change_log(
            own,
            register=str(_("Instrument")),
            label=lambda r: f"{r.short_name} ({r.code})",
            url=lambda r: url,
            limit=limit,
            excluded_fields=["species"],
        ),
        change_log(
            memberships,
            register=str(_("Membership")),
            label=member,
            url=lambda r: url,
            limit=limit,
        ),
        change_log(
            relations,
            register=str(_("Relation")),
            label=lambda r: f"{r.get_kind_display()} {r.target.code}",
            url=lambda r: url,
            limit=limit,
        ),
        change_log(
            roles,
            register=str(_("Focal point")),
            label=lambda r: f"{r.contact.name} — {r.get_kind_display()}",
            url=lambda r: url,
            limit=limit,
        ),
    ]
    return merge_newest(logs, limit)


def instrument_page(instrument: Instrument, *, user: AnyUser) -> InstrumentPage:
    """Everything the instrument page shows, in a fixed number of queries whatever the number
    of members, relations, focal points, species or estimates.

    Only what the user may see: relations and family members that are visible to them, and
    nominations awaiting confirmation only for staff who manage the focal points.
    """
    visible = instruments_visible_to(user)
    memberships = list(
        instrument.memberships.select_related("country", "organisation").order_by(
            "withdrawn_on", "role", "country__name_en", "organisation__name"
        )
    )
    manages = can_manage_focal_points(user, instrument)
    nominations = (
        list(
            instrument.focal_point_roles.filter(status=NominationStatus.NOMINATED)
            .select_related("contact", "country", "organisation", "species", "replaces__contact")
            .order_by("nominated_on")
        )
        if manages
        else []
    )
    species = species_with_estimates(instrument.species.order_by("scientific_name"))
    return InstrumentPage(
        instrument=instrument,
        children=list(instrument.children.filter(pk__in=visible.values("pk")).order_by("code")),
        relations=list(instrument.relations.filter(target__in=visible).select_related("target")),
        incoming_relations=list(
            instrument.incoming_relations.filter(source__in=visible).select_related("source")
        ),
        memberships=memberships,
        map=members_map(memberships),
        focal_points=instrument_focal_points(instrument),
        nominations=nominations,
        species=species,
        chart=population_series(species),
        history=instrument_history(instrument),
        can_edit=can_edit_instrument(user, instrument),
        can_manage_focal_points=manages,
        show_contact_details=can_view_contact_details(user),
    )


# --- lists and lookups for the API -----------------------------------------------------------


def instruments_matching(
    user: AnyUser, *, q: str = "", kind: str | None = None, parent: str | None = None
) -> QuerySet[Instrument]:
    """The instruments the user can see whose code or names contain ``q``, of a kind, under a
    parent (its code), with parent and secretariat loaded."""
    instruments = instruments_visible_to(user).select_related("parent", "secretariat")
    if q:
        instruments = instruments.filter(
            Q(code__icontains=q) | Q(short_name__icontains=q) | Q(full_name__icontains=q)
        )
    if kind:
        instruments = instruments.filter(kind=kind)
    if parent:
        instruments = instruments.filter(parent__code=parent.upper())
    return instruments.order_by("code")


def instrument_from_input(user: AnyUser, code: str, *, field: str = "instrument") -> Instrument:
    """The instrument an input field names by code, if the user can see it; else
    ValidationError naming the field (an unpublished instrument is as unknown as a typo)."""
    return get_or_invalid(
        instruments_visible_to(user),
        field=field,
        message=f"Unknown instrument code '{code}'.",
        code=code.upper(),
    )


def memberships_matching(
    user: AnyUser,
    *,
    q: str = "",
    instrument: str | None = None,
    country: str | None = None,
    role: str | None = None,
    current: bool | None = None,
) -> QuerySet[Membership]:
    """Memberships in instruments the user can see, filtered by instrument code, country ISO
    code, role, current (not withdrawn) or not, and ``q`` in the member's name."""
    memberships = memberships_visible_to(user).select_related(
        "instrument", "country", "organisation"
    )
    if q:
        memberships = memberships.filter(
            Q(country__name_en__icontains=q)
            | Q(country__name_fr__icontains=q)
            | Q(country__name_es__icontains=q)
            | Q(organisation__name__icontains=q)
            | Q(organisation__acronym__icontains=q)
        )
    if instrument:
        memberships = memberships.filter(instrument__code=instrument.upper())
    if country:
        memberships = memberships.filter(country__code=country.upper())
    if role:
        memberships = memberships.filter(role=role)
    if current is not None:
        memberships = memberships.filter(withdrawn_on__isnull=current)
    return memberships.order_by("instrument__code", "role", "country__name_en", "pk")


def membership_with_id(user: AnyUser, membership_id: int) -> Membership:
    """A membership the user can see, with what it shows loaded; else 404."""
    return get_object_or_404(
        memberships_visible_to(user).select_related("instrument", "country", "organisation"),
        pk=membership_id,
    )


def relations_matching(
    user: AnyUser,
    *,
    q: str = "",
    source: str | None = None,
    target: str | None = None,
    kind: str | None = None,
) -> QuerySet[InstrumentRelation]:
    """Relations between instruments the user can see, by source or target code, kind, and
    ``q`` in either instrument's code or short name."""
    relations = relations_visible_to(user).select_related("source", "target")
    if q:
        relations = relations.filter(
            Q(source__code__icontains=q)
            | Q(source__short_name__icontains=q)
            | Q(target__code__icontains=q)
            | Q(target__short_name__icontains=q)
        )
    if source:
        relations = relations.filter(source__code=source.upper())
    if target:
        relations = relations.filter(target__code=target.upper())
    if kind:
        relations = relations.filter(kind=kind)
    return relations.order_by("source__code", "target__code", "pk")


def relation_with_id(user: AnyUser, relation_id: int) -> InstrumentRelation:
    """A relation between two instruments the user can see; else 404."""
    return get_object_or_404(
        relations_visible_to(user).select_related("source", "target"), pk=relation_id
    )
