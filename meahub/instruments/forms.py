"""Staff forms for instruments and memberships; the views pass their data to the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meahub.core.forms import DateForm, DateInput
from meahub.countries.models import Country
from meahub.instruments.models import Instrument, Membership
from meahub.organisations.models import Organisation


class InstrumentForm(forms.ModelForm[Instrument]):
    """An instrument's details (its code is its address and does not change)."""

    website = forms.URLField(required=False, assume_scheme="https", label=_("Website"))

    class Meta:
        model = Instrument
        fields = [
            "short_name",
            "full_name",
            "kind",
            "concluded_on",
            "in_effect_on",
            "secretariat",
            "website",
            "summary",
            "is_published",
        ]
        widgets = {"concluded_on": DateInput(), "in_effect_on": DateInput()}

    def changes(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of ``update_instrument``."""
        values = dict(self.cleaned_data)
        secretariat = values.pop("secretariat")
        values["secretariat_id"] = secretariat.pk if secretariat else None
        return values


class MembershipForm(forms.ModelForm[Membership]):
    """A new member: a country (or an organisation), its role and dates."""

    country = forms.ModelChoiceField(
        Country.objects.all(), to_field_name="code", required=False, label=_("Country")
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("or organisation"),
    )

    class Meta:
        model = Membership
        fields = ["country", "organisation", "role", "signed_on", "effective_on", "note"]
        widgets = {"signed_on": DateInput(), "effective_on": DateInput()}


class WithdrawForm(DateForm):
    on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())
