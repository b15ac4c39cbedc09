"""Plain keyword-only builders for tests: boring on purpose, defaults from a counter."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from meahub.accounts.models import User
from meahub.contacts.enums import FocalPointKind, NominationStatus
from meahub.contacts.models import Contact, FocalPointRole
from meahub.countries.models import Country
from meahub.instruments.enums import InstrumentKind, MembershipRole
from meahub.instruments.models import Instrument, Membership
from meahub.organisations.enums import OrganisationKind
from meahub.organisations.models import Organisation
from meahub.species.models import PopulationEstimate, Species

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_country(code: str = "UZ", **overrides: Any) -> Country:
    """A country by ISO code, with names from pycountry (the real register)."""
    from meahub.countries.services import sync_countries

    if not Country.objects.filter(code=code).exists():
        sync_countries()
    country = Country.objects.get(code=code)
    for key, value in overrides.items():
        setattr(country, key, value)
    if overrides:
        country.save()
    return country


def make_organisation(**overrides: Any) -> Organisation:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"org-{n}",
        "name": f"Organisation {n}",
        "acronym": f"ORG{n}",
        "kind": OrganisationKind.NGO,
    }
    values.update(overrides)
    return Organisation.objects.create(**values)


def make_instrument(**overrides: Any) -> Instrument:
    n = _n()
    values: dict[str, Any] = {
        "code": f"I{n}",
        "kind": InstrumentKind.MOU,
        "short_name": f"Instrument {n}",
        "full_name": f"Memorandum of Understanding number {n}",
    }
    values.update(overrides)
    return Instrument.objects.create(**values)


def make_species(**overrides: Any) -> Species:
    n = _n()
    values: dict[str, Any] = {
        "slug": f"species-{n}",
        "scientific_name": f"Genus species{n}",
        "common_name_en": f"Animal {n}",
    }
    values.update(overrides)
    return Species.objects.create(**values)


def make_estimate(*, species: Species, **overrides: Any) -> PopulationEstimate:
    values: dict[str, Any] = {"year": 2020, "value": 100}
    values.update(overrides)
    return PopulationEstimate.objects.create(species=species, **values)


def make_membership(
    *,
    instrument: Instrument,
    country: Country | None = None,
    organisation: Organisation | None = None,
    **overrides: Any,
) -> Membership:
    values: dict[str, Any] = {
        "role": MembershipRole.SIGNATORY if country else MembershipRole.COOPERATING_ORGANISATION,
        "signed_on": dt.date(2002, 5, 16),
    }
    values.update(overrides)
    return Membership.objects.create(
        instrument=instrument, country=country, organisation=organisation, **values
    )


def make_user(**overrides: Any) -> User:
    n = _n()
    values: dict[str, Any] = {"username": f"user{n}", "email": f"user{n}@example.org"}
    password = overrides.pop("password", "correct horse battery staple")
    values.update(overrides)
    user = User(**values)
    user.set_password(password)
    user.save()
    return user


def make_secretariat(*, instruments: list[Instrument], **overrides: Any) -> User:
    user = make_user(is_secretariat=True, is_staff=True, **overrides)
    user.instruments_served.set(instruments)
    return user


def make_contact(**overrides: Any) -> Contact:
    n = _n()
    values: dict[str, Any] = {"name": f"Person {n}", "email": f"person{n}@example.org"}
    values.update(overrides)
    return Contact.objects.create(**values)


def make_role(*, contact: Contact, instrument: Instrument, **overrides: Any) -> FocalPointRole:
    values: dict[str, Any] = {
        "kind": FocalPointKind.NATIONAL_FOCAL_POINT,
        "status": NominationStatus.CONFIRMED,
        "nominated_on": dt.date(2020, 1, 1),
        "confirmed_on": dt.date(2020, 2, 1),
    }
    values.update(overrides)
    return FocalPointRole.objects.create(contact=contact, instrument=instrument, **values)


def make_focal_point(*, instrument: Instrument, country: Country, **overrides: Any) -> User:
    """A signed-in national focal point: a user, their contact, a confirmed nomination."""
    user = make_user(**overrides)
    contact = make_contact(
        name=f"NFP {country.name_en}", email=user.email, country=country, user=user
    )
    make_role(contact=contact, instrument=instrument, country=country)
    return user
