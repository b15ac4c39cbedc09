from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meahub.contacts.enums import FocalPointKind, NominationStatus


class Contact(models.Model):
    """A person the Secretariat works with. Details are shown to signed-in users only."""

    name = models.CharField(max_length=200)
    honorific = models.CharField(max_length=30, blank=True, help_text=_("Ms, Mr, Dr, ..."))
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=60, blank=True)
    address = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
        help_text=_("The account this person signs in with, made when a nomination is confirmed."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="contact_email_unique",
                violation_error_message=_("Another contact already has this e-mail address."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contacts:contact-detail", args=[self.pk])


def nomination_letter_path(instance: FocalPointRole, filename: str) -> str:
    return f"nominations/{instance.instrument.code}/{filename}"


class FocalPointRole(models.Model):
    """A person's dated role for a country (or organisation) in an instrument.

    It starts as a nomination (with its letter or note verbale), is confirmed by the
    Secretariat, and is later replaced by another nomination or ended. A confirmed national
    focal point's account gets the country's permissions from this row alone.
    """

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="roles")
    instrument = models.ForeignKey(
        "instruments.Instrument", on_delete=models.PROTECT, related_name="focal_point_roles"
    )
    kind = models.CharField(max_length=32, choices=FocalPointKind.choices)
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_point_roles",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_point_roles",
    )
    species = models.ForeignKey(
        "species.Species",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_point_roles",
        help_text=_("For a species focal point."),
    )
    status = models.CharField(
        max_length=16, choices=NominationStatus.choices, default=NominationStatus.NOMINATED
    )
    nominated_on = models.DateField(_("nominated"))
    nomination_reference = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Reference of the nomination letter or note verbale."),
    )
    nomination_letter = models.FileField(upload_to=nomination_letter_path, blank=True)
    confirmed_on = models.DateField(_("confirmed"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replacements",
        help_text=_("The role this nomination takes over when it is confirmed."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "kind", "country__name_en", "-nominated_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(confirmed_on__gte=F("nominated_on")),
                name="role_confirmed_after_nominated",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("nominated_on")),
                name="role_ended_after_nominated",
            ),
        ]
        indexes = [models.Index(fields=["instrument", "status"], name="role_by_status")]

    def __str__(self) -> str:
        where = self.country or self.organisation or self.species or ""
        return f"{self.contact} — {self.get_kind_display()}, {self.instrument.code} {where}".strip()

    @property
    def is_active(self) -> bool:
        return self.status == NominationStatus.CONFIRMED

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.kind == FocalPointKind.SPECIES_FOCAL_POINT and not self.species_id:
            errors["species"] = _("A species focal point needs a species.")
        if (
            self.kind in (FocalPointKind.NATIONAL_FOCAL_POINT, FocalPointKind.CONTACT_POINT)
            and not self.country_id
            and not self.organisation_id
        ):
            errors["country"] = _("Say which country (or organisation) this focal point is for.")
        if self.confirmed_on and self.nominated_on and self.confirmed_on < self.nominated_on:
            errors["confirmed_on"] = _("The confirmation date is before the nomination date.")
        if self.ended_on and self.nominated_on and self.ended_on < self.nominated_on:
            errors["ended_on"] = _("The end date is before the nomination date.")
        if errors:
            raise ValidationError(errors)
