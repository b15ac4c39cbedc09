"""Facts about a user: which role they hold, for which instruments, countries, organisation.

The four roles: secretariat staff (edit everything of the instruments they serve, and of those
instruments' families); national focal point (from a confirmed nomination, bound to a country
and instrument); partner (bound to an organisation); public (anonymous, read-only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meahub.contacts.enums import FocalPointKind, NominationStatus

if TYPE_CHECKING:
    from meahub.countries.models import Country
    from meahub.instruments.models import Instrument
    from meahub.organisations.models import Organisation

AnyUser = Any  # User | AnonymousUser; kept loose so views can pass request.user as it is.


def is_signed_in(user: AnyUser) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_secretariat(user: AnyUser) -> bool:
    """Secretariat staff of any instrument (or a superuser)."""
    return is_signed_in(user) and (user.is_superuser or user.is_secretariat)


def served_instrument_ids(user: AnyUser) -> set[int]:
    """Ids of the instruments the user serves as staff, with their descendants (cached)."""
    if not is_secretariat(user):
        return set()
    cached = getattr(user, "_served_instrument_ids", None)
    if cached is not None:
        return set(cached)
    from meahub.instruments.models import Instrument

    parents = dict(Instrument.objects.values_list("id", "parent_id"))
    if user.is_superuser:
        ids = set(parents)
    else:
        direct = set(user.instruments_served.values_list("id", flat=True))
        ids = set()
        for instrument_id in parents:
            seen: set[int] = set()
            current: int | None = instrument_id
            while current is not None and current not in seen:
                if current in direct:
                    ids.add(instrument_id)
                    break
                seen.add(current)
                current = parents.get(current)
    user._served_instrument_ids = frozenset(ids)
    return ids


def serves_instrument(user: AnyUser, instrument: Instrument) -> bool:
    """True for staff who serve this instrument or an instrument of its family above it."""
    return instrument.pk in served_instrument_ids(user)


def focal_point_countries(user: AnyUser, instrument: Instrument) -> set[str]:
    """ISO codes of the countries the user is confirmed national focal point for, in this
    instrument, directly or through an instrument whose focal points it shares."""
    if not is_signed_in(user):
        return set()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_nfp_countries", {})
    if instrument.pk in cache:
        return set(cache[instrument.pk])
    from meahub.contacts.models import FocalPointRole
    from meahub.contacts.selectors import focal_point_source_instruments
    from meahub.instruments.models import Membership

    sources = focal_point_source_instruments(instrument)
    codes = set(
        FocalPointRole.objects.filter(
            contact__user=user,
            kind=FocalPointKind.NATIONAL_FOCAL_POINT,
            status=NominationStatus.CONFIRMED,
            instrument_id__in=[i.pk for i in sources],
            country__isnull=False,
        ).values_list("country__code", flat=True)
    )
    if codes and len(sources) > 1:
        # A role inherited from another instrument counts only for this instrument's members.
        direct = set(
            FocalPointRole.objects.filter(
                contact__user=user,
                kind=FocalPointKind.NATIONAL_FOCAL_POINT,
                status=NominationStatus.CONFIRMED,
                instrument=instrument,
            ).values_list("country__code", flat=True)
        )
        members = set(
            Membership.objects.filter(
                instrument=instrument, withdrawn_on__isnull=True, country__isnull=False
            ).values_list("country__code", flat=True)
        )
        codes = direct | (codes & members)
    cache[instrument.pk] = frozenset(codes)
    return codes


def is_focal_point_for(user: AnyUser, instrument: Instrument, country: Country) -> bool:
    return country.code in focal_point_countries(user, instrument)


def is_focal_point(user: AnyUser) -> bool:
    """Confirmed national focal point of any country in any instrument."""
    if not is_signed_in(user):
        return False
    from meahub.contacts.models import FocalPointRole

    return FocalPointRole.objects.filter(
        contact__user=user,
        kind=FocalPointKind.NATIONAL_FOCAL_POINT,
        status=NominationStatus.CONFIRMED,
    ).exists()


def partner_organisation(user: AnyUser) -> Organisation | None:
    """The organisation a partner user acts for, or None."""
    if not is_signed_in(user):
        return None
    organisation: Organisation | None = user.partner_organisation
    return organisation


def role_names(user: AnyUser) -> list[str]:
    """The roles a user holds, for display: 'secretariat', 'focal point', 'partner', 'public'."""
    names = []
    if is_secretariat(user):
        names.append("secretariat")
    if is_focal_point(user):
        names.append("focal point")
    if partner_organisation(user) is not None:
        names.append("partner")
    return names or ["public"]


__all__ = [
    "AnyUser",
    "focal_point_countries",
    "is_focal_point",
    "is_focal_point_for",
    "is_secretariat",
    "is_signed_in",
    "partner_organisation",
    "role_names",
    "served_instrument_ids",
    "serves_instrument",
]
