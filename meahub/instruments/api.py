"""Instruments, their memberships and their relations in the API.

The public reads published instruments and what hangs from them; secretariat staff write to
the instruments they serve and their families. Writes go through ``instruments.services``.
"""

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
from meahub.instruments import selectors, services
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.instruments.schemas import (
    InstrumentFilter,
    InstrumentIn,
    InstrumentOut,
    InstrumentPatch,
    InstrumentSpeciesIn,
    MembershipFilter,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    RelationFilter,
    RelationIn,
    RelationOut,
    RelationPatch,
    WithdrawalIn,
)
from meahub.organisations.selectors import organisation_from_input
from meahub.permissions import registers as permissions
from meahub.permissions.roles import AnyUser
from meahub.species.selectors import species_from_input

router = Router()


def _instrument_references(user: AnyUser, fields: dict[str, Any]) -> dict[str, Any]:
    """Turn the codes an instrument's input names (parent, secretariat) into ids."""
    if "parent" in fields:
        code = fields.pop("parent")
        fields["parent_id"] = (
            selectors.instrument_from_input(user, code, field="parent").pk if code else None
        )
    if "secretariat" in fields:
        slug = fields.pop("secretariat")
        fields["secretariat_id"] = (
            organisation_from_input(slug, field="secretariat").pk if slug else None
        )
    return fields


# --- instruments ------------------------------------------------------------------------------


@router.get(
    "/instruments",
    response={200: list[InstrumentOut], **LIST_ERRORS},
    auth=read_auth,
    tags=["instruments"],
    summary="List instruments",
)
@paginate(Pagination)
def list_instruments(
    request: HttpRequest, filters: Query[InstrumentFilter]
) -> QuerySet[Instrument]:
    """The Convention and its family by code; filter by kind or parent, search with `q`.
    Unpublished instruments are listed only for the staff who serve them."""
    return selectors.instruments_matching(
        acting_user(request), q=filters.q, kind=filters.kind, parent=filters.parent
    )


@router.get(
    "/instruments/{code}",
    response={200: InstrumentOut, **DETAIL_ERRORS},
    auth=read_auth,
    tags=["instruments"],
    summary="Get an instrument",
)
def get_instrument(request: HttpRequest, code: str) -> Instrument:
    """One instrument by its code (CMS, BKD, CAMI)."""
    return permissions.get_instrument_for_view(acting_user(request), code.upper())


@router.post(
    "/instruments",
    response={201: InstrumentOut, **CREATE_ERRORS},
    auth=write_auth,
    tags=["instruments"],
    summary="Create an instrument",
)
def create_instrument(request: HttpRequest, payload: InstrumentIn) -> Status[Instrument]:
    """Add an instrument to a family the user serves; a top-level one needs a superuser."""
    user = acting_user(request)
    parent = (
        selectors.instrument_from_input(user, payload.parent, field="parent")
        if payload.parent
        else None
    )
    fields = _instrument_references(user, payload.model_dump(exclude={"parent"}))
    instrument = services.create_instrument(by=user, parent=parent, **fields)
    return Status(201, instrument)


