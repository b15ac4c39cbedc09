"""Forms of the format pages: a format (start one, change a draft's settings), a section, a
question (with a label and help per language of the format, and the settings of its type),
choice lists, question mappings and the mandates a question is linked to.

The forms only turn what was typed into the services' arguments (texts per language, table
rows and columns from lines) and name the line at fault; every rule of the format itself is
the services' (``services.formats``), whose refusals the views put beside the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from meahub.instruments.models import Instrument
from meahub.mandates.models import Mandate
from meahub.permissions.roles import AnyUser
from meahub.reporting.enums import QuestionType, RepeatSource
from meahub.reporting.format_pages import family_mandates, other_formats
from meahub.reporting.models import ChoiceList, Question, ReportFormat, Section
from meahub.reporting.services.format_checks import language_name

NAME_HELP = _("Used in conditions as ${name}; made from the text when left blank.")


class TextsMixin:
    """Fields ``<prefix>_<language>`` for a text written in each language of the format."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_texts(
        self,
        prefix: str,
        label: str,
        languages: list[str],
        *,
        required: bool,
        initial: dict[str, str] | None = None,
        textarea: bool = False,
    ) -> None:
        for index, code in enumerate(languages):
            widget = forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput
            self.fields[f"{prefix}_{code}"] = forms.CharField(
                label=f"{label} ({language_name(code)})",
                required=required and index == 0,
                initial=(initial or {}).get(code, ""),
                widget=widget,
            )

    def text_fields(self, prefix: str) -> list[forms.BoundField]:
        """The bound fields of one text, in the format's languages (for templates)."""
        start = f"{prefix}_"
        return [self[name] for name in self.fields if name.startswith(start)]  # type: ignore[index]

    @property
    def label_fields(self) -> list[forms.BoundField]:
        return self.text_fields("label")

    @property
    def title_fields(self) -> list[forms.BoundField]:
        return self.text_fields("title")

    @property
    def help_fields(self) -> list[forms.BoundField]:
        return self.text_fields("help")

    def texts(self, prefix: str) -> dict[str, str]:
        start = f"{prefix}_"
        return {
            name.removeprefix(start): value
            for name, value in self.cleaned_data.items()
            if name.startswith(start) and value
        }


def _languages_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=[(code, f"{name} ({code})") for code, name in settings.LANGUAGES],
        widget=forms.CheckboxSelectMultiple,
        initial=["en"],
        label=_("Languages"),
        help_text=_("Labels are written in each; the first ticked is the one every label needs."),
    )


