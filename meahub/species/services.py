"""Writes to the species register and its population estimates (secretariat staff)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from meahub.core.audit import delete_attributed, save_validated
from meahub.permissions.registers import can_edit_species
from meahub.species.models import PopulationEstimate, Species


@transaction.atomic
def create_species(
    *,
    by: Any,
    scientific_name: str,
    common_name_en: str = "",
    common_name_fr: str = "",
    common_name_es: str = "",
    slug: str = "",
) -> Species:
    if not can_edit_species(by):
        raise PermissionDenied
    species = Species(
        scientific_name=scientific_name.strip(),
        common_name_en=common_name_en,
        common_name_fr=common_name_fr,
        common_name_es=common_name_es,
        slug=slug or slugify(scientific_name)[:120],
    )
    return save_validated(species, by=by)


@transaction.atomic
def update_species(*, species: Species, by: Any, **fields: Any) -> Species:
    if not can_edit_species(by, species):
        raise PermissionDenied
    for key, value in fields.items():
        setattr(species, key, value)
    return save_validated(species, by=by)


@transaction.atomic
def delete_species(*, species: Species, by: Any) -> None:
    if not can_edit_species(by, species):
        raise PermissionDenied
    delete_attributed(species, by=by)


@transaction.atomic
def add_population_estimate(
    *,
    species: Species,
    by: Any,
    year: int,
    value: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    country_id: int | None = None,
    source_document: str = "",
    note: str = "",
) -> PopulationEstimate:
    """Record a population figure: a value, or a min–max range, for the range or one state."""
    if not can_edit_species(by, species):
        raise PermissionDenied
    estimate = PopulationEstimate(
        species=species,
        year=year,
        value=value,
        minimum=minimum,
        maximum=maximum,
        country_id=country_id,
        source_document=source_document,
        note=note,
    )
    return save_validated(estimate, by=by)


@transaction.atomic
def update_population_estimate(
    *, estimate: PopulationEstimate, by: Any, **fields: Any
) -> PopulationEstimate:
    if not can_edit_species(by, estimate.species):
        raise PermissionDenied
    for key, value in fields.items():
        setattr(estimate, key, value)
    return save_validated(estimate, by=by)


@transaction.atomic
def delete_population_estimate(*, estimate: PopulationEstimate, by: Any) -> None:
    if not can_edit_species(by, estimate.species):
        raise PermissionDenied
    delete_attributed(estimate, by=by)
