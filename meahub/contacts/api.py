"""Contacts and focal point roles in the API.

A role's life: nominated (POST /focal-point-roles) → confirmed (…/confirm) → replaced by a
confirmed nomination that ``replaces`` it, or ended (…/end). Staff serving the instrument
manage its roles; contact details are for signed-in users only.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from meahub.contacts import selectors, services
from meahub.contacts.models import Contact, FocalPointRole
from meahub.contacts.schemas import (
    ConfirmationIn,
    ContactFilter,
    ContactIn,
    ContactOut,
    ContactPatch,
    FocalPointRoleFilter,
    FocalPointRoleOut,
    NominationIn,
    RoleEndIn,
)
from meahub.core.api_auth import acting_user, read_auth, write_auth
from meahub.core.schemas import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    DETAIL_ERRORS,
    LIST_ERRORS,
    Pagination,
)
from meahub.countries.selectors import country_from_input
from meahub.instruments.selectors import instrument_from_input
from meahub.organisations.selectors import organisation_from_input
from meahub.permissions import registers as permissions
from meahub.species.selectors import species_from_input

router = Router()


def _contact_references(fields: dict[str, Any]) -> dict[str, Any]:
    """Turn the codes a contact's input names (organisation, country) into ids."""
    if "organisation" in fields:
        slug = fields.pop("organisation")
        fields["organisation_id"] = organisation_from_input(slug).pk if slug else None
    if "country" in fields:
        code = fields.pop("country")
        fields["country_id"] = country_from_input(code).pk if code else None
    return fields


# --- contacts ---------------------------------------------------------------------------------


@router.get(
    "/contacts",
    response={200: list[ContactOut], **LIST_ERRORS},
    auth=read_auth,
    tags=["contacts"],
    summary="List contacts",
)
@paginate(Pagination)
def list_contacts(request: HttpRequest, filters: Query[ContactFilter]) -> QuerySet[Contact]:
    """People by name; filter by country, organisation or an instrument they hold a role in,
    search with `q`. The public sees people holding roles, without e-mail, phone or address."""
    return selectors.contacts_matching(
        acting_user(request),
        q=filters.q,
        country=filters.country,
        organisation=filters.organisation,
        instrument=filters.instrument,
    )


@router.get(
    "/contacts/{contact_id}",
    response={200: ContactOut, **DETAIL_ERRORS},
    auth=read_auth,
    tags=["contacts"],
    summary="Get a contact",
)
def get_contact(request: HttpRequest, contact_id: int) -> Contact:
    """One person by id (e-mail, phone and address only when signed in)."""
    return selectors.contact_with_id(acting_user(request), contact_id)


@router.post(
    "/contacts",
    response={201: ContactOut, **CREATE_ERRORS},
    auth=write_auth,
    tags=["contacts"],
    summary="Create a contact",
)
def create_contact(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    """Add a person (secretariat staff)."""
    fields = _contact_references(payload.model_dump())
    return Status(201, services.create_contact(by=acting_user(request), **fields))


@router.patch(
    "/contacts/{contact_id}",
    response={200: ContactOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["contacts"],
    summary="Update a contact",
)
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Contact:
    """Change the fields sent: secretariat staff, or the person themself."""
    user = acting_user(request)
    contact = permissions.get_contact_for_edit(user, contact_id)
    fields = _contact_references(payload.model_dump(exclude_unset=True))
    return services.update_contact(contact=contact, by=user, **fields)


@router.delete(
    "/contacts/{contact_id}",
    response={204: None, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["contacts"],
    summary="Delete a contact",
)
def delete_contact(request: HttpRequest, contact_id: int) -> Status[None]:
    """Remove a person who holds no focal point role (secretariat staff)."""
    user = acting_user(request)
    contact = permissions.get_contact_for_edit(user, contact_id)
    services.delete_contact(contact=contact, by=user)
    return Status(204, None)


# --- focal point roles ------------------------------------------------------------------------


@router.get(
    "/focal-point-roles",
    response={200: list[FocalPointRoleOut], **LIST_ERRORS},
    auth=read_auth,
    tags=["focal point roles"],
    summary="List focal point roles",
)
@paginate(Pagination)
def list_focal_point_roles(
    request: HttpRequest, filters: Query[FocalPointRoleFilter]
) -> QuerySet[FocalPointRole]:
    """Nominations and roles held in each instrument (its own, not those it inherits); filter
    by instrument, country, kind, status or contact, search names with `q`."""
    return selectors.focal_point_roles_matching(
        acting_user(request),
        q=filters.q,
        instrument=filters.instrument,
        country=filters.country,
        kind=filters.kind,
        status=filters.status,
        contact=filters.contact,
    )


@router.get(
    "/focal-point-roles/{role_id}",
    response={200: FocalPointRoleOut, **DETAIL_ERRORS},
    auth=read_auth,
    tags=["focal point roles"],
    summary="Get a focal point role",
)
def get_focal_point_role(request: HttpRequest, role_id: int) -> FocalPointRole:
    """One nomination or role by id."""
    return selectors.focal_point_role_with_id(acting_user(request), role_id)


@router.post(
    "/focal-point-roles",
    response={201: FocalPointRoleOut, **CREATE_ERRORS},
    auth=write_auth,
    tags=["focal point roles"],
    summary="Nominate a focal point",
)
def nominate_focal_point(request: HttpRequest, payload: NominationIn) -> Status[FocalPointRole]:
    """Record a nomination received for a role in an instrument the user serves; with
    `replaces`, it takes over that confirmed role once confirmed."""
    user = acting_user(request)
    role = services.nominate_focal_point(
        instrument=instrument_from_input(user, payload.instrument),
        contact=selectors.contact_from_input(user, payload.contact),
        kind=payload.kind,
        by=user,
        nominated_on=payload.nominated_on,
        country=country_from_input(payload.country) if payload.country else None,
        organisation=(
            organisation_from_input(payload.organisation) if payload.organisation else None
        ),
        species=species_from_input(user, payload.species) if payload.species else None,
        nomination_reference=payload.nomination_reference,
        replaces=(
            selectors.focal_point_role_from_input(user, payload.replaces)
            if payload.replaces is not None
            else None
        ),
    )
    return Status(201, role)


@router.post(
    "/focal-point-roles/{role_id}/confirm",
    response={200: FocalPointRoleOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["focal point roles"],
    summary="Confirm a nomination",
)
def confirm_nomination(
    request: HttpRequest, role_id: int, payload: ConfirmationIn
) -> FocalPointRole:
    """Confirm a nomination on a date; the role it replaces ends then. A national focal point
    gets an account and an e-mail to choose a password."""
    user = acting_user(request)
    role = permissions.get_role_for_edit(user, role_id)
    return services.confirm_nomination(role=role, by=user, on=payload.confirmed_on)


@router.post(
    "/focal-point-roles/{role_id}/end",
    response={200: FocalPointRoleOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["focal point roles"],
    summary="End a focal point role",
)
def end_focal_point_role(request: HttpRequest, role_id: int, payload: RoleEndIn) -> FocalPointRole:
    """End a nomination or a confirmed role on a date (the person stepped down, retired...)."""
    user = acting_user(request)
    role = permissions.get_role_for_edit(user, role_id)
    return services.end_role(role=role, by=user, on=payload.ended_on)
