"""Staff form for population estimates; the view passes its data to the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meahub.countries.models import Country
from meahub.species.models import PopulationEstimate


class PopulationEstimateForm(forms.ModelForm[PopulationEstimate]):
    """A figure for a year: a value, or a minimum and a maximum (or both), for the whole
    range or one range state."""

    country = forms.ModelChoiceField(
        Country.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Range state"),
        help_text=_("Leave empty for the whole range."),
    )

    class Meta:
        model = PopulationEstimate
        fields = ["year", "value", "minimum", "maximum", "country", "source_document", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def changes(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of ``add_population_estimate``."""
        values = dict(self.cleaned_data)
        country = values.pop("country")
        values["country_id"] = country.pk if country else None
        return values
