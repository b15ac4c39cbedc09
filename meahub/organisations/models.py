from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meahub.organisations.enums import OrganisationKind


class Organisation(models.Model):
    """A secretariat, IGO, UN office, NGO, company or network that takes part in the work."""

    slug = models.SlugField(max_length=64, unique=True, help_text=_("Used in addresses."))
    acronym = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=250, unique=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Where its headquarters are, if it has one country."),
    )
    website = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def label(self) -> str:
        return self.acronym or self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation-detail", args=[self.slug])