@router.patch(
    "/instruments/{code}",
    response={200: InstrumentOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["instruments"],
    summary="Update an instrument",
)
def update_instrument(request: HttpRequest, code: str, payload: InstrumentPatch) -> Instrument:
    """Change the fields sent; the code is the instrument's address and stays."""
    user = acting_user(request)
    instrument = permissions.get_instrument_for_edit(user, code.upper())
    fields = _instrument_references(user, payload.model_dump(exclude_unset=True))
    return services.update_instrument(instrument=instrument, by=user, **fields)


@router.put(
    "/instruments/{code}/species",
    response={200: InstrumentOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["instruments"],
    summary="Set the species an instrument covers",
)
def set_instrument_species(
    request: HttpRequest, code: str, payload: InstrumentSpeciesIn
) -> Instrument:
    """Replace the list of species the instrument covers with the slugs sent."""
    user = acting_user(request)
    instrument = permissions.get_instrument_for_edit(user, code.upper())
    species = [species_from_input(user, slug) for slug in payload.species]
    return services.set_instrument_species(instrument=instrument, by=user, species=species)


@router.delete(
    "/instruments/{code}",
    response={204: None, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["instruments"],
    summary="Delete an instrument",
)
def delete_instrument(request: HttpRequest, code: str) -> Status[None]:
    """Remove an instrument that has no memberships, focal point roles or member instruments."""
    user = acting_user(request)
    instrument = permissions.get_instrument_for_edit(user, code.upper())
    services.delete_instrument(instrument=instrument, by=user)
    return Status(204, None)


# --- memberships ------------------------------------------------------------------------------


@router.get(
    "/memberships",
    response={200: list[MembershipOut], **LIST_ERRORS},
    auth=read_auth,
    tags=["memberships"],
    summary="List memberships",
)
@paginate(Pagination)
def list_memberships(
    request: HttpRequest, filters: Query[MembershipFilter]
) -> QuerySet[Membership]:
    """Countries and organisations in instruments, with role and dates; filter by instrument,
    country, role or `current`, search member names with `q`."""
    return selectors.memberships_matching(
        acting_user(request),
        q=filters.q,
        instrument=filters.instrument,
        country=filters.country,
        role=filters.role,
        current=filters.current,
    )


@router.get(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **DETAIL_ERRORS},
    auth=read_auth,
    tags=["memberships"],
    summary="Get a membership",
)
def get_membership(request: HttpRequest, membership_id: int) -> Membership:
    """One membership by id."""
    return selectors.membership_with_id(acting_user(request), membership_id)


@router.post(
    "/memberships",
    response={201: MembershipOut, **CREATE_ERRORS},
    auth=write_auth,
    tags=["memberships"],
    summary="Create a membership",
)
def create_membership(request: HttpRequest, payload: MembershipIn) -> Status[Membership]:
    """Make a country or an organisation a member of an instrument with a role. A country
    can hold one current membership per instrument."""
    user = acting_user(request)
    membership = services.add_membership(
        instrument=selectors.instrument_from_input(user, payload.instrument),
        by=user,
        role=payload.role,
        country=country_from_input(payload.country) if payload.country else None,
        organisation=(
            organisation_from_input(payload.organisation) if payload.organisation else None
        ),
        signed_on=payload.signed_on,
        effective_on=payload.effective_on,
        withdrawn_on=payload.withdrawn_on,
        note=payload.note,
    )
    return Status(201, membership)


@router.patch(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["memberships"],
    summary="Update a membership",
)
def update_membership(
    request: HttpRequest, membership_id: int, payload: MembershipPatch
) -> Membership:
    """Change a membership's role, dates or note; who the member is stays."""
    user = acting_user(request)
    membership = permissions.get_membership_for_edit(user, membership_id)
    return services.update_membership(
        membership=membership, by=user, **payload.model_dump(exclude_unset=True)
    )


@router.post(
    "/memberships/{membership_id}/withdraw",
    response={200: MembershipOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["memberships"],
    summary="Withdraw a membership",
)
def withdraw_membership(
    request: HttpRequest, membership_id: int, payload: WithdrawalIn
) -> Membership:
    """Record the member's withdrawal on a date; the membership stays as history."""
    user = acting_user(request)
    membership = permissions.get_membership_for_edit(user, membership_id)
    return services.withdraw_membership(membership=membership, by=user, on=payload.withdrawn_on)


@router.delete(
    "/memberships/{membership_id}",
    response={204: None, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["memberships"],
    summary="Delete a membership",
)
def delete_membership(request: HttpRequest, membership_id: int) -> Status[None]:
    """Remove a membership entered by mistake (record a withdrawal instead when one ends)."""
    user = acting_user(request)
    membership = permissions.get_membership_for_edit(user, membership_id)
    services.delete_membership(membership=membership, by=user)
    return Status(204, None)


# --- relations --------------------------------------------------------------------------------


@router.get(
    "/relations",
    response={200: list[RelationOut], **LIST_ERRORS},
    auth=read_auth,
    tags=["relations"],
    summary="List relations between instruments",
)
@paginate(Pagination)
def list_relations(
    request: HttpRequest, filters: Query[RelationFilter]
) -> QuerySet[InstrumentRelation]:
    """How instruments relate (folded into, aligned with...) and what they share; filter by
    source, target or kind, search instrument codes and names with `q`."""
    return selectors.relations_matching(
        acting_user(request),
        q=filters.q,
        source=filters.source,
        target=filters.target,
        kind=filters.kind,
    )


@router.get(
    "/relations/{relation_id}",
    response={200: RelationOut, **DETAIL_ERRORS},
    auth=read_auth,
    tags=["relations"],
    summary="Get a relation",
)
def get_relation(request: HttpRequest, relation_id: int) -> InstrumentRelation:
    """One relation between two instruments, by id."""
    return selectors.relation_with_id(acting_user(request), relation_id)


@router.post(
    "/relations",
    response={201: RelationOut, **CREATE_ERRORS},
    auth=write_auth,
    tags=["relations"],
    summary="Create a relation",
)
def create_relation(request: HttpRequest, payload: RelationIn) -> Status[InstrumentRelation]:
    """Record how the source instrument (one the user serves) relates to the target."""
    user = acting_user(request)
    relation = services.relate_instruments(
        source=selectors.instrument_from_input(user, payload.source, field="source"),
        target=selectors.instrument_from_input(user, payload.target, field="target"),
        by=user,
        **payload.model_dump(exclude={"source", "target"}),
    )
    return Status(201, relation)


@router.patch(
    "/relations/{relation_id}",
    response={200: RelationOut, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["relations"],
    summary="Update a relation",
)
def update_relation(
    request: HttpRequest, relation_id: int, payload: RelationPatch
) -> InstrumentRelation:
    """Change the kind, date, meaning or what is shared; the two instruments stay."""
    user = acting_user(request)
    relation = selectors.relation_with_id(user, relation_id)
    return services.update_relation(
        relation=relation, by=user, **payload.model_dump(exclude_unset=True)
    )


@router.delete(
    "/relations/{relation_id}",
    response={204: None, **CHANGE_ERRORS},
    auth=write_auth,
    tags=["relations"],
    summary="Delete a relation",
)
def delete_relation(request: HttpRequest, relation_id: int) -> Status[None]:
    """Remove a relation between two instruments."""
    user = acting_user(request)
    relation = selectors.relation_with_id(user, relation_id)
    services.delete_relation(relation=relation, by=user)
    return Status(204, None)
