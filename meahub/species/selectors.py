"""Reads of species for the pages: the list and one species (instruments, estimates, chart)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from meahub.core.lookups import get_or_invalid
from meahub.instruments.models import Instrument
from meahub.permissions.registers import (
    can_edit_species,
    instruments_visible_to,
    species_visible_to,
)
from meahub.permissions.roles import AnyUser
from meahub.species.models import PopulationEstimate, Species


def population_series(species: list[Species]) -> dict[str, Any]:
    """Chart data for the whole-range population estimates of each species, for json_script:
    a value is a point, a min–max range is a range; per-country figures stay in the table."""
    series = []
    for item in species:
        points = [
            {"year": e.year, "value": e.value, "min": e.minimum, "max": e.maximum}
            for e in item.estimates.all()
            if e.country_id is None
        ]
        if points:
            series.append({"label": item.common_name or item.scientific_name, "points": points})
    return {
        "series": series,
        "labels": {
            "value": str(_("estimate")),
            "range": str(_("range")),
            "year": str(_("Year")),
            "count": str(_("Animals")),
        },
    }


def species_with_estimates(species: Any) -> list[Species]:
    """Species with their estimates (and the estimates' countries) prefetched."""
    estimates = PopulationEstimate.objects.select_related("country").order_by("year", "country")
    return list(species.prefetch_related(Prefetch("estimates", queryset=estimates)))


def species_list_page(*, user: AnyUser) -> list[Species]:
    """Every species with the visible instruments covering it prefetched and its number of
    population estimates (``estimate_count``). Two queries."""
    visible = instruments_visible_to(user).order_by("code")
    return list(
        species_visible_to(user)
        .annotate(estimate_count=Count("estimates", distinct=True))
        .prefetch_related(Prefetch("instruments", queryset=visible, to_attr="visible_instruments"))
        .order_by("scientific_name")
    )


@dataclass(frozen=True)
class SpeciesPage:
    species: Species
    instruments: list[Instrument]
    chart: dict[str, Any]
    can_edit: bool

    @property
    def species_list(self) -> list[Species]:
        return [self.species]


def species_page(species: Species, *, user: AnyUser) -> SpeciesPage:
    """A species' names, the instruments (visible to the user) that cover it, and its
    population estimates as a table and chart data."""
    with_estimates = species_with_estimates(species_visible_to(user).filter(pk=species.pk))
    loaded = with_estimates[0] if with_estimates else species
    return SpeciesPage(
        species=loaded,
        instruments=list(instruments_visible_to(user).filter(Q(species=species)).order_by("code")),
        chart=population_series([loaded]),
        can_edit=can_edit_species(user, species),
    )


# --- lists and lookups for the API -----------------------------------------------------------


def species_matching(
    user: AnyUser, *, q: str = "", instrument: str | None = None
) -> QuerySet[Species]:
    """Species whose scientific or common name (any language) contains ``q``; with
    ``instrument`` (a code), only those that instrument covers, if the user can see it."""
    species = species_visible_to(user)
    if q:
        species = species.filter(
            Q(scientific_name__icontains=q)
            | Q(common_name_en__icontains=q)
            | Q(common_name_fr__icontains=q)
            | Q(common_name_es__icontains=q)
        )
    if instrument:
        covering = instruments_visible_to(user).filter(code=instrument.upper())
        species = species.filter(instruments__in=covering)
    return species.order_by("scientific_name", "pk")


def species_with_slug(user: AnyUser, slug: str) -> Species:
    """The species at this address; else 404."""
    return get_object_or_404(species_visible_to(user), slug=slug)


def species_from_input(user: AnyUser, slug: str, *, field: str = "species") -> Species:
    """The species an input field names by slug; ValidationError naming the field if none."""
    return get_or_invalid(
        species_visible_to(user), field=field, message=f"Unknown species '{slug}'.", slug=slug
    )


def estimates_matching(
    species: Species, *, country: str | None = None, year: int | None = None
) -> QuerySet[PopulationEstimate]:
    """A species' population estimates, oldest first, for one range state (ISO code) or
    year, with species and country loaded."""
    estimates = species.estimates.select_related("species", "country")
    if country:
        estimates = estimates.filter(country__code=country.upper())
    if year is not None:
        estimates = estimates.filter(year=year)
    # The whole range's figure first, then each range state's, on every database.
    return estimates.order_by("year", F("country__name_en").asc(nulls_first=True), "pk")


def estimate_with_id(estimate_id: int) -> PopulationEstimate:
    """A population estimate with its species and country loaded; else 404."""
    return get_object_or_404(
        PopulationEstimate.objects.select_related("species", "country"), pk=estimate_id
    )
