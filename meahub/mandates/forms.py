"""Forms of the mandate pages: the filters of the dashboard, the list and the obligations
register; the staff forms to track a mandate, add evidence, settle a review, decide an
obligation; the progress report forms. Every refusal names the field it is about."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meahub.accounts.models import User
from meahub.core.forms import DateInput
from meahub.documents.models import Actor, Document, Paragraph
from meahub.instruments.models import Instrument
from meahub.mandates.enums import EvidenceKind, MandateStatus, ObligationStatus
from meahub.mandates.models import Mandate, ProgressEntry, ProgressReport, ReportingObligation
from meahub.mandates.selectors import OPEN, resolution_named
from meahub.meetings.models import Meeting
from meahub.permissions.documents import documents_visible_to
from meahub.permissions.registers import instruments_visible_to
from meahub.permissions.roles import AnyUser, served_instrument_ids

STATUS_FILTER_CHOICES = [
    ("", _("Any status")),
    (OPEN, _("Open (not started, in progress, ongoing)")),
    *MandateStatus.choices,
]
# What staff set by hand; superseded and retired come from carry-over and the review list.
TRACKED_STATUSES = [
    (value, label)
    for value, label in MandateStatus.choices
    if value not in (MandateStatus.SUPERSEDED, MandateStatus.RETIRED)
]


def _instrument_field() -> forms.ModelChoiceField[Instrument]:
    return forms.ModelChoiceField(
        Instrument.objects.none(),
        to_field_name="code",
        required=False,
        label=_("Instrument"),
        empty_label=_("Any instrument"),
    )


def _actor_field() -> forms.ModelChoiceField[Actor]:
    return forms.ModelChoiceField(
        Actor.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label=_("Actor"),
        empty_label=_("Any actor"),
    )


def _narrow_instruments(form: forms.Form, user: AnyUser) -> None:
    field = form.fields["instrument"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = instruments_visible_to(user).order_by("code")


class DashboardFilterForm(forms.Form):
    instrument = _instrument_field()
    actor = _actor_field()

    def __init__(self, data: Any = None, *, user: AnyUser) -> None:
        super().__init__(data)
        _narrow_instruments(self, user)

    def values(self) -> tuple[Instrument | None, Actor | None]:
        """(instrument, actor) when valid; (None, None) otherwise (the form shows why)."""
        if not self.is_bound or not self.is_valid():
            return None, None
        return self.cleaned_data["instrument"], self.cleaned_data["actor"]


class MandateFilterForm(forms.Form):
    """The list's filters, read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Words of the action, resolution, theme")}
        ),
    )
    actor = _actor_field()
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTER_CHOICES)
    instrument = _instrument_field()
    resolution = forms.CharField(
        label=_("Resolution"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Resolution 11.10, or its symbol")}),
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    due = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[("", _("Any time")), ("next", _("At the next meeting"))],
    )

    def __init__(self, data: Any = None, *, user: AnyUser) -> None:
        super().__init__(data)
        self.user = user
        _narrow_instruments(self, user)

    def clean_resolution(self) -> Document | None:
        key = self.cleaned_data["resolution"].strip()
        if not key:
            return None
        document = resolution_named(self.user, key)
        if document is None:
            raise forms.ValidationError(
                _("No resolution or decision %(key)s with mandates.") % {"key": key}
            )
        return document

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of ``mandate_list`` (plus ``due_next``);
        an invalid value does not filter (the form shows its error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        values = getattr(self, "cleaned_data", {})
        return {
            "q": values.get("q") or None,
            "actor": values.get("actor"),
            "status": values.get("status") or None,
            "instrument": values.get("instrument"),
            "resolution": values.get("resolution"),
            "overdue": True if values.get("overdue") else None,
            "due_next": values.get("due") == "next",
        }


class StaffChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class MandateForm(forms.ModelForm[Mandate]):
    """What staff track on a mandate."""

    status = forms.ChoiceField(label=_("Status"), choices=TRACKED_STATUSES)
    owner = StaffChoiceField(User.objects.none(), required=False, label=_("Owner"))

    class Meta:
        model = Mandate
        fields = ["status", "owner", "due_date", "due_text", "theme", "notes"]
        labels = {
            "owner": _("Owner"),
            "due_date": _("Due date"),
            "due_text": _("Deadline as the text says it"),
            "theme": _("Theme"),
            "notes": _("Internal notes"),
        }
        help_texts = {
            "theme": _("The section of the progress report it goes in."),
            "notes": _("Seen by Secretariat staff only."),
        }
        widgets = {"due_date": DateInput(), "theme": forms.TextInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = User.objects.filter(
            Q(is_secretariat=True) | Q(is_superuser=True), is_active=True
        ).order_by("last_name", "first_name", "username")
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        current = self.instance.status
        if current and current not in dict(TRACKED_STATUSES):
            # A superseded or retired mandate keeps its status unless staff reopen it.
            status.choices = [*TRACKED_STATUSES, (current, self.instance.get_status_display())]

    def changes(self) -> dict[str, Any]:
        """The fields that changed, as keyword arguments of ``update_mandate``."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


EVIDENCE_KINDS = [
    (EvidenceKind.PARAGRAPH, _("A paragraph of a document")),
    (EvidenceKind.DOCUMENT, _("A document")),
    (EvidenceKind.LINK, _("A link or a note")),
]


class EvidenceForm(forms.Form):
    """Evidence as staff give it: a document by symbol (and a paragraph by its anchor), or
    a link with a note. Resolves the symbol and anchor to rows, or says what is not found."""

    kind = forms.ChoiceField(
        label=_("What shows it"), choices=EVIDENCE_KINDS, initial=EvidenceKind.PARAGRAPH
    )
    symbol = forms.CharField(
        label=_("Document symbol"),
        required=False,
        max_length=200,
        help_text=_("UNEP/CMS/StC44/18.1, or as cited: Resolution 11.10."),
    )
    anchor = forms.CharField(
        label=_("Paragraph"),
        required=False,
        max_length=40,
        help_text=_("Its number (7) or label (preamble-2), for a paragraph."),
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "evidence")
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        symbol = (data.get("symbol") or "").strip()
        anchor = (data.get("anchor") or "").strip()
        if kind in (EvidenceKind.PARAGRAPH, EvidenceKind.DOCUMENT):
            if not symbol:
                self.add_error("symbol", _("Give the symbol of the document."))
                return data
            document = (
                documents_visible_to(self.user)
                .filter(Q(symbol__iexact=symbol) | Q(key__iexact=symbol))
                .first()
            )
            if document is None:
                self.add_error(
                    "symbol", _("No document %(symbol)s is held here.") % {"symbol": symbol}
                )
                return data
            data["document"] = document
            if kind == EvidenceKind.PARAGRAPH:
                if not anchor:
                    self.add_error("anchor", _("Give the number of the paragraph."))
                    return data
                paragraph = Paragraph.objects.filter(document=document, anchor=anchor).first()
                if paragraph is None:
                    self.add_error(
                        "anchor",
                        _("%(symbol)s has no paragraph %(anchor)s.")
                        % {"symbol": document.symbol, "anchor": anchor},
                    )
                    return data
                data["paragraph"] = paragraph
        elif kind == EvidenceKind.LINK and not (data.get("url") or data.get("note")):
            self.add_error("url", _("Give the address, or say in the note what it is."))
        return data

    def evidence_fields(self) -> dict[str, Any]:
        """Keyword arguments of ``services.add_evidence`` (after ``is_valid``)."""
        data = self.cleaned_data
        kind = data["kind"]
        fields: dict[str, Any] = {"kind": kind, "note": data.get("note") or ""}
        if kind == EvidenceKind.PARAGRAPH:
            fields.update(document=data["document"], paragraph=data["paragraph"])
        elif kind == EvidenceKind.DOCUMENT:
            fields["document"] = data["document"]
        else:
            fields["url"] = data.get("url") or ""
        return fields


SETTLE_LINK = "link"
SETTLE_RETIRE = "retire"
SETTLE_KEEP = "keep"


class SettleReviewForm(forms.Form):
    """How a person settles a mandate on the review list."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (SETTLE_LINK, _("It carries on an earlier mandate")),
            (SETTLE_KEEP, _("Keep it as it is")),
            (SETTLE_RETIRE, _("Retire it")),
        ],
    )
    predecessor = forms.ModelChoiceField(
        Mandate.objects.none(), required=False, label=_("Earlier mandate")
    )

    def __init__(self, *args: Any, candidates: list[Mandate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["predecessor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Mandate.objects.filter(pk__in=[m.pk for m in candidates])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == SETTLE_LINK and data.get("predecessor") is None:
            self.add_error("predecessor", _("Choose the earlier mandate it carries on."))
        return data

    def settle_arguments(self) -> dict[str, Any]:
        """Keyword arguments of ``services.settle_review`` (after ``is_valid``)."""
        decision = self.cleaned_data["decision"]
        if decision == SETTLE_LINK:
            return {"predecessor": self.cleaned_data["predecessor"]}
        return {"retire": decision == SETTLE_RETIRE}


class ObligationForm(forms.ModelForm[ReportingObligation]):
    """A proposed reporting obligation as staff correct it before confirming it."""

    class Meta:
        model = ReportingObligation
        fields = [
            "subject",
            "every_meeting",
            "frequency_months",
            "report_to",
            "days_before_meeting",
            "next_due",
        ]
        labels = {
            "subject": _("Reports on"),
            "every_meeting": _("Before each meeting"),
            "frequency_months": _("Every (months)"),
            "report_to": _("Reported to"),
            "days_before_meeting": _("Days before the meeting"),
            "next_due": _("Next due"),
        }
        widgets = {"next_due": DateInput(), "subject": forms.TextInput()}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class ObligationFilterForm(forms.Form):
    instrument = _instrument_field()
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Confirmed and proposed")), *ObligationStatus.choices],
    )

    def __init__(self, data: Any = None, *, user: AnyUser, staff: bool) -> None:
        super().__init__(data)
        _narrow_instruments(self, user)
        if not staff:
            del self.fields["status"]

    def values(self) -> tuple[Instrument | None, str]:
        if not self.is_bound or not self.is_valid():
            return None, ""
        return self.cleaned_data["instrument"], self.cleaned_data.get("status") or ""


class NewReportForm(forms.Form):
    instrument = forms.ModelChoiceField(
        Instrument.objects.none(), to_field_name="code", label=_("Instrument")
    )
    meeting = forms.ModelChoiceField(
        Meeting.objects.none(),
        to_field_name="slug",
        label=_("Meeting"),
        help_text=_("The meeting the report is for."),
    )
    symbol = forms.CharField(label=_("Symbol"), required=False, max_length=200)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Leave empty for a title made from the instrument."),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = self.fields["instrument"]
        meeting = self.fields["meeting"]
        assert isinstance(instrument, forms.ModelChoiceField)
        assert isinstance(meeting, forms.ModelChoiceField)
        instrument.queryset = Instrument.objects.filter(
            pk__in=served_instrument_ids(user)
        ).order_by("code")
        meeting.queryset = Meeting.objects.select_related("instrument").order_by(
            "-starts_on", "name"
        )


class ReportForm(forms.ModelForm[ProgressReport]):
    class Meta:
        model = ProgressReport
        fields = ["symbol", "title", "date", "summary", "action_requested"]
        labels = {"action_requested": _("Action requested")}
        widgets = {
            "date": DateInput(),
            "title": forms.TextInput(),
            "summary": forms.Textarea(attrs={"rows": 6}),
            "action_requested": forms.Textarea(attrs={"rows": 5}),
        }

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class EntryForm(forms.ModelForm[ProgressEntry]):
    class Meta:
        model = ProgressEntry
        fields = ["text"]
        labels = {"text": _("What was done")}
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = True
        self.fields["text"].error_messages["required"] = _("Say what was done on this mandate.")
