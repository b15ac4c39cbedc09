"""Accounts: secretariat staff, partner users and API tokens.

Focal point accounts are not made here: they come from a confirmed nomination
(``contacts.services.confirm_nomination``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from meahub.accounts.models import ApiToken, User
from meahub.core.audit import attribute
from meahub.instruments.models import Instrument
from meahub.organisations.models import Organisation
from meahub.permissions.roles import is_signed_in


@transaction.atomic
def create_secretariat_user(
    *,
    username: str,
    email: str,
    password: str | None,
    instruments: list[Instrument],
    superuser: bool = False,
    by: Any = None,
) -> User:
    """Make (or update) a secretariat staff account serving ``instruments``."""
    user = User.objects.filter(username=username).first() or User(username=username)
    user.email = email
    user.is_secretariat = True
    user.is_staff = True  # may open the admin, where querysets are restricted by role
    user.is_superuser = superuser or user.is_superuser
    if password:
        user.set_password(password)
    elif not user.has_usable_password():
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    attribute(user, by)
    user.save()
    user.instruments_served.add(*instruments)
    return user


@transaction.atomic
def create_partner_user(
    *, username: str, email: str, password: str | None, organisation: Organisation, by: Any = None
) -> User:
    """Make an account acting for a partner organisation."""
    user = User(username=username, email=email, partner_organisation=organisation)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    attribute(user, by)
    user.save()
    return user


@transaction.atomic
def create_api_token(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token for scripts; returns the row and the key, which is shown only once."""
    if not is_signed_in(user):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. the script that uses it."})
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:8], key_hash=ApiToken.hash(key)
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: Any) -> ApiToken:
    if not is_signed_in(by) or token.user_id != by.pk:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def user_for_token(key: str) -> User | None:
    """The active user a token key belongs to, or None; notes when it was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
