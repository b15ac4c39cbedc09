"""Writes to the organisations register (shared by all instruments; secretariat staff only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from meahub.core.audit import delete_attributed, save_validated
from meahub.organisations.models import Organisation
from meahub.permissions.registers import can_edit_shared_registers


def unique_slug(text: str) -> str:
    base = slugify(text)[:56] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organisation(
    *,
    by: Any,
    name: str,
    kind: str,
    acronym: str = "",
    country_id: int | None = None,
    website: str = "",
    slug: str = "",
) -> Organisation:
    """Add an organisation; refuses a duplicate name or unknown kind with a per-field error."""
    if not can_edit_shared_registers(by):
        raise PermissionDenied
    organisation = Organisation(
        name=name,
        kind=kind,
        acronym=acronym,
        country_id=country_id,
        website=website,
        slug=slug or unique_slug(acronym or name),
    )
    return save_validated(organisation, by=by)


@transaction.atomic
def update_organisation(*, organisation: Organisation, by: Any, **fields: Any) -> Organisation:
    if not can_edit_shared_registers(by):
        raise PermissionDenied
    for key, value in fields.items():
        setattr(organisation, key, value)
    return save_validated(organisation, by=by)


@transaction.atomic
def delete_organisation(*, organisation: Organisation, by: Any) -> None:
    if not can_edit_shared_registers(by):
        raise PermissionDenied
    delete_attributed(organisation, by=by)