class FormatForm(forms.Form):
    """Start a format: for an instrument the user authors formats of."""

    instrument = forms.ModelChoiceField(
        Instrument.objects.none(), to_field_name="code", label=_("Instrument")
    )
    title = forms.CharField(max_length=300, label=_("Title"))
    languages = _languages_field()
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Description")
    )

    def __init__(self, data: Any = None, *, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["instrument"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Instrument.objects.filter(pk__in=[i.pk for i in instruments]).order_by(
            "code"
        )


class FormatSettingsForm(forms.Form):
    """A draft's title, languages, description and the meeting that is to adopt it."""

    title = forms.CharField(max_length=300, label=_("Title"))
    languages = _languages_field()
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Description")
    )
    adopted_by = forms.CharField(
        max_length=200, required=False, label=_("Adopted by (meeting or decision)")
    )

    @classmethod
    def for_format(cls, report_format: ReportFormat, data: Any = None) -> FormatSettingsForm:
        form = cls(
            data,
            prefix="settings",
            initial={
                "title": report_format.title,
                "languages": report_format.languages,
                "description": report_format.description,
                "adopted_by": report_format.adopted_by,
            },
        )
        # A format imported in another language (e.g. Russian) keeps it on offer.
        field = form.fields["languages"]
        assert isinstance(field, forms.MultipleChoiceField)
        offered: list[tuple[str, str]] = [(str(c), str(n)) for c, n in settings.LANGUAGES]
        offered = [(code, f"{name} ({code})") for code, name in offered]
        known = {code for code, _name in offered}
        offered += [
            (code, f"{language_name(code)} ({code})")
            for code in report_format.languages
            if code not in known
        ]
        field.choices = offered
        return form


class SectionForm(TextsMixin, forms.Form):
    name = forms.CharField(max_length=64, required=False, label=_("Name"), help_text=NAME_HELP)
    number = forms.CharField(max_length=20, required=False, label=_("Number"))
    parent = forms.ModelChoiceField(
        Section.objects.none(), required=False, label=_("Inside"), empty_label=_("(top level)")
    )
    relevant = forms.CharField(
        max_length=500,
        required=False,
        label=_("Shown only if"),
        help_text=_("A condition on the answers, e.g. ${has_areas} = 'yes'."),
    )
    repeat_source = forms.ChoiceField(
        choices=RepeatSource.choices, required=False, label=_("Repeated")
    )
    repeat_choices = forms.ModelChoiceField(
        ChoiceList.objects.none(), required=False, label=_("For each item of the list")
    )

    def __init__(
        self,
        data: Any = None,
        *,
        report_format: ReportFormat,
        section: Section | None = None,
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = dict(kwargs.pop("initial", None) or {})
        if section is not None:
            initial |= {
                "name": section.name,
                "number": section.number,
                "parent": section.parent_id,
                "relevant": section.relevant,
                "repeat_source": section.repeat_source,
                "repeat_choices": section.repeat_choices_id,
            }
        super().__init__(data, initial=initial, **kwargs)
        languages = report_format.languages
        self.add_texts(
            "title",
            str(_("Title")),
            languages,
            required=True,
            initial=section.title if section else None,
        )
        self.add_texts(
            "help",
            str(_("Help")),
            languages,
            required=False,
            initial=section.help if section else None,
            textarea=True,
        )
        sections = Section.objects.filter(format=report_format).order_by("position")
        if section is not None:
            sections = sections.exclude(pk=section.pk)
        self._narrow("parent", sections)
        self._narrow("repeat_choices", ChoiceList.objects.filter(format=report_format))

    def _narrow(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def section_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "number": data["number"],
            "title": self.texts("title"),
            "help": self.texts("help"),
            "relevant": data["relevant"],
            "repeat_source": data["repeat_source"] or "",
            "repeat_choices": data["repeat_choices"],
        }


def parse_lines(text: str, *, columns: bool, languages: list[str]) -> list[dict[str, Any]]:
    """Table rows (``name | label | label in the next language...``) or columns (``name |
    type | label...``), one a line; raises ValidationError naming the line."""
    parts_list = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        entry: dict[str, Any] = {"name": parts.pop(0)}
        if columns:
            entry["type"] = (parts.pop(0) if parts else "") or "text"
        if len(parts) > len(languages):
            raise forms.ValidationError(
                _("Line %(number)s: more labels than the format's %(count)s language(s).")
                % {"number": number, "count": len(languages)}
            )
        entry["label"] = {code: text for code, text in zip(languages, parts, strict=False) if text}
        parts_list.append(entry)
    return parts_list


def lines_of(entries: list[Any], *, columns: bool, languages: list[str]) -> str:
    """The text ``parse_lines`` reads back into ``entries``."""
    lines = []
    for entry in entries:
        if not isinstance(entry, dict):
            entry = {"name": str(entry)}
        parts = [str(entry.get("name", ""))]
        if columns:
            parts.append(str(entry.get("type") or "text"))
        label = entry.get("label") or {}
        parts += [label.get(code, "") for code in languages] if isinstance(label, dict) else []
        lines.append(" | ".join(parts).rstrip(" |"))
    return "\n".join(lines)


class QuestionForm(TextsMixin, forms.Form):
    name = forms.CharField(max_length=64, required=False, label=_("Name"), help_text=NAME_HELP)
    number = forms.CharField(max_length=20, required=False, label=_("Number"))
    type = forms.ChoiceField(choices=QuestionType.choices, label=_("Type"))
    required = forms.BooleanField(required=False, label=_("An answer is required"))
    relevant = forms.CharField(
        max_length=500,
        required=False,
        label=_("Asked only if"),
        help_text=_("A condition on other answers, e.g. ${has_actions} = 'yes'."),
    )
    unit = forms.CharField(
        max_length=40, required=False, label=_("Unit"), help_text=_("Numbers: ha, km, animals.")
    )
    min_value = forms.DecimalField(required=False, label=_("Smallest allowed"))
    max_value = forms.DecimalField(required=False, label=_("Largest allowed"))
    choice_list = forms.ModelChoiceField(
        ChoiceList.objects.none(), required=False, label=_("List of choices")
    )
    has_other = forms.BooleanField(required=False, label=_("Offer 'Other, specify'"))
    calculation = forms.CharField(
        max_length=500,
        required=False,
        label=_("Calculation"),
        help_text=_("Calculated values: e.g. ${adults} + ${young}."),
    )
    table_rows = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Table rows"),
        help_text=_("One a line: name | label | label in the next language…"),
    )
    table_columns = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Table columns"),
        help_text=_("One a line: name | text, integer or decimal | label | label…"),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        report_format: ReportFormat,
        question: Question | None = None,
        **kwargs: Any,
    ) -> None:
        self.languages = list(report_format.languages)
        initial: dict[str, Any] = {}
        if question is not None:
            initial = {
                name: getattr(question, name)
                for name in (
                    "name", "number", "type", "required", "relevant", "unit", "min_value",
                    "max_value", "has_other", "calculation",
                )
            }  # fmt: skip
            initial["choice_list"] = question.choice_list_id
            initial["table_rows"] = lines_of(
                question.table_rows, columns=False, languages=self.languages
            )
            initial["table_columns"] = lines_of(
                question.table_columns, columns=True, languages=self.languages
            )
        super().__init__(data, initial=initial, **kwargs)
        self.add_texts(
            "label",
            str(_("Label")),
            self.languages,
            required=True,
            initial=question.label if question else None,
        )
        self.add_texts(
            "help",
            str(_("Help")),
            self.languages,
            required=False,
            initial=question.help if question else None,
            textarea=True,
        )
        field = self.fields["choice_list"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ChoiceList.objects.filter(format=report_format)
        # Labels first, as a reader meets them; the settings of the types after.
        order = ["type", *[f"label_{c}" for c in self.languages], "name", "number", "required"]
        self.order_fields(order)

    def clean_table_rows(self) -> list[dict[str, Any]]:
        return parse_lines(self.cleaned_data["table_rows"], columns=False, languages=self.languages)

    def clean_table_columns(self) -> list[dict[str, Any]]:
        return parse_lines(
            self.cleaned_data["table_columns"], columns=True, languages=self.languages
        )

    def question_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "name", "number", "type", "required", "relevant", "unit", "min_value",
                "max_value", "choice_list", "has_other", "calculation", "table_rows",
                "table_columns",
            )
        }  # fmt: skip
        fields["label"] = self.texts("label")
        fields["help"] = self.texts("help")
        return fields


