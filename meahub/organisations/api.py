"""Organisations in the API: a register shared by every instrument, kept by secretariat staff."""

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
from meahub.organisations import selectors, services
from meahub.organisations.models import Organisation
from meahub.organisations.schemas import (
    OrganisationFilter,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
)

router = Router(tags=["organisations"])


def _country_id(code: str | None) -> int | None:
    return country_from_input(code).pk if code else None


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List organisations",
)
@paginate(Pagination)
def list_organisations(
    request: HttpRequest, filters: Query[OrganisationFilter]
) -> QuerySet[Organisation]:
    """Secretariats, IGOs, NGOs and others by name; filter by kind or country, search with `q`."""
    return selectors.organisations_matching(q=filters.q, kind=filters.kind, country=filters.country)


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get an organisation",
)
def get_organisation(request: HttpRequest, slug: str) -> Organisation:
    """One organisation by its address (slug)."""
    return selectors.organisation_with_slug(slug)


@router.post(
    "/organisations",
    response={201: OrganisationOut, **CREATE_ERRORS},
    auth=write_auth,
    summary="Create an organisation",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Organisation]:
    """Add an organisation (secretariat staff). Its name must be new."""
    organisation = services.create_organisation(
        by=acting_user(request),
        name=payload.name,
        kind=payload.kind,
        acronym=payload.acronym,
        country_id=_country_id(payload.country),
        website=payload.website,
        slug=payload.slug,
    )
    return Status(201, organisation)


@router.patch(
    "/organisations/{slug}",
    response={200: OrganisationOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Update an organisation",
)
def update_organisation(
    request: HttpRequest, slug: str, payload: OrganisationPatch
) -> Organisation:
    """Change the fields sent (secretariat staff); its address stays."""
    organisation = selectors.organisation_with_slug(slug)
    fields: dict[str, Any] = payload.model_dump(exclude_unset=True)
    if "country" in fields:
        fields["country_id"] = _country_id(fields.pop("country"))
    return services.update_organisation(
        organisation=organisation, by=acting_user(request), **fields
    )


@router.delete(
    "/organisations/{slug}",
    response={204: None, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Delete an organisation",
)
def delete_organisation(request: HttpRequest, slug: str) -> Status[None]:
    """Remove an organisation nothing refers to any more (secretariat staff)."""
    organisation = selectors.organisation_with_slug(slug)
    services.delete_organisation(organisation=organisation, by=acting_user(request))
    return Status(204, None)
