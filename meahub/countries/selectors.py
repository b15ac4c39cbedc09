"""Reads of countries: lists and the country page (memberships and focal points everywhere)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from meahub.contacts.enums import NominationStatus
from meahub.contacts.models import FocalPointRole
from meahub.core.lookups import get_or_invalid
from meahub.countries.models import Country
from meahub.instruments.models import Membership
from meahub.permissions.registers import instruments_visible_to
from meahub.permissions.roles import AnyUser


def search_countries(query: str = "") -> QuerySet[Country]:
    countries = Country.objects.all()
    if query:
        countries = countries.filter(
            Q(name_en__icontains=query)
            | Q(name_fr__icontains=query)
            | Q(name_es__icontains=query)
            | Q(code__iexact=query)
            | Q(alpha3__iexact=query)
        )
    return countries


@dataclass(frozen=True)
class CountryPage:
    country: Country
    memberships: list[Membership]
    focal_points: list[FocalPointRole]


def country_page(country: Country, *, user: AnyUser) -> CountryPage:
    """A country's memberships (current and past) and its focal points across the instruments
    the user can see."""
    visible = instruments_visible_to(user)
    memberships = list(
        Membership.objects.filter(country=country, instrument__in=visible)
        .select_related("instrument", "instrument__parent")
        .order_by("instrument__code", "-withdrawn_on")
    )
    focal_points = list(
        FocalPointRole.objects.filter(
            country=country,
            instrument__in=visible,
            status__in=[NominationStatus.CONFIRMED, NominationStatus.NOMINATED],
        )
        .select_related("contact", "contact__organisation", "instrument", "species")
        .order_by("instrument__code", "kind", "contact__name")
    )
    return CountryPage(country=country, memberships=memberships, focal_points=focal_points)


# --- lists and lookups for the API -----------------------------------------------------------


def countries_matching(
    user: AnyUser, *, q: str = "", member_of: str | None = None
) -> QuerySet[Country]:
    """Countries whose name (in any language) or code matches ``q``; with ``member_of`` (an
    instrument code), only the current members of that instrument, if the user can see it."""
    countries = search_countries(q)
    if member_of:
        members = Membership.objects.filter(
            instrument__in=instruments_visible_to(user),
            instrument__code=member_of.upper(),
            withdrawn_on__isnull=True,
        )
        countries = countries.filter(pk__in=members.values("country_id"))
    return countries.order_by("name_en", "pk")


def country_with_code(code: str) -> Country:
    """The country with this ISO code (any case), else 404."""
    return get_object_or_404(Country, code=code.upper())


def country_from_input(code: str, *, field: str = "country") -> Country:
    """The country an input field names by ISO code; ValidationError naming the field if none."""
    return get_or_invalid(
        Country.objects.all(),
        field=field,
        message=f"Unknown country code '{code}'.",
        code=code.upper(),
    )


def country_list_page(query: str, *, user: AnyUser) -> list[Country]:
    """Countries whose name (in any of the three languages) or ISO code matches ``query``,
    each with ``current_memberships`` counted over the instruments the user can see, sorted
    by their name in the active language. One query."""
    visible = instruments_visible_to(user).values("pk")
    countries = search_countries(query.strip()).annotate(
        current_memberships=Count(
            "memberships",
            filter=Q(memberships__withdrawn_on__isnull=True, memberships__instrument__in=visible),
        )
    )
    language = (get_language() or "en")[:2]
    order = {"fr": "name_fr", "es": "name_es"}.get(language, "name_en")
    return list(countries.order_by(order))
