"""Forms of the document pages: the register's filters, the staff edit and upload forms, and
the filters of "what is asked of an actor"; the views pass their data to selectors and
services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from meahub.core.forms import DateInput
from meahub.documents.enums import DocumentKind
from meahub.documents.models import Document
from meahub.documents.parser.verbs import ADDRESSING
from meahub.documents.selectors import IN_FORCE, SUPERSEDED, DocumentFilters
from meahub.instruments.models import Instrument
from meahub.meetings.models import Meeting
from meahub.permissions.documents import meetings_visible_to
from meahub.permissions.registers import instruments_visible_to
from meahub.permissions.roles import AnyUser, served_instrument_ids

STATUS_CHOICES = [
    ("", _("Any status")),
    (IN_FORCE, _("In force")),
    (SUPERSEDED, _("Superseded")),
]


class DocumentFilterForm(forms.Form):
    """The register's filters, read from the query string."""

    q = forms.CharField(
        label=_("Symbol or title"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *DocumentKind.choices]
    )
    instrument = forms.ModelChoiceField(
        Instrument.objects.none(),
        to_field_name="code",
        required=False,
        label=_("Instrument"),
        empty_label=_("Any instrument"),
    )
    meeting = forms.ModelChoiceField(
        Meeting.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Meeting"),
        empty_label=_("Any meeting"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    held = forms.BooleanField(label=_("Hide documents cited, not held"), required=False)

    def __init__(self, data: Any = None, *, user: AnyUser) -> None:
        super().__init__(data)
        instrument_field = self.fields["instrument"]
        meeting_field = self.fields["meeting"]
        assert isinstance(instrument_field, forms.ModelChoiceField)
        assert isinstance(meeting_field, forms.ModelChoiceField)
        instrument_field.queryset = instruments_visible_to(user).order_by("code")
        meeting_field.queryset = meetings_visible_to(user).order_by("-starts_on", "name")

    def filters(self) -> DocumentFilters:
        """The valid filters (an invalid value does not filter; the form shows its error)."""
        if not self.is_bound:
            return DocumentFilters()
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        return DocumentFilters(
            q=values.get("q") or "",
            kind=values.get("kind") or "",
            instrument=values.get("instrument"),
            meeting=values.get("meeting"),
            status=values.get("status") or "",
            held_only=bool(values.get("held")),
        )


class DocumentForm(forms.ModelForm[Document]):
    """What staff correct of what the parser read, and publication."""

    class Meta:
        model = Document
        fields = [
            "title",
            "kind",
            "language",
            "date",
            "meeting",
            "instrument",
            "agenda_item",
            "is_published",
        ]
        widgets = {"date": DateInput(), "title": forms.TextInput()}

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting_field = self.fields["meeting"]
        instrument_field = self.fields["instrument"]
        assert isinstance(meeting_field, forms.ModelChoiceField)
        assert isinstance(instrument_field, forms.ModelChoiceField)
        meeting_field.queryset = meetings_visible_to(user).order_by("-starts_on", "name")
        served = Instrument.objects.filter(pk__in=served_instrument_ids(user))
        if self.instance.instrument_id is not None:
            served = served | Instrument.objects.filter(pk=self.instance.instrument_id)
        instrument_field.queryset = served.order_by("code")

    def changes(self) -> dict[str, Any]:
        """The fields that changed, as keyword arguments of ``update_document``."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


class MultipleFileInput(forms.ClearableFileInput):
    """``<input type="file" multiple>`` (Django's documented way: the class attribute; as an
    ``attrs`` entry it would also be written into the HTML as an unknown attribute)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type="file" multiple>``; cleans to a list. An empty
    file is let through: the ingest refuses it with its reason, beside the others."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data if item]
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "Resolutions, decisions and meeting documents as .pdf, .docx, .txt or .md; "
            "you may choose several."
        ),
    )
    instrument = forms.ModelChoiceField(
        Instrument.objects.none(),
        to_field_name="code",
        required=False,
        label=_("Instrument"),
        empty_label=_("Read from each document's symbol"),
        help_text=_("Leave empty to read it from each document's symbol."),
    )
    meeting = forms.ModelChoiceField(
        Meeting.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Meeting"),
        empty_label=_("Read from each document"),
        help_text=_("Leave empty to read it from each document."),
    )
    symbol = forms.CharField(
        label=_("Symbol"),
        required=False,
        max_length=200,
        help_text=_("Only for a single file whose text does not give its symbol."),
    )
    publish = forms.BooleanField(label=_("Publish the documents"), required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument_field = self.fields["instrument"]
        meeting_field = self.fields["meeting"]
        assert isinstance(instrument_field, forms.ModelChoiceField)
        assert isinstance(meeting_field, forms.ModelChoiceField)
        instrument_field.queryset = Instrument.objects.filter(
            pk__in=served_instrument_ids(user)
        ).order_by("code")
        meeting_field.queryset = meetings_visible_to(user).order_by("-starts_on", "name")


class ActorFilterForm(forms.Form):
    verb = forms.ChoiceField(
        label=_("Verb"),
        required=False,
        choices=[("", _("Any verb")), *((verb, verb) for verb in sorted(ADDRESSING))],
    )
    instrument = forms.ModelChoiceField(
        Instrument.objects.none(),
        to_field_name="code",
        required=False,
        label=_("Instrument"),
        empty_label=_("Any instrument"),
    )

    def __init__(self, data: Any = None, *, user: AnyUser) -> None:
        super().__init__(data)
        instrument_field = self.fields["instrument"]
        assert isinstance(instrument_field, forms.ModelChoiceField)
        instrument_field.queryset = instruments_visible_to(user).order_by("code")

    def values(self) -> tuple[str, Instrument | None]:
        """(verb, instrument) when valid; ("", None) otherwise (the form shows the error)."""
        if not self.is_bound or not self.is_valid():
            return "", None
        return self.cleaned_data["verb"] or "", self.cleaned_data["instrument"]
