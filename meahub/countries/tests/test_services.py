from __future__ import annotations

import pycountry
import pytest

from meahub.countries.models import Country
from meahub.countries.services import is_iso_code, sync_countries

pytestmark = pytest.mark.django_db


def test_sync_creates_every_iso_country_with_three_languages():
    result = sync_countries()

    assert result.created == len(pycountry.countries) == Country.objects.count()
    cote = Country.objects.get(code="CI")
    assert (cote.name_en, cote.name_fr, cote.name_es) == (
        "Côte d'Ivoire",
        "Côte d'Ivoire",
        "Costa de Marfíl",
    )
    germany = Country.objects.get(code="DE")
    assert (germany.name_fr, germany.name_es, germany.numeric) == ("Allemagne", "Alemania", "276")


def test_second_sync_changes_nothing():
    sync_countries()

    again = sync_countries()

    assert (again.created, again.updated) == (0, 0)


def test_sync_repairs_an_edited_name():
    sync_countries()
    Country.objects.filter(code="UZ").update(name_en="Typo")

    result = sync_countries()

    assert result.updated == 1
    assert Country.objects.get(code="UZ").name_en == "Uzbekistan"


def test_iso_code_check():
    assert is_iso_code("uz") is True
    assert is_iso_code("XX") is False
