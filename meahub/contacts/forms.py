"""Forms for contact details and the focal point nomination lifecycle."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meahub.contacts.enums import FocalPointKind
from meahub.contacts.models import Contact, FocalPointRole
from meahub.contacts.services import ALLOWED_LETTER_TYPES
from meahub.core.forms import DateForm, DateInput
from meahub.countries.models import Country
from meahub.organisations.models import Organisation
from meahub.species.models import Species


class ContactForm(forms.ModelForm[Contact]):
    """The details a person (or the Secretariat) keeps current."""

    class Meta:
        model = Contact
        fields = ["honorific", "name", "job_title", "email", "phone", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class NominationForm(forms.Form):
    """A nomination received: who (a known contact, or a new person), for what, and the
    letter or note verbale. For a replacement the role's kind and country come from the role
    it replaces, so those fields are left out."""

    contact = forms.ModelChoiceField(
        Contact.objects.order_by("name"),
        required=False,
        label=_("Person"),
        help_text=_("Choose a person already in the register, or give a new person's name."),
    )
    new_name = forms.CharField(max_length=200, required=False, label=_("or a new person: name"))
    new_email = forms.EmailField(required=False, label=_("New person's e-mail"))
    kind = forms.ChoiceField(choices=FocalPointKind.choices, label=_("Role"))
    country = forms.ModelChoiceField(
        Country.objects.all(), to_field_name="code", required=False, label=_("Country")
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("or organisation"),
    )
    species = forms.ModelChoiceField(
        Species.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Species (for a species focal point)"),
    )
    nominated_on = forms.DateField(label=_("Nominated on"), widget=DateInput())
    nomination_reference = forms.CharField(
        max_length=200, required=False, label=_("Reference of the letter or note verbale")
    )
    nomination_letter = forms.FileField(
        required=False,
        label=_("Nomination letter"),
        help_text=_("PDF, Word document or image."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ALLOWED_LETTER_TYPES))}),
    )

    ROLE_FIELDS = ("kind", "country", "organisation", "species")

    def __init__(self, *args: Any, replaces: FocalPointRole | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.replaces = replaces
        if replaces is not None:
            for name in self.ROLE_FIELDS:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        contact, name = cleaned.get("contact"), (cleaned.get("new_name") or "").strip()
        if bool(contact) == bool(name):
            self.add_error(
                "contact", _("Choose a person from the register or give a new person's name.")
            )
        email = cleaned.get("new_email")
        if name and email and Contact.objects.filter(email__iexact=email).exists():
            self.add_error(
                "new_email",
                _("A person with this e-mail is already in the register: choose them above."),
            )
        return cleaned

    def new_contact(self) -> dict[str, str] | None:
        """The new person's name and e-mail, or None when a known contact was chosen."""
        if self.cleaned_data.get("contact"):
            return None
        return {
            "name": self.cleaned_data["new_name"].strip(),
            "email": self.cleaned_data.get("new_email") or "",
        }

    def nomination(self) -> dict[str, Any]:
        """Keyword arguments of ``nominate_focal_point`` (without instrument and contact)."""
        data = self.cleaned_data
        role: dict[str, Any]
        if self.replaces is not None:
            old = self.replaces
            role = {
                "kind": old.kind,
                "country": old.country,
                "organisation": old.organisation,
                "species": old.species,
                "replaces": old,
            }
        else:
            role = {name: data.get(name) for name in self.ROLE_FIELDS}
        return {
            **role,
            "nominated_on": data["nominated_on"],
            "nomination_reference": data.get("nomination_reference", ""),
            "nomination_letter": data.get("nomination_letter") or None,
        }


class ConfirmForm(DateForm):
    on = forms.DateField(label=_("Confirmed on"), widget=DateInput())


class EndRoleForm(DateForm):
    on = forms.DateField(label=_("Ended on"), widget=DateInput())
