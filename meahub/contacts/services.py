"""Contacts and the lifecycle of focal point nominations.

nominated (with the letter or note verbale and its date)
  → confirmed by the Secretariat: a national focal point's account is created from the
    nomination itself (no separate request) and gets the country's permissions, which are
    derived from this confirmed role;
  → replaced, when a later nomination that ``replaces`` it is confirmed, or ended on a date.
Permissions follow the role's status, so a replaced or ended focal point loses them at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from meahub.contacts.enums import FocalPointKind, NominationStatus
from meahub.contacts.models import Contact, FocalPointRole
from meahub.core.audit import delete_attributed, save_validated
from meahub.countries.models import Country
from meahub.instruments.models import Instrument
from meahub.organisations.models import Organisation
from meahub.permissions.registers import can_edit_contact, can_manage_focal_points
from meahub.permissions.roles import is_secretariat
from meahub.species.models import Species

CONTACT_FIELDS = {
    "name",
    "honorific",
    "job_title",
    "organisation_id",
    "country_id",
    "email",
    "phone",
    "address",
}
ALLOWED_LETTER_TYPES = {".pdf", ".doc", ".docx", ".odt", ".png", ".jpg", ".jpeg"}


@transaction.atomic
def create_contact(*, by: Any, name: str, **fields: Any) -> Contact:
    if not is_secretariat(by):
        raise PermissionDenied
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise ValidationError({key: "Unknown field." for key in sorted(unknown)})
    return save_validated(Contact(name=name, **fields), by=by)


@transaction.atomic
def update_contact(*, contact: Contact, by: Any, **fields: Any) -> Contact:
    """Secretariat staff, or the person themself, change contact details."""
    if not can_edit_contact(by, contact):
        raise PermissionDenied
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise ValidationError({key: "This field cannot be changed." for key in sorted(unknown)})
    for key, value in fields.items():
        setattr(contact, key, value)
    if contact.user_id and "email" in fields and contact.user is not None:
        contact.user.email = contact.email
        contact.user.save(update_fields=["email"])
    return save_validated(contact, by=by)


@transaction.atomic
def delete_contact(*, contact: Contact, by: Any) -> None:
    if not is_secretariat(by):
        raise PermissionDenied
    if contact.roles.exists():
        raise ValidationError("This person holds focal point roles; end them instead.")
    delete_attributed(contact, by=by)


def _check_letter(letter: UploadedFile | None) -> None:
    if letter is None:
        return
    name = (letter.name or "").lower()
    if not any(name.endswith(ext) for ext in ALLOWED_LETTER_TYPES):
        raise ValidationError(
            {"nomination_letter": f"{letter.name}: upload a PDF, Word document or image."}
        )
    if letter.size and letter.size > settings.MEAHUB_MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "nomination_letter": f"{letter.name} is larger than the "
                f"{settings.MEAHUB_MAX_UPLOAD_BYTES // (1024 * 1024)} MB allowed."
            }
        )


@transaction.atomic
def nominate_focal_point(
    *,
    instrument: Instrument,
    contact: Contact,
    kind: str,
    by: Any,
    nominated_on: dt.date,
    country: Country | None = None,
    organisation: Organisation | None = None,
    species: Species | None = None,
    nomination_reference: str = "",
    nomination_letter: UploadedFile | None = None,
    replaces: FocalPointRole | None = None,
) -> FocalPointRole:
    """Record a nomination received (letter or note verbale) for a role in an instrument."""
    if not can_manage_focal_points(by, instrument):
        raise PermissionDenied
    _check_letter(nomination_letter)
    if replaces is not None and (
        replaces.instrument_id != instrument.pk
        or replaces.kind != kind
        or replaces.status != NominationStatus.CONFIRMED
    ):
        raise ValidationError(
            {
                "replaces": "A nomination can only replace a confirmed role of the same kind in "
                "the same instrument."
            }
        )
    role = FocalPointRole(
        instrument=instrument,
        contact=contact,
        kind=kind,
        country=country,
        organisation=organisation,
        species=species,
        nominated_on=nominated_on,
        nomination_reference=nomination_reference,
        replaces=replaces,
        status=NominationStatus.NOMINATED,
    )
    if nomination_letter is not None:
        role.nomination_letter = nomination_letter
    return save_validated(role, by=by)


@transaction.atomic
def nominate_new_focal_point(
    *, instrument: Instrument, contact_details: dict[str, Any], by: Any, **nomination: Any
) -> FocalPointRole:
    """Add a person to the contacts and record their nomination, as one change: if the
    nomination is refused, the person is not added either."""
    contact = create_contact(by=by, **contact_details)
    return nominate_focal_point(instrument=instrument, contact=contact, by=by, **nomination)


@transaction.atomic
def confirm_nomination(*, role: FocalPointRole, by: Any, on: dt.date) -> FocalPointRole:
    """Confirm a nomination. The role it replaces (if any) becomes ``replaced`` on that date.

    A national focal point gets an account made from the nomination (username = e-mail) and
    an e-mail to set their password; the contact must therefore have an e-mail address.
    """
    if not can_manage_focal_points(by, role.instrument):
        raise PermissionDenied
    if role.status != NominationStatus.NOMINATED:
        raise ValidationError(
            {
                "status": f"Only a nomination can be confirmed; this role is "
                f"{role.get_status_display().lower()}."
            }
        )
    contact = role.contact
    needs_account = role.kind == FocalPointKind.NATIONAL_FOCAL_POINT
    if needs_account and not contact.email:
        raise ValidationError(
            {
                "email": f"{contact.name} has no e-mail address: add one so the "
                "focal point can sign in, then confirm."
            }
        )
    role.status = NominationStatus.CONFIRMED
    role.confirmed_on = on
    save_validated(role, by=by, reason="nomination confirmed")
    if role.replaces is not None and role.replaces.status == NominationStatus.CONFIRMED:
        old = role.replaces
        old.status = NominationStatus.REPLACED
        old.ended_on = max(on, old.nominated_on)
        save_validated(old, by=by, reason=f"replaced by {contact.name}")
    if needs_account:
        provision_account(contact=contact, by=by)
    return role


@transaction.atomic
def end_role(*, role: FocalPointRole, by: Any, on: dt.date) -> FocalPointRole:
    """End a nomination or a confirmed role on a date (the person stepped down, retired...)."""
    if not can_manage_focal_points(by, role.instrument):
        raise PermissionDenied
    if role.status in (NominationStatus.REPLACED, NominationStatus.ENDED):
        raise ValidationError({"status": "This role has already ended."})
    role.status = NominationStatus.ENDED
    role.ended_on = on
    return save_validated(role, by=by, reason="role ended")


def provision_account(*, contact: Contact, by: Any) -> Any:
    """Give a confirmed focal point an account, or reactivate theirs, and e-mail them a link
    to set their password. Returns the user."""
    User = get_user_model()
    user = contact.user
    created = False
    if user is None:
        user = User.objects.filter(email__iexact=contact.email).first()
    if user is None:
        user = User(
            username=contact.email.lower(), email=contact.email, first_name=contact.name[:150]
        )
        user.set_unusable_password()
        user.save()
        created = True
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    if contact.user_id != user.pk:
        contact.user = user
        save_validated(contact, by=by, reason="account linked from confirmed nomination")
    if created:
        send_welcome_email(user)
    return user


def send_welcome_email(user: Any) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.MEAHUB_BASE_URL + reverse(
        "accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token}
    )
    send_mail(
        subject="Your meahub account as national focal point",
        message=(
            f"Dear {user.first_name or user.username},\n\n"
            "Your nomination as national focal point has been confirmed by the Secretariat, "
            "and an account has been made for you on meahub.\n\n"
            f"Choose your password here: {link}\n\nYour user name is {user.username}.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
