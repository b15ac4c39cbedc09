"""Reads of organisations for the pages: the list and one organisation's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from meahub.contacts.models import Contact
from meahub.core.lookups import get_or_invalid
from meahub.instruments.models import Instrument, Membership
from meahub.organisations.models import Organisation
from meahub.permissions.registers import (
    can_view_contact_details,
    contacts_visible_to,
    instruments_visible_to,
)
from meahub.permissions.roles import AnyUser


def organisation_list_page(query: str, *, user: AnyUser) -> list[Organisation]:
    """Organisations whose name or acronym contains ``query``, with their country and
    ``current_memberships`` counted over the instruments the user can see. One query."""
    visible = instruments_visible_to(user).values("pk")
    organisations = Organisation.objects.select_related("country").annotate(
        current_memberships=Count(
            "memberships",
            filter=Q(memberships__withdrawn_on__isnull=True, memberships__instrument__in=visible),
        )
    )
    query = query.strip()
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
    return list(organisations.order_by("name"))


@dataclass(frozen=True)
class OrganisationPage:
    organisation: Organisation
    memberships: list[Membership]
    instruments_served: list[Instrument]
    contacts: list[Contact]
    show_contact_details: bool


def organisation_page(organisation: Organisation, *, user: AnyUser) -> OrganisationPage:
    """An organisation's memberships (e.g. cooperating organisation of an MOU), the
    instruments whose secretariat it is, and its people (names; details when signed in)."""
    visible = instruments_visible_to(user)
    return OrganisationPage(
        organisation=organisation,
        memberships=list(
            organisation.memberships.filter(instrument__in=visible)
            .select_related("instrument")
            .order_by("instrument__code", "-withdrawn_on")
        ),
        instruments_served=list(
            organisation.instruments_served.filter(pk__in=visible.values("pk"))
        ),
        contacts=list(contacts_visible_to(user).filter(organisation=organisation).order_by("name")),
        show_contact_details=can_view_contact_details(user),
    )


# --- lists and lookups for the API -----------------------------------------------------------


def organisations_matching(
    *, q: str = "", kind: str | None = None, country: str | None = None
) -> QuerySet[Organisation]:
    """Organisations whose name or acronym contains ``q``, of a kind, headquartered in a
    country (ISO code), with their country loaded."""
    organisations = Organisation.objects.select_related("country")
    if q:
        organisations = organisations.filter(Q(name__icontains=q) | Q(acronym__icontains=q))
    if kind:
        organisations = organisations.filter(kind=kind)
    if country:
        organisations = organisations.filter(country__code=country.upper())
    return organisations.order_by("name", "pk")


def organisation_with_slug(slug: str) -> Organisation:
    """The organisation at this address, else 404."""
    return get_object_or_404(Organisation.objects.select_related("country"), slug=slug)


def organisation_from_input(slug: str, *, field: str = "organisation") -> Organisation:
    """The organisation an input field names by slug; ValidationError naming the field if none."""
    return get_or_invalid(
        Organisation.objects.all(),
        field=field,
        message=f"Unknown organisation '{slug}'.",
        slug=slug,
    )
