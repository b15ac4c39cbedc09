"""Species and their population estimates in the API; secretariat staff keep them."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from meahub.core.api_auth import acting_user, read_auth, write_auth
from meahub.core.schemas import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    DETAIL_ERRORS,
    LIST_ERRORS,
    Pagination,
)
from meahub.countries.selectors import country_from_input
from meahub.permissions import registers as permissions
from meahub.species import selectors, services
from meahub.species.models import PopulationEstimate, Species
from meahub.species.schemas import (
    EstimateFilter,
    EstimateIn,
    EstimateOut,
    EstimatePatch,
    SpeciesFilter,
    SpeciesIn,
    SpeciesOut,
    SpeciesPatch,
)

router = Router()


def _country_id(code: str | None) -> int | None:
    return country_from_input(code).pk if code else None


# --- species ----------------------------------------------------------------------------------


@router.get(
    "/species",
    response={200: list[SpeciesOut], **LIST_ERRORS},
    auth=read_auth,
    tags=["species"],
    summary="List species",
)
@paginate(Pagination)
def list_species(request: HttpRequest, filters: Query[SpeciesFilter]) -> QuerySet[Species]:
    """Species by scientific name; search names in any language with `q`, or keep those an
    instrument covers with `instrument`."""
    return selectors.species_matching(
        acting_user(request), q=filters.q, instrument=filters.instrument
    )


@router.get(
    "/species/{slug}",
    response={200: SpeciesOut, **DETAIL_ERRORS},
    auth=read_auth,
    tags=["species"],
    summary="Get a species",
)
def get_species(request: HttpRequest, slug: str) -> Species:
    """One species by its address (slug)."""
    return selectors.species_with_slug(acting_user(request), slug)


@router.post(
    "/species",
    response={201: SpeciesOut, **CREATE_ERRORS},
    auth=write_auth,
    tags=["species"],
    summary="Create a species",
)
def create_species(request: HttpRequest, payload: SpeciesIn) -> Status[Species]:
    """Add a species (secretariat staff); its scientific name must be new."""
    species = services.create_species(by=acting_user(request), **payload.model_dump())
    return Status(201, species)


@router.patch(
    "/species/{slug}",
    response={200: SpeciesOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["species"],
    summary="Update a species",
)
def update_species(request: HttpRequest, slug: str, payload: SpeciesPatch) -> Species:
    """Change the names sent (secretariat staff); its address stays."""
    user = acting_user(request)
    species = selectors.species_with_slug(user, slug)
    return services.update_species(
        species=species, by=user, **payload.model_dump(exclude_unset=True)
    )


@router.delete(
    "/species/{slug}",
    response={204: None, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["species"],
    summary="Delete a species",
)
def delete_species(request: HttpRequest, slug: str) -> Status[None]:
    """Remove a species with its population estimates (secretariat staff)."""
    user = acting_user(request)
    services.delete_species(species=selectors.species_with_slug(user, slug), by=user)
    return Status(204, None)


# --- population estimates ---------------------------------------------------------------------


@router.get(
    "/species/{slug}/estimates",
    response={200: list[EstimateOut], **DETAIL_ERRORS},
    auth=read_auth,
    tags=["population estimates"],
    summary="List a species' population estimates",
)
@paginate(Pagination)
def list_estimates(
    request: HttpRequest, slug: str, filters: Query[EstimateFilter]
) -> QuerySet[PopulationEstimate]:
    """A species' population figures, oldest first; filter by range state or year."""
    species = selectors.species_with_slug(acting_user(request), slug)
    return selectors.estimates_matching(species, country=filters.country, year=filters.year)


@router.get(
    "/estimates/{estimate_id}",
    response={200: EstimateOut, **DETAIL_ERRORS},
    auth=read_auth,
    tags=["population estimates"],
    summary="Get a population estimate",
)
def get_estimate(request: HttpRequest, estimate_id: int) -> PopulationEstimate:
    """One population estimate by id."""
    return selectors.estimate_with_id(estimate_id)


@router.post(
    "/species/{slug}/estimates",
    response={201: EstimateOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["population estimates"],
    summary="Create a population estimate",
)
def create_estimate(
    request: HttpRequest, slug: str, payload: EstimateIn
) -> Status[PopulationEstimate]:
    """Record a population figure for a year: a value, or a minimum and maximum, for the whole
    range or one range state (secretariat staff)."""
    user = acting_user(request)
    species = selectors.species_with_slug(user, slug)
    fields: dict[str, Any] = payload.model_dump(exclude={"country"})
    estimate = services.add_population_estimate(
        species=species, by=user, country_id=_country_id(payload.country), **fields
    )
    return Status(201, estimate)


@router.patch(
    "/estimates/{estimate_id}",
    response={200: EstimateOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["population estimates"],
    summary="Update a population estimate",
)
def update_estimate(
    request: HttpRequest, estimate_id: int, payload: EstimatePatch
) -> PopulationEstimate:
    """Change the fields sent (secretariat staff)."""
    user = acting_user(request)
    estimate = permissions.get_estimate_for_edit(user, estimate_id)
    fields: dict[str, Any] = payload.model_dump(exclude_unset=True)
    if "country" in fields:
        fields["country_id"] = _country_id(fields.pop("country"))
    return services.update_population_estimate(estimate=estimate, by=user, **fields)


@router.delete(
    "/estimates/{estimate_id}",
    response={204: None, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["population estimates"],
    summary="Delete a population estimate",
)
def delete_estimate(request: HttpRequest, estimate_id: int) -> Status[None]:
    """Remove a population estimate (secretariat staff)."""
    user = acting_user(request)
    estimate = permissions.get_estimate_for_edit(user, estimate_id)
    services.delete_population_estimate(estimate=estimate, by=user)
    return Status(204, None)
