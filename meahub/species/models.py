from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Species(models.Model):
    """A species (or subspecies) covered by one or more instruments."""

    slug = models.SlugField(max_length=120, unique=True)
    scientific_name = models.CharField(max_length=200, unique=True)
    common_name_en = models.CharField(_("common name (English)"), max_length=200, blank=True)
    common_name_fr = models.CharField(_("common name (French)"), max_length=200, blank=True)
    common_name_es = models.CharField(_("common name (Spanish)"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scientific_name"]
        verbose_name_plural = _("species")

    def __str__(self) -> str:
        return (
            f"{self.common_name} ({self.scientific_name})"
            if self.common_name
            else (self.scientific_name)
        )

    @property
    def common_name(self) -> str:
        language = (get_language() or "en")[:2]
        localised = {"fr": self.common_name_fr, "es": self.common_name_es}.get(language)
        return localised or self.common_name_en

    def get_absolute_url(self) -> str:
        return reverse("species:species-detail", args=[self.slug])


class PopulationEstimate(models.Model):
    """A population figure for one year: a single value or a min–max range.

    Without a country it is for the whole range; with one, for that range state only.
    """

    species = models.ForeignKey(Species, on_delete=models.CASCADE, related_name="estimates")
    year = models.PositiveIntegerField()
    value = models.PositiveIntegerField(null=True, blank=True, help_text=_("Best estimate."))
    minimum = models.PositiveIntegerField(null=True, blank=True)
    maximum = models.PositiveIntegerField(null=True, blank=True)
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="population_estimates",
        help_text=_("Leave empty for the whole range."),
    )
    source_document = models.CharField(
        max_length=200, blank=True, help_text=_("Symbol of the document the figure comes from.")
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["species", "year", "country"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False)
                | (Q(minimum__isnull=False) & Q(maximum__isnull=False)),
                name="estimate_has_value_or_range",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(maximum__gte=F("minimum")),
                name="estimate_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1700) & Q(year__lte=2200), name="estimate_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        where = self.country.name if self.country_id and self.country else str(_("whole range"))
        return f"{self.species}: {self.display_value} in {self.year} ({where})"

    @property
    def display_value(self) -> str:
        if self.value is not None and self.minimum is None:
            return f"{self.value:,}"
        if self.value is not None:
            return f"{self.value:,} ({self.minimum:,}–{self.maximum:,})"
        return f"{self.minimum:,}–{self.maximum:,}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.value is None and (self.minimum is None or self.maximum is None):
            errors["value"] = str(_("Give a value, or both a minimum and a maximum."))
        if (self.minimum is None) != (self.maximum is None):
            errors["maximum"] = str(_("Give both ends of the range, or neither."))
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            errors["maximum"] = str(_("The maximum is smaller than the minimum."))
        if self.year is not None and not 1700 <= self.year <= 2200:
            errors["year"] = str(_("The year must be between 1700 and 2200."))
        if errors:
            raise ValidationError(errors)
