from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Country(models.Model):
    """An ISO 3166-1 country, synchronised from pycountry (never typed by hand)."""

    code = models.CharField(
        _("ISO code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2")
    )
    alpha3 = models.CharField(max_length=3, unique=True)
    numeric = models.CharField(max_length=3, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    official_name = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The country's name in the active language (English when none is active)."""
        language = (get_language() or "en")[:2]
        return {"fr": self.name_fr, "es": self.name_es}.get(language) or self.name_en

    def get_absolute_url(self) -> str:
        return reverse("countries:country-detail", args=[self.code])
