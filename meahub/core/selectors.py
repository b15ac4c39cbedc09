"""Reads for the home page: the instruments, recent changes across the registers, name search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meahub.contacts.models import Contact, FocalPointRole
from meahub.core.history import ACTIONS, ChangeEntry, merge_newest, user_label
from meahub.countries.models import Country
from meahub.countries.selectors import search_countries
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.organisations.models import Organisation
from meahub.permissions.registers import contacts_visible_to, instruments_visible_to
from meahub.permissions.roles import AnyUser
from meahub.species.models import PopulationEstimate, Species

RECENT_CHANGES = 12
SEARCH_LIMIT = 8
SEARCH_MIN_LENGTH = 2


def _instrument_url(code: str) -> str:
    return reverse("instruments:instrument-detail", args=[code])


def _member_label(record: Any) -> str:
    member = record.country or record.organisation
    name = member.name if isinstance(member, Country) else (member.label if member else "?")
    return f"{name} — {record.get_role_display()}, {record.instrument.code}"


@dataclass(frozen=True)
class _Register:
    """How the recent-changes list reads one historical table."""

    name: Any  # a lazy translated string
    history: Callable[[AnyUser], QuerySet[Any]]
    label: Callable[[Any], str]
    url: Callable[[Any], str]


def _registers() -> list[_Register]:
    def visible_ids(user: AnyUser) -> QuerySet[Instrument, Any]:
        return instruments_visible_to(user).values("pk")

    return [
        _Register(
            _("Instrument"),
            lambda u: Instrument.history.filter(id__in=visible_ids(u)),
            lambda r: f"{r.short_name} ({r.code})",
            lambda r: _instrument_url(r.code),
        ),
        _Register(
            _("Membership"),
            lambda u: Membership.history.filter(instrument_id__in=visible_ids(u)).select_related(
                "instrument", "country", "organisation"
            ),
            _member_label,
            lambda r: _instrument_url(r.instrument.code),
        ),
        _Register(
            _("Relation"),
            lambda u: InstrumentRelation.history.filter(
                source_id__in=visible_ids(u), target_id__in=visible_ids(u)
            ).select_related("source", "target"),
            lambda r: f"{r.source.code} {r.get_kind_display()} {r.target.code}",
            lambda r: _instrument_url(r.source.code),
        ),
        _Register(
            _("Focal point"),
            lambda u: FocalPointRole.history.filter(
                instrument_id__in=visible_ids(u)
            ).select_related("instrument", "contact"),
            lambda r: f"{r.contact.name} — {r.get_kind_display()}, {r.instrument.code}",
            lambda r: reverse("contacts:contact-detail", args=[r.contact_id]),
        ),
        _Register(
            _("Contact"),
            lambda u: Contact.history.filter(id__in=contacts_visible_to(u).values("pk")),
            lambda r: r.name,
            lambda r: reverse("contacts:contact-detail", args=[r.id]),
        ),
        _Register(
            _("Organisation"),
            lambda u: Organisation.history.all(),
            lambda r: r.name,
            lambda r: reverse("organisations:organisation-detail", args=[r.slug]),
        ),
        _Register(
            _("Species"),
            lambda u: Species.history.all(),
            lambda r: r.scientific_name,
            lambda r: reverse("species:species-detail", args=[r.slug]),
        ),
        _Register(
            _("Population estimate"),
            lambda u: PopulationEstimate.history.select_related("species"),
            lambda r: f"{r.species.scientific_name}, {r.year}",
            lambda r: reverse("species:species-detail", args=[r.species.slug]),
        ),
    ]


def recent_changes(user: AnyUser, *, limit: int = RECENT_CHANGES) -> list[ChangeEntry]:
    """The newest changes across the registers the user can see, newest first.

    One query per register: each reads its newest ``limit`` historical rows (so the merged
    list is exact). What each change altered is shown on the object's own page, not here.
    Countries are left out: they are reference data synchronised from ISO 3166.
    """
    logs = []
    for register in _registers():
        rows = register.history(user).select_related("history_user")
        logs.append(
            [
                ChangeEntry(
                    when=row.history_date,
                    who=user_label(row.history_user),
                    register=str(register.name),
                    label=register.label(row),
                    url=register.url(row),
                    action=str(ACTIONS.get(row.history_type, row.history_type)),
                    reason=row.history_change_reason or "",
                    changes=[],
                )
                for row in rows.order_by("-history_date", "-history_id")[:limit]
            ]
        )
    return merge_newest(logs, limit)


@dataclass(frozen=True)
class HomePage:
    instruments: list[Instrument]
    changes: list[ChangeEntry]


def home_page(user: AnyUser) -> HomePage:
    """The instruments the user can see (code, name, kind) and the recent changes."""
    instruments = list(instruments_visible_to(user).order_by("code"))
    return HomePage(instruments=instruments, changes=recent_changes(user))


@dataclass(frozen=True)
class SearchResults:
    query: str
    instruments: list[Instrument]
    countries: list[Country]
    organisations: list[Organisation]
    species: list[Species]
    contacts: list[Contact]

    @property
    def count(self) -> int:
        return sum(
            len(group)
            for group in (
                self.instruments,
                self.countries,
                self.organisations,
                self.species,
                self.contacts,
            )
        )

    @property
    def too_short(self) -> bool:
        return len(self.query) < SEARCH_MIN_LENGTH


def search_names(query: str, *, user: AnyUser, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Names that contain ``query`` (case-insensitive) in each register the user can see:
    instruments (code, short and full name), countries (English, French, Spanish names and
    ISO codes), organisations (name, acronym), species (scientific and common names) and
    contacts (names only). At most ``limit`` of each; nothing for fewer than two characters.
    """
    query = query.strip()
    if len(query) < SEARCH_MIN_LENGTH:
        return SearchResults(query, [], [], [], [], [])
    instruments = instruments_visible_to(user).filter(
        Q(code__icontains=query) | Q(short_name__icontains=query) | Q(full_name__icontains=query)
    )
    organisations = Organisation.objects.filter(
        Q(name__icontains=query) | Q(acronym__icontains=query)
    )
    species = Species.objects.filter(
        Q(scientific_name__icontains=query)
        | Q(common_name_en__icontains=query)
        | Q(common_name_fr__icontains=query)
        | Q(common_name_es__icontains=query)
    )
    contacts = contacts_visible_to(user).filter(name__icontains=query).order_by("name")
    return SearchResults(
        query=query,
        instruments=list(instruments.order_by("code")[:limit]),
        countries=list(search_countries(query)[:limit]),
        organisations=list(organisations.order_by("name")[:limit]),
        species=list(species.order_by("scientific_name")[:limit]),
        contacts=list(contacts[:limit]),
    )
