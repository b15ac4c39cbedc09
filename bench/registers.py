"""Benchmark of the register pages and API at scale; prints JSON figures.

Builds, in a throw-away SQLite database (or the PostgreSQL of DATABASE_URL, in its test
database): all 249 countries, 300 instruments, 5,000 memberships and 5,000 contacts, each
contact holding a focal point role for one membership (CMS: 200 Parties, one national focal
point each). Then measures the server time (Django test client: the whole request/response
cycle, no network) of the instrument page, the country page and /api/v1/countries: median and
p95 over N requests after a warm-up. Usage: .venv/bin/python bench/registers.py [--requests N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--instruments", type=int, default=300)
    parser.add_argument("--memberships", type=int, default=5000)
    parser.add_argument("--contacts", type=int, default=5000)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ["MEAHUB_VAR_DIR"] = tempfile.mkdtemp(prefix="meahub-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meahub.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    database = "sqlite"
    if os.environ.get("DATABASE_URL"):
        from django.db import connection

        database = "postgresql"
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    build(args.instruments, args.memberships, args.contacts)
    figures = measure(args.requests)
    print(
        json.dumps(
            {
                "database": database,
                "requests_per_url": args.requests,
                "data": {
                    "countries": 249,
                    "instruments": args.instruments,
                    "memberships": args.memberships,
                    "contacts": args.contacts,
                },
                "server_time_ms": figures,
            },
            indent=2,
        )
    )


def build(n_instruments: int, n_memberships: int, n_contacts: int) -> None:
    from django.db import transaction

    from meahub.contacts.models import Contact, FocalPointRole
    from meahub.countries.models import Country
    from meahub.countries.services import sync_countries
    from meahub.instruments.models import Instrument, InstrumentRelation, Membership
    from meahub.species.models import PopulationEstimate, Species

    rng = random.Random(42)
    sync_countries()
    countries = list(Country.objects.all())
    with transaction.atomic():
        cms = Instrument.objects.create(
            code="CMS",
            kind="convention",
            short_name="CMS",
            full_name="Convention on Migratory Species",
        )
        instruments = [
            cms,
            *Instrument.objects.bulk_create(
                Instrument(
                    code=f"MOU{i:03d}",
                    kind="mou",
                    parent=cms,
                    short_name=f"MOU {i}",
                    full_name=f"Memorandum of Understanding {i}",
                )
                for i in range(1, n_instruments)
            ),
        ]
        species = Species.objects.bulk_create(
            Species(
                slug=f"species-{i}",
                scientific_name=f"Genus species{i}",
                common_name_en=f"Animal {i}",
            )
            for i in range(300)
        )
        for index, instrument in enumerate(instruments):
            instrument.species.add(species[index % 300])
        PopulationEstimate.objects.bulk_create(
            PopulationEstimate(species=s, year=2000 + y, value=rng.randint(100, 10000))
            for s in species
            for y in range(0, 20, 5)
        )
        InstrumentRelation.objects.bulk_create(
            InstrumentRelation(source=i, target=cms, kind="covered_by", shares_focal_points=True)
            for i in instruments[1:]
        )
        pairs: set[tuple[int, int]] = set()
        # CMS gets most countries as Parties; the rest spread over the family.
        for country in countries[:200]:
            pairs.add((cms.pk, country.pk))
        while len(pairs) < n_memberships:
            pairs.add((rng.choice(instruments).pk, rng.choice(countries).pk))
        Membership.objects.bulk_create(
            Membership(
                instrument_id=i,
                country_id=c,
                role="party" if i == cms.pk else rng.choice(["signatory", "range_state"]),
                signed_on=dt.date(2000 + rng.randint(0, 20), 1, 1),
            )
            for i, c in pairs
        )
        # One person per membership, like a focal point per member: CMS gets one national focal
        # point per Party (200), the other instruments a contact point per member.
        by_id = {c.pk: c for c in countries}
        ordered = sorted(pairs)
        contacts = Contact.objects.bulk_create(
            Contact(
                name=f"Person {i}",
                email=f"person{i}@example.org",
                country=by_id[ordered[i % len(ordered)][1]],
            )
            for i in range(n_contacts)
        )
        FocalPointRole.objects.bulk_create(
            FocalPointRole(
                contact=c,
                instrument_id=ordered[i % len(ordered)][0],
                kind="national_focal_point"
                if ordered[i % len(ordered)][0] == cms.pk
                else "contact_point",
                country=c.country,
                status="confirmed",
                nominated_on=dt.date(2020, 1, 1),
                confirmed_on=dt.date(2020, 2, 1),
            )
            for i, c in enumerate(contacts)
        )


def measure(n: int) -> dict[str, dict[str, float]]:
    from django.test import Client

    from meahub.instruments.models import Instrument

    client = Client()
    busiest = Instrument.objects.get(code="CMS")
    other = Instrument.objects.exclude(code="CMS").order_by("code")[10]
    urls = {
        "instrument page (CMS, 200 members)": busiest.get_absolute_url(),
        f"instrument page ({other.code})": other.get_absolute_url(),
        "country page (UZ)": "/countries/UZ/",
        "/api/v1/countries": "/api/v1/countries",
        "/api/v1/countries?limit=200": "/api/v1/countries?limit=200",
    }
    figures: dict[str, dict[str, float]] = {}
    for label, url in urls.items():
        for _ in range(5):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        timings = []
        for _ in range(n):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        figures[label] = {
            "median": round(statistics.median(timings), 2),
            "p95": round(timings[int(len(timings) * 0.95) - 1], 2),
            "max": round(timings[-1], 2),
        }
    return figures


if __name__ == "__main__":
    main()
