"""Shared fixtures: the Bukhara Deer MOU scenario and one persona per role.

Personas (healthchecks' alice/bob/charlie): ``secretariat_officer`` serves CMS and so its
family; ``nfp_uzbekistan`` and ``nfp_tajikistan`` are confirmed CMS national focal points,
which BKD inherits through CAMI; ``partner_cic`` acts for CIC; ``anonymous`` is the public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from meahub.accounts.models import User
from meahub.instruments.enums import InstrumentKind, MembershipRole
from meahub.instruments.models import Instrument, InstrumentRelation
from meahub.organisations.models import Organisation
from meahub.species.models import Species
from meahub.tests import factories as f
from meahub.tests.browser import allow_orm_beside_playwright, browser, page  # noqa: F401

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class BukharaScenario:
    cms: Instrument
    cami: Instrument
    bkd: Instrument
    deer: Species
    cic: Organisation
    wwf: Organisation


@pytest.fixture
def bukhara(db) -> BukharaScenario:  # type: ignore[no-untyped-def]
    """CMS, CAMI and the Bukhara Deer MOU: four signatories, two cooperating organisations,
    Afghanistan as range state, BKD folded into CAMI, CAMI sharing CMS's focal points."""
    cms = f.make_instrument(
        code="CMS",
        kind=InstrumentKind.CONVENTION,
        short_name="CMS",
        full_name="Convention on the Conservation of Migratory Species",
    )
    cami = f.make_instrument(
        code="CAMI",
        kind=InstrumentKind.INITIATIVE,
        parent=cms,
        short_name="CAMI",
        full_name="Central Asian Mammals Initiative",
    )
    bkd = f.make_instrument(
        code="BKD",
        parent=cms,
        short_name="Bukhara Deer MOU",
        full_name="MOU concerning the Bukhara Deer",
        concluded_on=dt.date(2002, 5, 16),
    )
    deer = f.make_species(
        slug="cervus-elaphus-bactrianus",
        scientific_name="Cervus elaphus bactrianus",
        common_name_en="Bukhara deer",
    )
    bkd.species.add(deer)
    cami.species.add(deer)
    for code in ("KZ", "TJ", "TM", "UZ"):
        country = f.make_country(code)
        f.make_membership(instrument=bkd, country=country)
        f.make_membership(
            instrument=cami, country=country, role=MembershipRole.RANGE_STATE, signed_on=None
        )
    for code in ("KZ", "TJ", "UZ"):
        f.make_membership(
            instrument=cms, country=f.make_country(code), role=MembershipRole.PARTY, signed_on=None
        )
    f.make_membership(
        instrument=bkd,
        country=f.make_country("AF"),
        role=MembershipRole.RANGE_STATE,
        signed_on=None,
    )
    cic = f.make_organisation(
        slug="cic", acronym="CIC", name="International Council for Game and Wildlife Conservation"
    )
    wwf = f.make_organisation(slug="wwf-russia", acronym="WWF Russia", name="WWF Russia")
    f.make_membership(instrument=bkd, organisation=cic, signed_on=None)
    f.make_membership(instrument=bkd, organisation=wwf, signed_on=None)
    InstrumentRelation.objects.create(
        source=bkd,
        target=cami,
        kind="folded_into",
        shares_meetings=True,
        shares_reporting=True,
        shares_focal_points=True,
    )
    InstrumentRelation.objects.create(
        source=cami, target=cms, kind="covered_by", shares_focal_points=True
    )
    return BukharaScenario(cms=cms, cami=cami, bkd=bkd, deer=deer, cic=cic, wwf=wwf)


@pytest.fixture
def secretariat_officer(bukhara: BukharaScenario) -> User:
    return f.make_secretariat(instruments=[bukhara.cms], username="officer")


@pytest.fixture
def nfp_uzbekistan(bukhara: BukharaScenario) -> User:
    return f.make_focal_point(
        instrument=bukhara.cms, country=f.make_country("UZ"), username="nfp-uz"
    )


@pytest.fixture
def nfp_tajikistan(bukhara: BukharaScenario) -> User:
    return f.make_focal_point(
        instrument=bukhara.cms, country=f.make_country("TJ"), username="nfp-tj"
    )


@pytest.fixture
def partner_cic(bukhara: BukharaScenario) -> User:
    return f.make_user(username="partner-cic", partner_organisation=bukhara.cic)


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed documents are not at {SEEDS_DIR} (shared/ is not beside the repo)")
    return SEEDS_DIR
