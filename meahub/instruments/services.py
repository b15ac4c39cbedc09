"""Writes to instruments, their memberships and their relations.

A membership's life: a country or organisation joins with a role (signed, effective dates),
may change role (a Range State that signs becomes a Signatory), and may withdraw (withdrawn
date). A withdrawn membership stays as history; the country may join again later.
Every write checks permissions, validates the whole row and is attributed to ``by``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from meahub.core.audit import delete_attributed, save_validated
from meahub.countries.models import Country
from meahub.instruments.models import Instrument, InstrumentRelation, Membership
from meahub.organisations.models import Organisation
from meahub.permissions.registers import (
    can_create_instrument,
    can_edit_instrument,
    can_edit_membership,
    can_edit_relation,
)
from meahub.species.models import Species

INSTRUMENT_FIELDS = {
    "kind",
    "short_name",
    "full_name",
    "concluded_on",
    "in_effect_on",
    "secretariat_id",
    "summary",
    "website",
    "is_published",
    "parent_id",
}


@transaction.atomic
def create_instrument(
    *,
    by: Any,
    code: str,
    kind: str,
    short_name: str,
    full_name: str,
    parent: Instrument | None = None,
    **fields: Any,
) -> Instrument:
    """Add an instrument to a family the user serves (a top-level one needs a superuser)."""
    if not can_create_instrument(by, parent):
        raise PermissionDenied
    unknown = set(fields) - INSTRUMENT_FIELDS
    if unknown:
        raise ValidationError({name: "Unknown field." for name in sorted(unknown)})
    instrument = Instrument(
        code=code, kind=kind, short_name=short_name, full_name=full_name, parent=parent, **fields
    )
    return save_validated(instrument, by=by)


@transaction.atomic
def update_instrument(*, instrument: Instrument, by: Any, **fields: Any) -> Instrument:
    """Change an instrument's details; its code is its address and does not change."""
    if not can_edit_instrument(by, instrument):
        raise PermissionDenied
    unknown = set(fields) - INSTRUMENT_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    new_parent_id = fields.get("parent_id", instrument.parent_id)
    if new_parent_id is not None and _would_cycle(instrument, new_parent_id):
        raise ValidationError({"parent": "This parent would make the family a loop."})
    for key, value in fields.items():
        setattr(instrument, key, value)
    return save_validated(instrument, by=by)


def _would_cycle(instrument: Instrument, parent_id: int) -> bool:
    parents = dict(Instrument.objects.values_list("id", "parent_id"))
    current: int | None = parent_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == instrument.pk:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


@transaction.atomic
def set_instrument_species(
    *, instrument: Instrument, by: Any, species: list[Species]
) -> Instrument:
    """Replace the list of species an instrument covers."""
    if not can_edit_instrument(by, instrument):
        raise PermissionDenied
    instrument.species.set(species)
    save_validated(instrument, by=by, reason="species covered changed")
    return instrument


@transaction.atomic
def delete_instrument(*, instrument: Instrument, by: Any) -> None:
    """Delete an instrument that nothing refers to any more (memberships, roles, children)."""
    if not can_edit_instrument(by, instrument):
        raise PermissionDenied
    blockers = []
    if instrument.memberships.exists():
        blockers.append("memberships")
    if instrument.focal_point_roles.exists():
        blockers.append("focal point roles")
    if instrument.children.exists():
        blockers.append("member instruments")
    if blockers:
        raise ValidationError(
            f"{instrument.code} still has {', '.join(blockers)}; remove them first."
        )
    delete_attributed(instrument, by=by)


@transaction.atomic
def add_membership(
    *,
    instrument: Instrument,
    by: Any,
    role: str,
    country: Country | None = None,
    organisation: Organisation | None = None,
    signed_on: dt.date | None = None,
    effective_on: dt.date | None = None,
    withdrawn_on: dt.date | None = None,
    note: str = "",
) -> Membership:
    """Make a country or organisation a member of an instrument with a role.

    Refuses (ValidationError) a duplicate current membership, both or neither of country and
    organisation, a role that does not fit the member, and dates out of order.
    """
    if not can_edit_instrument(by, instrument):
        raise PermissionDenied
    membership = Membership(
        instrument=instrument,
        country=country,
        organisation=organisation,
        role=role,
        signed_on=signed_on,
        effective_on=effective_on,
        withdrawn_on=withdrawn_on,
        note=note,
    )
    return save_validated(membership, by=by)


@transaction.atomic
def update_membership(*, membership: Membership, by: Any, **fields: Any) -> Membership:
    """Change a membership's role, dates or note (not who the member is)."""
    if not can_edit_membership(by, membership):
        raise PermissionDenied
    allowed = {"role", "signed_on", "effective_on", "withdrawn_on", "note"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    for key, value in fields.items():
        setattr(membership, key, value)
    return save_validated(membership, by=by)


@transaction.atomic
def withdraw_membership(*, membership: Membership, by: Any, on: dt.date) -> Membership:
    """Record a member's withdrawal on a date; the membership stays as history."""
    if membership.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": "This membership has already been withdrawn."})
    return update_membership(membership=membership, by=by, withdrawn_on=on)


@transaction.atomic
def delete_membership(*, membership: Membership, by: Any) -> None:
    """Delete a membership entered by mistake (a withdrawal is recorded with a date instead)."""
    if not can_edit_membership(by, membership):
        raise PermissionDenied
    delete_attributed(membership, by=by)


@transaction.atomic
def relate_instruments(
    *,
    source: Instrument,
    target: Instrument,
    by: Any,
    kind: str,
    since: dt.date | None = None,
    meaning: str = "",
    decided_by: str = "",
    shares_meetings: bool = False,
    shares_reporting: bool = False,
    shares_focal_points: bool = False,
) -> InstrumentRelation:
    """Record how ``source`` relates to ``target`` (e.g. folded into its framework)."""
    relation = InstrumentRelation(
        source=source,
        target=target,
        kind=kind,
        since=since,
        meaning=meaning,
        decided_by=decided_by,
        shares_meetings=shares_meetings,
        shares_reporting=shares_reporting,
        shares_focal_points=shares_focal_points,
    )
    if not can_edit_relation(by, relation):
        raise PermissionDenied
    return save_validated(relation, by=by)


@transaction.atomic
def delete_relation(*, relation: InstrumentRelation, by: Any) -> None:
    if not can_edit_relation(by, relation):
        raise PermissionDenied
    delete_attributed(relation, by=by)


RELATION_FIELDS = {
    "kind",
    "since",
    "meaning",
    "decided_by",
    "shares_meetings",
    "shares_reporting",
    "shares_focal_points",
}


@transaction.atomic
def update_relation(*, relation: InstrumentRelation, by: Any, **fields: Any) -> InstrumentRelation:
    """Change what a relation is and means; which two instruments it joins does not change
    (delete it and relate them anew)."""
    if not can_edit_relation(by, relation):
        raise PermissionDenied
    unknown = set(fields) - RELATION_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    for key, value in fields.items():
        setattr(relation, key, value)
    return save_validated(relation, by=by)