class ChoiceListForm(forms.Form):
    name = forms.CharField(max_length=64, label=_("Name of the list"))
    choices = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=_("Choices"),
        help_text=_("One a line: name | label | label in the next language…"),
    )

    def __init__(self, data: Any = None, *, report_format: ReportFormat, **kwargs: Any) -> None:
        super().__init__(data, prefix="list", **kwargs)
        self.languages = list(report_format.languages)

    def clean_choices(self) -> list[tuple[str, dict[str, str]]]:
        entries = parse_lines(self.cleaned_data["choices"], columns=False, languages=self.languages)
        return [(entry["name"], entry["label"]) for entry in entries]


class ChoiceForm(TextsMixin, forms.Form):
    """A new choice (with its name) or the labels of one (``with_name=False``)."""

    name = forms.CharField(max_length=64, label=_("Name"))

    def __init__(
        self,
        data: Any = None,
        *,
        report_format: ReportFormat,
        label: dict[str, str] | None = None,
        with_name: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        if not with_name:
            del self.fields["name"]
        self.add_texts(
            "label", str(_("Label")), report_format.languages, required=True, initial=label
        )


class MappingForm(forms.Form):
    """Map a question of this format to a question of another format or instrument."""

    question = forms.ModelChoiceField(Question.objects.none(), label=_("Question of this format"))
    other_format = forms.ModelChoiceField(ReportFormat.objects.none(), label=_("Other format"))
    other_question = forms.ModelChoiceField(
        Question.objects.none(), label=_("Question of the other format")
    )
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def __init__(
        self,
        data: Any = None,
        *,
        user: AnyUser,
        report_format: ReportFormat,
        other: ReportFormat | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, initial={"other_format": other}, **kwargs)
        ours = Question.objects.filter(format=report_format).order_by(
            "section__position", "position"
        )
        self._narrow("question", ours)
        self._narrow("other_format", other_formats(user, report_format))
        if other is not None:
            theirs = Question.objects.filter(format=other).order_by("section__position", "position")
            self._narrow("other_question", theirs)

    def _narrow(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        other, theirs = data.get("other_format"), data.get("other_question")
        if other is not None and theirs is not None and theirs.format_id != other.pk:
            self.add_error("other_question", _("Choose a question of the other format."))
        return data


class MandateLinkForm(forms.Form):
    """The mandates (of the instrument's family) a question gives evidence on."""

    mandates = forms.ModelMultipleChoiceField(
        Mandate.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, data: Any = None, *, user: AnyUser, report_format: ReportFormat, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["mandates"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = family_mandates(user, report_format)
