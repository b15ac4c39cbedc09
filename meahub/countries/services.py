"""Countries come from ISO 3166-1 through pycountry, with names in English, French, Spanish."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry
from django.db import transaction

from meahub.countries.models import Country


@cache
def _translator(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])


def _common_name(record: object) -> str:
    return str(getattr(record, "common_name", None) or record.name)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SyncResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def sync_countries() -> SyncResult:
    """Create or update one Country per ISO 3166-1 entry. Idempotent: a second run changes
    nothing. French and Spanish names come from pycountry's own translations."""
    existing = {c.code: c for c in Country.objects.all()}
    created = updated = unchanged = 0
    fr, es = _translator("fr"), _translator("es")
    for record in pycountry.countries:
        english = _common_name(record)
        values = {
            "alpha3": record.alpha_3,
            "numeric": record.numeric,
            "name_en": english,
            "name_fr": fr.gettext(record.name),
            "name_es": es.gettext(record.name),
            "official_name": getattr(record, "official_name", "") or "",
        }
        country = existing.get(record.alpha_2)
        if country is None:
            Country.objects.create(code=record.alpha_2, **values)
            created += 1
        elif any(getattr(country, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(country, key, value)
            country.save()
            updated += 1
        else:
            unchanged += 1
    return SyncResult(created=created, updated=updated, unchanged=unchanged)


def is_iso_code(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code.upper()) is not None
