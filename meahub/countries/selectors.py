"""Reads of countries: lists and the country page (memberships and focal points everywhere)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from meahub.contacts.models import FocalPointRole
from meahub.contacts.enums import NominationStatus
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
        .select_related("instrument")
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
