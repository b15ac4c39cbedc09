from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in.

    Roles: secretariat staff (``is_secretariat`` and the instruments they serve), partner
    (bound to ``partner_organisation``), national focal point (derived from confirmed
    nominations of the linked contact, never set here by hand). Anyone else is public.
    """

    is_secretariat = models.BooleanField(_("secretariat staff"), default=False)
    instruments_served = models.ManyToManyField(
        "instruments.Instrument",
        blank=True,
        related_name="staff",
        help_text=_("Secretariat staff edit these instruments and those of their family."),
    )
    partner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_users",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])


class ApiToken(models.Model):
    """A token for scripts: ``Authorization: Bearer <token>``. Only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, help_text=_("First characters, to recognise it."))
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key() -> str:
        return "mh_" + secrets.token_urlsafe(32)
